"""Who may change the rules: the administrator password and writable rule folders.

The password is stored only as a salted PBKDF2-SHA256 hash in the user settings (``[admin]
password_hash = "pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>"``). Admin mode can be switched on
only with it (it is set on first use); without admin mode the rule editor is read-only. A rule folder
the clerk cannot write (a system-wide install) is read-only whatever the mode, and the editor says so.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gov_docs.errors import GovDocsError

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 200_000
MIN_LENGTH = 6


class PasswordError(GovDocsError):
    """The password is too short, or the stored hash is unreadable."""


def hash_password(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """Return the salted hash of ``password`` as ``pbkdf2_sha256$iterations$salt$hash``."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Return True when ``password`` matches the ``stored`` hash (constant-time comparison)."""
    try:
        algorithm, iterations, salt_hex, digest_hex = stored.split("$")
        if algorithm != ALGORITHM:
            return False
        salt = bytes.fromhex(salt_hex)
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


def stored_hash(settings: dict | None = None) -> str:
    """Return the stored password hash ('' when none is set)."""
    from gov_docs import config

    settings = settings if settings is not None else config.load()
    value = settings.get("admin", {}).get("password_hash", "")
    return value if isinstance(value, str) else ""


def password_is_set(settings: dict | None = None) -> bool:
    """Return True when an administrator password has been set."""
    return bool(stored_hash(settings))


def check_password(password: str, settings: dict | None = None) -> bool:
    """Return True when ``password`` is the administrator password."""
    stored = stored_hash(settings)
    return bool(stored) and verify_password(password, stored)


def set_password(password: str, *, enable_admin: bool = False) -> Path:
    """Store the salted hash of a new administrator password in the user settings; return the file.

    Args:
        password: at least :data:`MIN_LENGTH` characters.
        enable_admin: also switch admin mode on.

    Raises:
        PasswordError: the password is too short.
    """
    from gov_docs import config

    if len(password) < MIN_LENGTH:
        raise PasswordError(f"管理员密码至少 {MIN_LENGTH} 个字符")
    settings = config.load()
    settings.setdefault("admin", {})["password_hash"] = hash_password(password)
    if enable_admin:
        settings.setdefault("ui", {})["admin_mode"] = True
    return config.save(settings)


def admin_mode_on(settings: dict | None = None) -> bool:
    """Return True when admin mode is on AND a password protects it (an unprotected flag does not count)."""
    from gov_docs import config

    try:
        settings = settings if settings is not None else config.load()
    except config.ConfigError:
        return False
    return bool(settings.get("ui", {}).get("admin_mode", False)) and password_is_set(settings)


def folder_writable(folder: Path) -> bool:
    """Return True when the clerk can create files in ``folder`` (tried, not only guessed from modes)."""
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        return False
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".gov-docs-probe-"):
            pass
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class RuleAccess:
    """Whether rules in a folder may be edited now, and why not (a Chinese sentence)."""

    editable: bool
    reason: str = ""


def rule_access(folder: Path, *, unlocked: bool | None = None) -> RuleAccess:
    """Decide whether the rules under ``folder`` may be edited.

    Args:
        folder: the rule folder (or a file's folder).
        unlocked: the administrator has entered the password in this session (None: use admin mode
            from the settings).
    """
    if not folder.is_dir():
        return RuleAccess(False, f"规则目录 {folder} 不存在，请检查安装或“设置—附加规则目录”。")
    if not folder_writable(folder):
        return RuleAccess(False, f"规则目录 {folder} 为只读（系统级规则目录或无写权限），只能查看；"
                                 "如需修改，请由系统管理员修改该目录，或在“设置—附加规则目录”中添加自己的规则目录。")
    ok = unlocked if unlocked is not None else admin_mode_on()
    if not ok:
        return RuleAccess(False, "只读：未进入管理员模式。点“管理员登录…”输入管理员密码后可修改规则"
                                 "（首次使用时设置密码）。")
    return RuleAccess(True)
