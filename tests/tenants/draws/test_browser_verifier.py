"""The browser's verifier (frontend/src/verifier, TypeScript, run here by Node) against the
Python one (`verify-draw`), on generated records and tampered copies of them.

Both were written from docs/draw-record.md; they must agree on every record: PASS for the
genuine ones, and for a tampered one the same exit status and the same first difference
(the whole `FAIL: <path>: …` line).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from suiji_tenants.draws.verify import load_record, verify_record

from .generated_records import (
    FORMATS,
    json_path,
    number_leaves,
    random_record,
    retyped_number,
    tamper,
)
from .test_worked_example import doc_record

ROOT = Path(__file__).resolve().parents[3]
FRONTEND = ROOT / "frontend"
RECORDS = {"suiji-draw/1": 250, "suiji-draw/2": 300}
"""Generated records per format (and as many tampered copies): 550 in all."""


@pytest.fixture(scope="module")
def node_verifier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The TypeScript verifier bundled into one Node script (vite, ~3 s)."""
    node = shutil.which("node")
    assert node, "Node.js is needed to run the browser verifier's cross-check"
    out = tmp_path_factory.mktemp("verify-draw-js")
    subprocess.run(
        [
            str(FRONTEND / "node_modules" / ".bin" / "vite"),
            "build",
            "--config",
            "scripts/vite.verify-draw.config.ts",
        ],
        cwd=FRONTEND,
        env={**os.environ, "VERIFY_DRAW_OUT": str(out)},
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out / "verify-draw.js"


def run_node(script: Path, files: list[Path]) -> dict[str, dict[str, Any]]:
    proc = subprocess.run(
        ["node", str(script), *map(str, files)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = {}
    for line in proc.stdout.split("\n"):
        if not line:
            continue
        row = json.loads(line)
        out[row["file"]] = row
    return out


def python_verdict(path: Path) -> tuple[int, str]:
    data = path.read_bytes()
    try:
        record = load_record(data)
    except ValueError as exc:  # UnicodeDecodeError included
        return 2, f"ERROR: {exc}"
    report = verify_record(record)
    return report.exit_code, report.line()


def write(dirpath: Path, name: str, record: Any) -> Path:
    path = dirpath / name
    path.write_text(json.dumps(record, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return path


def example_record() -> dict[str, Any]:
    text = (ROOT / "docs" / "draw-record.md").read_text("utf-8")
    m = re.search(r"<!-- example-record -->\s*```json\n(.*?)```", text, re.S)
    assert m
    return json.loads(m.group(1))


def cross_check(script: Path, dirpath: Path, records: dict[str, Any]) -> Counter[str]:
    files = [write(dirpath, name, rec) for name, rec in records.items()]
    js = run_node(script, files)
    outcomes: Counter[str] = Counter()
    mismatches = []
    for f in files:
        py_exit, py_line = python_verdict(f)
        row = js[str(f)]
        same = row["exit"] == py_exit and (py_exit == 2 or row["line"] == py_line)
        if not same:
            mismatches.append(f"{f.name}:\n  python: {py_line}\n  ts:     {row['line']}")
        outcomes[{0: "pass", 1: "fail", 2: "error"}[py_exit]] += 1
    assert not mismatches, f"{len(mismatches)} disagreements:\n" + "\n".join(mismatches[:15])
    return outcomes


@pytest.mark.parametrize("fmt", list(RECORDS))
def test_both_verifiers_agree_on_generated_and_tampered_records(
    node_verifier: Path, tmp_path: Path, fmt: str
) -> None:
    if fmt not in FORMATS:
        pytest.skip(f"the reference engine of this code base writes no {fmt} records")
    # given: the worked example, generated records and a tampered copy of each
    rng = random.Random(f"{fmt} 20261203")
    count = RECORDS[fmt]
    records: dict[str, Any] = {"example.json": example_record(), "example-v2.json": doc_record()}
    features: Counter[str] = Counter()
    for n in range(count):
        rec = random_record(rng, fmt)
        assert rec["format"] == fmt
        records[f"r{n:03d}.json"] = rec
        what, bad = tamper(rec, rng)
        records[f"r{n:03d}-tampered.json"] = bad
        features["mixed teams"] += bool(rec["params"]["team"]["officers_per_department"])
        features["experts"] += any(t["experts"] for t in rec["teams"])
        features["swaps"] += any(r["kind"] == "swap" for r in rec["recusals"])
        features["replacements"] += any(r["kind"] == "replace" for r in rec["recusals"])
        features["non-ASCII strata"] += any(
            not v.isascii() for s in rec["strata"] for v in s["stratum"]
        )
        features["several orgs"] += len({g["org"] for g in rec["pool"]}) > 1
        features[f"quota {rec['params']['quota']['mode']}"] += 1
        features["cap"] += bool(rec["params"].get("cap"))
    # the generator covers what the cross-check claims to cover
    wanted = ["mixed teams", "experts", "swaps", "replacements", "non-ASCII strata"]
    wanted += ["quota ratio", "quota total", "quota counts", "several orgs"]
    for feature in wanted + (["cap"] if fmt != "suiji-draw/1" else []):
        assert features[feature] >= count // 20, (feature, features)

    # when / then: the TypeScript verifier says what the Python verifier says, on every file
    outcomes = cross_check(node_verifier, tmp_path, records)
    assert outcomes["pass"] >= count + 2
    assert outcomes["fail"] >= count * 0.8, outcomes  # nearly every tampered copy fails


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_both_verifiers_name_a_changed_json_type_at_its_field(
    node_verifier: Path, tmp_path: Path, fmt: str
) -> None:
    """§13: derived values are compared type-strictly. A boolean recorded as 0/1, or 0/1 as a
    boolean, anywhere in a record (Python's ``==`` calls them equal) fails at that very
    field in both verifiers; a number written with a fraction (``3.0``) is not a record."""
    # given: generated records, and copies with one number or boolean retyped, at many paths
    rng = random.Random(f"{fmt} json types")
    records: dict[str, Any] = {}
    wanted: dict[str, str] = {}
    floats: list[str] = []
    fields: set[str] = set()
    for n in range(60):
        rec = random_record(rng, fmt)
        leaves = number_leaves(rec)
        for k, (path, value) in enumerate(rng.sample(leaves, min(8, len(leaves)))):
            if type(value) is bool or value in (0, 1):
                what, bad = retyped_number(rec, path, "int" if type(value) is bool else "bool")
                wanted[f"r{n:02d}-{k}.json"] = json_path(path)
                fields.add(re.sub(r"\[\d+\]", "[]", json_path(path)))
            else:
                what, bad = retyped_number(rec, path, "float")
                floats.append(f"r{n:02d}-{k}.json")
                # in memory (no JSON text in between) the Python verifier names the field too
                assert verify_record(bad).path == json_path(path), what
            records[f"r{n:02d}-{k}.json"] = bad
    assert len(wanted) >= 150 and len(fields) >= 12 and len(floats) >= 50, (len(wanted), fields)

    # when: both verifiers read the files
    files = [write(tmp_path, name, rec) for name, rec in records.items()]
    js = run_node(node_verifier, files)

    # then: a bool/int swap fails at its field with the same line; a fraction is an ERROR
    for f in files:
        py_exit, py_line = python_verdict(f)
        if f.name in floats:
            assert (py_exit, js[str(f)]["exit"]) == (2, 2), (f.name, py_line, js[str(f)])
            continue
        assert py_exit == 1 and py_line.startswith(f"FAIL: {wanted[f.name]}: "), (f.name, py_line)
        assert js[str(f)]["line"] == py_line, (f.name, py_line, js[str(f)]["line"])


def test_both_verifiers_reject_unreadable_input_the_same_way(
    node_verifier: Path, tmp_path: Path
) -> None:
    rec = example_record()
    cases = {
        "not-object.json": [rec],
        "wrong-format.json": {**rec, "format": "suiji-draw/9"},
        "no-format.json": {k: v for k, v in rec.items() if k != "format"},
    }
    files = [write(tmp_path, n, r) for n, r in cases.items()]
    raw = {
        "float.json": json.dumps(rec).replace('"round": 1', '"round": 1.0'),
        "duplicate.json": json.dumps(rec).replace('"round": 1', '"round": 1, "round": 1'),
        "nan.json": json.dumps(rec).replace('"round": 1', '"round": NaN'),
        "truncated.json": json.dumps(rec)[:-10],
    }
    for name, text in raw.items():
        (tmp_path / name).write_text(text, "utf-8")
        files.append(tmp_path / name)
    (tmp_path / "latin1.json").write_bytes(json.dumps(rec, ensure_ascii=False).encode("gb18030"))
    files.append(tmp_path / "latin1.json")
    js = run_node(node_verifier, files)
    for f in files:
        assert python_verdict(f)[0] == 2, f.name
        assert js[str(f)]["exit"] == 2, (f.name, js[str(f)]["line"])


def test_both_verifiers_name_the_same_repeated_id(node_verifier: Path, tmp_path: Path) -> None:
    """Ids are unique in the pool and across pool and exclusions (§2, §3): each way of
    repeating one is reported, by both, at the same place with the same id."""
    cases: dict[str, Any] = {}
    rec = example_record()
    rec["pool"][0]["ids"][1] = rec["pool"][0]["ids"][0]
    cases["in-a-group.json"] = rec
    rec = example_record()
    rec["pool"][1]["ids"][0] = rec["pool"][0]["ids"][0]
    cases["across-groups.json"] = rec
    rec = example_record()
    rec["exclusions"][0]["ids"][0] = rec["pool"][2]["ids"][2]
    cases["pool-and-exclusions.json"] = rec
    rec = example_record()
    rec["exclusions"][1]["ids"][0] = rec["exclusions"][0]["ids"][0]
    cases["in-exclusions.json"] = rec
    files = [write(tmp_path, name, r) for name, r in cases.items()]
    js = run_node(node_verifier, files)
    for f in files:
        exit_code, line = python_verdict(f)
        assert exit_code == 1 and "91533103MA6K3" in line, line
        assert js[str(f)]["line"] == line, f.name
