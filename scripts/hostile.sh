#!/usr/bin/env bash
# The hostile-input suite of issue 13: runs the `tessera` binary on decompression bombs, control
# characters, damaged glossaries, racing processes, closed pipes, a second writer, odd export
# destinations and a read-only database, and checks exit codes, messages, that nothing was
# stored, and (GNU time) that no case peaks above 300 MB. Inputs are built on the fly by
# scripts/hostile-inputs.py; the bombs inflate to 4 GiB (HOSTILE_BOMB_GIB to change).
#
# Usage: scripts/hostile.sh [TESSERA]   (default: target/debug/tessera, built if missing)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
TESSERA="${1:-$TARGET/debug/tessera}"
if [ ! -x "$TESSERA" ]; then
  (cd "$ROOT" && cargo build -p tessera-cli --locked)
fi
TESSERA="$(realpath "$TESSERA")"
MAX_PEAK_KB=$((300 * 1024))
WORK="$(mktemp -d)"
chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
python3 "$ROOT/scripts/hostile-inputs.py" inputs "${HOSTILE_BOMB_GIB:-4}"
n_failed=0

fail() { echo "FAIL $case_name: $*"; n_failed=$((n_failed + 1)); }

# run NAME EXPECTED_EXIT DB ARGS…: runs tessera under GNU time with a two-minute timeout; sets
# $out, $err, $code, $peak_kb and prints one line per case.
run() {
  case_name="$1"; local expected="$2" db="$3"; shift 3
  set +e
  /usr/bin/time -f %M -o time.txt timeout 120 "$TESSERA" --db "$db" "$@" >out.txt 2>err.txt
  code=$?
  set -e
  out="$(cat out.txt)"; err="$(cat err.txt)"
  peak_kb="$(tail -n 1 time.txt)"
  printf '%-34s exit %s  peak %6s KB\n' "$case_name" "$code" "$peak_kb"
  [ "$code" = "$expected" ] || fail "exit $code, expected $expected: $err"
  [ "$peak_kb" -le "$MAX_PEAK_KB" ] || fail "peak $peak_kb KB > $MAX_PEAK_KB KB"
  if grep -q "panicked" err.txt; then fail "panicked: $err"; fi
}

expect_in() { grep -qF -- "$2" <<<"$1" || fail "expected \"$2\" in: $1"; }
units_in() { "$TESSERA" --db "$1" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["units"])'; }
terms_in() { "$TESSERA" --db "$1" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["terms"])'; }

echo "==> decompression bombs: refused, one line naming the file and the limit, nothing stored"
for bomb in seg-bomb.tmx.gz:"longer than 8 MB" whitespace-bomb.zip:"longer than 8 MB" \
  cells-bomb.xlsx:"more than 4000000 cells" cell-bomb.xlsx:"longer than 4 MB"; do
  file="${bomb%%:*}"; limit="${bomb#*:}"
  run "bomb $file" 1 bombs.db import "inputs/$file"
  expect_in "$err" "inputs/$file"; expect_in "$err" "$limit"
  [ -z "$out" ] || fail "stdout not empty: $out"
  [ "$(wc -l <err.txt)" -eq 1 ] || fail "more than one line on stderr: $err"
done
[ "$(units_in bombs.db)" = 0 ] && [ "$(terms_in bombs.db)" = 0 ] || { case_name=bombs; fail "something was stored"; }

echo "==> control characters: reported with line and column, kept out of the memory"
run "control characters" 0 control.db import inputs/control.tmx
expect_in "$out" "control.tmx:2:"; expect_in "$out" "&#x1B;"; expect_in "$out" "control.tmx:3:"; expect_in "$out" "U+0000"
[ "$(units_in control.db)" = 0 ] || fail "units with control characters were stored"

echo "==> damaged glossaries"
run "csv with a bad byte" 0 csv.db import inputs/bad-byte.csv
expect_in "$out" "bad-byte.csv:3:1: byte 0xFF is not UTF-8"
"$TESSERA" --db csv.db terms list >terms.txt
grep -q "美国" terms.txt || { case_name="csv with a bad byte"; fail "美国 was not stored as UTF-8: $(cat terms.txt)"; }
run "csv with an unclosed quote" 0 quote.db import inputs/open-quote.csv
expect_in "$out" "open-quote.csv:2:2: the quote opened in this cell is never closed"
"$TESSERA" --db quote.db terms list >terms.txt
grep -q "China" terms.txt || { case_name="csv with an unclosed quote"; fail "the row after the quote was swallowed"; }

echo "==> processes creating one database together"
pids=()
for idx in 1 2 3 4 5 6; do "$TESSERA" --db race.db stats >"race$idx.txt" 2>&1 & pids+=($!); done
for pid in "${pids[@]}"; do
  wait "$pid" || { case_name="race on a new database"; fail "a process failed: $(cat race*.txt)"; }
done
printf '%-34s exit 0 x6\n' "race on a new database"

echo "==> closed pipes"
"$TESSERA" --db pipe.db generate --synthetic --units 2000 >/dev/null
for command in "concordance 的" "audit" "stats" "lookup 国务院" "terms list" "imports"; do
  set +e
  # shellcheck disable=SC2086
  "$TESSERA" --db pipe.db $command 2>err.txt | true
  code="${PIPESTATUS[0]}"
  set -e
  case_name="pipe: $command"
  printf '%-34s exit %s\n' "$case_name" "$code"
  [ "$code" = 0 ] || fail "exit $code: $(cat err.txt)"
  [ ! -s err.txt ] || fail "stderr: $(cat err.txt)"
done

echo "==> a second writer waits, or names the holder; readers answer"
"$TESSERA" --db busy.db generate --synthetic --units 100 >/dev/null
"$TESSERA" --db busy.db generate --synthetic --units 400000 --seed 3 >/dev/null &
writer=$!
for _ in $(seq 600); do grep -qs generate busy.db-writer && break; sleep 0.1; done
run "reader during a write" 0 busy.db stats
run "lookup during a write" 0 busy.db lookup 国务院召开常务会议
run "impatient writer" 1 busy.db import inputs/glossary.csv --wait 1
expect_in "$err" "busy.db is busy"; expect_in "$err" "generate --synthetic"
run "patient writer" 0 busy.db import inputs/glossary.csv
wait "$writer"
[ "$(terms_in busy.db)" = 2 ] || { case_name="patient writer"; fail "the glossary was not imported"; }

echo "==> exports: a destination that is not a file, racing exports"
mkfifo pipe.tbx
run "export to a fifo" 1 pipe.db export tbx pipe.tbx
expect_in "$err" "not a regular file"
[ -p pipe.tbx ] || fail "the fifo was replaced"
pids=()
for idx in 1 2 3 4; do "$TESSERA" --db pipe.db export tmx race.tmx >/dev/null 2>&1 & pids+=($!); done
for pid in "${pids[@]}"; do wait "$pid" || { case_name="racing exports"; fail "an export failed"; }; done
"$TESSERA" --db copy.db import race.tmx --duplicates all >/dev/null
[ "$(units_in copy.db)" = 2000 ] || { case_name="racing exports"; fail "the file does not import back whole"; }
! ls ./*.partial* >/dev/null 2>&1 || { case_name="racing exports"; fail "temporary files left"; }
printf '%-34s exit 0 x4\n' "racing exports"

echo "==> a read-only database"
mkdir readonly && "$TESSERA" --db readonly/x.db generate --synthetic --units 50 >/dev/null
chmod 755 readonly
if [ "$(id -u)" -eq 0 ]; then
  as_reader() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
  chmod 444 readonly/x.db; chmod 555 readonly
  as_reader() { "$@"; }
fi
TESSERA_OWNER="$TESSERA"
for command in "stats" "lookup 国务院" "concordance 的"; do
  set +e
  # shellcheck disable=SC2086
  as_reader "$TESSERA_OWNER" --db "$WORK/readonly/x.db" $command >/dev/null 2>err.txt
  code=$?
  set -e
  case_name="read-only: $command"; printf '%-34s exit %s\n' "$case_name" "$code"
  [ "$code" = 0 ] || fail "exit $code: $(cat err.txt)"
done
set +e
as_reader "$TESSERA_OWNER" --db "$WORK/readonly/x.db" import "$WORK/inputs/glossary.csv" >/dev/null 2>err.txt
code=$?
set -e
case_name="read-only: import"; printf '%-34s exit %s\n' "$case_name" "$code"
[ "$code" = 1 ] || fail "exit $code: $(cat err.txt)"
grep -q "read-only" err.txt || fail "no read-only message: $(cat err.txt)"
chmod 755 readonly

if [ "$n_failed" -gt 0 ]; then
  echo "hostile inputs: $n_failed failed" >&2
  exit 1
fi
echo "hostile inputs: all passed"
