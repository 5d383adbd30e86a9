#!/usr/bin/env bash
# Install everything scripts/build-wasm.sh needs. Idempotent: when all tools are
# present at the pinned versions it only checks and exits within a second or two.
#
#   scripts/install-wasm-tools.sh
#
# What it installs (see docs/WASM.md):
#   * a Rust toolchain able to target wasm32-unknown-unknown:
#       - if rustup already has the wasm32-unknown-unknown target: nothing to do;
#       - else Debian's rustc-web/cargo-web/rust-web-src (Rust 1.96 + std sources,
#         used with -Z build-std), clang-19 (C code for wasm32, cc crate) and
#         lld-22 (provides wasm-ld-22; Debian's rustc has no bundled rust-lld).
#   * wasm-bindgen-cli at exactly the version of the wasm-bindgen crate (cargo install).
#   * wasm-opt from the npm package `binaryen`, project-local in tools/node_modules.
#
# Env knobs:
#   WASM_FORCE_DEBIAN=1   install the Debian toolchain even if rustup has the target.
set -euo pipefail

# Keep in sync with Cargo.toml (`wasm-bindgen = "=X"`) and docs/WASM.md.
WASM_BINDGEN_VERSION="0.2.130"
APT_PACKAGES_TOOLCHAIN=(rustc-web cargo-web rust-web-src clang-19 lld-22)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$ROOT/tools"
CARGO_BIN_DIR="${CARGO_HOME:-$HOME/.cargo}/bin"

say()  { printf '[install-wasm-tools] %s\n' "$*"; }
die()  { printf '[install-wasm-tools] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- apt helpers
APT_UPDATED=0
apt_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
apt_install() {
  local missing=() p
  for p in "$@"; do apt_installed "$p" || missing+=("$p"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "need Debian packages ${missing[*]} but apt-get is not available"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update (needed for: ${missing[*]})"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ---------------------------------------------------------------- 1. Rust toolchain
rustup_has_wasm_target() {
  command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'
}

if [ "${WASM_FORCE_DEBIAN:-0}" != "1" ] && rustup_has_wasm_target; then
  say "toolchain: rustup has wasm32-unknown-unknown; no Debian toolchain needed"
else
  apt_install "${APT_PACKAGES_TOOLCHAIN[@]}"
  [ -x /usr/bin/rustc ] || die "/usr/bin/rustc missing after installing rustc-web"
  [ -d /usr/lib/rustlib/src/rust/library ] || die "/usr/lib/rustlib/src/rust/library missing (rust-web-src)"
  command -v wasm-ld-22 >/dev/null || die "wasm-ld-22 missing (lld-22)"
  say "toolchain: Debian $(/usr/bin/rustc --version) + std sources + wasm-ld-22 + clang-19"
fi

# ---------------------------------------------------------------- 2. node / npm
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi

# ---------------------------------------------------------------- 3. wasm-bindgen-cli
# The CLI must equal the wasm-bindgen crate version in Cargo.lock, or the
# generated glue is rejected ("rust Wasm file schema version ... != ...").
if [ -f "$ROOT/Cargo.lock" ]; then
  lock_ver="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock")"
  if [ -n "$lock_ver" ] && [ "$lock_ver" != "$WASM_BINDGEN_VERSION" ]; then
    die "Cargo.lock has wasm-bindgen $lock_ver but this script pins $WASM_BINDGEN_VERSION; make them equal (Cargo.toml: wasm-bindgen = \"=$WASM_BINDGEN_VERSION\")"
  fi
fi

wb_version() {
  local bin
  for bin in "$CARGO_BIN_DIR/wasm-bindgen" "$(command -v wasm-bindgen 2>/dev/null || true)"; do
    if [ -n "$bin" ] && [ -x "$bin" ]; then "$bin" --version 2>/dev/null | awk '{print $2}'; return; fi
  done
}
have_wb="$(wb_version || true)"
if [ "$have_wb" = "$WASM_BINDGEN_VERSION" ]; then
  say "wasm-bindgen $have_wb already installed"
else
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (found: ${have_wb:-none}); this compiles for ~4-6 minutes"
  # Any cargo >= 1.86 will do: rustup's if present, else Debian's /usr/bin/cargo.
  # Not --locked: the CLI's own lockfile is not what we pin; the version is.
  if command -v cargo >/dev/null 2>&1; then CARGO_FOR_INSTALL=cargo; else CARGO_FOR_INSTALL=/usr/bin/cargo; fi
  "$CARGO_FOR_INSTALL" install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  have_wb="$(wb_version || true)"
  [ "$have_wb" = "$WASM_BINDGEN_VERSION" ] || die "wasm-bindgen --version reports '${have_wb:-nothing}' after install"
  say "wasm-bindgen $have_wb installed in $CARGO_BIN_DIR"
fi

# ---------------------------------------------------------------- 4. wasm-opt (npm binaryen, project-local)
[ -f "$TOOLS_DIR/package.json" ] || die "$TOOLS_DIR/package.json missing"
want_binaryen="$(node -p "require('$TOOLS_DIR/package.json').devDependencies.binaryen")"
have_binaryen="$(node -p "try { require('$TOOLS_DIR/node_modules/binaryen/package.json').version } catch (e) { '' }")"
if [ "$have_binaryen" = "$want_binaryen" ] && [ -x "$TOOLS_DIR/node_modules/.bin/wasm-opt" ]; then
  say "binaryen $have_binaryen (wasm-opt) already installed in tools/node_modules"
else
  say "installing npm binaryen@$want_binaryen into tools/node_modules (found: ${have_binaryen:-none})"
  if [ -f "$TOOLS_DIR/package-lock.json" ]; then
    npm ci --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error
  else
    npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error
  fi
  "$TOOLS_DIR/node_modules/.bin/wasm-opt" --version >/dev/null || die "wasm-opt does not run after npm install"
fi

say "ok: $("$TOOLS_DIR/node_modules/.bin/wasm-opt" --version), wasm-bindgen $have_wb, node $(node --version)"
