from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhunru.accounts import selectors, services
from zhunru.accounts.forms import LoginForm, PasswordChangeForm, RoleForm, UserCreateForm
from zhunru.accounts.roles import Role
from zhunru.core.errors import DomainError
from zhunru.web.decorators import role_required
from zhunru.web.pagination import paginate


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        result = services.login_attempt(
            request=request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if result.user is not None:
            login(request, result.user)
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = "/"
            return redirect(target or "/")
        error = result.error
    return render(
        request, "accounts/login.html", {"form": form, "error": error}, status=400 if error else 200
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.logout_record(actor=request.user)  # type: ignore[arg-type]
    logout(request)
    return redirect("accounts:login")


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_password(
                actor=request.user,  # type: ignore[arg-type]
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else "new_password", str(exc.message))
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            messages.success(request, _("密码已修改。"))
            return redirect("web:home")
    return render(request, "accounts/password_change.html", {"form": form})


@role_required(Role.SYSADMIN, Role.SECADMIN)
def users(request: HttpRequest) -> HttpResponse:
    qs = selectors.managed_users(request.user).order_by("username")  # type: ignore[arg-type]
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(full_name__icontains=q)
            | Q(department__name__icontains=q)
            | Q(community__name__icontains=q)
        )
    page, query = paginate(request, qs)
    return render(request, "accounts/users.html", {"page": page, "query": query, "q": q})


@role_required(Role.SECADMIN)
def roles(request: HttpRequest) -> HttpResponse:
    return users(request)


@role_required(Role.SYSADMIN)
def user_new(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.user_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            return render(request, "accounts/user_password.html", {"target": user, "password": password})
    return render(request, "accounts/user_new.html", {"form": form})


@role_required(Role.SYSADMIN, Role.SECADMIN)
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    target = selectors.access_user(request.user, user_id)  # type: ignore[arg-type]
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("disable", "enable"):
                services.user_set_active(actor=request.user, user=target, active=action == "enable")
                messages.success(request, _("账户已停用。") if action == "disable" else _("账户已启用。"))
            elif action == "reset_password":
                password = services.user_reset_password(actor=request.user, user=target)
                return render(
                    request, "accounts/user_password.html", {"target": target, "password": password}
                )
            elif action in ("grant", "revoke"):
                form = RoleForm(request.POST)
                if not form.is_valid():
                    raise DomainError(_("请选择角色。"))
                role = form.cleaned_data["role"]
                if action == "grant":
                    services.role_grant(actor=request.user, user=target, role=role)
                    messages.success(request, _("已授予角色：{r}").format(r=Role(role).label))
                else:
                    services.role_revoke(actor=request.user, user=target, role=role)
                    messages.success(request, _("已撤销角色：{r}").format(r=Role(role).label))
            else:
                raise DomainError(_("未知操作。"))
        except DomainError as exc:
            messages.error(request, str(exc.message))
        return redirect("accounts:user", user_id=target.pk)
    held = [Role(r) for r in sorted(target.role_set)]
    return render(
        request,
        "accounts/user_detail.html",
        {"target": target, "held": held, "grantable": [r for r in Role if r not in target.role_set]},
    )
