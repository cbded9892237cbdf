"""Reviewers' comments stored with the document they concern (SQLite, WAL), and suggested for new drafts.

Each comment keeps the document's path, title and a content hash, the reviewer and the time. For a new
draft, comments made on the most similar library documents are suggested (历史审核意见推荐).
Routing decisions (拟办) are kept in the same store so routing suggestions can learn from them.
Writes are transactions in WAL mode: a process killed mid-write leaves the store as it was before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from gov_docs.errors import GovDocsError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_path TEXT NOT NULL,
    doc_title TEXT NOT NULL DEFAULT '',
    doc_hash TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_path ON comments(doc_path);
CREATE TABLE IF NOT EXISTS routings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_path TEXT NOT NULL,
    doc_title TEXT NOT NULL DEFAULT '',
    lead TEXT NOT NULL,
    participants TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS routings_path ON routings(doc_path);
"""


@dataclass
class Comment:
    """One reviewer comment."""

    id: int
    doc_path: str
    doc_title: str
    reviewer: str
    text: str
    created: str

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        return dict(self.__dict__)


def default_store_path() -> Path:
    """Return ``<user data>/history.sqlite``."""
    from gov_docs import paths

    return paths.user_data_dir() / "history.sqlite"


class CommentStore:
    """The local store of review comments and routing decisions."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path else default_store_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(str(self.path), timeout=10, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise GovDocsError(f"审核意见库 {self.path} 已损坏或不是数据库文件（{exc}）") from exc

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def add(self, doc_path: str, text: str, *, reviewer: str = "", doc_title: str = "", content: str = "") -> int:
        """Store a comment on a document; return its id."""
        if not text.strip():
            raise GovDocsError("审核意见不能为空")
        digest = hashlib.sha1(content.encode("utf-8")).hexdigest() if content else ""
        with self._db:
            cur = self._db.execute(
                "INSERT INTO comments(doc_path, doc_title, doc_hash, reviewer, text, created) VALUES (?,?,?,?,?,?)",
                (str(doc_path), doc_title, digest, reviewer, text.strip(), dt.datetime.now().isoformat(timespec="seconds")),
            )
        return int(cur.lastrowid)

    def for_document(self, doc_path: str) -> list[Comment]:
        """Return the comments on one document, oldest first."""
        rows = self._db.execute(
            "SELECT id, doc_path, doc_title, reviewer, text, created FROM comments WHERE doc_path=? ORDER BY id",
            (str(doc_path),),
        ).fetchall()
        return [Comment(*r) for r in rows]

    def all(self) -> list[Comment]:
        """Return every comment."""
        rows = self._db.execute("SELECT id, doc_path, doc_title, reviewer, text, created FROM comments ORDER BY id").fetchall()
        return [Comment(*r) for r in rows]

    def suggest(self, index, draft, *, top_docs: int = 8) -> list[tuple[Comment, str, float]]:
        """Return (comment, similar document title, similarity) for comments on documents similar to ``draft``."""
        from gov_docs.library.recommend import recommend

        out = []
        for rec in recommend(index, draft, top=top_docs):
            for c in self.for_document(rec.path):
                out.append((c, rec.title, rec.score))
        return out

    def add_routing(self, doc_path: str, lead: str, participants: list[str], doc_title: str = "") -> None:
        """Record how a document was routed (the clerk's final 拟办 decision)."""
        with self._db:
            self._db.execute(
                "INSERT INTO routings(doc_path, doc_title, lead, participants, created) VALUES (?,?,?,?,?)",
                (str(doc_path), doc_title, lead, "、".join(participants), dt.datetime.now().isoformat(timespec="seconds")),
            )

    def routing_of(self, doc_path: str) -> tuple[str, list[str]] | None:
        """Return the last recorded (lead, participants) of a document, or None."""
        row = self._db.execute(
            "SELECT lead, participants FROM routings WHERE doc_path=? ORDER BY id DESC LIMIT 1", (str(doc_path),)
        ).fetchone()
        if not row:
            return None
        return row[0], [p for p in row[1].split("、") if p]
