"""Word revisions (修订): write fixes as tracked changes, accept every revision, and find existing ones.

A reviewer in Word or WPS accepts or rejects each change gov-docs proposes. Text fixes become a ``w:del``
(the old runs, their ``w:t`` turned into ``w:delText``) followed by a ``w:ins`` (a run with the old run's
formatting and the new text); formatting fixes keep the previous properties in ``w:rPrChange``,
``w:pPrChange`` or ``w:sectPrChange``. Every revision carries an author, a date and a fresh ``w:id``, and
can carry a comment (the finding's message) anchored around it.

The reader already shows a document as if every revision were accepted (deleted runs are skipped, inserted
runs are read, the current properties win over the recorded ones), so checking a document with revisions
checks the accepted text; :func:`accept_all` performs that acceptance on the XML itself.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from gov_docs.document.docx_edit import TextEdit, diff_edits, runs_for_span
from gov_docs.document.docx_reader import W_NS as _W
from gov_docs.document.docx_reader import run_text as _run_text
from gov_docs.document.docx_reader import runs_of as _runs_of

AUTHOR = "gov-docs"

# Elements that record a revision and carry a w:id (ids are unique among them in a document).
_REVISION_TAGS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
                  "trPrChange", "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel")
_REMOVED_WITH_CONTENT = ("del", "moveFrom")  # accepted: gone with what they hold
_UNWRAPPED = ("ins", "moveTo")  # accepted: their content stays
_PROPERTY_CHANGES = ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
                     "tblGridChange", "numberingChange")
_RANGE_MARKS = ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _tag(name: str) -> str:
    return _W + name


def revision_count(root: Any) -> int:
    """Return how many revision elements (insertions, deletions, property changes) ``root`` holds."""
    return sum(1 for _ in root.iter(*(_tag(t) for t in _REVISION_TAGS)))


def has_revisions(d: Any) -> bool:
    """Return True when a python-docx Document's body holds tracked changes."""
    return revision_count(d.element.body) > 0


def accept_all(root: Any) -> int:
    """Accept every revision under ``root`` (an lxml element) in place; return how many were accepted.

    Deletions and moved-away text disappear, insertions and moved-to text stay as ordinary content,
    recorded previous properties are dropped. A paragraph whose mark was deleted is merged with the
    next one, as Word does.
    """
    count = 0
    marks = [m for m in root.iter(_tag("del")) if _is_paragraph_mark(m)]
    for name in _REMOVED_WITH_CONTENT:
        for el in list(root.iter(_tag(name))):
            parent = el.getparent()
            if parent is not None and not _is_paragraph_mark(el):
                parent.remove(el)
                count += 1
    # A deleted paragraph mark joins the paragraph with the next one; a paragraph left empty goes.
    for mark in marks:
        rpr = mark.getparent()
        p = rpr.getparent().getparent()
        rpr.remove(mark)
        _drop_if_empty(rpr)
        count += 1
        if p.getparent() is None:
            continue
        if not any(_run_text(r) for r in _runs_of(p)):
            p.getparent().remove(p)
            continue
        nxt = p.getnext()
        if nxt is not None and nxt.tag == _tag("p"):
            for child in list(nxt):
                if child.tag != _tag("pPr"):
                    p.append(child)
            nxt.getparent().remove(nxt)
    for name in _UNWRAPPED:
        for el in list(root.iter(_tag(name))):
            parent = el.getparent()
            if parent is None:
                continue
            count += 1
            if parent.tag == _tag("rPr"):  # an inserted paragraph mark: just the marker
                parent.remove(el)
                _drop_if_empty(parent)
                continue
            idx = parent.index(el)
            for offset, child in enumerate(list(el)):
                parent.insert(idx + offset, child)
            parent.remove(el)
    for name in _PROPERTY_CHANGES + _RANGE_MARKS + ("cellIns", "cellDel"):
        for el in list(root.iter(_tag(name))):
            el.getparent().remove(el)
            count += 1 if name not in _RANGE_MARKS else 0
    return count


class RevisionWriter:
    """Writes changes to a python-docx Document as Word revisions by one author at one time.

    Args:
        d: the python-docx Document to change.
        author: the name Word shows for each revision.
        when: the revision date (default: now, UTC).
    """

    def __init__(self, d: Any, author: str = AUTHOR, when: dt.datetime | None = None) -> None:
        self.d = d
        self.author = author
        stamp = (when or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
        self.date = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        ids = [int(v) for el in d.element.body.iter(*(_tag(t) for t in _REVISION_TAGS))
               if (v := el.get(_tag("id"))) is not None and v.lstrip("-").isdigit()]
        self._next_id = max(ids, default=0) + 1

    def _new(self, name: str, attrib: dict[str, str] | None = None) -> Any:
        """Return a new ``w:`` element of the document's own element classes."""
        return self.d.element.makeelement(_tag(name), attrib or {})

    def _marker(self, name: str) -> Any:
        el = self._new(name)
        el.set(_tag("id"), str(self._next_id))
        el.set(_tag("author"), self.author)
        el.set(_tag("date"), self.date)
        self._next_id += 1
        return el

    # ---- text ------------------------------------------------------------------------------------
    def text_edits(self, p_el: Any, edits: Iterable[TextEdit]) -> list[tuple[Any, Any]] | None:
        """Write a paragraph's text edits as deletions and insertions; return each edit's (first, last)
        element.

        Returns None (and changes nothing) when a span is not plain text in runs of one parent, the same
        condition under which a plain fix refuses an edit.
        """
        edits = sorted(edits, key=lambda e: e.start, reverse=True)
        plans = []
        for e in edits:
            runs = runs_for_span(p_el, e.start, e.end) if e.end > e.start else []
            if any(c.tag not in (_tag("t"), _tag("rPr")) for r in runs for c in r):
                return None
            if runs and len({id(r.getparent()) for r in runs}) != 1:
                return None
            plans.append((e, runs))
        spans = []
        for e, runs in plans:
            if runs:
                spans.append(self._replace_runs(runs, e.replacement))
                continue
            anchor = self._run_ending_at(p_el, e.start)
            if anchor is None:
                return None
            ins = self._insertion(anchor, e.replacement)
            anchor.addnext(ins)
            spans.append((ins, ins))
        return spans

    def _wrap(self, runs: list[Any], kind: str) -> Any:
        """Move ``runs`` (siblings, in order) into a new ``w:ins`` or ``w:del``; deleted text is
        ``w:delText``.
        """
        marker = self._marker(kind)
        runs[0].addprevious(marker)
        for r in runs:
            if kind == "del":
                for t in r.findall(_tag("t")):
                    t.tag = _tag("delText")
            marker.append(r)
        return marker

    def _replace_runs(self, runs: list[Any], replacement: str) -> tuple[Any, Any]:
        deletion = self._wrap(runs, "del")
        if not replacement:
            return deletion, deletion
        ins = self._insertion(runs[0], replacement)
        deletion.addnext(ins)
        return deletion, ins

    def _insertion(self, model_run: Any, text: str) -> Any:
        ins = self._marker("ins")
        run = self._new("r")
        rpr = model_run.find(_tag("rPr"))
        if rpr is not None:
            new_rpr = copy.deepcopy(rpr)
            for old in new_rpr.findall(_tag("rPrChange")):
                new_rpr.remove(old)
            run.append(new_rpr)
        t = self._new("t")
        t.text = text
        t.set(_XML_SPACE, "preserve")
        run.append(t)
        ins.append(run)
        return ins

    @staticmethod
    def _run_ending_at(p_el: Any, offset: int) -> Any | None:
        runs_for_span(p_el, offset, offset)  # splits a run at the offset
        pos = 0
        for r in _runs_of(p_el):
            pos += len(_run_text(r))
            if pos == offset and r.find(_tag("t")) is not None:
                return r
        return None

    def paragraph_text(self, p_el: Any, old: str, new: str) -> tuple[Any, Any] | None:
        """Record a paragraph's change from ``old`` to ``new`` as revisions; return the changed span's ends.

        Returns None (and changes nothing) when a changed span is not plain text.
        """
        spans = self.text_edits(p_el, diff_edits(old, new))
        if not spans:
            return None
        children = list(p_el)
        first = min((s[0] for s in spans), key=children.index)
        last = max((s[1] for s in spans), key=children.index)
        return first, last

    def inserted_paragraph(self, p_el: Any) -> None:
        """Mark a paragraph gov-docs added (its runs and its paragraph mark) as an insertion."""
        runs = [r for r in p_el if r.tag == _tag("r")]
        if runs:
            self._wrap(runs, "ins")
        self._mark_paragraph(p_el, "ins")

    def deleted_paragraph(self, p_el: Any) -> None:
        """Mark a paragraph the user removed as a deletion (its text becomes deleted text)."""
        runs = [r for r in p_el if r.tag == _tag("r")]
        if runs:
            self._wrap(runs, "del")
        self._mark_paragraph(p_el, "del")

    def _mark_paragraph(self, p_el: Any, kind: str) -> None:
        ppr = p_el.find(_tag("pPr"))
        if ppr is None:
            ppr = self._new("pPr")
            p_el.insert(0, ppr)
        rpr = ppr.find(_tag("rPr"))
        if rpr is None:
            rpr = self._new("rPr")
            after = ppr.find(_tag("sectPr"))
            after = after if after is not None else ppr.find(_tag("pPrChange"))
            if after is not None:  # the mark's properties come before a section break and a change record
                after.addprevious(rpr)
            else:
                ppr.append(rpr)
        rpr.insert(0, self._marker(kind))

    # ---- formatting ------------------------------------------------------------------------------
    def tracked_format(self, targets: list[Any], change: Callable[[], Any]) -> Any:
        """Run ``change`` and record, on each target that it altered, what the target was before.

        ``targets`` are ``w:rPr``-holding runs (``w:r``), paragraphs (``w:p``) or section properties
        (``w:sectPr``); returns what ``change`` returned.
        """
        before = [(el, self._props_copy(el)) for el in targets]
        result = change()
        for el, old in before:
            props = self._props_of(el, create=False)
            now = None if props is None else self._strip_change(copy.deepcopy(props))
            if _same(old, now):
                continue
            props = self._props_of(el, create=True)
            name = {"r": "rPrChange", "p": "pPrChange", "sectPr": "sectPrChange"}[_local(el.tag)]
            if props.find(_tag(name)) is not None:  # the earliest recorded state stays the "before"
                continue
            record = self._marker(name)
            inner_name = {"rPrChange": "rPr", "pPrChange": "pPr", "sectPrChange": "sectPr"}[name]
            inner = self._new(inner_name)
            if old is not None:
                for child in old:
                    if name == "pPrChange" and _local(child.tag) in ("rPr", "sectPr"):
                        continue
                    if name == "sectPrChange" and _local(child.tag) in ("headerReference", "footerReference"):
                        continue
                    inner.append(child)
            record.append(inner)
            props.append(record)  # the change record is the last child of its properties
        return result

    @staticmethod
    def _props_of(el: Any, create: bool) -> Any | None:
        kind = _local(el.tag)
        if kind == "sectPr":
            return el
        name = "rPr" if kind == "r" else "pPr"
        props = el.find(_tag(name))
        if props is None and create:
            props = el.makeelement(_tag(name), {})
            el.insert(0, props)
        return props

    def _props_copy(self, el: Any) -> Any | None:
        props = self._props_of(el, create=False)
        return None if props is None else self._strip_change(copy.deepcopy(props))

    @staticmethod
    def _strip_change(props: Any) -> Any:
        for child in list(props):
            if _local(child.tag) in _PROPERTY_CHANGES:
                props.remove(child)
        return props

    def unique_ids(self) -> None:
        """Give a fresh id to each revision whose id repeats one before it.

        Splitting a run that already carries a formatting record copies the record into both halves.
        """
        seen: set[str] = set()
        for el in self.d.element.body.iter(*(_tag(t) for t in _REVISION_TAGS)):
            rid = el.get(_tag("id"))
            if rid in seen:
                el.set(_tag("id"), str(self._next_id))
                self._next_id += 1
            else:
                seen.add(rid)

    # ---- comments --------------------------------------------------------------------------------
    def comment(self, first: Any, last: Any, text: str, initials: str = "GD") -> int:
        """Anchor a Word comment from element ``first`` to ``last`` (siblings in one paragraph); return its
        id.
        """
        c = self.d.comments.add_comment(text=text, author=self.author, initials=initials)
        cid = c.comment_id
        first.addprevious(self._new("commentRangeStart", {_tag("id"): str(cid)}))
        end = self._new("commentRangeEnd", {_tag("id"): str(cid)})
        last.addnext(end)
        ref_run = self._new("r")
        end.addnext(ref_run)
        ref_run.append(self._new("commentReference", {_tag("id"): str(cid)}))
        return cid


def content_signature(root: Any) -> tuple:
    """Return what a reader of ``root`` (a ``w:body``) sees, for comparing two documents.

    Per paragraph: its properties and each character with its run properties; then each section's
    properties. Comment anchors and references are left out (a plain fix writes no comments). Run
    boundaries do not matter: two documents that split the same formatted text differently are equal.
    """
    from lxml import etree

    body = copy.deepcopy(root)
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for el in list(body.iter(_tag(tag))):
            el.getparent().remove(el)
    for el in list(body.iter(_tag("commentReference"))):
        run = el.getparent()
        run.getparent().remove(run)

    def c14n(el: Any) -> bytes:
        return etree.tostring(el, method="c14n") if el is not None and len(el) else b""

    paragraphs = []
    for p in body.iter(_tag("p")):
        chars = [(ch, c14n(r.find(_tag("rPr")))) for r in p.iter(_tag("r")) for t in r.iter(_tag("t"))
                 for ch in (t.text or "")]
        paragraphs.append((c14n(p.find(_tag("pPr"))), tuple(chars)))
    return tuple(paragraphs), tuple(c14n(s) for s in body.iter(_tag("sectPr")))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _same(a: Any, b: Any) -> bool:
    from lxml import etree

    if a is None or b is None:
        return (a is None or len(a) == 0) and (b is None or len(b) == 0)
    return etree.tostring(a, method="c14n") == etree.tostring(b, method="c14n")



def _drop_if_empty(el: Any) -> None:
    """Remove ``el`` (and then its parent ``w:pPr``) when nothing is left in it."""
    parent = el.getparent()
    if len(el) == 0 and not el.attrib and parent is not None:
        parent.remove(el)
        if parent.tag == _tag("pPr"):
            _drop_if_empty(parent)


def _is_paragraph_mark(el: Any) -> bool:
    """Return True for a ``w:ins``/``w:del`` that marks a paragraph mark (inside ``w:pPr/w:rPr``)."""
    rpr = el.getparent()
    return rpr is not None and rpr.tag == _tag("rPr") and rpr.getparent() is not None \
        and rpr.getparent().tag == _tag("pPr")
