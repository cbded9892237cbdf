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


def test_the_file_keeps_only_choices_so_a_new_default_reaches_users_who_never_chose() -> None:
    s = config.load()
    s["llm"]["threads"] = 1
    s["ui"]["recent_files"] = ["/公文/通知.docx"]
    path = config.save(s)
    text = path.read_text(encoding="utf-8")
    assert "threads = 1" in text and "通知.docx" in text
    assert "typo_lm_verify" not in text and "n_ctx" not in text  # defaults are not copied into the file
    assert config.load() == s


def test_an_older_full_copy_gets_the_new_verification_default_but_keeps_real_choices() -> None:
    path = config.config_path()
    # what an earlier version wrote on every save, defaults included (typo_lm_verify was false by default)
    path.write_text('[checks]\ntypo_lm_verify = false\nfont_strictness = "strict"\n'
                    '[ui]\nrecent_files = ["/公文/通知.docx"]\n', encoding="utf-8")
    s = config.load()
    assert s["checks"]["typo_lm_verify"] is True and s["checks"]["font_strictness"] == "strict"
    s["checks"]["typo_lm_verify"] = False  # 设置 → 错别字检测用本机模型核验, unticked now: a choice
    config.save(s)
    assert config.load()["checks"]["typo_lm_verify"] is False
