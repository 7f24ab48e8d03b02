"""Evidence of the on-site record: content-addressed by SHA-256 (stored once), type decided by
the content, a size limit, the source required, idempotent re-sends, locked with the record,
carried into a correction, and served only to those who may see the inspection."""

import hashlib
import io
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import schema_context

from suiji_platform.accounts.models import User
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.audit.models import AuditRecord
from suiji_tenants.inspections import evidence, services
from suiji_tenants.inspections.models import Evidence, Inspection

from ...conftest import DEMO_PASSWORD
from .factories import access_of, full_record, link_inspector, published_draw_with_inspections

pytestmark = pytest.mark.django_db

CODE = "533103"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00" + b"\x01" * 200
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00" + b"\x02" * 50
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00" + b"\x03" * 50
PDF = b"%PDF-1.7\n" + b"\x04" * 100


@pytest.fixture(autouse=True)
def evidence_dir(settings: Any, tmp_path: Any) -> Any:
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    settings.EVIDENCE_MAX_BYTES = 64 * 1024
    return tmp_path


@pytest.fixture
def org() -> Any:
    organisation = Organisation.objects.get(code=CODE)
    with schema_context(organisation.schema_name):
        yield organisation


@pytest.fixture
def inspections(org: Any) -> list[Inspection]:
    return published_draw_with_inspections(org)


def ctx(org: Any, username: str = "mangshi.staff") -> dict[str, Any]:
    return {
        "organisation": org,
        "acting_user": User.objects.get(username=username),
        "access": access_of(username, org),
    }


def draft(org: Any, inspection: Inspection, **overrides: Any) -> Any:
    return services.save_on_site_record(
        inspection,
        full_record(inspection, **overrides),
        client_id=uuid.uuid4(),
        revision=1,
        **ctx(org),
    ).record


def upload(content: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def source(**kw: Any) -> evidence.EvidenceInput:
    return evidence.EvidenceInput(source="检查人员现场拍摄", **kw)


@pytest.mark.parametrize(
    ("content", "content_type", "kind"),
    [
        (JPEG, "image/jpeg", "photo"),
        (PNG, "image/png", "photo"),
        (HEIC, "image/heic", "photo"),
        (MP4, "video/mp4", "video"),
        (MOV, "video/quicktime", "video"),
        (PDF, "application/pdf", "document"),
    ],
)
def test_the_type_is_decided_by_the_content(content: bytes, content_type: str, kind: str) -> None:
    assert evidence.sniff(content[:32]) == content_type
    assert evidence.ALLOWED_TYPES[content_type][1] == kind


def test_evidence_is_stored_by_its_hash_once_and_resent_without_a_second_row(
    org: Any, inspections: list[Inspection], evidence_dir: Any
) -> None:
    first, second = inspections[0], inspections[1]
    record = draft(org, first)
    data = source(latitude="24.4361", longitude="98.5852", accuracy="8", sha256="")
    result = evidence.add_evidence(record, upload(JPEG), data, **ctx(org))
    digest = hashlib.sha256(JPEG).hexdigest()
    ev = result.evidence
    assert (ev.sha256, ev.size, ev.content_type, ev.kind) == (
        digest,
        len(JPEG),
        "image/jpeg",
        "photo",
    )
    assert str(ev.latitude) == "24.436100" and ev.source == "检查人员现场拍摄"
    stored = evidence_dir / "sha256" / digest[:2] / digest[2:4] / digest
    assert stored.read_bytes() == JPEG
    # the outbox re-sends the same photo: one row, nothing written
    again = evidence.add_evidence(record, upload(JPEG, "IMG_0001.jpg"), source(), **ctx(org))
    assert again.already_received and again.evidence.pk == ev.pk
    assert Evidence.objects.filter(record=record).count() == 1
    # the same content on another record: a second row, the same stored file
    other = evidence.add_evidence(draft(org, second), upload(JPEG), source(), **ctx(org))
    assert other.evidence.pk != ev.pk
    assert len(list((evidence_dir / "sha256").rglob("*"))) == 3  # two directories, one file
    assert AuditRecord.objects.filter(operation="evidence.add").count() == 2


@pytest.mark.parametrize(
    ("content", "data", "field", "code"),
    [
        (b"PK\x03\x04" + b"\x00" * 50, {}, "file", "forbidden_type"),  # a .docx named .jpg
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", {}, "file", "forbidden_type"),
        (b"\xff\xd8\xff" + b"\x00" * (64 * 1024), {}, "file", "too_large"),
        (b"", {}, "file", "empty"),
        (JPEG, {"source": " "}, "source", "required"),
        (JPEG, {"latitude": "91", "longitude": "98"}, "latitude", "invalid"),
        (JPEG, {"latitude": "24.1"}, "longitude", "incomplete"),
        (JPEG, {"sha256": "0" * 64}, "sha256", "mismatch"),
    ],
)
def test_bad_evidence_is_refused_naming_the_field_and_nothing_is_written(
    org: Any,
    inspections: list[Inspection],
    evidence_dir: Any,
    content: bytes,
    data: dict[str, str],
    field: str,
    code: str,
) -> None:
    record = draft(org, inspections[0])
    values = {"source": "当事人提供", **data}
    with pytest.raises(FieldError) as exc:
        evidence.add_evidence(record, upload(content), evidence.EvidenceInput(**values), **ctx(org))
    assert (exc.value.field, exc.value.code) == (field, code)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message)
    assert not Evidence.objects.exists()
    assert not list(evidence_dir.rglob("*"))


def test_evidence_locks_with_the_record_and_goes_into_the_correction(
    org: Any, inspections: list[Inspection]
) -> None:
    inspection = inspections[0]
    record = draft(org, inspection)
    evidence.add_evidence(record, upload(JPEG), source(), **ctx(org))
    services.confirm_on_site_record(record, **ctx(org))
    record.refresh_from_db()
    with pytest.raises(FieldError) as exc:
        evidence.add_evidence(record, upload(PDF, "a.pdf"), source(), **ctx(org))
    assert exc.value.code == "record_locked"
    with pytest.raises(FieldError):
        evidence.remove_evidence(record.evidence.get(), **ctx(org))
    correction = services.start_correction(record, client_id=uuid.uuid4(), **ctx(org))
    assert [e.sha256 for e in correction.evidence.all()] == [hashlib.sha256(JPEG).hexdigest()]
    evidence.add_evidence(correction, upload(PDF, "a.pdf"), source(), **ctx(org))
    assert correction.evidence.count() == 2 and record.evidence.count() == 1


def test_an_inspector_outside_the_team_cannot_add_evidence(
    org: Any, inspections: list[Inspection]
) -> None:
    record = draft(org, inspections[0])
    link_inspector("mangshi.inspector", inspections[1])
    with pytest.raises(FieldError) as exc:
        evidence.add_evidence(record, upload(JPEG), source(), **ctx(org, "mangshi.inspector"))
    assert exc.value.code == "not_in_team"


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def test_upload_and_download_over_http_check_who_may_see_the_inspection(
    org: Any, inspections: list[Inspection]
) -> None:
    mine, other = inspections[0], inspections[1]
    link_inspector("mangshi.inspector", mine)
    record = draft(org, mine)
    inspector = login("mangshi.inspector")
    url = f"/o/{CODE}/evidence/"
    form = {
        "clientId": str(record.client_id),
        "source": "检查人员现场拍摄",
        "takenAt": "2026-12-03T10:05:00+08:00",
        "latitude": "24.4361",
        "longitude": "98.5852",
        "sha256": hashlib.sha256(PNG).hexdigest(),
    }
    response = inspector.post(url, {**form, "file": io.BytesIO(PNG)})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["contentType"] == "image/png" and body["alreadyReceived"] is False
    again = inspector.post(url, {**form, "file": io.BytesIO(PNG)})
    assert again.status_code == 200 and again.json()["alreadyReceived"] is True
    bad = inspector.post(url, {**form, "sha256": "", "file": io.BytesIO(b"MZ\x90\x00exe")})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "file"
    # the file is served to the team and to the organisation's readers, to nobody else
    got = inspector.get(f"/o/{CODE}/evidence/{body['id']}")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PNG
    assert got["Content-Type"] == "image/png" and got["X-Content-Type-Options"] == "nosniff"
    assert login("mangshi.staff").get(f"/o/{CODE}/evidence/{body['id']}").status_code == 200
    assert Client().get(f"/o/{CODE}/evidence/{body['id']}").status_code == 401
    other_record = draft(org, other)
    other_ev = evidence.add_evidence(other_record, upload(JPEG), source(), **ctx(org)).evidence
    assert inspector.get(f"/o/{CODE}/evidence/{other_ev.pk}").status_code == 404
    assert inspector.get(f"/o/{CODE}/evidence/99999999999999999999").status_code == 404
    foreign = inspector.post(
        url, {**form, "clientId": str(other_record.client_id), "file": io.BytesIO(PNG)}
    )
    assert foreign.status_code == 404
    # another organisation's user sees nothing
    assert login("yingjiang.staff").get(f"/o/{CODE}/evidence/{body['id']}").status_code == 403
