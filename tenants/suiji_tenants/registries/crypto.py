"""Personal data at rest: Fernet encryption with rotation, a keyed blind index, masking.

- `encrypt`/`decrypt` use a MultiFernet over settings.FIELD_ENCRYPTION_KEYS: the first key
  encrypts, every key decrypts; `manage.py rotate_field_keys` re-encrypts with the first key.
- `blind_index` is HMAC-SHA256 under settings.FIELD_HASH_KEY (a separate key), so rotating the
  encryption keys never changes exact-match lookups.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode("ascii")) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    if not value:
        return ""
    return fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:  # a key was dropped before its rows were re-encrypted
        raise ValueError("无法解密字段：密钥不匹配（请先运行 rotate_field_keys）") from exc


def rotate(token: str) -> str:
    """Re-encrypt a token under the first (newest) key."""
    if not token:
        return ""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


def blind_index(value: str) -> str:
    if not value:
        return ""
    key = settings.FIELD_HASH_KEY.encode("utf-8")
    return hmac.new(key, value.strip().upper().encode("utf-8"), hashlib.sha256).hexdigest()


def mask_id_number(value: str) -> str:
    """5331**********001X: region prefix and the last four characters stay visible."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
