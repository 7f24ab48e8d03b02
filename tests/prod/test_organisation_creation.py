"""Creating organisations: from the base schema's DDL template, into a schema equal to the
base, each in a fresh session; and `manage.py setup` migrates only what is pending.

django-tenants' clone is O(tables x catalog) and re-creates a PL/pgSQL function that one
PostgreSQL session keeps every compilation of (deploy/README.md, "Scale"); the template
replay is independent of the catalog's size.
"""

from typing import Any

from django.db import connection

from suiji_platform.organisations.models import Domain, Organisation
from suiji_platform.organisations.schemas import use_public_schema
from suiji_platform.organisations.services import create_organisation, drop_schema

CODES = ("533181", "533182")


def _remove(code: str) -> None:
    use_public_schema()
    Domain.objects.filter(tenant__code=code).delete()
    Organisation.objects.filter(code=code).delete()
    drop_schema(Organisation.schema_name_for(code))


def test_each_creation_runs_in_its_own_session(
    django_db_setup: Any, django_db_blocker: Any
) -> None:
    clone_sessions: list[int] = []

    def spy(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith("CREATE SCHEMA"):
            clone_sessions.append(connection.connection.get_backend_pid())
        return execute(sql, params, many, context)

    with django_db_blocker.unblock():
        try:
            use_public_schema()
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                caller_session = cursor.fetchone()[0]
            with connection.execute_wrapper(spy):
                for code in CODES:
                    create_organisation(
                        code=code, name=f"测试县{code}", kind="county", parent_code="533100"
                    )
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                after_session = cursor.fetchone()[0]
            assert Organisation.objects.filter(code__in=CODES).count() == 2
        finally:
            for code in CODES:
                _remove(code)
    assert len(clone_sessions) == 2
    # Neither clone ran in the caller's session, nor both in one; none is kept afterwards.
    assert caller_session not in clone_sessions
    assert clone_sessions[0] != clone_sessions[1]
    assert after_session not in clone_sessions


def test_inside_a_transaction_the_connection_is_kept(db: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        before = cursor.fetchone()[0]
    create_organisation(code=CODES[0], name="测试县", kind="county", parent_code="533100")
    use_public_schema()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] == before
    assert Organisation.objects.filter(code=CODES[0]).exists()


def _describe(schema: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything that makes a schema: tables and columns, defaults, identity, indexes,
    constraints, sequences with their state, triggers, and the migration rows."""

    def rows(sql: str) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, {"s": schema})
            return sorted(
                tuple(str(v).replace(f"{schema}.", "<schema>.") for v in row)
                for row in cursor.fetchall()
            )

    return {
        "columns": rows(
            "SELECT table_name, column_name, ordinal_position, data_type, is_nullable, "
            "column_default, character_maximum_length, numeric_precision, is_identity, "
            "identity_generation, is_generated, collation_name "
            "FROM information_schema.columns WHERE table_schema = %(s)s"
        ),
        "relations": rows(
            "SELECT c.relname, c.relkind, c.relpersistence, c.reloptions FROM pg_class c "
            "WHERE c.relnamespace = %(s)s::regnamespace"
        ),
        "indexes": rows(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %(s)s"
        ),
        "constraints": rows(
            "SELECT r.relname, c.conname, c.contype, c.condeferrable, c.condeferred, "
            "pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class r ON r.oid = c.conrelid WHERE c.connamespace = %(s)s::regnamespace"
        ),
        "sequences": rows(
            "SELECT sequencename, data_type, start_value, min_value, max_value, increment_by, "
            "cycle, cache_size FROM pg_sequences WHERE schemaname = %(s)s"
        ),
        "sequence_values": rows(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = %(s)s"
        ),
        "sequence_owners": rows(
            "SELECT s.relname, t.relname, a.attname, d.deptype FROM pg_depend d "
            "JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
            "JOIN pg_class t ON t.oid = d.refobjid "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
            "WHERE s.relnamespace = %(s)s::regnamespace"
        ),
        "triggers": rows(
            "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = %(s)s::regnamespace AND NOT t.tgisinternal"
        ),
        "migrations": rows(f'SELECT id, app, name FROM "{schema}".django_migrations'),
    }


def test_a_created_schema_equals_the_base_schema(
    django_db_setup: Any, django_db_blocker: Any
) -> None:
    from django.conf import settings

    from suiji_platform.organisations.models import SchemaTemplate
    from suiji_platform.organisations.template import PLACEHOLDER

    code = CODES[0]
    with django_db_blocker.unblock():
        try:
            use_public_schema()
            statements: list[str] = []

            def spy(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
                statements.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(spy):
                create_organisation(code=code, name="测试县", kind="county", parent_code="533100")
            use_public_schema()
            # Created from the template, not by django-tenants' clone.
            assert not any("clone_schema(" in sql for sql in statements)
            template = SchemaTemplate.objects.get(base_schema=settings.TENANT_BASE_SCHEMA)
            replayed = template.ddl.replace(
                f"{PLACEHOLDER}.", f'"{Organisation.schema_name_for(code)}".'
            )
            assert replayed in statements
            base = _describe(settings.TENANT_BASE_SCHEMA)
            new = _describe(Organisation.schema_name_for(code))
            assert len(base["relations"]) > 100 and len(base["indexes"]) > 50
            assert len(base["constraints"]) > 50 and base["migrations"]
            for part in base:
                if part != "sequence_values":
                    assert new[part] == base[part], part
            # Sequences start where the base's are (django_migrations: after its rows; the
            # rest unused), except the audit chain's, which holds the creation's record.
            schema = Organisation.schema_name_for(code)
            values = dict(new["sequence_values"])
            for sequence, value in base["sequence_values"]:
                if sequence.startswith("audit_"):
                    table = sequence.removesuffix("_id_seq")
                    with connection.cursor() as cursor:
                        cursor.execute(f'SELECT max(id)::text FROM "{schema}".{table}')
                        assert values[sequence] == cursor.fetchone()[0], sequence
                else:
                    assert values[sequence] == value, sequence
            assert dict(base["sequence_values"])["django_migrations_id_seq"] != "None"
            assert dict(base["sequence_values"])["registries_marketentity_id_seq"] == "None"
        finally:
            _remove(code)


def test_setup_migrates_only_pending_schemas_and_a_second_run_is_a_noop(
    django_db_setup: Any, django_db_blocker: Any
) -> None:
    from io import StringIO

    from django.core.management import call_command

    from suiji_platform.organisations.migration_state import expected_migrations, pending_schemas

    schema = "org_533100"

    def migration_rows() -> dict[str, int]:
        schemas = [
            "public",
            "suiji_base",
            *Organisation.objects.values_list("schema_name", flat=True),
        ]
        result = {}
        with connection.cursor() as cursor:
            for name in schemas:
                cursor.execute(f'SELECT count(*), max(id) FROM "{name}".django_migrations')
                result[name] = cursor.fetchone()
        return result

    def setup(*args: str) -> str:
        out = StringIO()
        call_command("setup", *args, verbosity=1, stdout=out)
        use_public_schema()
        return out.getvalue()

    with django_db_blocker.unblock():
        use_public_schema()
        total = Organisation.objects.count()
        assert total >= 2
        assert pending_schemas(["public", "suiji_base"]) == []
        # A migration recorded in every schema, whose operations only run in public.
        app, name = "organisations", "0002_schematemplate"
        assert f"{app}.{name}" in expected_migrations()
        with connection.cursor() as cursor:
            cursor.execute(
                f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s',
                [app, name],
            )
        assert pending_schemas(Organisation.objects.values_list("schema_name", flat=True)) == [
            schema
        ]
        assert f"待迁移的组织 (organisations to migrate): 1/{total}" in setup()
        assert pending_schemas([schema]) == []
        before = migration_rows()
        for args in ((), ("--executor=multiprocessing",)):
            assert f"待迁移的组织 (organisations to migrate): 0/{total}" in setup(*args)
            assert migration_rows() == before  # nothing applied, nothing recorded


def test_a_stale_template_is_rendered_again_before_use(
    django_db_setup: Any, django_db_blocker: Any
) -> None:
    from django.conf import settings

    from suiji_platform.organisations.models import SchemaTemplate
    from suiji_platform.organisations.template import template_key

    base = settings.TENANT_BASE_SCHEMA
    code = CODES[1]
    with django_db_blocker.unblock():
        try:
            use_public_schema()
            SchemaTemplate.objects.filter(base_schema=base).update(state="stale", ddl="-- old")
            create_organisation(code=code, name="测试县", kind="county", parent_code="533100")
            use_public_schema()
            template = SchemaTemplate.objects.get(base_schema=base)
            assert template.state == template_key(base) and "CREATE TABLE" in template.ddl
            assert (
                _describe(Organisation.schema_name_for(code))["indexes"]
                == _describe(base)["indexes"]
            )
        finally:
            _remove(code)
