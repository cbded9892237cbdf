"""Word-list files: substitution lexicons (wrong → right with context conditions) and term lists.

Formats (UTF-8, one entry per line, ``#`` starts a comment):
- lexicon: ``wrong<TAB>right[|right2][<TAB>conditions]``; conditions are ``;``-separated ``key:value``
  with keys 前接 / 后接 / 不前接 / 不后接 (``|``-separated strings that must / must not stand right
  before / after the match) and 正则 (a regex the paragraph must match).
  The key 成文不早于 (``YYYY-MM-DD``) reports an entry only in documents whose 成文日期 is on or after that
  day (an undated draft counts as written today): a 2017 document rightly names 环境保护部.
- terms: ``term[<TAB>suggestion|suggestion2[<TAB>note[<TAB>conditions]]]``, conditions as above; an entry
  with 前接/后接 is matched where its context says, even where it is not a whole word by segmentation.
Files are cached by (path, size, modification and change time) so many rules sharing a list parse it once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import regex

from gov_docs.checks.kinds.base import SpecError
from gov_docs.errors import regex_reason

# The segmenter and the word-boundary tests live in gov_docs.text.segment (shared text helpers); the names
# stay importable from here for code written against the old place.
from gov_docs.text.numerals import date_number
from gov_docs.text.segment import is_whole_word as is_whole_word
from gov_docs.text.segment import joins_two_words as joins_two_words
from gov_docs.text.segment import segmenter as segmenter
from gov_docs.text.segment import starts_word as starts_word

CONDITION_KEYS = {
    "前接": "before",
    "后接": "after",
    "不前接": "not_before",
    "不后接": "not_after",
    "正则": "regex",
    "成文不早于": "not_before_date",
}


@dataclass(frozen=True)
class Conditions:
    """Context conditions of a lexicon entry."""

    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    regex: object | None = None  # compiled regex.Pattern
    not_before_date: str = ""  # ISO date: only documents dated on or after it (see date_allows)

    @property
    def positional(self) -> bool:
        """Return True when the entry says what must stand next to it (前接/后接)."""
        return bool(self.before or self.after)

    def date_allows(self, doc_date: str | None) -> bool:
        """Return True when a document dated ``doc_date`` (ISO, None: undated) may be reported."""
        return not self.not_before_date or doc_date is None or doc_date >= self.not_before_date

    def hold(self, text: str, start: int, end: int) -> bool:
        """Return True when the match ``text[start:end]`` satisfies every condition."""
        left, right = text[:start], text[end:]
        if self.before and not any(left.endswith(s) for s in self.before):
            return False
        if self.after and not any(right.startswith(s) for s in self.after):
            return False
        if any(left.endswith(s) for s in self.not_before):
            return False
        if any(right.startswith(s) for s in self.not_after):
            return False
        if self.regex is not None:
            try:
                if not self.regex.search(text, timeout=0.05):
                    return False
            except TimeoutError:
                return False
        return True


@dataclass(frozen=True)
class LexiconEntry:
    """One wrong → right entry."""

    wrong: str
    rights: tuple[str, ...]
    conditions: Conditions = field(default_factory=Conditions)
    line: int = 0
    note: str = ""


def compile_regex(pattern: str, key: str, path: Path | None = None, line: int | None = None) -> regex.Pattern:
    """Compile a rule regex with the ``regex`` module (it supports time limits); SpecError if bad."""
    try:
        return regex.compile(pattern, regex.V0)
    except regex.error as exc:
        raise SpecError(key, regex_reason(exc, pattern), path, line) from exc


def parse_conditions(raw: dict | str, key: str, path: Path | None = None,
                     line: int | None = None) -> Conditions:
    """Parse conditions from a YAML mapping or a ``key:value;key:value`` string."""
    items: dict[str, object]
    if isinstance(raw, str):
        items = {}
        for part in filter(None, (p.strip() for p in raw.split(";"))):
            k, sep, v = part.partition(":")
            if not sep:
                k, sep, v = part.partition("：")
            if not sep:
                raise SpecError(key, f"条件 {part!r} 应为 键:值", path, line)
            items[k.strip()] = v.strip()
    else:
        items = dict(raw)
    values: dict[str, object] = {}
    for k, v in items.items():
        if k not in CONDITION_KEYS:
            raise SpecError(key, f"未知的条件 {k!r}（可用：{'、'.join(CONDITION_KEYS)}）", path, line)
        attr = CONDITION_KEYS[k]
        if attr == "not_before_date":
            if not regex.fullmatch(r"\d{4}-\d{2}-\d{2}", str(v).strip()):
                raise SpecError(key, f"条件 {k} 应为日期 YYYY-MM-DD，实际是 {v!r}", path, line)
            values[attr] = str(v).strip()
        elif attr == "regex":
            values[attr] = compile_regex(str(v), key, path, line)
        else:
            seq = v if isinstance(v, list) else str(v).split("|")
            values[attr] = tuple(str(x) for x in seq if str(x))
    return Conditions(**values)


@functools.lru_cache(maxsize=256)
def _read_lines(path: Path, stamp: tuple[int, int, int]) -> tuple[tuple[int, str], ...]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError("wordlist", f"词表 {path.name} 不是 UTF-8 编码", path, 1) from exc
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if line.strip():
            out.append((n, line))
    return tuple(out)


def read_lines(path: Path) -> tuple[tuple[int, str], ...]:
    """Return (line number, content) of the non-comment lines of a word list.

    Cached per process by size, modification and change time (any write changes the change time).
    """
    st = path.stat()
    return _read_lines(path, (st.st_size, st.st_mtime_ns, st.st_ctime_ns))


def read_lexicon(path: Path) -> list[LexiconEntry]:
    """Parse a substitution lexicon file."""
    entries = []
    for n, line in read_lines(path):
        cols = line.split("\t")
        wrong = cols[0].strip()
        if len(cols) < 2 or not cols[1].strip():
            raise SpecError("wordlist", f"第 {n} 行应为 错词<TAB>正词[<TAB>条件]", path, n)
        rights = tuple(r.strip() for r in cols[1].split("|") if r.strip())
        if wrong in rights:
            raise SpecError("wordlist", f"第 {n} 行错词与正词相同：{wrong}", path, n)
        cond = (parse_conditions(cols[2], "wordlist", path, n) if len(cols) > 2 and cols[2].strip()
                else Conditions())
        entries.append(LexiconEntry(wrong, rights, cond, n, cols[3].strip() if len(cols) > 3 else ""))
    return entries


def read_term_entries(path: Path) -> list[tuple[str, tuple[str, ...], str, Conditions, int]]:
    """Parse a term list with its context conditions: (term, suggestions, note, conditions, line)."""
    out = []
    for n, line in read_lines(path):
        cols = line.split("\t")
        term = cols[0].strip()
        sugg = tuple(s.strip() for s in cols[1].split("|") if s.strip()) if len(cols) > 1 else ()
        note = cols[2].strip() if len(cols) > 2 else ""
        cond = Conditions()
        if len(cols) > 3 and cols[3].strip():
            cond = parse_conditions(cols[3], "wordlist", path, n)
        out.append((term, sugg, note, cond, n))
    return out


_DATE = regex.compile(r"([0-9〇零○Ｏ一二三四五六七八九]{4})年([0-9一二三四五六七八九十]{1,3})月"
                      r"([0-9一二三四五六七八九十]{1,3})日")


def document_date(doc) -> str | None:
    """Return the document's 成文日期 as ISO ``YYYY-MM-DD`` (the last date paragraph), or None."""
    from gov_docs.document.model import Role

    for p in reversed(doc.paragraphs):
        if p.role is Role.DATE:
            m = _DATE.search(p.text.replace(" ", ""))
            if m:
                try:
                    y, mo, d = (date_number(g) for g in m.groups())
                except (KeyError, ValueError):
                    return None
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def build_automaton(keys: dict[str, object]):
    """Return a pyahocorasick automaton mapping each key string to its value."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key, value in keys.items():
        automaton.add_word(key, (len(key), value))
    automaton.make_automaton()
    return automaton
