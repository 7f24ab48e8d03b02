"""Evidence of an on-site record (R11: 注明证据来源): photos, video and documents.

Files are stored **content-addressed**: the storage name is the file's SHA-256
(`sha256/ab/cd/abcd…`), through the Django storage alias ``evidence`` (a directory set by
``EVIDENCE_STORAGE_PATH``, or an S3-compatible bucket; see settings). The same content is
stored once, whichever records refer to it. A file is never reachable by a public URL: the
view in ``views.py`` checks that the user may see the inspection before it streams the file.

The type is decided by the content (magic bytes), not by the name or the browser's claim:

| type | recognised by | kind |
|---|---|---|
| JPEG `image/jpeg` | `FF D8 FF` | photo |
| PNG `image/png` | `89 50 4E 47 0D 0A 1A 0A` | photo |
| HEIC/HEIF `image/heic` | ISO-BMFF `ftyp` brand heic, heix, heim, heis, hevc, mif1, msf1 | photo |
| MP4 `video/mp4` | ISO-BMFF `ftyp` brand isom, iso2, mp41, mp42, avc1, dash, M4V | video |
| QuickTime `video/quicktime` (iPhone video) | `ftyp` brand `qt  ` | video |
| PDF `application/pdf` | `%PDF-` | document |

Anything else (Office files, archives, executables, SVG, HTML…) is refused. A file over
``EVIDENCE_MAX_BYTES`` is refused before it is read. Nothing is written for refused input.

Uploads are idempotent by hash: the same content sent again for the same record (an offline
outbox retrying) returns the stored evidence and writes nothing.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db import IntegrityError, transaction

from suiji_platform.accounts.access import Access
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.audit.services import record_audit

from .models import Evidence, EvidenceKind, OnSiteRecord, RecordStatus

HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash"}
MP4_BRANDS |= {b"M4V ", b"MSNV", b"3gp4", b"3gp5", b"3gp6"}
QUICKTIME_BRANDS = {b"qt  "}
ALLOWED_TYPES = {
    "image/jpeg": ("JPEG", EvidenceKind.PHOTO, "jpg"),
    "image/png": ("PNG", EvidenceKind.PHOTO, "png"),
    "image/heic": ("HEIC", EvidenceKind.PHOTO, "heic"),
    "video/mp4": ("MP4", EvidenceKind.VIDEO, "mp4"),
    "video/quicktime": ("MOV", EvidenceKind.VIDEO, "mov"),
    "application/pdf": ("PDF", EvidenceKind.DOCUMENT, "pdf"),
}
ALLOWED_LABEL = "照片（JPEG、PNG、HEIC）、视频（MP4、MOV）或 PDF 文件"
SNIFF_BYTES = 32


def sniff(head: bytes) -> str | None:
    """The content type of a file from its first bytes, or None if not an allowed type."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in HEIF_BRANDS:
            return "image/heic"
        if brand in MP4_BRANDS:
            return "video/mp4"
        if brand in QUICKTIME_BRANDS:
            return "video/quicktime"
    return None


def evidence_storage() -> Storage:
    return storages["evidence"]


def storage_name(sha256: str) -> str:
    return f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def max_bytes() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


class Upload(Protocol):
    """What an uploaded file offers (Django's UploadedFile, or a File in tests and tools)."""

    size: int | None
    name: str | None

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]: ...

    def seek(self, offset: int, whence: int = 0) -> int: ...


@dataclass
class EvidenceInput:
    source: str = ""
    taken_at: datetime | None = None
    latitude: str | float | Decimal | None = None
    longitude: str | float | Decimal | None = None
    accuracy: str | float | None = None
    note: str = ""
    sha256: str = ""  # the device's hash, checked against the content when given


@dataclass(frozen=True)
class StoreResult:
    evidence: Evidence
    # The same content was already attached to this record: nothing was written.
    already_received: bool = False


def _coordinate(value: Any, field: str, limit: int, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise FieldError(field, "invalid", f"{label}应为数字（度）。") from None
    if not number.is_finite() or abs(number) > limit:
        raise FieldError(field, "invalid", f"{label}应在 -{limit} 到 {limit} 度之间。")
    return number.quantize(Decimal("0.000001"))


def _clean(data: EvidenceInput) -> dict[str, Any]:
    source = (data.source or "").strip()
    if not source:
        raise FieldError(
            "source",
            "required",
            "请注明证据来源，如“检查人员现场拍摄”“当事人提供”。",
        )
    if len(source) > 300:
        raise FieldError("source", "too_long", "证据来源不超过300字。")
    latitude = _coordinate(data.latitude, "latitude", 90, "纬度")
    longitude = _coordinate(data.longitude, "longitude", 180, "经度")
    if (latitude is None) != (longitude is None):
        raise FieldError("longitude", "incomplete", "定位应同时有纬度和经度，或都不填。")
    accuracy = None
    if data.accuracy not in (None, ""):
        try:
            accuracy = float(str(data.accuracy))
        except ValueError:
            raise FieldError("accuracy", "invalid", "定位精度应为米数。") from None
        if not 0 <= accuracy < 1e7:
            raise FieldError("accuracy", "invalid", "定位精度应为米数。")
    return {
        "source": source,
        "taken_at": data.taken_at,
        "latitude": latitude,
        "longitude": longitude,
        "gps_accuracy": accuracy,
        "note": (data.note or "").strip()[:500],
    }


def _hash_and_type(upload: Upload) -> tuple[str, str, int]:
    """(sha256, content type, size) read from the content; refuses a forbidden type or a file
    over the limit (also when the declared size lies)."""
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise FieldError(
            "file",
            "too_large",
            f"文件过大（{_megabytes(upload.size)}），证据文件不得超过 {_megabytes(limit)}。",
        )
    digest = hashlib.sha256()
    head = b""
    size = 0
    upload.seek(0)
    for chunk in upload.chunks():
        if len(head) < SNIFF_BYTES:
            head += chunk[: SNIFF_BYTES - len(head)]
        size += len(chunk)
        if size > limit:
            raise FieldError(
                "file", "too_large", f"文件过大，证据文件不得超过 {_megabytes(limit)}。"
            )
        digest.update(chunk)
    if size == 0:
        raise FieldError("file", "empty", "文件是空的，请重新拍摄或选择文件。")
    content_type = sniff(head)
    if content_type is None:
        raise FieldError(
            "file",
            "forbidden_type",
            f"不支持该文件类型（按文件内容判断，与文件名无关）：请上传{ALLOWED_LABEL}。",
        )
    upload.seek(0)
    return digest.hexdigest(), content_type, size


def _put_blob(sha256: str, upload: Upload) -> None:
    """Store the content under its hash, once. A name taken by a concurrent upload of the same
    content is the same file: the storage's renamed copy is removed."""
    store = evidence_storage()
    name = storage_name(sha256)
    if store.exists(name):
        return
    saved = store.save(name, File(upload))  # type: ignore[arg-type]
    if saved != name:
        store.delete(saved)


def locked_error(record: OnSiteRecord) -> FieldError:
    return FieldError(
        "clientId",
        "record_locked",
        f"该现场检查笔录（第{record.version}版）已确认并锁定，不能再添加证据；"
        "如需补充，请新建更正版本。",
    )


def add_evidence(
    record: OnSiteRecord,
    upload: Upload,
    data: EvidenceInput,
    *,
    access: Access | None,
    organisation: Organisation,
    acting_user: Any,
) -> StoreResult:
    """Attach a file to a draft record. Checks everything before writing anything; the same
    content sent again for the record returns the stored evidence."""
    from .services import require_edit

    require_edit(record.inspection, access, acting_user)
    values = _clean(data)
    sha256, content_type, size = _hash_and_type(upload)
    declared = (data.sha256 or "").strip().lower()
    if declared and declared != sha256:
        raise FieldError(
            "sha256",
            "mismatch",
            "文件在传输中损坏（SHA-256 校验值不一致），请重新上传。",
        )
    existing = Evidence.objects.filter(record=record, sha256=sha256).first()
    if existing is not None:
        return StoreResult(existing, already_received=True)
    if record.status != RecordStatus.DRAFT:
        raise locked_error(record)
    _put_blob(sha256, upload)
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:200]
    try:
        with transaction.atomic():
            locked = OnSiteRecord.objects.select_for_update().get(pk=record.pk)
            if locked.status != RecordStatus.DRAFT:
                raise locked_error(locked)
            evidence = Evidence.objects.create(
                inspection_id=record.inspection_id,
                record=locked,
                sha256=sha256,
                size=size,
                content_type=content_type,
                kind=ALLOWED_TYPES[content_type][1],
                original_name=name,
                uploaded_by=acting_user if getattr(acting_user, "pk", None) else None,
                **values,
            )
            record_audit(
                "evidence.add",
                object_type="Evidence",
                object_id=evidence.pk,
                after={
                    "inspection": record.inspection.reference,
                    "record_version": record.version,
                    "sha256": sha256,
                    "size": size,
                    "content_type": content_type,
                    "source": values["source"],
                    "gps": values["latitude"] is not None,
                },
                actor=acting_user,
                organisation_code=organisation.code,
            )
    except IntegrityError:
        # The same content for the same record, sent twice at once: one row.
        return StoreResult(Evidence.objects.get(record=record, sha256=sha256), True)
    return StoreResult(evidence)


@transaction.atomic
def remove_evidence(
    evidence: Evidence, *, access: Access | None, organisation: Organisation, acting_user: Any
) -> None:
    """Take a file off a draft record (the stored content stays: other records may use it)."""
    from .services import require_edit

    record = OnSiteRecord.objects.select_for_update().get(pk=evidence.record_id)
    require_edit(record.inspection, access, acting_user)
    if record.status != RecordStatus.DRAFT:
        raise FieldError(
            "id", "record_locked", "该笔录已确认并锁定，其证据不能删除；如需更正，请新建更正版本。"
        )
    record_audit(
        "evidence.remove",
        object_type="Evidence",
        object_id=evidence.pk,
        before={"sha256": evidence.sha256, "source": evidence.source},
        actor=acting_user,
        organisation_code=organisation.code,
    )
    evidence.delete()


def copy_to_correction(previous: OnSiteRecord, correction: OnSiteRecord) -> int:
    """A correction starts with the evidence of the version it corrects (same stored files)."""
    rows = [
        Evidence(
            inspection_id=e.inspection_id,
            record=correction,
            sha256=e.sha256,
            size=e.size,
            content_type=e.content_type,
            kind=e.kind,
            original_name=e.original_name,
            source=e.source,
            taken_at=e.taken_at,
            latitude=e.latitude,
            longitude=e.longitude,
            gps_accuracy=e.gps_accuracy,
            note=e.note,
            uploaded_by_id=e.uploaded_by_id,
        )
        for e in previous.evidence.all()
    ]
    Evidence.objects.bulk_create(rows)
    return len(rows)


def open_evidence(evidence: Evidence) -> File:
    return evidence_storage().open(storage_name(evidence.sha256), "rb")


def download_name(evidence: Evidence) -> str:
    ext = ALLOWED_TYPES.get(evidence.content_type, ("", "", "bin"))[2]
    stem = f"证据-{evidence.inspection.reference}-{evidence.pk}"
    return f"{stem}.{ext}"
