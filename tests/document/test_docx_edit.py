"""Edits written back into the original .docx (document/docx_edit.py): runs keep their formatting, text
is edited in place, paragraphs are inserted and removed, format edits land on the named runs, and what
is not touched stays as it was."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Pt

from gov_docs.checks.findings import FormatEdit
from gov_docs.document import read_document
from gov_docs.document.docx_edit import (
    TextEdit,
    apply_format_edits,
    apply_text_edits,
    diff_edits,
    insert_paragraph_after,
    insert_paragraph_before,
    package_bytes,
    paragraph_elements,
    remove_paragraph,
    run_indices,
    runs_for_span,
    unshown_parts,
)
from gov_docs.document.docx_reader import run_text, runs_of

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real_docx"


def _two_runs(tmp_path: Path) -> Path:
    """A .docx whose one paragraph is "请及时" in bold + "按装设备。" in 16 pt."""
    d = docx.Document()
    p = d.add_paragraph()
    bold = p.add_run("请及时")
    bold.bold = True
    plain = p.add_run("按装设备。")
    plain.font.size = Pt(16)
    path = tmp_path / "two_runs.docx"
    d.save(str(path))
    return path


def _runs(p_el) -> list[tuple[str, bool, float | None]]:
    """(text, bold, size) of each run, read back through python-docx."""
    para = docx.text.paragraph.Paragraph(p_el, None)
    return [(r.text, bool(r.bold), r.font.size.pt if r.font.size else None) for r in para.runs]


def test_diff_edits_are_the_smallest_changes() -> None:
    assert diff_edits("请及时按装设备,要再接再励。", "请及时安装设备，要再接再厉。") == [
        TextEdit(3, 4, "安"), TextEdit(7, 8, "，"), TextEdit(12, 13, "厉")]
    assert diff_edits("不变", "不变") == []


def test_a_text_edit_across_two_runs_keeps_each_runs_formatting(tmp_path: Path) -> None:
    d = docx.Document(str(_two_runs(tmp_path)))
    p_el = paragraph_elements(d)[0]
    assert apply_text_edits(p_el, [TextEdit(3, 4, "安")])
    assert _runs(p_el) == [("请及时", True, None), ("安", False, 16.0), ("装设备。", False, 16.0)]
    out = tmp_path / "out.docx"
    out.write_bytes(package_bytes(d))
    assert read_document(out).paragraphs[0].text == "请及时安装设备。"


def test_runs_for_span_splits_exactly_at_the_span(tmp_path: Path) -> None:
    d = docx.Document(str(_two_runs(tmp_path)))
    p_el = paragraph_elements(d)[0]
    span = runs_for_span(p_el, 2, 5)  # "时按装": the end of the bold run and the start of the plain one
    assert [run_text(r) for r in span] == ["时", "按装"]
    assert "".join(run_text(r) for r in runs_of(p_el)) == "请及时按装设备。"


def test_a_deletion_and_a_pure_insertion(tmp_path: Path) -> None:
    d = docx.Document(str(_two_runs(tmp_path)))
    p_el = paragraph_elements(d)[0]
    assert apply_text_edits(p_el, [TextEdit(0, 3, ""), TextEdit(7, 7, "（已完成）")])
    assert _runs(p_el) == [("按装设备（已完成）。", False, 16.0)]  # no empty bold run left behind


def test_inserted_paragraphs_look_like_their_neighbour_and_removal_keeps_the_section(tmp_path: Path) -> None:
    d = docx.Document(str(_two_runs(tmp_path)))
    first = paragraph_elements(d)[0]
    after = insert_paragraph_after(first, "新的一段。", like=first)
    before = insert_paragraph_before(first, "前面一段。")
    assert [run_text(r) for p in paragraph_elements(d) for r in runs_of(p)][:4] == [
        "前面一段。", "请及时", "按装设备。", "新的一段。"]
    assert _runs(after) == [("新的一段。", True, None)]  # the first text run's properties, as Word does
    remove_paragraph(before)
    assert len(paragraph_elements(d)) == 2


def test_format_edits_land_on_the_named_runs_only(tmp_path: Path) -> None:
    src = _two_runs(tmp_path)
    before = read_document(src).paragraphs[0].runs
    d = docx.Document(str(src))
    assert run_indices("run") is None and run_indices("run:0,2") == [0, 2]
    applied = apply_format_edits(d, [FormatEdit(0, "run:1", "size_pt", 22.0),
                                     FormatEdit(0, "run:0", "font_east_asia", "黑体")])
    assert applied == 2
    out = tmp_path / "fmt.docx"
    out.write_bytes(package_bytes(d))
    after = read_document(out).paragraphs[0].runs
    assert [r.text for r in after] == ["请及时", "按装设备。"]
    assert after[0].font_east_asia == "黑体" and after[0].size_pt == before[0].size_pt
    assert after[1].size_pt == 22.0 and after[1].font_east_asia == before[1].font_east_asia


def test_unshown_parts_name_what_is_kept_but_not_edited() -> None:
    d = docx.Document(str(REAL / "18_tables_in_body.docx"))
    parts = unshown_parts(d)
    assert any(p.startswith("表格 ") for p in parts)


def test_a_page_fix_leaves_a_landscape_attachment_section_as_it_is(tmp_path: Path) -> None:
    """A wide attachment table sits in a landscape section: fixing the upright pages' size and margins
    must not turn that section upright (its table would no longer fit)."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    from gov_docs import api

    d = docx.Document()
    for t in ("江北市人民政府关于做好冬季森林防火工作的通知", "各区人民政府：",
              "为切实做好冬季森林防火工作，现将有关事项通知如下。", "附件：森林防火责任清单",
              "江北市人民政府", "2026年12月1日"):
        d.add_paragraph(t)
    wide = d.add_section(WD_SECTION.NEW_PAGE)
    wide.orientation = WD_ORIENT.LANDSCAPE
    wide.page_width, wide.page_height = Mm(297), Mm(210)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(wide, side, Mm(20))
    d.add_paragraph("附件")
    d.add_paragraph("森林防火责任清单")
    d.save(str(tmp_path / "wide.docx"))
    od = api.open(tmp_path / "wide.docx")
    page = [f for f in od.check() if f.rule_id in ("format.page-margins", "format.page-size")]
    assert page and od.fix(page)
    od.save(tmp_path / "out.docx")
    first, second = docx.Document(str(tmp_path / "out.docx")).sections
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert round(first.top_margin.mm) == 37 and round(first.left_margin.mm) == 28
    assert (round(second.page_width.mm), round(second.page_height.mm)) == (297, 210)
    assert [round(getattr(second, s).mm) for s in ("top_margin", "bottom_margin", "left_margin",
                                                   "right_margin")] == [20, 20, 20, 20]
