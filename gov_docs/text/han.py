"""Han-character helpers (core, no Qt): runs of Han characters and their bigrams.

Two bigram sets with different uses: :func:`run_bigrams` pairs characters inside each run only (a
title's subject against a document: nothing spans a punctuation mark or a Latin word), while
:func:`han_bigrams` drops everything that is not Han first (the drafting cleaner's repetition test,
where a sentence's wording matters, not its punctuation).
"""

from __future__ import annotations

import re

#: one or more Han characters (CJK Unified Ideographs)
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def run_bigrams(text: str) -> set[str]:
    """Return the character bigrams inside each run of Han characters of ``text``."""
    return {run[i:i + 2] for run in HAN_RUN.findall(text) for i in range(len(run) - 1)}


def han_only(text: str) -> str:
    """Return ``text``'s Han characters alone (punctuation, digits, Latin and spaces dropped)."""
    return "".join(HAN_RUN.findall(text))


def han_bigrams(text: str) -> set[str]:
    """Return the bigrams of ``text``'s Han characters taken together (other characters dropped)."""
    s = han_only(text)
    return {s[i:i + 2] for i in range(len(s) - 1)}
