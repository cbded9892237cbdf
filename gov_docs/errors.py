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


#: What a regular-expression error says, in an administrator's words (re and regex share these messages).
_REGEX_REASONS = (
    ("missing )", "缺少右括号“)”"),
    ("unbalanced parenthesis", "括号“(”“)”不配对"),
    ("unterminated character set", "方括号“[”没有闭合"),
    ("missing ]", "方括号“[”没有闭合"),
    ("missing }", "花括号“{”没有闭合"),
    ("nothing to repeat", "“*”“+”“?”或“{…}”前面没有可重复的内容"),
    ("multiple repeat", "重复符号连用（如“**”“+*”）"),
    ("bad escape", "无效的转义（反斜杠“\\”后的字符不能这样用）"),
    ("bad character range", "字符范围写反了（如“[9-0]”）"),
    ("unknown group", "引用了不存在的分组"),
    ("look-behind requires fixed-width pattern", "向后查找“(?<=…)”须为固定长度"),
    ("unknown property", "未知的字符属性（\\p{…}）"),
)


def regex_reason(exc: Exception, pattern: str) -> str:
    """Return a Chinese reason for a regular expression that does not compile, with where it fails."""
    msg = str(getattr(exc, "msg", "") or exc)
    pos = getattr(exc, "pos", None)
    where = f"（第 {pos + 1} 个字符处）" if isinstance(pos, int) else ""
    reason = next((zh for en, zh in _REGEX_REASONS if msg.startswith(en)), f"写法有误（{msg}）")
    return f"正则表达式错误：{reason}{where}：{pattern}"


#: What a YAML syntax error says, in an administrator's words.
_YAML_REASONS = (
    ("expected ',' or ']'", "方括号列表“[…]”没有闭合，或其中有多余的符号"),
    ("expected ',' or '}'", "花括号“{…}”没有闭合，或其中有多余的符号"),
    ("mapping values are not allowed here", "此处不能有“键: 值”（冒号后的值含有“: ”时要加引号，或缩进不对）"),
    ("could not find expected ':'", "缺少“:”，或引号没有闭合"),
    ("did not find expected key", "缩进没有对齐，或列表项“- ”的位置不对"),
    ("did not find expected '-' indicator", "列表项“- ”的缩进没有对齐"),
    ("found character '\\t'", "含有制表符（缩进只能用空格）"),
    ("found unexpected end of stream", "引号或括号没有闭合"),
    ("expected the node content", "缺少值，或括号没有闭合"),
    ("found undefined alias", "“*”开头的值须加引号"),
    ("found unknown escape character", "双引号中的反斜杠“\\”须写成“\\\\”，或改用单引号"),
)


def yaml_reason(exc: Exception) -> str:
    """Return a Chinese reason for a YAML syntax error (its line is reported beside it by the caller)."""
    problem = str(getattr(exc, "problem", "") or exc)
    return next((zh for en, zh in _YAML_REASONS if problem.startswith(en)), f"写法有误（{problem}）")
