from typing import Any

import graphene

from suiji_platform.organisations.services import FieldError
from suiji_tenants.inspections import models, referrals, services

from ...core.nodes import decode_global_id
from ...registries.mutations.base import get_by_global_id
from ..referral_types import Referral
from ..types import visible
from .base import InspectionMutation


class ReferralAttachmentInput(graphene.InputObjectType):
    kind = graphene.String(required=True, description="transfer_letter / investigation_report / …")
    evidence_id = graphene.ID(required=True, description="本检查已上传的证据")


class ReferralAct(InspectionMutation):
    """办理发现的问题（R12）：复查、抄告移送、负责人决定、移交公安司法机关、登记反馈、
    立案处罚决定（写入信用记录，R15）、办结。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003
        action = graphene.String(
            required=True,
            description="recheck / send / decide / transfer / feedback / penalty / close",
        )
        note = graphene.String(description="复查情况、决定意见、反馈情况或办结情况")
        corrected = graphene.Boolean(description="复查：是否已改正")
        rechecked_on = graphene.Date(description="复查日期（默认今天）")
        receiving_body = graphene.String(description="接收部门（机关）")
        approve = graphene.Boolean(description="负责人决定：是否批准移送")
        attachments = graphene.List(graphene.NonNull(ReferralAttachmentInput))
        penalty_number = graphene.String(description="立案处罚决定：处罚决定书文号")
        penalty_on = graphene.Date(description="立案处罚决定：决定日期")
        penalty_text = graphene.String(description="立案处罚决定：决定内容")

    referral = graphene.Field(Referral)

    @classmethod
    def perform(cls, root: Any, info: Any, id: str, action: str, **kw: Any) -> dict[str, Any]:  # noqa: A002
        obj = get_by_global_id(models.Referral, "Referral", id, "id")
        if not visible(info).filter(pk=obj.inspection_id).exists():
            raise FieldError("id", "not_found", "未找到该问题的处理记录。")
        attachments = []
        for n, a in enumerate(kw.get("attachments") or []):
            attachments.append(
                {
                    "kind": a["kind"],
                    "evidence_id": decode_global_id(
                        a["evidence_id"], "Evidence", f"attachments.{n}.evidenceId"
                    ),
                }
            )
        data = referrals.ReferralAction(
            action=action,
            note=kw.get("note") or "",
            corrected=kw.get("corrected"),
            rechecked_on=kw.get("rechecked_on"),
            receiving_body=kw.get("receiving_body") or "",
            approve=kw.get("approve"),
            attachments=attachments,
            penalty_number=kw.get("penalty_number") or "",
            penalty_on=kw.get("penalty_on"),
            penalty_text=kw.get("penalty_text") or "",
        )
        context = cls.context(info)
        referral = referrals.act(
            obj, data, own=services.is_own(obj.inspection, info.context.user), **context
        )
        return {"referral": referral}
