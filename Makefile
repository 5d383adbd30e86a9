# Wenfeng (文风) — the two commands:
#   make demo   builds the analyzer (native + wasm), the demo page and the browser extension (dist/),
#               and serves the page at http://localhost:8080
#   make test   runs every test of the project
# Both install what they need, idempotently, on a fresh Debian machine with Rust (rustup) and Node.

CARGO ?= cargo
SHELL := /bin/bash
PORT ?= 8080
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: all demo test release lint test-rust test-wasm test-e2e test-extension wasm www extension devset bench bench-wasm \
        deps-rust deps-wasm deps-node deps-browser clean

all: demo

# ---- dependencies (each idempotent) -----------------------------------------------------------

deps-rust:
	@command -v $(CARGO) >/dev/null || { echo "需要 Rust 工具链（cargo）。 (cargo is required: https://rustup.rs)"; exit 2; }
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt || true

deps-wasm:
	bash scripts/install-wasm-tools.sh

deps-node: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "需要 Node.js 20+ 与 npm。 (Node.js 20+ and npm are required)"; exit 2; }
	npm ci --no-audit --no-fund
	@touch $@

deps-browser:
	bash scripts/install-browser-deps.sh

# ---- builds -----------------------------------------------------------------------------------

release: deps-rust
	$(CARGO) build --release

wasm: deps-rust deps-wasm
	bash scripts/build-wasm.sh www/pkg

www: wasm deps-node
	npm run build

extension: www
	node scripts/build-extension.mjs

# ---- the main job -----------------------------------------------------------------------------

demo: release www extension
	@echo "浏览器扩展：dist/chrome/、dist/firefox/（加载方法见 README）  Extension: dist/chrome/, dist/firefox/ (see README)"
	@echo "文风演示页：http://localhost:$(PORT)/ （Ctrl+C 结束）  CLI: target/release/wenfeng check www/samples/weak.txt"
	node scripts/serve.mjs --port $(PORT)

# ---- tests ------------------------------------------------------------------------------------

test: lint test-rust test-wasm test-e2e test-extension

lint: deps-rust
	$(CARGO) fmt --check
	$(CARGO) clippy --release --all-targets -- -D warnings

test-rust: deps-rust
	$(CARGO) test --release

test-wasm: release wasm deps-node
	node --test tests/wasm/

test-e2e: www deps-browser
	npm run test:e2e

test-extension: extension deps-browser
	npx --no-install web-ext lint --source-dir dist/firefox --warnings-as-errors
	bash tests/extension/setup.sh
	node --test --test-concurrency=1 tests/extension/

devset: deps-rust
	DEVSET_NO_ASSERT=1 $(CARGO) test --release --test devset -- --nocapture --test-threads 1

bench: deps-rust
	$(CARGO) bench --bench analyze

clean:
	$(CARGO) clean
	rm -rf dist www/pkg www/dist node_modules tools/node_modules
