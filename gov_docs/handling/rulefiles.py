"""Loading the handling rule files (rules/routing, rules/archiving) safely, with clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from gov_docs.errors import GovDocsError


def load_yaml(path: Path, top_key: str) -> Any:
    """Load a YAML file that must be a mapping with ``top_key`` holding a list."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GovDocsError(f"规则文件 {path} 不存在") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise GovDocsError(f"规则文件 {path} 格式错误：{exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get(top_key), list):
        raise GovDocsError(f"规则文件 {path} 应包含 {top_key}: 列表")
    return data
