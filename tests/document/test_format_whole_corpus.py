"""Every corpus file typesets into a .docx whose margins, fonts and sizes plain python-docx confirms."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from gov_docs.document import Role, read_document, write_docx
from gov_docs.document.docx_writer import STYLES


def test_every_corpus_file_formats_to_gbt9704(tmp_path: Path, corpus_dir: Path) -> None:
    files = sorted(corpus_dir.glob("g*.txt"))
    assert len(files) == 600
    checked_runs = 0
    for path in files:
        doc = read_document(path)
        out = write_docx(doc, tmp_path / "out.docx")
        d = docx.Document(str(out))
        s = d.sections[0]
        assert [round(x.mm) for x in (s.page_width, s.page_height, s.top_margin, s.bottom_margin,
                                      s.left_margin, s.right_margin)] == [210, 297, 37, 35, 28, 26], path.name
        for para, model in zip(d.paragraphs, doc.paragraphs, strict=True):
            if not para.runs or model.role is Role.PRINTER:
                continue
            spec = STYLES[model.role]
            run = para.runs[0]
            fonts = run._r.rPr.find(qn("w:rFonts"))
            assert fonts.get(qn("w:eastAsia")) == spec.font, (path.name, model.role, para.text[:20])
            assert fonts.get(qn("w:eastAsiaTheme")) is None
            assert run.font.size.pt == spec.size, (path.name, model.role)
            checked_runs += 1
    assert checked_runs > 10000
