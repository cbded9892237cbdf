""".doc, .rtf and .odt files opened through LibreOffice (installed by the README's first command): the
same roles and findings as the .docx of the same text, the clerk's file never written, a clear message
when the file is broken or LibreOffice is missing.

The fixtures in tests/fixtures/legacy were written by LibreOffice Writer from
tests/fixtures/office_docx/lo06_scheme.html (``soffice --headless --convert-to 'doc:MS Word 97'`` and
``--convert-to odt``), the same source as lo06_scheme.docx.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gov_docs import api
from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document import DocumentReadError, Role, read_document
from gov_docs.document.legacy import office_converter
from gov_docs.errors import GovDocsError
from gov_docs.paths import rules_dir

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DOC = FIXTURES / "legacy" / "森林防火通知.doc"
ODT = FIXTURES / "legacy" / "森林防火通知.odt"
DOCX = FIXTURES / "office_docx" / "lo06_scheme.docx"


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_rules([rules_dir()]), allow_list=AllowList())


def test_libreoffice_is_installed_by_the_setup() -> None:
    assert office_converter() is not None, "scripts/setup.sh installs libreoffice-writer-nogui"


@pytest.mark.parametrize("path", [DOC, ODT], ids=["doc", "odt"])
def test_roles_and_findings_match_the_docx(path: Path, checker: Checker) -> None:
    legacy, docx = read_document(path), read_document(DOCX)
    assert [(p.text, p.role) for p in legacy.paragraphs] == [(p.text, p.role) for p in docx.paragraphs]
    assert legacy.source == path and legacy.converted_from == path.suffix
    assert {(f.rule_id, f.paragraph) for f in checker.check(legacy)} == \
        {(f.rule_id, f.paragraph) for f in checker.check(docx)}


def test_a_binary_wps_reads_through_libreoffice(tmp_path: Path, checker: Checker) -> None:
    """WPS writes its binary .wps as a Word 97 file: it reads like the .doc (a .wps that is a Word 2007
    package reads directly, tests/document/test_wps_packages.py)."""
    wps = shutil.copy(DOC, tmp_path / "森林防火通知.wps")
    doc = read_document(wps)
    assert doc.converted_from == ".wps"
    assert [p.role for p in doc.paragraphs] == [p.role for p in read_document(DOCX).paragraphs]
    assert api.open(wps, checker=checker).suggested_path == tmp_path / "森林防火通知.docx"


def test_opened_unbound_and_saved_as_docx_beside_it(tmp_path: Path, checker: Checker) -> None:
    src = shutil.copy(DOC, tmp_path / "森林防火通知.doc")
    original = src.read_bytes()
    od = api.open(src, checker=checker)
    assert od.path is None and od.is_docx and "森林防火通知.doc" in od.name
    assert od.suggested_path == tmp_path / "森林防火通知.docx"
    with pytest.raises(GovDocsError, match="另存为"):
        od.save()  # never written over the .doc
    heading = next(i for i, p in enumerate(od.document.paragraphs) if p.text.startswith("（一）强化"))
    od.replace(heading, 3, 7, "严格入山")
    out = od.save(od.suggested_path)
    assert src.read_bytes() == original
    reread = read_document(out)
    assert reread.paragraphs[heading].text.startswith("（一）严格入山管理")
    assert reread.paragraphs[heading].role is Role.HEADING2  # the converted package kept its styles
    assert od.path == out and not read_document(out).converted_from


def test_a_broken_doc_and_a_missing_converter_say_what_to_do(tmp_path: Path, monkeypatch) -> None:
    broken = tmp_path / "旧稿.doc"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # an OLE header and nothing else
    with pytest.raises(DocumentReadError, match="旧稿.doc.*LibreOffice 无法转换.*另存为 .docx"):
        read_document(broken)
    monkeypatch.setenv("GOV_DOCS_SOFFICE", "")
    with pytest.raises(DocumentReadError, match="森林防火通知.doc.*另存为 .docx.*安装 LibreOffice"):
        api.open(DOC)


def test_cli_checks_and_annotates_a_doc(tmp_path: Path) -> None:
    src = shutil.copy(DOC, tmp_path / "森林防火通知.doc")
    original = src.read_bytes()
    out = tmp_path / "批注.docx"
    env = {**os.environ, "GOV_DOCS_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    res = subprocess.run([sys.executable, "-m", "gov_docs.cli", "check", str(src), "--annotate", str(out)],
                         capture_output=True, text=True, env=env, timeout=600)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(f"{src}：") and "必错 0" in res.stdout
    assert out.exists() and read_document(out).paragraphs[0].text.startswith("清河县人民政府办公室")
    assert src.read_bytes() == original
