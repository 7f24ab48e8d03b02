"""Referral types (R12): where each finding's follow-up is and how long it has waited."""

from typing import Any

import graphene
from graphene import relay

from suiji_platform.accounts.access import Permission, may_edit_inspection
from suiji_tenants.inspections import models, referrals, services

from ..core.connections import CountableConnection
from ..core.context import get_access
from ..core.nodes import SuijiNode
from .types import Inspection, _enum, visible

ReferralKindEnum = _enum("ReferralKind", models.ReferralKind)
ReferralStatusEnum = _enum("ReferralStatus", models.ReferralStatus)


class ReferralStep(graphene.ObjectType):
    at = graphene.DateTime(required=True)
    status = graphene.Field(ReferralStatusEnum, required=True)
    status_label = graphene.String(required=True)
    by = graphene.String(required=True)
    note = graphene.String(required=True)


class ReferralAttachment(graphene.ObjectType):
    kind = graphene.String(required=True)
    label = graphene.String(required=True)
    evidence_id = graphene.ID(required=True)


class ReferralAttachmentKind(graphene.ObjectType):
    value = graphene.String(required=True)
    label = graphene.String(required=True)
    required = graphene.Boolean(required=True)


class Referral(SuijiNode):
    """发现问题的处理（R12）：当场责令改正、报告本部门、抄告移送、移送公安司法机关。"""

    # Read further narrowed to the inspections the user may see (`visible`).
    node_permission = Permission.READ_ORGANISATION

    kind = graphene.Field(ReferralKindEnum, required=True)
    kind_label = graphene.String(required=True)
    status = graphene.Field(ReferralStatusEnum, required=True)
    status_label = graphene.String(required=True)
    inspection = graphene.Field(Inspection, required=True)
    waiting_working_days = graphene.Int(
        description="在当前环节已等待的工作日（节假日安排未录入时为空）"
    )
    overdue = graphene.Boolean(required=True, description="当前环节已超过期限")
    due_text = graphene.String(required=True, description="当前环节的期限说明")
    due_at = graphene.DateTime()
    transfer_late = graphene.Boolean(required=True, description="批准后超过24小时才移交")
    attachments = graphene.List(graphene.NonNull(ReferralAttachment), required=True)
    history = graphene.List(graphene.NonNull(ReferralStep), required=True)
    allowed_actions = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="当前用户可进行的操作"
    )

    class Meta:
        model = models.Referral
        fields = (
            "id",
            "finding",
            "status_since",
            "receiving_body",
            "order_text",
            "correction_deadline",
            "rechecked_on",
            "recheck_note",
            "decision_due_at",
            "decided_at",
            "decision_note",
            "transfer_due_at",
            "sent_at",
            "feedback",
            "feedback_at",
            "penalty_number",
            "penalty_on",
            "penalty_text",
            "penalty_at",
            "closed_at",
            "created_at",
        )
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    @classmethod
    def get_queryset(cls, queryset: Any, info: Any) -> Any:
        queryset = super().get_queryset(queryset, info)
        return queryset.filter(inspection__in=visible(info)).select_related("inspection")

    @staticmethod
    def resolve_kind(root: models.Referral, info: Any) -> str:
        return str(models.ReferralKind(root.kind).value)

    @staticmethod
    def resolve_kind_label(root: models.Referral, info: Any) -> str:
        return str(models.ReferralKind(root.kind).label)

    @staticmethod
    def resolve_status(root: models.Referral, info: Any) -> str:
        return str(models.ReferralStatus(root.status).value)

    @staticmethod
    def resolve_status_label(root: models.Referral, info: Any) -> str:
        return str(models.ReferralStatus(root.status).label)

    @staticmethod
    def resolve_waiting_working_days(root: models.Referral, info: Any) -> int | None:
        return referrals.waiting(root).working_days

    @staticmethod
    def resolve_overdue(root: models.Referral, info: Any) -> bool:
        return referrals.waiting(root).overdue

    @staticmethod
    def resolve_due_text(root: models.Referral, info: Any) -> str:
        return referrals.waiting(root).due

    @staticmethod
    def resolve_due_at(root: models.Referral, info: Any) -> Any:
        return referrals.waiting(root).due_at

    @staticmethod
    def resolve_transfer_late(root: models.Referral, info: Any) -> bool:
        return referrals.transfer_late(root)

    @staticmethod
    def resolve_attachments(root: models.Referral, info: Any) -> list[ReferralAttachment]:
        from graphql_relay import to_global_id

        return [
            ReferralAttachment(
                kind=a["kind"],
                label=referrals.ATTACHMENTS[a["kind"]][0],
                evidence_id=to_global_id("Evidence", a["evidence_id"]),
            )
            for a in root.attachments
        ]

    @staticmethod
    def resolve_history(root: models.Referral, info: Any) -> list[ReferralStep]:
        from django.utils.dateparse import parse_datetime

        return [
            ReferralStep(
                at=parse_datetime(h["at"]),
                status=str(models.ReferralStatus(h["status"]).value),
                status_label=str(models.ReferralStatus(h["status"]).label),
                by=h.get("by", ""),
                note=h.get("note", ""),
            )
            for h in root.history
        ]

    @staticmethod
    def resolve_allowed_actions(root: models.Referral, info: Any) -> list[str]:
        access = get_access(info.context)
        own = services.is_own(root.inspection, info.context.user)
        out = []
        for action in referrals.allowed_actions(root):
            if action == "decide":
                if access is not None and access.allows(Permission.REVIEW_RESULTS):
                    out.append(action)
            elif may_edit_inspection(access, own=own):
                out.append(action)
        return out
