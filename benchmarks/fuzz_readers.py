"""Fuzz the document readers: every input must either read or raise DocumentReadError, fast.

Inputs are mutations of real files: byte flips, truncations and inserted junk on whole .docx packages;
XML-level damage inside word/document.xml and word/styles.xml (deleted spans, duplicated spans, random
tags and attributes, wrong encodings) re-zipped; random bytes and mixed encodings as .txt. Anything else
escaping (a traceback), or one input taking longer than the time limit, is a failure and is saved to
benchmarks/out/fuzz_failures/ for a regression test.

Usage: .venv/bin/python benchmarks/fuzz_readers.py [--n 10000] [--seed 1] [--limit-s 5]
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
import traceback
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs.document import DocumentReadError, document_from_text, read_document, write_docx  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"
OUT = ROOT / "benchmarks" / "out" / "fuzz_failures"


def seeds(tmp: Path) -> list[bytes]:
    """Return a few valid .docx packages to mutate."""
    out = []
    for name in ("g0250.txt", "g0001.txt", "g0590.txt"):
        p = write_docx(read_document(CORPUS / name), tmp / f"{name}.docx")
        out.append(p.read_bytes())
    import docx

    d = docx.Document()
    d.add_paragraph("关于开展检查的通知")
    d.add_table(rows=2, cols=2).cell(0, 0).text = "表格内容"
    buf = io.BytesIO()
    d.save(buf)
    out.append(buf.getvalue())
    return out


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    """Flip, truncate or splice raw bytes."""
    b = bytearray(data)
    kind = rng.randrange(4)
    if kind == 0:
        for _ in range(rng.randint(1, 20)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif kind == 1:
        b = b[: rng.randrange(len(b))]
    elif kind == 2:
        pos = rng.randrange(len(b))
        b[pos:pos] = rng.randbytes(rng.randint(1, 2000))
    else:
        a, c = sorted(rng.randrange(len(b)) for _ in range(2))
        del b[a:c]
    return bytes(b)


_JUNK = [b"<w:p>", b"</w:p>", b"<w:r><w:t>", b"<w:rFonts w:eastAsia=\"\"/>", b"<w:sz w:val=\"abc\"/>",
         b"<w:jc w:val=\"nonsense\"/>", b"<w:ind w:firstLineChars=\"x\"/>", b"<w:spacing w:line=\"-5\"/>",
         b"<w:pStyle w:val=\"\xe5\x85\xac\xe6\x96\x87-\xe6\xa0\x87\xe9\xa2\x98\"/>", b"&#0;", b"\x00",
         b"<!DOCTYPE x [",
         b"<w:basedOn w:val=\"Normal\"/>", b"<w:pgSz w:w=\"0\" w:h=\"-1\"/>",
         b"<w:docGrid w:linePitch=\"0\"/>"]


def mutate_xml(rng: random.Random, data: bytes) -> bytes:
    """Damage document.xml or styles.xml inside the package, then re-zip."""
    src = zipfile.ZipFile(io.BytesIO(data))
    target = rng.choice(["word/document.xml", "word/styles.xml", "word/settings.xml", "[Content_Types].xml"])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == target:
                b = bytearray(content)
                for _ in range(rng.randint(1, 5)):
                    op = rng.randrange(4)
                    pos = rng.randrange(len(b) or 1)
                    if op == 0:
                        b[pos:pos] = rng.choice(_JUNK)
                    elif op == 1:
                        del b[pos : pos + rng.randint(1, 300)]
                    elif op == 2:
                        end = min(len(b), pos + rng.randint(1, 500))
                        b[pos:pos] = b[pos:end]
                    else:
                        b = bytearray(content.decode("utf-8", "replace").encode(
                            rng.choice(["utf-16", "gbk", "latin-1"]),
                                                                                   "replace"))
                content = bytes(b)
            if rng.random() < 0.03:
                continue  # drop a part entirely
            dst.writestr(info, content)
    return buf.getvalue()


def random_txt(rng: random.Random) -> bytes:
    """Random text in random encodings, sometimes binary."""
    kind = rng.randrange(4)
    text = "".join(rng.choice("关于开展检查的通知各单位：一、（一）1.附件：国务院2024年1月5日，。；\n ")
                   for _ in range(rng.randint(0, 400)))
    if kind == 0:
        return text.encode("utf-8")
    if kind == 1:
        return text.encode("gb18030")
    if kind == 2:
        return rng.randbytes(rng.randint(0, 3000))
    return text.encode("utf-16")[: rng.randint(0, 800)]


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit-s", type=float, default=5.0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    import tempfile

    failures = 0
    outcomes = {"read": 0, "DocumentReadError": 0}
    slowest = 0.0
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        pool = seeds(tmp)
        for i in range(args.n):
            r = rng.random()
            if r < 0.45:
                data, suffix = mutate_xml(rng, rng.choice(pool)), ".docx"
            elif r < 0.8:
                data, suffix = mutate_bytes(rng, rng.choice(pool)), ".docx"
            else:
                data, suffix = random_txt(rng), ".txt"
            path = tmp / f"in{suffix}"
            path.write_bytes(data)
            t0 = time.perf_counter()
            try:
                doc = read_document(path)
                assert isinstance(doc.text, str)
                document_from_text(doc.text)
                outcomes["read"] += 1
            except DocumentReadError as exc:
                assert str(path) in str(exc)
                outcomes["DocumentReadError"] += 1
            except Exception:  # anything else is a reader bug
                failures += 1
                OUT.mkdir(parents=True, exist_ok=True)
                (OUT / f"fail{i}{suffix}").write_bytes(data)
                print(f"FAIL #{i}: {traceback.format_exc().splitlines()[-1]}")
            dt = time.perf_counter() - t0
            slowest = max(slowest, dt)
            if dt > args.limit_s:
                failures += 1
                print(f"SLOW #{i}: {dt:.1f} s")
    total = time.perf_counter() - t_start
    print(f"inputs: {args.n} (seed {args.seed}) in {total:.0f} s; read: {outcomes['read']}, "
          f"clear errors: {outcomes['DocumentReadError']}, failures: {failures}, slowest input: "
          f"{slowest * 1000:.0f} ms")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
