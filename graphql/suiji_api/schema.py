"""The one GraphQL schema. Each domain contributes its queries and mutations."""

import graphene

from .accounts.schema import AccountMutations, AccountQueries
from .audit.schema import AuditMutations, AuditQueries
from .core.nodes import SuijiNodeField
from .draws.schema import DrawMutations, DrawQueries
from .inspections.schema import InspectionMutations, InspectionQueries
from .jobs.schema import JobQueries
from .joint.schema import JointMutations, JointQueries
from .ledger.schema import LedgerMutations, LedgerQueries
from .organisations.schema import OrganisationMutations, OrganisationQueries
from .oversight.schema import OversightMutations, OversightQueries
from .plans.schema import PlanMutations, PlanQueries
from .registries.schema import RegistryMutations, RegistryQueries


class Query(
    AccountQueries,
    OrganisationQueries,
    AuditQueries,
    JobQueries,
    RegistryQueries,
    PlanQueries,
    DrawQueries,
    InspectionQueries,
    LedgerQueries,
    OversightQueries,
    JointQueries,
    graphene.ObjectType,
):
    node = SuijiNodeField()


class Mutation(
    AccountMutations,
    OrganisationMutations,
    AuditMutations,
    RegistryMutations,
    PlanMutations,
    DrawMutations,
    InspectionMutations,
    LedgerMutations,
    OversightMutations,
    JointMutations,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
