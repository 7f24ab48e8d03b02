"""The working-day calendar: official 2026 schedule, make-up Saturdays, unknown years flagged,
and a later year computed once its schedule is loaded."""

import json
from datetime import date
from pathlib import Path

import chinese_calendar
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from suiji_platform.calendar.models import CalendarDay, CalendarYear
from suiji_platform.calendar.services import (
    UnknownScheduleError,
    add_working_days,
    is_working_day,
    load_schedule,
    parse_schedule,
    working_days_between,
)
from suiji_platform.organisations.services import FieldError

pytestmark = pytest.mark.django_db

# The State Council's 2027 schedule is not published yet: this is a test fixture, not the law.
SCHEDULE_2027 = {
    "years": [2027],
    "days": [
        {"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
        {"date": "2027-02-08", "kind": "holiday", "name": "春节"},
        {"date": "2027-02-09", "kind": "holiday", "name": "春节"},
        {"date": "2027-02-10", "kind": "holiday", "name": "春节"},
        {"date": "2027-02-11", "kind": "holiday", "name": "春节"},
        {"date": "2027-02-12", "kind": "holiday", "name": "春节"},
        {"date": "2027-02-20", "kind": "workday", "name": "春节调休"},
    ],
}


def test_national_day_2026_official_schedule() -> None:
    # given chinesecalendar's official 2026 schedule: 10-01..10-07 off, Sat 10-10 a make-up day
    assert not chinese_calendar.is_workday(date(2026, 10, 7))
    assert chinese_calendar.is_workday(date(2026, 10, 8))
    assert chinese_calendar.is_workday(date(2026, 10, 10))
    # when / then: 10-08, 10-09, 10-10 (Sat), 10-12, 10-13
    result = add_working_days(date(2026, 9, 30), 5)
    assert result.date == date(2026, 10, 13)
    assert not result.unknown_schedule


def test_saturday_make_up_workday_counts() -> None:
    saturday = date(2026, 10, 10)
    assert saturday.weekday() == 5
    assert is_working_day(saturday)
    assert add_working_days(date(2026, 10, 9), 1).date == saturday
    assert working_days_between(date(2026, 10, 9), date(2026, 10, 12)).days == 2


def test_year_without_schedule_is_flagged_never_guessed() -> None:
    result = add_working_days(date(2026, 12, 28), 5)
    assert result.date is None
    assert result.unknown_schedule
    assert result.unknown_year == 2027
    with pytest.raises(UnknownScheduleError):
        is_working_day(date(2027, 3, 3))
    assert working_days_between(date(2026, 12, 30), date(2027, 1, 5)).unknown_schedule


def test_loaded_2027_schedule_computes() -> None:
    # given
    load_schedule(parse_schedule(json.dumps(SCHEDULE_2027)), source="test")
    # then: 2026-12-31 (Thu) → 2027-01-01 holiday, 01-04 Mon .. 01-08 Fri
    assert add_working_days(date(2026, 12, 30), 5).date == date(2027, 1, 7)
    # Spring Festival week off, Saturday 02-20 a make-up workday
    assert not is_working_day(date(2027, 2, 9))
    assert is_working_day(date(2027, 2, 20))
    assert add_working_days(date(2027, 2, 5), 1).date == date(2027, 2, 15)
    assert add_working_days(date(2027, 2, 19), 1).date == date(2027, 2, 20)


def test_table_entry_overrides_chinesecalendar() -> None:
    CalendarDay.objects.create(date=date(2026, 6, 3), kind="holiday", name="地方调整")
    assert not is_working_day(date(2026, 6, 3))


def test_csv_schedule_and_located_errors(tmp_path: Path) -> None:
    good = tmp_path / "2027.csv"
    good.write_text("date,kind,name\n2027-01-01,休,元旦\n2027-02-20,班,春节调休\n", "utf-8")
    call_command("load_calendar", str(good), verbosity=0)
    assert CalendarYear.objects.filter(year=2027).exists()
    assert is_working_day(date(2027, 2, 20))

    with pytest.raises(FieldError) as exc:
        parse_schedule("date,kind,name\n2027-01-01,holiday,元旦\n2027-13-01,holiday,x\n")
    assert "第 3 行" in exc.value.message
    with pytest.raises(FieldError) as exc:
        parse_schedule("date,kind\n2027-01-01,maybe\n")
    assert exc.value.code == "invalid_kind"
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"days": [{"date": "2027-01-01", "kind": "holiday"}, {"date": "2027-01-01", "kind": "holiday"}]}',
        "utf-8",
    )
    with pytest.raises(CommandError, match="重复"):
        call_command("load_calendar", str(bad), verbosity=0)
