"""zhunru.wsgi with every URL, view and API module imported, for `gunicorn --preload`: the master loads
it once and each worker it forks (also the one replacing a killed worker) starts warm."""

from __future__ import annotations

from django.db import connections
from django.urls import get_resolver

from zhunru.wsgi import application

get_resolver().url_patterns  # noqa: B018 - imports every app's urls, views and the API
connections.close_all()  # the master never keeps a database connection: workers open their own

__all__ = ["application"]
