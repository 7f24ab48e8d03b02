"""The candidate pool of a draw, read in ONE statement (one consistent snapshot, R2, R6, R16,
R19): the organisation's entities in the task's scope, each either in the pool or excluded
with its reason (not active; under targeted inspection; already inspected this plan year for
one of the draw's items; over its visit cap across departments and levels), grouped by stratum
and reason with the ids sorted by bytes — the engine's canonical order.

The statement has two parts joined by UNION ALL, so both see the same moment: the entities,
hash-aggregated by (status, stratum), and the ledger entries that exclude an entity,
aggregated by reason. The ledger lives in the public schema and is not joined row
by row with the tenant's table: the exclusions are applied here, many times faster than a join.
"""

import json
import zlib
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from suiji_platform.ledger.models import LedgerEntry, LedgerSource
from suiji_platform.organisations.services import FieldError
from suiji_tenants.registries import targets
from suiji_tenants.registries.models import ConstructionStatus, EntityStatus, MarketEntity, Project

from . import engine
from .engine import CanonicalPool, ExclusionGroup, PoolGroup

STRATA_FIELDS = ("region", "entity_type", "credit_class")
# A stratum field must not be empty (a canonical-line field): blank registry values show so.
BLANK = "（未填）"
# Exclusion reasons in the order they are decided (an entity gets the first that applies).
REASONS = ("inactive", "not_building", "targeted", "inspected", "visit_cap")
REASON_LABELS = {
    "inactive": "非存续状态（注销、吊销）",
    "not_building": "不在施工（未开工、停工或已竣工）",
    "targeted": "正在接受定向（非随机）检查",
    "inspected": "本计划年度已就同一事项检查过",
    "visit_cap": "本年度受检次数已达上限（跨部门、跨层级）",
}
# Why a target that is not drawable is excluded, by kind.
NOT_DRAWABLE = {targets.ENTITY: "inactive", targets.PROJECT: "not_building"}


@dataclass(frozen=True)
class PoolRow:
    """Entities of one stratum that share a reason ("" = in the pool), ids sorted by bytes."""

    reason: str
    stratum: tuple[str, str, str]
    ids: list[str]


@dataclass(frozen=True)
class Snapshot:
    """The pool and exclusions of one moment, rows in (reason, stratum) order."""

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

    def canonical(self, org: str) -> CanonicalPool:
        """The engine's canonical form, fully validated except for duplicate ids, which cannot
        occur: ids come from a unique column and every entity is given exactly one row."""
        return engine.canonicalise(
            self.pool(org), self.exclusions(org), STRATA_FIELDS, known_unique=True
        )


# The frozen snapshot: a JSON header line (format, rows: reason, stratum, count, blob size;
# parts: compressed sizes), then the rows' id blobs (UTF-8, ids sorted by bytes, joined by
# "\n") one after another, cut into parts that are zlib-compressed separately — in threads,
# since zlib releases the interpreter lock.
FROZEN_FORMAT = "suiji-snapshot/2"
_PARTS = 4


def _in_threads(fn: Callable[[bytes], bytes], items: list[bytes]) -> list[bytes]:
    if len(items) < 2:
        return [fn(x) for x in items]
    with ThreadPoolExecutor(2, thread_name_prefix="snapshot") as pool:
        return list(pool.map(fn, items))


def freeze(snapshot: Snapshot, canonical: CanonicalPool) -> bytes:
    """The stored form of a committed pool (``DrawSnapshot.data``). The pool's blobs are the
    canonical ones (stratum = block in a one-organisation pool)."""
    pool_blobs = {b.stratum: b.blob for b in canonical.blocks}
    rows, blobs = [], []
    for r in snapshot.rows:
        blob = "\n".join(r.ids).encode("utf-8") if r.reason else pool_blobs[r.stratum]
        rows.append([r.reason, list(r.stratum), len(r.ids), len(blob)])
        blobs.append(blob)
    stream = b"".join(blobs)
    step = -(-len(stream) // _PARTS) or 1
    parts = _in_threads(
        lambda part: zlib.compress(part, 1),
        [stream[i : i + step] for i in range(0, len(stream), step)],
    )
    header = json.dumps(
        {"format": FROZEN_FORMAT, "rows": rows, "parts": [len(p) for p in parts]},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    return b"".join([header, b"\n", *parts])


@dataclass(frozen=True)
class FrozenRow:
    reason: str
    stratum: tuple[str, str, str]
    count: int
    blob: bytes

    @property
    def ids(self) -> list[str]:
        return self.blob.decode("utf-8").split("\n") if self.count else []


@dataclass(frozen=True)
class FrozenSnapshot:
    """A committed pool as stored: rows with id blobs; the ids are decoded only when asked."""

    rows: list[FrozenRow]

    @classmethod
    def loads(cls, data: bytes) -> "FrozenSnapshot":
        data = bytes(data)
        end = data.index(b"\n")
        header = json.loads(data[:end])
        if header.get("format") != FROZEN_FORMAT:
            raise ValueError(f"unknown snapshot format {header.get('format')!r}")
        parts, pos = [], end + 1
        for size in header["parts"]:
            parts.append(data[pos : pos + size])
            pos += size
        stream = b"".join(_in_threads(zlib.decompress, parts))
        rows, pos = [], 0
        for reason, stratum, count, size in header["rows"]:
            rows.append(FrozenRow(reason, tuple(stratum), count, stream[pos : pos + size]))
            pos += size
        return cls(rows)

    @property
    def pool_size(self) -> int:
        return sum(r.count for r in self.rows if not r.reason)

    def as_snapshot(self) -> Snapshot:
        return Snapshot([PoolRow(r.reason, r.stratum, r.ids) for r in self.rows])

    def canonical(self, org: str) -> CanonicalPool:
        """The canonical pool again from the blobs, only its digests recomputed: the caller
        compares them with the ones published at commit."""
        return engine.canonical_from_blobs(
            STRATA_FIELDS,
            ((r.stratum, org, r.blob) for r in self.rows if not r.reason),
            ((r.reason, org, r.blob) for r in self.rows if r.reason),
        )


def _sql(
    *,
    target_kind: str,
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
        "targeted": LedgerSource.TARGETED.value,
        "active": EntityStatus.ACTIVE.value,
        "building": ConstructionStatus.UNDER_CONSTRUCTION.value,
    }
    for name, values in scope.items():
        if values:
            if name not in targets.SCOPE_FIELDS:
                raise ValueError(f"unknown scope field {name!r}")
            where.append(f"{targets.scope_sql(target_kind, name)} = ANY(%(scope_{name})s)")
            params[f"scope_{name}"] = list(values)
    if target_kind == targets.PROJECT:
        targets_sql = f"""
        SELECT p.construction_status = %(building)s, p.region, e.entity_type, e.credit_class,
               string_agg(p.code, ','), count(*)
        FROM {Project._meta.db_table} p
        LEFT JOIN {entity} e ON e.id = p.responsible_entity_id
        WHERE {" AND ".join(where)}
        GROUP BY 1, 2, 3, 4"""  # noqa: S608
    else:
        targets_sql = f"""
        SELECT e.status = %(active)s, e.region, e.entity_type, e.credit_class,
               string_agg(e.uscc, ','), count(*)
        FROM {entity} e
        WHERE {" AND ".join(where)}
        GROUP BY 1, 2, 3, 4"""  # noqa: S608
    # Table and column names come from the models and targets.SCOPE_FIELDS; values are parameters.
    # Part 1: the targets by (drawable, stratum) as stored (blank stratum values are mapped in
    # Python, so grouping compares plain columns). Part 2 (drawable NULL): the targets the
    # ledger excludes, by reason (the first that applies in REASONS order), visits counted as
    # distinct visit keys.
    excluding_sql = f"""
        UNION ALL
        SELECT NULL::boolean, reason, NULL, NULL, string_agg(entity_code, ','), count(*)
        FROM (
            SELECT entity_code,
                   CASE WHEN bool_or(targeted) THEN 'targeted'
                        WHEN bool_or(inspected) THEN 'inspected'
                        WHEN count(*) FILTER (WHERE this_year) >= %(cap)s THEN 'visit_cap'
                   END AS reason
            FROM (
                SELECT entity_code,
                       bool_or(source = %(targeted)s AND closed_on IS NULL) AS targeted,
                       bool_or(plan_year = %(year)s AND item_code = ANY(%(items)s)) AS inspected,
                       -- ledger (issue 11): targeted visits do not count toward the cap (R16)
                       bool_or(plan_year = %(year)s AND source <> %(targeted)s) AS this_year
                FROM public.{ledger}
                WHERE NOT voided
                  AND (plan_year = %(year)s OR (source = %(targeted)s AND closed_on IS NULL))
                GROUP BY entity_code, visit_key
            ) visits
            GROUP BY entity_code
        ) l
        WHERE reason IS NOT NULL
        GROUP BY reason
    """  # noqa: S608
    return targets_sql + excluding_sql, params


def take_snapshot(
    *,
    target_kind: str = targets.ENTITY,
    plan_year: int,
    item_codes: Sequence[str],
    visit_cap: int,
    scope: Mapping[str, Sequence[str]],
) -> Snapshot:
    """ONE query in the current organisation's schema (see the module docstring)."""
    sql, params = _sql(
        target_kind=target_kind,
        plan_year=plan_year,
        item_codes=item_codes,
        visit_cap=visit_cap,
        scope=scope,
    )
    # Hash aggregation: no sort of a million rows under a locale collation in PostgreSQL, and
    # no JIT (compiling costs more than the one pass it would speed up). The ids are sorted
    # here, by code point = UTF-8 byte order, the engine's order.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
        cursor.execute("RESET jit")
        cursor.execute("RESET enable_sort")
        cursor.execute("RESET work_mem")
    excluding: dict[str, str] = {}
    for drawable, reason, _, _, ids, _ in fetched:
        if drawable is None:
            excluding.update(dict.fromkeys(ids.split(","), reason))
    excluded = set(excluding)
    groups: dict[tuple[str, tuple[str, str, str]], list[str]] = {}
    for drawable, region, etype, credit, ids, count in fetched:
        if drawable is None:
            continue
        stratum = (region or BLANK, etype or BLANK, credit or BLANK)
        codes = ids.split(",")
        if len(codes) != count:
            bad = (
                Project.objects.filter(code__contains=",").values_list("code", flat=True)
                if target_kind == targets.PROJECT
                else MarketEntity.objects.filter(uscc__contains=",").values_list("uscc", flat=True)
            )
            raise FieldError(
                "pool",
                "invalid_code",
                f"名录库中有含逗号的代码（{'、'.join(bad[:3])}），请先更正。",
            )
        codes.sort()
        if not drawable:
            groups.setdefault((NOT_DRAWABLE[target_kind], stratum), []).extend(codes)
            continue
        hits = excluded.intersection(codes)
        if hits:
            # Cut the few hits out of the sorted list (a slice copy per hit, no pass in Python).
            kept: list[str] = []
            start = 0
            for code in sorted(hits):
                at = bisect_left(codes, code, start)
                kept += codes[start:at]
                start = at + 1
                groups.setdefault((excluding[code], stratum), []).append(code)
            kept += codes[start:]
            codes = kept
        if codes:
            groups.setdefault(("", stratum), []).extend(codes)
    rows = []
    for (reason, stratum), codes in groups.items():
        codes.sort()
        rows.append(PoolRow(reason, stratum, codes))
    rows.sort(key=lambda r: (r.reason, r.stratum))
    return Snapshot(rows)
