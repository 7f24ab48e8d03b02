"""Input objects built from the registries' field specifications: one place names the fields."""

import graphene

from suiji_tenants.registries.validation import SPECS, p_bool


def _input(name: str, kind: str) -> type[graphene.InputObjectType]:
    attrs: dict = {"__doc__": f"{SPECS[kind].label}：字段与 Excel 模板一致，由服务端校验"}
    for f in SPECS[kind].fields:
        if f.parse is p_bool:
            attrs[f.name] = graphene.Boolean(description=f.label)
        else:
            attrs[f.name] = graphene.String(description=f.label)
    return type(name, (graphene.InputObjectType,), attrs)


InspectionItemInput = _input("InspectionItemInput", "items")
MarketEntityInput = _input("MarketEntityInput", "entities")
ProjectInput = _input("ProjectInput", "projects")
InspectorInput = _input("InspectorInput", "inspectors")
