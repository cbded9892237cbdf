#!/usr/bin/env bash
# Build the one-folder app with PyInstaller and smoke-test the built app:
# --version, format and check on a sample, and the GUI starting offscreen. Prints the bundle size.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install -q "pyinstaller>=6.10,<7"
rm -rf build/installer dist/gov-docs
.venv/bin/pyinstaller --noconfirm --log-level WARN --workpath build/installer --distpath dist build_installer.spec
app=dist/gov-docs/gov-docs
mkdir -p dist/gov-docs/models
echo "[build] bundle size: $(du -sh dist/gov-docs | cut -f1)"
tmp=$(mktemp -d)
sample=resources/samples/示例通知.txt
"$app" --version
start=$(date +%s.%N)
"$app" format "$sample" -o "$tmp/out.docx" >/dev/null
end=$(date +%s.%N)
echo "[build] format (cold start + typeset): $(echo "$end - $start" | bc) s"
if "$app" --help | grep -q " check"; then
  set +e; "$app" check "$sample" >/dev/null; code=$?; set -e
  [ "$code" -le 1 ] || { echo "[build] check failed with exit $code"; exit 1; }
fi
# The GUI starts offscreen, shows its window and quits (GOV_DOCS_GUI_SMOKE makes it exit after start-up).
start=$(date +%s.%N)
QT_QPA_PLATFORM=offscreen GOV_DOCS_HOME="$tmp/home" GOV_DOCS_GUI_SMOKE=1 "$app"
end=$(date +%s.%N)
echo "[build] GUI cold start and quit (offscreen): $(echo "$end - $start" | bc) s"
rm -rf "$tmp"
echo "[build] smoke test passed: $app"
