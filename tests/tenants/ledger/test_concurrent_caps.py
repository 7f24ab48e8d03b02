"""Draws executed at the same moment in separate OS processes never together push an entity
over its visit cap, nor inspect it twice for one item (R6, R19): the execution locks the drawn
entities in the public schema and re-checks the ledger (suiji_platform.ledger.reservations).

Three committed draws of one county, cap 2: A (item ZJ-001, 25 %), B (ZJ-002, 100 %) and
C (ZJ-001, 50 %). A and C share the item and (almost surely) entities; B takes every entity.
Whatever order the processes get the lock in, B and exactly one of A and C execute; the other
is refused with a message naming the entities, and writes nothing.

The setup is committed outside the test transaction (other processes must see it) in a
temporary organisation that is dropped afterwards.
"""

from typing import Any

import pytest
from django_tenants.utils import schema_context

from suiji_platform.accounts.access import Access
from suiji_platform.accounts.models import Role, User
from suiji_platform.ledger.models import LedgerEntry
from suiji_platform.organisations.services import create_organisation
from suiji_tenants.draws import services
from suiji_tenants.draws.models import Draw, DrawStatus

from ..concurrent_execution import execute_at_once, remove_organisation
from .factories import county_with_tasks

CODE = "533195"


def _remove() -> None:
    remove_organisation(CODE)


@pytest.fixture
def three_draws(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        _remove()
        org = create_organisation(
            code=CODE, name="并发上限测试县", kind="county", parent_code="533100"
        )
        staff = User.objects.get(username="mangshi.staff")
        with schema_context(org.schema_name):
            tasks = county_with_tasks(
                org,
                tasks=((("ZJ-001",), 2500), (("ZJ-002",), 10000), (("ZJ-001",), 5000)),
                access=Access(org, frozenset({Role.COUNTY_ADMIN}), read_only=False),
            )
            draws = []
            for task in tasks:
                draw = services.create_draw(
                    task, 1, visit_cap=2, organisation=org, acting_user=staff
                )
                draws.append(services.commit_draw(draw, organisation=org, acting_user=staff))
        try:
            yield org, draws
        finally:
            _remove()


def test_concurrent_executions_respect_cap_and_items(
    three_draws: Any, django_db_blocker: Any
) -> None:
    org, (a, b, c) = three_draws
    outputs = dict(zip((a.pk, b.pk, c.pk), execute_at_once(CODE, [a.pk, b.pk, c.pk]), strict=True))
    assert outputs[b.pk].startswith("OK"), outputs
    ok = [pk for pk, out in outputs.items() if out.startswith("OK")]
    refused = [out for out in outputs.values() if out.startswith("ERR")]
    assert len(ok) == 2 and len(refused) == 1, outputs
    assert " ledger_conflict " in refused[0] and "ZJ-001" in refused[0]
    with django_db_blocker.unblock():
        rows = list(
            LedgerEntry.objects.filter(organisation=org, voided=False).values_list(
                "entity_code", "item_code", "visit_key"
            )
        )
        visits: dict[str, set[str]] = {}
        for code, _, key in rows:
            visits.setdefault(code, set()).add(key)
        assert max(len(v) for v in visits.values()) == 2
        assert len({(code, item) for code, item, _ in rows}) == len(rows)
        with schema_context(org.schema_name):
            statuses = dict(Draw.objects.values_list("pk", "status"))
        assert sorted(statuses.values()) == sorted(
            [DrawStatus.EXECUTED, DrawStatus.EXECUTED, DrawStatus.COMMITTED]
        )
