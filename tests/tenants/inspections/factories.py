"""Inspections for tests: a county draw published through the draw services, which opens one
inspection per drawn target (the hand-over), and helpers to fill a record."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from suiji_platform.accounts.access import access_to
from suiji_platform.accounts.models import User
from suiji_tenants.draws import services as draws
from suiji_tenants.inspections.models import Inspection, InspectorAccount
from suiji_tenants.inspections.services import RecordInput, expected_points
from suiji_tenants.registries.models import InspectionItemVersion

from ..draws.factories import setup_county

TZ = ZoneInfo("Asia/Shanghai")
CONTENT = "资质证书是否在有效期内；注册人员是否满足资质标准；安全生产许可证是否有效"


def published_draw_with_inspections(org: Any) -> list[Inspection]:
    task = setup_county(org, per_stratum=10)
    InspectionItemVersion.objects.filter(item__code="ZJ-001").update(content=CONTENT)
    staff = User.objects.get(username="mangshi.staff")
    kw = {"organisation": org, "acting_user": staff}
    draw = draws.create_draw(task, 1, **kw)
    draws.commit_draw(draw, **kw)
    draws.execute_draw(draw, **kw)
    draws.publish_draw(draw, **kw)
    return list(Inspection.objects.filter(draw_reference=draw.reference).order_by("id"))


def link_inspector(username: str, inspection: Inspection) -> User:
    """The user becomes the first officer of the inspection's team."""
    user = User.objects.get(username=username)
    InspectorAccount.objects.update_or_create(
        user=user, defaults={"certificate_no": inspection.member_codes[0]}
    )
    return user


def full_record(inspection: Inspection, **overrides: Any) -> RecordInput:
    officers = [
        {"name": m["name"], "certificate_no": m["certificate_no"]}
        for m in inspection.members
        if m["role"] == "officer"
    ]
    data = RecordInput(
        started_at=datetime(2026, 12, 3, 9, 30, tzinfo=TZ),
        ended_at=datetime(2026, 12, 3, 11, 0, tzinfo=TZ),
        place=inspection.target_address or "企业办公场所",
        officers=officers,
        notices=dict.fromkeys(
            [
                "certificates_shown",
                "basis_told",
                "content_told",
                "period_told",
                "requirements_told",
                "names_told",
            ],
            True,
        ),
        checklist=[
            {"item_code": code, "point": point, "answer": "conform"}
            for code, point in expected_points(inspection)
        ],
        party_present="张经理",
        signed_name="张某",
    )
    for k, v in overrides.items():
        setattr(data, k, v)
    return data


def access_of(username: str, org: Any) -> Any:
    return access_to(User.objects.get(username=username), org)
