"""The core never loads Qt (and stays quick to import): only gov_docs.gui may import PySide6."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CORE_PACKAGES = ["gov_docs.document", "gov_docs.checks", "gov_docs.library.index",
                 "gov_docs.library.recommend", "gov_docs.handling.routing", "gov_docs.cli",
                 "gov_docs.config", "gov_docs.paths", "gov_docs.layout", "gov_docs.layout.pdf",
                 "gov_docs.text.linebreak", "gov_docs.api"]
# every llm module (drafting, editing and grounding load the model, llama_cpp, only when asked to
# generate) and every typo module (the LM verification loads it only when a sentence needs it)
PACKAGE = Path(__file__).resolve().parent.parent / "gov_docs"
for _sub in ("llm", "typo"):
    CORE_PACKAGES += [f"gov_docs.{_sub}"] + sorted(
        f"gov_docs.{_sub}.{p.stem}" for p in (PACKAGE / _sub).glob("*.py") if p.stem != "__init__")


@pytest.mark.parametrize("module", CORE_PACKAGES)
def test_core_imports_no_pyside6(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]; "
        "heavy = [m for m in ('docx', 'llama_cpp', 'whoosh', 'torch') if m in sys.modules]; "
        "print(bad, heavy); sys.exit(1 if bad or heavy else 0)"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stdout + res.stderr
