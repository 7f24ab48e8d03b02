"""Password policy (GB/T 22239-2019 8.1.4.1 a): character classes, no reuse, expiry.

Length, common and numeric-only passwords are Django's own validators (settings.py); the two
below plug into the same `AUTH_PASSWORD_VALIDATORS`, so every path that sets a password through
`validate_password` applies the whole policy.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

CLASS_NAMES = ("大写字母", "小写字母", "数字", "符号")


def character_classes(password: str) -> int:
    classes = [False] * 4
    for ch in password:
        if ch.isupper():
            classes[0] = True
        elif ch.islower():
            classes[1] = True
        elif ch.isdigit():
            classes[2] = True
        else:
            classes[3] = True
    return sum(classes)


class CharacterClassesValidator:
    """At least `min_classes` of upper case, lower case, digits and symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                f"密码须包含{'、'.join(CLASS_NAMES)}中的至少 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"密码须包含{'、'.join(CLASS_NAMES)}中的至少 {self.min_classes} 类。"


class PasswordHistoryValidator:
    """Not the current password nor one of the previous ones (PASSWORD_HISTORY in all)."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        keep = settings.PASSWORD_HISTORY
        hashes = [user.password] if user.password else []
        hashes += list(user.password_history.values_list("password", flat=True)[: keep - 1])
        if any(check_password(password, encoded) for encoded in hashes[:keep]):
            raise ValidationError(
                f"不能使用最近 {keep} 次用过的密码，请换一个新密码。", code="password_reused"
            )

    def get_help_text(self) -> str:
        return f"不能使用最近 {settings.PASSWORD_HISTORY} 次用过的密码。"


def password_set_at(user: Any) -> datetime:
    return user.password_changed_at or user.date_joined


def password_expires_at(user: Any) -> datetime | None:
    """When the user's password expires, or None when it does not (policy off, demo exempt)."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if days <= 0 or (user.is_demo and settings.DEMO_ACCOUNTS_EXEMPT):
        return None
    return password_set_at(user) + timedelta(days=days)


def password_change_required(user: Any) -> str:
    """Why the user must change the password before going on ('' when they need not)."""
    if user.must_change_password:
        return "initial"
    expires = password_expires_at(user)
    if expires is not None and expires <= timezone.now():
        return "expired"
    return ""


_CHINESE = {
    "password_too_short": lambda: f"密码太短：至少 {settings.PASSWORD_MIN_LENGTH} 个字符。",
    "password_too_common": lambda: "这个密码太常见，容易被猜中，请换一个。",
    "password_entirely_numeric": lambda: "密码不能全是数字。",
    "password_too_similar": lambda: "密码与用户名或姓名太相似，请换一个。",
}


def policy_messages(exc: ValidationError) -> str:
    """The policy's verdict in Chinese, one sentence per rule broken."""
    messages = []
    for error in exc.error_list:
        chinese = _CHINESE.get(error.code or "")
        messages.append(chinese() if chinese else " ".join(error.messages))
    return "；".join(messages)
