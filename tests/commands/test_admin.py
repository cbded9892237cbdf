"""`gov-docs admin` and `gov-docs rules export|import|undo-import` (commands/admin.py): the password for
deployment scripts, and a pack import that previews, needs admin mode and can be undone."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from gov_docs.admin import access
from gov_docs.cli import main
from tests.admin.test_access_packs import _zip

ROOT = Path(__file__).resolve().parents[2]


def test_cli_set_password_for_deployment_scripts(monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("deploy-secret\n"))
    assert main(["admin", "set-password", "--stdin", "--enable"]) == 0
    assert access.admin_mode_on() and access.check_password("deploy-secret")
    assert "deploy-secret" not in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["admin", "set-password", "--stdin"]) == 2
    assert "至少 6 个字符" in capsys.readouterr().err
    assert access.check_password("deploy-secret")  # unchanged
    assert main(["admin", "status"]) == 0
    assert "管理员模式：打开" in capsys.readouterr().out


def test_cli_pack_import_previews_needs_admin_and_undoes(tmp_path: Path, monkeypatch, capsys) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "punctuation", rules / "punctuation")
    before = (rules / "punctuation" / "doubled-marks.yaml").read_text(encoding="utf-8")
    assert main(["rules", "export", "punctuation", str(tmp_path / "p.zip"), "--rules-dir", str(rules)]) == 0
    with zipfile.ZipFile(tmp_path / "p.zip") as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    new_rule = before.replace("name: 标点重复", "name: 标点重复（新）")
    files["punctuation/doubled-marks.yaml"] = new_rule.encode("utf-8")
    pack = _zip(tmp_path / "new.zip", files)
    assert main(["rules", "import", str(pack), "--rules-dir", str(rules)]) == 0
    out = capsys.readouterr().out
    assert "替换 1 个：doubled-marks.yaml" in out and "加 --yes" in out
    assert main(["rules", "import", str(pack), "--rules-dir", str(rules), "--yes"]) == 2
    assert "管理员模式" in capsys.readouterr().err
    assert (rules / "punctuation" / "doubled-marks.yaml").read_text(encoding="utf-8") == before
    monkeypatch.setattr("sys.stdin", io.StringIO("deploy-secret\n"))
    assert main(["admin", "set-password", "--stdin", "--enable"]) == 0
    assert main(["rules", "import", str(pack), "--rules-dir", str(rules), "--yes"]) == 0
    assert "标点重复（新）" in (rules / "punctuation" / "doubled-marks.yaml").read_text(encoding="utf-8")
    assert main(["rules", "undo-import"]) == 0
    assert (rules / "punctuation" / "doubled-marks.yaml").read_text(encoding="utf-8") == before
    assert main(["rules", "undo-import"]) == 2
    broken = _zip(tmp_path / "b.zip", {"punctuation/x.yaml": "id: [\n"})
    assert main(["rules", "import", str(broken), "--rules-dir", str(rules), "--yes"]) == 2
