"""Pre-draw simulation of one task round (pure: counts in, targets and warnings out).

Quotas, probabilities and the rounding warning come from the draw's own arithmetic
(`suiji_tenants.draws.chances`, integers only). The draw rounds each stratum's exact quota up
or down by its revealed seed (systematic rounding, docs/draw-record.md §6), unknown beforehand:
the simulation gives each stratum's least and most targets and each entity's probability of
being drawn, which equals its stratum's declared ratio.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from suiji_tenants.draws.chances import chances
from suiji_tenants.draws.engine import (
    DrawParams,
    QuotaSpec,
    Ratio,
    RatioRule,
    TeamSpec,
    Window,
    team_count_for,
)
from suiji_tenants.draws.notices import Notice

STRATA_FIELDS = ("region", "entity_type", "credit_class")

Stratum = tuple[str, str, str]


@dataclass(frozen=True)
class SimulationSpec:
    """What the task asks for in one round (ratios in basis points: 100 = 1 %)."""

    sampling_mode: str  # "ratio" | "count"
    window_start: str
    window_end: str
    ratio_bp: int = 0
    credit_ratios_bp: Mapping[str, int] = field(default_factory=dict)
    target_count: int = 0
    officers_per_team: int = 2
    targets_per_team: int = 5
    experts_per_team: int = 0
    needs_expert: bool = False


@dataclass(frozen=True)
class StratumTarget:
    region: str
    entity_type: str
    credit_class: str
    pool: int
    ratio_bp: int | None
    targets: int
    """Most targets (the seed may round one down)."""
    targets_min: int = 0
    probability: Ratio | None = None
    """Each entity's chance of being drawn (= the declared ratio, §6)."""


@dataclass(frozen=True)
class SimulationResult:
    strata: list[StratumTarget]
    pool: int
    targets: int
    teams: int
    officers_needed: int
    officers_eligible: int
    experts_needed: int
    experts_eligible: int
    warnings: list[str]
    targets_min: int = 0
    # A joint task: the pool per county and stratum, the officers per department.
    counties: list["CountyPool"] = field(default_factory=list)
    departments: list["DepartmentOfficers"] = field(default_factory=list)


@dataclass(frozen=True)
class CountyPool:
    code: str
    name: str
    region: str
    entity_type: str
    credit_class: str
    pool: int


@dataclass(frozen=True)
class DepartmentOfficers:
    department: str
    label: str
    eligible: int
    needed: int


def simulate_round(
    counts: Sequence[tuple[Stratum, int]],
    spec: SimulationSpec,
    *,
    officers_eligible: int,
    experts_eligible: int,
) -> SimulationResult:
    """R5/R7: targets per stratum under the (credit) ratios or a count; R10: teams of
    `officers_per_team` officers (+ experts when an item needs them) and whether enough
    eligible inspectors exist."""
    sizes = sorted((tuple(s), n) for s, n in counts if n > 0)
    if spec.sampling_mode == "count":
        quota = QuotaSpec.fixed_total(spec.target_count)
    else:
        rules = [
            RatioRule((("credit_class", cls),), Ratio.basis_points(bp))
            for cls, bp in sorted(spec.credit_ratios_bp.items())
        ]
        quota = QuotaSpec.ratio(Ratio.basis_points(spec.ratio_bp), rules)
    params = DrawParams(
        strata_fields=STRATA_FIELDS,
        quota=quota,
        window=Window(spec.window_start, spec.window_end),
        team=TeamSpec(
            team_size=spec.officers_per_team, max_targets_per_team=max(spec.targets_per_team, 1)
        ),
        on_shortfall="cap",
    )
    c = chances(sizes, params)
    strata = []
    for (stratum, pool), x in zip(sizes, c.strata, strict=True):
        ratio = (
            spec.credit_ratios_bp.get(stratum[2], spec.ratio_bp)
            if spec.sampling_mode == "ratio"
            else None
        )
        strata.append(
            StratumTarget(
                stratum[0],
                stratum[1],
                stratum[2],
                pool,
                ratio,
                min(x.quota_max, pool),
                min(x.quota_min, pool),
                x.probability,
            )
        )
    pool = sum(n for _, n in sizes)
    targets = c.targets_max
    teams = team_count_for(targets, params.team)
    officers_needed = teams * spec.officers_per_team
    experts_needed = teams * spec.experts_per_team if spec.needs_expert else 0
    warnings: list[str] = [c.warning] if c.warning else []
    if pool == 0:
        warnings.append(Notice("pool_empty", "符合抽查范围的存续市场主体为 0，请检查定向条件。"))
    elif targets == 0:
        warnings.append(
            Notice("no_targets", "按当前比例本轮抽不到任何对象，请提高比例或改为按数量抽取。")
        )
    if spec.sampling_mode == "count" and spec.target_count > pool:
        warnings.append(
            Notice(
                "count_over_pool",
                f"计划抽取 {spec.target_count} 户，但符合范围的只有 {pool} 户。",
                count=spec.target_count,
                pool=pool,
            )
        )
    if officers_eligible < officers_needed:
        warnings.append(
            Notice(
                "officers_short",
                f"需要 {teams} 个检查组共 {officers_needed} 名执法人员，"
                f"符合条件（在库、执法证在整个时段内有效、专业门类相符）的只有 {officers_eligible} 名。",
                teams=teams,
                needed=officers_needed,
                eligible=officers_eligible,
            )
        )
    elif teams == 0 and officers_eligible < spec.officers_per_team:
        warnings.append(
            Notice(
                "officers_for_one_team",
                f"符合条件的执法人员不足 {spec.officers_per_team} 名，无法组成检查组。",
                per_team=spec.officers_per_team,
            )
        )
    if experts_needed and experts_eligible < experts_needed:
        warnings.append(
            Notice(
                "experts_short",
                f"事项需要专家参与：需要 {experts_needed} 名专家，符合条件的只有 {experts_eligible} 名。",
                needed=experts_needed,
                eligible=experts_eligible,
            )
        )
    return SimulationResult(
        strata=strata,
        pool=pool,
        targets=targets,
        teams=teams,
        officers_needed=officers_needed,
        officers_eligible=officers_eligible,
        experts_needed=experts_needed,
        experts_eligible=experts_eligible,
        warnings=warnings,
        targets_min=c.targets_min,
    )
