"""In-app notifications and the outside channels behind one interface.

Government intranets often have only an internal gateway, so e-mail and SMS are channels one
configures (`SUIJI_NOTIFY_CHANNELS`, dotted paths); the default only logs what would be sent."""

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from suiji_platform.organisations.models import Organisation

from .models import Notification

log = logging.getLogger("suiji.notify")


class Channel(Protocol):
    def send(self, organisation: Organisation, message: str, link: str) -> None: ...


class LogChannel:
    """The default: writes the message to the log (no e-mail or SMS leaves the machine)."""

    def send(self, organisation: Organisation, message: str, link: str) -> None:
        log.info("notify %s: %s %s", organisation.code, message, link)


def channels() -> list[Channel]:
    paths = getattr(
        settings, "SUIJI_NOTIFY_CHANNELS", ["suiji_platform.oversight.notify.LogChannel"]
    )
    return [import_string(p)() for p in paths]


def notify(organisation: Organisation, kind: str, message: str, link: str = "") -> Notification:
    """An in-app notification for everyone of `organisation`, and the configured channels."""
    row = Notification.objects.create(
        organisation=organisation, kind=kind, message=message[:300], link=link[:200]
    )
    for channel in channels():
        channel.send(organisation, row.message, row.link)
    return row


def unread_count(organisation: Organisation) -> int:
    return Notification.objects.filter(organisation=organisation, read=False).count()


def mark_read(organisation: Organisation, ids: list[int] | None = None) -> int:
    """Marks the organisation's notifications read: those of `ids`, or all when `ids` is None.
    Ids of another organisation's notifications are refused (`ids`), and nothing changes.
    Returns how many stay unread."""
    from suiji_platform.organisations.services import FieldError

    rows = Notification.objects.filter(organisation=organisation, read=False)
    if ids is not None:
        wanted = {i for i in ids if 0 < i < 2**63}
        if not wanted or len(wanted) != len(ids):
            raise FieldError("ids", "invalid", "请指定要标为已读的通知。")
        own = set(
            Notification.objects.filter(organisation=organisation, pk__in=wanted).values_list(
                "pk", flat=True
            )
        )
        if own != wanted:
            raise FieldError("ids", "not_found", "未找到该通知，或不属于本机构。")
        rows = rows.filter(pk__in=wanted)
    rows.update(read=True)
    return unread_count(organisation)
