"""Review history from reviewers' Word comments: import, duplicates on re-import, and leave-one-out
suggestion.

The set: corpus documents grouped by a topic word in their title (up to 4 per topic), each typeset to .docx
by our writer and given one Word comment by a "reviewer" — a remark written for that topic (the same remark
for every document of a topic, as a reviewer repeats a concern on similar files), anchored on the title.
The comments were written by hand for this benchmark; nothing is tuned on them.

Figures:
- comments imported from the folder, and new rows on a second import of the same folder (target 0);
- leave-one-out: for each document, the history holds every other document's comment; the document is the
  new draft; hit@3 = a comment of the same topic is among the first three suggestions, precision@3 = share
  of the first three suggestions that are of the same topic, silent = documents with no suggestion.

Run: .venv/bin/python benchmarks/review_history.py
"""

from __future__ import annotations

import csv
import shutil
import tempfile
import time
from pathlib import Path

from gov_docs.document import read_document
from gov_docs.document.docx_edit import save_docx
from gov_docs.document.docx_writer import build_docx
from gov_docs.document.txt_reader import read_txt
from gov_docs.library.comments import CommentStore, import_review_comments

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"

TOPICS = {
    "森林": "森林防火责任要落实到具体单位和人员，写明野外用火审批部门",
    "疫情": "疫情防控措施应与最新防控方案保持一致，注明依据文件",
    "教育": "涉及学校和学生的措施要征求教育部门意见",
    "医疗": "医疗保障待遇调整须注明资金来源和执行时间",
    "消费": "促消费措施要明确牵头部门和时间节点",
    "生态": "生态环境保护目标应量化，写明考核办法",
    "交通": "交通运输部分须与交通运输部会签",
    "科技": "科技创新政策要与现有科技计划管理办法衔接",
}
PER_TOPIC = 4


def _select() -> list[tuple[str, str]]:
    """Return (file name, topic) pairs: up to PER_TOPIC documents whose title holds each topic word."""
    taken: dict[str, str] = {}
    counts = dict.fromkeys(TOPICS, 0)
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            for topic in TOPICS:
                if topic in row["original_name"] and counts[topic] < PER_TOPIC and row["file"] not in taken:
                    taken[row["file"]] = topic
                    counts[topic] += 1
                    break
    return sorted(taken.items())


def _annotated(folder: Path, name: str, topic: str) -> Path:
    doc = read_txt(CORPUS / name)
    d = build_docx(doc)
    paragraph = next((p for p in d.paragraphs if p.runs and p.text.strip() in doc.title), None)
    paragraph = paragraph or next(p for p in d.paragraphs if p.runs)
    d.add_comment(paragraph.runs, text=TOPICS[topic], author=f"审核人{list(TOPICS).index(topic) + 1}",
                  initials="SH")
    out = folder / f"{Path(name).stem}.docx"
    save_docx(d, out)
    return out


def main() -> None:
    """Build the annotated folder, import it twice, and run the leave-one-out test; print the figures."""
    chosen = _select()
    work = Path(tempfile.mkdtemp(prefix="review-history-"))
    try:
        folder = work / "reviewed"
        folder.mkdir()
        files = {name: _annotated(folder, name, topic) for name, topic in chosen}
        topic_of = {str(files[name].resolve()): topic for name, topic in chosen}
        store = CommentStore(work / "all.sqlite")
        t0 = time.perf_counter()
        first = import_review_comments([folder], store)
        t_import = time.perf_counter() - t0
        again = import_review_comments([folder], store)
        print(f"documents {len(chosen)} in {len(TOPICS)} topics; import: {first.files} files, "
              f"{first.found} reviewer comments, {first.added} stored in {t_import:.2f} s; "
              f"re-import: {again.added} new (duplicates)")

        hits = silent = 0
        same_topic = shown = 0
        for name, topic in chosen:
            path = str(files[name].resolve())
            draft = read_document(CORPUS / name)
            suggestions = store.similar_comments(draft.title, draft.text, exclude_path=path)[:3]
            if not suggestions:
                silent += 1
                continue
            topics = [topic_of[c.doc_path] for c, _ in suggestions]
            hits += topic in topics
            same_topic += sum(t == topic for t in topics)
            shown += len(topics)
        n = len(chosen)
        print(f"leave-one-out over {n} documents: hit@3 {hits / n:.2f} ({hits}/{n}), "
              f"precision@3 {same_topic / max(shown, 1):.2f} ({same_topic}/{shown}), silent {silent}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
