from typing import Any

import graphene

from suiji_tenants.inspections import services

from ...core.errors import MutationError
from ..types import OnSiteRecord
from .base import InspectionMutation


class OfficerInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    certificate_no = graphene.String(required=True)


class NoticesInput(graphene.InputObjectType):
    certificates_shown = graphene.Boolean()
    basis_told = graphene.Boolean()
    content_told = graphene.Boolean()
    period_told = graphene.Boolean()
    requirements_told = graphene.Boolean()
    names_told = graphene.Boolean()


class ChecklistAnswerInput(graphene.InputObjectType):
    item_code = graphene.String(required=True)
    point = graphene.String(required=True)
    answer = graphene.String(description="conform / nonconform / not_applicable")
    note = graphene.String()


class FindingInput(graphene.InputObjectType):
    description = graphene.String(required=True)
    item_code = graphene.String()
    handling = graphene.String(description="on_spot / own_department / referred / police")
    deadline = graphene.Date(description="当场责令改正的改正期限")
    receiving_body = graphene.String(description="抄告移送或移送的接收部门（机关）")


class OnSiteRecordInput(graphene.InputObjectType):
    inspection_id = graphene.ID(required=True)
    client_id = graphene.String(required=True, description="设备生成的草稿编号（UUID），重发不重复")
    revision = graphene.Int(required=True, description="设备上的修改次数，只增不减")
    started_at = graphene.DateTime()
    ended_at = graphene.DateTime()
    place = graphene.String()
    officers = graphene.List(graphene.NonNull(OfficerInput))
    notices = NoticesInput()
    checklist = graphene.List(graphene.NonNull(ChecklistAnswerInput))
    findings = graphene.List(graphene.NonNull(FindingInput))
    party_present = graphene.String()
    signature_png = graphene.String(description="签名板 PNG（data:image/png;base64,…）")
    signed_name = graphene.String()
    refused = graphene.Boolean()
    refusal_reason = graphene.String()
    recording_link = graphene.String()


def _plain(values: Any) -> list[dict[str, Any]]:
    return [{k: v for k, v in dict(v).items() if v is not None} for v in values or []]


class OnSiteRecordSave(InspectionMutation):
    """保存现场检查笔录草稿（离线草稿联网后重发：同一草稿编号只保存一份）。"""

    class Arguments:
        input = OnSiteRecordInput(required=True)  # noqa: A003

    record = graphene.Field(OnSiteRecord)
    already_received = graphene.Boolean(
        required=True, description="该版本草稿此前已保存，本次未重复写入"
    )

    @staticmethod
    def resolve_already_received(root: Any, info: Any) -> bool:
        return bool(getattr(root, "already_received", False))

    @classmethod
    def perform(cls, root: Any, info: Any, input: Any) -> dict[str, Any]:  # noqa: A002
        inspection = cls.get_inspection(info, input.inspection_id)
        data = services.RecordInput(
            started_at=input.started_at,
            ended_at=input.ended_at,
            place=input.place or "",
            officers=_plain(input.officers),
            notices={k: bool(v) for k, v in dict(input.notices or {}).items()},
            checklist=_plain(input.checklist),
            findings=_plain(input.findings),
            party_present=input.party_present or "",
            signature_png=input.signature_png or "",
            signed_name=input.signed_name or "",
            refused=bool(input.refused),
            refusal_reason=input.refusal_reason or "",
            recording_link=input.recording_link or "",
        )
        result = services.save_on_site_record(
            inspection,
            data,
            client_id=input.client_id,
            revision=input.revision,
            **cls.context(info),
        )
        errors = []
        if result.already_received:
            errors.append(
                MutationError(
                    field="revision",
                    code="already_received",
                    message=f"该草稿（第{result.record.revision}次修改）此前已保存，未重复写入；"
                    "无需再次提交。",
                )
            )
        return {
            "record": result.record,
            "already_received": result.already_received,
            "errors": errors,
        }
