"""Which compiled modules to use: an extension built by ``setup.py`` is used only when it was built from the
sources now in the tree (a ``.pyx`` changed since the last ``scripts/setup.sh`` would otherwise run old
code); without one, or when it is stale, the caller falls back on the same code in Python.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).resolve().parent


def current(name: str) -> ModuleType | None:
    """Return the compiled module ``name`` (``gov_docs.typo._scan``) when it is built and current, else None.

    Current: its recorded ``SOURCE_SHA256`` is :func:`digest` of the sources in the tree (a frozen build
    ships none: then the module is taken as it is).
    """
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None
    found = digest(PACKAGE)
    return module if found is None or getattr(module, "SOURCE_SHA256", None) == found else None


def digest(package: Path) -> str | None:
    """Return the sha256 of every Cython source (``*.pyx``, ``*.pxd``) in the subpackages of ``package``,
    in name order (``setup.py`` records it in each module it builds: one ``.pxd`` serves several), or
    None when there is none.
    """
    files = sorted(package.glob("*/*.pyx")) + sorted(package.glob("*/*.pxd"))
    if not files:
        return None
    sha = hashlib.sha256()
    for path in files:
        sha.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()
