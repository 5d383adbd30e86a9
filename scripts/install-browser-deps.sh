#!/usr/bin/env bash
# Installs what the end-to-end tests of www/ (and later extension/) need:
# Debian's Chromium and the Noto CJK fonts. Idempotent: installs only what is missing and
# runs `apt-get update` at most once, only when something has to be installed.
# No browser is ever downloaded by Playwright (playwright-core + /usr/bin/chromium).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

if ! [ -x /usr/bin/chromium ] && ! have_pkg chromium; then need+=(chromium); fi
if ! have_pkg fonts-noto-cjk; then need+=(fonts-noto-cjk); fi

if [ "${#need[@]}" -eq 0 ]; then
  echo "browser deps: chromium and fonts-noto-cjk already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-browser-deps: need root (or sudo) to install: ${need[*]}" >&2; exit 1
  fi
fi

echo "browser deps: installing ${need[*]}"
# apt-get update once, only if a candidate is unknown (fresh image with empty lists).
updated=0
for p in "${need[@]}"; do
  if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    if [ "$updated" -eq 0 ]; then $SUDO apt-get update -qq; updated=1; fi
  fi
done
if ! $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"; then
  if [ "$updated" -eq 0 ]; then
    $SUDO apt-get update -qq; updated=1
    $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
  else
    exit 1
  fi
fi
fc-cache -f >/dev/null 2>&1 || true
echo "browser deps: done ($(/usr/bin/chromium --version 2>/dev/null || echo chromium?))"
