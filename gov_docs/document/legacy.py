"""Older office formats (.doc, binary .wps, .rtf, .odt) opened through LibreOffice, when it is installed.

Many offices still pass 公文 around as Word 97 .doc files. The readers take only Word 2007 packages, so a
.doc is converted — by LibreOffice in headless mode, on this machine, with a profile of its own in a
temporary folder (a LibreOffice the clerk has open is not disturbed) — into a .docx held in memory. The
clerk's file is never written: the converted document is opened unbound, and saving asks where to put the
.docx (beside the original, same name, by default).

Without LibreOffice the message says how to go on (另存为 .docx in Word/WPS, or install LibreOffice).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from gov_docs.document.errors import DocumentReadError

# The formats converted (Word 97–2003, RTF, OpenDocument text) are ``document.CONVERTIBLE_SUFFIXES``.

#: How long a conversion may take (a 100-page .doc takes a few seconds; a hung office suite must not
#: hang the checker).
TIMEOUT_S = 180

_WINDOWS_PATHS = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                  r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
_MAC_PATH = "/Applications/LibreOffice.app/Contents/MacOS/soffice"


def office_converter() -> Path | None:
    """Return LibreOffice's ``soffice`` program, or None when LibreOffice is not installed.

    ``GOV_DOCS_SOFFICE`` names it explicitly (an empty value turns conversion off).
    """
    explicit = os.environ.get("GOV_DOCS_SOFFICE")
    if explicit is not None:
        return Path(explicit) if explicit and Path(explicit).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for candidate in (*_WINDOWS_PATHS, _MAC_PATH):
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def unsupported_message(suffix: str) -> str:
    """Return what to tell a clerk whose ``suffix`` file cannot be converted here."""
    return (f"不支持直接读取 {suffix} 格式：请在 Word 或 WPS 中另存为 .docx 后再打开"
            "（本机安装 LibreOffice 后，本程序可自动转换 .doc、.wps、.rtf、.odt 文件）")


def convert_to_docx(path: Path, out_dir: Path) -> Path:
    """Convert ``path`` (a .doc, binary .wps, .rtf or .odt) to a Word 2007 package by LibreOffice, in
    ``out_dir`` (a temporary folder of the caller's), and return the package's path there.

    Raises:
        DocumentReadError: LibreOffice missing, the file missing or unreadable, or the conversion failed
            or timed out (the message names the file and the problem).
    """
    path = Path(path)
    if not path.is_file():
        raise DocumentReadError(path, "文件不存在")
    if path.stat().st_size == 0:
        raise DocumentReadError(path, "文件为空（0 字节）")
    soffice = office_converter()
    if soffice is None:
        raise DocumentReadError(path, unsupported_message(path.suffix.lower()))
    # A copy with a plain name: LibreOffice names its output after the input, and a name with odd
    # characters or a second dot must not decide where the result lands.
    source = out_dir / f"source{path.suffix.lower()}"
    try:
        shutil.copyfile(path, source)
    except OSError as exc:
        raise DocumentReadError(path, f"无法读取：{exc.strerror or exc}") from exc
    cmd = [str(soffice), f"-env:UserInstallation={(out_dir / 'profile').as_uri()}", "--headless",
           "--norestore", "--nologo", "--convert-to", "docx:MS Word 2007 XML",
           "--outdir", str(out_dir / "out"), str(source)]
    try:
        subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise DocumentReadError(path, f"用 LibreOffice 转换超时（{TIMEOUT_S} 秒），请在 Word 或 WPS 中"
                                      "另存为 .docx 后再打开") from exc
    except OSError as exc:
        raise DocumentReadError(path, f"无法启动 LibreOffice（{soffice}）：{exc.strerror or exc}") \
            from exc
    result = out_dir / "out" / "source.docx"
    if not result.is_file() or result.stat().st_size == 0:
        raise DocumentReadError(path, "LibreOffice 无法转换这个文件（文件可能已损坏、已加密，或不是 "
                                      f"{path.suffix.lower()} 格式），"
                                      "请在 Word 或 WPS 中另存为 .docx 后再打开")
    return result


def read_converted(path: Path) -> tuple[object, object, bytes]:
    """Convert ``path`` and read it: (the document, its parsed package, the .docx bytes).

    The document's ``source`` is the clerk's file and ``converted_from`` its suffix; a problem in the
    converted package is reported under the clerk's file name.
    """
    from gov_docs.document.docx_reader import read_docx_package

    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="gov-docs-convert-") as tmp:
        converted = convert_to_docx(path, Path(tmp))
        try:
            doc, parsed = read_docx_package(converted)
        except DocumentReadError as exc:
            raise DocumentReadError(path, f"转换后的内容{exc.reason}") from exc
        data = converted.read_bytes()
    doc.source = path
    doc.converted_from = path.suffix.lower()
    return doc, parsed, data
