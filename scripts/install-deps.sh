#!/usr/bin/env bash
# Installs what Tessera needs on Debian/Ubuntu, only what is missing (idempotent).
# Sourced by scripts/run-app.sh and scripts/test-all.sh; `install_deps app|test`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Build: WebKitGTK for the Tauri app. Run: Noto CJK fonts, so Chinese never shows as empty boxes. Test: Xvfb and WebKitWebDriver for the
# end-to-end tests, libxml2-utils for DTD validation of exported TMX, time (GNU /usr/bin/time) for the peak memory
# of scripts/hostile.sh, util-linux for its setpriv, postgresql for the team server's tests (they start a
# throwaway cluster with initdb and pg_ctl; the service is not used), omegat for the OmegaT round trip (console
# mode; it brings a Java runtime).
APT_BUILD=(libwebkit2gtk-4.1-dev build-essential pkg-config curl file fonts-noto-cjk)
APT_TEST=(xvfb xauth webkit2gtk-driver libxml2-utils time util-linux postgresql omegat)
TAURI_DRIVER_VERSION=2.1.0

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install_missing() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "==> installing Debian packages: ${missing[*]}"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
      export PATH="$HOME/.cargo/bin:$PATH"
    else
      echo "==> installing the Rust toolchain (rustup)"
      curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component rustfmt,clippy
      export PATH="$HOME/.cargo/bin:$PATH"
    fi
  fi
}

ensure_node() {
  if ! command -v npm >/dev/null 2>&1; then
    apt_install_missing nodejs npm
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt 20 ]; then
    echo "tessera: Node.js 20 or newer is needed (found $(node --version)); install it from your distribution or nodejs.org" >&2
    exit 1
  fi
}

# npm ci only when node_modules is missing or older than the lock file.
npm_ci_if_stale() {
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "==> npm ci in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    echo "==> installing tauri-driver $TAURI_DRIVER_VERSION"
    cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION"
  fi
}

# translate-toolkit (PyPI) reads exported TMX in a test, as a second, independent TMX reader.
ensure_translate_toolkit() {
  if ! python3 -c 'import translate.storage.tmx' >/dev/null 2>&1; then
    if ! python3 -m pip --version >/dev/null 2>&1; then
      apt_install_missing python3 python3-pip
    fi
    echo "==> installing translate-toolkit (pip)"
    # Debian's system Python refuses pip installs outside a venv (PEP 668) unless told otherwise.
    python3 -m pip install --quiet "translate-toolkit==3.20.4" ||
      python3 -m pip install --quiet --break-system-packages "translate-toolkit==3.20.4"
  fi
}

install_deps() {
  local purpose="$1"
  apt_install_missing "${APT_BUILD[@]}"
  if [ "$purpose" = test ]; then apt_install_missing "${APT_TEST[@]}"; fi
  ensure_rust
  ensure_node
  npm_ci_if_stale "$ROOT/ui"
  if [ "$purpose" = test ]; then
    npm_ci_if_stale "$ROOT/tests/e2e"
    ensure_tauri_driver
    ensure_translate_toolkit
  fi
}
