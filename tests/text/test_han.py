"""Han runs and bigrams (text/han.py): the one home recommendation, comments and drafting share."""

from __future__ import annotations

from gov_docs.text.han import han_bigrams, run_bigrams


def test_bigrams_inside_runs_or_across_punctuation() -> None:
    assert run_bigrams("加强领导，落实") == {"加强", "强领", "领导", "落实"}
    assert han_bigrams("加强领导，落实") == {"加强", "强领", "领导", "导落", "落实"}
    assert run_bigrams("A") == han_bigrams("，") == set()
