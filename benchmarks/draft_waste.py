"""Where a draft's decoded tokens go: what the model wrote and what of it reached the draft, per kind of call.

Reads the records of ``draft_quality.py --keep-raw`` (each model call's own text) and, per configuration:
- per kind of call (the opening, a part's first call, its 1st/2nd/3rd continue turn, a call stopped at once):
  calls, decoded tokens, Han characters written, those kept in the draft, kept per decoded token;
- the Han characters in runs of cut sentences at the end of a call (what a stall stop can save), and what
  stopping after 1–4 cut sentences in a row would have saved and lost;
- what the continue turns after a turn that ended in cut sentences kept, against the others.

A sentence of a call counts as kept when at least 60% of its character bigrams are in a sentence of the final
draft not already claimed by an earlier one (so a sentence written again counts once). No model is run.

    .venv/bin/python benchmarks/draft_waste.py benchmarks/data/draft_quality/s12-366e462.jsonl
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

AFTER_CUT = "after a turn ending in >= 2 cut sentences"
_HAN = re.compile(r"[^\u4e00-\u9fff]")


def _han(s: str) -> int:
    return len(_HAN.sub("", s))


def _grams(s: str) -> set[str]:
    s = _HAN.sub("", s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _sentences(text: str) -> list[str]:
    return [x for x in re.split(r"(?<=[。；！？])|\n", text) if _grams(x)]


def calls_marked(record: dict, share: float = 0.6) -> list[tuple[str, dict, list[tuple[bool, int]]]]:
    """Return each call of ``record`` with its kind and its sentences as (kept, Han characters)."""
    final = [_grams(s) for s in _sentences(record["text"])]
    claimed: set[int] = set()
    out = []
    prev, n = None, 0
    for call in record["calls"]:
        n = n + 1 if call["part"] == prev else 0
        prev = call["part"]
        kind = "opening" if call["part"] == "开头" else "first" if n == 0 else f"turn {min(n, 3)}"
        if call["decoded"] <= 20 and call["stopped"]:
            kind = "stopped at once"
        marks = []
        for s in _sentences(call["raw"]):
            g = _grams(s)
            best = max(((len(g & f) / len(g), j) for j, f in enumerate(final) if j not in claimed),
                       default=(0.0, -1))
            kept = best[0] >= share
            if kept:
                claimed.add(best[1])
            marks.append((kept, _han(s)))
        out.append((kind, call, marks))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("records", type=Path, nargs="+")
    ap.add_argument("--config", default="1.5b+ex")
    ap.add_argument("--docs", default="", help="only these documents (comma-separated file names)")
    args = ap.parse_args()
    only = {x.strip() for x in args.docs.split(",") if x.strip()}
    written, kept, decoded, calls = (collections.Counter() for _ in range(4))
    tail = collections.Counter()
    stall = {k: collections.Counter() for k in (1, 2, 3, 4)}
    after = collections.Counter()
    seen = set()
    for path in args.records:
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line) if line.strip() else None
            if not r or r["config"] != args.config or (only and r["doc"] not in only) or r["doc"] in seen:
                continue
            seen.add(r["doc"])
            doc_w = doc_k = 0
            prev_tail: int | None = None
            prev_part = None
            for kind, call, marks in calls_marked(r):
                w = sum(h for _, h in marks)
                k = sum(h for x, h in marks if x)
                written[kind] += w
                kept[kind] += k
                decoded[kind] += call["decoded"]
                calls[kind] += 1
                doc_w, doc_k = doc_w + w, doc_k + k
                trailing = 0
                for x, h in reversed(marks):
                    if x:
                        break
                    trailing += 1
                    tail[kind] += h
                for n, c in stall.items():
                    idle, stop = 0, len(marks)
                    for i, (x, _) in enumerate(marks):
                        idle = 0 if x else idle + 1
                        if idle >= n:
                            stop = i + 1
                            break
                    c["saved"] += sum(h for _, h in marks[stop:])
                    c["lost"] += sum(h for x, h in marks[stop:] if x)
                if call["part"] != prev_part:
                    prev_tail = None
                prev_part = call["part"]
                if kind in ("turn 2", "turn 3") and prev_tail is not None:
                    key = AFTER_CUT if prev_tail >= 2 else "after the others"
                    after[key, "calls"] += 1
                    after[key, "decoded"] += call["decoded"]
                    after[key, "kept"] += k
                if kind != "stopped at once":
                    prev_tail = trailing
            print(f"{r['doc']} {r['kind']}: {len(r['calls'])} calls, {r['decoded_tokens']} tokens decoded, "
                  f"{doc_w} Han characters written, {doc_k} kept ({doc_k / max(1, doc_w):.0%})")
    if not seen:
        print("no records", file=sys.stderr)
        return 1
    print(f"\n{'call':16}{'calls':>6}{'decoded':>9}{'written':>9}{'kept':>7}{'share':>7}{'kept/token':>11}"
          f"{'cut at end':>11}")
    for kind in sorted(written):
        print(f"{kind:16}{calls[kind]:>6}{decoded[kind]:>9}{written[kind]:>9}{kept[kind]:>7}"
              f"{kept[kind] / max(1, written[kind]):>7.0%}{kept[kind] / max(1, decoded[kind]):>11.2f}"
              f"{tail[kind]:>11}")
    total_w, total_t = sum(written.values()), sum(tail.values())
    print(f"all: {sum(decoded.values())} tokens, {total_w} Han characters written, "
          f"{sum(kept.values())} kept; "
          f"{total_t} ({total_t / max(1, total_w):.0%}) in runs of cut sentences at a call's end")
    for n, c in stall.items():
        print(f"stop after {n} cut sentence(s) in a row: {c['saved']} characters not written, of which "
              f"{c['lost']} kept ({c['lost'] / max(1, c['saved']):.0%})")
    for key in (AFTER_CUT, "after the others"):
        if after[key, "calls"]:
            print(f"continue turns {key}: {after[key, 'calls']} calls, {after[key, 'decoded']} tokens, "
                  f"{after[key, 'kept']} kept ({after[key, 'kept'] / after[key, 'decoded']:.2f} per token)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
