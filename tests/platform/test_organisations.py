"""Creating organisations: cloned from the base schema; bad codes leave nothing behind."""

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError, create_organisation
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.django_db


def _tables(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        return {row[0] for row in cursor.fetchall()}


def test_the_base_schema_exists_with_every_tenant_table() -> None:
    base = settings.TENANT_BASE_SCHEMA
    assert schema_exists(base)
    assert {"audit_auditrecord", "audit_audithead", "django_migrations"} <= _tables(base)


def test_a_new_county_is_cloned_from_the_base_schema() -> None:
    # A marker table in the base schema proves the new schema was copied, not migrated.
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE TABLE "{settings.TENANT_BASE_SCHEMA}".clone_marker (x int)')
    organisation = create_organisation(
        code="533125", name="测试县住房和城乡建设局", kind="county", parent_code="533100"
    )
    assert organisation.schema_name == "org_533125"
    assert "clone_marker" in _tables("org_533125")
    assert {"audit_auditrecord", "audit_audithead"} <= _tables("org_533125")
    with schema_context("org_533125"):
        from suiji_tenants.audit.models import AuditRecord

        assert AuditRecord.objects.filter(operation="organisation.create").count() == 1


@pytest.mark.parametrize(
    ("code", "parent", "field", "error_code"),
    [
        ("533103", "533100", "code", "duplicate"),
        ("53310", "533100", "code", "invalid"),
        ("5331x3", "533100", "code", "invalid"),
        ("533126", None, "parentCode", "required"),
        ("533126", "533103", "parentCode", "not_found"),
        ("530126", "533100", "code", "outside_parent"),
    ],
)
def test_bad_codes_get_a_clear_error_and_no_schema(
    code: str, parent: str | None, field: str, error_code: str
) -> None:
    with pytest.raises(FieldError) as raised:
        create_organisation(code=code, name="测试", kind="county", parent_code=parent)
    assert (raised.value.field, raised.value.code) == (field, error_code)
    if code != "533103":
        assert not Organisation.objects.filter(code=code).exists()
        assert not schema_exists(f"org_{code}")


def test_a_failure_while_creating_leaves_no_schema_behind(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from suiji_platform.organisations import services

    def broken_audit(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "record_audit", broken_audit)
    with pytest.raises(RuntimeError):
        create_organisation(code="533127", name="测试县", kind="county", parent_code="533100")
    assert not Organisation.objects.filter(code="533127").exists()
    assert not schema_exists("org_533127")


def test_prefecture_admin_creates_a_county_through_graphql(
    as_user,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from suiji_platform.celery import app

    app.conf.task_always_eager = True
    try:
        client: GraphQLClient = as_user("dehong.admin")
        result = client.post(
            'mutation { createOrganisation(input:{code:"533128", name:"新设县住房和城乡建设局",'
            " kind: COUNTY}) { job { id status } errors { field code message } } }",
            org="533100",
        )
        payload = result["data"]["createOrganisation"]
        assert payload["errors"] == [], result
        assert payload["job"]["status"] == "PENDING", result
        # on_commit hooks run at the end of the (test) transaction: run them now.
        from django.db import connection as conn

        for _, hook, _ in list(conn.run_on_commit):
            hook()
        job = client.post(
            "query($id: ID!) { job(id: $id) { status progress message } }",
            {"id": payload["job"]["id"]},
            org="533100",
        )["data"]["job"]
        assert job["status"] == "SUCCEEDED", job
        assert Organisation.objects.get(code="533128").parent.code == "533100"
    finally:
        app.conf.task_always_eager = False


def test_duplicate_code_through_graphql_is_a_field_error(as_user) -> None:  # type: ignore[no-untyped-def]
    result = as_user("dehong.admin").post(
        'mutation { createOrganisation(input:{code:"533102", name:"重复", kind: COUNTY})'
        " { job { id } errors { field code message } } }",
        org="533100",
    )
    payload = result["data"]["createOrganisation"]
    assert payload["job"] is None
    assert payload["errors"][0]["field"] == "code"
    assert "已存在" in payload["errors"][0]["message"]
