"""Typo detection and correction of whole sentences (issue 4).

So far only the lexicon path exists: :class:`LexiconCorrector` applies the typo-category rules of
``rules/typo`` (686 curated confusions). The statistical detector for errors no lexicon lists is not
built yet; ``benchmarks/typo_eval.py`` measures what exists.
"""
