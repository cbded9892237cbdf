"""The one place that finds folders (paths.py): the source tree, a frozen build, and the environment
variables that tests and administrators use."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gov_docs import paths

SOURCE = Path(__file__).resolve().parents[1]


def test_from_the_source_tree() -> None:
    assert paths.app_root() == SOURCE == paths.install_root()
    assert paths.rules_dir() == SOURCE / "rules" and (paths.rules_dir() / "typo").is_dir()
    assert paths.resources_dir() == SOURCE / "resources"


def test_user_folders_follow_gov_docs_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "用户" / "数据"
    monkeypatch.setenv("GOV_DOCS_HOME", str(home))
    monkeypatch.delenv("GOV_DOCS_CACHE", raising=False)
    assert paths.user_data_dir() == home and home.is_dir()  # created on first use
    assert paths.user_cache_dir() == home / "cache" and (home / "cache").is_dir()
    monkeypatch.setenv("GOV_DOCS_CACHE", str(tmp_path / "cache2"))
    assert paths.user_cache_dir() == tmp_path / "cache2"


def test_without_gov_docs_home_the_platform_folders_are_used(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOV_DOCS_HOME", raising=False)
    monkeypatch.delenv("GOV_DOCS_CACHE", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert paths.user_data_dir() == tmp_path / "share" / "gov-docs"
    assert paths.user_cache_dir() == tmp_path / "cache" / "gov-docs"


def test_rules_and_models_can_be_pointed_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOV_DOCS_RULES", str(tmp_path / "rules"))
    monkeypatch.setenv("GOV_DOCS_MODELS", str(tmp_path / "models"))
    assert paths.rules_dir() == tmp_path / "rules"
    assert paths.models_dirs() == [tmp_path / "models", SOURCE / "models", paths.user_data_dir() / "models"]
    monkeypatch.setenv("GOV_DOCS_MODELS", str(SOURCE / "models"))
    assert paths.models_dirs() == [SOURCE / "models", paths.user_data_dir() / "models"]  # listed once


def test_a_frozen_build_finds_its_bundle_and_its_models_next_to_the_exe(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exe = tmp_path / "gov-docs" / "gov-docs.exe"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "gov-docs" / "_internal"), raising=False)
    monkeypatch.delenv("GOV_DOCS_RULES", raising=False)
    assert paths.app_root() == tmp_path / "gov-docs" / "_internal"
    assert paths.rules_dir() == tmp_path / "gov-docs" / "_internal" / "rules"
    assert paths.install_root() == tmp_path / "gov-docs"  # models/ sits next to the executable
    monkeypatch.delattr(sys, "_MEIPASS")
    assert paths.app_root() == tmp_path / "gov-docs"  # a one-folder build without _MEIPASS
