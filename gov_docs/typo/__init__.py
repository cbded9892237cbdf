"""Typo detection and correction beyond the lexicon rules (issues 4 and 16).

``detector.FastDetector`` finds 音近/形近 candidates with word statistics and a confusion prior;
``protect`` keeps names, titles, 文号 and quoted material out of reach; ``lm`` optionally re-scores
candidates with the local GGUF model; ``corrector.TypoCorrector`` decides (error = one-click fix,
warning = 疑似) and, with ``LexiconCorrector``, also applies the typo-category rules of ``rules/typo``;
``kind.TypoKind`` is the ``extends: typo`` rule kind that runs the statistical path inside the checks.
``benchmarks/typo_eval.py`` and ``benchmarks/typo_cv.py`` measure it (BENCHMARKS.md).
"""
