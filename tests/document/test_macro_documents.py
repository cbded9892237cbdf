"""A macro-enabled Word document (.docm: OA systems and WPS 套红 add-ins keep 公文 in them) opens as a copy
without its macros, bound to no file: it reads and checks like the .docx of the same package, the clerk's
.docm is never written, and saving asks for a .docx that holds no VBA project.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gov_docs import api
from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document import DocumentReadError, read_document
from gov_docs.errors import GovDocsError
from gov_docs.paths import rules_dir
from tests.docx_cases import PLAIN_MAIN_TYPE, make_docm

ROOT = Path(__file__).resolve().parent.parent.parent
DOCX = ROOT / "tests" / "fixtures" / "real_docx" / "01_notice_red_border.docx"


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_rules([rules_dir()]), allow_list=AllowList())


def test_a_docm_reads_and_checks_like_its_docx(tmp_path: Path, checker: Checker) -> None:
    docm = make_docm(tmp_path / "收文.docm")
    doc, plain = read_document(docm), read_document(DOCX)
    assert [(p.text, p.role) for p in doc.paragraphs] == [(p.text, p.role) for p in plain.paragraphs]
    assert doc.source == docm and doc.converted_from == ".docm"
    assert {(f.rule_id, f.paragraph) for f in checker.check(doc)} == \
        {(f.rule_id, f.paragraph) for f in checker.check(plain)}


def test_a_docm_opens_unbound_and_saves_as_a_docx_without_macros(tmp_path: Path, checker: Checker) -> None:
    docm = make_docm(tmp_path / "收文.docm")
    original = docm.read_bytes()
    od = api.open(docm, checker=checker)
    assert od.path is None and od.is_docx and "收文.docm" in od.name
    assert od.suggested_path == tmp_path / "收文.docx"
    with pytest.raises(GovDocsError, match="另存为"):
        od.save()  # never written over the .docm
    i = next(i for i, p in enumerate(od.document.paragraphs) if len(p.text) > 20)
    first = od.document.paragraphs[i].text
    od.replace(i, 0, 2, "改写")
    out = od.save(od.suggested_path)
    assert docm.read_bytes() == original
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert not [n for n in names if "vba" in n.lower()]
    assert PLAIN_MAIN_TYPE in types and "macroEnabled" not in types and "vbaProject" not in rels
    reread = read_document(out)
    assert reread.paragraphs[i].text == "改写" + first[2:] and not reread.converted_from


def test_a_broken_or_empty_docm_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "坏.docm"
    broken.write_bytes(DOCX.read_bytes()[:3000])
    with pytest.raises(DocumentReadError, match="坏.docm.*损坏"):
        read_document(broken)


def test_cli_checks_and_fixes_a_docm_into_a_docx(tmp_path: Path) -> None:
    docm = make_docm(tmp_path / "收文.docm")
    original = docm.read_bytes()
    env = {**os.environ, "GOV_DOCS_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    res = subprocess.run([sys.executable, "-m", "gov_docs.cli", "check", str(docm)],
                         capture_output=True, text=True, env=env, timeout=600)
    assert res.returncode in (0, 1), res.stderr
    assert res.stdout.startswith(f"{docm}：") and "Traceback" not in res.stderr
    res = subprocess.run([sys.executable, "-m", "gov_docs.cli", "fix", str(docm)],
                         capture_output=True, text=True, env=env, timeout=600)
    assert res.returncode == 2 and "-o" in res.stderr and "Traceback" not in res.stderr
    out = tmp_path / "收文.docx"
    res = subprocess.run([sys.executable, "-m", "gov_docs.cli", "fix", str(docm), "-o", str(out)],
                         capture_output=True, text=True, env=env, timeout=600)
    assert res.returncode == 0, res.stderr
    assert out.exists() and docm.read_bytes() == original
