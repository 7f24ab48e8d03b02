"""What a draw will do before it runs, for people: the quota each stratum can get (the exact
quota rounded down or up by the seed, docs/draw-record.md §6), each entity's probability of
being drawn, and a warning when strata are so small that rounding decides more than the ratios.
Used by the draw preview and the plan's pre-draw simulation. No Django: engine arithmetic only.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from . import engine
from .engine import DrawParams, Ratio, Stratum
from .notices import Notice


@dataclass(frozen=True)
class StratumChance:
    """One stratum: least and most quota over every seed (may exceed the stratum: a
    shortfall), declared ratio, probability."""

    quota_min: int
    quota_max: int
    ratio: Ratio | None
    probability: Ratio | None


@dataclass(frozen=True)
class Chances:
    strata: list[StratumChance]
    targets_min: int
    targets_max: int
    warning: str | None


def chances(sizes: Sequence[tuple[Stratum, int]], params: DrawParams) -> Chances:
    """R5, R7 (suiji-draw/2): quotas, probabilities and the total range before the seed exists.

    Raises the engine's :class:`~.engine.QuotaShortfallError` for a total the pool cannot hold
    (``on_shortfall="error"``) and never looks at a seed."""
    m = params.min_per_stratum
    exact = engine.exact_quotas(sizes, params)
    if exact is None:  # counts, or a total the pool cannot hold: nothing is rounded
        fixed = engine.allocate_quotas(sizes, params, bytes(32))
        ranges = [(q, q) for q in fixed]
    else:
        scaled, denom = exact
        ranges = [(max(x // denom, m), max(-(-x // denom), m)) for x in scaled]
    ratios = engine.declared_ratios(sizes, params)
    probs = engine.stratum_probabilities(sizes, params)
    strata = [
        StratumChance(lo, hi, r, p) for (lo, hi), r, p in zip(ranges, ratios, probs, strict=True)
    ]
    most = min(engine.max_total(sizes, params), sum(a for _, a in sizes))
    least = sum(min(s.quota_min, a) for s, (_, a) in zip(strata, sizes, strict=True))
    if exact is not None and m == 0:
        scaled, denom = exact
        least = sum(x // denom for x in scaled) + sum(x % denom for x in scaled) // denom
    return Chances(strata, min(least, most), most, rounding_warning(strata))


def rounding_warning(strata: Sequence[StratumChance]) -> str | None:
    """When more strata have their quota decided by the rounding than targets are fixed by the
    ratios' whole parts, the seed decides more than the ratios do: say so."""
    fixed = sum(s.quota_min for s in strata)
    rounded = sum(1 for s in strata if s.quota_max > s.quota_min)
    if rounded == 0 or rounded <= fixed:
        return None
    tiny = sum(1 for s in strata if s.quota_min == 0 and s.quota_max > 0)
    return Notice(
        "strata_too_small",
        f"分层过小：{len(strata)} 个分层中有 {rounded} 个的抽取数由随机舍入决定（其中 {tiny} 个"
        f"在 0 与 1 之间），多于按比例确定的 {fixed} 个。每个对象被抽中的概率仍等于其分层比例，"
        f"但各层实际抽到几个主要由种子决定；如需更稳定的结果，可合并分层或设置每层最少抽取数。",
        strata=len(strata),
        rounded=rounded,
        tiny=tiny,
        fixed=fixed,
    )
