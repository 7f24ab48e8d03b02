"""The canonical pool (engine) and the record's pieces (record): a pool validated once and
rebuilt from its blobs draws exactly what the full path draws, and the record assembled from
pieces is byte for byte the JSON of the whole record. No database."""

from __future__ import annotations

import dataclasses
import json

import pytest

from suiji_tenants.draws import engine
from suiji_tenants.draws.engine import (
    CommitmentMismatchError,
    DrawInputError,
    ExclusionGroup,
    PoolGroup,
    canonical_from_blobs,
    canonicalise,
    run_draw,
)
from suiji_tenants.draws.record import (
    build_record,
    encode_record,
    exclusions_json,
    pool_json,
    record_body,
)

from .test_engine import make_inputs


def _canonical(inputs: engine.DrawInputs) -> engine.CanonicalPool:
    return canonicalise(inputs.pool, inputs.exclusions, inputs.params.strata_fields)


def _rebuilt(c: engine.CanonicalPool) -> engine.CanonicalPool:
    return canonical_from_blobs(
        c.strata_fields,
        [(b.stratum, b.org, b.blob) for b in c.blocks],
        [(b.label, b.org, b.blob) for b in c.exclusion_blocks],
    )


def _without_pool(inputs: engine.DrawInputs) -> engine.DrawInputs:
    return dataclasses.replace(inputs, pool=(), exclusions=())


def test_a_pool_rebuilt_from_its_blobs_draws_the_same() -> None:
    inputs = make_inputs()
    canonical = _canonical(inputs)
    rebuilt = _rebuilt(canonical)
    assert (rebuilt.digest, rebuilt.size) == (canonical.digest, canonical.size)
    assert (rebuilt.exclusions_digest, rebuilt.excluded_count) == (
        canonical.exclusions_digest,
        canonical.excluded_count,
    )
    full = build_record(inputs, run_draw(inputs))
    fast = build_record(inputs, run_draw(_without_pool(inputs), rebuilt))
    assert fast == full


def test_blobs_of_one_group_are_merged_in_byte_order() -> None:
    c = canonical_from_blobs(
        ("region",),
        [(("R",), "533103", b"B\nD"), (("R",), "533103", b"A\nC")],
        [("inactive", "533103", b"Y"), ("inactive", "533103", b"X")],
    )
    assert [b.ids for b in c.blocks] == [["A", "B", "C", "D"]]
    assert [b.ids for b in c.exclusion_blocks] == [["X", "Y"]]
    same = canonicalise(
        [PoolGroup("533103", ("R",), ["D", "C", "B", "A"])],
        [ExclusionGroup("inactive", "533103", ["Y", "X"])],
        ("region",),
    )
    assert (c.digest, c.exclusions_digest) == (same.digest, same.exclusions_digest)


def test_a_changed_blob_no_longer_matches_the_published_digest() -> None:
    inputs = make_inputs()
    canonical = _canonical(inputs)
    blocks = [(b.stratum, b.org, b.blob) for b in canonical.blocks]
    stratum, org, blob = blocks[0]
    blocks[0] = (stratum, org, blob.replace(b"1", b"7", 1))
    tampered = canonical_from_blobs(canonical.strata_fields, blocks, [])
    with pytest.raises(CommitmentMismatchError):
        run_draw(
            dataclasses.replace(_without_pool(inputs), expected_pool_digest=canonical.digest),
            tampered,
        )


def test_the_pool_is_given_once() -> None:
    inputs = make_inputs()
    with pytest.raises(DrawInputError):
        run_draw(inputs, _canonical(inputs))
    other_fields = dataclasses.replace(_canonical(inputs), strata_fields=("region",))
    with pytest.raises(DrawInputError):
        run_draw(_without_pool(inputs), other_fields)


def test_known_unique_skips_only_the_duplicate_checks() -> None:
    pool = [PoolGroup("533103", ("R",), ["A", "B"]), PoolGroup("533103", ("S",), ["A"])]
    with pytest.raises(DrawInputError, match="appears more than once"):
        canonicalise(pool, [], ("region",))
    assert canonicalise(pool, [], ("region",), known_unique=True).size == 3
    with pytest.raises(DrawInputError):  # a control character is still refused
        canonicalise([PoolGroup("533103", ("R",), ["A\x01"])], [], ("region",), known_unique=True)


@pytest.mark.parametrize(
    "ids",
    [["91533103MA00000001", "91533103MA00000002"], ['引号"内', "反斜杠\\号", "普通"], ["单"]],
)
def test_pool_and_exclusion_json_equal_the_lists_json(ids: list[str]) -> None:
    canonical = canonicalise(
        [PoolGroup("533103", ("勐焕街道", "施工", "A"), ids)],
        [ExclusionGroup("inactive", "533103", ["X" + i for i in ids])],
        ("region", "type", "credit_class"),
    )

    def dumps(value: object) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()

    pool = [{"stratum": list(g.stratum), "org": g.org, "ids": g.ids} for g in canonical.pool]
    exclusions = [{"reason": g.reason, "org": g.org, "ids": g.ids} for g in canonical.exclusions]
    assert pool_json(canonical) == dumps(pool)
    assert exclusions_json(canonical) == dumps(exclusions)


def test_the_record_from_pieces_is_the_json_of_the_whole_record() -> None:
    inputs = make_inputs()
    result = run_draw(inputs)
    record = build_record(inputs, result, timestamps={"revealed_at": "2025-03-01T09:00:00"})
    body = record_body(inputs, result, timestamps={"revealed_at": "2025-03-01T09:00:00"})
    assert body["pool"] is None and body["exclusions"] is None
    assert body["result_digest"] == record["result_digest"]
    lists = {
        "pool": pool_json(result.canonical),
        "exclusions": exclusions_json(result.canonical),
    }
    pieces = encode_record(body, lists)
    assert pieces[1] is lists["pool"] and pieces[3] is lists["exclusions"]
    whole = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
    assert b"".join(pieces) == whole
