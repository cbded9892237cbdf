"""The one place that finds rules/, models/, resources/ and the user's data folder.

Works both from the source tree and from a frozen (PyInstaller) build, where the
bundled folders sit next to the executable (or in ``sys._MEIPASS``).
Environment variables let tests and administrators point elsewhere:

- ``GOV_DOCS_HOME``: the per-user data folder (settings, index, history, recovery).
- ``GOV_DOCS_RULES``, ``GOV_DOCS_MODELS``: override the rule and model folders.
- ``GOV_DOCS_CACHE``: the folder of precompiled resources (default: ``cache`` inside ``GOV_DOCS_HOME``
  when that is set, else the platform's per-user cache folder).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "gov-docs"


def app_root() -> Path:
    """Return the folder that holds the bundled ``rules/``, ``resources/`` and ``models/``."""
    if getattr(sys, "frozen", False):
        bundle = getattr(sys, "_MEIPASS", None)
        return Path(bundle) if bundle else Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def install_root() -> Path:
    """Return the folder of the executable (frozen) or the source tree: where ``models/`` lives."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return app_root()


def user_data_dir() -> Path:
    """Return (and create) the per-user data folder."""
    env = os.environ.get("GOV_DOCS_HOME")
    if env:
        path = Path(env)
    elif sys.platform == "win32":
        path = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / APP_NAME
    else:
        path = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / APP_NAME
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_cache_dir() -> Path:
    """Return (and create) the per-user cache folder of precompiled resources (safe to delete)."""
    env = os.environ.get("GOV_DOCS_CACHE")
    if env:
        path = Path(env)
    elif os.environ.get("GOV_DOCS_HOME"):
        path = Path(os.environ["GOV_DOCS_HOME"]) / "cache"
    elif sys.platform == "win32":
        path = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / APP_NAME / "cache"
    else:
        path = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / APP_NAME
    path.mkdir(parents=True, exist_ok=True)
    return path


def rules_dir() -> Path:
    """Return the default rule folder (admin-editable YAML and word lists)."""
    env = os.environ.get("GOV_DOCS_RULES")
    return Path(env) if env else app_root() / "rules"


def resources_dir() -> Path:
    """Return the bundled resources folder (templates, icons, sample documents)."""
    return app_root() / "resources"


def models_dirs() -> list[Path]:
    """Return the folders searched for GGUF models, most specific first."""
    dirs: list[Path] = []
    env = os.environ.get("GOV_DOCS_MODELS")
    if env:
        dirs.append(Path(env))
    dirs.append(install_root() / "models")
    dirs.append(user_data_dir() / "models")
    seen: set[Path] = set()
    unique = []
    for d in dirs:
        if d not in seen:
            seen.add(d)
            unique.append(d)
    return unique
