"""The shortcuts that make a recommendation cheaper give exactly what the plain computation gives."""

from __future__ import annotations

import math
from collections import Counter

from gov_docs.document import read_document
from gov_docs.library.analysis import bigram_analyzer, bigram_counts, keywords
from gov_docs.library.recommend import KEY_TERMS, SHARED_WORDS_CHARS, LibraryView, _shared_words, recommend


def plain_key_terms(reader, text: str, number: int) -> list[tuple[str, float]]:
    """Every bigram of the text looked up and scored (the computation before the bound)."""
    tf = Counter(t.text for t in bigram_analyzer()(text))
    n_docs = max(reader.doc_count_all(), 1)
    scored = []
    for term, count in tf.items():
        cf = reader.frequency("content_bigram", term)
        if cf:
            f = cf / n_docs
            scored.append((count * math.log2((1 + f) / f) + math.log2(1 + f), term))
    scored.sort(reverse=True)
    best = scored[0][0] if scored else 1.0
    return [(term, score / best) for score, term in scored[:number]]


def test_bigram_counts_are_the_analyzers_tokens() -> None:
    text = "国务院办公厅关于印发《国家残疾预防行动计划（2016—2020年）》的通知\n省、市：A类 一 二三\n\n防"
    assert bigram_counts(text) == Counter(t.text for t in bigram_analyzer()(text))


def test_key_terms_with_the_bound_are_the_plain_ones(library) -> None:
    index, docs = library
    texts = [read_document(p).text for p in sorted(docs.glob("g*.txt"))]
    long_text = "\n".join(texts)  # every document at once: most bigrams are never looked up
    with index.searcher() as s:
        reader = s.reader()
        for text in [*texts[:4], long_text, "防火", "", "abc 123"]:
            view = LibraryView(index)  # an empty memo each time
            assert view.key_terms(reader, text, KEY_TERMS) == plain_key_terms(reader, text, KEY_TERMS)
            assert view.key_terms(reader, text, 3) == plain_key_terms(reader, text, 3)
        view = LibraryView(index)
        view.key_terms(reader, long_text, KEY_TERMS)
        assert len(view._cf) < len(bigram_counts(long_text)) / 2


def test_shared_words_are_those_the_postings_hold(library) -> None:
    index, docs = library
    draft = read_document(docs / "g0155.txt")
    recs = recommend(index, draft, top=5, explain=False)
    paths = [r.path for r in recs]
    title, text = draft.title, draft.text
    words = [w for w, _s in keywords(f"{title}\n{text[:SHARED_WORDS_CHARS]}", top=16)]
    with index.searcher() as s:
        got = _shared_words(s, LibraryView(index), title, text, paths)
        reader = s.reader()
        numbers = {s.document_number(path=p): p for p in paths}
        expected: dict[str, list[str]] = {p: [] for p in paths}
        for w in words:
            hits = set()
            for name in ("content", "title"):
                if (name, w) in reader:
                    hits |= set(reader.postings(name, w).all_ids())
            for num, path in numbers.items():
                if num in hits and len(expected[path]) < 4:
                    expected[path].append(w)
    assert got == expected
    assert any(got.values())  # the draft shares words with what it is recommended


def test_one_ranking_serves_recommendations_and_comments(library, tmp_path) -> None:
    from gov_docs import api
    from gov_docs.library.comments import CommentStore
    from gov_docs.library.recommend import missing_basis, related

    index, docs = library
    store = CommentStore(tmp_path / "history.sqlite")
    draft = read_document(docs / "g0155.txt")
    eight = recommend(index, draft, top=8)
    assert len(eight) == 8
    for k, rec in enumerate(eight):
        store.add(rec.path, f"意见{k}：附件名称后不加句号。", reviewer="王审核", doc_title=rec.title)
    for top in (3, 5, 10):
        recs, comments = api.recommend(index, draft, top=top, store=store)
        # what the two separate rankings gave
        cited = related(index, draft)[1]
        assert recs == recommend(index, draft, top=top) + cited + missing_basis(index, draft)
        assert comments == store.suggest(index, draft)
        assert {c.text for c, _t, _s in comments} >= {f"意见{k}：附件名称后不加句号。" for k in range(8)}
