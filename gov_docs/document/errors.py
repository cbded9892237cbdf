"""The one error type readers raise: it names the file and says, in Chinese, what is wrong."""

from __future__ import annotations

from pathlib import Path

from gov_docs.errors import GovDocsError

#: A Word or WPS template (.dotx, .dotm, .wpt) is not a document: a clerk makes one from it first.
TEMPLATE_MESSAGE = "这是 Word/WPS 模板，不是公文本身：请在 Word 或 WPS 中用它新建文档并保存为 .docx 后再打开"


class DocumentReadError(GovDocsError):
    """A file cannot be read as a document. ``str(err)`` is a one-line Chinese message."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"无法读取 {self.path}：{reason}")


class DocumentWriteError(GovDocsError):
    """A document cannot be written; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"无法写入 {self.path}：{reason}")
