#!/usr/bin/env bash
# Set everything up, then run the whole test suite. pytest's "no tests collected" (exit 5) is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m pytest "$@"
code=$?
if [ "$code" = 5 ]; then
  echo "run-tests: pytest collected no tests; that is a failure" >&2
  exit 1
fi
exit "$code"
