"""The pool as read and frozen: one statement decides every entity's place (pool or the first
exclusion reason that applies), the frozen pool is stored with binary COPY and read back
unchanged, the registry changing after the commit changes nothing, and a record whose frozen
pool was altered is refused rather than served."""

import importlib
import zlib
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from suiji_platform.accounts.models import User
from suiji_platform.ledger.models import LedgerEntry
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.draws import services
from suiji_tenants.draws.models import Draw, DrawSnapshot
from suiji_tenants.draws.pool import BLANK, FrozenSnapshot, freeze, take_snapshot
from suiji_tenants.draws.storage import read_snapshot, write_snapshot
from suiji_tenants.draws.verify import load_record, verify_record
from suiji_tenants.registries.models import EntityStatus, MarketEntity

from .factories import make_entities, setup_county

pytestmark = pytest.mark.django_db

CODE = "533103"


@pytest.fixture
def org() -> Any:
    organisation = Organisation.objects.get(code=CODE)
    with schema_context(organisation.schema_name):
        yield organisation


@pytest.fixture
def staff() -> User:
    return User.objects.get(username="mangshi.staff")


def kw(org: Any, user: Any) -> dict[str, Any]:
    return {"organisation": org, "acting_user": user}


def ledger(org: Any, code: str, **fields: Any) -> None:
    values = {
        "organisation": org,
        "entity_code": code,
        "item_code": "ZJ-001",
        "department": "housing",
        "inspected_on": date(2026, 5, 1),
        "plan_year": 2026,
        "source": "draw",
        "visit_key": f"v:{code}",
        **fields,
    }
    LedgerEntry.objects.create(**values)


def snapshot(**scope: list[str]) -> Any:
    return take_snapshot(plan_year=2026, item_codes=["ZJ-001"], visit_cap=2, scope=scope)


def test_each_entity_gets_its_first_reason_in_one_snapshot(org: Any) -> None:
    make_entities(6, start=0)
    make_entities(2, region="", credit_class="D", start=6)  # blank region
    MarketEntity.objects.filter(uscc="T00000000000000000").update(status=EntityStatus.REVOKED)
    MarketEntity.objects.filter(uscc="T00000000000000001").update(status=EntityStatus.DEREGISTERED)
    # inactive beats targeted; targeted beats inspected; inspected beats the visit cap
    ledger(org, "T00000000000000000", source="targeted", visit_key="t:0")
    ledger(org, "T00000000000000002", source="targeted", visit_key="t:2")
    ledger(org, "T00000000000000002")
    ledger(org, "T00000000000000003")
    ledger(org, "T00000000000000003", item_code="OTHER", visit_key="w:3")
    ledger(org, "T00000000000000004", item_code="OTHER", visit_key="a:4")
    ledger(org, "T00000000000000004", item_code="OTHER", visit_key="b:4")
    ledger(org, "T00000000000000005", item_code="OTHER", visit_key="a:5")  # one visit: stays
    ledger(org, "T00000000000000006", plan_year=2025)  # last year: stays
    ledger(org, "T00000000000000007", voided=True)  # voided: stays
    ledger(org, "T99999999999999999")  # not an entity of this organisation: ignored
    # when
    snap = snapshot()
    # then
    places = {code: (r.reason, r.stratum) for r in snap.rows for code in r.ids}
    assert len(places) == 8
    assert places["T00000000000000000"][0] == "inactive"
    assert places["T00000000000000001"][0] == "inactive"
    assert places["T00000000000000002"][0] == "targeted"
    assert places["T00000000000000003"][0] == "inspected"
    assert places["T00000000000000004"][0] == "visit_cap"
    for code in ("T00000000000000005", "T00000000000000006", "T00000000000000007"):
        assert places[code][0] == ""
    assert places["T00000000000000007"][1] == (BLANK, "建筑业企业", "D")
    for r in snap.rows:
        assert r.ids == sorted(r.ids)
    # a directed scope reads only its entities
    directed = snapshot(credit_class=["D"])
    assert sorted(c for r in directed.rows for c in r.ids) == [
        "T00000000000000006",
        "T00000000000000007",
    ]


def test_the_frozen_pool_is_stored_and_read_back_unchanged(org: Any, staff: User) -> None:
    task = setup_county(org)
    draw = services.create_draw(task, 1, **kw(org, staff))
    assert read_snapshot(draw.pk) is None
    snap = snapshot()
    canonical = snap.canonical(CODE)
    taken_at = timezone.now().replace(microsecond=123456)
    write_snapshot(draw.pk, freeze(snap, canonical), taken_at)
    stored = DrawSnapshot.objects.get(draw=draw)
    assert stored.taken_at == taken_at
    frozen = FrozenSnapshot.loads(read_snapshot(draw.pk) or b"")
    assert frozen.as_snapshot() == snap
    again = frozen.canonical(CODE)
    assert (again.digest, again.exclusions_digest) == (
        canonical.digest,
        canonical.exclusions_digest,
    )


def test_registry_changes_after_the_commit_change_nothing(org: Any, staff: User) -> None:
    task = setup_county(org)
    draw = services.create_draw(task, 1, **kw(org, staff))
    draw = services.commit_draw(draw, **kw(org, staff))
    before = services.draw_preview(draw)
    MarketEntity.objects.filter(uscc="T00000000000000001").update(status=EntityStatus.REVOKED)
    make_entities(5, start=500)
    after = services.draw_preview(draw)
    assert (after.pool_size, after.excluded) == (before.pool_size, before.excluded)
    draw = services.execute_draw(draw, **kw(org, staff))
    record = load_record(services.read_record(draw) or b"")
    assert record["pool_size"] == before.pool_size == 120
    assert verify_record(record).ok


def test_a_record_whose_frozen_pool_was_altered_is_refused(org: Any, staff: User) -> None:
    task = setup_county(org)
    draw = services.create_draw(task, 1, **kw(org, staff))
    services.commit_draw(draw, **kw(org, staff))
    draw = services.execute_draw(draw, **kw(org, staff))
    frozen = FrozenSnapshot.loads(read_snapshot(draw.pk) or b"").as_snapshot()
    first = frozen.rows[0]
    first.ids[0] = "T00000000000009999"  # one id swapped
    DrawSnapshot.objects.filter(draw=draw).delete()
    write_snapshot(draw.pk, freeze(frozen, frozen.canonical(CODE)), timezone.now())
    with pytest.raises(RuntimeError, match="differs from the record"):
        services.read_record(Draw.objects.get(pk=draw.pk))


def test_execution_refuses_an_altered_frozen_pool(org: Any, staff: User) -> None:
    task = setup_county(org)
    draw = services.create_draw(task, 1, **kw(org, staff))
    draw = services.commit_draw(draw, **kw(org, staff))
    frozen = FrozenSnapshot.loads(read_snapshot(draw.pk) or b"").as_snapshot()
    frozen.rows[-1].ids.pop()  # one candidate dropped
    DrawSnapshot.objects.filter(draw=draw).delete()
    write_snapshot(draw.pk, freeze(frozen, frozen.canonical(CODE)), timezone.now())
    with pytest.raises(services.FieldError) as exc:
        services.execute_draw(draw, **kw(org, staff))
    assert exc.value.field == "pool_digest"
    assert Draw.objects.get(pk=draw.pk).status == "committed"


def test_the_migration_converts_a_frozen_pool_of_the_first_format() -> None:
    migration = importlib.import_module("suiji_tenants.draws.migrations.0002_record_body")
    old = zlib.compress(
        "\n".join(
            [
                "\t勐焕街道\t建筑业企业\tB\tT2,T1,T3",
                "inactive\t芒市镇\t建筑业企业\tD\tT9",
            ]
        ).encode()
    )
    frozen = FrozenSnapshot.loads(migration._snapshot_v2(old))
    assert [(r.reason, r.stratum, r.ids) for r in frozen.rows] == [
        ("", ("勐焕街道", "建筑业企业", "B"), ["T1", "T2", "T3"]),
        ("inactive", ("芒市镇", "建筑业企业", "D"), ["T9"]),
    ]
    assert frozen.canonical(CODE).size == 3


def test_a_snapshot_of_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown snapshot format"):
        FrozenSnapshot.loads(b'{"format":"other"}\n')


def test_a_code_the_pool_cannot_carry_is_named(org: Any) -> None:
    make_entities(3, start=0)
    MarketEntity.objects.filter(uscc="T00000000000000001").update(uscc="T0000000000000,001")
    with pytest.raises(FieldError) as exc:
        snapshot()
    assert exc.value.field == "pool" and "T0000000000000,001" in exc.value.message
