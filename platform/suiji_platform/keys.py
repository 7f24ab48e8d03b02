"""Checks of the secret keys a production server refuses to start without.

Imported by the settings before Django is set up: no Django import here.
"""

import base64
import binascii

# Values that appear in documentation, examples and our own development defaults.
KNOWN_PLACEHOLDERS = (
    "dev-only",
    "django-insecure",
    "change-me",
    "changeme",
    "replace-me",
    "secret",
    "example",
)


class WeakKeyError(ValueError):
    """A key that must not be used in production; the message says how to make a good one."""


def check_secret_key(value: str) -> None:
    """SECRET_KEY: at least 50 characters, at least 5 distinct, no known placeholder."""
    how = 'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    if not value:
        raise WeakKeyError(f"SECRET_KEY is not set. {how}")
    lowered = value.lower()
    if len(value) < 50 or len(set(value)) < 5:
        raise WeakKeyError(
            f"SECRET_KEY is too weak ({len(value)} characters, {len(set(value))} distinct; "
            f"need ≥ 50 and ≥ 5). {how}"
        )
    for placeholder in KNOWN_PLACEHOLDERS:
        if placeholder in lowered:
            raise WeakKeyError(f"SECRET_KEY contains the placeholder {placeholder!r}. {how}")


def check_field_encryption_keys(keys: list[str]) -> None:
    """FIELD_ENCRYPTION_KEY: Fernet keys (urlsafe base64 of 32 random bytes), comma separated.

    A key that decodes to text (all printable ASCII, like our development default) or to bytes
    with few distinct values was typed by a person, not generated: refused.
    """
    how = (
        "Generate one with: python -c "
        '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
    )
    if not keys:
        raise WeakKeyError(f"FIELD_ENCRYPTION_KEY is not set. {how}")
    for position, key in enumerate(keys, 1):
        try:
            raw = base64.urlsafe_b64decode(key.encode("ascii"))
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raw = b""
        if len(raw) != 32:
            raise WeakKeyError(
                f"FIELD_ENCRYPTION_KEY key #{position} is not a Fernet key "
                f"(urlsafe base64 of 32 bytes). {how}"
            )
        if all(32 <= b < 127 for b in raw) or len(set(raw)) < 16:
            raise WeakKeyError(
                f"FIELD_ENCRYPTION_KEY key #{position} is weak (typed text, not random bytes). {how}"
            )
