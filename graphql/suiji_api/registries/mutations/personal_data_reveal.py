from typing import Any

import graphene
from graphql_relay import from_global_id

from suiji_platform.accounts.access import Permission
from suiji_platform.organisations.services import FieldError
from suiji_tenants.registries import models, visibility

from ...core.context import get_organisation
from ...core.mutations import SuijiMutation

PersonalDataField = graphene.Enum(
    "PersonalDataField", [("ID_NUMBER", "id_number"), ("CONTACT_PHONE", "contact_phone")]
)
_MODELS: dict[str, Any] = {
    "MarketEntity": models.MarketEntity,
    "Project": models.Project,
    "Inspector": models.Inspector,
}


class RevealPersonalData(SuijiMutation):
    """查看: one personal value of one record in clear; the viewing is recorded (who, which)."""

    permission = Permission.REVEAL_PERSONAL_DATA

    class Arguments:
        id = graphene.ID(required=True, description="市场主体、项目或执法人员的 ID")  # noqa: A003
        field = PersonalDataField(required=True)

    value = graphene.String()

    @classmethod
    def perform(cls, root: Any, info: Any, id: str, field: Any) -> dict[str, Any]:  # noqa: A002
        try:
            type_name, pk = from_global_id(id)
        except Exception:  # noqa: BLE001 - a malformed ID is bad input
            type_name, pk = "", ""
        model = _MODELS.get(type_name)
        obj = model.objects.filter(pk=pk).first() if model and str(pk).isdigit() else None
        if obj is None:
            raise FieldError("id", "not_found", "未找到该记录（可能已被删除或不属于本机构）。")
        organisation = get_organisation(info.context)
        value = visibility.reveal(
            obj,
            getattr(field, "value", field),
            acting_user=info.context.user,
            organisation_code=organisation.code,
        )
        return {"value": value}
