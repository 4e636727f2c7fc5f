"""The project's URLs plus views that fail, for the error-page tests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from zhunru.urls import urlpatterns as project_urls

SECRET_IN_EXCEPTION = "db-password=Sup3r$ecret"


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"unexpected failure near {SECRET_IN_EXCEPTION}")


urlpatterns = [path("__boom__/", boom), *project_urls]
