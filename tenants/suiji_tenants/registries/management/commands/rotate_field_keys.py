"""`manage.py rotate_field_keys [--schema S]`: re-encrypt personal data with the first key of
FIELD_ENCRYPTION_KEYS, in every organisation schema (and the base schema). After it ran, older
keys can be removed from the setting. Blind indexes use FIELD_HASH_KEY and do not change."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django_tenants.utils import schema_context

from suiji_platform.organisations.models import Organisation
from suiji_tenants.registries import crypto

ENCRYPTED_COLUMNS = {
    "registries_marketentity": ["contact_phone"],
    "registries_project": ["contact_phone"],
    "registries_inspector": ["id_number", "contact_phone"],
}


def rotate_schema(batch: int = 2000) -> int:
    changed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns in ENCRYPTED_COLUMNS.items():
            cursor.execute(f"SELECT id, {', '.join(columns)} FROM {table} ORDER BY id")  # noqa: S608
            rows = cursor.fetchall()
            for start in range(0, len(rows), batch):
                updates = [
                    (*[crypto.rotate(v) for v in row[1:]], row[0])
                    for row in rows[start : start + batch]
                ]
                sets = ", ".join(f"{c} = %s" for c in columns)
                cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", updates)  # noqa: S608
                changed += len(updates)
    return changed


class Command(BaseCommand):
    help = "Re-encrypt personal data with the newest field encryption key."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--schema", help="only this schema (default: every organisation)")

    def handle(self, *args: Any, **options: Any) -> None:
        schemas = (
            [options["schema"]]
            if options["schema"]
            else [
                settings.TENANT_BASE_SCHEMA,
                *Organisation.objects.values_list("schema_name", flat=True),
            ]
        )
        for schema in schemas:
            with schema_context(schema):
                count = rotate_schema()
            if options["verbosity"]:
                self.stdout.write(f"{schema}: {count} 行已用新密钥重新加密")
