#!/usr/bin/env bash
# Installs what is missing and runs every check and test, failing fast: formatting, the UI
# (typecheck, lint, unit tests, build), clippy with warnings denied, the Rust test suite, the
# hostile-input suite (scripts/hostile.sh), a short
# fuzz run of the TMX and TBX readers, the core's Tauri-free boundary, the .deb bundle, and the
# end-to-end tests of the real app under Xvfb.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/install-deps.sh"
install_deps test
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
step() { echo; echo "==> $*"; }

# CI machines may arrive with a cached target dir and little free disk (one CI run failed its
# tests with ENOSPC). Incremental artifacts only help repeated local builds: in CI they are
# neither written nor kept, which roughly halves the target dir.
if [ "${CI:-}" = true ]; then
  export CARGO_INCREMENTAL=0
  rm -rf "$TARGET/debug/incremental" "$TARGET/release/incremental"
fi
step "free disk (the tests need about 2 GB beside the target dir)"
mkdir -p "$TARGET"
df -h "$TARGET" "${TMPDIR:-/tmp}"

step "cargo fmt --check"
cargo fmt --all --check

step "UI: typecheck, lint, unit tests, build"
(cd ui && npm run typecheck && npm run lint && npm test && npm run build)

step "clippy (warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test --workspace"
cargo test --workspace --locked

step "hostile inputs: bombs, races, pipes, bad CSV, control characters, read-only files (each <= 300 MB, 2 min)"
scripts/hostile.sh "$TARGET/debug/tessera"

# Stable Rust, no cargo-fuzz; built into $TARGET/fuzz (cold: ~3.5 min on 2 cores), then
# TESSERA_FUZZ_SECONDS per reader over a copy of fuzz/corpus/. 0 skips the step.
FUZZ_SECONDS="${TESSERA_FUZZ_SECONDS:-30}"
step "fuzz the TMX and TBX readers (${FUZZ_SECONDS}s each)"
if [ "$FUZZ_SECONDS" -gt 0 ]; then
  CARGO_TARGET_DIR="$TARGET" fuzz/run.sh "$FUZZ_SECONDS"
else
  echo "skipped (TESSERA_FUZZ_SECONDS=0)"
fi

step "boundary: tessera-core has no Tauri in its dependency tree"
if cargo tree -p tessera-core -e normal,build --prefix none --format '{p}' | grep -E '^(tauri|wry|tao|webkit2gtk)'; then
  echo "tessera-core depends on Tauri" >&2
  exit 1
fi

step "build the desktop app and the CLI"
cargo build --workspace --bins --locked

step ".deb bundle (debug build of the same app)"
rm -rf "$TARGET/debug/bundle/deb"
ui/node_modules/.bin/tauri build --debug --bundles deb --config '{"build":{"beforeBuildCommand":""}}' -- --locked
deb="$(ls "$TARGET"/debug/bundle/deb/*.deb)"
# Capture first: `grep -q` closing the pipe early would kill dpkg-deb with SIGPIPE under pipefail.
deb_info="$(dpkg-deb --info "$deb")"
deb_contents="$(dpkg-deb --contents "$deb")"
grep -q 'Depends:.*libwebkit2gtk-4.1-0' <<<"$deb_info"
grep -qE ' \.?/?usr/bin/tessera-desktop$' <<<"$deb_contents"
echo "bundle: $deb"

step "end-to-end tests of the real app (tauri-driver + WebKitWebDriver under Xvfb)"
(cd tests/e2e && xvfb-run -a --server-args="-screen 0 1280x800x24" npm test)
