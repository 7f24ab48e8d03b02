"""Shared fixtures: one test database with the demo organisations, created once per session.

Organisation schemas are real PostgreSQL schemas; most tests run inside a transaction that is
rolled back, so organisations created in a test (and their schemas) disappear afterwards.
"""

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from suiji_platform.demo import ensure_demo_accounts, ensure_demo_organisations

    with django_db_blocker.unblock():
        call_command("setup", verbosity=0)
        ensure_demo_organisations()
        ensure_demo_accounts()
        connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _public_schema(request: Any) -> Any:
    yield
    if "django_db_setup" in request.fixturenames or "db" in request.fixturenames:
        connection.set_schema_to_public()


DEMO_PASSWORD = "suiji-demo-2026"


class GraphQLClient:
    """Posts GraphQL the way the web app does: to /graphql/ or /o/<code>/graphql/."""

    def __init__(self, enforce_csrf: bool = False) -> None:
        self.client = Client(
            enforce_csrf_checks=enforce_csrf,
            REMOTE_ADDR=f"10.0.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}",
        )

    def url(self, org: str | None) -> str:
        return f"/o/{org}/graphql/" if org else "/graphql/"

    def post(
        self, query: str, variables: dict | None = None, org: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        response = self.client.post(
            self.url(org),
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **extra,
        )
        assert response.status_code in (200, 400), response.content[:500]
        return json.loads(response.content)

    def login(self, username: str, password: str = DEMO_PASSWORD) -> dict[str, Any]:
        return self.post(
            "mutation($u:String!,$p:String!){ login(username:$u,password:$p){"
            " me { username } errors { field code message } } }",
            {"u": username, "p": password},
        )


@pytest.fixture
def gql(db: Any) -> GraphQLClient:
    return GraphQLClient()


@pytest.fixture
def as_user(db: Any) -> Callable[[str], GraphQLClient]:
    def make(username: str) -> GraphQLClient:
        client = GraphQLClient()
        client.client.force_login(
            __import__("suiji_platform.accounts.models", fromlist=["User"]).User.objects.get(
                username=username
            )
        )
        return client

    return make


def error_codes(result: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code", "") for e in result.get("errors", [])]
