"""Time to open a .doc through LibreOffice, against opening the .docx of the same text, in the same run.

The 20-page document of ``doc_io.py`` is written as a .docx by our writer and converted once to Word 97
(.doc) by LibreOffice; then each is opened with ``api.open`` (read, roles, package bound) N times, the .doc
converted afresh every time (headless LibreOffice with a new profile, as in the app). Prints the medians
and their ratio.

Usage: .venv/bin/python benchmarks/legacy_open.py [--pages 20] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from doc_io import build_text  # noqa: E402

from gov_docs import api  # noqa: E402
from gov_docs.document import document_from_text, write_docx  # noqa: E402
from gov_docs.document.legacy import office_converter  # noqa: E402


def _median_open(path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        api.open(path)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    soffice = office_converter()
    if soffice is None:
        print("LibreOffice 未安装：无法测量 .doc 打开时间", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docx_path = write_docx(document_from_text(build_text(args.pages)), folder / "doc.docx")
        subprocess.run([str(soffice), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                        "--convert-to", "doc:MS Word 97", "--outdir", str(folder), str(docx_path)],
                       check=True, capture_output=True, timeout=300)
        doc_path = folder / "doc.doc"
        api.open(docx_path)  # imports and caches warmed for both
        docx_s = _median_open(docx_path, args.repeat)
        doc_s = _median_open(doc_path, args.repeat)
    print(f"{args.pages} pages, median of {args.repeat}: open .docx {docx_s:.2f} s, open .doc {doc_s:.2f} s "
          f"(LibreOffice conversion included), ratio {doc_s / docx_s:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
