"""Test-wide fixtures: an isolated user data folder, offscreen Qt, and paths to real shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
CORPUS = SHARED_DATA / "gov_corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point settings, index, history and recovery at a temp folder for every test."""
    home = tmp_path_factory.mktemp("gov-docs-home")
    monkeypatch.setenv("GOV_DOCS_HOME", str(home))
    monkeypatch.delenv("GOV_DOCS_CONFIG", raising=False)
    # the shipped default verifies typo suspects with the local model; tests about anything else check on
    # the fast path, in their subprocesses and batch workers too (tests that are about verification
    # remove this or turn it on)
    monkeypatch.setenv("GOV_DOCS_TYPO_VERIFY", "0")
    return home


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The 600 real government documents (../shared/data/gov_corpus); the suite needs them."""
    assert CORPUS.is_dir(), f"missing shared data: {CORPUS}"
    return CORPUS


@pytest.fixture(scope="session")
def demo_model_path() -> Path:
    """The demo GGUF assembled by scripts/setup.sh (tests that need the real model use this)."""
    path = ROOT / "models" / "qwen2.5-coder-0.5b-instruct-q4.gguf"
    assert path.exists(), f"demo model missing: {path}; run scripts/setup.sh"
    return path
