"""Folder catalogs (目录): the registered title of each file, as archive and OA exports list them.

Offices rarely name files by their full title, and exported texts often lose the title lines (news
items start with 新华社…电, decrees with 中华人民共和国国务院令). When a folder holds a catalog — a
``目录.tsv``/``目录.csv``/``catalog.tsv``/``catalog.csv``/``MANIFEST.tsv`` whose rows are
``file<TAB or ,>title`` — the library takes each file's title from it. A broken catalog is reported and
ignored; it never stops indexing.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

CATALOG_NAMES = ("目录.tsv", "目录.csv", "catalog.tsv", "catalog.csv", "MANIFEST.tsv")
MAX_CATALOG_BYTES = 20 * 1024 * 1024
_FILE_SUFFIX = re.compile(r"\.(txt|docx?|wps|pdf|ofd)$", re.IGNORECASE)


@dataclass(frozen=True)
class Catalog:
    """The titles one catalog file gives, or why it could not be read."""

    path: Path | None = None
    titles: dict[str, str] = field(default_factory=dict)  # file name in the catalog's folder → title
    error: str = ""


def read_catalog(path: Path) -> Catalog:
    """Read a catalog file (UTF-8 or GB18030; tab- or comma-separated: file, title, anything else).

    Args:
        path: the catalog file.

    Returns:
        A Catalog; on failure its ``error`` says what is wrong and ``titles`` is empty.
    """
    try:
        if path.stat().st_size > MAX_CATALOG_BYTES:
            return Catalog(path, error=f"目录文件超过 {MAX_CATALOG_BYTES // 1024 // 1024} MB，未使用")
        raw = path.read_bytes()
    except OSError as exc:
        return Catalog(path, error=f"无法读取目录文件（{exc.strerror or exc}）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return Catalog(path, error="目录文件的编码无法识别（应为 UTF-8 或 GB18030）")
    if "\x00" in text:
        return Catalog(path, error="目录文件不是文本文件")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    titles: dict[str, str] = {}
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        if len(row) < 2:
            continue
        name, title = row[0].strip(), " ".join(row[1].split())
        title = _FILE_SUFFIX.sub("", title)
        if name and title and _FILE_SUFFIX.search(name):  # a header row names no file
            titles[name] = title
    if not titles:
        return Catalog(path, error="目录文件中没有“文件名、标题”两列的记录")
    return Catalog(path, titles)


@functools.lru_cache(maxsize=256)
def _catalog_of(folder: str, signature: tuple) -> Catalog:
    for name in CATALOG_NAMES:
        candidate = Path(folder) / name
        if candidate.is_file():
            return read_catalog(candidate)
    return Catalog()


def folder_catalog(folder: Path) -> Catalog:
    """Return the catalog of ``folder`` (re-read only when a catalog file there changes)."""
    signature = []
    for name in CATALOG_NAMES:
        try:
            st = (Path(folder) / name).stat()
            signature.append((name, st.st_mtime_ns, st.st_size))
        except OSError:
            continue
    return _catalog_of(str(folder), tuple(signature))


def catalog_title(path: Path) -> str:
    """Return the title the catalog of the file's folder gives for it, or ''."""
    return folder_catalog(path.parent).titles.get(path.name, "")
