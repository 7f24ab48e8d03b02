"""Suiji platform: the Django project and the apps of the public schema."""

from .celery import app as celery_app

__all__ = ["celery_app"]
