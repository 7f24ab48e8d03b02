from typing import Any, ClassVar

import graphene

from suiji_platform.accounts.access import Permission
from suiji_platform.calendar import services

from ...core.context import get_organisation
from ...core.mutations import SuijiMutation

CalendarFormatEnum = graphene.Enum("CalendarFormat", [("CSV", "csv"), ("JSON", "json")])


class LoadWorkCalendar(SuijiMutation):
    """州局管理员录入某年的官方节假日安排（CSV：date,kind,name；或 JSON），整年替换。"""

    permission: ClassVar[Permission | None] = Permission.MANAGE_CALENDAR

    class Arguments:
        content = graphene.String(required=True, description="文件内容")
        format = graphene.Argument(CalendarFormatEnum, description="默认按内容判断")  # noqa: A003
        source = graphene.String(description="来源（如国务院办公厅通知文号）")

    years = graphene.List(graphene.NonNull(graphene.Int))
    days = graphene.Int(description="载入的调整日数")

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        content: str,
        format: Any = None,
        source: str = "",  # noqa: A002
    ) -> dict[str, Any]:
        organisation = get_organisation(info.context)
        schedule = services.parse_schedule(content, getattr(format, "value", format) or "")
        count = services.load_schedule(
            schedule,
            source=source or "",
            acting_user=info.context.user,
            organisation_code=organisation.code,
        )
        return {"years": list(schedule.years), "days": count}
