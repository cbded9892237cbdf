"""Document model, role detection, readers (.docx, .txt) and the GB/T 9704 .docx writer.

Import-light: nothing here imports Qt, and python-docx is imported only when a .docx is read or written.
"""

from __future__ import annotations

from pathlib import Path

from gov_docs.document.doctypes import DOC_TYPES, doc_type_of_title
from gov_docs.document.errors import TEMPLATE_MESSAGE, DocumentReadError, DocumentWriteError
from gov_docs.document.model import Alignment, Document, PageSetup, Paragraph, Role, Run
from gov_docs.document.roles import detect_roles, heading_level
from gov_docs.document.txt_reader import document_from_text, read_txt

#: File suffixes the readers accept.
READABLE_SUFFIXES = (".docx", ".txt")
#: Office formats the readers do not take: a folder check names them instead of passing over them.
LEGACY_SUFFIXES = (".doc", ".wps", ".wpt", ".dot", ".rtf", ".pdf", ".odt", ".ofd")
#: Of those, the ones read through LibreOffice when it is installed (document/legacy.py); a binary .wps
#: too (:func:`converts_through_office`).
CONVERTIBLE_SUFFIXES = (".doc", ".rtf", ".odt")


def reads_as_docx(path: Path) -> bool:
    """Return True for a Word 2007 package: a .docx or .docm, or a .wps that WPS Office wrote as one.

    WPS saves its own .wps suffix in two formats: the old binary one (not read) and the Word 2007 package
    (a zip holding word/document.xml), which reads, checks and saves like a .docx.
    """
    suffix = path.suffix.lower()
    if suffix in (".docx", ".docm"):
        return True
    if suffix != ".wps":
        return False
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            return "word/document.xml" in zf.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def converts_through_office(path: Path) -> bool:
    """Return True for a file read through LibreOffice: a .doc, .rtf or .odt, or a .wps in WPS's binary
    format (WPS writes it as a Word 97 file; a .wps that is a Word 2007 package reads directly).
    """
    suffix = path.suffix.lower()
    return suffix in CONVERTIBLE_SUFFIXES or (suffix == ".wps" and not reads_as_docx(path))


def opens_as_copy(path: Path) -> bool:
    """Return True for a file opened as a copy bound to no file (saving asks for a .docx): one read
    through LibreOffice (:func:`converts_through_office`) or a macro-enabled .docm read without its macros.
    """
    from gov_docs.document.legacy import is_macro_document  # lazy: legacy.py imports subprocess, zipfile

    return converts_through_office(path) or is_macro_document(path)


def read_document(path: Path | str) -> Document:
    """Read a .docx or .txt 公文 (roles detected); a .doc, binary .wps, .rtf or .odt through LibreOffice when
    installed; a .docm without its macros.

    Args:
        path: the file.

    Returns:
        The document.

    Raises:
        DocumentReadError: unsupported type, missing, empty, corrupt, encrypted or oversized file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if opens_as_copy(path):
        from gov_docs.document.legacy import read_converted

        return read_converted(path)[0]
    if reads_as_docx(path):
        from gov_docs.document.docx_reader import read_docx

        return read_docx(path)
    if suffix in (".txt", ".text", ""):
        return read_txt(path)
    if suffix in (".dotx", ".dotm", ".wpt", ".dot"):
        raise DocumentReadError(path, TEMPLATE_MESSAGE)
    if suffix in LEGACY_SUFFIXES:
        raise DocumentReadError(path, f"不支持 {suffix} 格式，请先在 Word 或 WPS 中另存为 .docx")
    raise DocumentReadError(path, f"不支持的文件类型 {suffix or '（无扩展名）'}，仅支持 .docx 和 .txt")


def write_docx(doc: Document, path: Path | str) -> Path:
    """Write ``doc`` as a GB/T 9704-2012 .docx (see :mod:`gov_docs.document.docx_writer`)."""
    from gov_docs.document.docx_writer import write_docx as _write

    return _write(doc, path)


__all__ = [
    "DOC_TYPES",
    "CONVERTIBLE_SUFFIXES",
    "LEGACY_SUFFIXES",
    "READABLE_SUFFIXES",
    "Alignment",
    "Document",
    "DocumentReadError",
    "DocumentWriteError",
    "PageSetup",
    "Paragraph",
    "Role",
    "Run",
    "converts_through_office",
    "opens_as_copy",
    "detect_roles",
    "doc_type_of_title",
    "document_from_text",
    "heading_level",
    "read_document",
    "read_txt",
    "reads_as_docx",
    "write_docx",
]
