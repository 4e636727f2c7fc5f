from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from zhunru.accounts.roles import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One home per role; later features add their cards here."""
    roles = [Role(r) for r in sorted(request.user.role_set)]  # type: ignore[union-attr]
    return render(request, "web/home.html", {"roles": roles})


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers and the benchmark's ceiling: "ok", no database, no session."""
    return HttpResponse("ok", content_type="text/plain")
