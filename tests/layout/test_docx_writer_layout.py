"""The .docx writer's two layout rules: 版记 at the foot of the last page, long titles split keeping words
whole.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from gov_docs import api
from gov_docs.document import Role, document_from_text, read_document, write_docx
from gov_docs.document.docx_writer import LINE_PITCH_TWIPS, PAGE, colophon_lines
from gov_docs.text.linebreak import break_lines, split_title, widths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
QINGSHI = Path(__file__).resolve().parent / "fixtures" / "qingshi.txt"
TWIPS = 1440 / 25.4


def _paragraph(d, text: str):
    return next(p for p in d.paragraphs if p.text == text)


def test_colophon_is_framed_at_the_foot_of_the_text_block(tmp_path: Path) -> None:
    doc = document_from_text((FIXTURES / "full_notice.txt").read_text(encoding="utf-8"))
    path = write_docx(doc, tmp_path / "notice.docx")
    d = docx.Document(str(path))
    cc = _paragraph(d, "抄送：省委各部门，省人大常委会办公厅。")
    printer = next(p for p in d.paragraphs if p.text.endswith("印发"))
    rows = colophon_lines(doc)
    assert rows == 2
    frames = [p._p.pPr.find(qn("w:framePr")) for p in (cc, printer)]
    for fr in frames:
        assert fr is not None and fr.get(qn("w:vAnchor")) == "page"
        bottom_of_block = (PAGE["height"] - PAGE["bottom"]) * TWIPS
        assert abs(int(fr.get(qn("w:y"))) + rows * LINE_PITCH_TWIPS + 40 - bottom_of_block) < 2
        assert fr.get(qn("w:w")) == str(round(156 * TWIPS))
    # One frame: identical frame and border properties; the rules are 0.35 mm outside, 0.25 mm between.
    assert frames[0].attrib == frames[1].attrib
    borders = [{b.tag.split("}")[1]: b.get(qn("w:sz")) for b in p._p.pPr.find(qn("w:pBdr"))}
               for p in (cc, printer)]
    assert borders[0] == borders[1] == {"top": "8", "bottom": "8", "between": "6"}
    back = read_document(path)
    assert [p.role for p in back.paragraphs if p.role in (Role.CC, Role.PRINTER)] == [Role.CC, Role.PRINTER]


def test_long_title_gets_a_box_that_breaks_it_between_words(tmp_path: Path) -> None:
    doc = read_document(QINGSHI)
    title = doc.first(Role.TITLE).text
    path = write_docx(doc, tmp_path / "qingshi.docx")
    d = docx.Document(str(path))
    para = _paragraph(d, title)  # the text is unchanged: no break characters were added
    ind = para._p.pPr.find(qn("w:ind"))
    left, right = int(ind.get(qn("w:left"))), int(ind.get(qn("w:right")))
    assert left == right > 0
    box = 156 * 72 / 25.4 - 2 * left / 20
    lines = split_title(title, 22.0, 156 * 72 / 25.4)
    assert len(lines) == 3
    # Breaking the title greedily in that box gives exactly the layout's lines.
    assert break_lines(title, 22.0, box, box, widths(title, 22.0)) == lines
    assert para._p.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"


def test_short_title_keeps_the_full_width_and_saved_titles_stay_editable(tmp_path: Path) -> None:
    doc = document_from_text((FIXTURES / "full_notice.txt").read_text(encoding="utf-8"))
    path = write_docx(doc, tmp_path / "n.docx")
    para = _paragraph(docx.Document(str(path)), "某某省人民政府关于加强")
    ind = para._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:left")) in (None, "0")
    od = api.from_text(QINGSHI.read_text(encoding="utf-8"))
    od.save(tmp_path / "saved.docx")
    title = next(p for p in od.document.paragraphs if p.role is Role.TITLE)
    assert not getattr(title, "container", None)  # still matched to its paragraph in the saved file
