"""Editing a clerk's .docx through gov_docs.api: what an edit costs to re-check and to save back.

Over the real-style set (tests/fixtures/real_docx), for each file: open; a full check; one character
edited in a body paragraph and the incremental check the window runs on a snapshot (CheckJob: only the
changed paragraph through the paragraph rules, document rules on the whole); saving the edit back into
the original package, against typesetting the same document anew (what the old GUI did on save).
Figures are medians over the files, and ratios measured in the same process (robust to machine load).

    PYTHONPATH=. python benchmarks/edit_save.py
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gov_docs import api  # noqa: E402
from gov_docs.checks import AllowList, Checker, load_rules  # noqa: E402
from gov_docs.document import Role  # noqa: E402

FILES = sorted((ROOT / "tests" / "fixtures" / "real_docx").glob("*.docx"))


def _best(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    """Print the figures."""
    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    # load lazily loaded data
    api.from_text("关于开展检查的通知\n各单位：\n请做好准备。", checker=checker).check()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for src in FILES:
            path = Path(shutil.copy(src, Path(tmp) / src.name))
            t_open = _best(lambda path=path: api.open(path, checker=checker), 1)
            od = api.open(path, checker=checker)
            t_full = _best(lambda od=od: od.check())
            od.check()
            i = next(i for i, p in enumerate(od.document.paragraphs)
                     if not od.is_protected(i) and p.role is Role.BODY and len(p.text) > 4)
            od.replace(i, 0, 1, "〇")
            job = od.check_job()
            assert job.changed is not None
            t_incr = _best(job.run)
            t_save = _best(lambda od=od, path=path: od.save(path))
            t_typeset = _best(lambda od=od, tmp=tmp: od.typeset(Path(tmp) / "typeset.docx"))
            rows.append(
                (src.name, len(od.document.paragraphs), len(job.changed), t_open, t_full, t_incr, t_save,
                         t_typeset))
    med = statistics.median
    print(f"files: {len(rows)} (tests/fixtures/real_docx), paragraphs median {med(r[1] for r in rows):.0f}, "
          f"paragraphs re-checked after a one-character edit: median {med(r[2] for r in rows):.0f}")
    print(f"open (read + link to the package): median {med(r[3] for r in rows) * 1000:.0f} ms")
    print(f"full check: median {med(r[4] for r in rows) * 1000:.1f} ms")
    print(f"incremental check after one edit: median {med(r[5] for r in rows) * 1000:.1f} ms; "
          f"ratio to the full check: median {med(r[5] / r[4] for r in rows):.2f}")
    print(
        f"save (edit written back into the original .docx): median {med(r[6] for r in rows) * 1000:.0f} ms; "
          f"ratio to typesetting the document anew: median {med(r[6] / r[7] for r in rows):.2f}")
    slow = max(rows, key=lambda r: r[6])
    print(f"slowest save: {slow[0]} {slow[6] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
