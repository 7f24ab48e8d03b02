"""Which schemas have migrations left to apply, found in a few statements for all of them.

`migrate_schemas` opens every schema, loads the migration graph and checks it, about a second
per organisation even when nothing is pending (199 s for 150 organisations on a loaded
machine). Instead, `manage.py setup` reads every schema's `django_migrations` at once (a UNION
over the schemas, in chunks) and compares it with the migration files on disk: only the
schemas missing a migration are handed to django-tenants.

A schema is up to date when every migration of the graph is recorded in it. django-tenants
records every app's migrations in every schema (the router only skips the operations of apps
that do not live there), so the graph's node set is the expected set everywhere. A squashed
migration not yet recorded makes its schema look pending: migrate then records it, harmlessly.
"""

import hashlib
from collections.abc import Iterable

from django.db import connection
from django.db.migrations.loader import MigrationLoader

CHUNK = 400


def expected_migrations() -> list[str]:
    """`app.name` of every migration on disk (the graph's nodes), sorted."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.graph.nodes)


def _quote(schema: str) -> str:
    return connection.ops.quote_name(schema)


def schemas_with_migration_table(schemas: Iterable[str]) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relname = 'django_migrations' AND c.relkind IN ('r', 'p') "
            "AND n.nspname = ANY(%s)",
            [list(schemas)],
        )
        return {row[0] for row in cursor.fetchall()}


def pending_schemas(schemas: Iterable[str], expected: list[str] | None = None) -> list[str]:
    """The schemas among `schemas` (in their order) that miss a migration, or have no
    migration table (or do not exist) at all."""
    schemas = list(dict.fromkeys(schemas))
    expected = expected_migrations() if expected is None else expected
    have_table = schemas_with_migration_table(schemas)
    complete: set[str] = set()
    present = [s for s in schemas if s in have_table]
    with connection.cursor() as cursor:
        for start in range(0, len(present), CHUNK):
            chunk = present[start : start + CHUNK]
            parts = [
                f"SELECT %s, count(DISTINCT m.app || '.' || m.name) FROM {_quote(s)}.django_migrations m "
                "WHERE m.app || '.' || m.name IN (SELECT k FROM expected)"
                for s in chunk
            ]
            sql = "WITH expected AS (SELECT unnest(%s::text[]) AS k) " + " UNION ALL ".join(parts)
            cursor.execute(sql, [expected, *chunk])
            complete.update(s for s, count in cursor.fetchall() if count == len(expected))
    return [s for s in schemas if s not in complete]


def schema_state(schema: str) -> str:
    """A digest of the migrations recorded in one schema (the base schema's template key)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.app || '.' || m.name FROM {_quote(schema)}.django_migrations m ORDER BY 1"
        )
        names = [row[0] for row in cursor.fetchall()]
    return hashlib.sha256("\n".join(names).encode()).hexdigest()
