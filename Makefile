# Wenfeng (文风) — the two commands: `make demo` (main job) and `make test` (every test).
# Both install what they need (idempotently) on a fresh Debian machine with Rust and Node.

CARGO ?= cargo
SHELL := /bin/bash

.PHONY: all demo test test-rust lint wasm www extension bench devset clean deps-rust

all: demo

# ---- Rust core ------------------------------------------------------------------------------

deps-rust:
	@command -v $(CARGO) >/dev/null || { echo "需要 Rust 工具链（cargo）。 (cargo is required: https://rustup.rs)"; exit 2; }
	@rustup component list --installed 2>/dev/null | grep -q clippy || rustup component add clippy rustfmt 2>/dev/null || true

release: deps-rust
	$(CARGO) build --release

test-rust: deps-rust
	$(CARGO) test --release

lint: deps-rust
	$(CARGO) fmt --check
	$(CARGO) clippy --release --all-targets -- -D warnings

devset: deps-rust
	DEVSET_NO_ASSERT=1 $(CARGO) test --release --test devset -- --nocapture

bench: deps-rust
	$(CARGO) bench --bench analyze

# ---- Everything -----------------------------------------------------------------------------

test: lint test-rust

demo: release
	@echo "示例：target/release/wenfeng check www/samples/weak.txt"

clean:
	$(CARGO) clean
	rm -rf dist www/pkg www/dist
