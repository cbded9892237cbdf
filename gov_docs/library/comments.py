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
# Columns added after the first release: created on open when an older store lacks them.
_COMMENT_COLUMNS = (("anchor", "TEXT NOT NULL DEFAULT ''"), ("doc_type", "TEXT NOT NULL DEFAULT ''"),
                    ("source_key", "TEXT"))


#: Columns added to ``routings`` after the first release: what routing memory needs to find similar documents
#: (an excerpt of the text), how the decision differed from the suggestion, and who made it.
_ROUTING_COLUMNS = (
    ("doc_text", "TEXT NOT NULL DEFAULT ''"),
    ("doc_hash", "TEXT NOT NULL DEFAULT ''"),
    ("suggested_lead", "TEXT NOT NULL DEFAULT ''"),
    ("suggested_participants", "TEXT NOT NULL DEFAULT ''"),
    ("decided_by", "TEXT NOT NULL DEFAULT ''"),
    ("doc_words", "TEXT NOT NULL DEFAULT ''"),
)
#: Characters of a routed document's text kept to compare later documents with it.
ROUTING_TEXT_CHARS = 3000


@dataclass
class RoutingRecord:
    """A recorded 拟办 decision: the lead and participants a clerk accepted or set for a document."""

    id: int
    doc_path: str
    doc_title: str
    lead: str
    participants: list[str]
    created: str
    doc_text: str = ""
    suggested_lead: str = ""
    suggested_participants: list[str] | None = None
    decided_by: str = ""
    #: what the document is about (analysis.subject_profile, stored with the record), '' for an older one
    doc_words: str = ""

    @property
    def edited(self) -> bool:
        """Return True when the clerk changed the suggestion."""
        return (self.lead, sorted(self.participants)) != (self.suggested_lead,
                                                           sorted(self.suggested_participants or []))


@dataclass
class Comment:
    """One reviewer comment."""

    id: int
    doc_path: str
    doc_title: str
    reviewer: str
    text: str
    created: str
    anchor: str = ""
    doc_type: str = ""

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
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise GovDocsError(f"审核意见库 {self.path} 已损坏或不是数据库文件（{exc}）") from exc

    def _migrate(self) -> None:
        """Add the columns of imported Word comments to a store made by an older version."""
        have = {row[1] for row in self._db.execute("PRAGMA table_info(comments)")}
        with self._db:
            for name, decl in _COMMENT_COLUMNS:
                if name not in have:
                    self._db.execute(f"ALTER TABLE comments ADD COLUMN {name} {decl}")
            # One row per imported Word comment, however often its file is opened or imported.
            self._db.execute("CREATE UNIQUE INDEX IF NOT EXISTS comments_source ON comments(source_key)")
            routing_columns = {row[1] for row in self._db.execute("PRAGMA table_info(routings)")}
            for name, decl in _ROUTING_COLUMNS:
                if name not in routing_columns:  # routing memory needs these
                    self._db.execute(f"ALTER TABLE routings ADD COLUMN {name} {decl}")

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def add(self, doc_path: str, text: str, *, reviewer: str = "", doc_title: str = "",
            content: str = "") -> int:
        """Store a comment on a document; return its id."""
        if not text.strip():
            raise GovDocsError("审核意见不能为空")
        digest = hashlib.sha1(content.encode("utf-8")).hexdigest() if content else ""
        with self._db:
            cur = self._db.execute(
                "INSERT INTO comments(doc_path, doc_title, doc_hash, reviewer, text, created) VALUES (?,?,?,"
                "?,?,?)",
                (str(doc_path), doc_title, digest, reviewer, text.strip(),
                 dt.datetime.now().isoformat(timespec="seconds")),
            )
        return int(cur.lastrowid)

    def for_document(self, doc_path: str) -> list[Comment]:
        """Return the comments on one document, oldest first."""
        rows = self._db.execute(
            "SELECT id, doc_path, doc_title, reviewer, text, created, anchor, doc_type FROM comments WHERE "
            "doc_path=? "
            "ORDER BY id",
            (str(doc_path),),
        ).fetchall()
        return [Comment(*r) for r in rows]

    def all(self) -> list[Comment]:
        """Return every comment."""
        rows = self._db.execute(
            "SELECT id, doc_path, doc_title, reviewer, text, created, anchor, doc_type FROM comments "
                                "ORDER BY id").fetchall()
        return [Comment(*r) for r in rows]

    def import_word_comments(self, doc_path: str, comments, *, doc_title: str = "",
                             doc_type: str = "") -> int:
        """Store reviewers' Word comments (:class:`~gov_docs.document.word_comments.WordComment`) once.

        gov-docs' own comments (its findings) are skipped; a comment already stored (same file, author,
        date, text and anchored text) is not stored again. Returns how many were new.
        """
        added = 0
        with self._db:
            for c in comments:
                if c.is_own or not c.text.strip():
                    continue
                key = hashlib.sha1(
                    "\x1f".join((str(doc_path), c.author, c.date, c.text, c.anchor)).encode("utf-8"))
                cur = self._db.execute(
                    "INSERT OR IGNORE INTO comments(doc_path, doc_title, doc_hash, reviewer, text, created, "
                    "anchor, "
                    "doc_type, source_key) VALUES (?,?,?,?,?,?,?,?,?)",
                    (str(doc_path), doc_title, "", c.author, c.text.strip(),
                     c.date or dt.datetime.now().isoformat(timespec="seconds"), c.anchor, doc_type,
                     key.hexdigest()),
                )
                added += cur.rowcount
        return added

    def suggest(self, index, draft, *, top_docs: int = 8, related: list | None = None
                ) -> list[tuple[Comment, str, float]]:
        """Return (comment, similar document title, similarity) for comments on documents similar to
        ``draft``.

        Two sources: comments on the library documents most similar to the draft (needs ``index``; pass
        None without one), and comments whose own document resembles the draft in title and anchored
        text (reviewers' Word comments imported from files the library may not hold). ``related``: the
        draft's recommendations when the caller has them already (at least ``top_docs``, best first), so
        the draft is not ranked twice.
        """
        out: list[tuple[Comment, str, float]] = []
        seen: set[int] = set()
        if index is not None:
            from gov_docs.library.recommend import recommend

            recs = related[:top_docs] if related is not None else recommend(index, draft, top=top_docs)
            for rec in recs:
                for c in self.for_document(rec.path):
                    out.append((c, rec.title, rec.score))
                    seen.add(c.id)
        for c, score in self.similar_comments(draft.title, draft.text,
                                              exclude_path=getattr(draft, "path", None)):
            if c.id not in seen:
                out.append((c, c.doc_title, score))
        return out

    def similar_comments(self, title: str, text: str = "", *, top: int = 8, min_score: float = 0.25,
                         exclude_path: str | Path | None = None) -> list[tuple[Comment, float]]:
        """Return (comment, score) for stored comments whose document resembles a draft's title and text.

        The score is the share of the comment's document-title subject (its title without 关于 and the
        文种) found in the draft's title or text, plus a smaller share for its anchored text found in the
        draft, plus a little when the 文种 is the same. Comments on ``exclude_path`` are left out.
        """
        from gov_docs.document.doctypes import doc_type_of_title
        from gov_docs.text.han import run_bigrams

        draft_type = doc_type_of_title(title)
        title_bigrams = run_bigrams(_subject(title))
        text_bigrams = run_bigrams(text) | title_bigrams
        excluded = str(exclude_path) if exclude_path else None
        scored = []
        for c in self.all():
            if excluded and c.doc_path == excluded:
                continue
            subject = run_bigrams(_subject(c.doc_title))
            if not subject:
                continue
            score = 0.6 * len(subject & (title_bigrams | text_bigrams)) / len(subject)
            anchor = run_bigrams(c.anchor)
            if anchor:
                score += 0.3 * len(anchor & text_bigrams) / len(anchor)
            if draft_type and draft_type == (c.doc_type or doc_type_of_title(c.doc_title)):
                score += 0.1
            if score >= min_score:
                scored.append((c, round(score, 3)))
        scored.sort(key=lambda cs: -cs[1])
        return scored[:top]

    def add_routing(self, doc_path: str, lead: str, participants: list[str], doc_title: str = "", *,
                    doc_text: str = "", suggested_lead: str = "",
                    suggested_participants: list[str] | None = None,
                    decided_by: str = "") -> int:
        """Record how a document was routed (the clerk's final 拟办 decision); return the record's id.

        Args:
            doc_path: the document's file (or a key for an unsaved one).
            lead: the lead department decided on.
            participants: the participating departments decided on.
            doc_title: its title.
            doc_text: its text (the first ROUTING_TEXT_CHARS characters are kept to find similar documents).
            suggested_lead: what the suggestion said (to tell an accepted suggestion from an edited one).
            suggested_participants: likewise.
            decided_by: who decided.
        """
        if not lead.strip():
            raise GovDocsError("拟办记录缺少主办部门")
        digest = hashlib.sha1(doc_text.encode("utf-8")).hexdigest() if doc_text else ""
        from gov_docs.library.analysis import profile_text, subject_profile

        words = profile_text(subject_profile(doc_title, (doc_text or doc_title)[:ROUTING_TEXT_CHARS]))
        with self._db:
            cur = self._db.execute(
                "INSERT INTO routings(doc_path, doc_title, lead, participants, created, doc_text, doc_hash, "
                "suggested_lead, suggested_participants, decided_by, doc_words) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (str(doc_path), doc_title, lead.strip(),
                 "、".join(p.strip() for p in participants if p.strip()),
                 dt.datetime.now().isoformat(timespec="seconds"), doc_text[:ROUTING_TEXT_CHARS], digest,
                 suggested_lead, "、".join(suggested_participants or []), decided_by, words),
            )
        return int(cur.lastrowid)

    def routings(self) -> list[RoutingRecord]:
        """Return every recorded routing decision, the latest per document only, oldest first."""
        rows = self._db.execute(
            "SELECT id, doc_path, doc_title, lead, participants, created, doc_text, suggested_lead, "
            "suggested_participants, decided_by, doc_words FROM routings WHERE id IN "
            "(SELECT MAX(id) FROM routings GROUP BY doc_path) ORDER BY id"
        ).fetchall()
        return [RoutingRecord(r[0], r[1], r[2], r[3], _split(r[4]), r[5], r[6], r[7], _split(r[8]), r[9],
                              r[10]) for r in rows]

    def routing_of(self, doc_path: str) -> tuple[str, list[str]] | None:
        """Return the last recorded (lead, participants) of a document, or None."""
        row = self._db.execute(
            "SELECT lead, participants FROM routings WHERE doc_path=? ORDER BY id DESC LIMIT 1",
            (str(doc_path),)
        ).fetchone()
        if not row:
            return None
        return row[0], _split(row[1])


def _split(joined: str) -> list[str]:
    return [p for p in (joined or "").split("、") if p]


def _subject(title: str) -> str:
    """Return a title's subject: without 关于, the 文种 at its end, 的 and the issuing words around it."""
    from gov_docs.document.doctypes import doc_type_of_title

    t = "".join(title.split())
    doc_type = doc_type_of_title(t)
    if doc_type and t.endswith(doc_type):
        t = t[: -len(doc_type)]
    for word in ("关于印发", "关于转发", "关于"):
        if t.startswith(word):
            t = t[len(word):]
            break
    return t.removesuffix("的").strip("《》")



@dataclass
class ImportReport:
    """What importing reviewers' Word comments from files did."""

    files: int = 0
    found: int = 0
    added: int = 0
    failed: list[tuple[str, str]] | None = None


def import_review_comments(paths: list[Path], store: CommentStore) -> ImportReport:
    """Import the reviewers' Word comments of .docx files (folders are searched recursively) into ``store``.

    Each comment is stored with its document's path, title and 文种 and the text it is anchored on, once
    however often the file is imported. Files that cannot be read are listed in ``failed`` with the reason.
    """
    from gov_docs.document import read_document
    from gov_docs.document.doctypes import doc_type_of_title
    from gov_docs.document.word_comments import read_word_comments

    report = ImportReport(failed=[])
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*.docx") if not f.name.startswith("~$")))
        else:
            files.append(p)
    for f in files:
        try:
            comments = read_word_comments(f)
            doc = read_document(f)
        except GovDocsError as exc:
            report.failed.append((str(f), str(exc)))
            continue
        report.files += 1
        reviewers = [c for c in comments if not c.is_own]
        report.found += len(reviewers)
        report.added += store.import_word_comments(str(f.resolve()), reviewers, doc_title=doc.title,
                                                   doc_type=doc_type_of_title(doc.title))
    return report
