"""The one audit writer and its verifier. Every write in Suiji goes through `record_audit`."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditHead, AuditRecord

GENESIS = "0" * 64

# Keys whose values must never reach the audit trail in clear (personal data, secrets).
REDACTED_KEYS = frozenset({"password", "id_number", "phone", "contact_phone", "secret"})


def redact(value: Any) -> Any:
    """Replace personal data and secrets by a marker; the audit log must not hold them."""
    if isinstance(value, dict):
        return {
            k: ("[已隐去]" if k in REDACTED_KEYS and v not in (None, "") else redact(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


def _canonical(record: dict[str, Any]) -> bytes:
    return json.dumps(
        record, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    ).encode("utf-8")


def _content(
    *,
    seq: int,
    at: datetime,
    actor_id: int | None,
    actor: str,
    organisation_code: str,
    operation: str,
    object_type: str,
    object_id: str,
    before: Any,
    after: Any,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor": actor,
        "organisation": organisation_code,
        "operation": operation,
        "object_type": object_type,
        "object_id": object_id,
        "before": before,
        "after": after,
    }


def chain_hash(prev_hash: str, content: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + _canonical(content)).hexdigest()


def _normalise(value: Any) -> Any:
    """Round-trip through JSON so what is hashed equals what PostgreSQL stores and returns."""
    if value is None:
        return None
    return json.loads(json.dumps(redact(value), ensure_ascii=False, default=str))


def _lock_chain() -> AuditHead:
    # One writer at a time per schema: the head row is the lock.
    head = AuditHead.objects.select_for_update().first()
    if head is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
        head = AuditHead.objects.select_for_update().first()
        if head is None:
            head = AuditHead.objects.create(seq=0, hash=GENESIS)
    return head


def record_audit(
    operation: str,
    *,
    object_type: str,
    object_id: Any = "",
    before: Any = None,
    after: Any = None,
    actor: Any = None,
    organisation_code: str = "",
) -> AuditRecord:
    """Append one record to the current schema's chain, inside the caller's transaction."""
    with transaction.atomic():
        head = _lock_chain()
        seq = head.seq + 1
        at = timezone.now()
        actor_id = getattr(actor, "pk", None) if actor is not None else None
        actor_name = getattr(actor, "username", "") if actor is not None else ""
        before_n, after_n = _normalise(before), _normalise(after)
        content = _content(
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor=actor_name,
            organisation_code=organisation_code,
            operation=operation,
            object_type=object_type,
            object_id=str(object_id),
            before=before_n,
            after=after_n,
        )
        digest = chain_hash(head.hash, content)
        record = AuditRecord.objects.create(
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor=actor_name,
            organisation_code=organisation_code,
            operation=operation,
            object_type=object_type,
            object_id=str(object_id),
            before=before_n,
            after=after_n,
            prev_hash=head.hash,
            hash=digest,
        )
        head.seq, head.hash = seq, digest
        head.save(update_fields=["seq", "hash"])
        return record


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    records: int
    message: str
    broken_seq: int | None = None


def verify_chain() -> ChainReport:
    """Walk the current schema's chain in storage order and report the first broken link."""
    prev_hash = GENESIS
    expected_seq = 1
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT seq, at, actor_id, actor, organisation_code, operation, object_type,"
            " object_id, before, after, prev_hash, hash FROM audit_auditrecord ORDER BY id"
        )
        for row in cursor:
            (seq, at, actor_id, actor, org, operation, otype, oid, before, after, prev, digest) = (
                row
            )
            if isinstance(before, str):
                before = json.loads(before)
            if isinstance(after, str):
                after = json.loads(after)
            if seq != expected_seq:
                return ChainReport(
                    False,
                    count,
                    f"第 {expected_seq} 条记录缺失或顺序被改动（见到第 {seq} 条）",
                    seq,
                )
            if prev != prev_hash:
                return ChainReport(False, count, f"第 {seq} 条记录的前序哈希与链不符", seq)
            content = _content(
                seq=seq,
                at=at,
                actor_id=actor_id,
                actor=actor,
                organisation_code=org,
                operation=operation,
                object_type=otype,
                object_id=oid,
                before=before,
                after=after,
            )
            if chain_hash(prev, content) != digest:
                return ChainReport(False, count, f"第 {seq} 条记录的内容被改动（哈希不符）", seq)
            prev_hash = digest
            expected_seq += 1
            count += 1
    head = AuditHead.objects.first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != count or head_hash != prev_hash:
        return ChainReport(
            False,
            count,
            f"链尾不符：登记为第 {head_seq} 条，实有 {count} 条（末尾记录被删除？）",
            count + 1,
        )
    return ChainReport(True, count, f"OK：{count} 条记录，链完整")
