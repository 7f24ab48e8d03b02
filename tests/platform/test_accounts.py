"""Login, logout and `me` through GraphQL with a session cookie, CSRF and throttling."""

import json

import pytest
from django.test import Client

from tests.conftest import GraphQLClient

pytestmark = pytest.mark.django_db

ME = "{ me { username displayName organisations { organisation { code } roles readOnly } } }"


def test_login_sets_a_session_and_me_lists_the_organisations(gql: GraphQLClient) -> None:
    result = gql.login("multi.admin")
    assert result["data"]["login"]["errors"] == []
    me = gql.post(ME)["data"]["me"]
    assert me["username"] == "multi.admin"
    assert {
        (a["organisation"]["code"], tuple(a["roles"]), a["readOnly"]) for a in me["organisations"]
    } == {
        ("533103", ("COUNTY_ADMIN",), False),
        ("533102", ("COUNTY_ADMIN",), False),
    }


def test_prefecture_admin_sees_the_counties_read_only(gql: GraphQLClient) -> None:
    gql.login("dehong.admin")
    access = {a["organisation"]["code"]: a for a in gql.post(ME)["data"]["me"]["organisations"]}
    assert access["533100"]["readOnly"] is False
    for county in ("533103", "533102", "533122", "533123", "533124"):
        assert access[county]["readOnly"] is True


def test_wrong_password_and_unknown_user_get_the_same_generic_message(gql: GraphQLClient) -> None:
    wrong_password = gql.login("mangshi.admin", "not-the-password")["data"]["login"]
    unknown_user = gql.login("nobody.here", "whatever")["data"]["login"]
    assert wrong_password["me"] is None
    assert wrong_password["errors"][0]["message"] == unknown_user["errors"][0]["message"]
    assert "用户名或密码错误" in wrong_password["errors"][0]["message"]
    assert gql.post(ME)["data"]["me"] is None


def test_failed_logins_stay_in_the_audit_trail(gql: GraphQLClient) -> None:
    from suiji_tenants.audit.models import AuditRecord

    gql.login("lianghe.admin", "wrong-password")
    record = AuditRecord.objects.order_by("-seq").first()
    assert record is not None
    assert (record.operation, record.object_id) == ("account.login_failed", "lianghe.admin")
    assert "wrong-password" not in json.dumps([record.before, record.after])


def test_logout_ends_the_session(gql: GraphQLClient) -> None:
    gql.login("mangshi.admin")
    result = gql.post("mutation { logout { ok errors { message } } }")
    assert result["data"]["logout"]["ok"] is True
    assert gql.post(ME)["data"]["me"] is None


def test_mutations_need_the_csrf_token_which_rotates_at_login() -> None:
    client = Client(enforce_csrf_checks=True)
    query = json.dumps(
        {
            "query": 'mutation { login(username:"mangshi.admin", password:"suiji-demo-2026") { errors { message } } }'
        }
    )
    refused = client.post("/graphql/", data=query, content_type="application/json")
    assert refused.status_code == 403
    assert json.loads(refused.content)["errors"][0]["extensions"]["code"] == "CSRF_FAILED"

    client.get("/login")
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        "/graphql/", data=query, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 200
    assert json.loads(accepted.content)["data"]["login"]["errors"] == []
    assert client.cookies["csrftoken"].value != token


def test_passwords_are_hashed_with_argon2() -> None:
    from suiji_platform.accounts.models import User

    assert User.objects.get(username="mangshi.admin").password.startswith("argon2")


def test_county_admin_adds_a_member_and_grants_roles(gql: GraphQLClient) -> None:
    gql.login("mangshi.admin")
    added = gql.post(
        'mutation { addMember(username:"mangshi.new", displayName:"新同事", password:"Str0ng-pass-2026",'
        " role: SECTION_STAFF) { member { username roles } errors { field code message } } }",
        org="533103",
    )["data"]["addMember"]
    assert added["errors"] == []
    assert added["member"] == {"username": "mangshi.new", "roles": ["SECTION_STAFF"]}

    refused = gql.post(
        'mutation { grantRole(username:"mangshi.new", role: PREFECTURE_ADMIN) { errors { field code message } } }',
        org="533103",
    )["data"]["grantRole"]
    assert refused["errors"][0]["field"] == "role"
    assert refused["errors"][0]["code"] == "not_grantable"


def test_weak_password_is_rejected_naming_the_field(gql: GraphQLClient) -> None:
    gql.login("mangshi.admin")
    result = gql.post(
        'mutation { addMember(username:"mangshi.weak", displayName:"x", password:"123",'
        " role: INSPECTOR) { member { username } errors { field code message } } }",
        org="533103",
    )["data"]["addMember"]
    assert result["member"] is None
    assert result["errors"][0]["field"] == "password"
    from suiji_platform.accounts.models import User

    assert not User.objects.filter(username="mangshi.weak").exists()
