"""The GB/T 9704 layout engine, one test per rule of the standard, on real text."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_docs.document import Document, Paragraph, Role, document_from_text, read_document
from gov_docs.document.docx_writer import FONT_BODY, FONT_H1, FONT_H2, FONT_PAGE_NUMBER, FONT_TITLE
from gov_docs.layout import geometry as g
from gov_docs.layout import layout_document, relayout
from gov_docs.text.linebreak import NO_LINE_END, NO_LINE_START, break_lines, split_title

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NOTICE = (FIXTURES / "full_notice.txt").read_text(encoding="utf-8")
QINGSHI = Path(__file__).resolve().parent / "fixtures" / "qingshi.txt"


def _row(line) -> float:
    return round((line.top - g.TOP) / g.ROW, 6)


def _cells(text: str, size: float = 16.0) -> float:
    return sum(g.char_width(ch, size) for ch in text) / g.pitch(size)


def _text_lines(page, role=None):
    return [ln for ln in page.lines if ln.kind == "text" and (role is None or ln.role is role)]


@pytest.fixture(scope="module")
def notice():
    doc = document_from_text(NOTICE)
    return doc, layout_document(doc)


@pytest.fixture(scope="module")
def corpus_layouts(corpus_dir):
    out = []
    for name in ("g0001.txt", "g0155.txt", "g0250.txt", "g0420.txt"):
        doc = read_document(corpus_dir / name)
        out.append((doc, layout_document(doc)))
    return out


def test_grid_28_characters_22_lines_inside_the_text_block(corpus_layouts) -> None:
    for _doc, lay in corpus_layouts:
        for page in lay.pages:
            rows = {round(_row(ln), 2) for ln in _text_lines(page)}
            assert len(rows) <= g.ROWS
            for ln in _text_lines(page):
                assert g.TOP - 0.01 <= ln.top and ln.top + ln.height <= g.BOTTOM + 0.01
                assert g.LEFT - 0.01 <= ln.left and ln.right <= g.RIGHT + 0.01, ln.text
                if ln.role in (Role.BODY, Role.ADDRESSEE):
                    assert _cells(ln.text) <= g.COLUMNS + 1e-6, ln.text
    # Full body lines really hold 28 characters (26 after the 2-character indent).
    doc, lay = corpus_layouts[0]
    body = [ln for p in lay.pages for ln in _text_lines(p, Role.BODY)]
    full = [ln for ln in body if all(g.is_full_width(c) for c in ln.text)]
    assert any(len(ln.text) == 28 for ln in full) and any(len(ln.text) == 26 for ln in full)


def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(corpus_layouts) -> None:
    seen = 0
    for doc, lay in corpus_layouts:
        for page in lay.pages:
            for ln in _text_lines(page):
                if not ln.text:
                    continue
                text = doc.paragraphs[ln.paragraph].text
                if ln.start > 0 and text[:ln.start].strip():  # a continuation line
                    seen += 1
                    assert ln.text[0] not in NO_LINE_START, ln.text
                end = ln.start + len(ln.text)
                if end < len(text.rstrip()):
                    assert ln.text[-1] not in NO_LINE_END, ln.text
    assert seen > 100


@pytest.mark.parametrize("mark", list("。，、；：？！）》”"))
def test_a_closing_mark_carries_the_previous_character_down(mark: str) -> None:
    text = "一" * 28 + mark + "二" * 5
    lines = break_lines(text, 16.0, g.TEXT_WIDTH, g.TEXT_WIDTH)
    assert lines[0] == (0, 27)
    assert text[lines[1][0]] == "一" and text[lines[1][0] + 1] == mark


@pytest.mark.parametrize("mark", list("（《“"))
def test_an_opening_mark_never_ends_a_line(mark: str) -> None:
    text = "一" * 27 + mark + "二" * 5
    lines = break_lines(text, 16.0, g.TEXT_WIDTH, g.TEXT_WIDTH)
    assert text[lines[0][1] - 1] != mark and text[lines[1][0]] == mark


def test_figures_are_not_split_and_a_carried_line_is_justified() -> None:
    text = "一" * 26 + "2024年" + "二" * 4
    lines = break_lines(text, 16.0, g.TEXT_WIDTH, g.TEXT_WIDTH)
    assert text[lines[1][0]:lines[1][0] + 4] == "2024"
    doc = Document([Paragraph("一" * 26 + "。" + "二" * 10)])
    first = layout_document(doc).pages[0].lines[0]
    assert first.text == "一" * 25  # "一。" went down together
    assert first.right == pytest.approx(g.RIGHT, abs=0.01)  # and the line is spread to the right edge


def test_fonts_and_sizes_per_role(notice) -> None:
    _doc, lay = notice
    by_role = {}
    for page in lay.pages:
        for ln in _text_lines(page):
            by_role.setdefault(ln.role, ln)
    assert by_role[Role.TITLE].spans[0].font == FONT_TITLE and by_role[Role.TITLE].spans[0].size == 22
    assert by_role[Role.BODY].spans[0].font == FONT_BODY and by_role[Role.BODY].spans[0].size == 16
    assert by_role[Role.HEADING1].spans[0].font == FONT_H1
    h2 = by_role[Role.HEADING2]
    assert h2.spans[0].font == FONT_H2 and h2.spans[0].text == "（一）指导思想。"
    assert h2.spans[1].font == FONT_BODY  # the run-in sentence after the heading is body text
    assert by_role[Role.HEADING3].spans[0].font == FONT_BODY
    assert by_role[Role.HEADING4].spans[0].font == FONT_BODY
    for role in (Role.COPY_NUMBER, Role.SECRECY, Role.URGENCY):
        assert by_role[role].spans[0].font == FONT_H1 and by_role[role].left == pytest.approx(g.LEFT)
    assert [_row(by_role[r]) for r in (Role.COPY_NUMBER, Role.SECRECY, Role.URGENCY)] == [0, 1, 2]
    for role in (Role.CC, Role.PRINTER):
        assert by_role[role].spans[0].size == 14
    # Body paragraphs are indented two characters; 主送 is flush left.
    assert by_role[Role.BODY].left == pytest.approx(g.LEFT + 2 * g.PITCH_3)
    assert by_role[Role.ADDRESSEE].left == pytest.approx(g.LEFT)


def test_red_issuer_mark_and_rule(notice) -> None:
    _doc, lay = notice
    page = lay.pages[0]
    mark = _text_lines(page, Role.ISSUER_MARK)[0]
    assert mark.spans[0].color == g.RED and mark.spans[0].font == FONT_TITLE
    assert mark.top - g.TOP == pytest.approx(35 * g.MM)
    assert (mark.left + mark.right) / 2 == pytest.approx((g.LEFT + g.RIGHT) / 2, abs=0.5)
    number = _text_lines(page, Role.DOC_NUMBER)[0]
    assert (number.left + number.right) / 2 == pytest.approx((g.LEFT + g.RIGHT) / 2, abs=0.5)
    assert _row(number) >= (mark.top + mark.height - g.TOP) / g.ROW + 1.5  # 空二行 under the mark
    rule = next(r for r in page.rules if r.color == g.RED)
    assert rule.x0 == pytest.approx(g.LEFT) and rule.x1 == pytest.approx(g.RIGHT)
    assert rule.y - (number.baseline + 0.12 * 16) == pytest.approx(4 * g.MM)
    title = _text_lines(page, Role.TITLE)[0]
    assert title.top > rule.y + g.ROW  # two lines under the rule


def test_up_document_has_signer_and_lower_mark() -> None:
    doc = read_document(QINGSHI)
    lay = layout_document(doc)
    page = lay.pages[0]
    mark = _text_lines(page, Role.ISSUER_MARK)[0]
    assert mark.top - g.TOP == pytest.approx(80 * g.MM)
    number, signer = _text_lines(page, Role.DOC_NUMBER)
    assert number.top == signer.top  # one line: 发文字号 left, 签发人 right
    assert number.left == pytest.approx(g.LEFT + g.PITCH_3)
    assert signer.right == pytest.approx(g.RIGHT - g.PITCH_3)
    assert signer.spans[0].text == "签发人：" and signer.spans[0].font == FONT_BODY
    assert signer.spans[1].text == "王某某" and signer.spans[1].font == FONT_H2


def test_long_title_splits_into_centred_lines_keeping_words_whole() -> None:
    doc = read_document(QINGSHI)
    lay = layout_document(doc)
    titles = _text_lines(lay.pages[0], Role.TITLE)
    assert len(titles) == 3
    assert "".join(t.text for t in titles) == doc.first(Role.TITLE).text
    for t in titles:
        assert (t.left + t.right) / 2 == pytest.approx((g.LEFT + g.RIGHT) / 2, abs=0.5)
        assert t.right - t.left <= g.TEXT_WIDTH
    lengths = [len(t.text) for t in titles]
    assert not (lengths[1] < lengths[0] and lengths[1] < lengths[2])  # never an hourglass
    assert not titles[0].text.endswith("2024")  # a figure stays with its unit


def test_split_title_keeps_words_and_short_titles() -> None:
    import jieba

    short = "国务院关于加强基层治理的通知"
    assert split_title(short, 22.0, g.TEXT_WIDTH) == [(0, len(short))]
    title = "国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见"
    parts = split_title(title, 22.0, g.TEXT_WIDTH)
    assert len(parts) == 2
    words = set()
    pos = 0
    for w in jieba.lcut(title):
        pos += len(w)
        words.add(pos)
    for _a, b in parts[:-1]:
        assert b in words
    assert abs((parts[0][1] - parts[0][0]) - (parts[1][1] - parts[1][0])) <= 6


def test_attachment_note_hangs(notice) -> None:
    _doc, lay = notice
    notes = [ln for p in lay.pages for ln in _text_lines(p, Role.ATTACHMENT_NOTE)]
    first, second = notes[0], notes[1]
    assert first.text.startswith("附件：1.")
    assert first.left == pytest.approx(g.LEFT + 2 * g.PITCH_3)
    assert second.text.startswith("2.")
    assert second.left == pytest.approx(g.LEFT + 5 * g.PITCH_3)  # under the "1." after "附件："
    long = Document(
        [Paragraph("附件：1.国务院部门及其内设、垂直管理机构政府网站抽查情况汇总表", Role.ATTACHMENT_NOTE)])
    lines = _text_lines(layout_document(long).pages[0], Role.ATTACHMENT_NOTE)
    assert len(lines) == 2
    after_number = g.LEFT + 2 * g.PITCH_3 + sum(g.char_width(c, 16) for c in "附件：1.")
    assert lines[1].left == pytest.approx(after_number)


def test_signature_date_and_note(notice) -> None:
    _doc, lay = notice
    lines = [ln for p in lay.pages for ln in _text_lines(p)]
    sig = next(ln for ln in lines if ln.role is Role.SIGNATURE)
    date = next(ln for ln in lines if ln.role is Role.DATE)
    note = next(ln for ln in lines if ln.role is Role.NOTE)
    assert date.right == pytest.approx(g.RIGHT - 4 * g.PITCH_3)  # 右空四字
    assert (sig.left + sig.right) / 2 == pytest.approx((date.left + date.right) / 2, abs=0.5)
    assert _row(date) == _row(sig) + 1
    assert note.left == pytest.approx(g.LEFT + 2 * g.PITCH_3) and _row(note) == _row(date) + 2


def test_attachment_starts_a_page_with_its_mark_and_title(notice) -> None:
    _doc, lay = notice
    page = next(p for p in lay.pages if _text_lines(p, Role.ATTACHMENT_MARK))
    mark = _text_lines(page, Role.ATTACHMENT_MARK)[0]
    assert _row(mark) == 0 and mark.left == pytest.approx(g.LEFT) and mark.spans[0].font == FONT_H1
    title = _text_lines(page, Role.TITLE)[0]
    assert _row(title) == 2 and title.spans[0].size == 22


def test_colophon_sits_at_the_foot_of_the_last_page(notice) -> None:
    _doc, lay = notice
    last = lay.pages[-1]
    col = [ln for ln in _text_lines(last) if ln.role in (Role.CC, Role.PRINTER)]
    assert col and max(_row(ln) for ln in col) == g.ROWS - 1
    org, date = [ln for ln in col if ln.role is Role.PRINTER]
    assert org.top == date.top
    assert (org.left == pytest.approx(g.LEFT + g.pitch(14))
            and date.right == pytest.approx(g.RIGHT - g.pitch(14)))
    widths = sorted(r.width for r in last.rules)
    assert widths == pytest.approx([0.25 * g.MM, 0.35 * g.MM, 0.35 * g.MM])
    assert max(r.y for r in last.rules) == pytest.approx(g.BOTTOM)
    assert last.number == len(lay.pages)


def test_colophon_gets_its_own_unnumbered_page_when_it_does_not_fit() -> None:
    paras = [Paragraph("一" * 28 * 20 + "。")] + [
        Paragraph("抄送：省委各部门，省人大常委会办公厅，省政协办公厅，省法院，省检察院。", Role.CC),
        Paragraph("某某省人民政府办公厅 2024年3月5日印发", Role.PRINTER),
    ]
    lay = layout_document(Document(paras))
    assert [p.kind for p in lay.pages] == ["body", "colophon"]
    assert lay.pages[-1].number is None
    assert not [ln for ln in lay.pages[-1].lines if ln.kind == "page_number"]
    assert max(_row(ln) for ln in lay.pages[-1].lines) == g.ROWS - 1


def test_page_numbers_alternate_sides(corpus_layouts) -> None:
    _doc, lay = corpus_layouts[0]
    assert lay.page_count >= 3
    for page in lay.pages:
        nums = [ln for ln in page.lines if ln.kind == "page_number"]
        assert len(nums) == 1
        n = nums[0]
        assert n.text == f"— {page.index + 1} —"
        assert n.spans[0].font == FONT_PAGE_NUMBER and n.spans[0].size == 14
        assert n.top == pytest.approx(g.BOTTOM + 7 * g.MM)
        if (page.index + 1) % 2:
            assert n.right == pytest.approx(g.RIGHT - g.pitch(14))
        else:
            assert n.left == pytest.approx(g.LEFT + g.pitch(14))


def test_relayout_after_a_keystroke_keeps_earlier_pages(corpus_dir) -> None:
    doc = read_document(corpus_dir / "g0001.txt")
    doc.paragraphs = doc.paragraphs * 4
    old = layout_document(doc)
    assert old.page_count > 20
    page_of = {}
    for p in old.pages:
        for ln in p.lines:
            page_of.setdefault(ln.paragraph, p.index)
    para = next(i for i, p in enumerate(doc.paragraphs) if p.role is Role.BODY and page_of.get(i, 0) >= 15)
    edited = Document(list(doc.paragraphs), doc.page)
    edited.paragraphs[para] = edited.paragraphs[para].with_text(edited.paragraphs[para].text + "新增一句话。")
    new = relayout(old, edited)
    full = layout_document(edited)
    assert new.relaid_pages < old.page_count - 10
    for p in new.pages[: page_of[para] - 1]:
        assert p.lines[0] is old.pages[p.index].lines[0]  # kept, not laid out again
    assert [[(ln.text, ln.top, ln.left) for ln in p.lines] for p in new.pages] == \
        [[(ln.text, ln.top, ln.left) for ln in p.lines] for p in full.pages]


def test_relayout_stops_when_the_pages_fall_back_into_step(corpus_dir) -> None:
    doc = read_document(corpus_dir / "g0001.txt")
    doc.paragraphs = doc.paragraphs * 4
    old = layout_document(doc)
    middle = next(ln.paragraph for ln in old.pages[15].lines if ln.paragraph >= 0 and len(ln.text) > 20)
    edited = Document(list(doc.paragraphs), doc.page)
    p = edited.paragraphs[middle]
    edited.paragraphs[middle] = p.with_text(p.text.replace(p.text[3], "某", 1))  # one character typed over
    new = relayout(old, edited)
    assert new.relaid_pages <= 2
    full = layout_document(edited)
    assert [[(ln.text, ln.top, ln.left) for ln in p.lines] for p in new.pages] == \
        [[(ln.text, ln.top, ln.left) for ln in p.lines] for p in full.pages]
    assert new.pages[-1].lines[0] is old.pages[-1].lines[0]  # the pages after it were taken over


def test_seal_position_presses_on_signature_and_date(notice) -> None:
    _doc, lay = notice
    page = next(p for p in lay.pages if p.seal is not None)
    cx, cy, r = page.seal
    date = next(ln for ln in page.lines if ln.role is Role.DATE)
    sig = next(ln for ln in page.lines if ln.role is Role.SIGNATURE)
    assert cx == pytest.approx((date.left + date.right) / 2)
    assert r == pytest.approx(21 * g.MM)
    for ln in (sig, date):  # both inside the seal, its centre a little above their middle
        assert abs(ln.baseline - cy) < r and ln.left > cx - r and ln.right < cx + r
    assert cy < (sig.top + date.top + date.height) / 2
    assert sum(p.seal is not None for p in lay.pages) == 1
