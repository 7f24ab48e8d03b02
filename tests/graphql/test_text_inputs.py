"""NUL or a lone surrogate in any text argument — every String and ID argument and input field
of the committed schema, at any depth — answers a bad-input error naming that argument path,
never INTERNAL_ERROR, whichever field or mutation it goes to."""

from typing import Any

import pytest

from tests.conftest import GraphQLClient

from .sdl import operations, text_paths

pytestmark = pytest.mark.django_db

IDS = {"Draw": "RHJhdzox"}


def all_paths() -> list[tuple[Any, str]]:
    found = []
    for operation in operations():
        for arg_name, arg in operation.field.args.items():
            for path in text_paths(arg.type, arg_name):
                found.append((operation, path))
    return found


def test_the_walk_finds_the_free_text_arguments() -> None:
    paths = {f"{op.name}:{path}" for op, path in all_paths()}
    assert len(paths) > 60
    assert "createMarketEntity:input.name" in paths
    assert "login:username" in paths


@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800b", "\udfff"], ids=["NUL", "high", "low"])
def test_every_text_argument_refuses_nul_and_lone_surrogates(bad: str) -> None:
    client = GraphQLClient()
    for operation, path in all_paths():
        for org in (None, "533103"):
            query, variables = operation.document(IDS, override=(path, bad))
            result = client.post(query, variables, org=org)
            errors = result.get("errors") or []
            assert errors, (operation.name, path, result)
            assert errors[0]["extensions"] == {"code": "BAD_INPUT", "field": path}, (
                operation.name,
                path,
                result,
            )
