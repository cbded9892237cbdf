"""The core never loads Qt (and stays quick to import): only gov_docs.gui may import PySide6."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CORE_PACKAGES = ["gov_docs.document", "gov_docs.checks", "gov_docs.library.index",
                 "gov_docs.library.recommend", "gov_docs.handling.routing", "gov_docs.cli",
                 "gov_docs.config", "gov_docs.paths", "gov_docs.layout", "gov_docs.layout.pdf",
                 "gov_docs.text.linebreak", "gov_docs.api",
                 "gov_docs.typo", "gov_docs.typo.corrector", "gov_docs.typo.kind", "gov_docs.typo.lm"]
# every llm module: drafting, editing and grounding load the model (llama_cpp) only when asked to generate
LLM_DIR = Path(__file__).resolve().parent.parent / "gov_docs" / "llm"
CORE_PACKAGES += ["gov_docs.llm"] + sorted(f"gov_docs.llm.{p.stem}" for p in LLM_DIR.glob("*.py")
                                           if p.stem != "__init__")


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
