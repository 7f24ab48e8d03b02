"""Demo inspections: `seed_demo_inspections(org)` opens the inspections of the county's
published draws (the backfill), links the demo inspector to a drawn officer, and takes a few
inspections through the record, the report and the review, so the portal shows results and the
reviewer has a queue. Idempotent: an organisation that has records is left alone."""

import uuid
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from suiji_platform.accounts.access import access_to
from suiji_platform.accounts.models import Role, User

from . import services
from .models import Inspection, InspectorAccount, OnSiteRecord

FINDING = "项目负责人未到岗履职，现场由他人代为管理"


def _member(org: Any, role: str) -> User | None:
    return User.objects.filter(memberships__organisation=org, memberships__role=role).first()


def _record(inspection: Inspection, *, finding: bool) -> services.RecordInput:
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
    checklist = [
        {"item_code": code, "point": point, "answer": "conform"}
        for code, point in services.expected_points(inspection)
    ]
    if finding and checklist:
        checklist[-1]["answer"] = "nonconform"
        checklist[-1]["note"] = FINDING
    return services.RecordInput(
        started_at=start,
        ended_at=start + timedelta(hours=1, minutes=30),
        place=inspection.target_address or "企业经营场所",
        officers=[
            {"name": m["name"], "certificate_no": m["certificate_no"]}
            for m in inspection.members
            if m["role"] == "officer"
        ],
        notices=dict.fromkeys(services.NOTICES, True),
        checklist=checklist,
        findings=(
            [
                {
                    "description": FINDING,
                    "handling": "on_spot",
                    "deadline": (start + timedelta(days=15)).date().isoformat(),
                }
            ]
            if finding
            else []
        ),
        party_present="企业负责人",
        signed_name="（演示）当事人",
        recording_link="DSJ-01:演示录像",
    )


def seed_demo_inspections(organisation: Any) -> int:
    """Returns how many results were published (0 when the organisation was already seeded)."""
    from suiji_tenants.draws.handover import published_handovers

    with schema_context(organisation.schema_name), transaction.atomic():
        staff, admin = (
            _member(organisation, Role.SECTION_STAFF),
            _member(organisation, Role.COUNTY_ADMIN),
        )
        inspector = _member(organisation, Role.INSPECTOR)
        for handover in published_handovers():
            services.open_inspections_for_draw(
                handover, organisation=organisation, acting_user=staff
            )
        inspections = list(Inspection.objects.order_by("id"))
        if not inspections or staff is None or admin is None or OnSiteRecord.objects.exists():
            return 0
        if inspector is not None and not InspectorAccount.objects.filter(user=inspector).exists():
            InspectorAccount.objects.create(
                user=inspector, certificate_no=inspections[-1].member_codes[0]
            )
        access = access_to(staff, organisation)
        kw = {"organisation": organisation, "acting_user": staff}
        published = 0
        # Two published results (one with a finding corrected on the spot), one awaiting review.
        for n, inspection in enumerate(inspections[:3]):
            saved = services.save_on_site_record(
                inspection,
                _record(inspection, finding=n == 1),
                client_id=uuid.uuid4(),
                revision=1,
                access=access,
                **kw,
            )
            services.confirm_on_site_record(saved.record, access=access, **kw)
            report = services.submit_report(
                inspection, services.draft_report(inspection), access=access, **kw
            )
            if n < 2:
                services.review_report(
                    report, approve=True, organisation=organisation, acting_user=admin
                )
                published += 1
        # 芒市 also has a result approved 30 working days ago and published only now: late
        # (R14), so the prefecture's oversight dashboard has a late publication to follow up.
        if organisation.code == LATE_DEMO_COUNTY and len(inspections) > 3:
            published += _publish_late(inspections[3], access, admin, kw)
            _register_complaint(inspections, kw)
        return published


def _register_complaint(inspections: list[Inspection], kw: dict[str, Any]) -> None:
    """芒市 also follows up a complaint (投诉举报, R16): a targeted inspection of an entity no
    draw picked, open since two days, which keeps the entity out of every draw while open."""
    from suiji_tenants.registries.models import EntityStatus, MarketEntity

    from .targeted import register_targeted_inspection

    drawn = {i.target_code for i in inspections}
    entity = (
        MarketEntity.objects.filter(status=EntityStatus.ACTIVE)
        .exclude(uscc__in=drawn)
        .order_by("uscc")
        .first()
    )
    item_code = (inspections[0].items or [{}])[0].get("code")
    if entity is None or not item_code:
        return
    register_targeted_inspection(
        uscc=entity.uscc,
        reason="complaint",
        started_on=timezone.localdate() - timedelta(days=2),
        item_codes=[item_code],
        description="群众来电投诉该企业施工现场项目负责人长期不在岗，转业务科室核查。",
        **kw,
    )


LATE_DEMO_COUNTY = "533103"


def _publish_late(inspection: Inspection, access: Any, admin: Any, kw: dict[str, Any]) -> int:
    saved = services.save_on_site_record(
        inspection,
        _record(inspection, finding=False),
        client_id=uuid.uuid4(),
        revision=1,
        access=access,
        **kw,
    )
    services.confirm_on_site_record(saved.record, access=access, **kw)
    report = services.submit_report(
        inspection, services.draft_report(inspection), access=access, **kw
    )
    services.review_report(
        report,
        approve=True,
        organisation=kw["organisation"],
        acting_user=admin,
        today=timezone.localdate() - timedelta(days=45),
    )
    return 1
