"""The administrator password, and rule packs: safe import with a preview, a backup and undo."""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from gov_docs import config
from gov_docs.admin import access
from gov_docs.admin.packs import PackError, export_pack, inspect_pack, install_pack, last_import, undo_import

ROOT = Path(__file__).resolve().parents[2]


def test_password_is_stored_only_as_a_salted_hash() -> None:
    a, b = access.hash_password("correct horse"), access.hash_password("correct horse")
    assert a != b and a.startswith("pbkdf2_sha256$200000$")  # a fresh salt each time
    assert access.verify_password("correct horse", a) and not access.verify_password("correct hors", a)
    assert not access.verify_password("x", "garbage") and not access.verify_password("x", "")
    with pytest.raises(access.PasswordError):
        access.set_password("12345")
    path = access.set_password("correct horse")
    assert "correct horse" not in path.read_text(encoding="utf-8")
    assert access.check_password("correct horse") and not access.admin_mode_on()


def test_admin_mode_without_a_password_does_not_count() -> None:
    s = config.load()
    s["ui"]["admin_mode"] = True  # an old settings file, or one edited by hand
    config.save(s)
    assert not access.admin_mode_on()
    assert not access.rule_access(ROOT / "rules").editable


def _zip(path: Path, files: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def test_unsafe_or_invalid_packs_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    ok_rule = (ROOT / "rules" / "punctuation" / "doubled-marks.yaml").read_text(encoding="utf-8")
    cases = {
        "slip.zip": {"../evil.yaml": ok_rule},
        "two.zip": {"a/r.yaml": ok_rule, "b/r.yaml": ok_rule},
        "broken.zip": {"p/r.yaml": ok_rule.replace("level: error", "level: fatal")},
        "routing.zip": {"routing/departments.yaml": "departments:\n  - name: 办公室\n"},
    }
    problems = {name: inspect_pack(_zip(tmp_path / name, files), rules).problems
                for name, files in cases.items()}
    assert "不安全的路径" in problems["slip.zip"][0]
    assert "只含一个文件夹" in problems["two.zip"][0]
    assert any("broken.zip:p/r.yaml:4: level:" in p for p in problems["broken.zip"])
    assert any("departments[0].keywords: 缺少必需的键" in p for p in problems["routing.zip"])
    link = tmp_path / "link.zip"
    with zipfile.ZipFile(link, "w") as zf:
        info = zipfile.ZipInfo("p/r.yaml")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    assert "符号链接" in inspect_pack(link, rules).problems[0]
    (tmp_path / "not.zip").write_text("no zip", encoding="utf-8")
    assert "不是有效的 zip" in inspect_pack(tmp_path / "not.zip", rules).problems[0]
    assert list(rules.iterdir()) == []


def test_install_keeps_a_backup_and_undo_restores_it(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "routing", rules / "routing")
    original = (rules / "routing" / "departments.yaml").read_bytes()
    exported = export_pack(rules, "routing", tmp_path / "routing")
    assert exported.suffix == ".zip" and zipfile.ZipFile(exported).namelist() == ["routing/departments.yaml"]
    changed = original.decode("utf-8").replace("审计厅：审计监督、经济责任审计", "审计厅：审计监督")
    preview = inspect_pack(_zip(tmp_path / "new.zip", {"routing/departments.yaml": changed}), rules)
    assert preview.ok and preview.replaced == ["departments.yaml"] and preview.examples >= 3
    record = install_pack(preview, rules)
    assert (rules / "routing" / "departments.yaml").read_text(encoding="utf-8") == changed
    assert record.backup is not None and (record.backup / "departments.yaml").read_bytes() == original
    assert last_import() == record  # kept on disk: undo works after a restart too
    assert "恢复为导入前的版本" in undo_import(last_import())
    assert (rules / "routing" / "departments.yaml").read_bytes() == original and last_import() is None
    # a pack that did not exist before is simply removed again
    rule = (ROOT / "rules" / "punctuation" / "doubled-marks.yaml").read_text("utf-8")
    fresh = inspect_pack(_zip(tmp_path / "p.zip", {"extra/doubled.yaml": rule}), rules)
    assert fresh.added == ["doubled.yaml"]
    rec = install_pack(fresh, rules)
    assert rec.backup is None and (rules / "extra" / "doubled.yaml").exists()
    assert "删除了新增的规则包 extra" in undo_import(rec) and not (rules / "extra").exists()
    with pytest.raises(PackError):
        install_pack(inspect_pack(tmp_path / "not-there.zip", rules), rules)
