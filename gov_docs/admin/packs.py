"""Zipped rule packs: see what an import adds or replaces, install it with a backup, undo it, export.

A pack is a zip holding one folder (``sensitive/…``). Before anything is installed the zip is checked
(safe paths, no links, size limits), extracted to a temporary folder and validated like the bundled
rules (every file's schema and examples). Installing keeps the previous pack as a backup under the
user data folder (``rule_backups/``) and records the import, so it can be undone — in the same session
or later.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs.errors import GovDocsError

MAX_FILES = 2000
MAX_BYTES = 50 * 1024 * 1024
PACK_SUFFIXES = (".yaml", ".yml", ".tsv", ".txt", ".md")
LAST_IMPORT = "last_import.json"


class PackError(GovDocsError):
    """A pack cannot be read, installed or restored; the message names the file."""


@dataclass
class PackPreview:
    """What importing a pack would do, and whether it is valid."""

    archive: Path
    pack: str = ""
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    examples: int = 0
    staging: Path | None = None
    _tmp: tempfile.TemporaryDirectory | None = None

    @property
    def ok(self) -> bool:
        """Return True when the pack validated and may be installed."""
        return not self.problems and self.staging is not None

    def describe(self) -> list[str]:
        """Return Chinese lines saying what the import adds, replaces and removes."""
        if self.problems:
            return [f"规则包 {self.archive.name} 不能导入："] + self.problems
        lines = [f"规则包 {self.archive.name} → 规则目录 {self.pack}/（验证通过，示例 {self.examples} 条）"]
        for label, names in (("新增", self.added), ("替换", self.replaced), ("删除", self.removed),
                             ("不变", self.unchanged)):
            if names:
                lines.append(f"{label} {len(names)} 个：" + "、".join(names))
        if self.replaced or self.removed:
            lines.append("导入前会备份现有规则包，可随时撤销。")
        return lines

    def cleanup(self) -> None:
        """Delete the extracted copy."""
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
            self.staging = None


@dataclass
class ImportRecord:
    """An installed import: where the pack went and where its predecessor was kept."""

    pack: str
    target: Path
    backup: Path | None  # None: the pack did not exist before
    archive: str
    when: str

    def to_json(self) -> str:
        """Return the record as JSON."""
        return json.dumps({"pack": self.pack, "target": str(self.target), "archive": self.archive,
                           "backup": str(self.backup) if self.backup else None, "when": self.when},
                          ensure_ascii=False, indent=2)


def backups_dir() -> Path:
    """Return (and create) the folder where replaced packs are kept."""
    from gov_docs import paths

    d = paths.user_data_dir() / "rule_backups"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _check_zip(archive: Path, zf: zipfile.ZipFile) -> list[str]:
    infos = zf.infolist()
    if len(infos) > MAX_FILES:
        return [f"{archive}: 文件过多（{len(infos)} 个，上限 {MAX_FILES}）"]
    if sum(i.file_size for i in infos) > MAX_BYTES:
        return [f"{archive}: 解压后超过 {MAX_BYTES // 1024 // 1024} MB，拒绝导入"]
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in Path(name).parts or ":" in name:
            return [f"{archive}: 包含不安全的路径 {name}"]
        if stat.S_ISLNK(info.external_attr >> 16):
            return [f"{archive}: 包含符号链接 {name}，拒绝导入"]
    return []


def inspect_pack(archive: Path, rules_dir: Path) -> PackPreview:
    """Extract and validate a zipped pack; say what installing it into ``rules_dir`` would change.

    Args:
        archive: the .zip file.
        rules_dir: the rule folder the pack would go into.

    Returns:
        The preview (``ok`` False with ``problems`` when the pack is unsafe or invalid). Call
        :meth:`PackPreview.cleanup` or :func:`install_pack` when done.
    """
    from gov_docs.admin.files import run_all_selftests

    preview = PackPreview(archive=archive)
    tmp = tempfile.TemporaryDirectory(prefix="gov-docs-pack-")
    root = Path(tmp.name)
    try:
        with zipfile.ZipFile(archive) as zf:
            preview.problems = _check_zip(archive, zf)
            if preview.problems:
                tmp.cleanup()
                return preview
            zf.extractall(root)
    except (zipfile.BadZipFile, OSError) as exc:
        tmp.cleanup()
        preview.problems = [f"{archive}: 不是有效的 zip 规则包（{exc}）"]
        return preview
    packs = [p for p in root.iterdir() if p.is_dir() and p.name != "__MACOSX"]
    stray = [p.name for p in root.iterdir() if p.is_file()]
    if len(packs) != 1 or stray:
        tmp.cleanup()
        preview.problems = [f"{archive}: 规则包应只含一个文件夹（如 sensitive/…），实际有 "
                            f"{len(packs)} 个文件夹、{len(stray)} 个散落文件"]
        return preview
    staging = packs[0]
    preview.pack = staging.name
    results, errors = run_all_selftests([staging])
    prefix = str(root) + "/"
    preview.problems = [e.replace(prefix, f"{archive.name}:") for e in errors]
    preview.problems += [str(r).replace(prefix, f"{archive.name}:") for r in results if not r.ok]
    preview.examples = len(results)
    new_files = {str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file()}
    target = rules_dir / staging.name
    old_files = {str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()} if target.is_dir() \
        else set()
    for name in sorted(new_files):
        if name not in old_files:
            preview.added.append(name)
        elif (staging / name).read_bytes() != (target / name).read_bytes():
            preview.replaced.append(name)
        else:
            preview.unchanged.append(name)
    preview.removed = sorted(old_files - new_files)
    preview.staging, preview._tmp = staging, tmp
    if preview.problems:
        preview.cleanup()
    return preview


def install_pack(preview: PackPreview, rules_dir: Path) -> ImportRecord:
    """Install a validated pack, keeping the previous one as a backup; return the undo record.

    Raises:
        PackError: the preview is not valid, or the rule folder cannot be written.
    """
    if not preview.ok or preview.staging is None:
        raise PackError(f"规则包 {preview.archive} 未通过验证，不能导入")
    target = rules_dir / preview.pack
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    backup = None
    try:
        if target.exists():
            backup = backups_dir() / f"{preview.pack}-{stamp}"
            shutil.copytree(target, backup)
        incoming = rules_dir / f".{preview.pack}.importing-{stamp}"
        shutil.copytree(preview.staging, incoming)
        if target.exists():
            shutil.rmtree(target)
        incoming.rename(target)
    except OSError as exc:
        raise PackError(f"无法写入规则目录 {rules_dir}：{exc.strerror or exc}") from exc
    finally:
        preview.cleanup()
    record = ImportRecord(preview.pack, target, backup, str(preview.archive), stamp)
    (backups_dir() / LAST_IMPORT).write_text(record.to_json(), encoding="utf-8")
    return record


def last_import() -> ImportRecord | None:
    """Return the record of the last import that has not been undone, or None."""
    path = backups_dir() / LAST_IMPORT
    if not path.exists():
        return None
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        return ImportRecord(d["pack"], Path(d["target"]), Path(d["backup"]) if d.get("backup") else None,
                            d["archive"], d["when"])
    except (ValueError, KeyError, TypeError):
        return None


def undo_import(record: ImportRecord) -> str:
    """Put back the pack that an import replaced (or remove a pack that was new); return a message.

    Raises:
        PackError: the backup is gone or the rule folder cannot be written.
    """
    target = record.target
    if record.backup is not None and not record.backup.is_dir():
        raise PackError(f"备份 {record.backup} 不存在，无法撤销导入")
    try:
        if target.exists():
            shutil.rmtree(target)
        if record.backup is not None:
            shutil.copytree(record.backup, target)
    except OSError as exc:
        raise PackError(f"无法写入规则目录 {target.parent}：{exc.strerror or exc}") from exc
    last = backups_dir() / LAST_IMPORT
    if last.exists():
        last.unlink()
    if record.backup is None:
        return f"已撤销导入：删除了新增的规则包 {record.pack}"
    return f"已撤销导入：规则包 {record.pack} 恢复为导入前的版本（备份 {record.backup.name}）"


def export_pack(rules_dir: Path, pack: str, target: Path) -> Path:
    """Write ``rules_dir/pack`` as a zip holding the ``pack/`` folder; return the zip path."""
    src = rules_dir / pack
    if not src.is_dir():
        raise PackError(f"规则包 {src} 不存在")
    target = target if target.suffix == ".zip" else target.with_suffix(".zip")
    try:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(src.rglob("*")):
                if f.is_file() and f.suffix in PACK_SUFFIXES:
                    zf.write(f, f"{pack}/{f.relative_to(src)}")
    except OSError as exc:
        raise PackError(f"无法写出规则包 {target}：{exc.strerror or exc}") from exc
    return target
