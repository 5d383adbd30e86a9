#!/usr/bin/env bash
# Build the crate's WebAssembly package for the browser.
#
#   scripts/build-wasm.sh [OUT_DIR]        (default: www/pkg, relative to the repo root)
#
# Steps: cargo rustc --lib --crate-type cdylib for wasm32-unknown-unknown (into target/wasm, apart from the
# native target/), wasm-bindgen --target web into OUT_DIR, wasm-opt, then print sizes.
# Run scripts/install-wasm-tools.sh first (once per machine).
#
# Toolchain, picked automatically:
#   rustup   rustup has the wasm32-unknown-unknown target: plain `cargo rustc --target ...`.
#   debian   otherwise: Debian's rustc-web (/usr/bin/rustc, /usr/bin/cargo, Rust 1.96) with
#            -Z build-std=std,panic_abort (std compiled from rust-web-src), linked by wasm-ld-22.
#
# Env knobs:
#   WASM_TOOLCHAIN=rustup|debian   force a toolchain
#   WASM_CARGO_OPT_LEVEL=s|z|3     rustc opt-level for this build only (default: s; the
#                                  native [profile.release] is left as it is)
#   WASM_OPT_FLAGS="-Oz"           wasm-opt flags (default -Oz); WASM_OPT=0 skips wasm-opt
#   WASM_CRATE_DIR=DIR             crate to build (default: repo root)
#   WASM_TARGET_DIR=DIR            cargo target dir (default: $WASM_CRATE_DIR/target/wasm)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CRATE_DIR="$(cd "${WASM_CRATE_DIR:-$ROOT}" && pwd)"
OUT_DIR="${1:-www/pkg}"
case "$OUT_DIR" in /*) ;; *) OUT_DIR="$ROOT/$OUT_DIR" ;; esac
TARGET=wasm32-unknown-unknown
TARGET_DIR="${WASM_TARGET_DIR:-$CRATE_DIR/target/wasm}"
CARGO_BIN_DIR="${CARGO_HOME:-$HOME/.cargo}/bin"
OPT_LEVEL="${WASM_CARGO_OPT_LEVEL:-s}"
WASM_OPT_FLAGS="${WASM_OPT_FLAGS:--Oz}"

say() { printf '[build-wasm] %s\n' "$*"; }
die() { printf '[build-wasm] ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1fs", e - s }'; }

# ---------------------------------------------------------------- pick the toolchain
rustup_has_wasm_target() {
  command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx "$TARGET"
}
find_wasm_ld() {
  local c
  for c in "${WASM_LINKER:-}" wasm-ld-22 wasm-ld /usr/lib/llvm-22/bin/wasm-ld wasm-ld-19 rust-lld; do
    [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && { command -v "$c"; return 0; }
  done
  return 1
}

TOOLCHAIN="${WASM_TOOLCHAIN:-}"
if [ -z "$TOOLCHAIN" ]; then
  if rustup_has_wasm_target; then TOOLCHAIN=rustup
  elif [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ]; then TOOLCHAIN=debian
  else die "no wasm32 toolchain: run scripts/install-wasm-tools.sh"
  fi
fi

# `cargo rustc --crate-type cdylib` makes the .wasm whether or not Cargo.toml's [lib]
# lists cdylib, so native builds need not produce a shared library.
CARGO_ARGS=(rustc --release --lib --crate-type cdylib --target "$TARGET" --target-dir "$TARGET_DIR"
            --manifest-path "$CRATE_DIR/Cargo.toml")
# Only this build sees the override; Cargo.toml's [profile.release] stays as it is.
export CARGO_PROFILE_RELEASE_OPT_LEVEL="$OPT_LEVEL"
case "$TOOLCHAIN" in
  rustup)
    CARGO=cargo
    say "toolchain: rustup $(rustc --version) (target $TARGET installed)"
    ;;
  debian)
    [ -x /usr/bin/cargo ] || die "/usr/bin/cargo missing (apt package cargo-web): run scripts/install-wasm-tools.sh"
    LINKER="$(find_wasm_ld)" || die "no wasm-ld found (apt package lld-22): run scripts/install-wasm-tools.sh"
    CARGO=/usr/bin/cargo
    # Debian's rustc has no wasm32 std and no rust-lld: build std from /usr/lib/rustlib/src
    # (RUSTC_BOOTSTRAP unlocks -Z on a stable compiler) and link with LLVM's wasm-ld.
    export RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$LINKER"
    if command -v clang-19 >/dev/null 2>&1; then export CC_wasm32_unknown_unknown="${CC_wasm32_unknown_unknown:-clang-19}"; fi
    CARGO_ARGS+=(-Z "build-std=std,panic_abort")
    say "toolchain: Debian $(/usr/bin/rustc --version) with -Z build-std, linker $LINKER"
    ;;
  *) die "WASM_TOOLCHAIN must be rustup or debian, not '$TOOLCHAIN'" ;;
esac

# ---------------------------------------------------------------- find wasm-bindgen / wasm-opt
WASM_BINDGEN=""
for c in "$CARGO_BIN_DIR/wasm-bindgen" "$(command -v wasm-bindgen 2>/dev/null || true)"; do
  if [ -n "$c" ] && [ -x "$c" ]; then WASM_BINDGEN="$c"; break; fi
done
[ -n "$WASM_BINDGEN" ] || die "wasm-bindgen not found: run scripts/install-wasm-tools.sh"
if [ "${WASM_OPT:-1}" != "0" ]; then
  WASM_OPT_BIN=""
  for c in "$ROOT/tools/node_modules/.bin/wasm-opt" "$(command -v wasm-opt 2>/dev/null || true)"; do
    if [ -n "$c" ] && [ -x "$c" ]; then WASM_OPT_BIN="$c"; break; fi
  done
  [ -n "$WASM_OPT_BIN" ] || die "wasm-opt not found: run scripts/install-wasm-tools.sh (or WASM_OPT=0)"
fi

# ---------------------------------------------------------------- cargo build
t_all="$(now)"
t="$(now)"
say "cargo ${CARGO_ARGS[*]}  (opt-level=$OPT_LEVEL)"
"$CARGO" "${CARGO_ARGS[@]}"
say "cargo: $(since "$t")"

# Crate name -> artifact name (hyphens become underscores).
CRATE_NAME="$(awk '/^\[package\]/ {p=1; next} /^\[/ {p=0} p && /^name *=/ {gsub(/.*= *"|".*/, ""); print; exit}' "$CRATE_DIR/Cargo.toml")"
LIB_NAME="${CRATE_NAME//-/_}"
WASM_IN="$TARGET_DIR/$TARGET/release/$LIB_NAME.wasm"
[ -f "$WASM_IN" ] || die "$WASM_IN not produced"

# ---------------------------------------------------------------- wasm-bindgen
lock_ver="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$CRATE_DIR/Cargo.lock" 2>/dev/null || true)"
cli_ver="$("$WASM_BINDGEN" --version | awk '{print $2}')"
if [ -z "$lock_ver" ]; then
  die "wasm-bindgen is not in $CRATE_DIR/Cargo.lock: add it under [target.'cfg(target_arch = \"wasm32\")'.dependencies]"
elif [ "$lock_ver" != "$cli_ver" ]; then
  die "wasm-bindgen crate $lock_ver (Cargo.lock) != wasm-bindgen CLI $cli_ver: pin them equal (scripts/install-wasm-tools.sh)"
fi
t="$(now)"
mkdir -p "$OUT_DIR"
"$WASM_BINDGEN" --target web --out-dir "$OUT_DIR" "$WASM_IN"
WASM_OUT="$OUT_DIR/${LIB_NAME}_bg.wasm"
say "wasm-bindgen $cli_ver --target web -> $OUT_DIR: $(since "$t")"

# ---------------------------------------------------------------- wasm-opt
if [ "${WASM_OPT:-1}" != "0" ]; then
  t="$(now)"
  # The input carries a target_features section, so wasm-opt enables exactly the
  # features rustc used (bulk-memory, sign-ext, nontrapping-fptoint, ...).
  # shellcheck disable=SC2086
  "$WASM_OPT_BIN" $WASM_OPT_FLAGS "$WASM_OUT" -o "$WASM_OUT.opt"
  mv "$WASM_OUT.opt" "$WASM_OUT"
  say "wasm-opt $WASM_OPT_FLAGS ($("$WASM_OPT_BIN" --version | awk '{print $3}')): $(since "$t")"
else
  say "wasm-opt skipped (WASM_OPT=0)"
fi

# ---------------------------------------------------------------- sizes
# shellcheck disable=SC2016  # JavaScript, not shell
node -e '
  const fs = require("fs"), zlib = require("zlib");
  const [f, raw0] = process.argv.slice(1);
  const b = fs.readFileSync(f);
  const gz = zlib.gzipSync(b, { level: 9 }).length;
  const br = zlib.brotliCompressSync(b, { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length;
  const kib = n => (n / 1024).toFixed(1) + " KiB";
  console.log(`[build-wasm] ${f}`);
  console.log(`[build-wasm]   cargo output ${kib(+raw0)} (${raw0} B)`);
  console.log(`[build-wasm]   final raw    ${kib(b.length)} (${b.length} B)`);
  console.log(`[build-wasm]   gzip -9      ${kib(gz)} (${gz} B)`);
  console.log(`[build-wasm]   brotli q11   ${kib(br)} (${br} B)`);
' "$WASM_OUT" "$(stat -c %s "$WASM_IN")"
say "done in $(since "$t_all")"
