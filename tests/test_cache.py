"""The precompiled-resource cache: built once, keyed by the sources' content and the app version, never
stale, and never a reason for a check to fail."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import gov_docs
from gov_docs import cache, paths
from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document import document_from_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _builder(source: Path, calls: list[str]):
    def build() -> dict[str, str]:
        calls.append(source.read_text(encoding="utf-8"))
        return {"words": source.read_text(encoding="utf-8").split()}
    return build


def test_built_once_then_loaded(tmp_path: Path) -> None:
    src = tmp_path / "list.txt"
    src.write_text("甲 乙", encoding="utf-8")
    calls: list[str] = []
    first = cache.load_or_build("demo", [src], _builder(src, calls), folder=tmp_path)
    second = cache.load_or_build("demo", [src], _builder(src, calls), folder=tmp_path)
    assert first == second == {"words": ["甲", "乙"]}
    assert len(calls) == 1
    assert len(list(tmp_path.glob("demo.*.pickle"))) == 1


def test_changed_source_rebuilds_and_drops_the_old_entry(tmp_path: Path) -> None:
    src = tmp_path / "list.txt"
    src.write_text("甲 乙", encoding="utf-8")
    calls: list[str] = []
    cache.load_or_build("demo", [src], _builder(src, calls), folder=tmp_path)
    old = list(tmp_path.glob("demo.*.pickle"))
    st = src.stat()
    src.write_text("甲 丙", encoding="utf-8")  # same size …
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns))  # … and the same date: only the content differs
    value = cache.load_or_build("demo", [src], _builder(src, calls), folder=tmp_path)
    assert value == {"words": ["甲", "丙"]} and len(calls) == 2
    entries = list(tmp_path.glob("demo.*.pickle"))
    assert len(entries) == 1 and entries != old


def test_never_shared_between_versions(tmp_path: Path, monkeypatch) -> None:
    src = tmp_path / "list.txt"
    src.write_text("甲", encoding="utf-8")
    key = cache.fingerprint("demo", [src])
    monkeypatch.setattr(gov_docs, "__version__", gov_docs.__version__ + ".1")
    assert cache.fingerprint("demo", [src]) != key
    assert cache.fingerprint("demo", [src], parts=["x"]) != cache.fingerprint("demo", [src])


def test_corrupt_entry_is_rebuilt(tmp_path: Path) -> None:
    src = tmp_path / "list.txt"
    src.write_text("甲 乙", encoding="utf-8")
    calls: list[str] = []
    cache.load_or_build("demo", [src], _builder(src, calls), folder=tmp_path)
    entry = next(tmp_path.glob("demo.*.pickle"))
    entry.write_bytes(b"\x80\x05not a pickle")
    assert cache.load_or_build("demo", [src], _builder(src, calls),
                               folder=tmp_path) == {"words": ["甲", "乙"]}
    assert len(calls) == 2


def test_unwritable_cache_folder_still_builds(tmp_path: Path) -> None:
    src = tmp_path / "list.txt"
    src.write_text("甲", encoding="utf-8")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        calls: list[str] = []
        for _ in range(2):
            assert cache.load_or_build("demo", [src], _builder(src, calls),
                                       folder=folder) == {"words": ["甲"]}
        assert len(calls) == 2 or os.geteuid() == 0  # root may write anyway
    finally:
        folder.chmod(0o700)


def test_cache_folder_follows_user_data(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GOV_DOCS_HOME", str(tmp_path / "home"))
    assert paths.user_cache_dir() == tmp_path / "home" / "cache"
    monkeypatch.setenv("GOV_DOCS_CACHE", str(tmp_path / "elsewhere"))
    assert paths.user_cache_dir() == tmp_path / "elsewhere" and (tmp_path / "elsewhere").is_dir()


def _check(rules: Path, text: str) -> list[tuple[str, str]]:
    checker = Checker(load_rules([rules]), allow_list=AllowList())
    return [(f.matched, f.suggestions[0]) for f in checker.check(document_from_text(text))]


def test_edited_word_list_and_rule_file_give_new_results(tmp_path: Path) -> None:
    """A rule pack edited between two checks: the next check sees each edit (nothing stale is cached)."""
    rules = tmp_path / "rules"
    shutil.copytree(FIXTURES / "rules_ok", rules)
    text = "关于做好设备管理的通知\n各单位：\n请及时按装设备，要再接再励。"
    assert _check(rules, text) == [("按装", "安装"), ("再接再励", "再接再厉")]
    lexicon = rules / "typo" / "sample.tsv"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "设备\t装备\n", encoding="utf-8")
    assert _check(rules, text) == [("设备", "装备"), ("按装", "安装"), ("设备", "装备"),
                                   ("再接再励", "再接再厉")]
    rule = rules / "typo" / "sample.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("  按装: 安装\n", ""), encoding="utf-8")
    assert ("按装", "安装") not in _check(rules, text)


def _counts_builder(source: Path, calls: list[str]):
    def build() -> tuple[dict[str, int], int]:
        calls.append("built")
        table = {}
        for line in source.read_text(encoding="utf-8").split():
            word, count = line.split(":")
            table[word] = int(count)
        return table, sum(table.values())
    return build


def test_word_shards_fill_only_what_a_text_needs(tmp_path: Path) -> None:
    src = tmp_path / "counts.txt"
    src.write_text("中国:50 中:9 中国人:5 国家:30 国:7 人民:20", encoding="utf-8")
    calls: list[str] = []
    built = cache.load_or_build_shards("demo-counts", [src], _counts_builder(src, calls), folder=tmp_path)
    shards = cache.load_or_build_shards("demo-counts", [src], _counts_builder(src, calls), folder=tmp_path)
    assert calls == ["built"] and len(list(tmp_path.glob("demo-counts.*.shards"))) == 1
    assert shards.meta == built.meta == 121
    assert shards.table == {"中": 9, "国": 7}  # one-character words are always there
    shards.ensure("我们中国")  # 中国 stands in the text: 中国 and 中国人 come in, 国家 and 人民 do not
    assert shards.table == {"中": 9, "国": 7, "中国": 50, "中国人": 5}
    assert not shards.complete
    assert shards.fill_all() == {"中国": 50, "中": 9, "中国人": 5, "国家": 30, "国": 7, "人民": 20}
    assert shards.complete and built.fill_all() == shards.table


def test_damaged_shard_rebuilds_from_the_sources(tmp_path: Path) -> None:
    src = tmp_path / "counts.txt"
    src.write_text("中国:50 国家:30 人民:20", encoding="utf-8")
    calls: list[str] = []
    cache.load_or_build_shards("demo-counts", [src], _counts_builder(src, calls), folder=tmp_path)
    entry = next(tmp_path.glob("demo-counts.*.shards"))
    data = bytearray(entry.read_bytes())
    at = data.index("人民".encode())  # inside the blob of 人民's bucket
    data[at - 4:at + 6] = b"\xff" * 10
    entry.write_bytes(bytes(data))
    shards = cache.load_or_build_shards("demo-counts", [src], _counts_builder(src, calls), folder=tmp_path)
    shards.ensure("人民")
    assert shards.table == {"中国": 50, "国家": 30, "人民": 20}  # the right answers, from the sources
    entry.write_bytes(b"not a shards file")
    again = cache.load_or_build_shards("demo-counts", [src], _counts_builder(src, calls), folder=tmp_path)
    assert again.fill_all() == {"中国": 50, "国家": 30, "人民": 20}
    assert calls.count("built") == 3


def test_lazily_filled_dictionary_segments_like_the_whole_one(corpus_dir: Path) -> None:
    """jieba's dictionary filled a first character at a time gives jieba's own segmentation."""
    import jieba

    from gov_docs.text import segment

    fresh = jieba.Tokenizer()
    fresh.initialize()
    texts = [p.read_text(encoding="utf-8")[:3000] for p in sorted(corpus_dir.glob("g*.txt"))[::50]]
    for text in texts:
        assert list(segment.segmenter().tokenize(text, HMM=False)) == list(fresh.tokenize(text, HMM=False))
        assert segment.segmenter().lcut(text, HMM=True) == fresh.lcut(text, HMM=True)
    # tokens() folds jieba's steps into one loop: the same tokens, paragraph by paragraph
    paragraphs = [line for text in texts for line in text.splitlines()]
    for text in [*paragraphs, "abc 12 3x\u3000中文  ab\r\n嗯", "", " ", "A", "Ｘ年", "e.g. v1.2 +#&_%-"]:
        assert segment.tokens(text) == tuple(fresh.tokenize(text, HMM=False)), text
