"""Joint cross-department draws as each organisation sees them: the joint visits of its
entities (a county) or made by its joint draws (the prefecture), and — under 市抽县查 — the
county receiving the inspections to carry out. Public-schema reads only (``JointVisit``)."""

from typing import Any

import graphene

from suiji_platform.accounts.access import Permission
from suiji_platform.index.models import JointVisit as JointVisitModel
from suiji_tenants.draws.joint_visits import joint_visits_of, receive_joint_inspections
from suiji_tenants.plans.joint import department_label
from suiji_tenants.plans.models import JointMode

from ..core.context import get_organisation
from ..core.mutations import SuijiMutation
from ..core.permissions import permission_required


class JointVisitItem(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    version = graphene.Int(required=True)
    department = graphene.String(required=True, description="所属部门代码")
    department_label = graphene.String(required=True)


class JointVisitMember(graphene.ObjectType):
    role = graphene.String(required=True, description="officer 执法人员 / expert 专家")
    name = graphene.String(required=True)
    department = graphene.String(required=True)
    department_label = graphene.String(required=True)
    certificate_no = graphene.String(required=True)


class JointVisit(graphene.ObjectType):
    """一次联合检查：一个主体一次上门，覆盖各部门的事项（进一次门、查多项事）。县（市）只读。"""

    draw_reference = graphene.String(required=True)
    prefecture_code = graphene.String(required=True)
    county_code = graphene.String(required=True)
    county_name = graphene.String(required=True)
    entity_code = graphene.String(required=True)
    name = graphene.String(required=True)
    plan_year = graphene.Int(required=True)
    joint_plan = graphene.String(required=True)
    task = graphene.String(required=True)
    round = graphene.Int(required=True)
    starts_on = graphene.Date(required=True)
    ends_on = graphene.Date(required=True)
    mode = graphene.String(
        required=True, description="prefecture 州本级检查 / county_inspects 市抽县查"
    )
    mode_label = graphene.String(required=True)
    lead_department = graphene.String(required=True)
    lead_department_label = graphene.String(required=True)
    department_labels = graphene.List(graphene.NonNull(graphene.String), required=True)
    items = graphene.List(graphene.NonNull(JointVisitItem), required=True)
    team_number = graphene.Int(required=True)
    team = graphene.List(graphene.NonNull(JointVisitMember), required=True)
    status = graphene.String(
        required=True, description="drawn 已抽取 / published 已公开 / voided 已作废"
    )
    received = graphene.Boolean(required=True, description="市抽县查：县（市）已接收为检查任务")

    @staticmethod
    def resolve_prefecture_code(root: JointVisitModel, info: Any) -> str:
        return root.prefecture.code

    @staticmethod
    def resolve_county_code(root: JointVisitModel, info: Any) -> str:
        return root.county.code

    @staticmethod
    def resolve_county_name(root: JointVisitModel, info: Any) -> str:
        return root.county.name

    @staticmethod
    def resolve_mode_label(root: JointVisitModel, info: Any) -> str:
        return JointMode(root.mode).label if root.mode in JointMode.values else root.mode

    @staticmethod
    def resolve_lead_department_label(root: JointVisitModel, info: Any) -> str:
        return department_label(root.lead_department)

    @staticmethod
    def resolve_department_labels(root: JointVisitModel, info: Any) -> list[str]:
        return [department_label(d) for d in root.departments]

    @staticmethod
    def resolve_items(root: JointVisitModel, info: Any) -> list[JointVisitItem]:
        return [
            JointVisitItem(
                code=it["code"],
                name=it["name"],
                version=it["version"],
                department=it["department"],
                department_label=department_label(it["department"]),
            )
            for it in root.items
        ]

    @staticmethod
    def resolve_team(root: JointVisitModel, info: Any) -> list[JointVisitMember]:
        return [
            JointVisitMember(
                role=m["role"],
                name=m["name"],
                department=m["department"],
                department_label=department_label(m["department"]),
                certificate_no=m["certificate_no"],
            )
            for m in root.team
        ]

    @staticmethod
    def resolve_received(root: JointVisitModel, info: Any) -> bool:
        return root.received_at is not None


class JointQueries(graphene.ObjectType):
    joint_visits = graphene.List(
        graphene.NonNull(JointVisit),
        required=True,
        year=graphene.Int(),
        description="联合检查：县（市）看到本辖区主体被联合抽中的检查（只读）；州（市）看到其联合抽取产生的全部检查",
    )

    @staticmethod
    @permission_required(Permission.READ_ORGANISATION)
    def resolve_joint_visits(root: Any, info: Any, year: int | None = None) -> Any:
        return list(joint_visits_of(get_organisation(info.context), year)[:2000])


class ReceiveJointInspections(SuijiMutation):
    """市抽县查：县（市）接收州（市）联合抽取的检查任务，为本辖区每个被抽中的主体生成一项检查
    （覆盖各部门事项），可重复执行。"""

    permission = Permission.MANAGE_INSPECTIONS
    opened = graphene.Int(required=True)

    @classmethod
    def perform(cls, root: Any, info: Any) -> dict[str, Any]:
        opened = receive_joint_inspections(
            organisation=get_organisation(info.context), acting_user=info.context.user
        )
        return {"opened": opened}


class JointMutations(graphene.ObjectType):
    receive_joint_inspections = ReceiveJointInspections.Field()
