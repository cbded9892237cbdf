"""Precompiled resources: tables that are slow to build (the segmentation dictionary, the typo checker's
confusion sets and word statistics, parsed rule files) are built once and kept as pickles in the user's
cache folder (:func:`gov_docs.paths.user_cache_dir`).

Each entry is named and keyed by a fingerprint of everything it was built from: the app version, the
Python version, the cache format, the content (not the date) of every source file, including the module
that builds it, and any extra parts the caller adds. A changed word list, rule file, data file or
program gives a new key, so the entry is rebuilt on first use; an entry is never shared between versions.
Older entries of the same name are deleted when a new one is written. A missing, unreadable or corrupt
cache only costs the rebuild: the folder may be deleted at any time and checking never fails because of it.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: Bumped when the layout of cache entries changes.
CACHE_FORMAT = 1

_digests: dict[tuple[str, int, int, int, int], str] = {}
_lock = threading.Lock()
_loading = threading.local()
_loaded_seconds = 0.0


@contextmanager
def loading() -> Iterator[None]:
    """Count the time spent inside as resource loading (see :func:`loading_seconds`); nesting counts once."""
    global _loaded_seconds
    depth = getattr(_loading, "depth", 0)
    _loading.depth = depth + 1
    t0 = time.perf_counter()
    try:
        yield
    finally:
        _loading.depth = depth
        if depth == 0:
            with _lock:
                _loaded_seconds += time.perf_counter() - t0


def loading_seconds() -> float:
    """Return the seconds this process has spent loading resources lazily.

    The engine leaves them out of a rule's time budget: a first use that loads a table is not a slow rule.
    """
    return _loaded_seconds


def file_digest(path: Path) -> str:
    """Return a hash of the file's content ("missing" if it does not exist).

    Memoised within the process by size, inode and modification and change times: any write changes the
    change time (which, unlike the modification time, cannot be set back), so an edit is always re-hashed.
    """
    try:
        st = path.stat()
    except OSError:
        return "missing"
    if not path.is_file():
        return "not-a-file"
    memo = (str(path), st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns)
    digest = _digests.get(memo)
    if digest is None:
        h = hashlib.blake2b(digest_size=16)
        try:
            with path.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
        except OSError:
            return "unreadable"
        digest = _digests[memo] = h.hexdigest()
    return digest


def fingerprint(name: str, sources: Iterable[Path | str], parts: Iterable[str] = ()) -> str:
    """Return the key of entry ``name`` built from ``sources`` (files) and ``parts`` (extra strings)."""
    from gov_docs import __version__

    h = hashlib.blake2b(digest_size=20)
    for piece in (f"format={CACHE_FORMAT}", f"app={__version__}", f"python={sys.version_info[:3]}",
                  f"pickle={pickle.HIGHEST_PROTOCOL}", f"name={name}", *(f"part={p}" for p in parts)):
        h.update(piece.encode("utf-8") + b"\0")
    for src in sources:
        path = Path(src)
        h.update(f"file={path}:{file_digest(path)}".encode() + b"\0")
    return h.hexdigest()


def entry_path(name: str, key: str, folder: Path | None = None) -> Path:
    """Return the file that holds entry ``name`` with ``key``."""
    from gov_docs import paths

    return (folder or paths.user_cache_dir()) / f"{name.replace('.', '_')}.{key[:24]}.pickle"


def _write(path: Path, value: object) -> None:
    from gov_docs.fileio import atomic_write_bytes

    atomic_write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    for old in path.parent.glob(path.name.split(".", 1)[0] + ".*.pickle"):
        if old != path:
            try:
                old.unlink()
            except OSError:
                pass


def load_or_build(name: str, sources: Iterable[Path | str], build: Callable[[], T], *,
                  parts: Iterable[str] = (), folder: Path | None = None) -> T:
    """Return entry ``name`` from the cache, or build it with ``build()`` and store it.

    Args:
        name: the entry's name (a file-name-safe word such as ``jieba-dict``; no dots).
        sources: every file the entry is built from (their content is hashed into the key); include the
            module that builds it so a change in the program also rebuilds.
        build: makes the value (any picklable object) when the cache has no valid entry.
        parts: extra strings that change the value (a package's version, a parameter).
        folder: the cache folder (default: the user cache folder).

    Returns:
        The value, built or loaded; it is the caller's to keep (a fresh copy on every load).
    """
    with loading():
        try:
            key = fingerprint(name, sources, parts)
            path = entry_path(name, key, folder)
        except OSError:  # no cache folder (read-only home): build every time
            return build()
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except FileNotFoundError:
            pass
        except Exception:  # noqa: BLE001 - a corrupt or foreign entry is rebuilt, never trusted
            try:
                path.unlink()
            except OSError:
                pass
        value = build()
        with _lock:
            try:
                _write(path, value)
            except (OSError, pickle.PicklingError, TypeError, AttributeError):
                pass  # not writable or not picklable: still correct, only slower next time
        return value


def clear(folder: Path | None = None) -> int:
    """Delete every cache entry; return how many files were removed."""
    from gov_docs import paths

    n = 0
    for f in (folder or paths.user_cache_dir()).glob("*.pickle"):
        try:
            f.unlink()
            n += 1
        except OSError:
            pass
    return n
