"""Shared text helpers (core, no Qt).

- :mod:`gov_docs.text.segment`: the jieba segmenter (loaded lazily, once, from the precompiled cache),
  word-boundary tests, and a per-paragraph segmentation that several rules share.
- :mod:`gov_docs.text.numerals`: Chinese numerals (十二, 一百零五) and date digits (二〇二四).
- :mod:`gov_docs.text.han`: runs of Han characters and their bigrams.
- :mod:`gov_docs.text.headings`: heading numbers 一、 （一） 1. （1） (strict for documents, loose for
  typed text).
- :mod:`gov_docs.text.linebreak`: line breaking with 避头尾 and title splitting for the writer and the layout.
"""
