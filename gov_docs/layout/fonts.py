"""Which installed font draws each standard 公文 font, and which free font stands in when it is missing.

GB/T 9704 names 方正小标宋简体 (title, 发文机关标志), 仿宋_GB2312 (body), 楷体_GB2312 (二级标题, 签发人
name), 黑体 (一级标题, 附件 mark) and 宋体 (page numbers); figures and Latin letters are Times New
Roman. When one is not installed a free CJK font that Debian packages stands in (see
``scripts/setup.sh``): Noto Serif CJK SC Bold for 小标宋, FandolFang or Noto Serif CJK SC for 仿宋,
AR PL UKai for 楷体, Noto Sans CJK SC for 黑体, Liberation Serif (metric-compatible) for Times New Roman.
The grid stays the standard's whatever draws it.

Fonts are found with fontconfig (``fc-list``) where it exists, and in the usual font folders otherwise.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from gov_docs.document.docx_writer import (
    FONT_BODY,
    FONT_H1,
    FONT_H2,
    FONT_LATIN,
    FONT_PAGE_NUMBER,
    FONT_TITLE,
)


@dataclass(frozen=True)
class FontChoice:
    """The font that draws one standard font: its family, file (and index in a collection), weight."""

    standard: str
    family: str
    path: Path | None
    index: int = 0
    bold: bool = False
    substitute: bool = False

    @property
    def label(self) -> str:
        """Return "标准名" or "标准名→替代字体" for messages."""
        if not self.substitute:
            return self.standard
        return f"{self.standard}→{self.family}{' Bold' if self.bold else ''}"


#: Per standard font: the names it is installed under, then stand-ins ``(family, bold)`` in order.
CANDIDATES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, bool], ...]]] = {
    FONT_TITLE: (("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "小标宋"),
                 (("Noto Serif CJK SC", True), ("Source Han Serif SC", True), ("AR PL UMing CN", False),
                  ("Noto Sans CJK SC", True), ("WenQuanYi Zen Hei", False))),
    FONT_BODY: (("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "华文仿宋", "STFangsong"),
                (("FandolFang", False), ("Noto Serif CJK SC", False), ("Source Han Serif SC", False),
                 ("AR PL UMing CN", False), ("WenQuanYi Zen Hei", False))),
    FONT_H2: (("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "华文楷体", "STKaiti"),
              (("FandolKai", False), ("AR PL UKai CN", False), ("Noto Serif CJK SC", False),
               ("WenQuanYi Zen Hei", False))),
    FONT_H1: (("黑体", "SimHei", "华文黑体", "STHeiti"),
              (("FandolHei", False), ("Noto Sans CJK SC", False), ("Source Han Sans SC", False),
               ("WenQuanYi Zen Hei", False))),
    FONT_PAGE_NUMBER: (("宋体", "SimSun", "华文宋体", "STSong"),
                       (("FandolSong", False), ("Noto Serif CJK SC", False), ("AR PL UMing CN", False),
                        ("WenQuanYi Zen Hei", False))),
    FONT_LATIN: (("Times New Roman",), (("Liberation Serif", False), ("DejaVu Serif", False))),
}

#: Windows / macOS file names of the standard fonts (used where fontconfig is absent).
_FILES = {
    "仿宋_GB2312": ("FS_GB2312.ttf", "SIMFANG.TTF", "simfang.ttf"), "仿宋": ("simfang.ttf",),
    "楷体_GB2312": ("KAI_GB2312.ttf", "SIMKAI.TTF", "simkai.ttf"), "楷体": ("simkai.ttf",),
    "黑体": ("simhei.ttf", "SIMHEI.TTF"), "宋体": ("simsun.ttc",),
    "方正小标宋简体": ("FZXBSJW.TTF", "方正小标宋简体.ttf", "FZXBSK.TTF"),
    "Times New Roman": ("times.ttf", "Times New Roman.ttf"),
}


@dataclass(frozen=True)
class _Installed:
    family: str
    style: str
    path: Path
    index: int


def _fc_list() -> list[_Installed]:
    exe = shutil.which("fc-list")
    if not exe:
        return []
    try:
        out = subprocess.run([exe, "--format", "%{family}\t%{style}\t%{index}\t%{file}\n"],
                             capture_output=True,
                             text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for row in out.splitlines():
        parts = row.split("\t")
        if len(parts) != 4:
            continue
        families, style, index, file = parts
        for fam in families.split(","):
            found.append(_Installed(fam.strip(), style.split(",")[0], Path(file),
                                    int(index) if index.isdigit() else 0))
    return found


def _font_dirs() -> list[Path]:
    dirs = [Path.home() / ".fonts", Path.home() / ".local/share/fonts", Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"), Path("/Library/Fonts"), Path("/System/Library/Fonts")]
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.insert(0, Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.insert(0, Path(local) / "Microsoft/Windows/Fonts")
    return [d for d in dirs if d.is_dir()]


def _by_file(name: str) -> Path | None:
    wanted = {n.lower() for n in _FILES.get(name, ())}
    if not wanted:
        return None
    for d in _font_dirs():
        try:
            for f in d.rglob("*"):
                if f.name.lower() in wanted:
                    return f
        except OSError:
            continue
    return None


def _pick(installed: list[_Installed], family: str, bold: bool) -> _Installed | None:
    rows = [f for f in installed if f.family.lower() == family.lower()]
    if not rows:
        return None

    def score(f: _Installed) -> int:
        s = f.style.lower()
        is_bold = "bold" in s or "粗" in s
        return (0 if is_bold == bold else 10) + (0 if s in ("regular", "book", "bold", "normal", "light")
                                                 else 1)

    return min(rows, key=score)


@functools.cache
def resolve_fonts() -> dict[str, FontChoice]:
    """Return the font that draws each standard font (a stand-in where it is missing).

    Returns:
        ``{standard name: FontChoice}``; ``path`` is None when nothing at all was found (renderers
        then fall back to their default font).
    """
    installed = _fc_list()
    out: dict[str, FontChoice] = {}
    for standard, (names, stand_ins) in CANDIDATES.items():
        choice = None
        for name in names:
            hit = _pick(installed, name, False)
            if hit is not None:
                choice = FontChoice(standard, hit.family, hit.path, hit.index)
                break
            path = _by_file(name) if not installed else None
            if path is not None:
                choice = FontChoice(standard, name, path, 0)
                break
        if choice is None:
            for family, bold in stand_ins:
                hit = _pick(installed, family, bold)
                if hit is not None:
                    choice = FontChoice(standard, hit.family, hit.path, hit.index, bold, substitute=True)
                    break
        out[standard] = choice or FontChoice(standard, stand_ins[0][0], None, 0, stand_ins[0][1], True)
    return out


def substitution_note(fonts: dict[str, FontChoice] | None = None) -> str:
    """Return a Chinese sentence naming the stand-in fonts, or '' when every standard font is installed."""
    fonts = fonts if fonts is not None else resolve_fonts()
    subs = [f.label for f in fonts.values() if f.substitute]
    missing = [f.standard for f in fonts.values() if f.path is None]
    note = ""
    if subs:
        note = "未安装标准字体，以替代字体显示（版面仍按标准字号和网格）：" + "；".join(subs)
    if missing:
        note += ("。" if note else "") + "找不到可用字体：" + "、".join(missing)
    return note
