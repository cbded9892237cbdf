"""Laws and regulations a draft should rest on, also when the library does not hold them (shown as 未收录).

The names come from ``resources/wordlists/政策法规标题.txt`` (5,608 real titles of State Council policies
and regulations, ECSpell, MIT; see the README beside it): the regulations themselves (森林防火条例) and the
normative documents a 印发 notice publishes (…关于印发国家森林草原火灾应急预案的通知 → 国家森林草原火灾应急预
案). That list holds no law of the 全国人大 (安全生产法, 森林法), which drafts cite most; the national laws
clerks cite are named in ``resources/library/法律名称.txt`` (an administrator may add lines).

A draft gets a name when it cites it in 《》, or when the name's subject — the name without 中华人民共和国,
国家, (试行), 暂行 and its kind (条例, 法, 管理办法, 应急预案 …): 森林防火条例 → 森林防火 — stands in the
draft's title, or at least three times in its text. Subjects of fewer than three characters need the title.
Precision first: a subject must appear word for word.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_KIND = re.compile(
    r"(实施条例|实施细则|实施办法|管理条例|管理办法|管理规定|暂行条例|暂行办法|暂行规定|条例|办法|规定|"
                   r"细则|规则|应急预案|预案|法)$")
_NORMATIVE = re.compile(r"(法|条例|规定|办法|细则|规则|预案)$")
_PUBLISHED = re.compile(r"关于(?:印发|发布|公布)《?([^《》]{4,60}?)》?的通知$")
_PARENS = re.compile(r"[（(][^）)]*[）)]")
#: 关于修改《…》的决定 names a regulation in force; 关于废止《…》 one that is not.
_AMENDED = re.compile(r"修改《([^《》]{4,60})》")
_REPEALED = re.compile(r"废止《([^《》]{4,60})》")
_PREFIX = re.compile(r"^(中华人民共和国|国家|全国)")
TITLE_MENTION_MIN = 1
TEXT_MENTIONS_MIN = 3


@dataclass(frozen=True)
class Regulation:
    """A law, regulation or normative document known by name."""

    name: str  # 森林防火条例
    subject: str  # 森林防火
    source: str  # the line of the title list it came from


def subject_of(name: str) -> str:
    """Return what a regulation is about: 中华人民共和国安全生产法 → 安全生产; 森林防火条例 → 森林防火."""
    core = _PARENS.sub("", name)
    core = _PREFIX.sub("", core)
    core = re.sub(r"暂行", "", core)
    previous = None
    while previous != core:
        previous = core
        core = _KIND.sub("", core)
    return re.sub(r"(管理|工作|促进|组织)$", "", core)  # 就业促进法 is about 就业, not 就业促进


@functools.cache
def regulations() -> tuple[Regulation, ...]:
    """Return the regulations of the shipped title list (cached)."""
    from gov_docs import paths

    lines: list[str] = []
    for path in (paths.resources_dir() / "library" / "法律名称.txt",
                 paths.resources_dir() / "wordlists" / "政策法规标题.txt"):
        try:
            lines += path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue  # a missing list names fewer regulations, it never breaks recommending
    out: dict[str, Regulation] = {}
    repealed = {name for line in lines if "废止" in line for name in _REPEALED.findall(line)}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = _PUBLISHED.search(line)
        name = m.group(1) if m else ("" if "关于" in line else line)
        # 国务院关于修改《中华人民共和国防汛条例》的决定: the regulation is in force, amended
        names = [name, *_AMENDED.findall(line)]
        for name in names:
            name = _PARENS.sub("", name).strip() if name.endswith(("）", ")")) else name
            if not name or not _NORMATIVE.search(name) or name in repealed:
                continue
            subject = subject_of(name)
            if len(subject) >= 2 and name not in out:
                out[name] = Regulation(name, subject, line)
    return tuple(out.values())


def _norm(text: str) -> str:
    return re.sub(r"[\s“”\"'（）()〈〉<>《》、]", "", text)


def missing_regulations(title: str, text: str, held, *, limit: int = 3) -> list[tuple[Regulation, str]]:
    """Return (regulation, reason) for laws and regulations the draft should cite that the library lacks.

    Args:
        title: the draft's title.
        text: its text.
        held: a function name → True when the library holds that document.
        limit: at most this many names found by subject (cited names are always listed).

    Returns:
        Cited names first (文中引用《…》), then names whose subject the draft is about, most mentioned first.
    """
    from gov_docs.library.records import cited_titles

    known = {_norm(r.name): r for r in regulations()}
    out: list[tuple[Regulation, str]] = []
    seen: set[str] = set()
    for cited in cited_titles(text):
        key = _norm(cited)
        if key in seen or held(cited):
            continue
        reg = known.get(key) or known.get(_norm(_PREFIX.sub("", cited)))
        if reg is None and not _NORMATIVE.search(key):
            continue
        seen.add(key)
        out.append((reg or Regulation(cited, subject_of(cited), ""), f"文中引用《{cited}》，文档库未收录"))
    body = text.replace(title, "", 1) if title else text
    ranked = []
    for reg in regulations():
        key = _norm(reg.name)
        if key in seen or held(reg.name):
            continue
        in_title = bool(title) and reg.subject in title
        mentions = body.count(reg.subject)
        if (in_title and len(reg.subject) >= 2 and mentions >= TITLE_MENTION_MIN) or (
                len(reg.subject) >= 3 and mentions >= TEXT_MENTIONS_MIN):
            where = "标题和正文" if in_title else "正文"
            ranked.append(((in_title, len(reg.subject), mentions),
                           (reg, f"{where}涉及“{reg.subject}”（{mentions}次），文档库未收录")))
    ranked.sort(key=lambda item: item[0], reverse=True)
    out += [item for _key, item in ranked[:limit]]
    return out
