"""Benchmark of the draw engine and the verifier on 1,000,000 synthetic candidates.

Run: ``python tests/bench/bench_verify.py`` (from the repository root). Prints ``name=value
unit`` lines, medians of 3 runs:

* ``engine_1m_seconds``: ``run_draw`` on the pool (validation, pool and exclusion digests,
  seed, quotas, keys of every candidate, selection, inspector ranking, teams, matching,
  recusals) – the engine's part of a draw, without the database;
* ``verify_synthetic_1m_seconds``: what ``verify-draw FILE`` does after reading the file:
  parse the JSON, re-derive everything and compare (the issue's ``verify_1m_seconds``, on a
  draw made through the services, is printed by ``bench_draw.py``);
* informational: the same two as CPU time of this process (``*_cpu_seconds``: less sensitive
  to other load on the machine), ``record_build_1m_seconds`` and ``record_json_mb``.

Synthetic data: 18-character USCC-shaped ids with a valid GB 32100 check character, strata
region (5) × type (8) × credit class (5) = 200 strata, ~5 % excluded, a 1 % draw.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tenants"))

from suiji_tenants.draws.engine import (  # noqa: E402
    Conflict,
    DrawInputs,
    DrawParams,
    Exclusion,
    Inspector,
    Item,
    PlanRef,
    PoolGroup,
    QuotaSpec,
    Ratio,
    TeamSpec,
    Window,
    Witness,
    run_draw,
)
from suiji_tenants.draws.record import build_record  # noqa: E402
from suiji_tenants.draws.verify import load_record, verify_record  # noqa: E402

N = 1_000_000
RUNS = 3
REGIONS = ("533102", "533103", "533122", "533123", "533124")
TYPES = ("施工", "监理", "房地产开发", "勘察", "设计", "造价咨询", "质量检测", "物业服务")
CLASSES = ("A", "B", "C", "D", "M")
CLASS_WEIGHTS = (20, 45, 20, 10, 5)
EXCLUSION_REASONS = ("inactive", "inspected", "visit_cap", "targeted")

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _chunk_tables() -> list[list[tuple[str, int]]]:
    """Weighted-sum tables for the 9-character organisation code, 3 characters at a time."""
    tables = []
    for start in (8, 11, 14):
        w = USCC_WEIGHTS[start : start + 3]
        table = []
        for a in range(31):
            for b in range(31):
                for c in range(31):
                    text = USCC_ALPHABET[a] + USCC_ALPHABET[b] + USCC_ALPHABET[c]
                    table.append((text, a * w[0] + b * w[1] + c * w[2]))
        tables.append(table)
    return tables


def _prefix_sum(prefix: str) -> int:
    return sum(USCC_ALPHABET.index(c) * w for c, w in zip(prefix, USCC_WEIGHTS, strict=False))


def uscc_factory(rng: random.Random) -> Callable[[str], str]:
    """USCC-shaped ids: 9 (registered by market supervision), 1 (enterprise), region code,
    9-character organisation code, GB 32100 check character."""
    tables = _chunk_tables()
    prefix_sums = {r: _prefix_sum("91" + r) for r in REGIONS}
    size = 31**3

    def make(region: str) -> str:
        (a, sa), (b, sb), (c, sc) = (t[rng.randrange(size)] for t in tables)
        total = prefix_sums[region] + sa + sb + sc
        return "91" + region + a + b + c + USCC_ALPHABET[(31 - total % 31) % 31]

    return make


def generate(seed: int = 20250301) -> tuple[list[PoolGroup], list[Exclusion]]:
    rng = random.Random(seed)
    uscc = uscc_factory(rng)
    groups: dict[tuple[str, str, str], list[str]] = {}
    exclusions: list[Exclusion] = []
    seen: set[str] = set()
    strata = [(r, t, c) for r in REGIONS for t in TYPES for c in CLASSES]
    weights = [CLASS_WEIGHTS[CLASSES.index(c)] for _, _, c in strata]
    chosen = rng.choices(strata, weights=weights, k=N)
    for stratum in chosen:
        cid = uscc(stratum[0])
        while cid in seen:
            cid = uscc(stratum[0])
        seen.add(cid)
        if rng.random() < 0.05:
            exclusions.append(Exclusion(cid, stratum[0], rng.choice(EXCLUSION_REASONS)))
        else:
            groups.setdefault(stratum, []).append(cid)
    pool = [PoolGroup(s[0], s, ids) for s, ids in groups.items()]
    return pool, exclusions


def make_inputs(pool: list[PoolGroup], exclusions: list[Exclusion]) -> DrawInputs:
    officers = [
        Inspector(
            f"云{REGIONS[i % 5]}执{i:05d}",
            f"检查员{i:03d}",
            "住建局",
            ("建筑市场", "工程质量") if i % 2 else ("建筑市场",),
            "2026-12-31" if i % 40 else "2025-01-31",
            active=i % 97 != 0,
        )
        for i in range(600)
    ]
    experts = [
        Inspector(f"ZJ{i:05d}", f"专家{i:03d}", "专家库", ("工程质量",), None) for i in range(300)
    ]
    return DrawInputs(
        draw_id="533100-2025-T01-R1",
        org="533100",
        plan=PlanRef("2025年度随机抽查计划", "T01", 1),
        params=DrawParams(
            strata_fields=("region", "type", "credit_class"),
            quota=QuotaSpec.ratio(Ratio.percent(1)),
            window=Window("2025-03-01", "2025-06-30"),
            team=TeamSpec(team_size=2, max_targets_per_team=50, experts_per_team=1),
        ),
        items=[
            Item("ZJ-JZSC-01", "建筑市场行为检查", "建筑市场", "住建局"),
            Item("ZJ-GCZL-02", "工程质量检查", "工程质量", "住建局", needs_expert=True),
        ],
        pool=pool,
        secret=os.urandom(32),
        exclusions=exclusions,
        witnesses=[Witness("公证员", "402917"), Witness("市场监管局", "77")],
        officers=officers,
        experts=experts,
    )


def add_conflicts(inputs: DrawInputs) -> DrawInputs:
    """Declared conflicts on every 250th drawn target (with a member of its team) and some on
    candidates that are not drawn, so the timed runs include recusals."""
    first = run_draw(inputs)
    team_of = {t.number: t for t in first.teams}
    conflicts = [
        Conflict(team_of[team].officers[n % 2], target, "kinship")
        for n, (target, team) in enumerate(first.matching[::250])
    ]
    conflicts += [
        Conflict(o.id, g.ids[-1], "employment")
        for o, g in zip(inputs.officers[:50], inputs.pool, strict=False)
    ]
    unique = {(c.inspector_id, c.candidate_id): c for c in conflicts}
    return dataclasses.replace(inputs, conflicts=list(unique.values()))


def median_time(fn: Callable[[], Any], runs: int = RUNS) -> tuple[float, float, Any]:
    """Median wall-clock seconds, median CPU seconds of this process, last result."""
    walls, cpus = [], []
    out = None
    for _ in range(runs):
        gc.collect()
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - w0)
    return statistics.median(walls), statistics.median(cpus), out


def main() -> int:
    t0 = time.perf_counter()
    pool, exclusions = generate()
    inputs = add_conflicts(make_inputs(pool, exclusions))
    print(f"# generated {N} candidates in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    engine_s, engine_cpu, result = median_time(lambda: run_draw(inputs))
    build_s, _, record = median_time(lambda: build_record(inputs, result))
    data = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def verify() -> Any:
        return verify_record(load_record(data))

    verify_s, verify_cpu, report = median_time(verify)
    if not report.ok:
        print(report.line(), file=sys.stderr)
        return 1
    targets = len(result.matching)
    print(
        f"# pool={result.pool_size} excluded={result.excluded_count} strata={len(result.strata)} "
        f"targets={targets} teams={len(result.teams)} recusals={len(result.recusals)}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
        file=sys.stderr,
    )
    print(f"engine_1m_seconds={engine_s:.3f} s")
    print(f"verify_synthetic_1m_seconds={verify_s:.3f} s")
    print(f"engine_1m_cpu_seconds={engine_cpu:.3f} s")
    print(f"verify_synthetic_1m_cpu_seconds={verify_cpu:.3f} s")
    print(f"record_build_1m_seconds={build_s:.3f} s")
    print(f"record_json_mb={len(data) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
