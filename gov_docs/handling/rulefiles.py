"""Loading the handling rule files (rules/routing, rules/archiving) safely, with clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gov_docs.errors import GovDocsError

#: How many problems a load error lists before "…"
MAX_LISTED = 5


def load_yaml(path: Path, top_key: str) -> Any:
    """Load and validate a handling rule file (``departments`` or ``rules`` at the top).

    Raises:
        GovDocsError: the file is missing, or breaks its schema; the message lists the problems as
            ``file:line: key: message`` (missing examples do not stop a file from being used).
    """
    from gov_docs.handling.schemas import validate_handling_file

    if not path.exists():
        raise GovDocsError(f"规则文件 {path} 不存在")
    kind = "departments" if top_key == "departments" else "retention"
    hf = validate_handling_file(path, kind, require_examples=False)
    if hf.errors or hf.data is None:
        lines = hf.error_lines or [f"{path}:1: file: 无法读取"]
        more = f"\n……另有 {len(lines) - MAX_LISTED} 处" if len(lines) > MAX_LISTED else ""
        raise GovDocsError(f"规则文件 {path} 有误：\n" + "\n".join(lines[:MAX_LISTED]) + more)
    return hf.data
