"""Property-based fuzzing of the GraphQL layer from the committed SDL (hypothesis-graphql):
valid and invalid queries and mutations, anonymous and signed in, on an organisation's
endpoint. Bounded for CI (examples and a deadline). Whatever comes in: no 500, no traceback,
every error named by a code, never INTERNAL_ERROR."""

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, queries

from graphql import print_ast

from .sdl import committed_schema

pytestmark = pytest.mark.django_db

SCALARS = {
    "Date": st.dates().map(lambda d: print_ast_string(d.isoformat())),
    "DateTime": st.datetimes().map(lambda d: print_ast_string(d.isoformat() + "+08:00")),
    "JSONString": st.sampled_from(["{}", "[]", "1", "{"]).map(lambda s: print_ast_string(s)),
    "Decimal": st.integers(-10, 10).map(lambda i: print_ast_string(str(i))),
}


def print_ast_string(value: str) -> Any:
    from graphql import StringValueNode

    return StringValueNode(value=value)


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


def check(client: Client, query: str, org: str) -> None:
    response = client.post(
        f"/o/{org}/graphql/", data=json.dumps({"query": query}), content_type="application/json"
    )
    text = response.content.decode("utf-8")
    assert response.status_code in (200, 400), (response.status_code, query, text[:500])
    assert "Traceback" not in text
    for error in json.loads(text).get("errors", []):
        code = error.get("extensions", {}).get("code")
        assert code and code != "INTERNAL_ERROR", (query, error)


def strategy(mode: Mode) -> Any:
    schema = committed_schema()
    return st.one_of(
        queries(schema, custom_scalars=SCALARS, mode=mode, print_ast=print_ast),
        mutations(schema, custom_scalars=SCALARS, mode=mode, print_ast=print_ast),
    )


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="mangshi.admin"))
    return client


@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE], ids=["valid", "invalid"])
def test_fuzzed_operations_as_an_admin(admin_client: Client, mode: Mode) -> None:
    @FUZZ
    @given(query=strategy(mode))
    def run(query: str) -> None:
        check(admin_client, query, "533103")

    run()


def test_fuzzed_operations_anonymously() -> None:
    client = Client()

    @FUZZ
    @given(query=strategy(Mode.POSITIVE))
    def run(query: str) -> None:
        check(client, query, "533102")

    run()
