"""Typed access to django-tenants' connection methods (the stubs do not know them)."""

from typing import Any

from django.db import connection


def use_public_schema() -> None:
    connection.set_schema_to_public()  # type: ignore[attr-defined]


def use_tenant(organisation: Any) -> None:
    connection.set_tenant(organisation)  # type: ignore[attr-defined]


def current_schema() -> str:
    return str(connection.schema_name)  # type: ignore[attr-defined]
