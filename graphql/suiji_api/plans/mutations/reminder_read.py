from typing import Any, ClassVar

import graphene

from suiji_platform.accounts.access import Permission
from suiji_platform.organisations.services import FieldError
from suiji_platform.plan_index.models import Reminder as ReminderModel
from suiji_tenants.audit.services import record_audit

from ...core.context import get_organisation
from ...core.mutations import SuijiMutation
from ..types import Reminder


class MarkReminderRead(SuijiMutation):
    """将本机构的一条提醒标记为已读。"""

    permission: ClassVar[Permission | None] = Permission.MANAGE_PLANS

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003

    reminder = graphene.Field(Reminder)

    @classmethod
    def perform(cls, root: Any, info: Any, id: str) -> dict[str, Any]:  # noqa: A002
        organisation = get_organisation(info.context)
        reminder = (
            ReminderModel.objects.filter(pk=id, organisation=organisation).first()
            if str(id).isdigit()
            else None
        )
        if reminder is None:
            raise FieldError("id", "not_found", "未找到该提醒。")
        if not reminder.read:
            reminder.read = True
            reminder.save(update_fields=["read"])
            record_audit(
                "reminder.read",
                object_type="Reminder",
                object_id=reminder.pk,
                actor=info.context.user,
                organisation_code=organisation.code,
            )
        return {"reminder": reminder}
