"""A one-line progress bar for long CLI runs, drawn on stderr only when stderr is a terminal.

Piped or redirected output never gets control characters. Results printed to the same terminal go
above the bar: call :meth:`ProgressBar.clear` before printing and :meth:`ProgressBar.draw` after.
"""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO


class ProgressBar:
    """``核验 [#######.....] 120/600 20%  已用 12 秒，约剩 48 秒`` on one line, redrawn in place."""

    def __init__(self, total: int, label: str = "核验", stream: TextIO | None = None, *,
                 force: bool = False) -> None:
        self.total = total
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = total > 1 and (force or bool(isatty and isatty()))
        self.done = 0
        self.t0 = time.monotonic()
        self._shown = False

    def update(self, done: int, total: int | None = None, *_: object) -> None:
        """Record progress (``done`` of ``total``) and redraw."""
        self.done = done
        if total is not None:
            self.total = total
        self.draw()

    def line(self) -> str:
        """Return the bar's text for the current progress."""
        total = max(self.total, 1)
        share = min(self.done / total, 1.0)
        elapsed = time.monotonic() - self.t0
        width = max(10, min(40, shutil.get_terminal_size((80, 20)).columns - 50))
        filled = int(share * width)
        text = f"{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {share:4.0%}"
        text += f"  已用 {elapsed:.0f} 秒"
        if 0 < self.done < self.total:
            text += f"，约剩 {elapsed / self.done * (self.total - self.done):.0f} 秒"
        return text

    def draw(self) -> None:
        """Draw the bar in place (nothing when disabled)."""
        if self.enabled:
            self.stream.write("\r\x1b[2K" + self.line())
            self.stream.flush()
            self._shown = True

    def clear(self) -> None:
        """Erase the bar so that other output starts on a clean line."""
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._shown = False

    def finish(self) -> None:
        """Erase the bar for good."""
        self.clear()
        self.enabled = False
