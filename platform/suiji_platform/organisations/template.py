"""New organisations' schemas, created from a DDL script of the base schema.

django-tenants clones `suiji_base` with a PL/pgSQL function that, for each of ~60 tables,
queries the `pg_indexes` view by schema name: the view has no index on the namespace, so each
query scans the whole catalog, and one clone costs O(tables × catalog) — 18.6 s per
organisation at 150 organisations, minutes at 2,000. Here, instead:

- after the base schema is migrated (`manage.py setup`), `pg_dump --schema-only -n suiji_base`
  renders its DDL once; the script, with the schema name replaced by a placeholder, is stored
  in `SchemaTemplate` together with the digest of the base's applied migrations (its key);
- creating an organisation runs `CREATE SCHEMA` and replays the script (plain DDL: index
  lookups in the catalog only, independent of its size), copies the rows the base holds
  (`django_migrations`: the new schema is at the base's migration state) and sets every
  sequence to the base's value.

The template is used only while its key equals the base's current state; otherwise it is
rendered again, and if `pg_dump` is not available creation falls back to django-tenants'
clone. `tests/prod/test_organisation_creation.py` checks a created schema equals the base
(tables, columns, defaults, indexes, constraints, sequences, migration rows).
"""

import hashlib
import logging
import os
import re
import shutil
import subprocess
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from .migration_state import schema_state

if TYPE_CHECKING:
    from .models import SchemaTemplate

logger = logging.getLogger(__name__)

PLACEHOLDER = "__suiji_new_schema__"
_SKIP = ("SET ", "SELECT pg_catalog.set_config(", "--", "\\")


class TemplateUnavailable(Exception):
    pass


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _pg_dump_command(schema: str) -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    binary = os.environ.get("PG_DUMP", "") or shutil.which("pg_dump")
    if not binary:
        raise TemplateUnavailable("pg_dump not found")
    command = [binary, "--schema-only", "--no-owner", "--no-privileges", "-n", schema]
    if db.get("HOST"):
        command += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        command += ["-p", str(db["PORT"])]
    if db.get("USER"):
        command += ["-U", str(db["USER"])]
    command += ["-d", str(db["NAME"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return command, env


def render(schema: str) -> str:
    """The DDL of `schema`, with the schema name replaced by PLACEHOLDER."""
    command, env = _pg_dump_command(schema)
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TemplateUnavailable(str(exc)) from exc
    if done.returncode != 0:
        raise TemplateUnavailable(done.stderr.strip()[-500:])
    own = re.compile(rf"(?<![\w$\"]){re.escape(schema)}\.")
    lines = []
    for line in done.stdout.splitlines():
        if line.startswith(_SKIP) or not line.strip():
            continue
        if line.strip() == f"CREATE SCHEMA {schema};":
            continue
        lines.append(own.sub(f"{PLACEHOLDER}.", line))
    script = "\n".join(lines) + "\n"
    if re.search(rf"(?<![\w$]){re.escape(schema)}(?![\w$])", script):
        raise TemplateUnavailable(f"the DDL of {schema} names it outside qualified names")
    return script


def _objects(schema: str, kind: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_catalog.pg_class c "
            "WHERE c.relnamespace = %s::regnamespace AND c.relkind = ANY(%s) ORDER BY 1",
            [schema, list(kind)],
        )
        return [row[0] for row in cursor.fetchall()]


def template_key(base: str) -> str:
    """The base's migration state and a digest of its relations (names, kinds, column counts,
    oids): any change to the base schema, by a migration or not, renders the template again."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT md5(coalesce(string_agg(c.oid::text || ':' || c.relname || ':' || c.relkind::text "
            "|| ':' || c.relnatts, ',' ORDER BY c.oid), '')) FROM pg_catalog.pg_class c "
            "WHERE c.relnamespace = %s::regnamespace",
            [base],
        )
        relations = cursor.fetchone()[0]
    return hashlib.sha256(f"{schema_state(base)}:{relations}".encode()).hexdigest()


def refresh(base: str | None = None) -> "SchemaTemplate":
    """Render the base schema's template again if the base changed since it was rendered.
    TemplateUnavailable when it cannot be rendered faithfully (no pg_dump, or the base holds
    changes not committed yet, which pg_dump cannot see)."""
    from .models import SchemaTemplate as Template

    base = base or settings.TENANT_BASE_SCHEMA
    state = template_key(base)
    current = Template.objects.filter(base_schema=base).first()
    if current is not None and current.state == state:
        return current
    ddl = render(base)
    tables = _objects(base, "rp")
    rendered = set(re.findall(rf"^CREATE TABLE {PLACEHOLDER}\.(\w+) \(", ddl, flags=re.M))
    if rendered != set(tables):
        raise TemplateUnavailable(f"the DDL of {base} does not show its tables as they are now")
    values = {"state": state, "ddl": ddl, "tables": tables, "sequences": _objects(base, "S")}
    try:
        with transaction.atomic():
            template, _ = Template.objects.update_or_create(base_schema=base, defaults=values)
    except IntegrityError:  # rendered at the same moment by another creation: the same script
        template = Template.objects.get(base_schema=base)
    return template


def create_schema_from_template(schema_name: str) -> bool:
    """Create `schema_name` from the base schema's template; False when no template can be
    had (the caller then clones). Runs in a savepoint: a failure leaves no schema."""
    base = settings.TENANT_BASE_SCHEMA
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    try:
        template = refresh(base)
    except TemplateUnavailable as exc:
        logger.warning("organisation schemas are cloned (no template of %s): %s", base, exc)
        return False
    new, old = _quote(schema_name), _quote(base)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {new}")
        cursor.execute(template.ddl.replace(f"{PLACEHOLDER}.", f"{new}."))
        tables = list(template.tables)
        if tables:
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT %s WHERE EXISTS (SELECT 1 FROM {old}.{_quote(t)})" for t in tables
                ),
                tables,
            )
            for (table,) in cursor.fetchall():
                cursor.execute(
                    f"INSERT INTO {new}.{_quote(table)} OVERRIDING SYSTEM VALUE "
                    f"SELECT * FROM {old}.{_quote(table)}"
                )
        sequences = list(template.sequences)
        if sequences:
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT %s, last_value, is_called FROM {old}.{_quote(s)}" for s in sequences
                ),
                sequences,
            )
            for sequence, last_value, is_called in cursor.fetchall():
                cursor.execute(
                    "SELECT pg_catalog.setval(%s, %s, %s)",
                    [f"{new}.{_quote(sequence)}", last_value, is_called],
                )
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    return True
