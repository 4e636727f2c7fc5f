"""The API token page (/accounts/tokens/): list one's own tokens, create one (plaintext shown once),
revoke one after a confirmation page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhunru.accounts import selectors, services
from zhunru.core.errors import DomainError


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    error = ""
    name = ""
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            token, plaintext = services.api_token_create(actor=request.user, name=name)
        except DomainError as exc:
            error = str(exc.message)
        else:
            return render(request, "accounts/token_created.html", {"token": token, "plaintext": plaintext})
    items = selectors.user_api_tokens(request.user)  # type: ignore[arg-type]
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": items, "error": error, "name": name},
        status=400 if error else 200,
    )


@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.access_api_token(request.user, token_id)  # type: ignore[arg-type]
    if request.method == "POST":
        try:
            services.api_token_revoke(actor=request.user, token=token)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("令牌“{name}”已撤销。").format(name=token.name))
        return redirect("accounts:tokens")
    return render(request, "accounts/token_revoke.html", {"token": token})
