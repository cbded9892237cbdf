"""Settings (config.py): defaults when there is no file, a round trip that keeps unknown keys, an atomic
save, GOV_DOCS_CONFIG, and a broken file reported in Chinese with its path."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_docs import config, paths


def test_no_file_gives_the_defaults_and_they_are_a_copy() -> None:
    assert not config.config_path().exists()
    s = config.load()
    assert s == config.DEFAULTS
    s["checks"]["allow_list"].append("按装公司")
    assert config.DEFAULTS["checks"]["allow_list"] == []  # callers never change the defaults


def test_round_trip_keeps_unknown_keys_and_fills_missing_ones() -> None:
    path = config.config_path()
    assert path.parent == paths.user_data_dir()
    path.write_text('[llm]\nthreads = 2\n[future]\nkey = "新版本的设置"\n', encoding="utf-8")
    s = config.load()
    assert s["llm"]["threads"] == 2 and s["llm"]["n_ctx"] == 4096  # merged over the defaults
    assert s["future"]["key"] == "新版本的设置"
    s["ui"]["admin_mode"] = True
    assert config.save(s) == path
    again = config.load()
    assert again["future"]["key"] == "新版本的设置" and again["ui"]["admin_mode"] is True
    assert [p.name for p in path.parent.iterdir() if p.name.startswith("settings")] == ["settings.toml"]


def test_gov_docs_config_points_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "部署" / "settings.toml"
    monkeypatch.setenv("GOV_DOCS_CONFIG", str(other))
    assert config.config_path() == other
    config.save(config.load())
    assert other.exists()


def test_a_broken_file_names_itself(tmp_path: Path) -> None:
    bad = tmp_path / "settings.toml"
    bad.write_text("[llm\nthreads = ", encoding="utf-8")
    with pytest.raises(config.ConfigError, match=f"设置文件 {bad} 格式错误"):
        config.load(bad)
    bad.write_bytes(b"\xff\xfe[llm]")
    with pytest.raises(config.ConfigError, match="格式错误"):
        config.load(bad)
