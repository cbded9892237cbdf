"""Recommendations of this tree against an earlier revision's, on one index: identical lists, and CPU time.

The earlier ``gov_docs/library/recommend.py`` (``--before``, a git revision) is loaded beside the current
one in the same process (both import the rest of ``gov_docs`` from this tree), so the two are measured
alternately under the same machine load. Each draft's query vector is dropped from the memo before each
call, so both pay the embedding of a new draft. For every draft the lists must be equal: paths, order,
relation, reasons (score rounded as shown). Exit code 1 when any differs.

A clerk's request (api.recommend) also suggests the review comments of the best eight documents: before
c7d2f08 that ranked the draft a second time (top 8 inside CommentStore.suggest), now one ranking of eight
serves both. ``--clerk`` times that: before = the earlier recommend for 5, then for 8; after = this tree's
once for 8 (its first five must be the earlier list of five, and all eight the earlier eight).

The critical path, robust to the machine's load: the thread CPU of the draft's embedding (in its worker
thread, E, one engine thread), of the ranking's own thread before it waits for the embedding (M1) and after
(M2); on two free cores a recommendation takes about max(E, M1) + M2.

Usage: .venv/bin/python benchmarks/library_recommend_compare.py INDEX [--before main] [--drafts 40]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gov_docs.document import read_document  # noqa: E402
from gov_docs.library import embedding  # noqa: E402
from gov_docs.library import recommend as current  # noqa: E402
from gov_docs.library.index import LibraryIndex  # noqa: E402


def load_before(revision: str):
    """Return the module ``gov_docs/library/recommend.py`` as it was at ``revision``."""
    root = Path(__file__).resolve().parents[1]
    source = subprocess.run(["git", "show", f"{revision}:gov_docs/library/recommend.py"], cwd=root,
                            check=True, capture_output=True, text=True).stdout
    folder = Path(tempfile.mkdtemp(prefix="recommend-before-"))
    path = folder / "recommend_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("recommend_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def listing(recs) -> list[tuple]:
    """Return what a clerk sees of a recommendation list."""
    return [(r.path, r.relation, r.score, tuple(r.reasons), r.title, r.doc_number) for r in recs]


class _Timed:
    """The worker of a recommend module, recording the thread CPU of the embedding and of the waiting side."""

    def __init__(self, executor, record: dict[str, float]) -> None:
        self.executor, self.record = executor, record

    def submit(self, fn, *args, **kwargs):
        record = self.record

        def run():
            t = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                record["E"] = time.thread_time() - t

        future = self.executor.submit(run)

        class Waited:
            def result(self):
                record["M1"] = time.thread_time() - record["start"]
                return future.result()

        return Waited()


def pct(values: list[float], q: float) -> float:
    """Return the q-quantile (nearest rank)."""
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("index", type=Path)
    ap.add_argument("--before", default="main", help="git revision of the earlier recommend.py")
    ap.add_argument("--drafts", type=int, default=40)
    ap.add_argument("--clerk", action="store_true",
                    help="time a clerk's request (the list and the comments' eight documents)")
    args = ap.parse_args()
    before = load_before(args.before)
    embedding.threads = lambda beside=0: 1  # the critical path is measured with the engine on one thread
    record: dict[str, float] = {"start": 0.0}
    for module in (before, current):
        executor = module._background()
        module._background = lambda executor=executor: _Timed(executor, record)
    index = LibraryIndex(args.index)
    lib = Path(index.meta()["folders"][0])
    files = sorted(lib.glob("g*.txt"))
    drafts = [read_document(p) for p in files[:: max(1, len(files) // args.drafts)][:args.drafts]]
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores; "
          f"{len(drafts)} corpus drafts, before = {args.before}")
    # warm both (library views, jieba's dictionary) on a document outside the set
    for module in (before, current):
        module.recommend(index, read_document(files[1]), top=5)
    cpu: dict[str, list[float]] = {"before": [], "after": []}
    wall: dict[str, list[float]] = {"before": [], "after": []}
    paths: dict[str, list[tuple[float, float, float]]] = {"before": [], "after": []}
    differ = 0
    for i, d in enumerate(drafts):
        order = [("before", before), ("after", current)]
        if i % 2:
            order.reverse()
        got = {}
        for name, module in order:
            embedding._query.cache_clear()
            t0, c0 = time.perf_counter(), time.process_time()
            record.clear()
            record["start"] = time.thread_time()
            if not args.clerk:
                got[name] = listing(module.recommend(index, d, top=5))
            elif module is before:
                got[name] = (listing(module.recommend(index, d, top=5)),
                             listing(module.recommend(index, d, top=8)))
            else:
                eight = listing(module.recommend(index, d, top=8))
                got[name] = (eight[:5], eight)
            cpu[name].append(time.process_time() - c0)
            wall[name].append(time.perf_counter() - t0)
            if "E" in record and "M1" in record:  # one ranking (not --clerk's two)
                own = time.thread_time() - record["start"]
                paths[name].append((record["E"], record["M1"], own - record["M1"]))
        if got["before"] != got["after"]:
            differ += 1
            print(f"DIFFERENT for {d.source}:\n  before {got['before']}\n  after  {got['after']}")
    what = "clerk's request (list and comments)" if args.clerk else "recommendation"
    for name in ("before", "after"):
        print(f"{name:6s}: CPU per {what} p50 {statistics.median(cpu[name]) * 1000:.0f} ms, "
              f"p95 {pct(cpu[name], 0.95) * 1000:.0f} ms; wall p50 {statistics.median(wall[name]) * 1000:.0f}"
              f" ms, p95 {pct(wall[name], 0.95) * 1000:.0f} ms")
        if paths[name]:
            e, m1, m2 = zip(*paths[name], strict=True)
            est = [max(a, b) + c for a, b, c in paths[name]]
            print(f"        critical path (thread CPU, p50/p95): embedding {statistics.median(e) * 1000:.0f}/"
                  f"{pct(e, 0.95) * 1000:.0f} ms, ranking before waiting {statistics.median(m1) * 1000:.0f}/"
                  f"{pct(m1, 0.95) * 1000:.0f} ms, after {statistics.median(m2) * 1000:.0f}/"
                  f"{pct(m2, 0.95) * 1000:.0f} ms; max(E, M1) + M2 {statistics.median(est) * 1000:.0f}/"
                  f"{pct(est, 0.95) * 1000:.0f} ms")
    ratio = statistics.median(a / b for a, b in zip(cpu["after"], cpu["before"], strict=True))
    print(f"after / before CPU, median per draft: {ratio:.2f}; "
          f"identical lists (paths, order, relation, score, reasons): {len(drafts) - differ}/{len(drafts)}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
