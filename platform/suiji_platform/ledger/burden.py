"""受检负担 (R6, R19): every inspection of one entity in a year across departments and levels,
random and targeted, with its random visits against the prefecture's cap; and, for the
prefecture, the entities closest to their cap. Reads the public ledger and index only (no
schema switching)."""

from dataclasses import dataclass
from datetime import date

from django.db import connection

from suiji_platform.index.models import EntityIndex
from suiji_platform.organisations.models import Organisation, OrganisationKind
from suiji_platform.organisations.services import FieldError

from .caps import visit_cap_of
from .models import LedgerEntry, LedgerSource
from .visits import Visit, area_of, visits

MAX_CODE = 64


@dataclass(frozen=True)
class Burden:
    entity_code: str
    entity_name: str
    plan_year: int
    visit_cap: int
    visits: list[Visit]
    organisations: dict[int, Organisation]

    @property
    def random_visits(self) -> int:
        return sum(1 for v in self.visits if v.counts)

    @property
    def targeted_visits(self) -> int:
        return sum(1 for v in self.visits if not v.counts)

    @property
    def remaining(self) -> int:
        return max(self.visit_cap - self.random_visits, 0)


def _code(code: str) -> str:
    code = (code or "").strip().upper()
    if not code:
        raise FieldError("code", "required", "请填写统一社会信用代码或项目代码。")
    if len(code) > MAX_CODE:
        raise FieldError("code", "too_long", f"代码不能超过{MAX_CODE}个字符。")
    return code


def entity_burden(viewer: Organisation, code: str, plan_year: int | None = None) -> Burden:
    """The burden of `code` seen from `viewer`: the prefecture sees every entity of its area; a
    county sees entities of its own registry (the public index) or that it inspected."""
    code = _code(code)
    year = plan_year or date.today().year
    if not 2000 <= year <= 2100:
        raise FieldError("year", "out_of_range", "年度应在2000到2100之间。")
    area = area_of(viewer)
    index = EntityIndex.objects.filter(uscc=code, organisation_id__in=area)
    if viewer.kind != OrganisationKind.PREFECTURE:
        own = (
            index.filter(organisation=viewer).exists()
            or LedgerEntry.objects.filter(entity_code=code, organisation=viewer).exists()
        )
        if not own:
            raise FieldError(
                "code", "not_found", f"本机构名录库和检查台账中没有代码为“{code}”的对象。"
            )
    name = index.values_list("name", flat=True).first() or ""
    found = visits(plan_year=year, organisation_ids=area, entity_codes=[code])
    orgs = Organisation.objects.in_bulk({v.organisation_id for v in found})
    return Burden(code, name, year, visit_cap_of(viewer), found, orgs)


@dataclass(frozen=True)
class NearCap:
    entity_code: str
    entity_name: str
    random_visits: int
    targeted_visits: int
    visit_cap: int


def closest_to_cap(prefecture: Organisation, plan_year: int, limit: int = 50) -> list[NearCap]:
    """The prefecture's entities with the most random visits this year (ties: more targeted
    visits first, then the code)."""
    if prefecture.kind != OrganisationKind.PREFECTURE:
        raise FieldError("organisation", "not_prefecture", "只有州（市）局可以查看全州受检负担。")
    if not 1 <= limit <= 500:
        raise FieldError("first", "out_of_range", "条数应在1到500之间。")
    area = area_of(prefecture)
    table = LedgerEntry._meta.db_table
    index = EntityIndex._meta.db_table
    sql = f"""
        SELECT v.entity_code, count(*) FILTER (WHERE v.source = %(draw)s),
               count(*) FILTER (WHERE v.source <> %(draw)s),
               (SELECT i.name FROM public.{index} i
                 WHERE i.uscc = v.entity_code AND i.organisation_id = ANY(%(orgs)s) LIMIT 1)
        FROM (SELECT DISTINCT entity_code, visit_key, source FROM public.{table}
              WHERE NOT voided AND plan_year = %(year)s AND organisation_id = ANY(%(orgs)s)) v
        GROUP BY v.entity_code
        ORDER BY 2 DESC, 3 DESC, 1
        LIMIT %(limit)s
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(
            sql, {"draw": LedgerSource.DRAW.value, "year": plan_year, "orgs": area, "limit": limit}
        )
        rows = cursor.fetchall()
    cap = visit_cap_of(prefecture)
    return [NearCap(code, name or "", r, t, cap) for code, r, t, name in rows]
