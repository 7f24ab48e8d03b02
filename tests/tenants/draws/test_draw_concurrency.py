"""A draw executes once: several processes executing the same committed draw at the same
moment give exactly one result and a clear error for the others (R20).

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
from suiji_tenants.draws.models import Draw, DrawStatus, DrawTarget, DrawTeam

from ..concurrent_execution import execute_at_once, remove_organisation
from .factories import setup_county

CODE = "533196"
WORKERS = 4


def _remove() -> None:
    remove_organisation(CODE)


@pytest.fixture
def committed_draw(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        _remove()
        org = create_organisation(code=CODE, name="并发测试县", kind="county", parent_code="533100")
        staff = User.objects.get(username="mangshi.staff")
        with schema_context(org.schema_name):
            task = setup_county(
                org, access=Access(org, frozenset({Role.COUNTY_ADMIN}), read_only=False)
            )
            draw = services.create_draw(task, 1, organisation=org, acting_user=staff)
            services.commit_draw(draw, organisation=org, acting_user=staff)
        try:
            yield org, draw
        finally:
            _remove()


def test_concurrent_executions_give_one_result(committed_draw: Any, django_db_blocker: Any) -> None:
    org, draw = committed_draw
    outputs = execute_at_once(CODE, [draw.pk] * WORKERS)
    assert sorted(o.split(" ")[0] for o in outputs) == ["ERR"] * (WORKERS - 1) + ["OK"]
    errors = [o for o in outputs if o.startswith("ERR")]
    assert all(o.startswith("ERR already_executed 该抽取当前状态为“已抽取”") for o in errors), (
        errors
    )
    with django_db_blocker.unblock(), schema_context(org.schema_name):
        done = Draw.objects.get(pk=draw.pk)
        assert done.status == DrawStatus.EXECUTED
        assert DrawTarget.objects.filter(draw=done).count() == done.target_count == 12
        assert DrawTeam.objects.filter(draw=done).count() == done.team_count
        assert LedgerEntry.objects.filter(draw_reference=f"{CODE}:{done.reference}").count() == 12
