"""Random draw records for holding two verifiers against each other (standard library only).

`random_record(rng)` builds a record through the reference engine: 0–3 strata fields with
awkward Unicode values (astral characters, private use, C1 controls, quotes, backslashes,
combining marks), one or several organisations, every quota mode, ordinary and mixed teams,
experts, and conflicts placed on drawn targets so that swaps and replacements happen.
`tamper(record, rng)` changes one thing in a copy of a record: a leaf, a member, an element,
an order or a JSON type.
"""

from __future__ import annotations

import copy
import dataclasses
import random
from collections.abc import Iterator
from typing import Any

from suiji_tenants.draws import engine
from suiji_tenants.draws.engine import (
    Conflict,
    DepartmentCount,
    DrawError,
    DrawInputs,
    DrawParams,
    Exclusion,
    Inspector,
    Item,
    PlanRef,
    PoolGroup,
    QuotaSpec,
    Ratio,
    RatioRule,
    Scope,
    ScopeFilter,
    StratumCount,
    TeamSpec,
    Window,
    Witness,
    run_draw,
)
from suiji_tenants.draws.record import build_record

V1 = "suiji-draw/1"
FORMATS: tuple[str, ...] = getattr(engine, "FORMATS", (engine.FORMAT,))
"""The record formats the reference engine on this code base can write."""
REASON_CODES = ("kinship", "employment", "shareholding", "other")

FIELD_NAMES = ("region", "type", "credit_class")
VALUES = (
    ("芒市镇", "勐焕街道", "遮放镇", "𠀀𠀁乡", "\ue000私用区", "Zürich", "Zu\u0308rich"),
    ("施工", "监理", 'say "hi"', "back\\slash", "😀表情", "\u0085C1", "\u2028行"),
    ("A", "B", "C", "D", "M"),
)
DEPARTMENTS = ("住建局", "消防救援支队", "市场监管局", "𠀀部门")
CATEGORIES = ("建筑市场", "工程质量", "消防安全", "特种设备")
REASONS = ("inactive", "not_building", "inspected", "visit_cap", "targeted")
ORGS = ("533103", "533102", "533122")


def _ids(rng: random.Random, n: int, seen: set[str]) -> list[str]:
    """USCC-shaped ids, and now and then one whose UTF-16 order differs from its byte order."""
    out = []
    while len(out) < n:
        if rng.random() < 0.08:
            cid = "P" + rng.choice(("\ue000", "😀", "é", "z", "𠀀")) + str(rng.randrange(10_000))
        else:
            cid = "91533103MA" + "".join(
                rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8)
            )
        if cid not in seen:
            seen.add(cid)
            out.append(cid)
    return out


def _window(rng: random.Random) -> Window:
    month = rng.randrange(1, 12)
    return Window(f"2025-{month:02d}-01", f"2025-{month + 1:02d}-{rng.choice(('01', '15', '28'))}")


def random_inputs(rng: random.Random, fmt: str = V1) -> DrawInputs:
    k = rng.randrange(0, 4)
    fields = FIELD_NAMES[:k]
    orgs = ORGS[: rng.choice((1, 1, 2, 3))]
    seen: set[str] = set()
    pool: list[PoolGroup] = []
    strata = {tuple(rng.choice(VALUES[i]) for i in range(k)) for _ in range(rng.randrange(1, 9))}
    for stratum in sorted(strata):
        for org in orgs:
            if rng.random() < 0.8:
                pool.append(PoolGroup(org, stratum, _ids(rng, rng.randrange(1, 25), seen)))
    exclusions = [
        Exclusion(cid, rng.choice(orgs), rng.choice(REASONS))
        for cid in _ids(rng, rng.randrange(0, 6), seen)
    ]
    mode = rng.choice(("ratio", "ratio", "total", "counts"))
    if mode == "ratio":
        rules = []
        for _ in range(rng.randrange(0, 3) if k else 0):
            f = rng.randrange(k)
            rules.append(
                RatioRule(((fields[f], rng.choice(VALUES[f])),), Ratio(rng.randrange(0, 4), 4))
            )
        den = rng.choice((2, 3, 7, 10, 100, 10_000))
        rounding = rng.choice(("floor", "half_up", "ceil")) if fmt == V1 else "systematic"
        quota = QuotaSpec.ratio(Ratio(rng.randrange(0, den + 1), den), rules, rounding)
    elif mode == "total":
        quota = QuotaSpec.fixed_total(rng.randrange(0, 20))
    else:
        listed = list(strata)[: rng.randrange(0, len(strata) + 1)]
        if k and rng.random() < 0.3:
            listed.append(tuple(rng.choice(VALUES[i]) for i in range(k)))  # maybe not in the pool
        quota = QuotaSpec.per_stratum(
            StratumCount(s, rng.randrange(0, 5)) for s in dict.fromkeys(listed)
        )
    items = [
        Item(
            f"ITEM-{i}",
            f"检查事项{i}",
            rng.choice(CATEGORIES[:2]),
            rng.choice(DEPARTMENTS[:2]),
            needs_expert=rng.random() < 0.35,
        )
        for i in range(rng.randrange(1, 4))
    ]
    mixed = rng.random() < 0.35
    team_size = rng.randrange(2, 5)
    per_dept: tuple[DepartmentCount, ...] = ()
    if mixed:
        depts = sorted({it.department for it in items})
        per_dept = tuple(DepartmentCount(d, 1) for d in depts[:team_size])
    needs_expert = any(it.needs_expert for it in items)
    by_count = rng.random() < 0.5
    team = TeamSpec(
        team_size=team_size,
        officers_per_department=per_dept,
        team_count=rng.randrange(1, 6) if by_count else None,
        max_targets_per_team=None if by_count else rng.randrange(1, 6),
        experts_per_team=rng.randrange(1, 3) if needs_expert else rng.randrange(0, 2),
    )
    window = _window(rng)
    officers = [
        Inspector(
            f"云执{rng.choice(ORGS)}{i:03d}",
            f"检查员{i}",
            rng.choice(DEPARTMENTS[:2]) if rng.random() < 0.9 else DEPARTMENTS[3],
            tuple(rng.sample(CATEGORIES, rng.randrange(1, 3))),
            rng.choice((None, "2024-12-31", window.end, "2027-06-30", "2027-06-30")),
            active=rng.random() < 0.92,
        )
        for i in range(rng.randrange(4, 40))
    ]
    experts = [
        Inspector(
            f"ZJ-{i:03d}",
            f"专家{i}",
            "专家库",
            tuple(rng.sample(CATEGORIES, rng.randrange(1, 3))),
            rng.choice((None, None, "2024-06-30", "2028-01-01")),
            active=rng.random() < 0.9,
        )
        for i in range(rng.randrange(0, 15))
    ]
    v2: dict[str, Any] = {}
    if "format" in DrawInputs.__dataclass_fields__:  # an engine that writes several formats
        v2["format"] = fmt
    if fmt != V1:
        cap = rng.choice((None, None, Ratio(1, 1), Ratio(3, 4), Ratio(1, 100), Ratio(1, 2)))
        v2["cap"] = cap
    scope = (
        Scope("directed", (ScopeFilter("region", (VALUES[0][0], VALUES[0][3])),))
        if rng.random() < 0.2
        else Scope()
    )
    return DrawInputs(
        draw_id=f"533103-2025-T{rng.randrange(100):02d}-R1",
        org=orgs[0] if len(orgs) == 1 else "533100",
        plan=PlanRef("随机抽查计划“2025”", f"T{rng.randrange(10)}", rng.randrange(1, 4)),
        params=DrawParams(
            strata_fields=fields,
            quota=quota,
            window=window,
            team=team,
            min_per_stratum=rng.choice((0, 0, 0, 1)),
            on_shortfall=rng.choice(("error", "cap", "cap")),
            scope=scope,
            **({"cap": v2["cap"]} if "cap" in v2 else {}),
        ),
        items=items,
        pool=pool,
        secret=rng.randbytes(32),
        exclusions=exclusions,
        witnesses=[
            Witness(
                rng.choice(("公证员", "市场监管局代表", "witness 𠀀")), str(rng.randrange(10**6))
            )
            for _ in range(rng.randrange(0, 3))
        ],
        officers=officers,
        experts=experts,
        **({"format": v2["format"]} if "format" in v2 else {}),
    )


def with_conflicts(inputs: DrawInputs, rng: random.Random) -> DrawInputs:
    """Conflicts between drawn targets and members of their teams (so the recusal rule has
    work: swaps and replacements), plus a few between random people and candidates."""
    v1 = getattr(inputs, "format", V1) == V1

    def reason() -> str:
        return rng.choice(("配偶在该企业任职", "曾任职", "持股") if v1 else REASON_CODES)

    first = run_draw(inputs)
    members = {t.number: [*t.officers, *t.experts] for t in first.teams if t.officers or t.experts}
    conflicts: dict[tuple[str, str], Conflict] = {}
    for target, team in first.matching:
        if rng.random() < 0.3 and members.get(team):
            m = rng.choice(members[team])
            conflicts[m, target] = Conflict(m, target, reason())
    people = [p.id for p in (*inputs.officers, *inputs.experts)]
    candidates = [c for g in inputs.pool for c in g.ids]
    for _ in range(rng.randrange(0, 4)):
        if people and candidates:
            p, c = rng.choice(people), rng.choice(candidates)
            conflicts[p, c] = Conflict(p, c, reason())
    return dataclasses.replace(inputs, conflicts=list(conflicts.values()))


def random_record(rng: random.Random, fmt: str = V1) -> dict[str, Any]:
    """A record of format ``fmt`` that verifies; inputs whose draw fails (too few inspectors,
    a shortfall, a cap, an impossible recusal) are drawn again."""
    while True:
        inputs = random_inputs(rng, fmt)
        try:
            inputs = with_conflicts(inputs, rng)
            ts = {"committed_at": "2025-04-01T09:30:00+08:00", "revealed_at": None}
            return build_record(inputs, run_draw(inputs), timestamps=ts)
        except DrawError:
            continue


# --------------------------------------------------------------------------------------------
# tampering
# --------------------------------------------------------------------------------------------

Path = tuple[str | int, ...]


def _nodes(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _nodes(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _nodes(v, (*path, i))


def _get(obj: Any, path: Path) -> Any:
    for p in path:
        obj = obj[p]
    return obj


def _changed(value: Any, rng: random.Random) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + rng.choice((1, -1, 7))
    if isinstance(value, str):
        if value and all(c in "0123456789abcdef" for c in value):
            i = rng.randrange(len(value))
            return value[:i] + ("0" if value[i] != "0" else "1") + value[i + 1 :]
        return rng.choice((value + "x", value[:-1], "𠀀" + value, value.upper()))
    if value is None:
        return rng.choice(("x", 0))
    return None


def _retyped(value: Any, rng: random.Random) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return rng.choice((value == 1, str(value), None, [value]))
    if isinstance(value, str):
        return rng.choice((None, 0, [value]))
    if isinstance(value, list):
        return {"0": value[0]} if value else {}
    if isinstance(value, dict):
        return list(value.values())
    return rng.choice((False, "null"))


KINDS = ("leaf", "leaf", "leaf", "retype", "delete", "add", "swap", "drop")


def tamper(record: dict[str, Any], rng: random.Random) -> tuple[str, dict[str, Any]]:
    """(what was changed, a changed deep copy of ``record``)."""
    rec = copy.deepcopy(record)
    # a top-level field first (each equally likely), then any node inside it
    by_field = {k: list(_nodes(v, (k,))) for k, v in rec.items()}
    while True:
        kind = rng.choice(KINDS)
        path, value = rng.choice(by_field[rng.choice(list(by_field))])
        parent, key = _get(rec, path[:-1]), path[-1]
        if kind == "leaf" and not isinstance(value, dict | list):
            new = _changed(value, rng)
            if new == value and type(new) is type(value):
                continue
            parent[key] = new
        elif kind == "retype":
            parent[key] = _retyped(value, rng)
        elif kind == "delete" and isinstance(parent, dict):
            del parent[key]
        elif kind == "add" and isinstance(value, dict):
            value[rng.choice(("extra", "note", "zz"))] = rng.choice((1, "x", None))
        elif kind == "swap" and isinstance(value, list) and len(value) >= 2:
            i, j = rng.sample(range(len(value)), 2)
            if value[i] == value[j]:
                continue
            value[i], value[j] = value[j], value[i]
        elif kind == "drop" and isinstance(value, list) and value:
            del value[rng.randrange(len(value))]
        else:
            continue
        where = ".".join(str(p) for p in path)
        return f"{kind} {where}", rec


def number_leaves(record: dict[str, Any]) -> list[tuple[Path, bool | int]]:
    """Every boolean and integer in a record, with its path."""
    return [(p, v) for p, v in _nodes(record) if type(v) is bool or type(v) is int]


def json_path(path: Path) -> str:
    """A path as the verifiers print it: ``teams[0].team``."""
    out = ""
    for p in path:
        out = f"{out}[{p}]" if isinstance(p, int) else (f"{out}.{p}" if out else p)
    return out


def retyped_number(record: dict[str, Any], path: Path, to: str) -> tuple[str, dict[str, Any]]:
    """A copy of ``record`` where the number or boolean at ``path`` has changed JSON type only
    (Python's ``==`` still calls it equal): ``to`` = "int" (``true`` → ``1``), "bool"
    (``1`` → ``true``, ``0`` → ``false``) or "float" (``3`` → ``3.0``)."""
    rec = copy.deepcopy(record)
    parent, key = _get(rec, path[:-1]), path[-1]
    value = parent[key]
    parent[key] = {"int": int, "bool": bool, "float": float}[to](value)
    assert parent[key] == value and type(parent[key]) is not type(value)
    return f"{to} {json_path(path)}", rec
