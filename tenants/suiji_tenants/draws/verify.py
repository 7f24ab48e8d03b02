"""``verify-draw FILE``: re-derive a published draw record and say PASS or where it differs.

Standard library only (no Django, no database). Exit status: 0 PASS, 1 FAIL (the record does
not re-derive: tampered, inconsistent or not canonical, or differs from the commit record),
2 ERROR: unreadable input (not a file, not UTF-8, not strict JSON, a lone surrogate, nested
too deep, not an object, not format ``suiji-draw/2`` or ``suiji-draw/1``). Specified in
``docs/draw-record.md`` §13.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .engine import COMMIT_FORMAT, FORMAT, FORMAT_V1, FORMATS, DrawError, gc_paused, run_draw
from .record import (
    COMMIT_KEYS,
    RECORD_SCHEMA,
    RecordError,
    build_record,
    commit_from_record,
    inputs_from_record,
)

MAX_DEPTH = 64
"""Deepest nesting of arrays and objects a record may have (§13: deeper is an ERROR)."""


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
    marks input that is not a readable record at all (ERROR, exit status 2).
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
        if self.path is not None and self.path.startswith("commit."):
            return f"FAIL: {self.path}: committed {_show(self.expected)}, got {_show(self.actual)}"
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
    only ``actual`` has; arrays element by element, then their lengths. JSON types must match
    exactly everywhere (§13: ``1`` is not ``true``, ``1`` is not ``1.0``). The one shortcut
    is for an array of strings (the pool's ids): a string equals only a string, so one
    C-level ``==`` is as strict there as the walk.
    """
    kind = type(expected)
    if kind is not type(actual):
        return path, expected, actual
    if kind is dict:
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
    if kind is list:
        if len(expected) > 64 and expected == actual and set(map(type, expected)) == {str}:
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
    if expected != actual:
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
    if type(fmt) is not str or fmt not in FORMATS:
        return VerifyReport(
            False,
            path="format",
            message=(
                f"不支持的记录格式 {_show(fmt)}，本工具校验 {FORMAT} 与 {FORMAT_V1} / "
                f"unsupported record format {_show(fmt)}, this verifier reads {FORMAT} "
                f"and {FORMAT_V1}"
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
    # ``expected`` carries the result digest of the derived record, and the walk is
    # type-strict: a record equal to it has that digest too (no second pass needed).
    return VerifyReport(True)


def check_commit(commit: Any, record: Mapping[str, Any]) -> VerifyReport:
    """§13 step 4: a draw record that verified matches the commit record published before the
    reveal: same commitment, pool, parameters, inspectors, conflicts (first differing field)."""
    if not isinstance(commit, dict):
        return VerifyReport(
            False,
            message="提交记录必须是 JSON 对象 / a commit record must be an object",
            malformed=True,
        )
    if commit.get("format") != COMMIT_FORMAT:
        return VerifyReport(
            False,
            path="commit.format",
            message=(
                f"不支持的提交记录格式 {_show(commit.get('format', MISSING))}，应为 "
                f"{COMMIT_FORMAT} / unsupported commit record format, expected {COMMIT_FORMAT}"
            ),
            malformed=True,
        )
    if record.get("format") != FORMAT:
        return VerifyReport(
            False,
            path="format",
            message=f"只有 {FORMAT} 记录有提交记录 / only {FORMAT} records have a commit record",
        )
    implied = commit_from_record(record)
    for key in COMMIT_KEYS:
        if key not in commit:
            return VerifyReport(False, path=f"commit.{key}", expected=MISSING, actual=implied[key])
        diff = first_difference(commit[key], implied[key], f"commit.{key}")
        if diff is not None:
            path, committed, final = diff
            return VerifyReport(False, path=path, expected=committed, actual=final)
    for key in commit:
        if key != "format" and key not in implied:
            return VerifyReport(False, path=f"commit.{key}", expected=commit[key], actual=ABSENT)
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


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _check_structure(value: Any, check_strings: bool) -> None:
    """Depth (§13: at most 64 levels) and, when the text has surrogate escapes, that every
    string is made of Unicode scalar values (a pair is fine, a lone half is not)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
        items = v.items() if type(v) is dict else enumerate(v)
        for k, x in items:
            if check_strings:
                for t in (k, x):
                    if type(t) is str:
                        try:
                            t.encode("utf-8")
                        except UnicodeEncodeError:
                            raise ValueError("a string holds a lone surrogate") from None
            if type(x) is dict or type(x) is list:
                stack.append((x, depth + 1))


def load_record(data: bytes) -> Any:
    """Parse a record: strict JSON (UTF-8, no duplicate keys, no NaN, no fractions, no lone
    surrogate, at most 64 levels deep). Raises ``ValueError`` (``UnicodeDecodeError``)."""
    text = data.decode("utf-8")
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_reject_constant,
            parse_float=_reject_float,
        )
    except RecursionError:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep") from None
    if type(value) is dict or type(value) is list:
        _check_structure(value, _SURROGATE_ESCAPE.search(text) is not None)
    return value


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


def _read(name: str) -> tuple[Any, str | None]:
    """(parsed JSON, None) or (None, the ERROR line) for a file name or ``-``."""
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(name, "rb") as fh:
                data = fh.read()
    except OSError as exc:
        return None, f"ERROR: 无法读取 {name} / cannot read {name}: {exc}"
    try:
        with gc_paused():
            return load_record(data), None
    except UnicodeDecodeError as exc:
        return None, f"ERROR: {name} 不是 UTF-8 编码 / {name} is not UTF-8: {exc}"
    except ValueError as exc:
        return None, f"ERROR: {name} 不是有效的 JSON / {name} is not valid JSON: {exc}"


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point ``verify-draw`` (spec §13)."""
    parser = argparse.ArgumentParser(
        prog="verify-draw",
        description=(
            "校验抽查摇号记录 / verify a Suiji draw record (formats suiji-draw/2 and "
            "suiji-draw/1): re-derives every step and prints PASS or the first difference."
        ),
    )
    parser.add_argument("file", nargs="?", help="record JSON file, or - for standard input")
    parser.add_argument(
        "--commit",
        metavar="COMMIT",
        help="commit record downloaded before the reveal: the record must match it",
    )
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
    commit = None
    if args.commit is not None:
        commit, error = _read(args.commit)
        if error is not None:
            print(error, file=sys.stderr)
            return 2
    record, error = _read(args.file)
    if error is not None:
        print(error, file=sys.stderr)
        return 2
    try:
        with gc_paused():
            report = verify_record(record)
            if report.ok and args.commit is not None:
                report = check_commit(commit, record)
    except RecursionError:  # pragma: no cover - load_record bounds the depth
        print("ERROR: 记录嵌套过深 / the record is nested too deeply", file=sys.stderr)
        return 2
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
