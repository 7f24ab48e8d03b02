"""Tests of the draw engine (pure Python, no database): run with ``-p no:django``.

The ``reference_*`` functions re-implement the specification in ``docs/draw-record.md``
literally (sorted lines, integer keys, exact fractions) to check the optimised engine.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import math
import random
import subprocess
import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from suiji_tenants.draws import engine
from suiji_tenants.draws.engine import (
    FORMAT,
    FORMAT_V1,
    CommitmentMismatchError,
    Conflict,
    DepartmentCount,
    DrawInputError,
    DrawInputs,
    DrawParams,
    DrawResult,
    Exclusion,
    Inspector,
    Item,
    PlanRef,
    PoolGroup,
    QuotaShortfallError,
    QuotaSpec,
    Ratio,
    RatioRule,
    RecusalImpossibleError,
    StratumCount,
    TeamSpec,
    TooFewInspectorsError,
    Window,
    Witness,
    run_draw,
)
from suiji_tenants.draws.record import PersonalDataError, build_record

ROOT = Path(__file__).resolve().parents[3]

SECRET = bytes(range(32))
REGIONS = ("533102", "533103")
TYPES = ("施工", "监理")
CLASSES = ("A", "D")


def cid(n: int, region: str = "533103") -> str:
    """An 18-character USCC-shaped id (check character not computed: ids are opaque here)."""
    return f"9153{region[2:]}MA{n:08d}"


def make_pool(per_stratum: int = 20) -> list[PoolGroup]:
    pool = []
    n = 0
    for r in REGIONS:
        for t in TYPES:
            for c in CLASSES:
                ids = []
                for _ in range(per_stratum):
                    n += 1
                    ids.append(cid(n, r))
                pool.append(PoolGroup(r, (r, t, c), ids))
    return pool


def officer(
    n: int,
    dept: str = "住建局",
    cats: tuple[str, ...] = ("建筑市场",),
    valid: str | None = "2026-12-31",
    active: bool = True,
) -> Inspector:
    return Inspector(f"云建执{n:04d}", f"检查员{n:02d}", dept, cats, valid, active)


def expert(n: int, cats: tuple[str, ...] = ("工程质量",)) -> Inspector:
    return Inspector(f"ZJ{n:04d}", f"专家{n:02d}", "专家库", cats, None, True)


def make_inputs(**overrides: Any) -> DrawInputs:
    """A small county draw: 160 candidates in 8 strata, A 10 %, D 30 %, teams of 2."""
    params = DrawParams(
        strata_fields=("region", "type", "credit_class"),
        quota=QuotaSpec.ratio(
            Ratio.percent(10), [RatioRule((("credit_class", "D"),), Ratio.percent(30))]
        ),
        window=Window("2025-03-01", "2025-03-31"),
        team=TeamSpec(team_size=2, max_targets_per_team=4),
    )
    base = DrawInputs(
        draw_id="533103-2025-T01-R1",
        org="533103",
        plan=PlanRef("2025年度双随机抽查计划", "T01", 1),
        params=params,
        items=[Item("JZSC-01", "建筑市场行为", "建筑市场", "住建局")],
        pool=make_pool(),
        secret=SECRET,
        exclusions=[
            Exclusion(cid(9001), "533103", "inspected"),
            Exclusion(cid(9002), "533103", "inactive"),
        ],
        witnesses=[Witness("公证员", "4711")],
        officers=[officer(i) for i in range(20)],
    )
    return dataclasses.replace(base, **overrides)


def with_params(inputs: DrawInputs, **changes: Any) -> DrawInputs:
    return dataclasses.replace(inputs, params=dataclasses.replace(inputs.params, **changes))


def with_team(inputs: DrawInputs, **changes: Any) -> DrawInputs:
    return with_params(inputs, team=dataclasses.replace(inputs.params.team, **changes))


def rich_inputs() -> DrawInputs:
    """Joint-style draw exercising every record section: exclusions, witnesses, two
    departments with mixed teams, experts, ineligible inspectors, swaps and replacements."""
    items = [
        Item("JZSC-01", "建筑市场行为", "建筑市场", "住建局"),
        Item("GCZL-02", "工程质量", "工程质量", "住建局", needs_expert=True),
        Item("XF-01", "消防安全", "消防", "消防救援支队"),
    ]
    officers = [officer(i) for i in range(8)]
    officers += [officer(100 + i, dept="消防救援支队", cats=("消防",)) for i in range(6)]
    officers += [
        officer(200, active=False),
        officer(201, valid="2025-03-15"),
        officer(202, valid=None),
        officer(203, cats=("物业",)),
    ]
    experts = [expert(i) for i in range(5)] + [expert(50, cats=("测绘",))]
    inputs = make_inputs(
        items=items,
        officers=officers,
        experts=experts,
        witnesses=[Witness("公证员", "4711"), Witness("市场监管局代表", "0923")],
    )
    inputs = with_team(
        inputs,
        team_size=3,
        officers_per_department=(
            DepartmentCount("住建局", 1),
            DepartmentCount("消防救援支队", 1),
        ),
        max_targets_per_team=None,
        team_count=3,
    )
    return inputs


@pytest.fixture
def inputs() -> DrawInputs:
    return make_inputs()


# --------------------------------------------------------------------------------------------
# reference implementation, straight from the specification
# --------------------------------------------------------------------------------------------

US = "\x1f"


def lp(b: bytes) -> bytes:
    return len(b).to_bytes(4, "big") + b


def reference_pool_digest(pool: list[PoolGroup]) -> str:
    lines = [(US.join([*g.stratum, g.org, i]) + "\n").encode("utf-8") for g in pool for i in g.ids]
    return hashlib.sha256(b"".join(sorted(lines))).hexdigest()


def reference_exclusions_digest(exclusions: list[Exclusion]) -> str:
    lines = [(US.join([e.reason, e.org, e.id]) + "\n").encode("utf-8") for e in exclusions]
    return hashlib.sha256(b"".join(sorted(lines))).hexdigest()


def reference_seed(inputs: DrawInputs, pool_digest: str) -> bytes:
    w = len(inputs.witnesses).to_bytes(4, "big") + b"".join(
        lp(x.name.encode()) + lp(x.value.encode()) for x in inputs.witnesses
    )
    data = lp(inputs.secret) + lp(w) + lp(bytes.fromhex(pool_digest)) + lp(inputs.draw_id.encode())
    return hashlib.sha256(data).digest()


def int_key(seed: bytes, prefix: bytes, ident: str) -> int:
    return int.from_bytes(hashlib.sha256(seed + prefix + ident.encode()).digest(), "big")


def reference_systematic(
    sizes: list[tuple[tuple[str, ...], int]], params: DrawParams, seed: bytes
) -> list[int]:
    """suiji-draw/2 §6 with exact fractions: strata in stratum-key order, a uniform offset
    u/L from the rounding key, stratum j rounded up when a point u/L + k falls in its slice."""
    q = params.quota
    if q.mode == "ratio":
        exact = [Fraction(n) * Fraction(*_ratio(s, params)) for s, n in sizes]
        den = math.lcm(*(_ratio(s, params)[1] for s, _ in sizes)) if sizes else 1
    else:
        assert q.total is not None
        n_all = sum(n for _, n in sizes)
        exact = [Fraction(q.total * n, n_all) for _, n in sizes]
        den = n_all
    base = [e.numerator // e.denominator for e in exact]
    rem = [e - b for e, b in zip(exact, base, strict=True)]
    i = 0
    while True:
        v = int_key(seed, b"rounding:", str(i))
        if v < 2**256 - 2**256 % den:
            u = Fraction(v % den, den)
            break
        i += 1
    order = sorted(
        range(len(sizes)), key=lambda j: int_key(seed, b"stratum:", US.join(sizes[j][0]))
    )
    lo = u
    for j in order:
        hi = lo + rem[j]
        # number of integers k with lo < k <= hi
        base[j] += (hi.numerator // hi.denominator) - (lo.numerator // lo.denominator)
        lo = hi
    return [max(b, params.min_per_stratum) for b in base]


def reference_quotas(
    sizes: list[tuple[tuple[str, ...], int]], params: DrawParams, seed: bytes, v1: bool = False
) -> list[int]:
    """Largest remainder with exact fractions (ratio and total modes), suiji-draw/1; the
    systematic rounding of suiji-draw/2 unless ``v1``."""
    if not v1:
        return reference_systematic(sizes, params, seed)
    q = params.quota
    if q.mode == "ratio":
        exact = [Fraction(n) * Fraction(*_ratio(s, params)) for s, n in sizes]
        s_total = sum(exact, Fraction(0))
        total = {
            "floor": s_total.numerator // s_total.denominator,
            "ceil": -(-s_total.numerator // s_total.denominator),
            "half_up": (s_total + Fraction(1, 2)).numerator
            // (s_total + Fraction(1, 2)).denominator,
        }[q.rounding]
    else:
        assert q.total is not None
        n_all = sum(n for _, n in sizes)
        exact = [Fraction(q.total * n, n_all) for _, n in sizes]
        total = q.total
    base = [e.numerator // e.denominator for e in exact]
    rem = [e - b for e, b in zip(exact, base, strict=True)]
    order = sorted(
        range(len(sizes)),
        key=lambda i: (-rem[i], int_key(seed, b"stratum:", US.join(sizes[i][0]))),
    )
    for i in order[: total - sum(base)]:
        base[i] += 1
    return [max(b, params.min_per_stratum) for b in base]


def _ratio(stratum: tuple[str, ...], params: DrawParams) -> tuple[int, int]:
    fields = params.strata_fields
    for rule in params.quota.rules:
        if all(stratum[fields.index(f)] == v for f, v in rule.match):
            return rule.ratio.num, rule.ratio.den
    assert params.quota.default is not None
    return params.quota.default.num, params.quota.default.den


def reference_selection(inputs: DrawInputs, result: DrawResult) -> dict[tuple[str, ...], list[str]]:
    by_stratum: dict[tuple[str, ...], list[str]] = {}
    for g in inputs.pool:
        by_stratum.setdefault(tuple(g.stratum), []).extend(g.ids)
    out = {}
    for s in result.strata:
        ranked = sorted(
            by_stratum.get(s.stratum, []),
            key=lambda i: (int_key(result.seed, b"", i), i.encode()),
        )
        out[s.stratum] = ranked[: min(s.quota, s.available)]
    return out


# --------------------------------------------------------------------------------------------
# digests, seed, keys, selection
# --------------------------------------------------------------------------------------------


def test_digests_seed_and_selection_follow_the_specification(inputs: DrawInputs) -> None:
    result = run_draw(inputs)
    assert result.pool_digest == reference_pool_digest(list(inputs.pool))
    assert result.exclusions_digest == reference_exclusions_digest(list(inputs.exclusions))
    assert result.commitment == hashlib.sha256(inputs.secret).hexdigest()
    assert result.seed == reference_seed(inputs, result.pool_digest)
    expected = reference_selection(inputs, result)
    for s in result.strata:
        assert [t.id for t in s.targets] == expected[s.stratum]
        for t in s.targets:
            assert t.key == hashlib.sha256(result.seed + t.id.encode()).digest()


def test_pool_digest_sorts_whole_lines_by_bytes_with_awkward_values() -> None:
    """Prefix ids, non-ASCII strata and orgs, strata whose joined form could collide."""
    pool = [
        PoolGroup("533103", ("a", "bc"), ["X1", "X10", "X2", "Ｘ3", "x"]),
        PoolGroup("533103", ("ab", "c"), ["X0", "X11"]),
        PoolGroup("5331", ("a", "bc"), ["Y", "项目-001"]),
        PoolGroup("533103\u00e9", ("a", "b"), ["Z"]),
        PoolGroup("533103", ("a", "bc"), ["X9"]),  # same group twice: merged
    ]
    digest, size = engine.pool_digest(pool, ("f1", "f2"))
    assert size == 11
    assert digest == reference_pool_digest(pool)
    assert engine.pool_digest(list(reversed(pool)), ("f1", "f2"))[0] == digest


def test_result_does_not_depend_on_input_order(inputs: DrawInputs) -> None:
    rng = random.Random(7)
    shuffled_pool = []
    for g in inputs.pool:
        ids = list(g.ids)
        rng.shuffle(ids)
        half = len(ids) // 2
        shuffled_pool += [
            PoolGroup(g.org, g.stratum, ids[:half]),
            PoolGroup(g.org, g.stratum, ids[half:]),
        ]
    rng.shuffle(shuffled_pool)
    officers = list(inputs.officers)
    rng.shuffle(officers)
    other = dataclasses.replace(
        inputs,
        pool=shuffled_pool,
        officers=officers,
        exclusions=list(reversed(inputs.exclusions)),
    )
    assert build_record(inputs, run_draw(inputs)) == build_record(other, run_draw(other))


def test_the_secret_the_witnesses_and_the_draw_id_all_change_the_seed(inputs: DrawInputs) -> None:
    base = run_draw(inputs).seed
    assert run_draw(dataclasses.replace(inputs, secret=bytes(32))).seed != base
    assert run_draw(dataclasses.replace(inputs, witnesses=[Witness("公证员", "4712")])).seed != base
    assert run_draw(dataclasses.replace(inputs, witnesses=[])).seed != base
    assert run_draw(dataclasses.replace(inputs, draw_id="other")).seed != base
    # length prefixes: moving a character between witness name and value changes the seed
    a = dataclasses.replace(inputs, witnesses=[Witness("ab", "c")])
    b = dataclasses.replace(inputs, witnesses=[Witness("a", "bc")])
    assert run_draw(a).seed != run_draw(b).seed


def test_selection_is_roughly_uniform() -> None:
    """Each of 5 candidates should be drawn about 1/5 of the time over many secrets."""
    counts: Counter[str] = Counter()
    pool = [PoolGroup("533103", ("x",), [f"ID{i}" for i in range(5)])]
    base = make_inputs(pool=pool, exclusions=[])
    base = with_params(
        base, strata_fields=("f",), quota=QuotaSpec.fixed_total(1), team=TeamSpec(team_count=1)
    )
    trials = 1500
    for n in range(trials):
        secret = hashlib.sha256(n.to_bytes(4, "big")).digest()
        result = run_draw(dataclasses.replace(base, secret=secret))
        counts[result.strata[0].targets[0].id] += 1
    for i in range(5):
        assert 220 < counts[f"ID{i}"] < 380, counts


def test_threshold_shortcut_equals_full_sort() -> None:
    ids = [f"C{i:06d}" for i in range(5000)]
    encoded = [i.encode() for i in ids]
    seed = bytes(32)
    keys = [hashlib.sha256(seed + i.encode()).digest() for i in ids]
    for k in (1, 7, 50, 499, 2500, 4999, 5000, 6000):
        got = engine._select(seed, encoded, k)
        want = sorted(zip(keys, encoded, range(len(ids)), strict=True))[:k]
        assert got == want


def test_equal_keys_are_ordered_by_id_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_key_stream", lambda seed, enc: iter([bytes(32)] * len(enc)))
    ids = ["b", "Ａ", "a", "c"]
    picked = engine._select(bytes(32), [i.encode() for i in ids], 3)
    assert [i.decode() for _, i, _ in picked] == ["a", "b", "c"]


def test_gc_is_paused_during_a_draw_and_restored(inputs: DrawInputs) -> None:
    import gc

    assert gc.isenabled()
    with engine.gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    run_draw(inputs)
    assert gc.isenabled()


def test_no_floating_point_or_random_module_in_the_engine() -> None:
    """Selection is integer-only: no true division, no float literal, no float(), no
    random module, no math functions beyond lcm/isqrt/gcd (integers)."""
    for name in ("engine.py", "record.py", "verify.py"):
        src = (ROOT / "tenants/suiji_tenants/draws" / name).read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(src)):
            assert not isinstance(node, ast.Div), name
            if isinstance(node, ast.Constant):
                assert not isinstance(node.value, float), (name, node.lineno)
            if isinstance(node, ast.Name):
                assert node.id not in ("float", "random"), (name, node.lineno)
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert "random" not in names, (name, node.lineno)
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "math"
            ):
                assert node.attr in ("lcm", "isqrt", "gcd"), (name, node.lineno)


def test_engine_verify_and_record_import_without_django() -> None:
    code = (
        "import sys; import suiji_tenants.draws.engine, suiji_tenants.draws.record, "
        "suiji_tenants.draws.verify; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'graphene')]; "
        "assert not bad, bad"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "tenants"), "PATH": "/usr/bin:/bin"},
    )


# --------------------------------------------------------------------------------------------
# quotas
# --------------------------------------------------------------------------------------------


def test_ratio_quotas_match_exact_largest_remainder(inputs: DrawInputs) -> None:
    for rounding in ("floor", "half_up", "ceil"):
        for per in (3, 7, 13, 20):
            q = QuotaSpec.ratio(
                Ratio.basis_points(1234),
                [RatioRule((("credit_class", "D"),), Ratio(1, 3))],
                rounding=rounding,
            )
            case = with_params(make_inputs(pool=make_pool(per), format=FORMAT_V1), quota=q)
            result = run_draw(case)
            sizes = [(s.stratum, s.available) for s in result.strata]
            assert [s.quota for s in result.strata] == reference_quotas(
                sizes, case.params, result.seed, v1=True
            )


def test_ratio_total_rounding_v1() -> None:
    # 8 strata of 5 with 10 %: exact total 4.0 → all roundings agree; per stratum 0.5 each
    q = QuotaSpec.ratio(Ratio.percent(10), rounding="half_up")
    case = with_params(make_inputs(pool=make_pool(5), format=FORMAT_V1), quota=q)
    result = run_draw(case)
    assert sum(s.quota for s in result.strata) == 4
    assert sorted(s.quota for s in result.strata) == [0, 0, 0, 0, 1, 1, 1, 1]
    # 8 strata of 3 with 10 %: exact 2.4 → floor 2, half_up 2, ceil 3
    for rounding, want in (("floor", 2), ("half_up", 2), ("ceil", 3)):
        q = QuotaSpec.ratio(Ratio.percent(10), rounding=rounding)
        result = run_draw(with_params(make_inputs(pool=make_pool(3), format=FORMAT_V1), quota=q))
        assert sum(s.quota for s in result.strata) == want


def test_remainder_ties_are_broken_by_the_keyed_stratum_hash_v1() -> None:
    q = QuotaSpec.ratio(Ratio.percent(10), rounding="half_up")
    case = with_params(make_inputs(pool=make_pool(5), format=FORMAT_V1), quota=q)
    result = run_draw(case)
    by_key = sorted(
        result.strata, key=lambda s: int_key(result.seed, b"stratum:", US.join(s.stratum))
    )
    assert [s.quota for s in by_key] == [1, 1, 1, 1, 0, 0, 0, 0]


def test_total_mode_is_proportional() -> None:
    pool = [
        PoolGroup("533103", ("A",), [f"A{i}" for i in range(50)]),
        PoolGroup("533103", ("B",), [f"B{i}" for i in range(30)]),
        PoolGroup("533103", ("C",), [f"C{i}" for i in range(20)]),
    ]
    case = with_params(
        make_inputs(pool=pool, exclusions=[]),
        strata_fields=("credit_class",),
        quota=QuotaSpec.fixed_total(7),
    )
    result = run_draw(case)
    sizes = [(s.stratum, s.available) for s in result.strata]
    quotas = [s.quota for s in result.strata]
    assert sum(quotas) == 7
    assert quotas == reference_quotas(sizes, case.params, result.seed)
    assert quotas[0] in (3, 4) and quotas[1] == 2 and quotas[2] in (1, 2)


def test_counts_mode_and_shortfall_error_names_the_stratum(inputs: DrawInputs) -> None:
    counts = QuotaSpec.per_stratum(
        [
            StratumCount(("533103", "施工", "A"), 3),
            StratumCount(("533103", "施工", "D"), 25),
        ]
    )
    case = with_params(inputs, quota=counts)
    with pytest.raises(QuotaShortfallError) as exc:
        run_draw(case)
    err = exc.value
    assert err.stratum == ("533103", "施工", "D")
    assert (err.needed, err.available) == (25, 20)
    assert "region=533103/type=施工/credit_class=D" in str(err)
    assert str(err).index("需抽取") < str(err).index("needs")
    capped = run_draw(with_params(case, on_shortfall="cap"))
    by = {s.stratum: s for s in capped.strata}
    assert by[("533103", "施工", "D")].quota == 25
    assert by[("533103", "施工", "D")].drawn == 20
    assert by[("533103", "施工", "A")].drawn == 3
    assert by[("533102", "施工", "A")].drawn == 0


def test_counts_for_a_stratum_missing_from_the_pool(inputs: DrawInputs) -> None:
    case = with_params(
        inputs, quota=QuotaSpec.per_stratum([StratumCount(("533199", "施工", "A"), 1)])
    )
    with pytest.raises(QuotaShortfallError) as exc:
        run_draw(case)
    assert (exc.value.needed, exc.value.available) == (1, 0)


def test_total_above_pool_size(inputs: DrawInputs) -> None:
    case = with_team(
        with_params(inputs, quota=QuotaSpec.fixed_total(10_000)),
        max_targets_per_team=None,
        team_count=1,
    )
    with pytest.raises(QuotaShortfallError) as exc:
        run_draw(case)
    assert exc.value.stratum is None and exc.value.available == 160
    capped = run_draw(with_params(case, on_shortfall="cap"))
    assert sum(s.drawn for s in capped.strata) == 160


def test_min_per_stratum(inputs: DrawInputs) -> None:
    case = with_params(inputs, quota=QuotaSpec.ratio(Ratio(0, 1)), min_per_stratum=2)
    result = run_draw(case)
    assert all(s.quota == 2 and s.drawn == 2 for s in result.strata)
    with pytest.raises(QuotaShortfallError):
        run_draw(with_params(case, min_per_stratum=21))


# --------------------------------------------------------------------------------------------
# inspectors, teams, matching
# --------------------------------------------------------------------------------------------


def test_officer_eligibility_and_ranking() -> None:
    case = rich_inputs()
    result = run_draw(case)
    reasons = {(x.role, x.id): x.reason for x in result.ineligible}
    assert reasons[("officer", "云建执0200")] == "inactive"
    assert reasons[("officer", "云建执0201")] == "certificate_expired"
    assert reasons[("officer", "云建执0202")] == "no_certificate"
    assert reasons[("officer", "云建执0203")] == "category"
    assert reasons[("expert", "ZJ0050")] == "category"
    ranked = [r.id for r in result.officer_ranking]
    assert len(ranked) == 14
    assert ranked == sorted(ranked, key=lambda i: int_key(result.seed, b"officer:", i))
    experts = [r.id for r in result.expert_ranking]
    assert experts == sorted(experts, key=lambda i: int_key(result.seed, b"expert:", i))


def test_certificate_valid_on_the_last_day_is_enough(inputs: DrawInputs) -> None:
    case = dataclasses.replace(inputs, officers=[officer(1, valid="2025-03-31"), officer(2)])
    assert [r.id for r in run_draw(with_team(case, max_targets_per_team=100)).officer_ranking]


def test_joint_draw_eligibility_is_per_department() -> None:
    case = rich_inputs()
    fire_with_housing_category = officer(300, dept="消防救援支队", cats=("建筑市场",))
    case = dataclasses.replace(case, officers=[*case.officers, fire_with_housing_category])
    result = run_draw(case)
    assert ("officer", "云建执0300", "category") in {
        (x.role, x.id, x.reason) for x in result.ineligible
    }


def test_teams_are_dealt_round_robin_from_the_ranking(inputs: DrawInputs) -> None:
    result = run_draw(inputs)
    n_targets = len(result.matching)
    n_teams = len(result.teams)
    assert n_teams == -(-n_targets // 4)
    ranking = [r.id for r in result.officer_ranking]
    for t in result.teams:
        assert list(t.officers) == [ranking[t.number - 1], ranking[n_teams + t.number - 1]]
    loads = [len(t.targets) for t in result.teams]
    assert max(loads) - min(loads) <= 1
    assert sum(loads) == n_targets


def test_matching_deals_targets_in_key_order_over_the_keyed_team_order(inputs: DrawInputs) -> None:
    result = run_draw(inputs)
    targets = sorted(result.targets, key=lambda t: (int.from_bytes(t.key, "big"), t.id))
    order = sorted(
        range(1, len(result.teams) + 1),
        key=lambda n: int_key(result.seed, b"team:", str(n)),
    )
    assert [t for t, _ in result.matching] == [t.id for t in targets]
    for p, (_, team) in enumerate(result.matching):
        assert team == order[p % len(order)]


def test_team_count_parameter_and_cap(inputs: DrawInputs) -> None:
    result = run_draw(with_team(inputs, max_targets_per_team=None, team_count=3))
    assert len(result.teams) == 3
    tiny = with_params(
        with_team(inputs, max_targets_per_team=None, team_count=50),
        quota=QuotaSpec.fixed_total(2),
    )
    assert len(run_draw(tiny).teams) == 2


def test_team_size_below_two_is_rejected(inputs: DrawInputs) -> None:
    with pytest.raises(DrawInputError) as exc:
        run_draw(with_team(inputs, team_size=1))
    assert exc.value.field == "params.team.team_size"
    assert "至少 2 名" in str(exc.value)


def test_too_few_officers(inputs: DrawInputs) -> None:
    case = dataclasses.replace(inputs, officers=[officer(i) for i in range(5)])
    with pytest.raises(TooFewInspectorsError) as exc:
        run_draw(case)
    assert exc.value.role == "officer"
    assert exc.value.available == 5
    targets = len(run_draw(inputs).matching)
    assert exc.value.needed == 2 * -(-targets // 4)
    assert "不足" in str(exc.value) and "too few eligible officers" in str(exc.value)


def test_too_few_officers_of_a_department() -> None:
    case = rich_inputs()
    case = dataclasses.replace(
        case, officers=[o for o in case.officers if not o.id.startswith("云建执01")][:10]
    )
    with pytest.raises(TooFewInspectorsError) as exc:
        run_draw(case)
    assert exc.value.department == "消防救援支队"


def test_experts_are_added_when_an_item_needs_one() -> None:
    result = run_draw(rich_inputs())
    experts = [r.id for r in result.expert_ranking]
    for t in result.teams:
        assert len(t.experts) == 1
        assert len(t.officers) == 3
    assert [t.experts[0] for t in result.teams] == experts[: len(result.teams)]


def test_mixed_teams_have_the_required_departments() -> None:
    case = rich_inputs()
    result = run_draw(case)
    dept = {o.id: o.department for o in case.officers}
    for t in result.teams:
        depts = Counter(dept[o] for o in t.officers)
        assert depts["住建局"] >= 1 and depts["消防救援支队"] >= 1
        assert len(set(t.officers)) == 3
    everyone = [o for t in result.teams for o in t.officers]
    assert len(everyone) == len(set(everyone))


def test_no_experts_when_no_item_needs_one(inputs: DrawInputs) -> None:
    case = dataclasses.replace(inputs, experts=[expert(1)])
    result = run_draw(case)
    assert result.expert_ranking == ()
    assert all(t.experts == () for t in result.teams)


# --------------------------------------------------------------------------------------------
# recusal
# --------------------------------------------------------------------------------------------


def _team_of(result: DrawResult, target: str) -> engine.Team:
    return next(t for t in result.teams if target in t.targets)


def test_recusal_swaps_the_target_with_another_team(inputs: DrawInputs) -> None:
    before = run_draw(inputs)
    x = before.matching[0][0]
    team = _team_of(before, x)
    m = team.officers[1]
    case = dataclasses.replace(inputs, conflicts=[Conflict(m, x, "kinship")])
    after = run_draw(case)
    assert after.seed == before.seed
    (rec,) = after.recusals
    assert (rec.kind, rec.role, rec.inspector, rec.target, rec.team) == (
        "swap",
        "officer",
        m,
        x,
        team.number,
    )
    assert rec.reason == "kinship"
    assert rec.swap_team != team.number and rec.replacement is None
    assert _team_of(after, x).number == rec.swap_team
    assert rec.swap_target is not None and _team_of(after, rec.swap_target).number == team.number
    # the first team in keyed order that works, its first target in key order
    order = sorted(range(1, len(before.teams) + 1), key=lambda n: engine.team_key(before.seed, n))
    first_other = next(n for n in order if n != team.number)
    assert rec.swap_team == first_other
    assert rec.swap_target == next(t for t, n in before.matching if n == first_other)
    # team composition unchanged, loads unchanged
    assert [t.officers for t in after.teams] == [t.officers for t in before.teams]
    assert sorted(len(t.targets) for t in after.teams) == sorted(
        len(t.targets) for t in before.teams
    )


def test_recusal_replaces_when_no_swap_is_possible(inputs: DrawInputs) -> None:
    single = with_team(inputs, max_targets_per_team=None, team_count=1)
    before = run_draw(single)
    x = before.matching[3][0]
    m = before.teams[0].officers[0]
    after = run_draw(dataclasses.replace(single, conflicts=[Conflict(m, x, "employment")]))
    (rec,) = after.recusals
    ranking = [r.id for r in before.officer_ranking]
    assert rec.kind == "replace" and rec.inspector == m
    assert rec.replacement == ranking[2]
    assert after.teams[0].officers == (ranking[2], ranking[1])


def test_replacement_skips_officers_conflicted_with_any_target_of_the_team(
    inputs: DrawInputs,
) -> None:
    single = with_team(inputs, max_targets_per_team=None, team_count=1)
    before = run_draw(single)
    ranking = [r.id for r in before.officer_ranking]
    x, other = before.matching[0][0], before.matching[5][0]
    conflicts = [Conflict(ranking[0], x, "kinship"), Conflict(ranking[2], other, "shareholding")]
    after = run_draw(dataclasses.replace(single, conflicts=conflicts))
    (rec,) = after.recusals
    assert rec.replacement == ranking[3]


def test_swap_considers_both_directions(inputs: DrawInputs) -> None:
    """A team is skipped if it conflicts with the target; a target is skipped if the
    conflicted team also conflicts with it."""
    two = with_team(inputs, max_targets_per_team=None, team_count=2)
    before = run_draw(two)
    x = before.matching[0][0]
    t = _team_of(before, x)
    u = next(team for team in before.teams if team.number != t.number)
    conflicts = [Conflict(t.officers[0], x, "kinship")]
    conflicts += [Conflict(t.officers[1], y, "kinship") for y in u.targets[:2]]
    after = run_draw(dataclasses.replace(two, conflicts=conflicts))
    (rec,) = after.recusals
    assert rec.kind == "swap" and rec.swap_target == u.targets[2]
    blocked = [Conflict(t.officers[0], x, "kinship"), Conflict(u.officers[0], x, "kinship")]
    after = run_draw(dataclasses.replace(two, conflicts=blocked))
    kinds = [r.kind for r in after.recusals]
    assert kinds == ["replace"]


def test_expert_recusal_replaces_from_the_expert_ranking() -> None:
    case = with_team(rich_inputs(), team_count=1)
    before = run_draw(case)
    x = before.matching[0][0]
    e = before.teams[0].experts[0]
    after = run_draw(dataclasses.replace(case, conflicts=[Conflict(e, x, "other")]))
    (rec,) = after.recusals
    assert rec.role == "expert" and rec.kind == "replace"
    assert rec.replacement == before.expert_ranking[1].id
    assert after.teams[0].experts == (before.expert_ranking[1].id,)


def test_mixed_team_replacement_keeps_the_department() -> None:
    case = with_team(rich_inputs(), team_count=1)
    before = run_draw(case)
    dept = {o.id: o.department for o in case.officers}
    fire = next(o for o in before.teams[0].officers if dept[o] == "消防救援支队")
    x = before.matching[0][0]
    after = run_draw(dataclasses.replace(case, conflicts=[Conflict(fire, x, "kinship")]))
    (rec,) = after.recusals
    assert rec.replacement is not None and dept[rec.replacement] == "消防救援支队"


def test_recusal_impossible(inputs: DrawInputs) -> None:
    single = with_team(inputs, max_targets_per_team=None, team_count=1)
    case = dataclasses.replace(single, officers=[officer(1), officer(2)])
    x = run_draw(case).matching[0][0]
    with pytest.raises(RecusalImpossibleError) as exc:
        run_draw(dataclasses.replace(case, conflicts=[Conflict(officer(1).id, x, "kinship")]))
    assert exc.value.target == x and exc.value.inspector == officer(1).id
    assert "回避" in str(exc.value) and "recuse" in str(exc.value)


def test_random_conflicts_always_end_conflict_free_and_balanced() -> None:
    rng = random.Random(11)
    for trial in range(40):
        case = make_inputs(secret=hashlib.sha256(bytes([trial])).digest())
        case = with_team(case, max_targets_per_team=rng.choice([4, 5, 40]))
        if trial % 3 == 0:
            case = with_team(rich_inputs(), team_count=rng.choice([1, 2, 3]))
            case = dataclasses.replace(case, secret=hashlib.sha256(bytes([trial])).digest())
        base = run_draw(case)
        people = [o.id for o in case.officers] + [e.id for e in case.experts]
        targets = [t for t, _ in base.matching]
        conflicts = {(rng.choice(people), rng.choice(targets)) for _ in range(rng.randint(1, 12))}
        case = dataclasses.replace(
            case, conflicts=[Conflict(p, t, "other") for p, t in sorted(conflicts)]
        )
        try:
            result = run_draw(case)
        except RecusalImpossibleError:
            continue
        pairs = set(conflicts)
        for team in result.teams:
            for t in team.targets:
                for m in (*team.officers, *team.experts):
                    assert (m, t) not in pairs
        loads = [len(t.targets) for t in result.teams]
        assert max(loads) - min(loads) <= 1
        members = [m for t in result.teams for m in (*t.officers, *t.experts)]
        assert len(members) == len(set(members))


# --------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda i: dataclasses.replace(i, secret=b"short"), "secret"),
        (lambda i: dataclasses.replace(i, draw_id=""), "draw_id"),
        (
            lambda i: dataclasses.replace(
                i, pool=[*i.pool, PoolGroup("533103", ("533103", "施工", "A"), ["bad\x1fid"])]
            ),
            "pool[8].ids[0]",
        ),
        (
            lambda i: dataclasses.replace(
                i, pool=[*i.pool, PoolGroup("533103", ("533103", "施工", "A"), ["line\nbreak"])]
            ),
            "pool[8].ids[0]",
        ),
        (
            lambda i: dataclasses.replace(
                i, pool=[*i.pool, PoolGroup("533103", ("533103", "施工", "A"), ["ok", ""])]
            ),
            "pool[8].ids[1]",
        ),
        (
            lambda i: dataclasses.replace(
                i, pool=[*i.pool, PoolGroup("533103", ("533103", "施工", "A"), [7])]
            ),
            "pool[8].ids[0]",
        ),
        (
            lambda i: dataclasses.replace(i, pool=[PoolGroup("533103", ("only-one",), ["x"])]),
            "pool[0].stratum",
        ),
        (
            lambda i: dataclasses.replace(
                i, pool=[*i.pool, PoolGroup("533102", ("533102", "监理", "D"), [cid(1, "533102")])]
            ),
            "pool",
        ),
        (
            lambda i: dataclasses.replace(
                i, exclusions=[*i.exclusions, Exclusion(cid(1, "533102"), "533102", "inactive")]
            ),
            "exclusions",
        ),
        (
            lambda i: dataclasses.replace(i, exclusions=[Exclusion("Z1", "533103", "Not A Code")]),
            "exclusions[0].reason",
        ),
        (lambda i: with_params(i, window=Window("2025-04-01", "2025-03-01")), "params.window"),
        (lambda i: with_params(i, window=Window("2025-3-1", "2025-03-31")), "params.window.start"),
        (lambda i: with_team(i, team_count=2), "params.team"),
        (lambda i: with_params(i, on_shortfall="ignore"), "params.on_shortfall"),
        (lambda i: with_params(i, quota=QuotaSpec.ratio(Ratio(3, 2))), "params.quota.default"),
        (
            lambda i: with_params(
                i, quota=QuotaSpec.ratio(Ratio(1, 2), [RatioRule((("colour", "A"),), Ratio(1, 2))])
            ),
            "params.quota.rules[0].match[0].field",
        ),
        (lambda i: dataclasses.replace(i, items=[]), "items"),
        (
            lambda i: dataclasses.replace(
                i, officers=[Inspector("X1", "甲", "住建局", "建筑市场", "2026-12-31")]
            ),
            "officers[0].categories",
        ),
        (
            lambda i: dataclasses.replace(i, pool=[PoolGroup("533103", "施工", ["x"])]),
            "pool[0].stratum",
        ),
        (
            lambda i: dataclasses.replace(i, officers=[officer(1), officer(1)]),
            "officers[1].id",
        ),
        (
            lambda i: dataclasses.replace(
                i, conflicts=[Conflict("a", "b", "other"), Conflict("a", "b", "kinship")]
            ),
            "conflicts[1]",
        ),
        (
            lambda i: with_team(
                dataclasses.replace(
                    i, items=[Item("Q", "质量", "建筑市场", "住建局", needs_expert=True)]
                ),
                experts_per_team=0,
            ),
            "params.team.experts_per_team",
        ),
    ],
)
def test_bad_input_names_the_field(inputs: DrawInputs, change: Any, field: str) -> None:
    with pytest.raises(DrawInputError) as exc:
        run_draw(change(inputs))
    assert exc.value.field == field
    message = str(exc.value)
    assert message.startswith(field + "：")
    assert " / " + field + ": " in message


def test_commitment_and_pool_digest_published_at_commit_are_checked(inputs: DrawInputs) -> None:
    result = run_draw(inputs)
    ok = dataclasses.replace(
        inputs, commitment=result.commitment, expected_pool_digest=result.pool_digest
    )
    assert run_draw(ok).seed == result.seed
    with pytest.raises(CommitmentMismatchError):
        run_draw(dataclasses.replace(ok, secret=bytes(32)))
    with pytest.raises(CommitmentMismatchError):
        run_draw(dataclasses.replace(ok, pool=list(ok.pool)[1:]))


def test_helpers_for_the_commit_step(inputs: DrawInputs) -> None:
    secret = engine.new_secret()
    assert len(secret) == 32
    assert engine.commitment_of(secret) == hashlib.sha256(secret).hexdigest()
    digest, size = engine.pool_digest(inputs.pool, inputs.params.strata_fields)
    assert (digest, size) == (run_draw(inputs).pool_digest, 160)
    assert engine.exclusions_digest(inputs.exclusions) == (
        reference_exclusions_digest(list(inputs.exclusions)),
        2,
    )
    assert sum(engine.stratum_counts(inputs.pool).values()) == 160


def test_personal_data_is_refused_in_the_record(inputs: DrawInputs) -> None:
    result = run_draw(inputs)
    bad_officer = Inspector("云建执0099", "张三 13812345678", "住建局", ("建筑市场",), "2026-12-31")
    case = dataclasses.replace(inputs, officers=[*inputs.officers, bad_officer])
    with pytest.raises(PersonalDataError) as exc:
        build_record(case, run_draw(case))
    assert exc.value.field == "officers[20].name"
    ric = "11010519491231002X"
    # suiji-draw/1 records carried free-text reasons: still scanned
    case = dataclasses.replace(
        inputs,
        conflicts=[Conflict(officer(1).id, cid(1), f"身份证 {ric} 的亲属")],
        format=FORMAT_V1,
        params=dataclasses.replace(
            inputs.params, quota=dataclasses.replace(inputs.params.quota, rounding="half_up")
        ),
    )
    with pytest.raises(PersonalDataError):
        build_record(case, run_draw(case))
    # suiji-draw/2 takes reason codes only: the free text cannot even reach the record
    with pytest.raises(DrawInputError) as bad:
        run_draw(dataclasses.replace(case, format=FORMAT))
    assert bad.value.field in ("conflicts[0].reason", "params.quota.rounding")
    # ids that only look like numbers are fine
    assert build_record(inputs, result)["format"] == "suiji-draw/2"


def test_plan_reference_is_kept(inputs: DrawInputs) -> None:
    case = dataclasses.replace(inputs, plan=PlanRef("P-2025", "T-9", 2))
    record = build_record(case, run_draw(case))
    assert record["plan"] == {"plan": "P-2025", "task": "T-9", "round": 2}


def test_department_count_sorting_in_record() -> None:
    case = rich_inputs()
    record = build_record(case, run_draw(case))
    assert [d["department"] for d in record["params"]["team"]["officers_per_department"]] == sorted(
        ["住建局", "消防救援支队"]
    )
    assert isinstance(DepartmentCount("x", 1), DepartmentCount)
