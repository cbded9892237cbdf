"""``gov-docs correct`` and the lexicon corrector: same number of lines, confident fixes only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gov_docs.typo.corrector import LexiconCorrector

ROOT = Path(__file__).resolve().parent.parent.parent


def test_corrector_applies_only_confident_lexicon_fixes() -> None:
    c = LexiconCorrector()
    assert c.correct("请及时按装设备，要再接再励。") == "请及时安装设备，要再接再厉。"
    assert c.correct("这句话没有错。") == "这句话没有错。"
    # 异形词 is a warning only
    assert c.correct("这件事给我们的告戒是深刻的。") == "这件事给我们的告戒是深刻的。"
    assert LexiconCorrector(errors_only=False).correct(
        "这件事给我们的告戒是深刻的。") == "这件事给我们的告诫是深刻的。"


def test_cli_keeps_the_line_count() -> None:
    text = "请及时按装设备。\n这句话没有错。\n\n要再接再励。\n"
    res = subprocess.run([sys.executable, "-m", "gov_docs.cli", "correct"], input=text.encode("utf-8"),
                         capture_output=True, cwd=ROOT, timeout=600)
    assert res.returncode == 0
    out = res.stdout.decode("utf-8")
    assert out == "请及时安装设备。\n这句话没有错。\n\n要再接再厉。\n"
