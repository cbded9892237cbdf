"""Hostile .docx files: zip bombs and fuzzed packages give clear errors within bounded time."""

from __future__ import annotations

import sys
import time
import zipfile
from pathlib import Path

import pytest

from gov_docs.document import DocumentReadError, read_document

ROOT = Path(__file__).resolve().parent.parent.parent


def test_zip_bomb_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as fh:
            chunk = b"<w:p/>" * (1 << 16)
            for _ in range(800):  # ~300 MB uncompressed, ~0.3 MB on disk
                fh.write(chunk)
    assert path.stat().st_size < 5 * 1024 * 1024
    t0 = time.perf_counter()
    with pytest.raises(DocumentReadError, match="压缩炸弹|解压后过大"):
        read_document(path)
    assert time.perf_counter() - t0 < 5


def test_fuzzed_packages_never_escape_as_tracebacks() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import fuzz_readers


    sys_argv = sys.argv
    sys.argv = ["fuzz_readers.py", "--n", "300", "--seed", "7", "--limit-s", "5"]
    try:
        assert fuzz_readers.main() == 0
    finally:
        sys.argv = sys_argv


def test_a_100_mb_docx_reads_in_bounded_time(tmp_path: Path) -> None:
    import os

    import docx

    small = tmp_path / "small.docx"
    d = docx.Document()
    d.add_paragraph("某某市人民政府关于开展检查的通知")
    d.add_paragraph("各单位：")
    d.add_paragraph("请认真落实。")
    d.save(small)
    big = tmp_path / "big.docx"
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        with dst.open("word/media/scan.bin", "w") as fh:  # a scanned attachment: 100 MB that is not XML
            for _ in range(100):
                fh.write(os.urandom(1 << 20))
    assert big.stat().st_size > 100 * 1024 * 1024
    t0 = time.perf_counter()
    doc = read_document(big)
    assert doc.title == "某某市人民政府关于开展检查的通知"
    assert time.perf_counter() - t0 < 10
