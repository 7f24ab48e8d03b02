"""Tenant isolation through the API: no role, no access; oversight reads but never writes."""

import pytest

from tests.conftest import GraphQLClient, error_codes

pytestmark = pytest.mark.django_db

READ = "{ currentOrganisation { code } members { username } auditRecords(first: 5) { totalCount } }"
WRITE = (
    'mutation { grantRole(username:"mangshi.staff", role: INSPECTOR) '
    "{ member { username } errors { field code message } } }"
)


def test_anonymous_visitors_get_an_authentication_error(gql: GraphQLClient) -> None:
    result = gql.post(READ, org="533103")
    assert "UNAUTHENTICATED" in error_codes(result)
    assert result["data"]["currentOrganisation"] is None


@pytest.mark.parametrize("other", ["533102", "533100", "533124"])
def test_county_user_cannot_read_another_county_or_the_prefecture(
    as_user,
    other: str,  # type: ignore[no-untyped-def]
) -> None:
    client = as_user("mangshi.admin")
    result = client.post(READ, org=other)
    assert set(error_codes(result)) == {"PERMISSION_DENIED"}
    assert all(v is None for v in result["data"].values())
    assert "没有任何角色" in result["errors"][0]["message"]


def test_prefecture_admin_reads_a_county_but_cannot_write_there(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("dehong.admin")
    read = client.post("{ currentOrganisation { code } members { username } }", org="533103")
    assert "errors" not in read
    assert read["data"]["currentOrganisation"]["code"] == "533103"
    assert "mangshi.admin" in [m["username"] for m in read["data"]["members"]]

    write = client.post(WRITE, org="533103")
    assert error_codes(write) == ["PERMISSION_DENIED"]
    assert "只读" in write["errors"][0]["message"]
    from suiji_platform.accounts.models import Membership

    assert not Membership.objects.filter(user__username="mangshi.staff", role="inspector").exists()


def test_auditor_reads_county_audit_but_inspector_cannot(as_user) -> None:  # type: ignore[no-untyped-def]
    auditor = as_user("dehong.auditor").post(
        "{ auditRecords(first: 1) { totalCount } }", org="533103"
    )
    assert "errors" not in auditor
    inspector = as_user("mangshi.inspector").post(
        "{ auditRecords(first: 1) { totalCount } }", org="533103"
    )
    assert error_codes(inspector) == ["PERMISSION_DENIED"]


def test_county_admin_cannot_create_organisations(as_user) -> None:  # type: ignore[no-untyped-def]
    result = as_user("mangshi.admin").post(
        'mutation { createOrganisation(input:{code:"533199", name:"测试县", kind: COUNTY}) '
        "{ job { id } errors { message } } }",
        org="533103",
    )
    assert error_codes(result) == ["PERMISSION_DENIED"]


def test_each_organisation_reads_only_its_own_audit_chain(as_user) -> None:  # type: ignore[no-untyped-def]
    from django_tenants.utils import schema_context

    from suiji_tenants.audit.services import record_audit

    with schema_context("org_533102"):
        record_audit("probe.ruili", object_type="Probe", object_id="r")
    mangshi = as_user("mangshi.admin").post(
        '{ auditRecords(first: 50, operation: "probe.ruili") { totalCount } }', org="533103"
    )
    ruili = as_user("ruili.admin").post(
        '{ auditRecords(first: 50, operation: "probe.ruili") { totalCount } }', org="533102"
    )
    assert mangshi["data"]["auditRecords"]["totalCount"] == 0
    assert ruili["data"]["auditRecords"]["totalCount"] == 1
