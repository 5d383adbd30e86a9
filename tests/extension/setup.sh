#!/usr/bin/env bash
# Installs what the extension's end-to-end tests need, idempotently:
#   1. npm packages of tests/extension (the real editors, esbuild, playwright-core): `npm ci` when
#      node_modules is missing or package-lock.json changed since the last install (`npm install`
#      when there is no lockfile yet) — nothing at the repository root is touched;
#   2. the editor fixture bundles (fixtures/dist/) when any source is newer than the last build;
#   3. Debian's Chromium + CJK fonts (scripts/install-browser-deps.sh) only if /usr/bin/chromium
#      is missing (set CHROMIUM_PATH to use another binary). Never downloads a browser.
# Then: node --test --test-concurrency=1 tests/extension/
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$here"

stamp=node_modules/.wenfeng-lock.sha256
if [[ -f package-lock.json ]]; then
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  have="$(cat "$stamp" 2>/dev/null || true)"
  if [[ ! -d node_modules || "$want" != "$have" ]]; then
    echo "tests/extension: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
elif [[ ! -d node_modules ]]; then
  echo "tests/extension: npm install (no lockfile yet)"
  npm install --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d' ' -f1 > "$stamp"
fi

node build-fixtures.mjs --if-stale

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  if [[ -n "${CHROMIUM_PATH:-}" ]]; then
    echo "tests/extension: CHROMIUM_PATH=$chromium is not executable" >&2
    exit 2
  fi
  bash "$repo/scripts/install-browser-deps.sh"
fi
