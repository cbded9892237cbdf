"""Files WPS Office writes under its own names, and Word packages that are not plain documents.

WPS saves a .wps either in its old binary format or as a Word 2007 package; the package reads, checks
and saves like a .docx. A macro-enabled .docm or a template is named in words instead of a bare
"structure does not match" message. The 版头 of WPS's own 公文样章 (份号, a blank 密级 ×密★10年, 特急,
then 发文机关标志) is read line by line, not as a title.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt, RGBColor

from gov_docs import api
from gov_docs.document import DocumentReadError, Role, document_from_text, read_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "real_docx"

#: The head of WPS's 公文样章 template: blank 密级 and a placeholder 发文字号 and title.
SAMPLE_HEAD = [
    ("000001", 16, None, False),
    ("×密★10年", 16, None, False),
    ("特急", 16, None, False),
    ("发文机关文件", 48, RGBColor(0xFF, 0, 0), True),
    ("", 16, None, False),
    ("机关代字〔20××〕×号", 16, None, True),
    ("", 16, None, False),
    ("×××关于×××", 22, None, True),
    ("×××××××的通告", 22, None, True),
    ("", 16, None, False),
    ("主送机关：", 16, None, False),
    ("正文内容正文内容正文内容正文内容正文内容。", 16, None, False),
]


def _sample(path: Path) -> Path:
    d = docx.Document()
    for text, size, color, centred in SAMPLE_HEAD:
        p = d.add_paragraph()
        if centred:
            p.alignment = 1
        r = p.add_run(text)
        r.font.size = Pt(size)
        if color is not None:
            r.font.color.rgb = color
    d.save(str(path))
    return path


def _roles(doc) -> dict[str, Role]:
    return {p.text: p.role for p in doc.paragraphs if p.text}


def test_a_blank_secrecy_line_is_the_secrecy_not_the_title() -> None:
    doc = document_from_text("000001\n×密★10年\n特急\n\nXX市人民政府文件\n\nXX政发〔2025〕3号\n\n"
                             "XX市人民政府关于做好冬季森林防火工作的通知\n\n各区人民政府：\n现将有关事项通知如下。\n")
    roles = _roles(doc)
    assert roles["×密★10年"] is Role.SECRECY
    assert roles["特急"] is Role.URGENCY
    assert roles["XX市人民政府文件"] is Role.ISSUER_MARK
    assert roles["XX政发〔2025〕3号"] is Role.DOC_NUMBER
    assert doc.title == "XX市人民政府关于做好冬季森林防火工作的通知"
    assert roles["各区人民政府："] is Role.ADDRESSEE
    # the blank level is a placeholder the clerk has to fill
    sec = next(p for p in doc.paragraphs if p.text == "×密★10年")
    assert sec.placeholders == [(0, 1)]


def test_a_title_never_takes_in_an_urgency_line() -> None:
    """Before this, a 密级 the patterns did not know became a title line and took 特急 with it."""
    doc = document_from_text("特急\n关于做好冬季森林防火工作的通知\n各区人民政府：\n现将有关事项通知如下。\n")
    assert _roles(doc)["特急"] is Role.URGENCY
    assert doc.title == "关于做好冬季森林防火工作的通知"


def test_a_wps_file_written_as_a_word_package_reads_checks_and_saves(tmp_path: Path) -> None:
    src = _sample(tmp_path / "公文样章.wps")
    doc = read_document(src)
    roles = _roles(doc)
    assert roles["×密★10年"] is Role.SECRECY and roles["特急"] is Role.URGENCY
    assert roles["发文机关文件"] is Role.ISSUER_MARK
    assert roles["机关代字〔20××〕×号"] is Role.DOC_NUMBER
    assert roles["×××关于×××"] is Role.TITLE and roles["×××××××的通告"] is Role.TITLE
    od = api.open(src)
    assert od.is_docx
    assert not [f for f in od.check() if f.paragraph in (1, 2) and f.rule_id.startswith("format.title")]
    body = od.document.paragraphs[11].text
    od.replace(11, 0, len(body), "本通告自发布之日起施行。")
    od.save()
    with zipfile.ZipFile(src) as zf:  # still the Word package WPS wrote, in the clerk's own file
        assert "word/document.xml" in zf.namelist()
    assert "本通告自发布之日起施行。" in read_document(src).text


def test_a_folder_check_reads_a_wps_package_and_names_a_binary_wps(tmp_path: Path) -> None:
    folder = tmp_path / "收文"
    folder.mkdir()
    _sample(folder / "样章.wps")
    (folder / "旧稿.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    res = subprocess.run([sys.executable, "-m", "gov_docs.cli", "check", str(folder)],
                         capture_output=True, text=True, timeout=300)
    assert "样章.wps：" in res.stdout
    assert "旧稿.wps" in res.stderr and "另存为 .docx" in res.stderr
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize(("content_type", "words"), [
    ("application/vnd.ms-word.document.macroEnabled.main+xml", "启用宏的 Word 文档（.docm）"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml", "用它新建文档"),
    ("application/vnd.ms-word.template.macroEnabledTemplate.main+xml", "用它新建文档"),
])
def test_macro_documents_and_templates_are_named(tmp_path: Path, content_type: str, words: str) -> None:
    """A package whose name hides its kind (a .docm named .docx) is named in words; a file named .docm
    opens as a copy without its macros (tests/document/test_macro_documents.py)."""
    plain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    out = tmp_path / "收文.docx"
    with zipfile.ZipFile(FIXTURES / "01_notice_red_border.docx") as zi, zipfile.ZipFile(out, "w") as zo:
        for it in zi.infolist():
            data = zi.read(it.filename)
            if it.filename == "[Content_Types].xml":
                assert plain.encode() in data
                data = data.replace(plain.encode(), content_type.encode())
            zo.writestr(it, data)
    with pytest.raises(DocumentReadError) as err:
        read_document(out)
    assert words in str(err.value) and ".docx" in str(err.value)
    assert "收文.docx" in str(err.value)


@pytest.mark.parametrize("suffix", [".dotx", ".wpt", ".dotm"])
def test_a_template_by_its_name_says_to_make_a_document_first(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"红头模板{suffix}"
    path.write_bytes((FIXTURES / "01_notice_red_border.docx").read_bytes())
    with pytest.raises(DocumentReadError) as err:
        read_document(path)
    assert "模板" in str(err.value) and "用它新建文档" in str(err.value) and path.name in str(err.value)


def test_the_organs_under_a_bare_cc_label_are_the_cc() -> None:
    """WPS's 版记 puts "抄送：" on a line of its own and the organs on the next: both are 抄送, not 印发."""
    doc = document_from_text("关于开展检查的通知\n各单位：\n请落实。\n\n江北市人民政府\n2026年1月5日\n\n"
                             "抄送：\n市委办公室，市人大常委会办公室。\n"
                             "江北市人民政府办公室 2026年1月5日印发\n")
    roles = _roles(doc)
    assert roles["抄送："] is Role.CC and roles["市委办公室，市人大常委会办公室。"] is Role.CC
    assert roles["江北市人民政府办公室 2026年1月5日印发"] is Role.PRINTER
