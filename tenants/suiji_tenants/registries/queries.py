"""Filtering, search and ordering of the registries, shared by the API and the Excel export."""

import datetime as dt
import re
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from . import crypto
from .codes import normalise_code
from .models import InspectionItem, Inspector, MarketEntity, Project

_ID_LIKE = re.compile(r"^[0-9]{17}[0-9Xx]$")
_USCC_LIKE = re.compile(r"^[0-9A-Za-z]{18}$")
_DIGITS = re.compile(r"[0-9]")
_CODE_LIKE = re.compile(r"^[0-9A-Z][0-9A-Z_\-./]{0,63}$")

ORDERINGS: dict[str, dict[str, list[str]]] = {
    "items": {"NAME": ["name", "id"], "CODE": ["code"], "UPDATED": ["-updated_at", "-id"]},
    "entities": {
        "NAME": ["name", "id"],
        "CODE": ["uscc"],
        "UPDATED": ["-updated_at", "-id"],
        "CREDIT": ["-credit_class", "name", "id"],
        "VIOLATIONS": ["-violation_count", "-complaint_count", "id"],
    },
    "projects": {"NAME": ["name", "id"], "CODE": ["code"], "UPDATED": ["-updated_at", "-id"]},
    "inspectors": {
        "NAME": ["name", "id"],
        "CODE": ["certificate_no", "id"],
        "UPDATED": ["-updated_at", "-id"],
        "CERTIFICATE_VALID_UNTIL": ["certificate_valid_until", "id"],
    },
}


def _base(kind: str) -> QuerySet:
    if kind == "items":
        return InspectionItem.objects.all()
    if kind == "entities":
        return MarketEntity.objects.all()
    if kind == "projects":
        return Project.objects.all()
    return Inspector.objects.all()


def registry_queryset(kind: str, params: dict[str, Any] | None = None) -> QuerySet:
    """Apply the filters named in `params` (unknown keys are ignored; empty values too)."""
    p = {k: v for k, v in (params or {}).items() if v not in (None, "", [])}
    qs = _base(kind)
    search = str(p.get("search", "")).strip()
    # A search that is a code (USCC, project code, certificate or ID number) is compared as
    # normalised, the way codes are stored: a full-width or zero-width-spaced copy finds it.
    code = normalise_code(search).upper()
    if _CODE_LIKE.match(code) and _DIGITS.search(code):
        search = code if kind != "projects" else normalise_code(search)
    if "responsible_entity_uscc" in p:
        p["responsible_entity_uscc"] = normalise_code(p["responsible_entity_uscc"]).upper()
    if kind == "entities":
        if search:
            qs = (
                qs.filter(uscc=search.upper())
                if _USCC_LIKE.match(search)
                else qs.filter(Q(name__icontains=search) | Q(uscc__istartswith=search))
            )
        for key, column in (
            ("entity_type", "entity_type"),
            ("nature", "nature"),
            ("region", "region"),
            ("status", "status"),
        ):
            if key in p:
                qs = qs.filter(**{column: p[key]})
        if "credit_class" in p:
            classes = p["credit_class"]
            qs = qs.filter(credit_class__in=classes if isinstance(classes, list) else [classes])
    elif kind == "projects":
        if search:
            qs = qs.filter(Q(name__icontains=search) | Q(code__istartswith=search))
        for key in ("construction_status", "region"):
            if key in p:
                qs = qs.filter(**{key: p[key]})
        if "responsible_entity_uscc" in p:
            qs = qs.filter(responsible_entity__uscc=p["responsible_entity_uscc"])
    elif kind == "inspectors":
        if search:
            if _ID_LIKE.match(search):  # exact ID number through the blind index
                qs = qs.filter(id_number_hash=crypto.blind_index(search))
            else:
                qs = qs.filter(Q(name__icontains=search) | Q(certificate_no__istartswith=search))
        for key in ("kind", "department", "active"):
            if key in p:
                qs = qs.filter(**{key: p[key]})
        if "category" in p:
            qs = qs.filter(categories__contains=[p["category"]])
        if "certificate_valid" in p:
            on: dt.date = p.get("valid_on") or timezone.localdate()
            valid = Q(certificate_valid_until__gte=on) & ~Q(certificate_no="")
            qs = qs.filter(valid) if p["certificate_valid"] else qs.exclude(valid)
    else:
        if search:
            qs = qs.filter(Q(name__icontains=search) | Q(code__istartswith=search))
        for key in ("department", "active"):
            if key in p:
                qs = qs.filter(**{key: p[key]})
        if "category" in p:
            qs = qs.filter(enforcement_category=p["category"])
    order = ORDERINGS[kind].get(str(p.get("order_by", "NAME")), ORDERINGS[kind]["NAME"])
    if p.get("descending"):
        order = [o[1:] if o.startswith("-") else f"-{o}" for o in order]
    return qs.order_by(*order)


# The free-text columns a list filters on exactly, per kind (API argument → column); the web app
# offers their values present in the registry as a select (`filter_values`).
FILTER_COLUMNS: dict[str, dict[str, str]] = {
    "entities": {"entityType": "entity_type", "nature": "nature", "region": "region"},
    "projects": {"region": "region"},
    "items": {"category": "enforcement_category"},
}
# A select lists at most this many values per field (a registry has a few dozen at most).
FILTER_VALUES_LIMIT = 500


def filter_values(kind: str) -> dict[str, list[str]]:
    """The distinct non-empty values of each filter column of `kind`, sorted; one query per
    column over an index-friendly DISTINCT."""
    base = _base(kind)
    out: dict[str, list[str]] = {}
    for name, column in FILTER_COLUMNS.get(kind, {}).items():
        values = (
            base.exclude(**{column: ""})
            .order_by(column)
            .values_list(column, flat=True)
            .distinct()[:FILTER_VALUES_LIMIT]
        )
        out[name] = list(values)
    if kind == "inspectors":
        categories = Inspector.objects.values_list("categories", flat=True)
        out["category"] = sorted({c for cats in categories for c in cats if c})[
            :FILTER_VALUES_LIMIT
        ]
    return out
