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

from suiji_platform.index.models import EntityIndex
from suiji_platform.ledger.models import LedgerEntry, LedgerSource
from suiji_platform.organisations.models import Organisation
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
    """Entities of one stratum that share a reason ("" = in the pool), ids sorted by bytes.
    ``org``: the organisation the ids belong to in a pool spanning several (a joint draw over
    the counties); "" = the drawing organisation."""

    reason: str
    stratum: tuple[str, str, str]
    ids: list[str]
    org: str = ""


@dataclass(frozen=True)
class Snapshot:
    """The pool and exclusions of one moment, rows in (reason, stratum) order."""

    rows: list[PoolRow]

    def pool(self, org: str) -> list[PoolGroup]:
        return [PoolGroup(r.org or org, r.stratum, r.ids) for r in self.rows if not r.reason]

    def exclusions(self, org: str) -> list[ExclusionGroup]:
        return [ExclusionGroup(r.reason, r.org or org, r.ids) for r in self.rows if r.reason]

    @property
    def spans_organisations(self) -> bool:
        return any(r.org for r in self.rows)

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
            self.pool(org),
            self.exclusions(org),
            STRATA_FIELDS,
            # A pool of several organisations could hold one code twice: the engine checks.
            known_unique=not self.spans_organisations,
        )


# The frozen snapshot: a JSON header line (format, rows: reason, stratum, count, blob size;
# parts: compressed sizes), then the rows' id blobs (UTF-8, ids sorted by bytes, joined by
# "\n") one after another, cut into parts that are zlib-compressed separately — in threads,
# since zlib releases the interpreter lock.
FROZEN_FORMAT = "suiji-snapshot/2"
# The same with the organisation of each row (a fifth header field): pools of several.
FROZEN_FORMAT_ORGS = "suiji-snapshot/3"
_PARTS = 4


def _in_threads(fn: Callable[[bytes], bytes], items: list[bytes]) -> list[bytes]:
    if len(items) < 2:
        return [fn(x) for x in items]
    with ThreadPoolExecutor(2, thread_name_prefix="snapshot") as pool:
        return list(pool.map(fn, items))


def freeze(snapshot: Snapshot, canonical: CanonicalPool) -> bytes:
    """The stored form of a committed pool (``DrawSnapshot.data``). The pool's blobs are the
    canonical ones (stratum = block in a one-organisation pool)."""
    pool_blobs = {(b.stratum, b.org): b.blob for b in canonical.blocks}
    default_org = canonical.blocks[0].org if canonical.blocks else ""
    with_orgs = snapshot.spans_organisations
    rows: list[list[Any]] = []
    blobs = []
    for r in snapshot.rows:
        if r.reason:
            blob = "\n".join(r.ids).encode("utf-8")
        else:
            blob = pool_blobs[(r.stratum, r.org or default_org)]
        rows.append(
            [r.reason, list(r.stratum), len(r.ids), len(blob), *([r.org] if with_orgs else [])]
        )
        blobs.append(blob)
    stream = b"".join(blobs)
    step = -(-len(stream) // _PARTS) or 1
    parts = _in_threads(
        lambda part: zlib.compress(part, 1),
        [stream[i : i + step] for i in range(0, len(stream), step)],
    )
    header = json.dumps(
        {
            "format": FROZEN_FORMAT_ORGS if with_orgs else FROZEN_FORMAT,
            "rows": rows,
            "parts": [len(p) for p in parts],
        },
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
    org: str = ""

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
        if header.get("format") not in (FROZEN_FORMAT, FROZEN_FORMAT_ORGS):
            raise ValueError(f"unknown snapshot format {header.get('format')!r}")
        parts, pos = [], end + 1
        for size in header["parts"]:
            parts.append(data[pos : pos + size])
            pos += size
        stream = b"".join(_in_threads(zlib.decompress, parts))
        rows, pos = [], 0
        for reason, stratum, count, size, *org in header["rows"]:
            rows.append(FrozenRow(reason, tuple(stratum), count, stream[pos : pos + size], *org))
            pos += size
        return cls(rows)

    @property
    def pool_size(self) -> int:
        return sum(r.count for r in self.rows if not r.reason)

    def as_snapshot(self) -> Snapshot:
        return Snapshot([PoolRow(r.reason, r.stratum, r.ids, r.org) for r in self.rows])

    def canonical(self, org: str) -> CanonicalPool:
        """The canonical pool again from the blobs, only its digests recomputed: the caller
        compares them with the ones published at commit."""
        return engine.canonical_from_blobs(
            STRATA_FIELDS,
            ((r.stratum, r.org or org, r.blob) for r in self.rows if not r.reason),
            ((r.reason, r.org or org, r.blob) for r in self.rows if r.reason),
        )


def _ledger_sql() -> str:
    """The part of the pool statement that reads the ledger (public schema): the targets it
    excludes, by reason (the first that applies in REASONS order), visits counted as distinct
    visit keys. Seven columns like the targets part; drawable NULL marks it."""
    ledger = LedgerEntry._meta.db_table
    return f"""
        UNION ALL
        SELECT NULL::boolean, NULL, reason, NULL, NULL, string_agg(entity_code, ','), count(*)
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


def _params(plan_year: int, item_codes: Sequence[str], visit_cap: int) -> dict[str, Any]:
    return {
        "year": plan_year,
        "items": list(item_codes),
        "cap": visit_cap,
        "targeted": LedgerSource.TARGETED.value,
        "active": EntityStatus.ACTIVE.value,
        "building": ConstructionStatus.UNDER_CONSTRUCTION.value,
    }


def _sql(
    *,
    target_kind: str,
    plan_year: int,
    item_codes: Sequence[str],
    visit_cap: int,
    scope: Mapping[str, Sequence[str]],
) -> tuple[str, dict[str, Any]]:
    """The registry source: the organisation's own entities or projects (its schema) and the
    public ledger, in one statement of two parts joined by UNION ALL (no row-by-row join)."""
    entity = MarketEntity._meta.db_table
    where = ["TRUE"]
    params = _params(plan_year, item_codes, visit_cap)
    for name, values in scope.items():
        if values:
            if name not in targets.SCOPE_FIELDS:
                raise ValueError(f"unknown scope field {name!r}")
            where.append(f"{targets.scope_sql(target_kind, name)} = ANY(%(scope_{name})s)")
            params[f"scope_{name}"] = list(values)
    if target_kind == targets.PROJECT:
        targets_sql = f"""
        SELECT p.construction_status = %(building)s, '', p.region, e.entity_type, e.credit_class,
               string_agg(p.code, ','), count(*)
        FROM {Project._meta.db_table} p
        LEFT JOIN {entity} e ON e.id = p.responsible_entity_id
        WHERE {" AND ".join(where)}
        GROUP BY 1, 2, 3, 4, 5"""  # noqa: S608
    else:
        targets_sql = f"""
        SELECT e.status = %(active)s, '', e.region, e.entity_type, e.credit_class,
               string_agg(e.uscc, ','), count(*)
        FROM {entity} e
        WHERE {" AND ".join(where)}
        GROUP BY 1, 2, 3, 4, 5"""  # noqa: S608
    # Table and column names come from the models and targets.SCOPE_FIELDS; values are parameters.
    # Part 1: the targets by (drawable, stratum) as stored (blank stratum values are mapped in
    # Python, so grouping compares plain columns). Part 2: the ledger's exclusions.
    return targets_sql + _ledger_sql(), params


# The index columns of the scope fields a joint (index) pool can filter on.
INDEX_SCOPE_COLUMNS = {
    "entity_type": "type",
    "nature": "nature",
    "region": "region",
    "credit_class": "credit_class",
}


def _index_sql(
    *,
    target_kind: str,
    counties: Sequence[str],
    plan_year: int,
    item_codes: Sequence[str],
    visit_cap: int,
    scope: Mapping[str, Sequence[str]],
) -> tuple[str, dict[str, Any]]:
    """The index source (joint draws): the prefecture-wide public index of the counties'
    entities or projects and the public ledger — both in the public schema, one statement, no
    county schema touched."""
    index = EntityIndex._meta.db_table
    orgs = Organisation._meta.db_table
    params = _params(plan_year, item_codes, visit_cap)
    params.update(kind=target_kind, counties=list(counties))
    params["drawable"] = params["building"] if target_kind == targets.PROJECT else params["active"]
    where = ["i.kind = %(kind)s", "o.code = ANY(%(counties)s)"]
    for name, values in scope.items():
        if values:
            if name not in INDEX_SCOPE_COLUMNS:
                raise FieldError(
                    "scope", "not_indexed", "联合抽查按州级名录索引抽取，不能按企业性质筛选。"
                )
            where.append(f"i.{INDEX_SCOPE_COLUMNS[name]} = ANY(%(scope_{name})s)")
            params[f"scope_{name}"] = list(values)
    targets_sql = f"""
        SELECT i.status = %(drawable)s, o.code, i.region, i.type, i.credit_class,
               string_agg(i.uscc, ','), count(*)
        FROM public.{index} i JOIN public.{orgs} o ON o.id = i.organisation_id
        WHERE {" AND ".join(where)}
        GROUP BY 1, 2, 3, 4, 5"""  # noqa: S608
    return targets_sql + _ledger_sql(), params


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
    return _run(sql, params, target_kind)


def take_index_snapshot(
    *,
    target_kind: str = targets.ENTITY,
    counties: Sequence[str],
    plan_year: int,
    item_codes: Sequence[str],
    visit_cap: int,
    scope: Mapping[str, Sequence[str]],
) -> Snapshot:
    """ONE query on the public index and ledger (a joint draw over the counties): each row
    carries its county's code as the organisation of its ids."""
    sql, params = _index_sql(
        target_kind=target_kind,
        counties=counties,
        plan_year=plan_year,
        item_codes=item_codes,
        visit_cap=visit_cap,
        scope=scope,
    )
    return _run(sql, params, target_kind, with_orgs=True)


def _run(
    sql: str, params: dict[str, Any], target_kind: str, *, with_orgs: bool = False
) -> Snapshot:
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
    for drawable, _, reason, _, _, ids, _ in fetched:
        if drawable is None:
            excluding.update(dict.fromkeys(ids.split(","), reason))
    excluded = set(excluding)
    groups: dict[tuple[str, tuple[str, str, str], str], list[str]] = {}
    for drawable, org, region, etype, credit, ids, count in fetched:
        if drawable is None:
            continue
        org = org if with_orgs else ""
        stratum = (region or BLANK, etype or BLANK, credit or BLANK)
        codes = ids.split(",")
        if len(codes) != count:
            raise _comma_error(target_kind, with_orgs)
        codes.sort()
        if not drawable:
            groups.setdefault((NOT_DRAWABLE[target_kind], stratum, org), []).extend(codes)
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
                groups.setdefault((excluding[code], stratum, org), []).append(code)
            kept += codes[start:]
            codes = kept
        if codes:
            groups.setdefault(("", stratum, org), []).extend(codes)
    rows = []
    for (reason, stratum, org), codes in groups.items():
        codes.sort()
        rows.append(PoolRow(reason, stratum, codes, org))
    rows.sort(key=lambda r: (r.reason, r.stratum, r.org))
    return Snapshot(rows)


def _comma_error(target_kind: str, with_orgs: bool) -> FieldError:
    if with_orgs:
        bad: Any = EntityIndex.objects.filter(uscc__contains=",").values_list("uscc", flat=True)
    elif target_kind == targets.PROJECT:
        bad = Project.objects.filter(code__contains=",").values_list("code", flat=True)
    else:
        bad = MarketEntity.objects.filter(uscc__contains=",").values_list("uscc", flat=True)
    return FieldError(
        "pool", "invalid_code", f"名录库中有含逗号的代码（{'、'.join(bad[:3])}），请先更正。"
    )
