"""Organisation routing by URL path: /o/<code>/ selects the schema; unknown codes are 404."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/o/999999/graphql/", "/o/abc/graphql/", "/o/5331031/graphql"])
def test_unknown_organisation_api_is_404_not_500(path: str) -> None:
    response = Client().post(path, data="{}", content_type="application/json")
    assert response.status_code == 404
    assert "未找到组织机构" in response.content.decode()


@pytest.mark.parametrize("path", ["/o/999999/", "/o/abc/registries", "/o/000000/x"])
def test_unknown_organisation_page_is_the_web_app_with_status_404(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_organisation_page_routes_serve_the_web_app_with_a_csrf_cookie() -> None:
    client = Client()
    response = client.get("/o/533103/registries")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "csrftoken" in response.cookies


def test_graphql_without_trailing_slash_keeps_the_post_body() -> None:
    response = Client().post("/o/533103/graphql", data="{}", content_type="application/json")
    assert response.status_code == 308
    assert response["Location"] == "/o/533103/graphql/"


def test_tenant_request_runs_in_the_organisation_schema(gql) -> None:  # type: ignore[no-untyped-def]
    client = gql
    client.login("mangshi.admin")
    result = client.post("{ currentOrganisation { code name kind parent { code } } }", org="533103")
    assert result["data"]["currentOrganisation"] == {
        "code": "533103",
        "name": "芒市住房和城乡建设局",
        "kind": "COUNTY",
        "parent": {"code": "533100"},
    }


def test_public_endpoint_has_no_current_organisation(gql) -> None:  # type: ignore[no-untyped-def]
    result = gql.post("{ currentOrganisation { code } publicOrganisations { code } }")
    assert result["data"]["currentOrganisation"] is None
    codes = [o["code"] for o in result["data"]["publicOrganisations"]]
    assert set(codes) >= {"533100", "533103", "533102", "533122", "533123", "533124"}
