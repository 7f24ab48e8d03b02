"""The verifiable draw engine (双随机): targets, inspectors, teams, matching and recusals.

Pure Python, standard library only, no Django: anyone can import this module (or re-implement
it from ``docs/draw-record.md``) and re-derive a published draw offline.

Rules implemented here (numbers from ``DOMAIN.md``):

* R2, R6, R16 – exclusions (inactive, already inspected, over visit cap, targeted) are decided
  by the caller *before* the draw; the engine only checks that they are disjoint from the pool
  and digests them so the published record is complete.
* R5, R7, R9 – strata (e.g. region × type × credit class) with exact quotas: per-stratum
  ratios (credit differentiation), a fixed total or explicit counts; systematic rounding keyed
  by the seed, so every entity is drawn with its stratum's declared ratio however small the
  stratum (``suiji-draw/1``: largest remainder), never above a cap (R5); integers only.
* R10 – teams of at least two officers with a valid certificate in a fitting category, experts
  added for technical items, random balanced matching, recusal by a published rule.
* R8, R19 – a joint draw is the same engine with more inputs: items and officers carry a
  department and teams can be required to be mixed (``officers_per_department``).
* R18, R20 – every step is a deterministic function of the published inputs, the revealed
  secret and the witness inputs: see ``docs/draw-record.md`` for the specification.

No floating point is used anywhere: quotas are integer fractions, keys are 256-bit integers
compared as 32-byte big-endian strings (same order as the integers, an implementation shortcut).
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import math
import re
import secrets
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate, chain, repeat
from operator import add
from typing import Any, Final, NoReturn

FORMAT: Final = "suiji-draw/2"
"""Format version of new draw records; part of every record (``"format"``)."""

FORMAT_V1: Final = "suiji-draw/1"
"""The first format: largest-remainder rounding, free-text conflict reasons (spec §15)."""

FORMATS: Final = (FORMAT, FORMAT_V1)

COMMIT_FORMAT: Final = "suiji-commit/2"
"""Format of the commit record published before the reveal (spec §12.6)."""

SEP: Final = "\x1f"
"""Field separator of canonical lines (U+001F UNIT SEPARATOR); cannot occur in any field."""

SECRET_BYTES: Final = 32

OFFICER_PREFIX: Final = b"officer:"
EXPERT_PREFIX: Final = b"expert:"
TEAM_PREFIX: Final = b"team:"
STRATUM_PREFIX: Final = b"stratum:"
SEAT_PREFIX: Final = b"seat:"
ROUNDING_PREFIX: Final = b"rounding:"

ROUNDINGS: Final = ("floor", "half_up", "ceil")
"""Rounding of the total in ratio mode, ``suiji-draw/1`` only (spec §15)."""
SYSTEMATIC: Final = "systematic"
"""The only rounding of ``suiji-draw/2``: systematic rounding keyed by the seed (spec §6)."""
CONFLICT_REASONS: Final = ("kinship", "employment", "shareholding", "other")
"""Published reason codes of a declared conflict (spec §11); free text stays in the registry."""
QUOTA_MODES: Final = ("ratio", "total", "counts")
SHORTFALL_MODES: Final = ("error", "cap")
SCOPE_KINDS: Final = ("undirected", "directed")
ROLE_OFFICER: Final = "officer"
ROLE_EXPERT: Final = "expert"

STANDARD_EXCLUSION_REASONS: Final = (
    "inactive",
    "not_building",
    "inspected",
    "visit_cap",
    "targeted",
)
"""Reason codes used by Suiji; any code matching ``[a-z][a-z0-9_]{0,31}`` is accepted."""

MAX_INT: Final = 2**53 - 1
"""Largest integer allowed in a record (exactly representable in every JSON implementation)."""

Stratum = tuple[str, ...]
Selected = tuple[bytes, bytes, int]

# A field of a canonical line: non-empty, no C0 control character, no DEL (so no SEP, no "\n").
_BAD_FIELD_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_NAME_RE = re.compile(r"[a-z][a-z0-9_]{0,31}")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HEX64_RE = re.compile(r"[0-9a-f]{64}")


# --------------------------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------------------------


class DrawError(Exception):
    """Base of every error the engine raises. ``field`` names the offending input (a path)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class DrawInputError(DrawError):
    """Malformed or inconsistent input (a field path and a bilingual message)."""


class CommitmentMismatchError(DrawError):
    """The revealed secret does not hash to the published commitment, or the pool changed."""


class QuotaShortfallError(DrawError):
    """A stratum cannot fill its quota (and ``on_shortfall`` is ``"error"``).

    ``stratum`` is ``None`` when a fixed total exceeds the whole pool.
    ``shortfalls`` lists every short stratum as ``(stratum, needed, available)``.
    """

    def __init__(
        self,
        stratum: Stratum | None,
        needed: int,
        available: int,
        strata_fields: Sequence[str] = (),
        shortfalls: Sequence[tuple[Stratum | None, int, int]] = (),
    ) -> None:
        label = stratum_label(stratum, strata_fields) if stratum is not None else None
        if label is None:
            msg = (
                f"抽取总数 {needed} 超过候选池数量 {available} / "
                f"the total {needed} exceeds the pool size {available}"
            )
        else:
            msg = (
                f"分层 {label} 需抽取 {needed} 个，仅有 {available} 个可抽 / "
                f"stratum {label} needs {needed} but only {available} are available"
            )
        super().__init__(msg, "params.quota")
        self.stratum = stratum
        self.needed = needed
        self.available = available
        self.shortfalls = tuple(shortfalls) or ((stratum, needed, available),)


def _percent(r: Ratio) -> str:
    """A ratio for people: basis points as a percentage ("1%", "0.5%"), else num/den."""
    if (r.num * 10_000) % r.den == 0:
        bp = r.num * 10_000 // r.den
        whole, frac = divmod(bp, 100)
        return f"{whole}%" if frac == 0 else f"{whole}.{frac:02d}".rstrip("0") + "%"
    return f"{r.num}/{r.den}"


class QuotaCapError(DrawError):
    """R5: the declared ratios cannot be honoured under the cap (``params.cap``, §6).

    ``stratum`` (with its ``ratio``) is the first stratum whose ratio exceeds the cap, or
    ``None`` when the total the rounding can reach (``most``) exceeds ``allowed`` targets.
    """

    def __init__(
        self,
        stratum: Stratum | None,
        ratio: Ratio | None,
        cap: Ratio,
        most: int | None,
        allowed: int,
        strata_fields: Sequence[str] = (),
    ) -> None:
        c = _percent(cap)
        if stratum is not None:
            assert ratio is not None
            label = stratum_label(stratum, strata_fields)
            r = _percent(ratio)
            msg = (
                f"分层 {label} 的抽查比例 {r} 超过上限 {c}（R5），请把该层比例调到 {c} 以内 / "
                f"stratum {label}: ratio {r} exceeds the cap {c} (R5)"
            )
        else:
            msg = (
                f"按声明比例随机舍入后最多可能抽取 {most} 个，超过上限 {c} 允许的 {allowed} 个"
                f"（R5），请调低比例 / the rounding may draw up to {most} targets, above the "
                f"{allowed} the cap {c} allows (R5)"
            )
        super().__init__(msg, "params.cap")
        self.stratum = stratum
        self.ratio = ratio
        self.cap = cap
        self.most = most
        self.allowed = allowed


class TooFewInspectorsError(DrawError):
    """Too few eligible officers (or experts) to form the teams."""

    def __init__(self, role: str, department: str | None, needed: int, available: int) -> None:
        who_zh = "执法检查人员" if role == ROLE_OFFICER else "专家"
        who_en = "officers" if role == ROLE_OFFICER else "experts"
        dept_zh = f"（{department}）" if department is not None else ""
        dept_en = f" of department {department}" if department is not None else ""
        msg = (
            f"符合条件的{who_zh}{dept_zh}不足：需要 {needed} 名，仅有 {available} 名 / "
            f"too few eligible {who_en}{dept_en}: {needed} needed, {available} available"
        )
        super().__init__(msg, "params.team")
        self.role = role
        self.department = department
        self.needed = needed
        self.available = available


class RecusalImpossibleError(DrawError):
    """A conflicted inspector can neither be swapped away nor replaced."""

    def __init__(self, team: int, target: str, inspector: str, role: str) -> None:
        msg = (
            f"第 {team} 组的{'执法检查人员' if role == ROLE_OFFICER else '专家'} {inspector} "
            f"须回避检查对象 {target}，但既无法调换对象也没有可替补的人员 / "
            f"{role} {inspector} of team {team} must recuse from {target}, but no swap is "
            f"possible and no eligible replacement is left"
        )
        super().__init__(msg, "conflicts")
        self.team = team
        self.target = target
        self.inspector = inspector
        self.role = role


def _err(field_path: str, zh: str, en: str) -> DrawInputError:
    return DrawInputError(f"{field_path}：{zh} / {field_path}: {en}", field_path)


# --------------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PoolGroup:
    """Eligible candidates sharing one organisation and one stratum (the record's pool form).

    ``ids`` are stable candidate ids: the USCC of a market entity or the code of a project.
    """

    org: str
    stratum: Stratum
    ids: Sequence[str]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One eligible candidate (convenience form; see :func:`group_candidates`)."""

    id: str
    org: str
    stratum: Stratum


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A candidate left out of the pool by the caller, with its reason code (R2, R6, R16)."""

    id: str
    org: str
    reason: str


@dataclass(frozen=True, slots=True)
class ExclusionGroup:
    """Excluded candidates sharing one reason and one organisation (the record's form)."""

    reason: str
    org: str
    ids: Sequence[str]


@dataclass(frozen=True, slots=True)
class Witness:
    """A witness input typed after the commitment (a department representative, a notary)."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class PlanRef:
    """Which plan, task and round the draw belongs to (informational, digested)."""

    plan: str
    task: str
    round: int


@dataclass(frozen=True, slots=True)
class Window:
    """Inspection window, ISO dates ``YYYY-MM-DD``, both inclusive."""

    start: str
    end: str


@dataclass(frozen=True, slots=True)
class Item:
    """An inspection item of the draw (R1). ``department`` matters for joint draws (R8)."""

    code: str
    name: str
    category: str
    department: str
    needs_expert: bool = False


@dataclass(frozen=True, slots=True)
class Inspector:
    """An officer (``id`` = enforcement certificate number) or an expert (registry number).

    ``valid_until`` is the certificate's last valid day (ISO date) or ``None`` (no certificate;
    for experts: no term limit). Only name, department, categories, certificate number and
    validity are ever published: never ID numbers or phones.
    """

    id: str
    name: str
    department: str
    categories: tuple[str, ...]
    valid_until: str | None
    active: bool = True


@dataclass(frozen=True, slots=True)
class Conflict:
    """A declared conflict of interest between an inspector and a candidate (R10)."""

    inspector_id: str
    candidate_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Ratio:
    """A ratio as an integer fraction ``num/den`` with ``0 <= num <= den``."""

    num: int
    den: int

    @classmethod
    def percent(cls, n: int) -> Ratio:
        return cls(n, 100)

    @classmethod
    def basis_points(cls, n: int) -> Ratio:
        return cls(n, 10_000)


@dataclass(frozen=True, slots=True)
class RatioRule:
    """``ratio`` applies to strata whose fields equal every ``(field, value)`` of ``match``."""

    match: tuple[tuple[str, str], ...]
    ratio: Ratio


@dataclass(frozen=True, slots=True)
class StratumCount:
    stratum: Stratum
    count: int


@dataclass(frozen=True, slots=True)
class QuotaSpec:
    """How many targets each stratum gets (R5, R7).

    * ``mode="ratio"``: the first matching rule's ratio, else ``default``; each stratum's
      exact quota rounded by systematic rounding (``rounding="systematic"``; ``suiji-draw/1``:
      total rounded by ``floor``/``half_up``/``ceil``, then largest remainder).
    * ``mode="total"``: ``total`` targets, proportional to stratum sizes, same rounding.
    * ``mode="counts"``: explicit ``counts`` per stratum (strata not listed get 0).
    """

    mode: str
    default: Ratio | None = None
    rules: tuple[RatioRule, ...] = ()
    rounding: str = SYSTEMATIC
    total: int | None = None
    counts: tuple[StratumCount, ...] = ()

    @classmethod
    def ratio(
        cls, default: Ratio, rules: Iterable[RatioRule] = (), rounding: str = SYSTEMATIC
    ) -> QuotaSpec:
        return cls(mode="ratio", default=default, rules=tuple(rules), rounding=rounding)

    @classmethod
    def fixed_total(cls, total: int) -> QuotaSpec:
        return cls(mode="total", total=total)

    @classmethod
    def per_stratum(cls, counts: Iterable[StratumCount]) -> QuotaSpec:
        return cls(mode="counts", counts=tuple(counts))


@dataclass(frozen=True, slots=True)
class DepartmentCount:
    department: str
    count: int


@dataclass(frozen=True, slots=True)
class TeamSpec:
    """Team parameters (R10).

    Exactly one of ``team_count`` (number of teams, capped at the number of targets) and
    ``max_targets_per_team`` (teams = ceil(targets / max)) must be set. ``team_size`` officers
    per team (>= 2); ``officers_per_department`` reserves that many seats of each team for each
    listed department (joint draws, R8); ``experts_per_team`` experts are added to every team
    when any item needs an expert (not counted in ``team_size``).
    """

    team_size: int = 2
    officers_per_department: tuple[DepartmentCount, ...] = ()
    team_count: int | None = None
    max_targets_per_team: int | None = None
    experts_per_team: int = 1


@dataclass(frozen=True, slots=True)
class ScopeFilter:
    field: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Scope:
    """Directed (filtered) or undirected draw (R9). Informational: the caller filters."""

    kind: str = "undirected"
    filters: tuple[ScopeFilter, ...] = ()


@dataclass(frozen=True, slots=True)
class DrawParams:
    strata_fields: tuple[str, ...]
    quota: QuotaSpec
    window: Window
    team: TeamSpec = field(default_factory=TeamSpec)
    min_per_stratum: int = 0
    on_shortfall: str = "error"
    scope: Scope = field(default_factory=Scope)
    cap: Ratio | None = None
    """R5: at most this share of the pool may be drawn (§6 cap); ``suiji-draw/2`` only."""


@dataclass(frozen=True, slots=True)
class DrawInputs:
    """Everything a draw depends on.

    ``commitment`` and ``expected_pool_digest``, when given (as published at commit time), are
    checked against the revealed ``secret`` and the pool: a mismatch raises
    :class:`CommitmentMismatchError`.
    """

    draw_id: str
    org: str
    plan: PlanRef
    params: DrawParams
    items: Sequence[Item]
    pool: Sequence[PoolGroup]
    secret: bytes
    exclusions: Sequence[Exclusion | ExclusionGroup] = ()
    witnesses: Sequence[Witness] = ()
    officers: Sequence[Inspector] = ()
    experts: Sequence[Inspector] = ()
    conflicts: Sequence[Conflict] = ()
    commitment: str | None = None
    expected_pool_digest: str | None = None
    format: str = FORMAT
    """The record format whose rules apply (``suiji-draw/2``, or ``suiji-draw/1``: §15)."""


# --------------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SelectedTarget:
    id: str
    org: str
    stratum: Stratum
    key: bytes

    @property
    def key_hex(self) -> str:
        return self.key.hex()


@dataclass(frozen=True, slots=True)
class StratumResult:
    """One stratum: pool size, allocated quota and the drawn targets (smallest keys first)."""

    stratum: Stratum
    available: int
    quota: int
    targets: tuple[SelectedTarget, ...]
    ratio: Ratio | None = None
    """Declared ratio (ratio mode), §6."""
    probability: Ratio | None = None
    """Chance of each of its candidates to be drawn, over the seed (§6); None if empty."""

    @property
    def drawn(self) -> int:
        return len(self.targets)


@dataclass(frozen=True, slots=True)
class RankedInspector:
    id: str
    department: str
    key: bytes
    probability: Ratio | None = None
    """Chance of being dealt a seat, given the number of teams (§9; ``suiji-draw/2``)."""


@dataclass(frozen=True, slots=True)
class Ineligible:
    """An inspector who is not in the ranking, with the first failing condition."""

    role: str
    id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Team:
    number: int
    officers: tuple[str, ...]
    experts: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Recusal:
    """One recusal step (R10): ``kind`` is ``"swap"`` or ``"replace"``."""

    seq: int
    kind: str
    role: str
    team: int
    target: str
    inspector: str
    reason: str
    swap_team: int | None = None
    swap_target: str | None = None
    replacement: str | None = None


@dataclass(frozen=True, slots=True)
class DrawResult:
    draw_id: str
    commitment: str
    seed: bytes
    canonical: CanonicalPool
    strata: tuple[StratumResult, ...]
    officer_ranking: tuple[RankedInspector, ...]
    expert_ranking: tuple[RankedInspector, ...]
    ineligible: tuple[Ineligible, ...]
    teams: tuple[Team, ...]
    matching: tuple[tuple[str, int], ...]
    recusals: tuple[Recusal, ...]
    format: str = FORMAT

    @property
    def pool(self) -> tuple[PoolGroup, ...]:
        return self.canonical.pool

    @property
    def pool_size(self) -> int:
        return self.canonical.size

    @property
    def pool_digest(self) -> str:
        return self.canonical.digest

    @property
    def exclusions(self) -> tuple[ExclusionGroup, ...]:
        return self.canonical.exclusions

    @property
    def excluded_count(self) -> int:
        return self.canonical.excluded_count

    @property
    def exclusions_digest(self) -> str:
        return self.canonical.exclusions_digest

    @property
    def targets(self) -> list[SelectedTarget]:
        """All drawn targets in matching order (ascending key, then id bytes)."""
        out = [t for s in self.strata for t in s.targets]
        out.sort(key=lambda t: (t.key, t.id))
        return out


# --------------------------------------------------------------------------------------------
# hashing primitives
# --------------------------------------------------------------------------------------------


def _load_fast_sha256() -> Callable[[bytes], Any]:
    """CPython's built-in SHA-256 is cheaper to instantiate than OpenSSL's for short inputs.

    Only a speed choice: the function is checked against ``hashlib.sha256`` before use.
    """
    for name in ("_sha2", "_sha256"):
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        fn = getattr(mod, "sha256", None)
        if fn is not None and fn(b"abc").digest() == hashlib.sha256(b"abc").digest():
            return fn
    return hashlib.sha256


_sha256: Final = _load_fast_sha256()
_sha256_digest: Final = type(_sha256(b"")).digest


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_secret() -> bytes:
    """A fresh 32-byte server secret (commit step)."""
    return secrets.token_bytes(SECRET_BYTES)


def commitment_of(secret: bytes) -> str:
    """Commitment = SHA-256(secret) as lowercase hex (spec §3)."""
    if len(secret) != SECRET_BYTES:
        raise _err("secret", "密钥必须是 32 字节", "the secret must be exactly 32 bytes")
    return hashlib.sha256(secret).hexdigest()


def _u32(n: int) -> bytes:
    return n.to_bytes(4, "big")


def _lp(data: bytes) -> bytes:
    """Length prefix: 4-byte big-endian length, then the bytes."""
    return _u32(len(data)) + data


def witness_bytes(witnesses: Sequence[Witness]) -> bytes:
    """Canonical witness bytes: u32(count) ‖ for each in order: LP(name) ‖ LP(value) (§4)."""
    out = [_u32(len(witnesses))]
    for w in witnesses:
        out.append(_lp(w.name.encode("utf-8")))
        out.append(_lp(w.value.encode("utf-8")))
    return b"".join(out)


def derive_seed(
    secret: bytes, witnesses: Sequence[Witness], pool_digest_hex: str, draw_id: str
) -> bytes:
    """R20: seed = SHA-256(LP(secret) ‖ LP(witness bytes) ‖ LP(pool digest) ‖ LP(draw id)) (§4).

    The pool digest enters as its 32 raw bytes, the draw id as UTF-8.
    """
    data = (
        _lp(secret)
        + _lp(witness_bytes(witnesses))
        + _lp(bytes.fromhex(pool_digest_hex))
        + _lp(draw_id.encode("utf-8"))
    )
    return hashlib.sha256(data).digest()


def candidate_key(seed: bytes, candidate_id: str) -> bytes:
    """Rank key of a candidate: SHA-256(seed ‖ UTF-8(id)), a 256-bit big-endian integer (§5)."""
    return hashlib.sha256(seed + candidate_id.encode("utf-8")).digest()


def officer_key(seed: bytes, inspector_id: str) -> bytes:
    """SHA-256(seed ‖ "officer:" ‖ UTF-8(certificate no)) (§8)."""
    return hashlib.sha256(seed + OFFICER_PREFIX + inspector_id.encode("utf-8")).digest()


def expert_key(seed: bytes, inspector_id: str) -> bytes:
    """SHA-256(seed ‖ "expert:" ‖ UTF-8(expert id)) (§8)."""
    return hashlib.sha256(seed + EXPERT_PREFIX + inspector_id.encode("utf-8")).digest()


def team_key(seed: bytes, number: int) -> bytes:
    """SHA-256(seed ‖ "team:" ‖ ASCII decimal team number) (§10)."""
    return hashlib.sha256(seed + TEAM_PREFIX + str(number).encode("ascii")).digest()


def stratum_bytes(stratum: Stratum) -> bytes:
    """Canonical bytes of a stratum: its values joined by U+001F, UTF-8 (§2)."""
    return SEP.join(stratum).encode("utf-8")


def seat_key(seed: bytes, officer_id: str) -> bytes:
    """Free-seat order of officers in a mixed draw (§5, §9; ``suiji-draw/2``)."""
    return _sha256(seed + SEAT_PREFIX + officer_id.encode("utf-8")).digest()


def stratum_key(seed: bytes, stratum: Stratum) -> bytes:
    """Remainder tie-break key: SHA-256(seed ‖ "stratum:" ‖ stratum bytes) (§6)."""
    return hashlib.sha256(seed + STRATUM_PREFIX + stratum_bytes(stratum)).digest()


def stratum_label(stratum: Stratum, strata_fields: Sequence[str] = ()) -> str:
    """Human label of a stratum, e.g. ``region=533103/type=施工/credit_class=D``."""
    if strata_fields and len(strata_fields) == len(stratum):
        return "/".join(f"{f}={v}" for f, v in zip(strata_fields, stratum, strict=True))
    return "/".join(stratum) if stratum else "(全部 / all)"


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------


def _check_text(value: object, path: str) -> str:
    """Any string that is valid Unicode text (encodable as UTF-8)."""
    if not isinstance(value, str):
        raise _err(path, "必须是字符串", "must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _err(path, "不是有效的 Unicode 文本", "is not valid Unicode text") from exc
    return value


def _check_field(value: object, path: str) -> str:
    """A field of a canonical line: non-empty text without control characters (§2)."""
    _check_text(value, path)
    assert isinstance(value, str)
    if not value:
        raise _err(path, "不能为空", "must not be empty")
    if _BAD_FIELD_CHARS.search(value):
        raise _err(
            path,
            "不能含控制字符（含分隔符 U+001F、换行）",
            "must not contain control characters (incl. the separator U+001F, newline)",
        )
    return value


def _check_int(value: object, path: str, minimum: int = 0) -> int:
    if type(value) is not int:
        raise _err(path, "必须是整数", "must be an integer")
    if value < minimum or value > MAX_INT:
        raise _err(
            path, f"必须在 {minimum} 到 {MAX_INT} 之间", f"must be between {minimum} and {MAX_INT}"
        )
    return value


def _check_name(value: object, path: str) -> str:
    if not isinstance(value, str) or not _NAME_RE.fullmatch(value):
        raise _err(
            path,
            "必须匹配 [a-z][a-z0-9_]{0,31}",
            "must match [a-z][a-z0-9_]{0,31}",
        )
    return value


def parse_date(value: object, path: str) -> date:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise _err(path, "日期格式必须为 YYYY-MM-DD", "date must be YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise _err(path, "不是有效日期", "is not a valid date") from exc


# --------------------------------------------------------------------------------------------
# pool and exclusion digests (§2, §3)
# --------------------------------------------------------------------------------------------


def group_candidates(candidates: Iterable[Candidate]) -> list[PoolGroup]:
    """Group candidates by (org, stratum) – the record's pool form."""
    groups: dict[tuple[str, Stratum], list[str]] = {}
    for c in candidates:
        groups.setdefault((c.org, tuple(c.stratum)), []).append(c.id)
    return [PoolGroup(org, stratum, ids) for (org, stratum), ids in groups.items()]


_CONTROL_BYTES_EXCEPT_LF = bytes([*range(0x00, 0x0A), *range(0x0B, 0x20), 0x7F])


@dataclass(slots=True)
class _Block:
    """One canonical group: the line prefix (bytes), the ids sorted by bytes as one UTF-8 blob
    joined by ``\n``, and their count. ``label`` is the exclusion reason (empty for the pool).
    The ids as strings are decoded from the blob on first use only."""

    prefix: bytes
    stratum: Stratum
    org: str
    blob: bytes
    count: int
    label: str = ""
    _ids: list[str] | None = None

    @property
    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = self.blob.decode("utf-8").split("\n") if self.count else []
        return self._ids

    def lines(self) -> bytes:
        """``prefix ‖ id ‖ "\\n"`` for every id, in id order (one C-level replace)."""
        if not self.count:
            return b""
        return self.prefix + self.blob.replace(b"\n", b"\n" + self.prefix) + b"\n"

    def encoded_ids(self) -> list[bytes]:
        return self.blob.split(b"\n") if self.count else []


def _digest(blocks: Iterable[_Block]) -> str:
    h = hashlib.sha256()
    for b in blocks:
        h.update(b.lines())
    return h.hexdigest()


def _check_id_list(ids: object, path: str) -> Sequence[str]:
    """An id list must be a list (element checks happen in :func:`_encode_ids`)."""
    if not isinstance(ids, list | tuple):
        raise _err(path, "必须是列表", "must be a list")
    return ids


def _encode_ids(ids: list[str]) -> bytes | None:
    """UTF-8 of the ids joined by ``\n``, or ``None`` if some id is not a valid field.

    Vectorised form of :func:`_check_field` over a block, all in C: a non-string makes the
    join fail, a lone surrogate the encoding; an id containing a newline shows up as an extra
    ``\n``, an empty id as a doubled, leading or trailing one; other control characters are
    found by deleting them and comparing lengths.
    """
    if not ids:
        return b""
    try:
        blob = "\n".join(ids).encode("utf-8")
    except (TypeError, UnicodeEncodeError):
        return None
    if (
        not blob
        or blob.count(b"\n") != len(ids) - 1
        or b"\n\n" in blob
        or blob[:1] == b"\n"
        or blob[-1:] == b"\n"
        or len(blob.translate(None, _CONTROL_BYTES_EXCEPT_LF)) != len(blob)
    ):
        return None
    return blob


def _raise_bad_id(groups: Sequence[tuple[str, Sequence[str]]]) -> NoReturn:
    """Slow path: find and report the first invalid id with its exact input path."""
    for path, ids in groups:
        for i, v in enumerate(ids):
            _check_field(v, f"{path}[{i}]")
    raise AssertionError("unreachable: a block failed the fast id check")  # pragma: no cover


def _duplicate_error(path: str, blocks: Iterable[list[str]], what_zh: str, what_en: str) -> None:
    seen: set[str] = set()
    for ids in blocks:
        for i in ids:
            if i in seen:
                raise _err(path, f"{what_zh} {i} 重复出现", f"{what_en} {i} appears more than once")
            seen.add(i)


def _canonical_pool(
    pool: Sequence[PoolGroup], strata_fields: Sequence[str], known_unique: bool = False
) -> tuple[list[_Block], int, str, set[str] | None]:
    """R2, R9, R18: validate and canonicalise the pool; return (blocks, size, digest, ids) (§2).

    Canonical line of a candidate: ``s_1 US … US s_k US org US id LF`` (US = U+001F), UTF-8;
    lines sorted by bytes; digest = SHA-256 of their concatenation. Because every prefix
    ``s_1 US … US s_k US org US`` has exactly k+1 separators and ends with one, no prefix is a
    proper prefix of another: the byte order of whole lines is the order of (prefix, id), so
    lines are produced group by group (groups by prefix bytes, ids sorted within a group).
    """
    k = len(strata_fields)
    sources: dict[tuple[Stratum, str], list[tuple[str, Sequence[str]]]] = {}
    for gi, g in enumerate(pool):
        path = f"pool[{gi}]"
        _check_field(g.org, f"{path}.org")
        if not isinstance(g.stratum, tuple | list):
            raise _err(f"{path}.stratum", "必须是字段值的列表", "must be a list of field values")
        stratum = tuple(g.stratum)
        if len(stratum) != k:
            raise _err(
                f"{path}.stratum",
                f"分层必须有 {k} 个字段（{', '.join(strata_fields)}）",
                f"a stratum must have {k} fields ({', '.join(strata_fields)})",
            )
        for si, v in enumerate(stratum):
            _check_field(v, f"{path}.stratum[{si}]")
        if not _check_id_list(g.ids, f"{path}.ids"):
            raise _err(f"{path}.ids", "分组不能为空", "a group must hold at least one id")
        sources.setdefault((stratum, g.org), []).append((f"{path}.ids", g.ids))
    blocks: list[_Block] = []
    all_ids: set[str] | None = None if known_unique else set()
    size = 0
    merged: list[list[str]] = []
    for (stratum, org), src in sources.items():
        try:
            ids = sorted(src[0][1]) if len(src) == 1 else sorted(chain(*(s for _, s in src)))
            blob = _encode_ids(ids)
        except TypeError:  # a non-string among the ids
            blob = None
        if blob is None:
            _raise_bad_id(src)
        merged.append(ids)
        if all_ids is not None:
            all_ids.update(ids)
        size += len(ids)
        prefix = (SEP.join((*stratum, org)) + SEP).encode("utf-8")
        blocks.append(_Block(prefix, stratum, org, blob, len(ids), _ids=ids))
    if all_ids is not None and len(all_ids) != size:
        _duplicate_error("pool", merged, "候选对象", "candidate")
    blocks.sort(key=lambda b: b.prefix)
    return blocks, size, _digest(blocks), all_ids


def pool_digest(pool: Sequence[PoolGroup], strata_fields: Sequence[str]) -> tuple[str, int]:
    """Digest and size of the eligible pool, as published at commit time (§2)."""
    _, size, digest, _ = _canonical_pool(pool, strata_fields)
    return digest, size


def _canonical_exclusions(
    exclusions: Sequence[Exclusion | ExclusionGroup],
    pool_ids: set[str] | None,
    known_unique: bool = False,
) -> tuple[list[_Block], int, str]:
    """R2, R6, R16, R19: validate, group and digest exclusions (lines ``reason US org US id LF``,
    §3); they must be disjoint from the pool."""
    merged: dict[tuple[str, str], list[str]] = {}
    first_index: dict[tuple[str, str], int] = {}
    for n, e in enumerate(exclusions):
        key = (e.reason, e.org)
        ids = merged.get(key)
        if ids is None:
            ids = merged[key] = []
            first_index[key] = n
        if isinstance(e, ExclusionGroup):
            group_ids = _check_id_list(e.ids, f"exclusions[{n}].ids")
            if not group_ids:
                raise _err(
                    f"exclusions[{n}].ids", "分组不能为空", "a group must hold at least one id"
                )
            ids.extend(group_ids)
        else:
            ids.append(e.id)
    blocks: list[_Block] = []
    seen: set[str] = set()
    size = 0
    for (reason, org), ids in merged.items():
        path = f"exclusions[{first_index[(reason, org)]}]"
        _check_name(reason, f"{path}.reason")
        _check_field(org, f"{path}.org")
        blob = None
        try:
            ids.sort()
        except TypeError:
            pass
        else:
            blob = _encode_ids(ids)
        if blob is None:
            for i, e in enumerate(exclusions):
                if isinstance(e, ExclusionGroup):
                    for j, v in enumerate(e.ids):
                        _check_field(v, f"exclusions[{i}].ids[{j}]")
                else:
                    _check_field(e.id, f"exclusions[{i}].id")
        assert blob is not None
        if not known_unique:
            seen.update(ids)
        size += len(ids)
        prefix = (reason + SEP + org + SEP).encode("utf-8")
        blocks.append(_Block(prefix, (), org, blob, len(ids), reason, ids))
    if not known_unique and len(seen) != size:
        _duplicate_error("exclusions", merged.values(), "排除对象", "excluded id")
    if not known_unique and pool_ids is not None and not pool_ids.isdisjoint(seen):
        both = sorted(pool_ids & seen)[0]
        raise _err(
            "exclusions",
            f"{both} 同时出现在候选池和排除名单中",
            f"{both} is both in the pool and excluded",
        )
    blocks.sort(key=lambda b: b.prefix)
    return blocks, size, _digest(blocks)


def exclusions_digest(exclusions: Sequence[Exclusion | ExclusionGroup]) -> tuple[str, int]:
    """Digest and count of the exclusions (§3)."""
    _, n, digest = _canonical_exclusions(exclusions, None)
    return digest, n


@dataclass(frozen=True, slots=True)
class CanonicalPool:
    """The pool and the exclusions, validated, in canonical order, with their digests (§2, §3).

    Built by :func:`canonicalise` from groups of ids, or by :func:`canonical_from_blobs` from
    the blobs of one built before (a pool frozen at commit and stored until execution).
    """

    strata_fields: tuple[str, ...]
    blocks: tuple[_Block, ...]
    size: int
    digest: str
    exclusion_blocks: tuple[_Block, ...]
    excluded_count: int
    exclusions_digest: str

    @property
    def pool(self) -> tuple[PoolGroup, ...]:
        return tuple(PoolGroup(b.org, b.stratum, b.ids) for b in self.blocks)

    @property
    def exclusions(self) -> tuple[ExclusionGroup, ...]:
        return tuple(ExclusionGroup(b.label, b.org, b.ids) for b in self.exclusion_blocks)


def canonicalise(
    pool: Sequence[PoolGroup],
    exclusions: Sequence[Exclusion | ExclusionGroup],
    strata_fields: Sequence[str],
    *,
    known_unique: bool = False,
) -> CanonicalPool:
    """R2, R9, R18: validate pool and exclusions and put them in canonical form (§2, §3).

    ``known_unique``: the caller guarantees that no id occurs twice in the pool and exclusions
    together (e.g. ids read from a unique column, each row given one place), so the set-based
    duplicate checks are skipped; every other check is made. A verifier never sets it.
    """
    blocks, size, digest, ids = _canonical_pool(pool, strata_fields, known_unique)
    ex_blocks, ex_count, ex_digest = _canonical_exclusions(exclusions, ids, known_unique)
    return CanonicalPool(
        tuple(strata_fields), tuple(blocks), size, digest, tuple(ex_blocks), ex_count, ex_digest
    )


def _merged_blob(blobs: list[bytes]) -> bytes:
    if len(blobs) == 1:
        return blobs[0]
    return b"\n".join(sorted(chain.from_iterable(b.split(b"\n") for b in blobs if b)))


def canonical_from_blobs(
    strata_fields: Sequence[str],
    pool: Iterable[tuple[Stratum, str, bytes]],
    exclusions: Iterable[tuple[str, str, bytes]],
) -> CanonicalPool:
    """A :class:`CanonicalPool` again from the id blobs of one (``_Block.blob``: ids sorted by
    bytes, joined by ``\\n``): pool ``(stratum, org, blob)``, exclusions ``(reason, org,
    blob)``; several blobs of one group are merged. Nothing but the digests is recomputed: use
    it for blobs a :func:`canonicalise` produced and compare the digests with the published
    ones (``DrawInputs.expected_pool_digest`` does so for the pool).
    """
    groups: dict[tuple[Stratum, str], list[bytes]] = {}
    for stratum, org, blob in pool:
        groups.setdefault((tuple(stratum), org), []).append(blob)
    blocks = []
    for (stratum, org), blobs in groups.items():
        blob = _merged_blob(blobs)
        prefix = (SEP.join((*stratum, org)) + SEP).encode("utf-8")
        blocks.append(_Block(prefix, stratum, org, blob, blob.count(b"\n") + 1 if blob else 0))
    blocks.sort(key=lambda b: b.prefix)
    ex_groups: dict[tuple[str, str], list[bytes]] = {}
    for reason, org, blob in exclusions:
        ex_groups.setdefault((reason, org), []).append(blob)
    ex_blocks = []
    for (reason, org), blobs in ex_groups.items():
        blob = _merged_blob(blobs)
        prefix = (reason + SEP + org + SEP).encode("utf-8")
        ex_blocks.append(
            _Block(prefix, (), org, blob, blob.count(b"\n") + 1 if blob else 0, reason)
        )
    ex_blocks.sort(key=lambda b: b.prefix)
    return CanonicalPool(
        tuple(strata_fields),
        tuple(blocks),
        sum(b.count for b in blocks),
        _digest(blocks),
        tuple(ex_blocks),
        sum(b.count for b in ex_blocks),
        _digest(ex_blocks),
    )


def stratum_counts(pool: Sequence[PoolGroup]) -> dict[Stratum, int]:
    """Pool size per stratum (preview)."""
    out: dict[Stratum, int] = {}
    for g in pool:
        s = tuple(g.stratum)
        out[s] = out.get(s, 0) + len(g.ids)
    return out


# --------------------------------------------------------------------------------------------
# quotas (§6)
# --------------------------------------------------------------------------------------------


def _validate_params(p: DrawParams, fmt: str = FORMAT) -> None:
    """Every parameter check of §12.2; runs in full before anything is derived."""
    if fmt not in FORMATS:
        raise _err("format", f"不支持的记录格式 {fmt}", f"unsupported record format {fmt}")
    seen_fields: set[str] = set()
    for i, f in enumerate(p.strata_fields):
        _check_name(f, f"params.strata_fields[{i}]")
        if f in seen_fields:
            raise _err(f"params.strata_fields[{i}]", "字段重复", "duplicate field")
        seen_fields.add(f)
    k = len(p.strata_fields)
    q = p.quota
    if q.mode not in QUOTA_MODES:
        raise _err("params.quota.mode", "必须是 ratio/total/counts", "must be ratio/total/counts")
    if q.mode == "ratio":
        if q.default is None:
            raise _err(
                "params.quota.default", "比例模式必须给出默认比例", "ratio mode needs a default"
            )
        _check_ratio(q.default, "params.quota.default")
        if fmt == FORMAT_V1 and q.rounding not in ROUNDINGS:
            raise _err(
                "params.quota.rounding",
                "必须是 floor/half_up/ceil",
                "must be floor/half_up/ceil",
            )
        if fmt != FORMAT_V1 and q.rounding != SYSTEMATIC:
            raise _err("params.quota.rounding", "必须是 systematic", "must be systematic")
        for ri, rule in enumerate(q.rules):
            rpath = f"params.quota.rules[{ri}]"
            _check_ratio(rule.ratio, f"{rpath}.ratio")
            if not rule.match:
                raise _err(f"{rpath}.match", "不能为空", "must not be empty")
            names = set()
            for mi, (fname, value) in enumerate(rule.match):
                if fname not in seen_fields:
                    raise _err(
                        f"{rpath}.match[{mi}].field",
                        f"未知的分层字段 {fname}",
                        f"unknown stratum field {fname}",
                    )
                if fname in names:
                    raise _err(f"{rpath}.match[{mi}].field", "字段重复", "duplicate field")
                names.add(fname)
                _check_field(value, f"{rpath}.match[{mi}].value")
    elif q.mode == "total":
        _check_int(q.total, "params.quota.total")
    else:
        seen_strata: set[Stratum] = set()
        for ci, sc in enumerate(q.counts):
            cpath = f"params.quota.counts[{ci}]"
            st = tuple(sc.stratum)
            if len(st) != k:
                raise _err(
                    f"{cpath}.stratum", f"分层必须有 {k} 个字段", f"a stratum must have {k} fields"
                )
            for si, v in enumerate(st):
                _check_field(v, f"{cpath}.stratum[{si}]")
            if st in seen_strata:
                raise _err(f"{cpath}.stratum", "分层重复", "duplicate stratum")
            seen_strata.add(st)
            _check_int(sc.count, f"{cpath}.count")
    if p.cap is not None:
        if fmt == FORMAT_V1:
            raise _err("params.cap", "suiji-draw/1 没有上限参数", "suiji-draw/1 has no cap")
        _check_ratio(p.cap, "params.cap")
    _check_int(p.min_per_stratum, "params.min_per_stratum")
    if p.on_shortfall not in SHORTFALL_MODES:
        raise _err("params.on_shortfall", "必须是 error 或 cap", "must be error or cap")
    t = p.team
    _check_int(t.team_size, "params.team.team_size")
    if t.team_size < 2:
        raise _err(
            "params.team.team_size",
            "每组至少 2 名执法检查人员（R10）",
            "a team needs at least 2 officers (R10)",
        )
    depts: set[str] = set()
    for di, dc in enumerate(t.officers_per_department):
        dpath = f"params.team.officers_per_department[{di}]"
        _check_field(dc.department, f"{dpath}.department")
        if dc.department in depts:
            raise _err(f"{dpath}.department", "部门重复", "duplicate department")
        depts.add(dc.department)
        _check_int(dc.count, f"{dpath}.count", minimum=1)
    if sum(dc.count for dc in t.officers_per_department) > t.team_size:
        raise _err(
            "params.team.officers_per_department",
            "各部门人数之和超过每组人数 team_size",
            "the per-department counts exceed team_size",
        )
    if (t.team_count is None) == (t.max_targets_per_team is None):
        raise _err(
            "params.team",
            "team_count 与 max_targets_per_team 必须且只能给出一个",
            "exactly one of team_count and max_targets_per_team must be given",
        )
    if t.team_count is not None:
        _check_int(t.team_count, "params.team.team_count", minimum=1)
    if t.max_targets_per_team is not None:
        _check_int(t.max_targets_per_team, "params.team.max_targets_per_team", minimum=1)
    _check_int(t.experts_per_team, "params.team.experts_per_team")
    ws = parse_date(p.window.start, "params.window.start")
    we = parse_date(p.window.end, "params.window.end")
    if ws > we:
        raise _err("params.window", "开始日期晚于结束日期", "start is after end")
    if p.scope.kind not in SCOPE_KINDS:
        raise _err(
            "params.scope.kind", "必须是 undirected 或 directed", "must be undirected or directed"
        )
    for fi, sf in enumerate(p.scope.filters):
        _check_text(sf.field, f"params.scope.filters[{fi}].field")
        for vi, v in enumerate(sf.values):
            _check_text(v, f"params.scope.filters[{fi}].values[{vi}]")


def _check_ratio(r: Ratio, path: str) -> None:
    _check_int(r.den, f"{path}.den", minimum=1)
    _check_int(r.num, f"{path}.num")
    if r.num > r.den:
        raise _err(path, "比例不能大于 1", "a ratio cannot exceed 1")


def ratio_for(stratum: Stratum, quota: QuotaSpec, strata_fields: Sequence[str]) -> Ratio:
    """The first rule whose every (field, value) equals the stratum's, else the default (§6)."""
    index = {f: i for i, f in enumerate(strata_fields)}
    for rule in quota.rules:
        if all(stratum[index[f]] == v for f, v in rule.match):
            return rule.ratio
    assert quota.default is not None
    return quota.default


def exact_quotas(
    sizes: Sequence[tuple[Stratum, int]], params: DrawParams
) -> tuple[list[int], int] | None:
    """(Q_s, L) of ratio and total mode (§6): the exact quota of s is Q_s / L. None in counts
    mode and for a total the pool cannot hold (every quota is then n_s or an error)."""
    q = params.quota
    if q.mode == "ratio":
        ratios = [ratio_for(s, q, params.strata_fields) for s, _ in sizes]
        denom = math.lcm(*(r.den for r in ratios)) if ratios else 1
        return [
            a * r.num * (denom // r.den) for (_, a), r in zip(sizes, ratios, strict=True)
        ], denom
    if q.mode == "total":
        assert q.total is not None
        pool = sum(a for _, a in sizes)
        if q.total > pool or pool == 0:
            return None
        return [q.total * a for _, a in sizes], pool
    return None


def rounding_offset(seed: bytes, denom: int) -> int:
    """§6: u uniform on 0 … L − 1: the first rounding key below the largest multiple of L."""
    limit = (1 << 256) - (1 << 256) % denom
    i = 0
    while True:
        v = int.from_bytes(_sha256(seed + ROUNDING_PREFIX + str(i).encode("ascii")).digest())
        if v < limit:
            return v % denom
        i += 1  # pragma: no cover - probability below 2**-240


def _systematic(
    sizes: Sequence[tuple[Stratum, int]], scaled: list[int], denom: int, seed: bytes
) -> list[int]:
    """R5, R7: systematic rounding keyed by the seed (§6). Stratum s is rounded up with
    probability exactly rem_s / L, so every candidate's chance is its stratum's ratio."""
    quotas = [x // denom for x in scaled]
    rems = [x % denom for x in scaled]
    if not any(rems):
        return quotas
    u = rounding_offset(seed, denom)
    order = sorted(
        (i for i in range(len(sizes)) if rems[i]), key=lambda i: stratum_key(seed, sizes[i][0])
    )
    before = u // denom
    acc = u
    for i in order:
        acc += rems[i]
        now = acc // denom
        quotas[i] += now - before
        before = now
    return quotas


def allocate_quotas(
    sizes: Sequence[tuple[Stratum, int]],
    params: DrawParams,
    seed: bytes,
    fmt: str = FORMAT,
) -> list[int]:
    """R5, R7: integer quotas per stratum (§6): systematic rounding keyed by the seed
    (``suiji-draw/1``: fixed total, largest remainder, §15); then ``min_per_stratum``.

    ``sizes`` are (stratum, available) in canonical stratum order. Shortfalls are *not*
    handled here (see :func:`run_draw`), except a fixed total above the pool size.
    """
    q = params.quota
    n = len(sizes)
    if q.mode == "counts":
        wanted = {tuple(sc.stratum): sc.count for sc in q.counts}
        quotas = [wanted.get(s, 0) for s, _ in sizes]
        return [max(x, params.min_per_stratum) for x in quotas]
    if q.mode == "total":
        assert q.total is not None
        pool = sum(a for _, a in sizes)
        if q.total > pool:
            if params.on_shortfall == "cap":
                return [max(a, params.min_per_stratum) for _, a in sizes]
            raise QuotaShortfallError(None, q.total, pool, params.strata_fields)
        if pool == 0:
            return [params.min_per_stratum] * n
    exact = exact_quotas(sizes, params)
    assert exact is not None
    scaled, denom = exact
    if fmt != FORMAT_V1:
        quotas = _systematic(sizes, scaled, denom, seed)
        return [max(x, params.min_per_stratum) for x in quotas]
    if q.mode == "ratio":
        e = sum(scaled)
        if q.rounding == "floor":
            total = e // denom
        elif q.rounding == "ceil":
            total = -(-e // denom)
        else:
            total = (2 * e + denom) // (2 * denom)
    else:
        assert q.total is not None
        total = q.total
    quotas = [x // denom for x in scaled]
    remainders = [x % denom for x in scaled]
    extra = total - sum(quotas)
    if extra > 0:
        order = sorted(range(n), key=lambda i: (-remainders[i], stratum_key(seed, sizes[i][0])))
        for i in order[:extra]:
            quotas[i] += 1
    return [max(x, params.min_per_stratum) for x in quotas]


def _ratio_gt(a: Ratio, b: Ratio) -> bool:
    return a.num * b.den > b.num * a.den


def max_total(sizes: Sequence[tuple[Stratum, int]], params: DrawParams) -> int:
    """T_max of §6: the largest total of quotas the rounding can give, whatever the seed."""
    q = params.quota
    m = params.min_per_stratum
    exact = exact_quotas(sizes, params)
    if exact is not None:
        scaled, denom = exact
        if m == 0:
            return sum(x // denom for x in scaled) + -(-sum(x % denom for x in scaled) // denom)
        return sum(max(-(-x // denom), m) for x in scaled)
    if q.mode == "counts":
        wanted = {tuple(sc.stratum): sc.count for sc in q.counts}
        return sum(max(wanted.get(s, 0), m) for s, _ in sizes)
    if q.mode == "total" and sizes and sum(a for _, a in sizes) == 0:
        return m * len(sizes)
    return sum(max(a, m) for _, a in sizes)


def check_cap(sizes: Sequence[tuple[Stratum, int]], params: DrawParams) -> None:
    """R5: the draw may never exceed ``params.cap`` of the pool, whatever the seed (§6 cap).

    Raises :class:`QuotaCapError` naming the first stratum whose ratio exceeds the cap, or the
    cap itself when the largest total the rounding can give is above it.
    """
    cap = params.cap
    if cap is None:
        return
    q = params.quota
    pool = sum(a for _, a in sizes)
    allowed = pool * cap.num // cap.den
    if q.mode == "ratio":
        for s, _ in sizes:
            r = ratio_for(s, q, params.strata_fields)
            if _ratio_gt(r, cap):
                raise QuotaCapError(s, r, cap, None, allowed, params.strata_fields)
    most = max_total(sizes, params)
    if most > allowed:
        raise QuotaCapError(None, None, cap, most, allowed, params.strata_fields)


def _reduced(num: int, den: int, path: str) -> Ratio:
    g = math.gcd(num, den)
    num, den = num // g, den // g
    if num > MAX_INT or den > MAX_INT:
        raise _err(path, "概率的分子或分母超过 2^53 − 1", "a probability term exceeds 2^53 - 1")
    return Ratio(num, den)


def stratum_probabilities(
    sizes: Sequence[tuple[Stratum, int]], params: DrawParams
) -> list[Ratio | None]:
    """§6 probability: the chance, over the seed, that a given candidate of each stratum is
    drawn (reduced fraction; None for an empty stratum). Does not depend on the seed."""
    q = params.quota
    m = params.min_per_stratum
    out: list[Ratio | None] = []
    exact = exact_quotas(sizes, params)
    wanted = {tuple(sc.stratum): sc.count for sc in q.counts}
    for i, (s, a) in enumerate(sizes):
        if a == 0:
            out.append(None)
            continue

        def v(x: int, a: int = a) -> int:
            return min(max(x, m), a)

        if exact is not None:
            scaled, denom = exact
            base, rem = divmod(scaled[i], denom)
            num = v(base) * denom + (v(base + 1) - v(base)) * rem
            out.append(_reduced(num, denom * a, "params.quota"))
        elif q.mode == "counts":
            out.append(_reduced(v(wanted.get(s, 0)), a, "params.quota"))
        else:  # total mode, total > pool with on_shortfall = cap: everyone is drawn
            out.append(Ratio(1, 1))
    return out


def declared_ratios(sizes: Sequence[tuple[Stratum, int]], params: DrawParams) -> list[Ratio | None]:
    """§6 declared ratio of each stratum (ratio mode; None in total and counts mode)."""
    if params.quota.mode != "ratio":
        return [None] * len(sizes)
    return [ratio_for(s, params.quota, params.strata_fields) for s, _ in sizes]


# --------------------------------------------------------------------------------------------
# selection (§7)
# --------------------------------------------------------------------------------------------


def _key_stream(seed: bytes, encoded_ids: Iterable[bytes]) -> Iterator[bytes]:
    """SHA-256(seed ‖ UTF-8(id)) for every id, lazily, with C-level iterators only (§5)."""
    return map(_sha256_digest, map(_sha256, map(add, repeat(seed), encoded_ids)))


def _select(seed: bytes, encoded_ids: list[bytes], k: int) -> list[Selected]:
    """R9, R10 (random choice): the k candidates with the smallest keys, ascending (§5, §7).

    Returns (key, UTF-8 id, index in ``encoded_ids``). Definition: keys compared as 256-bit
    integers, ties by id bytes. Shortcuts: equal-length big-endian byte strings compare like
    the integers; keys are filtered against a bound a little above the expected k-th smallest
    key while they are computed, and the filtered set is used only if it holds at least k keys
    (every key below a strict bound survives, so the k smallest are among them); otherwise all
    keys are sorted.
    """
    n = len(encoded_ids)
    if k <= 0:
        return []
    if k < n:
        margin = k + 4 * math.isqrt(k) + 32
        if margin < n:
            thr = ((margin << 256) // n).to_bytes(32, "big")
            picked = [
                (x, encoded_ids[j], j)
                for j, x in enumerate(_key_stream(seed, encoded_ids))
                if x < thr
            ]
            if len(picked) >= k:
                picked.sort()
                return picked[:k]
    keys = list(_key_stream(seed, encoded_ids))
    return sorted(zip(keys, encoded_ids, range(n), strict=True))[:k]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (restoring its state afterwards).

    A draw allocates millions of short-lived objects and creates no reference cycles; without
    the pause, collections repeatedly walk the million-element lists.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --------------------------------------------------------------------------------------------
# inspectors, teams, matching, recusal (§8–§11)
# --------------------------------------------------------------------------------------------


def _validate_inspectors(inputs: DrawInputs) -> None:
    ids: dict[str, str] = {}
    for role, people in (("officers", inputs.officers), ("experts", inputs.experts)):
        for i, p in enumerate(people):
            path = f"{role}[{i}]"
            _check_field(p.id, f"{path}.id")
            if p.id in ids:
                raise _err(
                    f"{path}.id",
                    f"人员编号 {p.id} 重复（执法证号与专家编号不能相同）",
                    f"inspector id {p.id} is repeated (officers and experts share one id space)",
                )
            ids[p.id] = role
            _check_text(p.name, f"{path}.name")
            _check_field(p.department, f"{path}.department")
            if not isinstance(p.categories, tuple | list) or not p.categories:
                raise _err(
                    f"{path}.categories",
                    "必须是非空的门类列表",
                    "must be a non-empty list of categories",
                )
            if len(set(p.categories)) != len(p.categories):
                raise _err(f"{path}.categories", "门类重复", "duplicate category")
            for ci, c in enumerate(p.categories):
                _check_field(c, f"{path}.categories[{ci}]")
            if p.valid_until is not None:
                parse_date(p.valid_until, f"{path}.valid_until")
            if type(p.active) is not bool:
                raise _err(f"{path}.active", "必须是布尔值", "must be a boolean")
    pairs: set[tuple[str, str]] = set()
    for i, cf in enumerate(inputs.conflicts):
        path = f"conflicts[{i}]"
        _check_field(cf.inspector_id, f"{path}.inspector")
        _check_field(cf.candidate_id, f"{path}.candidate")
        _check_text(cf.reason, f"{path}.reason")
        if inputs.format != FORMAT_V1 and cf.reason not in CONFLICT_REASONS:
            raise _err(
                f"{path}.reason",
                f"回避原因必须是代码 {'/'.join(CONFLICT_REASONS)} 之一（说明文字只留在名录中）",
                f"the reason must be one of the codes {'/'.join(CONFLICT_REASONS)}",
            )
        if inputs.format == FORMAT_V1 and not cf.reason:
            raise _err(f"{path}.reason", "不能为空", "must not be empty")
        if (cf.inspector_id, cf.candidate_id) in pairs:
            raise _err(
                path,
                "同一人员与同一对象的回避声明重复",
                "duplicate conflict for the same inspector and candidate",
            )
        pairs.add((cf.inspector_id, cf.candidate_id))


def _validate_items(items: Sequence[Item]) -> None:
    if not items:
        raise _err("items", "至少需要一个抽查事项", "at least one inspection item is required")
    codes: set[str] = set()
    for i, it in enumerate(items):
        path = f"items[{i}]"
        _check_field(it.code, f"{path}.code")
        if it.code in codes:
            raise _err(f"{path}.code", f"事项编码 {it.code} 重复", f"item code {it.code} repeated")
        codes.add(it.code)
        _check_text(it.name, f"{path}.name")
        _check_field(it.category, f"{path}.category")
        _check_field(it.department, f"{path}.department")
        if type(it.needs_expert) is not bool:
            raise _err(f"{path}.needs_expert", "必须是布尔值", "must be a boolean")


def _rank_inspectors(
    inputs: DrawInputs, seed: bytes
) -> tuple[list[RankedInspector], list[RankedInspector], list[Ineligible]]:
    """R3, R10: eligibility (active, certificate valid through the window end, fitting
    category; per department in a joint draw, R8) and keyed ranking of officers and experts (§8)."""
    params = inputs.params
    window_end = parse_date(params.window.end, "params.window.end")
    mixed = bool(params.team.officers_per_department)
    all_categories = {it.category for it in inputs.items}
    by_dept: dict[str, set[str]] = {}
    for it in inputs.items:
        by_dept.setdefault(it.department, set()).add(it.category)
    expert_categories = {it.category for it in inputs.items if it.needs_expert}

    ineligible: list[Ineligible] = []
    officers: list[RankedInspector] = []
    for o in inputs.officers:
        required = by_dept.get(o.department, set()) if mixed else all_categories
        reason = None
        if not o.active:
            reason = "inactive"
        elif o.valid_until is None:
            reason = "no_certificate"
        elif date.fromisoformat(o.valid_until) < window_end:
            reason = "certificate_expired"
        elif required.isdisjoint(o.categories):
            reason = "category"
        if reason is None:
            officers.append(RankedInspector(o.id, o.department, officer_key(seed, o.id)))
        else:
            ineligible.append(Ineligible(ROLE_OFFICER, o.id, reason))
    experts: list[RankedInspector] = []
    if expert_categories:
        for e in inputs.experts:
            reason = None
            if not e.active:
                reason = "inactive"
            elif e.valid_until is not None and date.fromisoformat(e.valid_until) < window_end:
                reason = "certificate_expired"
            elif expert_categories.isdisjoint(e.categories):
                reason = "category"
            if reason is None:
                experts.append(RankedInspector(e.id, e.department, expert_key(seed, e.id)))
            else:
                ineligible.append(Ineligible(ROLE_EXPERT, e.id, reason))
    officers.sort(key=lambda r: (r.key, r.id))
    experts.sort(key=lambda r: (r.key, r.id))
    ineligible.sort(key=lambda x: (x.role != ROLE_OFFICER, x.id))
    return officers, experts, ineligible


def inspector_probabilities(
    n_teams: int,
    spec: TeamSpec,
    officers: Sequence[RankedInspector],
    experts: Sequence[RankedInspector],
    need_experts: bool,
) -> tuple[list[Ratio], list[Ratio]]:
    """§9 probability: each eligible officer's and expert's chance, over the seed and given the
    number of teams, of being dealt a seat (before recusal), in ranking order. Reserved seats
    take a uniformly random subset of each department; free seats (seat-key order in a mixed
    draw) a uniformly random subset of the officers left."""
    if n_teams == 0:
        zero = Ratio(0, 1)
        return [zero] * len(officers), [zero] * len(experts)
    reserved = {dc.department: n_teams * dc.count for dc in spec.officers_per_department}
    free_seats = n_teams * (spec.team_size - sum(dc.count for dc in spec.officers_per_department))
    eligible = len(officers)
    by_dept: dict[str, int] = {}
    for o in officers:
        by_dept[o.department] = by_dept.get(o.department, 0) + 1
    left = eligible - sum(min(r, by_dept.get(d, 0)) for d, r in reserved.items())
    out_officers: list[Ratio] = []
    for o in officers:
        path = "officer_ranking"
        if not reserved:
            p = _reduced(min(free_seats, eligible), eligible, path)
        elif o.department in reserved:
            r, e = min(reserved[o.department], by_dept[o.department]), by_dept[o.department]
            if left == 0:
                p = _reduced(r, e, path)
            else:
                p = _reduced(r * left + (e - r) * min(free_seats, left), e * left, path)
        else:
            p = _reduced(min(free_seats, left), left, path)
        out_officers.append(p)
    out_experts: list[Ratio] = []
    if need_experts:
        seats = n_teams * spec.experts_per_team
        out_experts = [_reduced(min(seats, len(experts)), len(experts), "expert_ranking")] * len(
            experts
        )
    else:
        out_experts = [Ratio(0, 1)] * len(experts)
    return out_officers, out_experts


def team_count_for(targets: int, spec: TeamSpec) -> int:
    """Number of teams N (§9): min(team_count, targets) or ceil(targets / max_targets_per_team)."""
    if targets == 0:
        return 0
    if spec.team_count is not None:
        return min(spec.team_count, targets)
    assert spec.max_targets_per_team is not None
    return -(-targets // spec.max_targets_per_team)


def _form_teams(
    n_teams: int,
    spec: TeamSpec,
    officers: list[RankedInspector],
    experts: list[RankedInspector],
    need_experts: bool,
    seed: bytes = b"",
    fmt: str = FORMAT,
) -> tuple[list[list[str]], list[list[str]], set[str]]:
    """R10 (at least two officers, experts for technical items), R8 (mixed teams): deal ranked
    officers into reserved department seats, then free seats, then experts, round-robin (§9).
    ``suiji-draw/2`` deals the free seats of a mixed draw in seat-key order, so that every
    officer's chance of a seat is a simple published fraction."""
    team_officers: list[list[str]] = [[] for _ in range(n_teams)]
    team_experts: list[list[str]] = [[] for _ in range(n_teams)]
    used: set[str] = set()
    if n_teams == 0:
        return team_officers, team_experts, used
    seats = sorted(spec.officers_per_department, key=lambda d: d.department.encode("utf-8"))
    for dc in seats:
        pool = [o for o in officers if o.department == dc.department and o.id not in used]
        need = n_teams * dc.count
        if len(pool) < need:
            raise TooFewInspectorsError(ROLE_OFFICER, dc.department, need, len(pool))
        for j, o in enumerate(pool[:need]):
            team_officers[j % n_teams].append(o.id)
            used.add(o.id)
    free = spec.team_size - sum(dc.count for dc in seats)
    pool = [o for o in officers if o.id not in used]
    if seats and fmt != FORMAT_V1:
        pool.sort(key=lambda o: (seat_key(seed, o.id), o.id.encode("utf-8")))
    need = n_teams * free
    if len(pool) < need:
        raise TooFewInspectorsError(ROLE_OFFICER, None, need, len(pool))
    for j, o in enumerate(pool[:need]):
        team_officers[j % n_teams].append(o.id)
        used.add(o.id)
    if need_experts:
        need = n_teams * spec.experts_per_team
        if len(experts) < need:
            raise TooFewInspectorsError(ROLE_EXPERT, None, need, len(experts))
        for j, e in enumerate(experts[:need]):
            team_experts[j % n_teams].append(e.id)
            used.add(e.id)
    return team_officers, team_experts, used


def _recuse(
    targets: list[str],
    assign: dict[str, int],
    team_order: list[int],
    team_officers: list[list[str]],
    team_experts: list[list[str]],
    used: set[str],
    officers: list[RankedInspector],
    experts: list[RankedInspector],
    conflicts: Mapping[tuple[str, str], str],
    mixed: bool,
) -> list[Recusal]:
    """R10 (回避): apply the published recusal rule (§11); mutates ``assign`` and the teams.

    For each target in matching order whose team has a member conflicted with it:
    1. swap: scan the other teams in team order, and each one's targets in matching order; take
       the first target y of team u such that the team loses its conflict with y and u has no
       conflict with the target; exchange the two targets;
    2. otherwise replace every conflicted member (officers first, then experts, in seat order)
       by the best-ranked inspector of the same role that was never in any team, has no
       conflict with any target of the team and (mixed teams, officers) is of the same
       department.
    """
    if not conflicts:
        return []
    pos = {t: i for i, t in enumerate(targets)}
    dept = {o.id: o.department for o in officers}
    team_targets: dict[int, list[str]] = {t: [] for t in team_order}
    for x in targets:
        team_targets[assign[x]].append(x)

    def conflicted(team: int, target: str) -> list[tuple[str, str, str]]:
        out = []
        for m in team_officers[team - 1]:
            r = conflicts.get((m, target))
            if r is not None:
                out.append((ROLE_OFFICER, m, r))
        for m in team_experts[team - 1]:
            r = conflicts.get((m, target))
            if r is not None:
                out.append((ROLE_EXPERT, m, r))
        return out

    recusals: list[Recusal] = []
    for x in targets:
        t = assign[x]
        members = conflicted(t, x)
        if not members:
            continue
        swapped = False
        for u in team_order:
            if u == t or conflicted(u, x):
                continue
            for y in team_targets[u]:
                if not conflicted(t, y):
                    assign[x], assign[y] = u, t
                    team_targets[t].remove(x)
                    team_targets[u].remove(y)
                    team_targets[t].append(y)
                    team_targets[u].append(x)
                    team_targets[t].sort(key=pos.__getitem__)
                    team_targets[u].sort(key=pos.__getitem__)
                    for role, m, reason in members:
                        recusals.append(
                            Recusal(len(recusals) + 1, "swap", role, t, x, m, reason, u, y, None)
                        )
                    swapped = True
                    break
            if swapped:
                break
        if swapped:
            continue
        for role, m, reason in members:
            ranking = officers if role == ROLE_OFFICER else experts
            seats = team_officers[t - 1] if role == ROLE_OFFICER else team_experts[t - 1]
            replacement = None
            for r in ranking:
                if r.id in used:
                    continue
                if mixed and role == ROLE_OFFICER and r.department != dept[m]:
                    continue
                if any((r.id, z) in conflicts for z in team_targets[t]):
                    continue
                replacement = r.id
                break
            if replacement is None:
                raise RecusalImpossibleError(t, x, m, role)
            seats[seats.index(m)] = replacement
            used.add(replacement)
            recusals.append(
                Recusal(
                    len(recusals) + 1, "replace", role, t, x, m, reason, None, None, replacement
                )
            )
    return recusals


# --------------------------------------------------------------------------------------------
# the draw
# --------------------------------------------------------------------------------------------


def _validate_top(inputs: DrawInputs, with_secret: bool = True) -> None:
    _check_field(inputs.draw_id, "draw_id")
    _check_field(inputs.org, "org")
    _check_text(inputs.plan.plan, "plan.plan")
    _check_text(inputs.plan.task, "plan.task")
    _check_int(inputs.plan.round, "plan.round")
    if with_secret and (not isinstance(inputs.secret, bytes) or len(inputs.secret) != SECRET_BYTES):
        raise _err("secret", "密钥必须是 32 字节", "the secret must be exactly 32 bytes")
    for i, w in enumerate(inputs.witnesses):
        _check_text(w.name, f"witnesses[{i}].name")
        if not w.name:
            raise _err(f"witnesses[{i}].name", "不能为空", "must not be empty")
        _check_text(w.value, f"witnesses[{i}].value")


def validate_inputs(inputs: DrawInputs, *, with_secret: bool = True) -> None:
    """Every input and parameter check (§1, §8, §12.2) — they always run, before anything is
    derived, even for an empty pool. ``with_secret=False`` at commit (no secret to check)."""
    _validate_top(inputs, with_secret)
    params = inputs.params
    _validate_params(params, inputs.format)
    _validate_items(inputs.items)
    _validate_inspectors(inputs)
    if params.team.experts_per_team == 0 and any(it.needs_expert for it in inputs.items):
        raise _err(
            "params.team.experts_per_team",
            "有事项需要专家，每组专家人数不能为 0",
            "an item needs an expert, so experts_per_team cannot be 0",
        )


def run_draw(inputs: DrawInputs, canonical: CanonicalPool | None = None) -> DrawResult:
    """Run a draw (see :func:`_run_draw`), with the cyclic garbage collector paused."""
    with gc_paused():
        return _run_draw(inputs, canonical)


def _run_draw(inputs: DrawInputs, canonical: CanonicalPool | None = None) -> DrawResult:
    """Run a draw: digests, seed, quotas, selection, inspectors, teams, matching, recusals.

    Implements R5–R10 and R19 as specified in ``docs/draw-record.md`` §2–§11. Deterministic:
    the result depends on the inputs' values only, never on their order (except the witness
    order, which is part of the seed). Raises a :class:`DrawError` subclass on bad input.

    ``canonical``: the pool and exclusions already in canonical form (see
    :class:`CanonicalPool`) instead of ``inputs.pool`` and ``inputs.exclusions``, which must
    then be empty.
    """
    validate_inputs(inputs)
    params = inputs.params
    fmt = inputs.format

    # §2, §3: pool, exclusions, commitment
    if canonical is None:
        canonical = canonicalise(inputs.pool, inputs.exclusions, params.strata_fields)
    elif inputs.pool or inputs.exclusions:
        raise _err("pool", "候选池只能给出一次", "give the pool either as groups or canonical")
    elif canonical.strata_fields != tuple(params.strata_fields):
        raise _err("pool", "候选池的分层字段与参数不符", "the pool's strata fields differ")
    blocks, p_digest = canonical.blocks, canonical.digest
    if inputs.expected_pool_digest is not None and inputs.expected_pool_digest != p_digest:
        raise CommitmentMismatchError(
            "候选池与提交时公布的摘要不一致 / the pool differs from the digest published at commit",
            "pool_digest",
        )
    commitment = commitment_of(inputs.secret)
    if inputs.commitment is not None and inputs.commitment != commitment:
        raise CommitmentMismatchError(
            "揭示的密钥与承诺值不符 / the revealed secret does not match the commitment",
            "commitment",
        )

    # §4: seed
    seed = derive_seed(inputs.secret, inputs.witnesses, p_digest, inputs.draw_id)

    # §6: quotas per stratum (canonical stratum order)
    by_stratum: dict[Stratum, list[_Block]] = {}
    for b in blocks:
        by_stratum.setdefault(b.stratum, []).append(b)
    strata_set = set(by_stratum)
    if params.quota.mode == "counts":
        strata_set.update(tuple(sc.stratum) for sc in params.quota.counts)
    strata = sorted(strata_set, key=stratum_bytes)
    sizes = [(s, sum(b.count for b in by_stratum.get(s, []))) for s in strata]
    check_cap(sizes, params)
    quotas = allocate_quotas(sizes, params, seed, fmt)
    if fmt == FORMAT_V1:
        ratios: list[Ratio | None] = [None] * len(sizes)
        chances: list[Ratio | None] = [None] * len(sizes)
    else:
        ratios, chances = declared_ratios(sizes, params), stratum_probabilities(sizes, params)
    short = [(s, q, a) for (s, a), q in zip(sizes, quotas, strict=True) if q > a]
    if short and params.on_shortfall == "error":
        s0, q0, a0 = short[0]
        raise QuotaShortfallError(s0, q0, a0, params.strata_fields, short)

    # §5, §7: keys and selection
    results: list[StratumResult] = []
    for (s, available), quota, ratio, chance in zip(sizes, quotas, ratios, chances, strict=True):
        k = min(quota, available)
        chosen: list[SelectedTarget] = []
        if k > 0:
            parts = by_stratum[s]
            if len(parts) == 1:
                encoded = parts[0].encoded_ids()
            else:
                encoded = []
                for b in parts:
                    encoded.extend(b.encoded_ids())
            starts = list(accumulate((b.count for b in parts[:-1]), initial=0))
            chosen = [
                SelectedTarget(i.decode("utf-8"), parts[bisect_right(starts, j) - 1].org, s, key)
                for key, i, j in _select(seed, encoded, k)
            ]
        results.append(StratumResult(s, available, quota, tuple(chosen), ratio, chance))

    # §8: inspectors
    officers, experts, ineligible = _rank_inspectors(inputs, seed)

    # §9, §10: teams and matching
    all_targets = sorted(
        (t for r in results for t in r.targets), key=lambda t: (t.key, t.id.encode("utf-8"))
    )
    target_ids = [t.id for t in all_targets]
    n_teams = team_count_for(len(target_ids), params.team)
    need_experts = params.team.experts_per_team > 0 and any(it.needs_expert for it in inputs.items)
    team_officers, team_experts, used = _form_teams(
        n_teams, params.team, officers, experts, need_experts, seed, fmt
    )
    if fmt != FORMAT_V1:
        p_off, p_exp = inspector_probabilities(
            n_teams, params.team, officers, experts, need_experts
        )
        officers = [
            RankedInspector(o.id, o.department, o.key, p)
            for o, p in zip(officers, p_off, strict=True)
        ]
        experts = [
            RankedInspector(e.id, e.department, e.key, p)
            for e, p in zip(experts, p_exp, strict=True)
        ]
    team_order = sorted(range(1, n_teams + 1), key=lambda n: (team_key(seed, n), n))
    assign: dict[str, int] = {}
    for p, tid in enumerate(target_ids):
        assign[tid] = team_order[p % n_teams]

    # §11: recusal
    conflict_map = {(c.inspector_id, c.candidate_id): c.reason for c in inputs.conflicts}
    recusals = _recuse(
        target_ids,
        assign,
        team_order,
        team_officers,
        team_experts,
        used,
        officers,
        experts,
        conflict_map,
        bool(params.team.officers_per_department),
    )

    team_targets: list[list[str]] = [[] for _ in range(n_teams)]
    for t in target_ids:
        team_targets[assign[t] - 1].append(t)
    teams = tuple(
        Team(n, tuple(team_officers[n - 1]), tuple(team_experts[n - 1]), tuple(team_targets[n - 1]))
        for n in range(1, n_teams + 1)
    )
    matching = tuple((t, assign[t]) for t in target_ids)
    return DrawResult(
        draw_id=inputs.draw_id,
        commitment=commitment,
        seed=seed,
        canonical=canonical,
        strata=tuple(results),
        officer_ranking=tuple(officers),
        expert_ranking=tuple(experts),
        ineligible=tuple(ineligible),
        teams=teams,
        matching=matching,
        recusals=tuple(recusals),
        format=fmt,
    )


def build_record(
    inputs: DrawInputs,
    result: DrawResult,
    *,
    timestamps: Mapping[str, str | None] | None = None,
    check_personal_data: bool = True,
) -> dict[str, Any]:
    """The published draw record (format ``suiji-draw/1``); see :mod:`.record`."""
    from .record import build_record as _build

    return _build(inputs, result, timestamps=timestamps, check_personal_data=check_personal_data)


def verify_record(record: Any) -> Any:
    """Re-derive a record and report PASS or the first difference; see :mod:`.verify`."""
    from .verify import verify_record as _verify

    return _verify(record)
