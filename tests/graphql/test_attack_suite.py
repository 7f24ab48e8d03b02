"""The attack suite, generated from the committed SDL: every query and every mutation of
schema.graphql, called by every demo role (and anonymously) on the victim county's endpoint, on
the caller's own endpoint and on the platform endpoint, with the victim's IDs.

It asserts, for each call:
- the answer is JSON with data or named errors (never INTERNAL_ERROR, never a traceback);
- no victim data reaches anyone without access to the victim (marker texts, ID numbers, phones);
- no ID number or phone in clear reaches a role that may not see personal data in clear;
- a mutation by a role that may not write in the victim county leaves the victim's audit chain
  (length and head) exactly as it was.

A new operation in schema.graphql is attacked without anyone writing a test for it.
"""

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from suiji_platform.accounts.access import Permission
from suiji_tenants.registries.visibility import personal_data_visible
from tests.conftest import GraphQLClient

from .sdl import Operation, operations
from .world import (
    ATTACKER,
    ID_NUMBER,
    MARKER,
    PHONE,
    PREFECTURE,
    USERS,
    VICTIM,
    access_of,
    audit_state,
    build_victim,
)

pytestmark = pytest.mark.django_db

WRITE_PERMISSIONS = frozenset(Permission) - {
    Permission.READ_ORGANISATION,
    Permission.READ_AUDIT,
    Permission.READ_INSPECTIONS,
    Permission.READ_BURDEN,
}

# Faults that belong to other bullets of the issue (fixed elsewhere); each stays visible here.
KNOWN = {
    ("login", VICTIM): "issue #10 Security: login attempts are written into the organisation's log",
    ("logout", VICTIM): "issue #10 Security: login events are written into the organisation's log",
}


def client_for(username: str | None) -> GraphQLClient:
    client = GraphQLClient()
    if username:
        client.client.force_login(get_user_model().objects.get(username=username))
    return client


def home_of(username: str | None) -> str | None:
    if username is None:
        return None
    return {"dehong": PREFECTURE, "mangshi": ATTACKER, "ruili": VICTIM}[username.split(".")[0]]


# Everyone attacks the victim's endpoint; one user per organisation (and anonymous visitors)
# also replays the victim's IDs on their own endpoint and on the platform's (time: ~2 minutes).
ROAMING = {None, "mangshi.admin", "dehong.admin", "ruili.admin"}


def endpoints(username: str | None) -> list[str | None]:
    if username not in ROAMING:
        return [VICTIM]
    return list(dict.fromkeys([VICTIM, home_of(username), None]))


def call(client: GraphQLClient, operation: Operation, ids: dict[str, str], org: str | None) -> Any:
    query, variables = operation.document(ids)
    response = client.client.post(
        client.url(org),
        data=json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
    )
    text = response.content.decode("utf-8")
    assert response.status_code in (200, 400), (operation.name, org, response.status_code, text)
    assert "Traceback" not in text
    result = json.loads(text)
    for error in result.get("errors", []):
        code = error.get("extensions", {}).get("code")
        assert code and code != "INTERNAL_ERROR", (operation.name, org, error)
    return text


@pytest.fixture
def victim() -> dict[str, Any]:
    return build_victim()


def reads_victim(username: str | None) -> bool:
    access = access_of(username, VICTIM)
    return access is not None and access.allows(Permission.READ_ORGANISATION)


def sees_personal_data(username: str | None) -> bool:
    return personal_data_visible(access_of(username, VICTIM))


def writes_victim(username: str | None) -> bool:
    access = access_of(username, VICTIM)
    return access is not None and bool(access.permissions & WRITE_PERMISSIONS)


def test_every_query_for_every_role_on_every_endpoint(victim: dict[str, Any]) -> None:
    queries = [op for op in operations() if op.kind == "query"]
    assert len(queries) > 20
    seen_by_owner = 0
    for username in USERS:
        client = client_for(username)
        for org in endpoints(username):
            for operation in queries:
                text = call(client, operation, victim["ids"], org)
                if not reads_victim(username):
                    assert MARKER not in text, (username, org, operation.name, text[:300])
                if not sees_personal_data(username):
                    assert ID_NUMBER not in text and PHONE not in text, (
                        username,
                        org,
                        operation.name,
                        text[:300],
                    )
                if username == "ruili.admin" and org == VICTIM:
                    seen_by_owner += MARKER in text
    # The suite can fail: the victim's own admin does read the marked rows.
    assert seen_by_owner >= 3


def test_every_mutation_by_every_role_without_write_rights_changes_nothing(
    victim: dict[str, Any],
) -> None:
    mutations = [op for op in operations() if op.kind == "mutation"]
    assert len(mutations) > 20
    attackers = [u for u in USERS if not writes_victim(u)]
    assert None in attackers and "mangshi.admin" in attackers and "dehong.admin" in attackers
    known_faults = []
    for username in attackers:
        client = client_for(username)
        for org in endpoints(username):
            for operation in mutations:
                before = audit_state(VICTIM)
                text = call(client, operation, victim["ids"], org)
                assert MARKER not in text, (username, org, operation.name, text[:300])
                assert ID_NUMBER not in text and PHONE not in text, (username, operation.name)
                changed = audit_state(VICTIM) != before
                if (operation.name, org) in KNOWN:
                    known_faults.append((operation.name, org, changed))
                    continue
                assert not changed, (username, org, operation.name, text[:300])
                if operation.name in ("logout", "login"):
                    client = client_for(username)  # the session changed: sign in again
    if any(changed for *_, changed in known_faults):
        pytest.xfail("; ".join(sorted({KNOWN[(n, o)] for n, o, c in known_faults if c})))
