"""Plain-text reading: encodings, and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_docs.document import DocumentReadError, Role, read_document

TEXT = (
    "国务院办公厅关于开展检查的通知\n国办发〔2024〕1号\n各省、自治区、直辖市人民政府："
    "\n现将有关事项通知如下。\n国务院办公厅\n2024年1月5日\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"doc-{encoding}.txt"
    path.write_bytes(TEXT.encode(encoding))
    doc = read_document(path)
    assert doc.title == "国务院办公厅关于开展检查的通知"
    assert doc.first(Role.DOC_NUMBER).text == "国办发〔2024〕1号"
    assert doc.first(Role.DATE).text == "2024年1月5日"
    assert doc.source_format == "txt"
    assert not doc.has_formatting


def test_crlf_and_fullwidth_indent(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes("关于开展检查的通知\r\n\r\n　　各单位：\r\n　　请认真落实。\r\n".encode())
    doc = read_document(path)
    assert [p.text for p in doc.paragraphs] == ["关于开展检查的通知", "", "各单位：", "请认真落实。"]


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("empty.txt", b"", "文件为空"),
        ("spaces.txt", "   \n\u3000\n".encode(), "文件为空"),
        ("binary.txt", bytes(range(256)) * 40, "不是文本文件"),
        ("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "另存为 .docx"),
        ("pic.png", b"\x89PNG\r\n", "不支持的文件类型"),
    ],
)
def test_bad_files_name_the_file(tmp_path: Path, name: str, content: bytes, fragment: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentReadError) as err:
        read_document(path)
    assert str(path) in str(err.value)
    assert fragment in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentReadError, match="文件不存在"):
        read_document(tmp_path / "nope.txt")
