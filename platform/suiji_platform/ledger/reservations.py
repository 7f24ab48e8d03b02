"""Reservation of visits at execution (R6, R19): two draws executed at the same moment must
not together push an entity over its visit cap, or inspect it twice for one item.

The commit freezes the pool with the ledger of that moment, and a committed draw may wait days
for its witnesses; another draw can execute in between. So the execution checks again, under
a lock in the public schema, just before it writes its ledger rows:

1. it takes PostgreSQL transaction advisory locks on the buckets of its drawn entities
   (``crc32(code) % BUCKETS`` within the plan year), in ascending order, so two executions that
   share an entity queue and none deadlocks; the locks are released when the execution's
   transaction ends, after its ledger rows are committed;
2. it reads, for the drawn entities only, the random visits of the year (distinct visit keys,
   voided rows excepted; targeted inspections do not count, R16) and the items they were
   inspected for (random or targeted);
3. an entity whose visits would go over the draw's cap, or that was inspected this year for one
   of the draw's items, makes the whole execution fail with a message naming it: nothing is
   written, the secret stays unrevealed, and the draw is voided (a second person) and drawn
   again from a fresh commit whose pool excludes it. The engine's result is never altered, so
   every published record stays verifiable against its frozen pool. The refusal itself is
   audited after the rollback (``ledger.conflict_refused``, see ``refusals.py``).
"""

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from suiji_platform.organisations.services import FieldError

from .models import LedgerEntry, LedgerSource

BUCKETS = 512
# pg_advisory_xact_lock(int, int): the first key names Suiji's visit reservations.
LOCK_NAMESPACE = 0x53554A49
SHOWN = 10


def bucket_keys(plan_year: int, entity_codes: Sequence[str]) -> list[int]:
    buckets = {zlib.crc32(code.encode("utf-8")) % BUCKETS for code in entity_codes}
    return sorted(plan_year * BUCKETS + b for b in buckets)


def lock_entities(plan_year: int, entity_codes: Sequence[str]) -> None:
    """Transaction advisory locks on the entities' buckets, in ascending order."""
    keys = bucket_keys(plan_year, entity_codes)
    if not keys:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(%s, k))"
            " FROM (SELECT k FROM unnest(%s::int[]) AS k ORDER BY k) s",
            [LOCK_NAMESPACE, keys],
        )


@dataclass(frozen=True)
class Conflict:
    entity_code: str
    visits: int
    items: tuple[str, ...]

    def describe(self, cap: int) -> str:
        if self.items:
            return f"{self.entity_code}（本年度已就事项{'、'.join(self.items)}检查）"
        return f"{self.entity_code}（本年度已随机检查{self.visits}次，上限{cap}次）"


class LedgerConflict(FieldError):
    """The execution's refusal (``drawId`` / ``ledger_conflict``), with what caused it."""

    def __init__(
        self, message: str, *, draw_reference: str, plan_year: int, found: Sequence[Conflict]
    ) -> None:
        super().__init__("drawId", "ledger_conflict", message)
        self.draw_reference = draw_reference
        self.plan_year = plan_year
        self.conflicts = list(found)


def conflicts(
    *,
    plan_year: int,
    entity_codes: Sequence[str],
    item_codes: Sequence[str],
    cap: int,
    exclude_reference: str = "",
) -> list[Conflict]:
    """The drawn entities that no longer fit: one more visit would exceed `cap`, or they were
    inspected this year for one of `item_codes`. Call under :func:`lock_entities`."""
    if not entity_codes:
        return []
    table = LedgerEntry._meta.db_table
    sql = f"""
        SELECT entity_code,
               count(DISTINCT visit_key) FILTER (WHERE source = %(draw)s),
               array_agg(DISTINCT item_code) FILTER (WHERE item_code = ANY(%(items)s))
        FROM public.{table}
        WHERE NOT voided AND plan_year = %(year)s AND entity_code = ANY(%(codes)s)
          AND draw_reference <> %(own)s
        GROUP BY entity_code
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "draw": LedgerSource.DRAW.value,
                "items": list(item_codes),
                "year": plan_year,
                "codes": list(entity_codes),
                "own": exclude_reference,
            },
        )
        rows = cursor.fetchall()
    out = [
        Conflict(code, visits, tuple(sorted(items or ())))
        for code, visits, items in rows
        if items or visits + 1 > cap
    ]
    return sorted(out, key=lambda c: c.entity_code)


def reserve_visits(
    *,
    plan_year: int,
    entity_codes: Sequence[str],
    item_codes: Sequence[str],
    cap: int,
    draw_reference: str,
) -> None:
    """Lock, re-check and refuse (see the module docstring). The caller then writes its
    ledger rows in the same transaction."""
    lock_entities(plan_year, entity_codes)
    found = conflicts(
        plan_year=plan_year,
        entity_codes=entity_codes,
        item_codes=item_codes,
        cap=cap,
        exclude_reference=draw_reference,
    )
    if not found:
        return
    names = "、".join(c.describe(cap) for c in found[:SHOWN])
    more = f"等{len(found)}户" if len(found) > SHOWN else ""
    raise LedgerConflict(
        f"提交承诺后，{names}{more}已被其他抽取或检查占用，执行本次抽取将超过受检次数上限"
        "或重复检查同一事项（跨部门、跨层级）。结果未写入，密钥未公开；请由另一人说明理由作废"
        "本次抽取，再重新创建并提交承诺（新的候选池将排除这些主体）。",
        draw_reference=draw_reference,
        plan_year=plan_year,
        found=found,
    )
