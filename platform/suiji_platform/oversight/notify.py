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
