#!/usr/bin/env bash
# Installs what is missing, builds the UI and the desktop app, and starts it on your default
# database (pre-loaded with the sample articles on first start). Extra arguments go to the app,
# e.g. `scripts/run-app.sh --db /tmp/scratch.db`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/install-deps.sh"
install_deps app
cd "$ROOT"
(cd ui && npm run build)
cargo build -p tessera-desktop -p tessera-cli
exec "${CARGO_TARGET_DIR:-$ROOT/target}/debug/tessera-desktop" "$@"
