"""The one working-day calendar (R4, D17: changes published within 5 *working* days).

A day's status comes from, in order: the table (`CalendarDay`, maintained by admins and loaded
from the official schedule), then — for a year whose schedule is loaded (`CalendarYear`) — the
Monday–Friday rule, then chinesecalendar for the years it covers (2004–2026 in 1.11). Any
other year is *unknown*: deadlines that reach it are flagged, never guessed.
"""

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import chinese_calendar
from django.db import transaction

from suiji_platform.organisations.services import FieldError
from suiji_tenants.audit.services import record_audit

from .models import CalendarDay, CalendarYear, DayKind

# Never scan further than this looking for working days (a guard against bad input).
MAX_SPAN_DAYS = 3660
# The years the calendar answers for: supervision plans of this century. Outside, a date is bad
# input (named), not a computation that overflows `date` or scans for nothing.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def check_year(year: int, field: str = "year") -> int:
    """`year` when the calendar covers it, else `FieldError` naming `field`."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise FieldError(
            field,
            "out_of_range",
            f"年份 {year} 超出工作日历的范围（{FIRST_YEAR}–{LAST_YEAR} 年），请检查输入。",
        )
    return year


def check_day(day: date, field: str = "date") -> date:
    check_year(day.year, field)
    return day


class UnknownScheduleError(Exception):
    """The official schedule of `year` is neither in chinesecalendar nor loaded."""

    def __init__(self, year: int) -> None:
        super().__init__(f"{year} 年的节假日安排尚未录入，无法计算工作日。")
        self.year = year


@dataclass(frozen=True)
class WorkdayResult:
    """A computed date, or `date=None` with `unknown_schedule=True` when a year on the way has
    no known schedule."""

    date: date | None
    unknown_schedule: bool
    unknown_year: int | None = None


@dataclass(frozen=True)
class WorkdayCount:
    days: int | None
    unknown_schedule: bool
    unknown_year: int | None = None


class WorkCalendar:
    """Reads the table once per year touched; make one per computation (or per request)."""

    def __init__(self) -> None:
        self._years: dict[int, tuple[bool, dict[date, str]]] = {}

    def _year(self, year: int) -> tuple[bool, dict[date, str]]:
        cached = self._years.get(year)
        if cached is None:
            loaded = CalendarYear.objects.filter(year=year).exists()
            days = dict(CalendarDay.objects.filter(date__year=year).values_list("date", "kind"))
            cached = (loaded, days)
            self._years[year] = cached
        return cached

    def is_working_day(self, day: date) -> bool:
        loaded, overrides = self._year(day.year)
        kind = overrides.get(day)
        if kind is not None:
            return kind == DayKind.WORKDAY
        if loaded:
            return day.weekday() < 5
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError as exc:
            raise UnknownScheduleError(day.year) from exc

    def add_working_days(self, start: date, days: int) -> WorkdayResult:
        """The date `days` working days after `start` (`start` itself does not count)."""
        if days < 0:
            raise ValueError("days must be >= 0")
        current, counted = start, 0
        for _ in range(MAX_SPAN_DAYS):
            if counted == days:
                return WorkdayResult(current, False)
            current += timedelta(days=1)
            try:
                if self.is_working_day(current):
                    counted += 1
            except UnknownScheduleError as exc:
                return WorkdayResult(None, True, exc.year)
        raise ValueError("span too long")

    def working_days_between(self, start: date, end: date) -> WorkdayCount:
        """Working days d with start < d <= end (0 when end <= start)."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            try:
                count += self.is_working_day(current)
            except UnknownScheduleError as exc:
                return WorkdayCount(None, True, exc.year)
        return WorkdayCount(count, False)


def is_working_day(day: date) -> bool:
    """True on a working day; raises `UnknownScheduleError` for a year with no schedule."""
    return WorkCalendar().is_working_day(check_day(day))


def add_working_days(start: date, days: int) -> WorkdayResult:
    return WorkCalendar().add_working_days(check_day(start), days)


def working_days_between(start: date, end: date) -> WorkdayCount:
    return WorkCalendar().working_days_between(check_day(start, "start"), check_day(end, "end"))


def schedule_known(year: int) -> bool:
    if CalendarYear.objects.filter(year=year).exists():
        return True
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


# --- loading the official schedule --------------------------------------------------------

_KIND_ALIASES = {
    "holiday": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "休息": DayKind.HOLIDAY,
    "节假日": DayKind.HOLIDAY,
    "workday": DayKind.WORKDAY,
    "班": DayKind.WORKDAY,
    "上班": DayKind.WORKDAY,
    "调休上班": DayKind.WORKDAY,
}


@dataclass(frozen=True)
class ScheduleEntry:
    date: date
    kind: str
    name: str


@dataclass(frozen=True)
class Schedule:
    years: tuple[int, ...]
    entries: tuple[ScheduleEntry, ...]


def _entry(raw: dict[str, Any], where: str) -> ScheduleEntry:
    text = str(raw.get("date") or "").strip()
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise FieldError(
            "content", "invalid_date", f"{where}：日期“{text}”无效，应为 YYYY-MM-DD。"
        ) from exc
    kind_text = str(raw.get("kind") or "").strip()
    kind = _KIND_ALIASES.get(kind_text.lower())
    if kind is None:
        raise FieldError(
            "content",
            "invalid_kind",
            f"{where}：类型“{kind_text}”无效，应为 holiday（休）或 workday（调休上班）。",
        )
    name = str(raw.get("name") or "").strip()
    if len(name) > 64:
        raise FieldError("content", "too_long", f"{where}：名称不能超过64个字符。")
    return ScheduleEntry(day, kind, name)


def parse_schedule(content: str, fmt: str = "") -> Schedule:
    """Parse a CSV (`date,kind,name` header) or JSON (`{"years": [...], "days": [{date, kind,
    name}]}` or a plain list of days) schedule. Errors name the row; nothing is loaded."""
    text = content.lstrip("\ufeff").strip()
    if not text:
        raise FieldError("content", "empty", "文件为空。")
    fmt = (fmt or ("json" if text[:1] in "[{" else "csv")).lower()
    years: set[int] = set()
    rows: list[tuple[dict[str, Any], str]] = []
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FieldError(
                "content", "invalid_json", f"JSON 格式错误（第 {exc.lineno} 行）：{exc.msg}"
            ) from exc
        if isinstance(data, dict):
            declared = data.get("years") or ([data["year"]] if "year" in data else [])
            for y in declared:
                if not isinstance(y, int) or not 1900 < y < 2200:
                    raise FieldError("content", "invalid_year", f"年份“{y}”无效。")
                years.add(y)
            data = data.get("days", [])
        if not isinstance(data, list):
            raise FieldError("content", "invalid_json", "JSON 应为日期列表或含 days 的对象。")
        for i, raw in enumerate(data, start=1):
            if not isinstance(raw, dict):
                raise FieldError("content", "invalid_row", f"第 {i} 项应为对象。")
            rows.append((raw, f"第 {i} 项"))
    elif fmt == "csv":
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in reader.fieldnames or []]
        if "date" not in header or "kind" not in header:
            raise FieldError("content", "invalid_header", "CSV 表头应为 date,kind,name。")
        for i, raw in enumerate(reader, start=2):
            rows.append(({(k or "").strip().lower(): v for k, v in raw.items()}, f"第 {i} 行"))
    else:
        raise FieldError("format", "invalid_choice", "格式应为 csv 或 json。")
    entries: list[ScheduleEntry] = []
    seen: dict[date, str] = {}
    for raw, where in rows:
        entry = _entry(raw, where)
        if entry.date in seen:
            raise FieldError(
                "content", "duplicate", f"{where}：日期 {entry.date} 与{seen[entry.date]}重复。"
            )
        seen[entry.date] = where
        entries.append(entry)
    years |= {e.date.year for e in entries}
    if not years:
        raise FieldError("content", "empty", "文件中没有任何日期或年份。")
    return Schedule(tuple(sorted(years)), tuple(entries))


@transaction.atomic
def load_schedule(
    schedule: Schedule,
    *,
    source: str = "",
    acting_user: Any = None,
    organisation_code: str = "",
) -> int:
    """Replace the table's entries for every year of `schedule` and mark those years known."""
    CalendarDay.objects.filter(date__year__in=schedule.years).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=e.date, kind=e.kind, name=e.name) for e in schedule.entries
    )
    for year in schedule.years:
        CalendarYear.objects.update_or_create(year=year, defaults={"source": source[:200]})
    record_audit(
        "calendar.load",
        object_type="CalendarYear",
        object_id=",".join(str(y) for y in schedule.years),
        after={"years": list(schedule.years), "days": len(schedule.entries), "source": source},
        actor=acting_user,
        organisation_code=organisation_code,
    )
    return len(schedule.entries)


def days_of_year(year: int) -> Iterable[CalendarDay]:
    check_year(year)
    return CalendarDay.objects.filter(date__year=year).order_by("date")
