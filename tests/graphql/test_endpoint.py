"""Bad requests get GraphQL errors, never a 500 or a traceback; the committed SDL matches."""

import json
from pathlib import Path

import pytest
from django.test import Client

from graphql import print_schema
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]


def test_committed_sdl_matches_the_schema() -> None:
    from suiji_api.schema import schema

    committed = (REPO / "schema.graphql").read_text(encoding="utf-8").strip()
    assert committed == print_schema(schema.graphql_schema).strip(), (
        "schema.graphql is stale: run `make schema`"
    )


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        json.dumps({"query": "{ me { username "}),
        json.dumps({"query": "{ me { nosuchfield } }"}),
        json.dumps({"query": "{ nosuchroot }"}),
        json.dumps({"query": ""}),
        json.dumps({"query": "{ me { username } }", "variables": "[1,2"}),
        json.dumps([1, 2, 3]),
    ],
)
def test_malformed_requests_get_a_graphql_error(body: str) -> None:
    response = Client().post("/graphql/", data=body, content_type="application/json")
    assert response.status_code == 400
    payload = json.loads(response.content)
    assert payload["errors"][0]["message"]
    assert "Traceback" not in response.content.decode()


def test_too_deep_queries_are_refused(gql: GraphQLClient) -> None:
    nested = "parent { " * 12 + "code" + " }" * 12
    result = gql.post("{ publicOrganisations { " + nested + " } }")
    assert "maximum operation depth" in result["errors"][0]["message"]


def test_introspection_is_closed_to_anonymous_users_in_production(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True
    client = GraphQLClient()
    result = client.post("{ __schema { types { name } } }")
    assert "introspection" in result["errors"][0]["message"].lower()
    client.login("mangshi.admin")
    assert "errors" not in client.post("{ __schema { queryType { name } } }")


def test_graphiql_is_not_served_in_production_settings(settings) -> None:  # type: ignore[no-untyped-def]
    from suiji_platform import urls_public

    # GraphiQL is switched on only when GRAPHIQL_ENABLED (development) at start-up.
    view = urls_public.urlpatterns[0].callback
    assert view.view_initkwargs["graphiql"] is settings.GRAPHIQL_ENABLED
    response = Client().get("/graphql/", HTTP_ACCEPT="text/html")
    if not settings.GRAPHIQL_ENABLED:
        assert b"graphiql" not in response.content.lower()


def test_internal_errors_do_not_leak_details(as_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from suiji_api.accounts import schema as accounts_schema

    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret database detail")

    monkeypatch.setattr(accounts_schema.User.objects, "filter", explode)
    result = as_user("mangshi.admin").post("{ members { username } }", org="533103")
    assert result["errors"][0]["extensions"]["code"] == "INTERNAL_ERROR"
    assert "secret database detail" not in json.dumps(result)
