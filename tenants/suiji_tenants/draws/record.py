"""The draw record (formats ``suiji-draw/2`` and ``/1``) and the commit record: build, parse,
canonical JSON, result digest.

Standard library only (no Django). The format is specified in ``docs/draw-record.md`` §12;
:data:`RECORD_SCHEMA` is its JSON Schema (draft 2020-12), printed by ``verify-draw --schema``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

from .engine import (
    COMMIT_FORMAT,
    CONFLICT_REASONS,
    FORMAT,
    FORMAT_V1,
    ROUNDINGS,
    SECRET_BYTES,
    SYSTEMATIC,
    CanonicalPool,
    Conflict,
    DepartmentCount,
    DrawError,
    DrawInputs,
    DrawParams,
    DrawResult,
    ExclusionGroup,
    Inspector,
    Item,
    PlanRef,
    PoolGroup,
    QuotaSpec,
    RankedInspector,
    Ratio,
    RatioRule,
    Scope,
    ScopeFilter,
    StratumCount,
    TeamSpec,
    Window,
    Witness,
    check_cap,
    declared_ratios,
    stratum_bytes,
    stratum_probabilities,
    validate_inputs,
)

UNDIGESTED_KEYS = ("pool", "exclusions", "result_digest")
"""Top-level keys left out of the result digest (the first two have their own digests)."""

TIMESTAMP_KEYS = ("committed_at", "revealed_at")


class PersonalDataError(DrawError):
    """The record would publish something that looks like an ID number or a phone number."""


class RecordError(Exception):
    """A record does not follow the schema: ``path``, what was expected, what was found."""

    def __init__(self, path: str, expected: str, actual: Any) -> None:
        super().__init__(f"{path}: expected {expected}, got {actual!r}")
        self.path = path
        self.expected = expected
        self.actual = actual


# --------------------------------------------------------------------------------------------
# canonical JSON and the result digest (§12.3)
# --------------------------------------------------------------------------------------------


def canonical_json(value: Any) -> bytes:
    """Canonical JSON bytes: UTF-8, keys sorted, no insignificant whitespace, no ``\\uXXXX``
    escapes except the mandatory ones (RFC 8785 for this format's value domain)."""
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def result_digest(record: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the record without ``pool``, ``exclusions`` and
    ``result_digest`` (those lists are bound through ``pool_digest``/``exclusions_digest``)."""
    body = {k: v for k, v in record.items() if k not in UNDIGESTED_KEYS}
    return hashlib.sha256(canonical_json(body)).hexdigest()


# --------------------------------------------------------------------------------------------
# personal data (DESIGN: the record must contain no ID numbers or phones)
# --------------------------------------------------------------------------------------------

_RIC_RE = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"\d{3}[0-9Xx](?![0-9A-Za-z])"
)
_MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _is_ric(s: str) -> bool:
    """GB 11643 resident ID number: valid birth date and check character."""
    try:
        date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    total = sum(int(c) * w for c, w in zip(s[:17], _RIC_WEIGHTS, strict=True))
    check = "10X98765432"[total % 11]
    return s[17].upper() == check


def personal_data_in(text: str) -> str | None:
    """``"id_number"`` or ``"phone"`` if the text contains one, else ``None``."""
    for m in _RIC_RE.finditer(text):
        if _is_ric(m.group(0)):
            return "id_number"
    if _MOBILE_RE.search(text):
        return "phone"
    return None


def _scan_paths(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Free-text fields that are scanned for personal data (see §12.5)."""
    out: list[tuple[str, str]] = [("draw_id", record["draw_id"]), ("org", record["org"])]
    for k in ("plan", "task"):
        out.append((f"plan.{k}", record["plan"][k]))
    for i, it in enumerate(record["items"]):
        for k in ("code", "name", "category", "department"):
            out.append((f"items[{i}].{k}", it[k]))
    for role in ("officers", "experts"):
        for i, p in enumerate(record[role]):
            for k in ("id", "name", "department"):
                out.append((f"{role}[{i}].{k}", p[k]))
            for j, c in enumerate(p["categories"]):
                out.append((f"{role}[{i}].categories[{j}]", c))
    for i, c in enumerate(record["conflicts"]):
        out.append((f"conflicts[{i}].reason", c["reason"]))
    for i, w in enumerate(record["witnesses"]):
        out.append((f"witnesses[{i}].name", w["name"]))
    for i, f in enumerate(record["params"]["scope"]["filters"]):
        out.append((f"params.scope.filters[{i}].field", f["field"]))
        for j, v in enumerate(f["values"]):
            out.append((f"params.scope.filters[{i}].values[{j}]", v))
    for k in TIMESTAMP_KEYS:
        v = record["timestamps"][k]
        if v is not None:
            out.append((f"timestamps.{k}", v))
    return out


def find_personal_data(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(path, kind) of every scanned field that contains an ID number or a mobile number."""
    found = []
    for path, text in _scan_paths(record):
        kind = personal_data_in(text)
        if kind is not None:
            found.append((path, kind))
    return found


# --------------------------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------------------------


def _ratio_json(r: Ratio) -> dict[str, int]:
    return {"num": r.num, "den": r.den}


def _opt_ratio_json(r: Ratio | None) -> dict[str, int] | None:
    return None if r is None else _ratio_json(r)


def params_json(p: DrawParams, fmt: str = FORMAT) -> dict[str, Any]:
    """``params`` object of the record (§12.2; ``suiji-draw/1`` has no ``cap``)."""
    q = p.quota
    quota: dict[str, Any]
    if q.mode == "ratio":
        assert q.default is not None
        quota = {
            "mode": "ratio",
            "default": _ratio_json(q.default),
            "rules": [
                {
                    "match": [{"field": f, "value": v} for f, v in rule.match],
                    "ratio": _ratio_json(rule.ratio),
                }
                for rule in q.rules
            ],
            "rounding": q.rounding,
        }
    elif q.mode == "total":
        quota = {"mode": "total", "total": q.total}
    else:
        counts = sorted(q.counts, key=lambda c: "\x1f".join(c.stratum))
        quota = {
            "mode": "counts",
            "counts": [{"stratum": list(c.stratum), "count": c.count} for c in counts],
        }
    t = p.team
    cap = {} if fmt == FORMAT_V1 else {"cap": _opt_ratio_json(p.cap)}
    return {
        "strata_fields": list(p.strata_fields),
        "quota": quota,
        **cap,
        "min_per_stratum": p.min_per_stratum,
        "on_shortfall": p.on_shortfall,
        "team": {
            "team_size": t.team_size,
            "officers_per_department": [
                {"department": d.department, "count": d.count}
                for d in sorted(t.officers_per_department, key=lambda d: d.department)
            ],
            "team_count": t.team_count,
            "max_targets_per_team": t.max_targets_per_team,
            "experts_per_team": t.experts_per_team,
        },
        "window": {"start": p.window.start, "end": p.window.end},
        "scope": {
            "kind": p.scope.kind,
            "filters": [{"field": f.field, "values": list(f.values)} for f in p.scope.filters],
        },
    }


def _inspector_json(p: Inspector) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "department": p.department,
        "categories": sorted(p.categories),
        "valid_until": p.valid_until,
        "active": p.active,
    }


def _ranked_json(r: RankedInspector, v1: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"id": r.id, "department": r.department, "key": r.key.hex()}
    if not v1:
        out["probability"] = _opt_ratio_json(r.probability)
    return out


def _as_list(ids: Sequence[str]) -> list[str]:
    return ids if isinstance(ids, list) else list(ids)


def build_record(
    inputs: DrawInputs,
    result: DrawResult,
    *,
    timestamps: Mapping[str, str | None] | None = None,
    check_personal_data: bool = True,
) -> dict[str, Any]:
    """The published record of a draw (R18, R20): inputs, secret, derivations, result digest.

    Raises :class:`PersonalDataError` when a free-text field contains an ID number or a
    mobile number (unless ``check_personal_data`` is false, as in the verifier).
    """
    record = record_body(
        inputs, result, timestamps=timestamps, check_personal_data=check_personal_data
    )
    record["pool"] = [
        {"stratum": list(g.stratum), "org": g.org, "ids": _as_list(g.ids)} for g in result.pool
    ]
    record["exclusions"] = [
        {"reason": g.reason, "org": g.org, "ids": _as_list(g.ids)} for g in result.exclusions
    ]
    return record


def record_inputs_json(inputs: DrawInputs) -> dict[str, Any]:
    """The input fields the draw record and the commit record share, in canonical form."""
    return {
        "draw_id": inputs.draw_id,
        "org": inputs.org,
        "plan": {"plan": inputs.plan.plan, "task": inputs.plan.task, "round": inputs.plan.round},
        "params": params_json(inputs.params, inputs.format),
        "items": [
            {
                "code": it.code,
                "name": it.name,
                "category": it.category,
                "department": it.department,
                "needs_expert": it.needs_expert,
            }
            for it in sorted(inputs.items, key=lambda it: it.code)
        ],
        "officers": [_inspector_json(o) for o in sorted(inputs.officers, key=lambda o: o.id)],
        "experts": [_inspector_json(e) for e in sorted(inputs.experts, key=lambda e: e.id)],
        "conflicts": [
            {"inspector": c.inspector_id, "candidate": c.candidate_id, "reason": c.reason}
            for c in sorted(inputs.conflicts, key=lambda c: (c.inspector_id, c.candidate_id))
        ],
    }


def record_body(
    inputs: DrawInputs,
    result: DrawResult,
    *,
    timestamps: Mapping[str, str | None] | None = None,
    check_personal_data: bool = True,
) -> dict[str, Any]:
    """The record with ``pool`` and ``exclusions`` left as ``None`` (the big id lists: see
    :func:`pool_json`, :func:`exclusions_json` and :func:`encode_record`); everything else,
    the result digest included, is final."""
    ts = dict.fromkeys(TIMESTAMP_KEYS)
    if timestamps:
        for k, v in timestamps.items():
            if k not in ts:
                raise DrawError(
                    f"未知的时间字段 {k} / unknown timestamp field {k}", f"timestamps.{k}"
                )
            if v is not None and not isinstance(v, str):
                raise DrawError(
                    f"时间字段 {k} 必须是字符串 / timestamp {k} must be a string", f"timestamps.{k}"
                )
            ts[k] = v
    fmt = result.format
    v1 = fmt == FORMAT_V1
    parts = record_inputs_json(inputs)
    record: dict[str, Any] = {
        "format": fmt,
        "draw_id": inputs.draw_id,
        "org": inputs.org,
        "plan": parts["plan"],
        "params": parts["params"],
        "items": parts["items"],
        "pool": None,
        "pool_size": result.pool_size,
        "pool_digest": result.pool_digest,
        "exclusions": None,
        "excluded_count": result.excluded_count,
        "exclusions_digest": result.exclusions_digest,
        "commitment": result.commitment,
        "witnesses": [{"name": w.name, "value": w.value} for w in inputs.witnesses],
        "secret": inputs.secret.hex(),
        "seed": result.seed.hex(),
        "strata": [
            {
                "stratum": list(s.stratum),
                "available": s.available,
                **(
                    {}
                    if v1
                    else {
                        "ratio": _opt_ratio_json(s.ratio),
                        "probability": _opt_ratio_json(s.probability),
                    }
                ),
                "quota": s.quota,
                "drawn": s.drawn,
                "targets": [{"id": t.id, "org": t.org, "key": t.key.hex()} for t in s.targets],
            }
            for s in result.strata
        ],
        "officers": parts["officers"],
        "experts": parts["experts"],
        "conflicts": parts["conflicts"],
        "ineligible": [{"role": x.role, "id": x.id, "reason": x.reason} for x in result.ineligible],
        "officer_ranking": [_ranked_json(r, v1) for r in result.officer_ranking],
        "expert_ranking": [_ranked_json(r, v1) for r in result.expert_ranking],
        "teams": [
            {
                "team": t.number,
                "officers": list(t.officers),
                "experts": list(t.experts),
                "targets": list(t.targets),
            }
            for t in result.teams
        ],
        "matching": [{"target": tid, "team": n} for tid, n in result.matching],
        "recusals": [
            {
                "seq": r.seq,
                "kind": r.kind,
                "role": r.role,
                "team": r.team,
                "target": r.target,
                "inspector": r.inspector,
                "reason": r.reason,
                "swap_team": r.swap_team,
                "swap_target": r.swap_target,
                "replacement": r.replacement,
            }
            for r in result.recusals
        ],
        "timestamps": ts,
    }
    if check_personal_data:
        found = find_personal_data(record)
        if found:
            path, kind = found[0]
            zh = "身份证号" if kind == "id_number" else "手机号"
            en = "an ID number" if kind == "id_number" else "a phone number"
            raise PersonalDataError(
                f"{path}：疑似含有{zh}，不能公开 / {path}: looks like {en}, which must not be "
                f"published",
                path,
            )
    record["result_digest"] = result_digest(record)
    return record


COMMIT_KEYS: tuple[str, ...] = (
    "draw_id",
    "org",
    "plan",
    "params",
    "items",
    "pool_size",
    "pool_digest",
    "excluded_count",
    "exclusions_digest",
    "commitment",
    "strata",
    "officers",
    "experts",
    "conflicts",
    "committed_at",
    "pool",
    "exclusions",
)
"""Fields of the commit record after ``format``, in order (§12.6)."""

_STRATUM_COMMIT_KEYS = ("stratum", "available", "ratio", "probability")


def commit_strata(canonical: CanonicalPool, params: DrawParams) -> list[dict[str, Any]]:
    """What the commit record says of each stratum: size, declared ratio, probability (§6)."""
    sizes: dict[tuple[str, ...], int] = {}
    for b in canonical.blocks:
        sizes[b.stratum] = sizes.get(b.stratum, 0) + b.count
    if params.quota.mode == "counts":
        for sc in params.quota.counts:
            sizes.setdefault(tuple(sc.stratum), 0)
    ordered = sorted(sizes.items(), key=lambda kv: stratum_bytes(kv[0]))
    check_cap(ordered, params)
    ratios = declared_ratios(ordered, params)
    chances = stratum_probabilities(ordered, params)
    return [
        {
            "stratum": list(st),
            "available": n,
            "ratio": _opt_ratio_json(r),
            "probability": _opt_ratio_json(c),
        }
        for (st, n), r, c in zip(ordered, ratios, chances, strict=True)
    ]


def commit_body(
    inputs: DrawInputs, canonical: CanonicalPool, *, committed_at: str | None
) -> dict[str, Any]:
    """The commit record (§12.6) with ``pool`` and ``exclusions`` left as ``None`` (see
    :func:`encode_record`): everything known at commit, nothing that depends on the secret.
    ``inputs.secret`` is not read; ``inputs.commitment`` is the published commitment."""
    if inputs.commitment is None:
        raise DrawError("提交记录需要承诺值 / a commit record needs the commitment", "commitment")
    if inputs.format != FORMAT:
        raise DrawError(f"提交记录只用于 {FORMAT} / commit records are {FORMAT} only", "format")
    validate_inputs(inputs, with_secret=False)
    body = record_inputs_json(inputs)
    record: dict[str, Any] = {"format": COMMIT_FORMAT}
    record |= {
        "draw_id": body["draw_id"],
        "org": body["org"],
        "plan": body["plan"],
        "params": body["params"],
        "items": body["items"],
        "pool_size": canonical.size,
        "pool_digest": canonical.digest,
        "excluded_count": canonical.excluded_count,
        "exclusions_digest": canonical.exclusions_digest,
        "commitment": inputs.commitment,
        "strata": commit_strata(canonical, inputs.params),
        "officers": body["officers"],
        "experts": body["experts"],
        "conflicts": body["conflicts"],
        "committed_at": committed_at,
        "pool": None,
        "exclusions": None,
    }
    found = find_personal_data(
        {**body, "witnesses": [], "timestamps": {"committed_at": committed_at, "revealed_at": None}}
    )
    if found:
        path, _ = found[0]
        raise PersonalDataError(f"{path}：疑似含有个人信息，不能公开 / {path}: personal data", path)
    return record


def commit_json(inputs: DrawInputs, canonical: CanonicalPool, *, committed_at: str | None) -> bytes:
    """The commit record as JSON bytes (the file ``verify-draw --commit`` reads)."""
    body = commit_body(inputs, canonical, committed_at=committed_at)
    lists = {"pool": pool_json(canonical), "exclusions": exclusions_json(canonical)}
    return b"".join(encode_record(body, lists))


def commit_from_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """The commit record a draw record implies (§12.6): each field equal to the record's."""
    strata = [{k: s[k] for k in _STRATUM_COMMIT_KEYS if k in s} for s in record["strata"]]
    out: dict[str, Any] = {"format": COMMIT_FORMAT}
    for key in COMMIT_KEYS:
        if key == "strata":
            out[key] = strata
        elif key == "committed_at":
            out[key] = record["timestamps"]["committed_at"]
        else:
            out[key] = record[key]
    return out


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _ids_json(blob: bytes, count: int) -> bytes:
    """A JSON array of the ids in a canonical blob (UTF-8 ids joined by ``\\n``). Canonical
    ids contain no control character, so only ``"`` and ``\\`` would need escaping."""
    if not count:
        return b"[]"
    if b'"' in blob or b"\\" in blob:
        return _dumps(blob.decode("utf-8").split("\n"))
    return b'["' + blob.replace(b"\n", b'","') + b'"]'


def pool_json(canonical: CanonicalPool) -> bytes:
    """The record's ``pool`` value as JSON, built from the canonical blobs without decoding
    the ids (equal to the JSON of :func:`build_record`'s list)."""
    return (
        b"["
        + b",".join(
            b'{"stratum":'
            + _dumps(list(b.stratum))
            + b',"org":'
            + _dumps(b.org)
            + b',"ids":'
            + _ids_json(b.blob, b.count)
            + b"}"
            for b in canonical.blocks
        )
        + b"]"
    )


def exclusions_json(canonical: CanonicalPool) -> bytes:
    """The record's ``exclusions`` value as JSON (see :func:`pool_json`)."""
    return (
        b"["
        + b",".join(
            b'{"reason":'
            + _dumps(b.label)
            + b',"org":'
            + _dumps(b.org)
            + b',"ids":'
            + _ids_json(b.blob, b.count)
            + b"}"
            for b in canonical.exclusion_blocks
        )
        + b"]"
    )


_Raw = TypeVar("_Raw")


def encode_record(record: Mapping[str, Any], raw: Mapping[str, _Raw]) -> list[bytes | _Raw]:
    """The record's JSON (UTF-8, no insignificant whitespace, keys in the record's order) as
    pieces: the values of the keys in ``raw`` are taken from there as given (e.g. the output of
    :func:`pool_json`, or something standing for it) and are pieces of their own."""
    pieces: list[bytes | _Raw] = []
    text = b"{"
    for i, (key, value) in enumerate(record.items()):
        text += (b"," if i else b"") + _dumps(key) + b":"
        if key in raw:
            pieces.extend((text, raw[key]))
            text = b""
        else:
            text += _dumps(value)
    pieces.append(text + b"}")
    return pieces


# --------------------------------------------------------------------------------------------
# parse (record -> inputs)
# --------------------------------------------------------------------------------------------


def _at(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _get(obj: Any, path: str, key: str) -> Any:
    if not isinstance(obj, dict):
        raise RecordError(path or "(record)", "an object", obj)
    if key not in obj:
        raise RecordError(_at(path, key), "a value", "(missing)")
    return obj[key]


def _str(obj: Any, path: str, key: str) -> str:
    v = _get(obj, path, key)
    if type(v) is not str:
        raise RecordError(_at(path, key), "a string", v)
    return v


def _opt_str(obj: Any, path: str, key: str) -> str | None:
    v = _get(obj, path, key)
    if v is not None and type(v) is not str:
        raise RecordError(_at(path, key), "a string or null", v)
    return v


def _int(obj: Any, path: str, key: str) -> int:
    v = _get(obj, path, key)
    if type(v) is not int:
        raise RecordError(_at(path, key), "an integer", v)
    return v


def _opt_int(obj: Any, path: str, key: str) -> int | None:
    v = _get(obj, path, key)
    if v is not None and type(v) is not int:
        raise RecordError(_at(path, key), "an integer or null", v)
    return v


def _bool(obj: Any, path: str, key: str) -> bool:
    v = _get(obj, path, key)
    if type(v) is not bool:
        raise RecordError(_at(path, key), "true or false", v)
    return v


def _list(obj: Any, path: str, key: str) -> list[Any]:
    v = _get(obj, path, key)
    if type(v) is not list:
        raise RecordError(_at(path, key), "an array", v)
    return v


def _str_list(obj: Any, path: str, key: str) -> list[str]:
    v = _list(obj, path, key)
    if v and set(map(type, v)) != {str}:
        for i, x in enumerate(v):
            if type(x) is not str:
                raise RecordError(_at(_at(path, key), i), "a string", x)
    return v


def _ratio(obj: Any, path: str, key: str) -> Ratio:
    r = _get(obj, path, key)
    p = _at(path, key)
    return Ratio(_int(r, p, "num"), _int(r, p, "den"))


def _params(rec: Any, fmt: str = FORMAT) -> DrawParams:
    p = "params"
    params = _get(rec, "", "params")
    cap = None
    if fmt != FORMAT_V1 and _get(params, p, "cap") is not None:
        cap = _ratio(params, p, "cap")
    qp = "params.quota"
    q = _get(params, p, "quota")
    mode = _str(q, qp, "mode")
    quota: QuotaSpec
    if mode == "ratio":
        rules = []
        for i, r in enumerate(_list(q, qp, "rules")):
            rp = _at(_at(qp, "rules"), i)
            match = []
            for j, m in enumerate(_list(r, rp, "match")):
                mp = _at(_at(rp, "match"), j)
                match.append((_str(m, mp, "field"), _str(m, mp, "value")))
            rules.append(RatioRule(tuple(match), _ratio(r, rp, "ratio")))
        quota = QuotaSpec(
            mode="ratio",
            default=_ratio(q, qp, "default"),
            rules=tuple(rules),
            rounding=_str(q, qp, "rounding"),
        )
    elif mode == "total":
        quota = QuotaSpec(mode="total", total=_int(q, qp, "total"))
    elif mode == "counts":
        counts = []
        for i, c in enumerate(_list(q, qp, "counts")):
            cp = _at(_at(qp, "counts"), i)
            counts.append(StratumCount(tuple(_str_list(c, cp, "stratum")), _int(c, cp, "count")))
        quota = QuotaSpec(mode="counts", counts=tuple(counts))
    else:
        raise RecordError(_at(qp, "mode"), '"ratio", "total" or "counts"', mode)
    tp = "params.team"
    t = _get(params, p, "team")
    depts = []
    for i, d in enumerate(_list(t, tp, "officers_per_department")):
        dp = _at(_at(tp, "officers_per_department"), i)
        depts.append(DepartmentCount(_str(d, dp, "department"), _int(d, dp, "count")))
    team = TeamSpec(
        team_size=_int(t, tp, "team_size"),
        officers_per_department=tuple(depts),
        team_count=_opt_int(t, tp, "team_count"),
        max_targets_per_team=_opt_int(t, tp, "max_targets_per_team"),
        experts_per_team=_int(t, tp, "experts_per_team"),
    )
    w = _get(params, p, "window")
    window = Window(_str(w, "params.window", "start"), _str(w, "params.window", "end"))
    sp = "params.scope"
    s = _get(params, p, "scope")
    filters = []
    for i, f in enumerate(_list(s, sp, "filters")):
        fp = _at(_at(sp, "filters"), i)
        filters.append(ScopeFilter(_str(f, fp, "field"), tuple(_str_list(f, fp, "values"))))
    return DrawParams(
        strata_fields=tuple(_str_list(params, p, "strata_fields")),
        quota=quota,
        window=window,
        team=team,
        min_per_stratum=_int(params, p, "min_per_stratum"),
        on_shortfall=_str(params, p, "on_shortfall"),
        scope=Scope(_str(s, sp, "kind"), tuple(filters)),
        cap=cap,
    )


def _inspectors(rec: Any, key: str) -> list[Inspector]:
    out = []
    for i, o in enumerate(_list(rec, "", key)):
        op = _at(key, i)
        out.append(
            Inspector(
                id=_str(o, op, "id"),
                name=_str(o, op, "name"),
                department=_str(o, op, "department"),
                categories=tuple(_str_list(o, op, "categories")),
                valid_until=_opt_str(o, op, "valid_until"),
                active=_bool(o, op, "active"),
            )
        )
    return out


def _secret(rec: Any) -> bytes:
    s = _str(rec, "", "secret")
    if not re.fullmatch(r"[0-9a-f]{64}", s):
        raise RecordError("secret", f"{SECRET_BYTES * 2} lowercase hex digits", s)
    return bytes.fromhex(s)


def inputs_from_record(record: Any) -> tuple[DrawInputs, dict[str, str | None]]:
    """The draw inputs and timestamps held by a record (input fields only, §12.1).

    Derived fields (digests, seed, strata, rankings, teams, …) are not read here: the verifier
    re-derives them and compares. Raises :class:`RecordError` on a schema violation.
    """
    if not isinstance(record, dict):
        raise RecordError("(record)", "an object", type(record).__name__)
    fmt = _str(record, "", "format")
    plan = _get(record, "", "plan")
    pool = []
    for i, g in enumerate(_list(record, "", "pool")):
        gp = _at("pool", i)
        pool.append(
            PoolGroup(
                _str(g, gp, "org"), tuple(_str_list(g, gp, "stratum")), _str_list(g, gp, "ids")
            )
        )
    exclusions = []
    for i, g in enumerate(_list(record, "", "exclusions")):
        gp = _at("exclusions", i)
        exclusions.append(
            ExclusionGroup(_str(g, gp, "reason"), _str(g, gp, "org"), _str_list(g, gp, "ids"))
        )
    items = []
    for i, it in enumerate(_list(record, "", "items")):
        ip = _at("items", i)
        items.append(
            Item(
                code=_str(it, ip, "code"),
                name=_str(it, ip, "name"),
                category=_str(it, ip, "category"),
                department=_str(it, ip, "department"),
                needs_expert=_bool(it, ip, "needs_expert"),
            )
        )
    witnesses = []
    for i, w in enumerate(_list(record, "", "witnesses")):
        wp = _at("witnesses", i)
        witnesses.append(Witness(_str(w, wp, "name"), _str(w, wp, "value")))
    conflicts = []
    for i, c in enumerate(_list(record, "", "conflicts")):
        cp = _at("conflicts", i)
        conflicts.append(
            Conflict(_str(c, cp, "inspector"), _str(c, cp, "candidate"), _str(c, cp, "reason"))
        )
    ts_obj = _get(record, "", "timestamps")
    timestamps = {k: _opt_str(ts_obj, "timestamps", k) for k in TIMESTAMP_KEYS}
    inputs = DrawInputs(
        draw_id=_str(record, "", "draw_id"),
        org=_str(record, "", "org"),
        plan=PlanRef(
            _str(plan, "plan", "plan"), _str(plan, "plan", "task"), _int(plan, "plan", "round")
        ),
        params=_params(record, fmt),
        items=items,
        pool=pool,
        secret=_secret(record),
        exclusions=exclusions,
        witnesses=witnesses,
        officers=_inspectors(record, "officers"),
        experts=_inspectors(record, "experts"),
        conflicts=conflicts,
        format=fmt,
    )
    return inputs, timestamps


# --------------------------------------------------------------------------------------------
# JSON Schema (documentation and `verify-draw --schema`)
# --------------------------------------------------------------------------------------------

_FIELD = {"type": "string", "minLength": 1, "pattern": "^[^\\u0000-\\u001f\\u007f]+$"}
_HEX64 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_UINT = {"type": "integer", "minimum": 0, "maximum": 2**53 - 1}
_POSINT = {"type": "integer", "minimum": 1, "maximum": 2**53 - 1}
_CODE = {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,31}$"}


def _obj(props: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }


def _arr(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


_RATIO = _obj({"num": _UINT, "den": _POSINT})
_STRATUM = _arr(_FIELD)
_INSPECTOR = _obj(
    {
        "id": _FIELD,
        "name": {"type": "string"},
        "department": _FIELD,
        "categories": {"type": "array", "items": _FIELD, "minItems": 1, "uniqueItems": True},
        "valid_until": {"anyOf": [_DATE, {"type": "null"}]},
        "active": {"type": "boolean"},
    }
)
_RANKED = _obj({"id": _FIELD, "department": _FIELD, "key": _HEX64})
_NULLABLE_UINT = {"anyOf": [_UINT, {"type": "null"}]}
_NULLABLE_FIELD = {"anyOf": [_FIELD, {"type": "null"}]}


def record_schema(fmt: str = FORMAT) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a ``suiji-draw/2`` (or ``/1``) record (§12.5)."""
    v1 = fmt == FORMAT_V1
    nullable_ratio = {"anyOf": [_RATIO, {"type": "null"}]}
    ranked = _RANKED if v1 else _obj({**_RANKED["properties"], "probability": _RATIO})
    stratum_props: dict[str, Any] = {"stratum": _STRATUM, "available": _UINT}
    if not v1:
        stratum_props |= {"ratio": nullable_ratio, "probability": nullable_ratio}
    group_ids = _arr(_FIELD) | {"minItems": 1}
    reason = {"type": "string", "minLength": 1} if v1 else {"enum": list(CONFLICT_REASONS)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:suiji:schema:" + fmt.replace("/", "-"),
        "title": f"Suiji draw record, format {fmt}",
        **_obj(
            {
                "format": {"const": fmt},
                "draw_id": _FIELD,
                "org": _FIELD,
                "plan": _obj(
                    {"plan": {"type": "string"}, "task": {"type": "string"}, "round": _UINT}
                ),
                "params": _obj(
                    {
                        "strata_fields": {"type": "array", "items": _CODE, "uniqueItems": True},
                        "quota": {
                            "oneOf": [
                                _obj(
                                    {
                                        "mode": {"const": "ratio"},
                                        "default": _RATIO,
                                        "rules": _arr(
                                            _obj(
                                                {
                                                    "match": {
                                                        "type": "array",
                                                        "minItems": 1,
                                                        "items": _obj(
                                                            {"field": _CODE, "value": _FIELD}
                                                        ),
                                                    },
                                                    "ratio": _RATIO,
                                                }
                                            )
                                        ),
                                        "rounding": (
                                            {"enum": list(ROUNDINGS)}
                                            if v1
                                            else {"const": SYSTEMATIC}
                                        ),
                                    }
                                ),
                                _obj({"mode": {"const": "total"}, "total": _UINT}),
                                _obj(
                                    {
                                        "mode": {"const": "counts"},
                                        "counts": _arr(_obj({"stratum": _STRATUM, "count": _UINT})),
                                    }
                                ),
                            ]
                        },
                        **({} if v1 else {"cap": nullable_ratio}),
                        "min_per_stratum": _UINT,
                        "on_shortfall": {"enum": ["error", "cap"]},
                        "team": _obj(
                            {
                                "team_size": {"type": "integer", "minimum": 2},
                                "officers_per_department": _arr(
                                    _obj({"department": _FIELD, "count": _POSINT})
                                ),
                                "team_count": {"anyOf": [_POSINT, {"type": "null"}]},
                                "max_targets_per_team": {"anyOf": [_POSINT, {"type": "null"}]},
                                "experts_per_team": _UINT,
                            }
                        ),
                        "window": _obj({"start": _DATE, "end": _DATE}),
                        "scope": _obj(
                            {
                                "kind": {"enum": ["undirected", "directed"]},
                                "filters": _arr(
                                    _obj(
                                        {
                                            "field": {"type": "string"},
                                            "values": _arr({"type": "string"}),
                                        }
                                    )
                                ),
                            }
                        ),
                    }
                ),
                "items": {
                    "type": "array",
                    "minItems": 1,
                    "items": _obj(
                        {
                            "code": _FIELD,
                            "name": {"type": "string"},
                            "category": _FIELD,
                            "department": _FIELD,
                            "needs_expert": {"type": "boolean"},
                        }
                    ),
                },
                "pool": _arr(_obj({"stratum": _STRATUM, "org": _FIELD, "ids": group_ids})),
                "pool_size": _UINT,
                "pool_digest": _HEX64,
                "exclusions": _arr(_obj({"reason": _CODE, "org": _FIELD, "ids": group_ids})),
                "excluded_count": _UINT,
                "exclusions_digest": _HEX64,
                "commitment": _HEX64,
                "witnesses": _arr(
                    _obj({"name": {"type": "string", "minLength": 1}, "value": {"type": "string"}})
                ),
                "secret": _HEX64,
                "seed": _HEX64,
                "strata": _arr(
                    _obj(
                        {
                            **stratum_props,
                            "quota": _UINT,
                            "drawn": _UINT,
                            "targets": _arr(_obj({"id": _FIELD, "org": _FIELD, "key": _HEX64})),
                        }
                    )
                ),
                "officers": _arr(_INSPECTOR),
                "experts": _arr(_INSPECTOR),
                "conflicts": _arr(
                    _obj({"inspector": _FIELD, "candidate": _FIELD, "reason": reason})
                ),
                "ineligible": _arr(
                    _obj(
                        {
                            "role": {"enum": ["officer", "expert"]},
                            "id": _FIELD,
                            "reason": {
                                "enum": [
                                    "inactive",
                                    "no_certificate",
                                    "certificate_expired",
                                    "category",
                                ]
                            },
                        }
                    )
                ),
                "officer_ranking": _arr(ranked),
                "expert_ranking": _arr(ranked),
                "teams": _arr(
                    _obj(
                        {
                            "team": _POSINT,
                            "officers": _arr(_FIELD),
                            "experts": _arr(_FIELD),
                            "targets": _arr(_FIELD),
                        }
                    )
                ),
                "matching": _arr(_obj({"target": _FIELD, "team": _POSINT})),
                "recusals": _arr(
                    _obj(
                        {
                            "seq": _POSINT,
                            "kind": {"enum": ["swap", "replace"]},
                            "role": {"enum": ["officer", "expert"]},
                            "team": _POSINT,
                            "target": _FIELD,
                            "inspector": _FIELD,
                            "reason": reason,
                            "swap_team": _NULLABLE_UINT,
                            "swap_target": _NULLABLE_FIELD,
                            "replacement": _NULLABLE_FIELD,
                        }
                    )
                ),
                "timestamps": _obj(
                    {
                        "committed_at": {"type": ["string", "null"]},
                        "revealed_at": {"type": ["string", "null"]},
                    }
                ),
                "result_digest": _HEX64,
            }
        ),
    }


RECORD_SCHEMA: dict[str, Any] = record_schema(FORMAT)
"""JSON Schema of the current format, printed by ``verify-draw --schema``."""
