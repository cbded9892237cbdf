"""The base of every error meant for the user: its ``str()`` is one Chinese sentence naming what is wrong.

The CLI prints it and exits with code 2; the GUI shows it in a dialog. Anything else that
escapes is a bug: the CLI logs the traceback to a file and still prints one line.
"""

from __future__ import annotations


class GovDocsError(Exception):
    """A problem the user can act on (bad file, bad rule, missing model …)."""


def os_reason(exc: OSError) -> str:
    """Return a Chinese reason for a failed file operation (the system's English text only as a last
    resort).
    """
    import errno

    reasons = {
        errno.ENOENT: "所在文件夹不存在或无法在此创建文件",
        errno.ENOTDIR: "路径中有一级不是文件夹",
        errno.EEXIST: "路径中有一级是已存在的文件，不是文件夹",
        errno.EISDIR: "这是一个文件夹，不是文件",
        errno.ENOSPC: "磁盘空间不足",
        errno.EROFS: "所在磁盘为只读",
        errno.EACCES: "没有写入权限（文件可能为只读或正被其他程序占用）",
        errno.EPERM: "没有写入权限（文件可能为只读或正被其他程序占用）",
        errno.EBUSY: "文件正被其他程序占用",
        errno.ENAMETOOLONG: "文件名太长",
        errno.EINVAL: "文件名含有不允许的字符",
        errno.EXDEV: "不能跨磁盘移动临时文件",
    }
    return reasons.get(exc.errno or 0, f"系统错误（{exc.strerror or exc}）")
