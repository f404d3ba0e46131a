#!/usr/bin/env bash
# Builds the fuzz targets on stable Rust with libFuzzer's coverage instrumentation and runs each
# for SECONDS over a copy of the committed corpus; exits non-zero on any crash, panic, failed
# check, timeout or out-of-memory, printing the input's path and base64.
#
#   fuzz/run.sh SECONDS [TARGET...]         (targets: tmx_read tbx_read; default both)
#
# Environment:
#   CARGO_TARGET_DIR       the build goes to $CARGO_TARGET_DIR/fuzz (default target/fuzz)
#   TESSERA_FUZZ_MERGE=1   afterwards add the new inputs that reach new edges to fuzz/corpus/
#                          (libFuzzer -set_cover_merge=1; a manual step, never done in CI)
#   TESSERA_FUZZ_JOBS      cargo build jobs (default: cargo's)
#
# No nightly and no cargo-fuzz: this passes the flags `cargo fuzz build --sanitizer none` passes
# (sancov-module, 8-bit counters, PC table, trace-compares, stack depth, one codegen unit,
# `--cfg fuzzing`, --target so build scripts stay uninstrumented), all stable rustc options, plus
# debug assertions and overflow checks so that what panics in a debug build panics here too.
set -euo pipefail

usage() { echo "usage: $0 SECONDS [tmx_read|tbx_read]..." >&2; exit 2; }
[ $# -ge 1 ] || usage
SECONDS_PER_TARGET="$1"
shift
[[ "$SECONDS_PER_TARGET" =~ ^[0-9]+$ ]] || usage
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(tmx_read tbx_read)
for target in "${TARGETS[@]}"; do
  [ -f "$(dirname "${BASH_SOURCE[0]}")/fuzz_targets/$target.rs" ] || usage
done

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$FUZZ_DIR")"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/fuzz"
TRIPLE="$(rustc -vV | sed -n 's/^host: //p')"
BIN_DIR="$TARGET_DIR/$TRIPLE/release"

RUSTFLAGS="${RUSTFLAGS:-} --cfg fuzzing \
-Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
-Cllvm-args=-sanitizer-coverage-stack-depth \
-Cllvm-args=-simplifycfg-branch-fold-threshold=0 \
-Ccodegen-units=1 \
-Cdebug-assertions \
-Coverflow-checks"
export RUSTFLAGS

echo "==> building ${TARGETS[*]} (stable, coverage instrumentation) into $TARGET_DIR"
build=(cargo build --manifest-path "$FUZZ_DIR/Cargo.toml" --target "$TRIPLE" --release
  --config 'profile.release.debug="line-tables-only"' --target-dir "$TARGET_DIR" --locked)
[ -n "${TESSERA_FUZZ_JOBS:-}" ] && build+=(--jobs "$TESSERA_FUZZ_JOBS")
for target in "${TARGETS[@]}"; do build+=(--bin "$target"); done
if ! "${build[@]}"; then
  echo "fuzz build failed; if fuzz/Cargo.lock is stale (the core gained a dependency), refresh it" \
    "from the workspace's: cp Cargo.lock fuzz/Cargo.lock && cargo metadata --offline" \
    "--manifest-path fuzz/Cargo.toml >/dev/null" >&2
  exit 1
fi
[ "$SECONDS_PER_TARGET" -gt 0 ] || exit 0

export RUST_BACKTRACE="${RUST_BACKTRACE:-1}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tessera-fuzz.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
failed=()
for target in "${TARGETS[@]}"; do
  corpus="$WORK/corpus/$target"
  artifacts="$WORK/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  cp -a "$FUZZ_DIR/corpus/$target/." "$corpus/"
  if [ -d "$FUZZ_DIR/regressions/$target" ]; then
    cp -a "$FUZZ_DIR/regressions/$target/." "$corpus/"
  fi
  echo "==> fuzzing $target for ${SECONDS_PER_TARGET}s over a copy of fuzz/corpus/$target"
  # Left out of the log: a line per input that adds coverage, and the recommended dictionary.
  {
    status=0
    "$BIN_DIR/$target" "$corpus" \
      -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" 2>&1 || status=$?
    echo "$status" >"$WORK/status"
  } | sed -u -e '/^###### Recommended dictionary/,/^###### End of recommended dictionary/d' \
    -e '/^#[0-9]*[[:space:]]*\(NEW\|REDUCE\) /d' -e '/^[[:space:]]*NEW_FUNC/d'
  status="$(cat "$WORK/status")"
  if [ "$status" -ne 0 ] || [ -n "$(ls -A "$artifacts")" ]; then
    failed+=("$target")
    kept="$TARGET_DIR/artifacts/$target"
    mkdir -p "$kept"
    echo "FAIL: $target exited with status $status; the input that failed:" >&2
    for artifact in "$artifacts"/*; do
      [ -f "$artifact" ] || continue
      cp "$artifact" "$kept/"
      echo "  $kept/$(basename "$artifact")" >&2
      echo "  base64: $(base64 -w0 "$artifact")" >&2
    done
    echo "  replay: $BIN_DIR/$target FILE; fix the reader and add FILE to" \
      "fuzz/regressions/$target/ (replayed by cargo test)" >&2
  fi
  if [ "${TESSERA_FUZZ_MERGE:-0}" = 1 ]; then
    # A smallest set of the new inputs that reaches every edge the run reached (edges, not hit
    # counts: -merge=1 with counters would add thousands of files).
    echo "==> merging the inputs that reach new edges into fuzz/corpus/$target"
    "$BIN_DIR/$target" -set_cover_merge=1 -use_counters=0 -max_len=4096 -timeout=10 \
      -rss_limit_mb=2048 "$FUZZ_DIR/corpus/$target" "$corpus"
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing failed: ${failed[*]}" >&2
  exit 1
fi
echo "==> fuzzing: no crash in ${TARGETS[*]}"
