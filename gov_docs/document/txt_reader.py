"""Plain-text reader: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK, detected."""

from __future__ import annotations

from pathlib import Path

from gov_docs.document.errors import DocumentReadError
from gov_docs.document.model import Document, PageSetup, Paragraph
from gov_docs.document.roles import clean, detect_roles

#: Plain-text files larger than this are refused (a 5,000-page 公文 is about 4 MB of text).
MAX_TXT_BYTES = 64 * 1024 * 1024


def decode_text(data: bytes, path: Path | str = "<bytes>") -> str:
    r"""Decode bytes of Chinese text, detecting the encoding.

    Args:
        data: raw file content.
        path: used only in error messages.

    Returns:
        The decoded text with newlines normalised to ``\\n``.

    Raises:
        DocumentReadError: binary content or an undetectable encoding.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        if b"\x00" in data:
            raise DocumentReadError(path, "不是文本文件（含有二进制内容），请选择 .txt 或 .docx 公文")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                text = _detect(data, path)
    bad = sum(1 for ch in text[:20000] if (ord(ch) < 32 and ch not in "\r\n\t\f") or ch == "\ufffd")
    if bad > max(8, len(text[:20000]) // 50):
        raise DocumentReadError(path, "不是文本文件或编码无法识别（乱码过多）")
    sample = text[:20000]
    readable = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff" or ch.isascii()
                   and (ch.isprintable() or ch.isspace())
                   or ch in "，。、；：？！“”‘’（）《》〔〕…—　")
    if sample.strip() and readable < len(sample) * 0.6:
        raise DocumentReadError(path, "不是文本文件：内容大多不是可读的文字（可能是二进制文件改了扩展名）")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _detect(data: bytes, path: Path | str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentReadError(path, "无法识别文本编码（既不是 UTF-8 也不是 GB18030/GBK）")
    return str(best)


def paragraphs_from_text(text: str) -> list[Paragraph]:
    """Split text into paragraphs, one per line, with surrounding spaces removed."""
    return [Paragraph(text=clean(line).replace("\t", " ")) for line in text.split("\n")]


def read_txt(path: Path | str) -> Document:
    """Read a plain-text 公文 and detect paragraph roles.

    Raises:
        DocumentReadError: missing, empty, too large, binary or undecodable file.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_TXT_BYTES:
            raise DocumentReadError(path, f"文件过大（{size / 1048576:.0f} MB），纯文本公文上限为 64 MB")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentReadError(path, "文件不存在") from exc
    except IsADirectoryError as exc:
        raise DocumentReadError(path, "这是一个文件夹，不是文件") from exc
    except PermissionError as exc:
        raise DocumentReadError(path, "没有读取权限") from exc
    text = decode_text(data, path)
    if not text.strip():
        raise DocumentReadError(path, "文件为空")
    paras = paragraphs_from_text(text)
    # Drop trailing blank lines; keep inner ones (they separate blocks).
    while paras and not paras[-1].text:
        paras.pop()
    doc = Document(paragraphs=paras, page=PageSetup.unknown(), source=path, source_format="txt")
    return detect_roles(doc)


def document_from_text(text: str) -> Document:
    """Build a document from a string (used by the GUI, drafting and tests)."""
    paras = paragraphs_from_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    while paras and not paras[-1].text:
        paras.pop()
    return detect_roles(Document(paragraphs=paras, page=PageSetup.unknown(), source_format="txt"))
