"""The working-day calendar's table (public schema): the official holiday schedule of years
that chinesecalendar does not cover, and corrections to the years it does (R4, D17)."""

from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日（休息）"
    WORKDAY = "workday", "调休上班日"


class CalendarDay(models.Model):
    """One day that differs from the Monday–Friday rule: a holiday on a weekday or a make-up
    workday on a weekend. Overrides chinesecalendar for the same date."""

    id = models.BigAutoField(primary_key=True)
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=16, choices=DayKind.choices)
    name = models.CharField("名称", max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.kind} {self.name}"


class CalendarYear(models.Model):
    """A year whose official schedule has been loaded: only such years (or years chinesecalendar
    covers) are computed; any other year is flagged as unknown, never guessed."""

    id = models.BigAutoField(primary_key=True)
    year = models.PositiveIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=200, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)
