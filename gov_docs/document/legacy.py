"""Files opened as a copy: older office formats (.doc, binary .wps, .rtf, .odt) through LibreOffice, when it
is installed, and macro-enabled Word documents (.docm) without their macros.

Many offices still pass 公文 around as Word 97 .doc files. The readers take only Word 2007 packages, so a
.doc is converted — by LibreOffice in headless mode, on this machine, with a profile of its own in a
temporary folder (a LibreOffice the clerk has open is not disturbed) — into a .docx held in memory. The
clerk's file is never written: the converted document is opened unbound, and saving asks where to put the
.docx (beside the original, same name, by default).

Without LibreOffice the message says how to go on (另存为 .docx in Word/WPS, or install LibreOffice).

A .docm (OA systems and WPS's 套红 add-ins keep documents in them) is a Word 2007 package with a VBA
project: the copy read is the same package without the VBA parts, typed as a plain document; the macros
are never run, and the clerk's .docm is never written (saving asks for a .docx, as for a .doc).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
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


#: The content types of a macro-enabled document's main part and of a plain document's.
_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_PLAIN_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#: The parts that hold the VBA project (and its data, signatures and relationships).
_VBA_PART = re.compile(r"^word/(vbaProject\.bin|vbaData\.xml|vbaProjectSignature[^/]*\.bin|"
                       r"_rels/vbaProject\.bin\.rels)$", re.IGNORECASE)


def is_macro_document(path: Path) -> bool:
    """Return True for a macro-enabled Word document (.docm), read as a copy without its macros."""
    return Path(path).suffix.lower() == ".docm"


def macro_free_copy(path: Path, out_dir: Path) -> Path:
    """Write ``path`` (a .docm) to ``out_dir`` as a plain .docx: the same parts without the VBA project,
    the main part typed as a document; return the copy's path. The clerk's file is only read.
    """
    from gov_docs.document.docx_reader import MAX_XML_BYTES

    out = out_dir / (path.stem + ".docx")
    try:
        with zipfile.ZipFile(path) as zi:
            infos = zi.infolist()
            if sum(i.file_size for i in infos) > MAX_XML_BYTES:
                raise DocumentReadError(path, f"文件解压后过大，上限为 {MAX_XML_BYTES // 1048576} MB")
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zo:
                for info in infos:
                    if _VBA_PART.match(info.filename):
                        continue
                    data = zi.read(info.filename)
                    if info.filename == "[Content_Types].xml":
                        text = data.decode("utf-8")
                        text = re.sub(r"<Override[^>]*PartName=\"/word/vba[^\"]*\"[^>]*/>", "", text)
                        data = text.replace(_MACRO_MAIN, _PLAIN_MAIN).encode("utf-8")
                    elif info.filename == "word/_rels/document.xml.rels":
                        data = re.sub(rb"<Relationship[^>]*Target=\"vba[^\"]*\"[^>]*/>", b"", data)
                    zo.writestr(info.filename, data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, UnicodeDecodeError, EOFError, KeyError) as exc:
        raise DocumentReadError(path, "文件已损坏或被截断，无法解压") from exc
    except OSError as exc:
        raise DocumentReadError(path, f"无法读取：{exc.strerror or exc}") from exc
    return out


def read_converted(path: Path) -> tuple[object, object, bytes]:
    """Convert ``path`` and read it: (the document, its parsed package, the .docx bytes).

    A .docm is copied without its macros; the other formats go through LibreOffice. The document's
    ``source`` is the clerk's file and ``converted_from`` its suffix; a problem in the converted package is
    reported under the clerk's file name.
    """
    from gov_docs.document.docx_reader import read_docx_package

    path = Path(path)
    macro = is_macro_document(path)
    with tempfile.TemporaryDirectory(prefix="gov-docs-convert-") as tmp:
        converted = (macro_free_copy if macro else convert_to_docx)(path, Path(tmp))
        try:
            doc, parsed = read_docx_package(converted)
        except DocumentReadError as exc:
            raise DocumentReadError(path, f"{'' if macro else '转换后的内容'}{exc.reason}") from exc
        data = converted.read_bytes()
    doc.source = path
    doc.converted_from = path.suffix.lower()
    return doc, parsed, data
