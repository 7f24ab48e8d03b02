"""``verify-draw FILE``: re-derive a published draw record and say PASS or where it differs.

Standard library only (no Django, no database). Exit status: 0 PASS, 1 FAIL (the record does
not re-derive: tampered, inconsistent or not canonical), 2 unreadable input (not a file, not
JSON, not an object, or not format ``suiji-draw/1``). Specified in ``docs/draw-record.md`` §13.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .engine import FORMAT, DrawError, gc_paused, run_draw
from .record import RECORD_SCHEMA, RecordError, build_record, inputs_from_record, result_digest


class _Marker:
    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


MISSING: Any = _Marker("(missing)")
"""Stands for a field the record lacks."""

ABSENT: Any = _Marker("(no such field)")
"""Stands for a field the record has but the format does not define."""


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """Outcome of :func:`verify_record`.

    ``ok``: the record re-derives exactly. Otherwise ``path`` names the first difference (in
    the record's documented field order), ``expected`` is the re-derived value and ``actual``
    the recorded one, or ``message`` explains why it could not be re-derived. ``malformed``
    marks input that is not a ``suiji-draw/1`` record at all (exit status 2).
    """

    ok: bool
    path: str | None = None
    expected: Any = None
    actual: Any = None
    message: str | None = None
    malformed: bool = False

    @property
    def exit_code(self) -> int:
        if self.ok:
            return 0
        return 2 if self.malformed else 1

    def line(self) -> str:
        """``PASS``, ``FAIL: <path>: expected X, got Y`` or ``FAIL: <path>: <message>``."""
        if self.ok:
            return "PASS"
        if self.malformed:
            return f"ERROR: {self.message}"
        if self.message is not None:
            return f"FAIL: {self.path}: {self.message}"
        return f"FAIL: {self.path}: expected {_show(self.expected)}, got {_show(self.actual)}"


def _show(value: Any, limit: int = 160) -> str:
    if isinstance(value, _Marker):
        return value.text
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):
            text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _at(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def first_difference(expected: Any, actual: Any, path: str = "") -> tuple[str, Any, Any] | None:
    """First (path, expected, actual) where ``actual`` differs from ``expected``.

    Objects are walked in ``expected``'s key order (the documented field order), then keys
    only ``actual`` has; arrays element by element, then their lengths. Types must match
    exactly (``1`` is not ``true``) wherever a difference is searched; equal subtrees are
    skipped with one C-level comparison, which cannot tell ``1`` from ``true`` – the caller
    closes that gap by checking the result digest over the record as given (§13).
    """
    if type(expected) is dict:
        if type(actual) is not dict:
            return path, expected, actual
        if expected == actual:
            return None
        for k, v in expected.items():
            if k not in actual:
                return _at(path, k), v, MISSING
            d = first_difference(v, actual[k], _at(path, k))
            if d is not None:
                return d
        for k in actual:
            if k not in expected:
                return _at(path, k), ABSENT, actual[k]
        return None
    if type(expected) is list:
        if type(actual) is not list:
            return path, expected, actual
        if expected == actual:
            return None
        for i, (e, a) in enumerate(zip(expected, actual, strict=False)):
            d = first_difference(e, a, _at(path, i))
            if d is not None:
                return d
        if len(expected) != len(actual):
            n = min(len(expected), len(actual))
            if len(expected) > n:
                return _at(path, n), expected[n], MISSING
            return _at(path, n), ABSENT, actual[n]
        return None
    if type(expected) is not type(actual) or expected != actual:
        return path, expected, actual
    return None


def verify_record(record: Any) -> VerifyReport:
    """R18, R20: re-derive everything in a record and compare (spec §13).

    Re-derives the commitment from the secret, both digests from the lists, the seed, the
    quotas and the selection, the inspector rankings, the teams, the matching, the recusals
    and finally the result digest, and reports the first field that differs.
    """
    if not isinstance(record, dict):
        return VerifyReport(
            False,
            message=f"记录必须是 JSON 对象 / a record must be a JSON object, got {type(record).__name__}",
            malformed=True,
        )
    fmt = record.get("format", MISSING)
    if fmt != FORMAT:
        return VerifyReport(
            False,
            path="format",
            message=(
                f"不支持的记录格式 {_show(fmt)}，本工具只校验 {FORMAT} / "
                f"unsupported record format {_show(fmt)}, this verifier reads {FORMAT}"
            ),
            malformed=True,
        )
    try:
        inputs, timestamps = inputs_from_record(record)
    except RecordError as exc:
        return VerifyReport(
            False,
            path=exc.path,
            expected=exc.expected,
            actual=exc.actual,
            message=f"expected {exc.expected}, got {_show(exc.actual)}",
        )
    try:
        result = run_draw(inputs)
        expected = build_record(inputs, result, timestamps=timestamps, check_personal_data=False)
    except DrawError as exc:
        return VerifyReport(False, path=exc.field or "(record)", message=exc.message)
    diff = first_difference(expected, record)
    if diff is not None:
        path, exp, act = diff
        return VerifyReport(False, path=path, expected=exp, actual=act)
    # Equal values can still differ in JSON type (1 vs true): the digest over the record as
    # given, canonicalised, must be the recorded one too.
    given = result_digest(record)
    if given != record["result_digest"]:
        return VerifyReport(
            False, path="result_digest", expected=given, actual=record["result_digest"]
        )
    return VerifyReport(True)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a draw record")


def _reject_float(text: str) -> Any:
    raise ValueError(f"non-integer number {text} is not allowed in a draw record")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def load_record(data: bytes) -> Any:
    """Parse a record: strict JSON (UTF-8, no duplicate keys, no NaN, no fractions)."""
    return json.loads(
        data.decode("utf-8"),
        object_pairs_hook=_no_duplicate_keys,
        parse_constant=_reject_constant,
        parse_float=_reject_float,
    )


def _summary(record: dict[str, Any]) -> list[str]:
    return [
        f"draw_id={record['draw_id']}",
        f"org={record['org']}",
        f"pool_size={record['pool_size']} excluded={record['excluded_count']}",
        f"targets={len(record['matching'])} teams={len(record['teams'])} "
        f"recusals={len(record['recusals'])}",
        f"commitment={record['commitment']}",
        f"result_digest={record['result_digest']}",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point ``verify-draw`` (spec §13)."""
    parser = argparse.ArgumentParser(
        prog="verify-draw",
        description=(
            "校验抽查摇号记录 / verify a Suiji draw record (format suiji-draw/1): re-derives "
            "every step and prints PASS or the first difference."
        ),
    )
    parser.add_argument("file", nargs="?", help="record JSON file, or - for standard input")
    parser.add_argument("--schema", action="store_true", help="print the record's JSON Schema")
    parser.add_argument("-v", "--verbose", action="store_true", help="print a summary on PASS")
    args = parser.parse_args(argv)
    if args.schema:
        print(json.dumps(RECORD_SCHEMA, ensure_ascii=False, indent=2))
        return 0
    if args.file is None:
        parser.print_usage(sys.stderr)
        print("ERROR: 缺少记录文件 / missing record FILE (or - for stdin)", file=sys.stderr)
        return 2
    try:
        if args.file == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.file, "rb") as fh:
                data = fh.read()
    except OSError as exc:
        print(f"ERROR: 无法读取 {args.file} / cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    try:
        with gc_paused():
            record = load_record(data)
    except UnicodeDecodeError as exc:
        print(f"ERROR: 记录不是 UTF-8 编码 / the record is not UTF-8: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"ERROR: 记录不是有效的 JSON / the record is not valid JSON: {exc}", file=sys.stderr)
        return 2
    with gc_paused():
        report = verify_record(record)
    if report.malformed:
        print(report.line(), file=sys.stderr)
        return 2
    print(report.line())
    if report.ok and args.verbose:
        for line in _summary(record):
            print(line)
    return report.exit_code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
