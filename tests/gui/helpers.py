"""Shared by the GUI tests: the test notice, the rules folder, and waiting for a check on its signal."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXT = ("某某市人民政府办公室关于做好设备管理的通知\n各区县人民政府：\n请及时按装设备,要再接再励。\n"
        "某某市人民政府办公室\n2026年11月22日")

#: Only a safety net: the waits end on a signal (a check's findings on screen), not on time.
CHECK_TIMEOUT_MS = 300_000


def until_checked(qtbot, window):
    """Wait (``with``) until the newest check started in the block has its findings on screen."""
    return qtbot.waitSignal(window.checks.findings_shown, timeout=CHECK_TIMEOUT_MS,
                            check_params_cb=lambda job: job == window.checks.latest)
