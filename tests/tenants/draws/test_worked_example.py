"""The `suiji-draw/2` worked example of docs/draw-record.md (§16) cannot drift: the document
holds exactly what the reference engine writes for it, its record verifies, and its rounding
figures are re-derived here from the embedded record's text with nothing but SHA-256."""

from __future__ import annotations

import hashlib
import json
import re

from suiji_tenants.draws.verify import load_record, verify_record

from .worked_example import DOC, RECORD_MARK, document_section, example, rounding_rows, section


def doc_record() -> dict[str, object]:
    text = document_section(DOC.read_text("utf-8"))
    m = re.search(re.escape(RECORD_MARK) + r"\s*```json\n(.*?)```", text, re.S)
    assert m, "the section embeds its record"
    return load_record(m.group(1).encode("utf-8"))  # type: ignore[no-any-return]


def table_lines(text: str, header: str) -> list[str]:
    """The body lines of the Markdown table whose header row starts with ``header``."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    body = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        body.append(line)
    return body


def table(text: str, header: str) -> list[list[str]]:
    return [
        [c.strip().strip("`*") for c in line.strip("|").split("|")]
        for line in table_lines(text, header)
    ]


def test_the_document_holds_what_the_engine_writes() -> None:
    # regenerate with: .venv/bin/python tests/tenants/draws/worked_example.py --write
    assert document_section(DOC.read_text("utf-8")) == section()


def test_the_embedded_record_verifies_and_is_the_engines() -> None:
    record = doc_record()
    assert record == example()[2]
    assert record["format"] == "suiji-draw/2"
    report = verify_record(record)
    assert report.ok, report.line()


def test_the_rounding_figures_follow_from_the_record_alone() -> None:
    # given: the record as printed in the document, and the section's own text
    record = doc_record()
    text = document_section(DOC.read_text("utf-8"))
    big_l, v0, limit, u, rows = rounding_rows(record)  # type: ignore[arg-type]

    # then: the offset derivation is the one printed
    assert f"H(seed ‖ `rounding:0`) = `{v0:064x}`" in text
    assert f"L = lcm(2, 4, 6) = {big_l}" in text and big_l == 12
    assert f"2^256 − {(1 << 256) - limit}" in text and v0 < limit
    assert f"u = v_0 mod {big_l} = **{u}**" in text
    # the table of the systematic rounding, row by row, in stratum-key order
    printed = table(text, "| j | stratum |")
    assert [r[1] for r in printed] == ["/".join(r["stratum"]) for r in rows]
    for p, r in zip(printed, rows, strict=True):
        assert p[2] == r["key"]
        assert [int(x) for x in p[3:]] == [
            r["rem"],
            r["C"],
            (r["C"] + u) // big_l,
            r["extra"],
            r["quota"],
        ]
    # the quotas are the record's (what the engine drew), and some were rounded each way
    quotas = {"/".join(s["stratum"]): s["quota"] for s in record["strata"]}  # type: ignore[index,union-attr]
    assert {"/".join(r["stratum"]): r["quota"] for r in rows} == quotas
    fractional = [r for r in rows if r["rem"]]
    assert len(fractional) >= 3
    assert {r["extra"] for r in fractional} == {0, 1}
    # the declared ratio is each candidate's probability, for every stratum
    for s in record["strata"]:  # type: ignore[union-attr]
        assert s["ratio"] == s["probability"]  # type: ignore[index]


def test_the_candidate_keys_and_the_recusal_are_the_records() -> None:
    record = doc_record()
    text = document_section(DOC.read_text("utf-8"))
    seed = bytes.fromhex(record["seed"])  # type: ignore[arg-type]
    drawn = {t["id"] for s in record["strata"] for t in s["targets"]}  # type: ignore[index,union-attr]
    lines = table_lines(text, "| stratum | id | key |")
    assert len(lines) == record["pool_size"]
    bold = set()
    for line, (_, cid, key) in zip(lines, table(text, "| stratum | id | key |"), strict=True):
        assert key == hashlib.sha256(seed + cid.encode()).hexdigest()
        if "**" in line:
            bold.add(cid)
    assert bold == drawn
    # one recusal, a replacement, in team 1
    assert [(r["kind"], r["team"]) for r in record["recusals"]] == [("replace", 1)]  # type: ignore[index,union-attr]
    r = record["recusals"][0]  # type: ignore[index]
    assert f"is {r['replacement']}; it takes the seat" in text
    json.dumps(record)  # plain JSON all through
