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

ROOT = Path(__file__).resolve().parent.parent.parent
DOCX = ROOT / "tests" / "fixtures" / "real_docx" / "01_notice_red_border.docx"
PLAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO = "application/vnd.ms-word.document.macroEnabled.main+xml"


def make_docm(out: Path, source: Path = DOCX) -> Path:
    """Write ``source`` as Word writes a .docm: the macro-enabled main type, a VBA project and its data,
    their content types and the document's relationship to the project."""
    with zipfile.ZipFile(source) as zi, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zo:
        for it in zi.infolist():
            data = zi.read(it.filename)
            if it.filename == "[Content_Types].xml":
                data = data.replace(PLAIN.encode(), MACRO.encode()).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    b'<Override PartName="/word/vbaData.xml" '
                    b'ContentType="application/vnd.ms-word.vbaData+xml"/></Types>')
            elif it.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
                    b'vbaProject" Target="vbaProject.bin"/></Relationships>')
            zo.writestr(it, data)
        zo.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
        zo.writestr("word/vbaData.xml", '<?xml version="1.0"?><wne:vbaSuppData '
                    'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>')
        zo.writestr("word/_rels/vbaProject.bin.rels", '<?xml version="1.0"?><Relationships '
                    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
    return out


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
    assert PLAIN in types and "macroEnabled" not in types and "vbaProject" not in rels
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
