"""``extends: structure`` — document-level structure per document type (条例 art. 8–9, GB/T 9704 7.3).

Key ``check`` picks one of these checks; each reads only its own keys (any other key is an error), and
every check reads ``doc_types`` (run only on documents of these types):
- ``title_doc_type``: the title ends with one of the 15 document types.
- ``heading_sequence``: numbers run 一、二、三… without gaps or repeats (restarting or running on).
- ``heading_levels``: heading levels are not skipped (一、 then 1. without （一）).
- ``closing_request``: documents of ``doc_types`` (e.g. 请示) end with one of ``phrases``.
- ``forbidden_request``: documents of ``doc_types`` (e.g. 报告) carry none of ``phrases`` (no 请示 matter).
- ``one_matter``: documents of ``doc_types`` ask for approval in at most one paragraph (一文一事).
- ``one_addressee``: documents of ``doc_types`` (请示) name one 主送机关 (others are 抄送).
- ``cites_request``: documents of ``doc_types`` (批复) mention the 请示 they answer (its title or 发文字号).
- ``attachment_count``: the 附件说明 lists as many attachments as the document carries and mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gov_docs.checks.findings import Finding
from gov_docs.checks.kinds.base import Check, CheckKind, SpecError
from gov_docs.document.model import Document, Role
from gov_docs.document.roles import RE_ATTACHMENT_MARK, clean
from gov_docs.text.headings import LEVEL_FORMS, heading_number

_LIST_START = re.compile(r"^第[一二三四五六七八九十百零〇\d]+[条章节]")


class StructureKind(CheckKind):
    """One structural check, chosen by ``check`` (the table :attr:`checks` at the end)."""

    name = "structure"
    label = "结构检查"
    shared_keys = {"doc_types": ((list,), False)}

    def __init__(self, spec) -> None:
        super().__init__(spec)
        p = spec.params
        self.doc_types = [str(t) for t in p.get("doc_types", [])]
        self.phrases = [str(x) for x in p.get("phrases", [])]
        self.tail = int(p.get("tail_paragraphs", 3))
        if self.check in ("closing_request", "forbidden_request", "one_matter") and not self.phrases:
            raise SpecError("phrases", f"{self.check} 检查须给出 phrases")

    def check_document(self, doc: Document) -> Iterable[Finding]:
        """Run the chosen check."""
        if self.doc_types and doc.doc_type not in self.doc_types:
            return []
        return super().check_document(doc)

    def _para_finding(self, i: int, doc: Document, message: str, start: int = 0, end: int | None = None):
        text = doc.paragraphs[i].text
        end = len(text) if end is None else end
        return self.finding(i, start, end, text[start:end], (), message=message, scope="paragraph", edits=())

    def _check_title_doc_type(self, doc: Document):
        idx = doc.index_of(Role.TITLE)
        title = doc.title
        if idx >= 0 and title and not doc.doc_type:
            yield self._para_finding(idx, doc, self.message_for(title))

    def _headings(self, doc: Document):
        """Yield (index, level, number, span_end) of numbered headings; attachments restart numbering.

        A heading numbered by Word's lists has span_end -1: it sets the counters but is not checked itself.
        """
        for i, p in enumerate(doc.paragraphs):
            if p.role is Role.ATTACHMENT_MARK:
                yield i, 0, 0, 0  # reset marker
                continue
            if not p.role.heading_level:
                t = clean(p.text)
                # An article (第五条) or a sentence introducing a list (……下列情形：) starts a new list.
                if _LIST_START.match(t) or t.endswith(("：", ":")):
                    yield i, -1, 0, 0
                continue
            if p.number_label:
                # Word's list numbering: the label is counted by Word and never wrong, but it restarts the
                # levels below it ("（一）" after an auto-numbered "二、" is a first item). End -1: no span.
                level, number, _end = heading_number(clean(p.number_label))
                if level and number:
                    yield i, level, number, -1
                continue
            level, number, end = heading_number(clean(p.text))
            if level and number:
                lead = len(p.text) - len(p.text.lstrip())
                yield i, level, number, lead + end

    def _check_heading_sequence(self, doc: Document):
        # A child level may restart under each parent (（一）（二） | （一）) or run on through the whole
        # document (（一）…（二十八） across 一、二、…, common in 意见): both are accepted. After an article
        # (第五条) or a sentence introducing a list (……如下：), a list may start again at 1, and so may
        # 一、 (a second document or an attachment in the same file).
        local = {1: 0, 2: 0, 3: 0, 4: 0}
        running = {1: 0, 2: 0, 3: 0, 4: 0}
        may_restart = False
        for i, level, number, end in self._headings(doc):
            if level <= 0:
                if level == 0:
                    local = {1: 0, 2: 0, 3: 0, 4: 0}
                    running = {1: 0, 2: 0, 3: 0, 4: 0}
                may_restart = True
                continue
            restart = number == 1 and (may_restart or level == 1)
            if end >= 0 and not restart and number not in (local[level] + 1, running[level] + 1):
                expected = local[level] + 1
                what = "重复" if number <= local[level] else "跳号"
                text = doc.paragraphs[i].text
                lead = len(text) - len(text.lstrip())
                msg = self.message_for(text[lead:end], f"序号{what}，此处应为第{expected}项")
                yield self._para_finding(i, doc, msg, lead, end)
            local[level] = number
            running[level] = number
            for deeper in range(level + 1, 5):
                local[deeper] = 0
            may_restart = False

    def _check_heading_levels(self, doc: Document):
        current = 0
        for i, level, _number, end in self._headings(doc):
            if level <= 0:
                current = 0 if level == 0 else current
                continue
            if end >= 0 and current and level > current + 1:
                text = doc.paragraphs[i].text
                lead = len(text) - len(text.lstrip())
                msg = self.message_for(text[lead:end],
                                       f"“{LEVEL_FORMS[current + 1]}”层次后才能用“{LEVEL_FORMS[level]}”")
                yield self._para_finding(i, doc, msg, lead, end)
            current = level

    def _body_indices(self, doc: Document) -> list[int]:
        stop = next((i for i, p in enumerate(doc.paragraphs)
                     if p.role in (Role.SIGNATURE, Role.DATE, Role.ATTACHMENT_MARK, Role.CC, Role.PRINTER)),
                    len(doc.paragraphs))
        return [i for i in doc.body_paragraph_indices() if i < stop]

    def _check_closing_request(self, doc: Document):
        body = self._body_indices(doc)
        if not body:
            return
        tail = body[-self.tail:]
        if not any(ph in doc.paragraphs[i].text for i in tail for ph in self.phrases):
            yield self._para_finding(body[-1], doc,
                                     self.message_for(doc.doc_type, "”“".join(self.phrases[:3])))

    def _check_forbidden_request(self, doc: Document):
        for i in self._body_indices(doc):
            text = doc.paragraphs[i].text
            found = [(pos, ph) for ph in self.phrases if (pos := text.find(ph)) >= 0]
            if found:
                pos, ph = min(found)  # the first request in the paragraph, whichever phrase it is
                yield self.finding(i, pos, pos + len(ph), ph, (), message=self.message_for(ph), edits=())
                return

    def _check_one_matter(self, doc: Document):
        asking = [i for i in self._body_indices(doc)
                  if any(ph in doc.paragraphs[i].text for ph in self.phrases)]
        if len(asking) > 1:
            yield self._para_finding(asking[1], doc, self.message_for(str(len(asking))))

    def _check_one_addressee(self, doc: Document):
        lines = doc.all(Role.ADDRESSEE)
        if not lines:
            return
        text = "".join(p.text for p in lines).strip().rstrip("：:")
        organs = [o.strip() for o in re.split(r"[、，,；;]", text) if o.strip()]
        if len(organs) > 1:
            yield self._para_finding(doc.index_of(Role.ADDRESSEE), doc,
                                     self.message_for(str(len(organs)), "、".join(organs)))

    def _check_cites_request(self, doc: Document):
        body = self._body_indices(doc)
        if not body:
            return
        head = " ".join(doc.paragraphs[i].text for i in body[:2])
        if "请示" not in head and not re.search(r"〔\d{4}〕\d+号", head):
            yield self._para_finding(body[0], doc, self.message_for(doc.paragraphs[body[0]].text[:20]))

    def _check_attachment_count(self, doc: Document):
        notes = doc.all(Role.ATTACHMENT_NOTE)
        note_idx = doc.index_of(Role.ATTACHMENT_NOTE)
        listed = len(notes) if notes else 0
        marks = [p for p in doc.paragraphs if p.role is Role.ATTACHMENT_MARK
                 and RE_ATTACHMENT_MARK.match(clean(p.text))]
        mentioned = set()
        for i in self._body_indices(doc):
            for m in re.finditer(r"(?<![《“])附件(\d{1,2})(?![\d.．])", doc.paragraphs[i].text):
                mentioned.add(int(m.group(1)))
        if marks and listed and len(marks) != listed:
            msg = self.message_for(f"附件说明列出{listed}个", f"文中附有{len(marks)}个附件")
            yield self._para_finding(note_idx, doc, msg)
        elif mentioned and max(mentioned) > max(listed, len(marks)):
            where = note_idx if note_idx >= 0 else self._body_indices(doc)[-1]
            msg = self.message_for(f"正文提到附件{max(mentioned)}", f"附件说明只列出{listed}个")
            yield self._para_finding(where, doc, msg)

    _PHRASES = {"phrases": ((list,), False)}
    checks = {
        "title_doc_type": Check(_check_title_doc_type),
        "heading_sequence": Check(_check_heading_sequence),
        "heading_levels": Check(_check_heading_levels),
        "closing_request": Check(_check_closing_request, {**_PHRASES, "tail_paragraphs": ((int,), False)}),
        "forbidden_request": Check(_check_forbidden_request, _PHRASES),
        "one_matter": Check(_check_one_matter, _PHRASES),
        "one_addressee": Check(_check_one_addressee),
        "cites_request": Check(_check_cites_request),
        "attachment_count": Check(_check_attachment_count),
    }
    del _PHRASES
