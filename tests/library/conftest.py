"""A small real library (corpus documents copied to a temp folder) shared by the library tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gov_docs.library.index import LibraryIndex

#: Documents chosen so that citations and topics are testable: g0155 cites g0570 by title and number.
SAMPLE = ["g0155.txt", "g0570.txt", "g0577.txt", "g0153.txt", "g0164.txt", "g0212.txt", "g0250.txt",
          "g0001.txt",
          "g0200.txt", "g0278.txt", "g0357.txt", "g0420.txt", "g0413.txt", "g0590.txt", "g0273.txt",
          "g0029.txt"]


@pytest.fixture(scope="session")
def library(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> tuple[LibraryIndex, Path]:
    root = tmp_path_factory.mktemp("library")
    docs = root / "docs"
    docs.mkdir()
    for name in SAMPLE:
        shutil.copy(corpus_dir / name, docs / name)
    (docs / "broken.docx").write_bytes(b"not a docx at all")
    index = LibraryIndex(root / "index")
    report = index.build([docs])
    assert report.added == len(SAMPLE)
    assert [Path(p).name for p, _ in report.failed] == ["broken.docx"]
    return index, docs
