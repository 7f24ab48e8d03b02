"""One permission model: accounts/access.py decides, the API exposes it per organisation, and
the services (plan statuses, personal data) ask it. Security events land in the audit trail."""

from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import schema_context

from suiji_platform.accounts.access import (
    PERMISSION_LABELS,
    ROLE_PERMISSIONS,
    Permission,
    access_to,
)
from suiji_platform.accounts.models import Role, User
from suiji_platform.organisations.models import Organisation
from suiji_tenants.audit.models import AuditRecord
from tests.conftest import error_codes

pytestmark = pytest.mark.django_db

PERMISSIONS = "{ me { organisations { organisation { code } readOnly permissions } } }"


def permissions_of(as_user: Any, username: str) -> dict[str, set[str]]:
    me = as_user(username).post(PERMISSIONS)["data"]["me"]
    return {a["organisation"]["code"]: set(a["permissions"]) for a in me["organisations"]}


def test_every_permission_has_a_label_and_every_role_its_permissions() -> None:
    assert set(PERMISSION_LABELS) == set(Permission)
    assert set(ROLE_PERMISSIONS) == set(Role.values)


def test_the_api_exposes_what_access_py_decides(as_user: Any) -> None:
    for username in ("mangshi.inspector", "mangshi.partner", "mangshi.staff", "dehong.admin"):
        user = User.objects.get(username=username)
        for code, granted in permissions_of(as_user, username).items():
            access = access_to(user, Organisation.objects.get(code=code))
            assert access is not None
            assert granted == {p.name for p in access.permissions}, (username, code)


def test_inspectors_and_partners_may_not_run_draws_and_staff_may_not_read_the_audit_log(
    as_user: Any,
) -> None:
    assert "RUN_DRAWS" not in permissions_of(as_user, "mangshi.inspector")["533103"]
    assert "RUN_DRAWS" not in permissions_of(as_user, "mangshi.partner")["533103"]
    assert "RUN_DRAWS" in permissions_of(as_user, "mangshi.staff")["533103"]
    assert "READ_AUDIT" not in permissions_of(as_user, "mangshi.staff")["533103"]
    # …and the server agrees with what it told the web app.
    staff = as_user("mangshi.staff").post("{ auditRecords(first: 1) { totalCount } }", org="533103")
    assert error_codes(staff) == ["PERMISSION_DENIED"]


def test_oversight_is_read_only_and_prefecture_permissions_stay_at_the_prefecture(
    as_user: Any,
) -> None:
    prefecture_admin = permissions_of(as_user, "dehong.admin")
    assert "OVERSEE_SUBORDINATES" in prefecture_admin["533100"]
    assert prefecture_admin["533103"] == {
        "READ_ORGANISATION",
        "READ_AUDIT",
        "READ_INSPECTIONS",
        "READ_BURDEN",
    }
    assert "OVERSEE_SUBORDINATES" not in permissions_of(as_user, "mangshi.admin")["533103"]
    assert "MANAGE_CALENDAR" not in permissions_of(as_user, "mangshi.admin")["533103"]


STATUSES = "{ planStatuses { organisationCode } overduePlans { organisationCode } }"


@pytest.mark.parametrize(
    ("username", "sees_counties"),
    [
        ("dehong.admin", True),
        ("dehong.staff", True),
        ("dehong.auditor", True),
        ("dehong.inspector", False),
        ("dehong.partner", False),
    ],
)
def test_county_plan_statuses_need_the_oversight_permission(
    as_user: Any, username: str, sees_counties: bool
) -> None:
    from suiji_platform.plan_index.models import PlanStatusIndex

    county = Organisation.objects.get(code="533102")
    PlanStatusIndex.objects.update_or_create(
        organisation=county,
        year=2026,
        defaults={"status": "draft", "overdue": True, "draft_due": date(2025, 12, 31)},
    )
    result = as_user(username).post(STATUSES, org="533100")["data"]
    codes = {r["organisationCode"] for r in result["planStatuses"]}
    overdue = {r["organisationCode"] for r in result["overduePlans"]}
    assert ("533102" in codes) is sees_counties
    assert ("533102" in overdue) is sees_counties
    assert codes <= (
        {"533100", "533102", "533103", "533122", "533123", "533124"}
        if sees_counties
        else {"533100"}
    )


# --- personal data: masked, revealed one at a time, audited ---------------------------------------

INSPECTORS = "{ inspectors(first: 1) { edges { node { id name idNumber contactPhone } } } }"
REVEAL = """mutation($id:ID!,$f:PersonalDataField!){ revealPersonalData(id:$id, field:$f)
  { value errors { field code message } } }"""


def _an_inspector(as_user: Any) -> dict[str, Any]:
    from tests.graphql.registries.test_registries_api import create_inspector

    assert create_inspector(as_user("mangshi.admin"))["errors"] == []
    return as_user("mangshi.admin").post(INSPECTORS, org="533103")["data"]["inspectors"]["edges"][
        0
    ]["node"]


def test_a_county_admin_reveals_one_value_and_the_viewing_is_recorded(as_user: Any) -> None:
    node = _an_inspector(as_user)
    assert "*" in node["idNumber"]
    admin = as_user("mangshi.admin")
    result = admin.post(REVEAL, {"id": node["id"], "f": "ID_NUMBER"}, org="533103")
    value = result["data"]["revealPersonalData"]["value"]
    assert result["data"]["revealPersonalData"]["errors"] == []
    assert len(value) == 18 and "*" not in value
    assert value == "533103198805120024"
    with schema_context("org_533103"):
        record = AuditRecord.objects.order_by("-seq").first()
    assert record is not None
    assert (record.operation, record.actor, record.object_type) == (
        "personal_data.reveal",
        "mangshi.admin",
        "Inspector",
    )
    assert record.after["field"] == "id_number"
    assert value not in str(record.after)


@pytest.mark.parametrize("username", ["mangshi.staff", "mangshi.inspector", "dehong.admin"])
def test_others_cannot_reveal_and_the_denial_is_recorded(as_user: Any, username: str) -> None:
    # Denials are recorded at most so many per user and minute: start from a fresh budget
    # (earlier tests in the same minute may have spent it).
    cache.clear()
    node = _an_inspector(as_user)
    with schema_context("org_533103"):
        before = AuditRecord.objects.count()
    with schema_context("public"):
        before_public = AuditRecord.objects.count()
    result = as_user(username).post(REVEAL, {"id": node["id"], "f": "ID_NUMBER"}, org="533103")
    assert error_codes(result) == ["PERMISSION_DENIED"]
    assert (result["data"] or {}).get("revealPersonalData") is None
    # The organisation's own log is untouched; the platform's security log names the denial.
    with schema_context("org_533103"):
        assert AuditRecord.objects.count() == before
    with schema_context("public"):
        new = list(AuditRecord.objects.order_by("seq")[before_public:])
    assert [r.operation for r in new] == ["security.permission_denied"]
    assert (new[0].actor, new[0].organisation_code) == (username, "533103")


def test_the_excel_export_is_recorded(as_user: Any) -> None:
    client = as_user("mangshi.staff")
    response = client.client.get("/o/533103/registries/export/inspectors.xlsx")
    assert response.status_code == 200
    with schema_context("org_533103"):
        record = AuditRecord.objects.order_by("-seq").first()
    assert record is not None and record.operation == "registry.export"
    assert record.actor == "mangshi.staff" and record.after["clear"] is False


# --- audit records cannot be changed or deleted ---------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM audit_auditrecord",
        "UPDATE audit_auditrecord SET operation = 'x'",
        "TRUNCATE audit_auditrecord",
    ],
)
@pytest.mark.parametrize("schema", ["public", "org_533103"])
def test_the_database_refuses_to_change_or_delete_audit_records(
    schema: str, statement: str
) -> None:
    from django.db import DatabaseError, transaction

    from suiji_tenants.audit.services import record_audit

    with schema_context(schema):
        record_audit("probe.write", object_type="Probe")
        with (
            pytest.raises(DatabaseError, match="只能追加"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
        assert AuditRecord.objects.filter(operation="probe.write").exists()


def test_a_new_organisation_s_audit_log_is_protected_too() -> None:
    from suiji_platform.organisations.services import create_organisation
    from suiji_tenants.audit.immutability import protected

    organisation = create_organisation(
        code="533199", name="测试新县住房和城乡建设局", kind="county", parent_code="533100"
    )
    assert protected(organisation.schema_name)
    assert protected("public") and protected("org_533103")


def test_the_application_offers_no_way_to_delete_audit_records() -> None:
    from suiji_api.schema import schema

    mutations = schema.graphql_schema.mutation_type
    assert mutations is not None
    assert not [
        name for name in mutations.fields if "audit" in name.lower() and "delete" in name.lower()
    ]
    import django.conf

    assert "django.contrib.admin" not in django.conf.settings.INSTALLED_APPS
