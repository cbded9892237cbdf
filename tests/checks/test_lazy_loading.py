"""A check loads only what its rules need: no segmenter for punctuation or format, no word lists for
format.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "示例通知.txt"

PROBE = """
import sys
from gov_docs.checks import Checker, load_rules
from gov_docs.document import read_document
cats = sys.argv[1].split(",") if sys.argv[1] else None
checker = Checker(load_rules(), categories=cats)
findings = checker.check(read_document(sys.argv[2]))
heavy = [m for m in ("jieba", "jieba.posseg", "pypinyin") if m in sys.modules]
res = sys.modules.get("gov_docs.typo.resources")
if res is not None and res.load_resources.cache_info().currsize:
    heavy.append("typo-resources")
print(len(checker.rules), len(findings), ",".join(heavy) or "-")
"""


def _probe(categories: str, home: Path) -> tuple[int, int, str]:
    res = subprocess.run([sys.executable, "-c", PROBE, categories, str(SAMPLE)], capture_output=True,
                         text=True,
                         timeout=300, cwd=ROOT, env={"GOV_DOCS_HOME": str(home), "PYTHONPATH": str(ROOT),
                                                     "PATH": "/usr/bin:/bin"})
    assert res.returncode == 0, res.stderr
    rules, findings, heavy = res.stdout.split()
    return int(rules), int(findings), heavy


def test_punctuation_and_format_load_no_segmenter(tmp_path: Path) -> None:
    for cats in ("punctuation", "format", "punctuation,number,format"):
        rules, _, heavy = _probe(cats, tmp_path)
        assert rules > 0
        assert heavy == "-", f"--only {cats} loaded {heavy}"


def test_full_check_loads_the_segmenter_and_typo_statistics(tmp_path: Path) -> None:
    _, _, heavy = _probe("", tmp_path)
    assert "jieba" in heavy.split(",") and "typo-resources" in heavy.split(",")


def test_format_only_check_compiles_no_word_list(tmp_path: Path) -> None:
    """With categories given to load_rules, rules of other packs are not compiled (their lists unread)."""
    code = (
        "import json; from gov_docs.checks import load_rules; from gov_docs.checks.kinds import wordlists; "
            "rs = load_rules(categories=['format']); "
            "print(json.dumps([len(rs.rules), sorted({r.spec.category.value for r in rs.rules}), "
            "wordlists._read_lines.cache_info().misses]))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT,
                         env={"GOV_DOCS_HOME": str(tmp_path), "PYTHONPATH": str(ROOT),
                              "PATH": "/usr/bin:/bin"})
    assert res.returncode == 0, res.stderr
    n_rules, categories, lists_read = json.loads(res.stdout)
    assert n_rules > 5 and categories == ["format"] and lists_read == 0


def test_loading_on_first_use_is_not_held_against_the_time_budget() -> None:
    """A table loaded inside a rule's first check (the POS tagger) does not make the rule 'too slow', nor
    does waiting for a busy machine; a rule that is slow by itself (its own CPU time) is still switched
    off."""
    import time

    from gov_docs import cache
    from gov_docs.checks import AllowList, Checker, load_rules
    from gov_docs.document import document_from_text

    checker = Checker(load_rules([ROOT / "tests" / "fixtures" / "rules_ok"]), allow_list=AllowList(),
                      time_budget_s=0.2)
    rule = checker.rules[0]
    real = rule.kind.check_paragraph
    doc = document_from_text("关于做好设备管理的通知\n各单位：\n请及时按装设备。")

    def loads_first(d, i, text):
        with cache.loading():
            time.sleep(0.4)
        return real(d, i, text)

    rule.kind.check_paragraph = loads_first
    assert [f.matched for f in checker.check(doc)] == ["按装"] and not checker.switched_off

    def waits(d, i, text):  # a busy machine: the rule gets no CPU for a while, but is not slow itself
        time.sleep(0.4)
        return real(d, i, text)

    rule.kind.check_paragraph = waits
    assert [f.matched for f in checker.check(doc)] == ["按装"] and not checker.switched_off

    def slow(d, i, text):  # computes for 0.4 s of its own
        end = time.thread_time() + 0.4
        while time.thread_time() < end:
            pass
        return real(d, i, text)

    rule.kind.check_paragraph = slow
    checker.check(doc)
    assert rule.id in checker.switched_off and "单段耗时 0.4 秒" in checker.warnings[-1]
