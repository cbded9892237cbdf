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
import marshal
import pickle
import struct
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


DIGESTS_FILE = "file-digests.pickle"
_stored: dict[tuple[str, int, int, int, int], str] | None = None
_unsaved: list[tuple[str, int, int, int, int]] = []


def _stored_digests() -> dict[tuple[str, int, int, int, int], str]:
    """Return the digests earlier processes computed (a small file in the cache folder), read once."""
    global _stored
    if _stored is None:
        _stored = {}
        try:
            from gov_docs import paths

            with (paths.user_cache_dir() / DIGESTS_FILE).open("rb") as fh:
                found = pickle.load(fh)
            if isinstance(found, dict):
                _stored = found
        except Exception:  # noqa: BLE001 - missing or damaged: the files are hashed again
            pass
    return _stored


def _store_digests() -> None:
    """Write the digests computed since the last write (a no-op when there are none)."""
    if not _unsaved:
        return
    _unsaved.clear()
    try:
        from gov_docs import paths

        _write_bytes(paths.user_cache_dir() / DIGESTS_FILE,
                     pickle.dumps(dict(_stored or {}), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass


def file_digest(path: Path) -> str:
    """Return a hash of the file's content ("missing" if it does not exist).

    Memoised by path, size, inode and modification and change times, within the process and across
    processes (:data:`DIGESTS_FILE` in the cache folder: hashing the 5 MB word lists took a tenth of a
    cold check): any write changes the change time (which, unlike the modification time, cannot be set
    back), so an edit is always re-hashed.
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
        stored = _stored_digests()
        digest = stored.get(memo)
        if digest is None:
            h = hashlib.blake2b(digest_size=16)
            try:
                with path.open("rb") as fh:
                    for block in iter(lambda: fh.read(1 << 20), b""):
                        h.update(block)
            except OSError:
                return "unreadable"
            digest = h.hexdigest()
            with _lock:
                for old in [k for k in stored if k[0] == memo[0]]:  # an earlier state of the same file
                    del stored[old]
                stored[memo] = digest
                _unsaved.append(memo)
        _digests[memo] = digest
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
    _store_digests()
    return h.hexdigest()


def entry_path(name: str, key: str, folder: Path | None = None, suffix: str = "pickle") -> Path:
    """Return the file that holds entry ``name`` with ``key``."""
    from gov_docs import paths

    return (folder or paths.user_cache_dir()) / f"{name.replace('.', '_')}.{key[:24]}.{suffix}"


def _write(path: Path, value: object) -> None:
    _write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _write_bytes(path: Path, data: bytes) -> None:
    from gov_docs.fileio import atomic_write_bytes

    atomic_write_bytes(path, data)
    for old in path.parent.glob(path.name.split(".", 1)[0] + ".*." + path.name.rsplit(".", 1)[-1]):
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


SHARDS_MAGIC = b"gov-docs shards 2\n"
BUCKETS = 1 << 16  # buckets of words by their first two characters (single characters: one more)


def bucket_of(word: str) -> int:
    """Return the bucket of a word of two or more characters (from its first two; stable across runs)."""
    return (ord(word[0]) * 40503 + ord(word[1])) % BUCKETS


class WordShards:
    """A word → count table kept in the cache in buckets by its words' first two characters, filled into
    :attr:`table` (a plain dict, for fast lookups) only as far as the texts looked at need: a one-page
    check decodes a few per cent of a 500,000-word dictionary instead of all of it.

    ``ensure(text)`` puts into ``table`` every word whose first two characters occur next to each other
    in ``text``, and every one-character word (always there). A lookup of any piece of ``text`` — or of
    a piece starting inside it — then gets the same answer as from the whole table. Once an eighth of the
    buckets are in (a long document, a folder), the rest is loaded too and ``ensure`` does nothing.

    File layout: :data:`SHARDS_MAGIC`, the header's length (8 bytes), the header (a pickle of ``meta``),
    ``BUCKETS + 2`` offsets (8 bytes each), then one ``marshal`` blob per bucket, the one-character words
    last. The file is mapped into memory, not read. A bucket that cannot be decoded (a damaged file) makes
    the table rebuild itself from its sources: slower, never wrong.
    """

    def __init__(self, meta: object, offsets, data, rebuild: Callable[[], dict],
                 path: Path | None = None) -> None:
        self.meta = meta
        self.table: dict[str, int] = {}
        self.complete = False
        self._offsets = offsets
        self._data = data
        self._rebuild = rebuild
        self._path = path
        self._filled: set[int] = set()
        self._lock = threading.RLock()
        with self._lock:
            self.table.update(self._bucket(BUCKETS))  # the one-character words

    @classmethod
    def from_table(cls, table: dict[str, int], meta: object) -> WordShards:
        """Return a complete table held in memory (when the cache cannot be written)."""
        out = cls.__new__(cls)
        out.meta, out.table, out.complete = meta, dict(table), True
        out._filled, out._lock, out._path = set(), threading.RLock(), None
        return out

    @staticmethod
    def encode(table: dict[str, int], meta: object) -> bytes:
        """Return the file content for ``table`` (see the class's layout)."""
        groups: list[dict[str, int]] = [{} for _ in range(BUCKETS + 1)]
        for word, count in table.items():
            groups[bucket_of(word) if len(word) >= 2 else BUCKETS][word] = count
        blobs = [marshal.dumps(g) for g in groups]
        offsets, at = [], 0
        for blob in blobs:
            offsets.append(at)
            at += len(blob)
        offsets.append(at)
        header = pickle.dumps(meta, protocol=pickle.HIGHEST_PROTOCOL)
        return (SHARDS_MAGIC + struct.pack("<Q", len(header)) + header
                + struct.pack(f"<{len(offsets)}Q", *offsets) + b"".join(blobs))

    @classmethod
    def open(cls, path: Path, rebuild: Callable[[], dict]) -> WordShards:
        """Map the file at ``path``; raise OSError/ValueError when it is missing or not a shards file."""
        import mmap

        with path.open("rb") as fh:
            head = fh.read(len(SHARDS_MAGIC) + 8)
            if len(head) < len(SHARDS_MAGIC) + 8 or not head.startswith(SHARDS_MAGIC):
                raise ValueError("not a shards file")
            (size,) = struct.unpack("<Q", head[len(SHARDS_MAGIC):])
            try:
                meta = pickle.loads(fh.read(size))
            except Exception as exc:  # noqa: BLE001 - any damage to the header: rebuild
                raise ValueError("damaged header") from exc
            start = len(head) + size
            try:
                data = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))[start:]
            except (OSError, ValueError):  # a file system without mapping: read it
                fh.seek(start)
                data = memoryview(fh.read())
        count = BUCKETS + 2
        if len(data) < 8 * count:
            raise ValueError("truncated")
        offsets = data[: 8 * count].cast("Q")
        if sys.byteorder != "little":
            offsets = struct.unpack(f"<{count}Q", data[: 8 * count])
        return cls(meta, offsets, data[8 * count:], rebuild, path)

    def _bucket(self, b: int) -> dict[str, int]:
        """Return bucket ``b`` decoded (rebuilding the whole table when it cannot be)."""
        try:
            found = marshal.loads(self._data[self._offsets[b]:self._offsets[b + 1]])
            if not isinstance(found, dict):
                raise ValueError("not a table")
            return found
        except (ValueError, EOFError, TypeError, IndexError):
            self._take_whole(self._rebuild())  # a damaged entry: the sources decide, and the file goes
            if self._path is not None:
                try:
                    self._path.unlink()
                except OSError:
                    pass
            return {}

    def _take_whole(self, table: dict[str, int]) -> None:
        self.table.update(table)
        self.complete = True

    def ensure(self, text: str) -> None:
        """Put into :attr:`table` every word whose first two characters stand together in ``text``."""
        if self.complete:
            return
        codes = [ord(c) for c in text]
        wanted = {(a * 40503 + b) % BUCKETS for a, b in zip(codes, codes[1:], strict=False)}
        wanted.difference_update(self._filled)
        if wanted:
            with self._lock, loading():
                if len(self._filled) + len(wanted) > BUCKETS // 8:
                    self.fill_all()
                    return
                table = self.table
                for b in wanted:
                    if self.complete:
                        return
                    table.update(self._bucket(b))
                    self._filled.add(b)

    def fill_all(self) -> dict[str, int]:
        """Put the whole table into :attr:`table` (once); return it."""
        with self._lock, loading():
            if not self.complete:
                table = self.table
                for b in range(BUCKETS):
                    if b not in self._filled and not self.complete:
                        table.update(self._bucket(b))
                self.complete = True
                self._filled = set()
        return self.table


def load_or_build_shards(name: str, sources: Iterable[Path | str],
                         build: Callable[[], tuple[dict[str, int], object]], *, parts: Iterable[str] = (),
                         folder: Path | None = None) -> WordShards:
    """Return entry ``name`` as :class:`WordShards` (a word → count table filled as the texts need it),
    building it with ``build()`` — which returns ``(table, meta)`` — when the cache has no valid entry.
    Keys and arguments as :func:`load_or_build`.
    """
    with loading():
        def rebuild() -> dict[str, int]:
            with loading():
                return build()[0]

        try:
            key = fingerprint(name, sources, parts)
            path = entry_path(name, key, folder, suffix="shards")
        except OSError:
            path = None
        if path is not None:
            try:
                return WordShards.open(path, rebuild)
            except FileNotFoundError:
                pass
            except (OSError, ValueError, EOFError):
                try:
                    path.unlink()
                except OSError:
                    pass
        table, meta = build()
        if path is not None:
            with _lock:
                try:
                    _write_bytes(path, WordShards.encode(table, meta))
                    return WordShards.open(path, rebuild)
                except (OSError, ValueError, TypeError):
                    pass  # not writable: still correct, only slower next time
        return WordShards.from_table(table, meta)


def clear(folder: Path | None = None) -> int:
    """Delete every cache entry; return how many files were removed."""
    from gov_docs import paths

    n = 0
    folder = folder or paths.user_cache_dir()
    for f in [*folder.glob("*.pickle"), *folder.glob("*.shards")]:
        try:
            f.unlink()
            n += 1
        except OSError:
            pass
    return n
