#!/usr/bin/env bash
# Set everything up, then start gov-docs on its embedded defaults (demo model, sample library, default rules).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m gov_docs "$@"
