"""Tests of the draw record and ``verify-draw`` (pure Python, no database).

The central test changes every leaf of a record, one at a time, and expects the verifier to
fail: any parameter, pool entry, exclusion, witness, the secret, the commitment, a selected
target, a team member, a recusal or a digest.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from suiji_tenants.draws.engine import Conflict, DrawInputs, run_draw
from suiji_tenants.draws.record import (
    RECORD_SCHEMA,
    build_record,
    canonical_json,
    inputs_from_record,
    result_digest,
)
from suiji_tenants.draws.verify import first_difference, load_record, main, verify_record

from .test_engine import make_inputs, rich_inputs

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "draw-record.md"


def rich_case() -> DrawInputs:
    """rich_inputs() plus conflicts that cause a swap, an officer replacement and an expert
    replacement."""
    case = rich_inputs()
    base = run_draw(case)
    teams = {t.number: t for t in base.teams}
    x0, t0 = base.matching[0]
    conflicts = [Conflict(teams[t0].officers[0], x0, "kinship")]
    # team t1 conflicts with every target of every other team: no swap possible → replace
    x1, t1 = next((x, t) for x, t in base.matching if t != t0)
    member = teams[t1].officers[1]
    conflicts.append(Conflict(member, x1, "employment"))
    for other in base.teams:
        if other.number != t1:
            for y in other.targets:
                conflicts.append(Conflict(teams[t1].officers[0], y, "shareholding"))
    x2 = base.matching[-1][0]
    t2 = base.matching[-1][1]
    conflicts.append(Conflict(teams[t2].experts[0], x2, "other"))
    unique = {(c.inspector_id, c.candidate_id): c for c in conflicts}
    return dataclasses.replace(case, conflicts=list(unique.values()))


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    case = rich_case()
    rec = build_record(
        case,
        run_draw(case),
        timestamps={"committed_at": "2025-03-01T09:00:00+08:00", "revealed_at": None},
    )
    kinds = {(r["kind"], r["role"]) for r in rec["recusals"]}
    assert {("swap", "officer"), ("replace", "officer"), ("replace", "expert")} <= kinds, kinds
    assert rec["exclusions"] and rec["witnesses"] and rec["ineligible"] and rec["experts"]
    return rec


def fresh(record: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(record)


# --------------------------------------------------------------------------------------------
# PASS and round trip
# --------------------------------------------------------------------------------------------


def test_a_fresh_record_passes(record: dict[str, Any]) -> None:
    report = verify_record(fresh(record))
    assert report.ok, report.line()
    assert report.line() == "PASS" and report.exit_code == 0


def test_record_survives_json_round_trip(record: dict[str, Any]) -> None:
    data = json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")
    assert verify_record(load_record(data)).ok


def test_record_inputs_round_trip(record: dict[str, Any]) -> None:
    inputs, timestamps = inputs_from_record(record)
    again = build_record(inputs, run_draw(inputs), timestamps=timestamps)
    assert again == record


def test_result_digest_definition(record: dict[str, Any]) -> None:
    import hashlib

    body = {k: v for k, v in record.items() if k not in ("pool", "exclusions", "result_digest")}
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert record["result_digest"] == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert result_digest(record) == record["result_digest"]
    assert canonical_json({"b": 1, "a": ["é", "\x1f"]}) == b'{"a":["\xc3\xa9","\\u001f"],"b":1}'


def test_no_personal_data_fields_in_the_record(record: dict[str, Any]) -> None:
    for o in record["officers"] + record["experts"]:
        assert set(o) == {"id", "name", "department", "categories", "valid_until", "active"}
    text = json.dumps(record, ensure_ascii=False)
    assert "id_number" not in text and "phone" not in text


# --------------------------------------------------------------------------------------------
# every leaf changed → FAIL
# --------------------------------------------------------------------------------------------

Path_ = tuple[str | int, ...]


def leaves(value: Any, path: Path_ = ()) -> Iterator[Path_]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, (*path, i))
    else:
        yield path


def get(obj: Any, path: Path_) -> Any:
    for p in path:
        obj = obj[p]
    return obj


def put(obj: Any, path: Path_, value: Any) -> None:
    for p in path[:-1]:
        obj = obj[p]
    obj[path[-1]] = value


def mutations(value: Any) -> list[Any]:
    """Two changes per leaf where possible: one that keeps the value well-formed, one not."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1, value - 1 if value > 0 else 2]
    if value is None:
        return ["2099-12-31", 1]
    assert isinstance(value, str)
    if re.fullmatch(r"[0-9a-f]{64}", value):
        return [value[:-1] + ("0" if value[-1] != "0" else "1"), value.upper()]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return [value[:-1] + ("1" if value[-1] != "1" else "2"), value + "Z"]
    last = value[-1] if value else ""
    return [value + "Z", value[:-1] + ("Y" if last != "Y" else "X")]


def test_every_leaf_change_fails(record: dict[str, Any]) -> None:
    paths = list(leaves(record))
    assert len(paths) > 300
    sections = {p[0] for p in paths}
    for section in (
        "params",
        "pool",
        "exclusions",
        "witnesses",
        "secret",
        "commitment",
        "strata",
        "teams",
        "recusals",
        "pool_digest",
        "exclusions_digest",
        "result_digest",
        "officer_ranking",
        "matching",
        "timestamps",
    ):
        assert section in sections, section
    passed = []
    for path in paths:
        for new in mutations(get(record, path)):
            rec = fresh(record)
            put(rec, path, new)
            report = verify_record(rec)
            if report.ok:
                passed.append((path, new))
            else:
                assert report.exit_code in (1, 2)
                assert report.line().startswith(("FAIL: ", "ERROR: "))
    assert not passed, passed[:10]


def test_removing_or_adding_a_field_fails(record: dict[str, Any]) -> None:
    for key in record:
        if key == "format":
            continue
        rec = fresh(record)
        del rec[key]
        report = verify_record(rec)
        assert not report.ok and report.path is not None and report.path.startswith(key), key
    rec = fresh(record)
    rec["note"] = "extra"
    report = verify_record(rec)
    assert report.line() == "FAIL: note: expected (no such field), got extra"
    rec = fresh(record)
    rec["teams"][0]["colour"] = "red"
    assert verify_record(rec).path == "teams[0].colour"


def test_reordering_or_dropping_list_entries_fails(record: dict[str, Any]) -> None:
    rec = fresh(record)
    rec["pool"][0]["ids"].reverse()
    assert not verify_record(rec).ok
    rec = fresh(record)
    rec["witnesses"].reverse()
    assert verify_record(rec).path == "seed"
    rec = fresh(record)
    rec["matching"].pop()
    assert verify_record(rec).path == f"matching[{len(record['matching']) - 1}]"
    rec = fresh(record)
    rec["recusals"].append(dict(rec["recusals"][0]))
    assert verify_record(rec).path == f"recusals[{len(record['recusals'])}]"


# --------------------------------------------------------------------------------------------
# first difference diagnostics
# --------------------------------------------------------------------------------------------


def test_tampered_secret_is_reported_at_the_commitment(record: dict[str, Any]) -> None:
    rec = fresh(record)
    rec["secret"] = "00" * 32
    report = verify_record(rec)
    assert report.path == "commitment"
    assert report.actual == record["commitment"]
    assert report.line().startswith("FAIL: commitment: expected ")


def test_tampered_pool_is_reported_at_the_pool_digest(record: dict[str, Any]) -> None:
    rec = fresh(record)
    rec["pool"][-1]["ids"][-1] += "Z"  # stays sorted, so the pool itself is canonical
    report = verify_record(rec)
    assert report.path == "pool_digest"
    assert report.actual == record["pool_digest"]


def test_tampered_selection_team_and_recusal(record: dict[str, Any]) -> None:
    rec = fresh(record)
    stratum = next(i for i, s in enumerate(rec["strata"]) if s["targets"])
    rec["strata"][stratum]["targets"][0]["id"] = rec["pool"][0]["ids"][0] + "X"
    assert verify_record(rec).path == f"strata[{stratum}].targets[0].id"
    rec = fresh(record)
    rec["teams"][0]["officers"][0] = rec["officers"][0]["id"]
    report = verify_record(rec)
    assert report.path in ("teams[0].officers[0]",) or report.ok is False
    rec = fresh(record)
    rec["recusals"][0]["kind"] = "replace" if rec["recusals"][0]["kind"] == "swap" else "swap"
    assert verify_record(rec).path == "recusals[0].kind"


def test_changed_parameter_with_consistent_digest_still_fails(record: dict[str, Any]) -> None:
    """A forger who also recomputes the result digest still fails on the derived fields."""
    rec = fresh(record)
    rec["params"]["team"]["team_count"] = 2
    rec["result_digest"] = result_digest(rec)
    report = verify_record(rec)
    assert not report.ok and report.path is not None
    # the inspectors' probabilities depend on the number of teams: they differ first
    assert report.path.startswith(
        ("officer_ranking", "teams", "matching", "recusals", "expert_ranking")
    )


def test_informational_change_fails_at_the_result_digest(record: dict[str, Any]) -> None:
    rec = fresh(record)
    rec["officers"][0]["name"] = "李四"
    assert verify_record(rec).path == "result_digest"


def test_engine_errors_are_reported_as_fail(record: dict[str, Any]) -> None:
    rec = fresh(record)
    rec["params"]["team"]["team_size"] = 1
    report = verify_record(rec)
    assert report.line().startswith("FAIL: params.team.team_size: ")
    rec = fresh(record)
    rec["secret"] = "zz"
    assert verify_record(rec).line() == "FAIL: secret: expected 64 lowercase hex digits, got zz"


def test_first_difference_is_type_strict() -> None:
    assert first_difference(1, True) == ("", 1, True)
    assert first_difference({"a": [1, 2]}, {"a": [True, 3]}) == ("a[0]", 1, True)
    assert first_difference(["x", "y"], ["x"])[0] == "[1]"  # type: ignore[index]
    assert first_difference({"a": {"b": None}}, {"a": {"b": None}}) is None


# --------------------------------------------------------------------------------------------
# the command line
# --------------------------------------------------------------------------------------------


def write(tmp_path: Path, record: Any, name: str = "draw.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def test_cli_pass_and_fail(record: dict[str, Any], tmp_path: Path, capsys: Any) -> None:
    assert main([str(write(tmp_path, record))]) == 0
    assert capsys.readouterr().out == "PASS\n"
    rec = fresh(record)
    rec["matching"][0]["team"] += 1
    assert main([str(write(tmp_path, rec))]) == 1
    out = capsys.readouterr().out
    assert out.startswith("FAIL: matching[0].team: expected ")
    assert re.fullmatch(r"FAIL: matching\[0\]\.team: expected \d+, got \d+\n", out)


def test_cli_verbose_summary(record: dict[str, Any], tmp_path: Path, capsys: Any) -> None:
    assert main(["-v", str(write(tmp_path, record))]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "PASS"
    assert f"result_digest={record['result_digest']}" in out


def test_cli_reads_stdin(record: dict[str, Any], monkeypatch: Any, capsys: Any) -> None:
    data = json.dumps(record, ensure_ascii=False).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["-"]) == 0
    assert capsys.readouterr().out == "PASS\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"format": "suiji-draw/3"}', "unsupported record format suiji-draw/3"),
        (b'{"draw_id": "x"}', "unsupported record format (missing)"),
        (b'{"format": "suiji-draw/1", "format": "suiji-draw/1"}', "duplicate key"),
        (b'{"format": "suiji-draw/1", "x": 1.5}', "non-integer number"),
        (b'{"format": "suiji-draw/1", "x": NaN}', "NaN is not allowed"),
    ],
)
def test_cli_malformed_input_exits_2(
    tmp_path: Path, capsys: Any, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert main([str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ERROR: ") and message in err


def test_cli_missing_file_exits_2(tmp_path: Path, capsys: Any) -> None:
    assert main([str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_cli_schema(capsys: Any) -> None:
    assert main(["--schema"]) == 0
    assert json.loads(capsys.readouterr().out) == RECORD_SCHEMA


def test_console_script_is_declared_and_runs(record: dict[str, Any], tmp_path: Path) -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"]["verify-draw"] == "suiji_tenants.draws.verify:main"
    path = write(tmp_path, record)
    env = {"PYTHONPATH": str(ROOT / "tenants"), "PATH": "/usr/bin:/bin"}
    cmd = [
        sys.executable,
        "-c",
        "import sys; from suiji_tenants.draws.verify import main; sys.exit(main())",
        str(path),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "PASS\n"), done.stderr


# --------------------------------------------------------------------------------------------
# the schema and the specification document
# --------------------------------------------------------------------------------------------

_TYPES: dict[str, Any] = {
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
    "array": list,
    "object": dict,
}


def schema_errors(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """A small JSON Schema (2020-12) checker for the keywords RECORD_SCHEMA uses."""
    errors: list[str] = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = any(type(value) is _TYPES[t] if t != "integer" else type(value) is int for t in types)
        if not ok:
            return [f"{path}: not {types}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: not in {schema['enum']}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{path}: does not match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{path}: too short")
    if type(value) is int and not (
        schema.get("minimum", value) <= value <= schema.get("maximum", value)
    ):
        errors.append(f"{path}: out of range")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{path}: too few items")
        if schema.get("uniqueItems") and len({json.dumps(v) for v in value}) != len(value):
            errors.append(f"{path}: items not unique")
        if "items" in schema:
            for i, v in enumerate(value):
                errors += schema_errors(v, schema["items"], f"{path}[{i}]")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for k in schema.get("required", []):
            if k not in value:
                errors.append(f"{path}.{k}: missing")
        for k, v in value.items():
            if k in props:
                errors += schema_errors(v, props[k], f"{path}.{k}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}.{k}: not allowed")
    if "anyOf" in schema and all(schema_errors(value, s, path) for s in schema["anyOf"]):
        errors.append(f"{path}: matches none of anyOf")
    if "oneOf" in schema:
        matching = [s for s in schema["oneOf"] if not schema_errors(value, s, path)]
        if len(matching) != 1:
            errors.append(f"{path}: matches {len(matching)} of oneOf")
    return errors


def test_records_conform_to_the_schema(record: dict[str, Any]) -> None:
    assert schema_errors(record, RECORD_SCHEMA) == []
    for case in (make_inputs(), rich_inputs()):
        assert schema_errors(build_record(case, run_draw(case)), RECORD_SCHEMA) == []
    bad = fresh(record)
    bad["teams"][0]["team"] = "1"
    assert schema_errors(bad, RECORD_SCHEMA)


def _doc_block(marker: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    m = re.search(rf"<!-- {marker} -->\s*```json\n(.*?)\n```", text, re.S)
    assert m, marker
    return m.group(1)


def test_the_schema_is_printed_by_the_cli_not_copied_into_the_document(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--schema"]) == 0
    assert json.loads(capsys.readouterr().out) == RECORD_SCHEMA
    assert RECORD_SCHEMA["properties"]["format"] == {"const": "suiji-draw/2"}
    text = DOC.read_text(encoding="utf-8")
    assert "<!-- record-schema -->" not in text and "verify-draw --schema" in text


def test_the_worked_example_in_the_document_verifies() -> None:
    example = json.loads(_doc_block("example-record"))
    report = verify_record(example)
    assert report.ok, report.line()
    text = DOC.read_text(encoding="utf-8")
    for key in ("pool_digest", "commitment", "seed", "result_digest"):
        assert example[key] in text.replace(_doc_block("example-record"), ""), key


def test_json_type_changes_that_python_equality_hides_still_fail(record: dict[str, Any]) -> None:
    rec = fresh(record)
    assert rec["teams"][0]["team"] == 1
    rec["teams"][0]["team"] = True
    report = verify_record(rec)
    assert not report.ok and report.path == "teams[0].team"
    assert report.line() == "FAIL: teams[0].team: expected 1, got true"
