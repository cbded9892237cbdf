"""User settings stored as TOML in the user data folder; tests point it at a temp folder.

Settings are a flat-ish dict with sections; unknown keys are kept so that newer
versions' settings survive a round trip through an older one. The file holds only what differs from the
defaults (``FORMAT``), so a default changed in a new version reaches users who never chose otherwise.
"""

from __future__ import annotations

import copy
import os
import tomllib
from pathlib import Path
from typing import Any

from gov_docs import paths
from gov_docs.errors import GovDocsError

DEFAULTS: dict[str, Any] = {
    "llm": {
        "backend": "embedded",  # embedded | server
        "model_path": "",  # empty: the first GGUF found in models/
        "server_url": "",
        "server_model": "",
        "api_key": "",
        "n_ctx": 4096,
        "threads": 0,  # 0: the free cores (usable cores minus the load average)
    },
    "checks": {
        "rule_dirs": [],  # extra rule folders besides the bundled rules/
        "disabled_rules": [],
        "allow_list": [],
        # typo suspects verified by the small local model, loaded when a suspect first needs it; on by
        # default (issue 16: its 必错 need the fast path too, its 疑似 stay under 1 per 10k characters of
        # clean text, see docs/typo.md); no model installed: the fast path, said once
        "typo_lm_verify": True,
        "typo_model": "",  # empty: the small model when installed (gov_docs.typo.lm.TYPO_PREFERENCE)
        # strict | standard | loose: which font-name variants count (format rules)
        "font_strictness": "standard",
    },
    "library": {
        "index_path": "",  # empty: <user data>/index
    },
    "ui": {
        "admin_mode": False,
        "recent_files": [],
    },
    "admin": {
        "password_hash": "",  # salted PBKDF2 hash of the administrator password (gov_docs.admin.access)
    },
}


#: the settings file's layout: 2 stores only the values that differ from :data:`DEFAULTS`; a file
#: without it (layout 1) is a full copy of the settings, defaults included
FORMAT = 2

#: values layout-1 files wrote although the user never chose them: that version's defaults, since
#: changed. ``checks.typo_lm_verify`` was false by default then, and every save (opening a file updates
#: the recent files) wrote it, so it is read as "not chosen" and the current default applies.
_STALE_LAYOUT_1 = {("checks", "typo_lm_verify"): False}


def config_path() -> Path:
    """Return the settings file path (``GOV_DOCS_CONFIG`` overrides it)."""
    env = os.environ.get("GOV_DOCS_CONFIG")
    return Path(env) if env else paths.user_data_dir() / "settings.toml"


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


class ConfigError(GovDocsError):
    """The settings file cannot be read; the message names the file and the problem."""


def load(path: Path | None = None) -> dict[str, Any]:
    """Load settings merged over the defaults.

    Args:
        path: settings file; defaults to :func:`config_path`.

    Returns:
        The settings dict (defaults when the file does not exist).

    Raises:
        ConfigError: the file exists but is not valid TOML.
    """
    path = path or config_path()
    if not path.exists():
        return copy.deepcopy(DEFAULTS)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"设置文件 {path} 格式错误：{exc}") from exc
    if data.pop("settings_format", 1) < FORMAT:
        for (section, key), value in _STALE_LAYOUT_1.items():
            if isinstance(data.get(section), dict) and data[section].get(key) is value:
                del data[section][key]
    return _merge(DEFAULTS, data)


def _changed(settings: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """Return the part of ``settings`` that differs from ``defaults`` (unknown keys always differ)."""
    out: dict[str, Any] = {}
    for key, value in settings.items():
        if isinstance(value, dict) and isinstance(defaults.get(key), dict):
            if inner := _changed(value, defaults[key]):
                out[key] = inner
        elif key not in defaults or defaults[key] != value:
            out[key] = value
    return out


def save(settings: dict[str, Any], path: Path | None = None) -> Path:
    """Write what differs from the defaults, atomically (temp file then rename); return the path."""
    import tomli_w

    from gov_docs.fileio import atomic_write_bytes

    path = path or config_path()
    data = {"settings_format": FORMAT, **_changed(settings, DEFAULTS)}
    atomic_write_bytes(path, tomli_w.dumps(data).encode("utf-8"))
    return path
