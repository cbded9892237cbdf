"""The regex prefilter: a paragraph holding none of a pattern's required characters has no match, so
skipping it changes no finding."""

from __future__ import annotations

from pathlib import Path

import regex

from gov_docs.checks import load_rules
from gov_docs.checks.prefilter import (
    PatternFilter,
    any_char_of,
    chars_of,
    han_never_first,
    head_chars,
    required_chars,
    required_strings,
    union_of,
    untimed_length,
)
from gov_docs.document import document_from_text


def test_required_characters_of_typical_patterns() -> None:
    assert required_chars("[，。；：！？,;:!?]") == frozenset("，。；：！？,;:!?")
    assert required_chars(r"(?<!\d)(?:\d{4}年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日") in (
        frozenset("月"), frozenset("日"))
    assert required_chars("【待补充[:：][^】]*】") == frozenset("【")
    assert required_chars(r"(?<=\d)\s?(?:KM|Km|kM)(?![A-Za-z])") == frozenset("Kk")
    assert required_chars("x|yz") in (frozenset("xy"), frozenset("xz"))


def test_no_filter_where_none_is_safe() -> None:
    for pattern in ("a*", "(?i)abc", "(?i:a)b*", r"x|\d", r"(\p{Han}|）)[;；]?$", "[[:alpha:]]x", "[^，]",
                    r"[\u4e00-\u9fff]+", ".", r"(?=x)", r"a\\pb", "(?V1)[[a-z]--[aeiou]]", "("):
        assert required_chars(pattern) is None, pattern
    assert required_chars("abc", regex.IGNORECASE) is None


def test_strings_and_first_characters_a_match_needs() -> None:
    assert required_strings("(?<=各部委)，(?=各直属机构)") == (("各直属机构",), ("各部委",), ("，",))
    assert required_strings("。{3,}") == (("。。。",),)
    assert required_strings("[ 　]{2,}x")[0] == ("  x", " 　x", "　 x", "　　x")
    assert required_strings("(?<=……)(等等|等)") == (("……",), ("等",))
    assert required_strings("a{3}b{2,}(?:x|yz)") == (("aaabb",), ("bbx", "bbyz"))
    assert required_strings("ab?c") == (("a",), ("c",))
    for pattern in ("(?i)abc", "(?:abc){e<=1}", r"a\\b", "(?V1)ab", "x*"):
        assert required_strings(pattern) == (), pattern
    assert head_chars(r"^([一二三]+)[、.](?=\p{Han})") == frozenset("一二三")
    assert head_chars(r"^(?:（|\()x") == frozenset("（(")
    for pattern in ("(?m)^a", "a^b", r"^\d", "^a*b", "x"):
        assert head_chars(pattern) is None, pattern
    assert han_never_first(r"^(\d{1,2})[、，,](?=\p{Han})") and han_never_first(r"^[\d\s]+a")
    for pattern in (r"^[一二]", r"^\w", r"^[^a]", r"^\s*此致", r"\d", r"^\D", "(?m)^1"):
        assert not han_never_first(pattern), pattern
    assert PatternFilter(r"^\d+、").skips("一、", chars_of("一、"))
    flt = PatternFilter("(?<=各部委)，(?=各直属机构)")
    assert flt.skips("各部委，各厅局", chars_of("各部委，各厅局"))
    assert not flt.skips("国务院各部委，各直属机构", chars_of("国务院各部委，各直属机构"))
    assert PatternFilter("^一、").skips("二、一、", chars_of("二、一、"))


def test_skipped_paragraphs_have_no_match(corpus_dir: Path) -> None:
    """Every regex of the shipped rules, over corpus paragraphs: where the filter skips, nothing matches."""
    regexes = [(rx, flt) for rule in load_rules().rules for rx, flt in
               zip(getattr(rule.kind, "regexes", []), getattr(rule.kind, "filters", []), strict=True)]
    assert sum(flt.chars is not None for _, flt in regexes) >= 0.8 * len(regexes)
    assert sum(bool(flt.tests) or flt.head is not None or flt.no_han_head for _, flt in regexes) >= 0.5 * len(
        regexes)
    paragraphs = [line for path in sorted(corpus_dir.glob("g*.txt"))[::20]
                  for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    skipped = 0
    for text in paragraphs:
        chars = chars_of(text)
        for rx, flt in regexes:
            if flt.skips(text, chars):
                skipped += 1
                assert not any(m.end() > m.start() for m in rx.finditer(text)), (rx.pattern, text)
    assert skipped > 10_000


def test_one_character_of_every_term() -> None:
    terms = ["安装", "按装", "国务院", "院办", "x"]
    chosen = any_char_of(terms)
    assert all(not chosen.isdisjoint(t) for t in terms)
    assert len(chosen) <= 3  # shared characters first: 装 and 院 cover four terms
    assert any_char_of(["ab", ""]) is None
    assert union_of([frozenset("a"), frozenset("b")]) == frozenset("ab")
    assert union_of([frozenset("a"), None]) is None


def test_rules_skipped_by_their_needs_find_nothing(corpus_dir: Path) -> None:
    """Every shipped paragraph rule with ``needs`` (and ``may_find``), over corpus paragraphs: where the
    engine would skip the rule, running it finds nothing (so skipping changes no finding)."""
    rules = [r for r in load_rules().rules if r.kind.scope == "paragraph"]
    gated = [r for r in rules if r.kind.needs is not None]
    assert len(gated) >= 0.8 * len(rules)
    doc = document_from_text("\n".join(
        line for path in sorted(corpus_dir.glob("g*.txt"))[::20]
        for line in path.read_text(encoding="utf-8").splitlines() if line.strip()))
    skipped = 0
    for i, p in enumerate(doc.paragraphs):
        chars = chars_of(p.text)
        for rule in gated:
            may_find = rule.kind.may_find
            if rule.kind.applies_to(p.role) and (rule.kind.needs.isdisjoint(chars) or (
                    may_find is not None and not may_find(p.text, chars))):
                skipped += 1
                assert not list(rule.kind.check_paragraph(doc, i, p.text)), (rule.id, p.text)
    assert skipped > 30_000
    assert sum(r.kind.may_find is not None for r in rules) >= 0.4 * len(rules)


def test_patterns_that_may_run_away_keep_their_time_limit() -> None:
    """Nested or ambiguous repeats, and empty repeated iterations, are always searched with the limit;
    a pattern bounded by a low polynomial may search paragraph-length texts without it."""
    for pattern in ("(a+)+b", "(?:a|ab)*c", "(?:)*", "(?:x?)+y", r"(\w+\s?)*$", "(?(1)a|b)", "(?i)abc",
                    "(?:a|bc){12}", r"[０-９]+(?:[．.][０-９]+)*"):
        assert untimed_length(pattern) == -1, pattern
    assert untimed_length(r"\d+\d+\d+[^\d]") < untimed_length(r"\d+\d+[^\d]") < untimed_length(r"\d+[^\d]")
    assert untimed_length("[，。；：！？,;:!?]") > 10_000
    assert untimed_length(r"([，。、；：？！])\1+") > 300  # a back-reference compares one character
    lengths = [flt.untimed for rule in load_rules().rules for flt in getattr(rule.kind, "filters", [])]
    assert sum(n >= 100 for n in lengths) >= 0.8 * len(lengths)
