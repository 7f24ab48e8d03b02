"""Creating organisations stays fast in a long-lived process: each clone gets a fresh session.

django-tenants re-creates its PL/pgSQL clone function before each clone; one PostgreSQL session
keeps every old compilation and slows down with each creation (deploy/README.md, "Scale").
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


def test_each_creation_clones_in_its_own_session(
    django_db_setup: Any, django_db_blocker: Any
) -> None:
    clone_sessions: list[int] = []

    def spy(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if "clone_schema(" in sql and sql.lstrip().upper().startswith("SELECT"):
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
