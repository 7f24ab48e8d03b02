"""suiji-draw/2: systematic rounding (every entity drawn with its stratum's declared ratio),
the R5 cap, published probabilities, the commit record, conflict codes, the format's edges
(ERROR vs FAIL) and suiji-draw/1 records still verified with the old rules."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from suiji_tenants.draws import engine
from suiji_tenants.draws.engine import (
    FORMAT_V1,
    DepartmentCount,
    DrawInputError,
    DrawParams,
    Item,
    PoolGroup,
    QuotaCapError,
    QuotaSpec,
    Ratio,
    RatioRule,
    Window,
    allocate_quotas,
    run_draw,
)
from suiji_tenants.draws.record import build_record, commit_json
from suiji_tenants.draws.verify import check_commit, load_record, main, verify_record

from .test_engine import make_inputs, officer, with_params, with_team
from .test_verify import rich_case

Sizes = list[tuple[tuple[str, ...], int]]


def stress_sizes() -> Sizes:
    """Hundreds of strata of 1–5 entities beside a few big ones (the 芒市 case of issue 9)."""
    sizes: Sizes = [((f"乡镇{i:03d}", "施工", "B"), 1 + i % 5) for i in range(300)]
    sizes += [(("勐焕街道", "施工", c), 400 + 37 * k) for k, c in enumerate("ABCD")]
    return sorted(sizes, key=lambda s: engine.stratum_bytes(s[0]))


def ratio_params(
    default: Ratio | None = None, rules: tuple[RatioRule, ...] = (), **kw: Any
) -> DrawParams:
    return DrawParams(
        strata_fields=("region", "type", "credit_class"),
        quota=QuotaSpec.ratio(default or Ratio.basis_points(300), rules),
        window=Window("2025-03-01", "2025-03-31"),
        **kw,
    )


# --- fair rounding --------------------------------------------------------------------------


def test_every_offset_rounds_each_stratum_up_exactly_rem_times(monkeypatch: Any) -> None:
    """Over all L offsets u, stratum s is rounded up exactly rem_s times: its chance is its
    exact fractional quota, hence every entity's chance is the declared ratio, exactly."""
    sizes = [((f"s{i}", "t", "B"), n) for i, n in enumerate((1, 2, 3, 5, 7, 11, 40))]
    params = ratio_params(Ratio(3, 8), (RatioRule((("region", "s6"),), Ratio(1, 3)),))
    scaled, denom = engine.exact_quotas(sizes, params)  # type: ignore[misc]
    ups = Counter[int]()
    totals = set()
    for u in range(denom):
        monkeypatch.setattr(engine, "rounding_offset", lambda seed, d, u=u: u)
        quotas = allocate_quotas(sizes, params, hashlib.sha256(b"x").digest())
        totals.add(sum(quotas))
        for i, (q, x) in enumerate(zip(quotas, scaled, strict=True)):
            assert q - x // denom in (0, 1)
            ups[i] += q - x // denom
    assert [ups[i] for i in range(len(sizes))] == [x % denom for x in scaled]
    exact = Fraction(sum(scaled), denom)
    assert totals <= {math.floor(exact), math.ceil(exact)}


def test_fairness_over_seeds_small_strata_are_drawn_with_their_ratio() -> None:
    """Bounded property test: 1,500 seeds; each small stratum's frequency of an extra target
    stays within 5 standard errors of its exact fractional quota, totals within one target."""
    sizes = stress_sizes()
    params = ratio_params()
    scaled, denom = engine.exact_quotas(sizes, params)  # type: ignore[misc]
    base = [x // denom for x in scaled]
    exact_total = Fraction(sum(scaled), denom)
    runs = 1500
    extra = [0] * len(sizes)
    for i in range(runs):
        quotas = allocate_quotas(sizes, params, hashlib.sha256(f"seed {i}".encode()).digest())
        assert math.floor(exact_total) <= sum(quotas) <= math.ceil(exact_total)
        for j, q in enumerate(quotas):
            extra[j] += q - base[j]
    worst = 0.0
    for j, x in enumerate(scaled):
        p = (x % denom) / denom
        if 0 < p < 1:
            se = math.sqrt(p * (1 - p) / runs)
            worst = max(worst, abs(extra[j] / runs - p) / se)
        else:
            assert extra[j] == 0
    assert worst <= 5, worst


def test_largest_remainder_of_suiji_draw_1_starves_small_strata() -> None:
    """The bug of issue 9, kept for /1 records: strata of one entity at 3 % are never drawn
    (the remainders of bigger strata always win), under /2 about 3 % of the time."""
    sizes = stress_sizes()
    params = ratio_params()
    params = dataclasses.replace(
        params, quota=dataclasses.replace(params.quota, rounding="half_up")
    )
    single = [j for j, (s, n) in enumerate(sizes) if n == 1]
    seeds = [hashlib.sha256(f"{i}".encode()).digest() for i in range(100)]
    v1 = [allocate_quotas(sizes, params, seed, FORMAT_V1) for seed in seeds]
    v2 = [allocate_quotas(sizes, ratio_params(), seed) for seed in seeds]
    assert sum(q[j] for q in v1 for j in single) == 0
    assert 0 < sum(q[j] for q in v2 for j in single) < 100 * len(single) * 0.06


def test_the_record_publishes_each_strata_ratio_and_probability() -> None:
    case = make_inputs()
    record = build_record(case, run_draw(case))
    for s in record["strata"]:
        want = Fraction(30, 100) if s["stratum"][2] == "D" else Fraction(10, 100)
        assert s["ratio"] == {"num": want.numerator * (100 // want.denominator), "den": 100}
        got = Fraction(s["probability"]["num"], s["probability"]["den"])
        assert got == want and math.gcd(s["probability"]["num"], s["probability"]["den"]) == 1
    assert verify_record(record).ok


def test_min_per_stratum_and_counts_change_the_published_probability() -> None:
    case = with_params(make_inputs(), min_per_stratum=3)
    record = build_record(case, run_draw(case))
    assert {json.dumps(s["probability"]) for s in record["strata"]} == {
        json.dumps({"num": 3, "den": 20}),  # 10 % of 20 = 2 < 3
        json.dumps({"num": 3, "den": 10}),  # 30 % of 20 = 6
    }


# --- the cap (R5) -------------------------------------------------------------------------


def test_a_ratio_above_the_cap_names_the_stratum_and_the_cap() -> None:
    case = with_params(make_inputs(), cap=Ratio.basis_points(100))
    with pytest.raises(QuotaCapError) as exc:
        run_draw(case)
    assert exc.value.stratum is not None and "1%" in exc.value.message
    assert "超过上限" in exc.value.message and exc.value.field == "params.cap"


def test_the_cap_is_never_exceeded_whatever_the_seed() -> None:
    sizes = stress_sizes()
    params = ratio_params(Ratio.basis_points(100), cap=Ratio.basis_points(100))
    # exactly 1 % of a pool that is not a multiple of 100: the rounding could reach one more
    with pytest.raises(QuotaCapError) as exc:
        engine.check_cap(sizes, params)
    assert exc.value.stratum is None and exc.value.most == exc.value.allowed + 1
    params = dataclasses.replace(params, quota=QuotaSpec.ratio(Ratio.basis_points(90)))
    engine.check_cap(sizes, params)
    allowed = sum(n for _, n in sizes) // 100
    for i in range(200):
        quotas = allocate_quotas(sizes, params, hashlib.sha256(f"{i}".encode()).digest())
        assert sum(quotas) <= allowed


# --- inspectors' probabilities --------------------------------------------------------------


def mixed_case() -> Any:
    items = [
        Item("JZSC-01", "建筑市场行为", "建筑市场", "住建局"),
        Item("XF-01", "消防", "消防", "消防救援支队"),
    ]
    officers = [officer(i) for i in range(9)]
    officers += [officer(100 + i, "消防救援支队", ("消防",)) for i in range(5)]
    case = make_inputs(items=items, officers=officers)
    return with_team(
        case,
        team_size=3,
        officers_per_department=(DepartmentCount("住建局", 1), DepartmentCount("消防救援支队", 1)),
        max_targets_per_team=8,
    )


def test_officer_probabilities_match_their_frequency_in_a_mixed_draw() -> None:
    case = mixed_case()
    record = build_record(case, run_draw(case))
    published = {
        r["id"]: Fraction(r["probability"]["num"], r["probability"]["den"])
        for r in record["officer_ranking"]
    }
    n_teams = len(record["teams"])
    seen = Counter[str]()
    runs = 400
    for i in range(runs):
        result = run_draw(dataclasses.replace(case, witnesses=[engine.Witness("w", str(i))]))
        assert len(result.teams) == n_teams
        for t in result.teams:
            seen.update(t.officers)
    for oid, p in published.items():
        f = float(p)
        se = math.sqrt(f * (1 - f) / runs) or 1e-9
        assert abs(seen[oid] / runs - f) <= 5 * se + 1e-9, (oid, seen[oid], p)
    assert verify_record(record).ok


def test_ordinary_draw_officer_probability_is_seats_over_eligible() -> None:
    case = make_inputs()
    record = build_record(case, run_draw(case))
    seats = len(record["teams"]) * 2
    assert {
        (r["probability"]["num"], r["probability"]["den"]) for r in record["officer_ranking"]
    } == {(Fraction(seats, 20).numerator, Fraction(seats, 20).denominator)}


# --- conflicts: codes only ---------------------------------------------------------------


def test_a_conflict_without_a_reason_code_is_refused() -> None:
    case = make_inputs(conflicts=[engine.Conflict(officer(1).id, "X", "配偶在该企业任职")])
    with pytest.raises(DrawInputError) as exc:
        run_draw(case)
    assert exc.value.field == "conflicts[0].reason" and "kinship" in exc.value.message


# --- edges of the format -----------------------------------------------------------------


def test_empty_pool_and_exclusion_groups_are_refused() -> None:
    with pytest.raises(DrawInputError) as exc:
        run_draw(make_inputs(pool=[*make_inputs().pool, PoolGroup("533103", ("x", "y", "z"), [])]))
    assert exc.value.field.endswith(".ids")
    record = build_record(make_inputs(), run_draw(make_inputs()))
    record["pool"].append({"stratum": ["x", "y", "z"], "org": "533103", "ids": []})
    report = verify_record(record)
    assert not report.ok and report.exit_code == 1 and report.path == "pool[8].ids"


def test_parameter_checks_run_with_an_empty_pool() -> None:
    case = with_team(make_inputs(pool=[], exclusions=[]), team_size=1)
    with pytest.raises(DrawInputError) as exc:
        run_draw(case)
    assert exc.value.field == "params.team.team_size"


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "suiji-draw/2", "draw_id": "\\ud800"}',
        '{"format": "suiji-draw/2", "x": ["ok", "\\udc00x"]}',
        "[" * 1000 + "]" * 1000,
        '{"format": "suiji-draw/2", "timestamps": ' + "[" * 100 + "]" * 100 + "}",
    ],
)
def test_lone_surrogates_and_deep_nesting_are_errors(
    text: str, tmp_path: Path, capsys: Any
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    assert main([str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ERROR:") and "Traceback" not in err


def test_a_surrogate_pair_is_a_valid_character() -> None:
    assert load_record(b'{"a": "\\ud83d\\ude00"}') == {"a": "\U0001f600"}


def test_derived_values_are_compared_type_strictly() -> None:
    case = make_inputs()
    record = build_record(case, run_draw(case))
    record["strata"][0]["probability"]["den"] = (
        True
        if record["strata"][0]["probability"]["den"] == 1
        else float(record["strata"][0]["probability"]["den"])
    )
    assert not verify_record(record).ok


# --- the commit record ------------------------------------------------------------------


def commit_of(case: Any) -> dict[str, Any]:
    canonical = engine.canonicalise(case.pool, case.exclusions, case.params.strata_fields)
    inputs = dataclasses.replace(case, commitment=engine.commitment_of(case.secret), secret=b"")
    return load_record(commit_json(inputs, canonical, committed_at="2025-03-01T09:00:00+08:00"))  # type: ignore[no-any-return]


def test_the_commit_record_matches_the_final_record_and_names_the_first_difference(
    tmp_path: Path, capsys: Any
) -> None:
    case = rich_case()
    record = build_record(
        case,
        run_draw(case),
        timestamps={"committed_at": "2025-03-01T09:00:00+08:00", "revealed_at": None},
    )
    commit = commit_of(case)
    assert "secret" not in commit and "seed" not in commit and "witnesses" not in commit
    assert check_commit(commit, record).ok
    # a server that committed, looked, and committed again with other parameters
    other = json.loads(json.dumps(commit))
    size = record["params"]["team"]["team_size"]
    other["params"]["team"]["team_size"] = size + 1
    report = check_commit(other, record)
    assert report.path == "commit.params.team.team_size" and report.line().startswith(
        f"FAIL: commit.params.team.team_size: committed {size + 1}, got {size}"
    )
    # a value of another JSON type that Python's == would take for equal
    other = json.loads(json.dumps(commit))
    other["items"][0]["needs_expert"] = int(other["items"][0]["needs_expert"])
    assert check_commit(other, record).path == "commit.items[0].needs_expert"
    # another pool
    other = json.loads(json.dumps(commit))
    other["pool"][0]["ids"] = other["pool"][0]["ids"][1:]
    other["pool_size"] -= 1
    assert check_commit(other, record).path == "commit.pool_size"
    # on the command line
    (tmp_path / "c.json").write_text(json.dumps(commit, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "o.json").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "r.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert main(["--commit", str(tmp_path / "c.json"), str(tmp_path / "r.json")]) == 0
    assert main(["--commit", str(tmp_path / "o.json"), str(tmp_path / "r.json")]) == 1
    assert "FAIL: commit.pool_size" in capsys.readouterr().out
    (tmp_path / "x.json").write_text('{"format": "suiji-draw/2"}', encoding="utf-8")
    assert main(["--commit", str(tmp_path / "x.json"), str(tmp_path / "r.json")]) == 2


# --- suiji-draw/1 -----------------------------------------------------------------------


def test_suiji_draw_1_records_are_verified_with_the_old_rules() -> None:
    case = dataclasses.replace(mixed_case(), format=FORMAT_V1)
    case = with_params(case, quota=dataclasses.replace(case.params.quota, rounding="half_up"))
    case = dataclasses.replace(case, conflicts=[engine.Conflict(officer(1).id, "X1", "配偶任职")])
    record = build_record(case, run_draw(case))
    assert record["format"] == "suiji-draw/1" and "probability" not in record["strata"][0]
    assert "cap" not in record["params"] and verify_record(record).ok
    # the same inputs under /2 rules: other fields, other free seats, codes required
    record["format"] = "suiji-draw/2"
    assert not verify_record(record).ok
