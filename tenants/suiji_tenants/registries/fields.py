"""A text column stored encrypted (Fernet); Python code sees the clear value."""

from typing import Any

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    description = "Encrypted text (Fernet, keys from settings.FIELD_ENCRYPTION_KEYS)"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return value
        return crypto.encrypt(str(value))
