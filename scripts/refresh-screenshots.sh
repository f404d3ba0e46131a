#!/usr/bin/env bash
# Copies the README's screenshots from the end-to-end tests' latest run (tests/e2e/artifacts/,
# written by `scripts/test-all.sh` or `cd tests/e2e && xvfb-run -a npm test`) into docs/screenshots/.
# Look at them before committing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FROM="$ROOT/tests/e2e/artifacts"
TO="$ROOT/docs/screenshots"
# README name  <-  artifact name
while read -r name artifact; do
  [ -f "$FROM/$artifact" ] || { echo "missing $FROM/$artifact: run the e2e tests first" >&2; exit 1; }
  cp "$FROM/$artifact" "$TO/$name"
  echo "$TO/$name <- $artifact"
done <<'LIST'
editor.png termguard-match.png
memory.png memory-concordance.png
alignment-review.png alignment-review.png
terminology-review.png terminology-review.png
import-history.png import-history.png
chinese-interface.png chinese-interface.png
memory-browse.png memory-browse.png
team.png team-page-reviewer.png
editor-find-replace.png grid-find-replace.png
xliff.png xliff-2.0-editing.png
qa.png termguard-qa.png
LIST
