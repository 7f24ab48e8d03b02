"""Which requests may read the replica: anonymous, query-only GraphQL; nothing else."""

import json
from typing import Any

import pytest
from django.test import RequestFactory

from suiji_platform import dbrouter

rf = RequestFactory()


def post(query: str) -> Any:
    return rf.post("/graphql/", data=json.dumps({"query": query}), content_type="application/json")


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        (post("{ publicOrganisations { code } }"), True),
        (post('query Portal { publicDraws(organisationCode: "533103") { reference } }'), True),
        (post('mutation { login(username: "a", password: "b") { me { username } } }'), False),
        (post("query A { me { username } } mutation B { logout { ok } }"), False),
        (post("{ broken"), False),
        (post(""), False),
        (rf.get("/graphql/", {"query": "{ publicOrganisations { code } }"}), True),
        (rf.post("/graphql/", data={"query": "{ me { username } }"}), False),
    ],
)
def test_only_query_only_graphql_counts(request_: Any, expected: bool) -> None:
    assert dbrouter._is_query_only(request_) is expected


def test_reads_go_to_the_replica_only_inside_portal_reads(monkeypatch: Any) -> None:
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    calls: list[int] = []

    def usable() -> bool:
        calls.append(1)
        return True

    monkeypatch.setattr(dbrouter, "replica_usable", usable)
    assert dbrouter.serving_db() == "primary"
    with dbrouter.portal_reads():
        assert dbrouter.serving_db() == "replica"
        assert dbrouter.serving_db() == "replica"
    assert dbrouter.serving_db() == "primary"
    # The replica is checked once per portal request, not once per query.
    assert len(calls) == 1
    assert dbrouter.ReplicaRouter().db_for_write(object()) == "default"
    assert dbrouter.ReplicaRouter().allow_migrate("replica", "registries") is False


def test_a_replica_that_is_not_usable_means_the_primary(monkeypatch: Any) -> None:
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    monkeypatch.setattr(dbrouter, "replica_usable", lambda: False)
    with dbrouter.portal_reads():
        assert dbrouter.serving_db() == "primary"
        assert dbrouter.ReplicaRouter().db_for_read(object()) is None


def test_lag_over_the_limit_falls_back_and_logs(
    monkeypatch: Any, caplog: Any, settings: Any
) -> None:
    settings.REPLICA_MAX_LAG_SECONDS = 5

    class Cursor:
        def __enter__(self) -> "Cursor":
            return self

        def __exit__(self, *exc: Any) -> None:
            return None

        def execute(self, sql: str) -> None:
            return None

        def fetchone(self) -> tuple[bool, float]:
            return (True, 42.0)

    class Conn:
        def cursor(self) -> Cursor:
            return Cursor()

    monkeypatch.setattr(dbrouter, "connections", {dbrouter.REPLICA: Conn()})
    dbrouter._state.last_ok = None
    dbrouter._state.down_until = 0.0
    with caplog.at_level("WARNING", logger="suiji.replica"):
        assert dbrouter.replica_usable() is False
    assert "replica lags 42.0 s > 5" in caplog.text
