"""Library and handling commands: index build/update, search, recommend, comments, route, archive."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gov_docs.errors import GovDocsError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the library and handling subcommands."""
    p = sub.add_parser("index", help="文档库索引：build 建立，update 增量更新，stats 统计")
    isub = p.add_subparsers(dest="index_command", metavar="子命令")
    b = isub.add_parser("build", help="为文件夹中的 .docx/.txt 建立索引（原索引在新索引完成后才替换）")
    b.add_argument("dirs", nargs="+", type=Path, metavar="文件夹", help="要收入文档库的文件夹（可多个）")
    b.add_argument("--index", type=Path, help="索引目录（默认：用户数据目录下 index）")
    b.set_defaults(func=cmd_index_build)
    u = isub.add_parser("update", help="只处理新增、修改、删除的文件")
    u.add_argument("--index", type=Path, help="索引目录（默认：用户数据目录下 index）")
    u.set_defaults(func=cmd_index_update)
    st = isub.add_parser("stats", help="显示索引统计")
    st.add_argument("--index", type=Path, help="索引目录（默认：用户数据目录下 index）")
    st.set_defaults(func=cmd_index_stats)
    p.set_defaults(func=lambda a: p.print_help() or 0)

    s = sub.add_parser("search", help="检索文档库；也可直接提问，如“这两天基层治理方面发了新文件吗？”")
    s.add_argument("query", metavar="检索词或问题", help="如 基层治理，或 “今年有哪些关于安全生产的通知？”")
    s.add_argument("--type", dest="doc_type", help="文种，如 通知")
    s.add_argument("--organ", help="发文机关，如 国务院办公厅")
    s.add_argument("--year", type=int, help="成文年份，如 2024")
    s.add_argument("--top", type=int, default=10, help="最多显示几条（默认 10）")
    s.add_argument("--index", type=Path, help="索引目录（默认：用户数据目录下 index）")
    s.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（json 供程序读取）")
    s.set_defaults(func=cmd_search)

    r = sub.add_parser("recommend", help="为文稿推荐尚未引用的相关文件（上位文件、法规依据、相关主题），"
                                                 "另列本文已引用的文件，并给出历史审核意见")
    r.add_argument("file", type=Path, metavar="文稿", help="要推荐依据和参考的文稿（.docx/.txt）")
    r.add_argument("--top", type=int, default=5,
                   help="最多推荐几篇本文尚未引用的文件（默认 5；本文已引用的另列）")
    r.add_argument("--index", type=Path, help="索引目录（默认：用户数据目录下 index）")
    r.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（json 供程序读取）")
    r.set_defaults(func=cmd_recommend)

    c = sub.add_parser("comments", help="审核意见：add 记录，list 查看")
    csub = c.add_subparsers(dest="comments_command", metavar="子命令")
    ca = csub.add_parser("add", help="为文件记录一条审核意见")
    ca.add_argument("file", type=Path, metavar="文件", help="意见针对的文件")
    ca.add_argument("text", metavar="意见", help="审核意见原文")
    ca.add_argument("--reviewer", default="", help="审核人")
    ca.set_defaults(func=cmd_comments_add)
    cl = csub.add_parser("list", help="列出某文件（或全部）的审核意见")
    cl.add_argument("file", type=Path, nargs="?", metavar="文件", help="只列这个文件的意见（默认：全部）")
    cl.set_defaults(func=cmd_comments_list)
    ci = csub.add_parser("import", help="导入 Word 批注（审核人在 Word/WPS 中写的意见）：文件或文件夹")
    ci.add_argument("paths", nargs="+", type=Path, metavar="路径", help="带批注的 .docx 文件或文件夹")
    ci.set_defaults(func=cmd_comments_import)
    c.set_defaults(func=lambda a: c.print_help() or 0)

    ro = sub.add_parser("route", help="拟办建议：主办部门和协办部门")
    ro.add_argument("file", type=Path, metavar="文件", help="要拟办的来文（.docx/.txt）")
    ro.add_argument("--index", type=Path, help="索引目录（默认：用户数据目录下 index）")
    ro.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（json 供程序读取）")
    ro.add_argument("--accept", action="store_true", help="采纳建议并记录（以后相似文件的拟办会参考）")
    ro.add_argument("--lead", help="改定主办部门并记录，如 应急管理")
    ro.add_argument("--participants", help="改定协办部门并记录，用顿号或逗号分隔，如 林业和草原、公安、气象")
    ro.add_argument("--by", dest="decided_by", default="", help="记录人")
    ro.set_defaults(func=cmd_route)

    ar = sub.add_parser("archive", help="归档建议：类别、问题、保管期限、年度、机构")
    ar.add_argument("file", type=Path, metavar="文件", help="要归档的文件（.docx/.txt）")
    ar.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（json 供程序读取）")
    ar.set_defaults(func=cmd_archive)


def _index(path: Path | None):
    from gov_docs.library.index import LibraryIndex

    return LibraryIndex(path)


class _Progress:
    """A one-line progress bar on stderr: files read, then passages embedded (the status line says which)."""

    def __init__(self) -> None:
        self.last = (-1, "")

    def __call__(self, done: int, total: int, what: str) -> None:
        pct = int(done * 100 / max(total, 1))
        stage = what.split(" ", 1)[0]
        if not sys.stderr.isatty():  # a log: one line per stage and per tenth
            if (pct // 10, stage) != self.last:
                print(f"[{pct:3d}%] {what}", file=sys.stderr)
                self.last = (pct // 10, stage)
            return
        bar = "#" * (pct // 4)
        print(f"\r[{bar:<25}] {pct:3d}% {what[:60]:<60}", end="" if done < total else "\n", file=sys.stderr)


def _print_report(report, what: str) -> None:
    print(
        f"{what}：新增 {report.added}，更新 {report.updated}，删除 {report.deleted}，未变 "
        f"{report.unchanged}，"
          f"失败 {len(report.failed)}，用时 {report.seconds:.1f} 秒")
    emb = report.embedding
    if emb.embedded or emb.reused or emb.pending or emb.error:
        print(
            f"语义向量：新计算 {emb.embedded}，沿用 {emb.reused}，未完成 {emb.pending}，用时 "
            f"{emb.seconds:.1f} 秒"
              + (f"（{emb.error}）" if emb.error else ""))
    for path, reason in report.failed:
        print(f"  跳过 {path}：{reason}", file=sys.stderr)
    for path, reason in report.warnings:
        print(f"  目录文件 {path}：{reason}（该文件夹的标题取自正文）", file=sys.stderr)


def cmd_index_build(args: argparse.Namespace) -> int:
    """Build the index from folders."""
    index = _index(args.index)
    report = index.build(args.dirs, progress=_Progress())
    _print_report(report, f"已建立索引 {index.path}")
    return 0


def cmd_index_update(args: argparse.Namespace) -> int:
    """Update the index incrementally."""
    index = _index(args.index)
    report = index.update(progress=_Progress())
    _print_report(report, f"已更新索引 {index.path}")
    return 0


def cmd_index_stats(args: argparse.Namespace) -> int:
    """Print index statistics."""
    st = _index(args.index).stats()
    print(f"文档 {st['documents']} 篇，段落 {st['passages']} 段，语义向量 {st['vectors']} 个，"
          f"索引 {st['bytes'] / 1e6:.1f} MB，建立于 {st.get('built', '未知')}，"
          f"来源：{'、'.join(st.get('folders', []))}")
    return 0


def _date(d) -> str:
    return d.isoformat() if d else "日期不详"


def _marked(hit) -> str:
    """Return the hit's snippet with matched words shown: bold on a terminal, 「」 otherwise."""
    if sys.stdout.isatty():
        return hit.marked_snippet("\033[1;31m", "\033[0m")
    return hit.marked_snippet()


def cmd_search(args: argparse.Namespace) -> int:
    """Search, or answer a question (time words → date filter; nothing in the period → the latest)."""
    from gov_docs import api

    message, hits = api.search(_index(args.index), args.query, doc_type=args.doc_type, organ=args.organ,
                               year=args.year, limit=args.top)
    if args.format == "json":
        json.dump({"query": args.query, "message": message, "hits": [h.to_dict() for h in hits]}, sys.stdout,
                  ensure_ascii=False, indent=2)
        print()
        return 0
    print(message)
    for i, h in enumerate(hits, 1):
        meta = "  ".join(x for x in (h.doc_number, h.organ, _date(h.date)) if x)
        print(f"{i:2d}. {h.title}\n    {meta}")
        if h.snippet:
            print(f"    {_marked(h)}")
        print(f"    {h.path}")
    return 0


def cmd_recommend(args: argparse.Namespace) -> int:
    """Recommend related documents (and laws the library lacks, 未收录) and past review comments."""
    from gov_docs import api

    doc = api.open(args.file).document
    recs, comments = api.recommend(_index(args.index), doc, top=args.top)
    if args.format == "json":
        json.dump({"file": str(args.file), "recommendations": [r.to_dict() for r in recs],
                   "comments": [{**c.to_dict(), "similar_title": t, "similarity": s} for c, t,
                                s in comments]},
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not [r for r in recs if r.in_library and r.relation != "本文已引用"]:
        print("文档库中没有找到本文尚未引用的相关文件。")
    for rel in ("上位文件", "法规依据", "相关主题", "本文已引用"):
        group = [r for r in recs if r.relation == rel]
        if group:
            print(f"【{rel}】")
            for r in group:
                if not r.in_library:
                    print(f"  《{r.title}》（未收录；{r.reasons[-1]}）")
                    continue
                meta = "  ".join(x for x in (r.doc_number, r.organ, _date(r.date)) if x)
                why = "；".join(r.reasons) or "内容相近"
                label = "" if rel == "本文已引用" else "理由："
                print(f"  {r.title}  {meta}\n    {label}{why}\n    {r.path}")
    if comments:
        print("【历史审核意见】")
        for c, title, _score in comments:
            print(f"  《{title}》 {c.reviewer} {c.created}：{c.text}")
    return 0


def cmd_comments_add(args: argparse.Namespace) -> int:
    """Store a review comment."""
    from gov_docs import api

    doc = api.open(args.file).document
    cid = api.record_comment(args.text, doc, path=args.file, reviewer=args.reviewer)
    print(f"已记录审核意见 #{cid}")
    return 0


def cmd_comments_import(args: argparse.Namespace) -> int:
    """Import reviewers' Word comments from .docx files into the review history."""
    from gov_docs.library.comments import CommentStore, import_review_comments

    for p in args.paths:
        if not p.exists():
            raise GovDocsError(f"{p} 不存在")
    report = import_review_comments(args.paths, CommentStore())
    for path, reason in report.failed:
        print(f"跳过 {path}：{reason}", file=sys.stderr)
    print(f"已读取 {report.files} 个文件，其中审核批注 {report.found} 条，新增 {report.added} 条"
          f"（{report.found - report.added} 条此前已导入）")
    return 2 if report.failed else 0


def cmd_comments_list(args: argparse.Namespace) -> int:
    """List review comments."""
    from gov_docs.library.comments import CommentStore

    store = CommentStore()
    items = store.for_document(str(args.file.resolve())) if args.file else store.all()
    for c in items:
        print(f"#{c.id} {c.created} {c.reviewer} 《{c.doc_title}》：{c.text}")
    if not items:
        print("没有审核意见。")
    return 0


def cmd_route(args: argparse.Namespace) -> int:
    """Suggest the lead and participating departments; with --accept or --lead/--participants, record it."""
    import re

    from gov_docs import api
    from gov_docs.library.comments import CommentStore

    doc = api.open(args.file).document
    store = CommentStore()
    s = api.route(doc, index=_index(args.index), store=store)
    recorded = None
    if args.accept or args.lead or args.participants is not None:
        lead = args.lead or s.lead
        parts = (re.split(r"[、,，;；\s]+", args.participants.strip()) if args.participants is not None
                 else s.participants)
        if not lead:
            raise GovDocsError(f"{args.file} 没有拟办建议可采纳，请用 --lead 指定主办部门")
        api.record_routing(doc, lead, [p for p in parts if p], path=args.file, suggestion=s, store=store,
                           decided_by=args.decided_by)
        recorded = (lead, [p for p in parts if p and p != lead])
    if args.format == "json":
        out = s.to_dict()
        if recorded:
            out["recorded"] = {"lead": recorded[0], "participants": recorded[1]}
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not s.lead and not recorded:
        raise GovDocsError(f"{args.file} 中没有找到与部门职责相关的内容，无法给出拟办建议")
    if s.lead:
        print(f"主办：{s.lead}（{'；'.join(s.reasons.get(s.lead, [])) or '职责相符'}）")
        for p in s.participants:
            print(f"协办：{p}（{'；'.join(s.reasons.get(p, [])) or '职责相符'}）")
        if not s.participants:
            print("协办：无（没有其他部门达到协办的分数，也没有文中点名或相似文件的记录）")
    if recorded:
        print(
            f"已记录拟办：主办 {recorded[0]}；协办 "
            f"{'、'.join(recorded[1]) or '无'}（以后相似文件的拟办建议会参考）")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    """Suggest category, subject, retention, year and organ."""
    from gov_docs import api

    a = api.archive(api.open(args.file).document)
    if args.format == "json":
        json.dump(a.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"类别：{a.category}\n问题：{a.subject}\n保管期限：{a.retention}（{a.reason}）\n"
          f"年度：{a.year or '不详'}\n机构：{a.organ or '不详'}")
    return 0
