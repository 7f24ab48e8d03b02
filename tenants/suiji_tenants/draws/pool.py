"""The candidate pool of a draw, read in ONE statement (one consistent snapshot, R2, R6, R16,
R19): the organisation's entities in the task's scope, each either in the pool or excluded
with its reason (not active; under targeted inspection; already inspected this plan year for
one of the draw's items; over its visit cap across departments and levels), grouped by stratum
and reason with the ids sorted by bytes — the engine's canonical order, so its own sorts (at
commit and at execution) are linear passes over sorted input.

The ledger lives in the public schema and is read in the same statement: pool and exclusions
can never come from two different moments. (On a schema-sharded cluster the ledger is a
reference table, which such joins allow.)
"""

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from suiji_platform.ledger.models import LedgerEntry, LedgerSource
from suiji_tenants.registries.models import EntityStatus, MarketEntity

from .engine import ExclusionGroup, PoolGroup

STRATA_FIELDS = ("region", "entity_type", "credit_class")
# A stratum field must not be empty (a canonical-line field): blank registry values show so.
BLANK = "（未填）"
# Exclusion reasons in the order they are decided (an entity gets the first that applies).
REASONS = ("inactive", "targeted", "inspected", "visit_cap")
REASON_LABELS = {
    "inactive": "非存续状态（注销、吊销）",
    "targeted": "正在接受定向（非随机）检查",
    "inspected": "本计划年度已就同一事项检查过",
    "visit_cap": "本年度受检次数已达上限（跨部门、跨层级）",
}
# Scope fields of a directed draw (R9) and their registry columns.
SCOPE_COLUMNS = {
    "entity_type": "entity_type",
    "nature": "nature",
    "region": "region",
    "credit_class": "credit_class",
}


@dataclass(frozen=True)
class PoolRow:
    """Entities of one stratum that share a reason ("" = in the pool), ids sorted by bytes."""

    reason: str
    stratum: tuple[str, str, str]
    ids: list[str]


@dataclass(frozen=True)
class Snapshot:
    rows: list[PoolRow]

    def pool(self, org: str) -> list[PoolGroup]:
        return [PoolGroup(org, r.stratum, r.ids) for r in self.rows if not r.reason]

    def exclusions(self, org: str) -> list[ExclusionGroup]:
        return [ExclusionGroup(r.reason, org, r.ids) for r in self.rows if r.reason]

    @property
    def pool_size(self) -> int:
        return sum(len(r.ids) for r in self.rows if not r.reason)

    @property
    def excluded_count(self) -> int:
        return sum(len(r.ids) for r in self.rows if r.reason)

    def dumps(self) -> bytes:
        """Compact storage of the frozen snapshot (zlib of tab-separated lines)."""
        text = "\n".join(
            "\t".join((r.reason, *r.stratum, ",".join(r.ids))) for r in self.rows
        ).encode("utf-8")
        return zlib.compress(text, 1)

    @classmethod
    def loads(cls, data: bytes) -> "Snapshot":
        text = zlib.decompress(bytes(data)).decode("utf-8")
        rows = []
        for line in text.split("\n") if text else []:
            reason, region, etype, credit, ids = line.split("\t")
            rows.append(PoolRow(reason, (region, etype, credit), ids.split(",")))
        return cls(rows)


def _sql(
    *,
    plan_year: int,
    item_codes: Sequence[str],
    visit_cap: int,
    scope: Mapping[str, Sequence[str]],
) -> tuple[str, dict[str, Any]]:
    entity = MarketEntity._meta.db_table
    ledger = LedgerEntry._meta.db_table
    where = ["TRUE"]
    params: dict[str, Any] = {
        "year": plan_year,
        "items": list(item_codes),
        "cap": visit_cap,
        "active": EntityStatus.ACTIVE.value,
        "targeted": LedgerSource.TARGETED.value,
        "blank": BLANK,
    }
    for name, values in scope.items():
        if values:
            where.append(f"e.{SCOPE_COLUMNS[name]} = ANY(%(scope_{name})s)")
            params[f"scope_{name}"] = list(values)
    # Table and column names come from the models and SCOPE_COLUMNS, values are parameters.
    sql = f"""
        WITH led AS (
            SELECT entity_code,
                   bool_or(source = %(targeted)s AND closed_on IS NULL) AS targeted,
                   bool_or(plan_year = %(year)s AND item_code = ANY(%(items)s)) AS inspected,
                   count(DISTINCT visit_key) FILTER (WHERE plan_year = %(year)s) AS visits
            FROM public.{ledger}
            WHERE NOT voided
              AND (plan_year = %(year)s OR (source = %(targeted)s AND closed_on IS NULL))
            GROUP BY entity_code
        ), s AS (
            SELECT e.uscc AS code,
                   COALESCE(NULLIF(e.region, ''), %(blank)s) AS region,
                   COALESCE(NULLIF(e.entity_type, ''), %(blank)s) AS entity_type,
                   COALESCE(NULLIF(e.credit_class, ''), %(blank)s) AS credit_class,
                   CASE WHEN e.status <> %(active)s THEN 'inactive'
                        WHEN l.targeted THEN 'targeted'
                        WHEN l.inspected THEN 'inspected'
                        WHEN l.visits >= %(cap)s THEN 'visit_cap'
                        ELSE '' END AS reason
            FROM {entity} e LEFT JOIN led l ON l.entity_code = e.uscc
            WHERE {" AND ".join(where)}
        )
        SELECT reason, region, entity_type, credit_class, string_agg(code, ',')
        FROM s GROUP BY reason, region, entity_type, credit_class
    """  # noqa: S608
    return sql, params


def take_snapshot(
    *,
    plan_year: int,
    item_codes: Sequence[str],
    visit_cap: int,
    scope: Mapping[str, Sequence[str]],
) -> Snapshot:
    """ONE query in the current organisation's schema (see the module docstring)."""
    sql, params = _sql(plan_year=plan_year, item_codes=item_codes, visit_cap=visit_cap, scope=scope)
    # Hash aggregation (no sort of a million rows under a locale collation in PostgreSQL);
    # the ids are sorted here, by code point = UTF-8 byte order, the engine's order.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
        cursor.execute("SET LOCAL enable_sort TO DEFAULT")
        cursor.execute("SET LOCAL work_mem TO DEFAULT")
    rows = []
    for reason, region, etype, credit, ids in fetched:
        codes = ids.split(",")
        codes.sort()
        rows.append(PoolRow(reason, (region, etype, credit), codes))
    rows.sort(key=lambda r: (r.reason, r.stratum))
    return Snapshot(rows)
