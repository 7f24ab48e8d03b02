from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "suiji_platform.calendar"
    label = "workcalendar"
    verbose_name = "工作日历"
