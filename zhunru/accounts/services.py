"""Every change to users, roles and logins. One transaction and one audit event each."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
import string
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY, authenticate, password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhunru.accounts.models import ApiToken, LoginLock, RoleGrant, User
from zhunru.accounts.permissions import require_role
from zhunru.accounts.roles import ADMIN_ROLES, ROLE_ORGANIZATION, Role
from zhunru.areas.models import Area, Department
from zhunru.core import audit
from zhunru.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="password") from None


def generate_password() -> str:
    """A temporary password that meets the rules (first login forces a change)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        body = "".join(secrets.choice(alphabet) for _ in range(10))
        candidate = body[:5] + secrets.choice("@#%&*+=") + body[5:]
        if (
            any(c.islower() for c in body)
            and any(c.isupper() for c in body)
            and any(c.isdigit() for c in body)
        ):
            return candidate


def user_create(
    *,
    actor: Any,
    username: str,
    full_name: str = "",
    department: Department | None = None,
    community: Area | None = None,
    email: str = "",
    password: str | None = None,
    must_change_password: bool = True,
) -> tuple[User, str]:
    """Create an account (system admin). Returns the user and the initial password to hand over."""
    require_role(actor, Role.SYSADMIN)
    username = username.strip()
    if not username or len(username) > 150:
        raise ValidationFailed(_("用户名不能为空，且不超过 150 个字符。"), field="username")
    if (department is None) == (community is None):
        raise ValidationFailed(_("用户必须属于且只属于一个单位或社区。"), field="organization")
    if community is not None and community.level != Area.Level.COMMUNITY:
        raise ValidationFailed(_("所选区划不是社区。"), field="organization")
    user = User(
        username=username,
        full_name=full_name.strip(),
        department=department,
        community=community,
        email=email,
    )
    password = password or generate_password()
    _validate_password(password, user)
    user.set_password(password)
    user.must_change_password = must_change_password
    try:
        with transaction.atomic():
            user.save()
            audit.record(
                actor=actor,
                event_type="user.create",
                obj=user,
                summary={"username": username, "organization": user.organization_name()},
            )
    except IntegrityError:
        raise Conflict(_("用户名“{name}”已存在。").format(name=username)) from None
    return user, password


def _end_sessions(user: User) -> None:
    """Delete the user's stored sessions, so that enabling the account later revives none of them.
    Only unexpired sessions are read: at most 30 minutes' worth of logins."""
    user_id = str(user.pk)
    ended = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get(SESSION_KEY) == user_id
    ]
    Session.objects.filter(pk__in=ended).delete()


def user_set_active(*, actor: Any, user: User, active: bool) -> User:
    """Disable or enable an account. Disabling logs the account out everywhere."""
    require_role(actor, Role.SYSADMIN)
    if actor is not None and actor.pk == user.pk and not active:
        raise Forbidden(_("不能停用自己的账户。"))
    with transaction.atomic():
        updated = User.objects.filter(pk=user.pk, is_active=not active).update(is_active=active)
        if updated:
            if not active:
                _end_sessions(user)
            audit.record(actor=actor, event_type="user.enable" if active else "user.disable", obj=user)
    user.is_active = active
    return user


def user_reset_password(*, actor: Any, user: User) -> str:
    require_role(actor, Role.SYSADMIN)
    password = generate_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        LoginLock.objects.filter(username=user.username).delete()
        audit.record(actor=actor, event_type="user.reset_password", obj=user)
    return password


def user_change_password(*, actor: User, old_password: str, new_password: str) -> None:
    """The user changes their own password (forced at first login)."""
    if not actor.check_password(old_password):
        raise ValidationFailed(_("原密码不正确。"), field="old_password")
    if old_password == new_password:
        raise ValidationFailed(_("新密码不能与原密码相同。"), field="new_password")
    _validate_password(new_password, actor)
    with transaction.atomic():
        actor.set_password(new_password)
        actor.must_change_password = False
        actor.save(update_fields=["password", "must_change_password"])
        audit.record(actor=actor, event_type="user.change_password", obj=actor)


def role_grant(*, actor: Any, user: User, role: str) -> RoleGrant:
    """Grant a role (security admin). No account may hold two of the three administrator roles."""
    require_role(actor, Role.SECADMIN)
    if role not in Role.values:
        raise ValidationFailed(_("未知角色：{role}").format(role=role), field="role")
    allowed = ROLE_ORGANIZATION[role]
    if allowed is not None and user.organization_kind() not in allowed:
        raise ValidationFailed(
            _("{org}不能担任“{role}”。").format(
                org=user.organization_name() or user.username, role=Role(role).label
            ),
            field="role",
        )
    if allowed is None and not user.department_id:
        raise ValidationFailed(
            _("“{role}”须由机关单位人员担任。").format(role=Role(role).label), field="role"
        )
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)  # serialize grants to one user
        current = set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
        if role in current:
            raise Conflict(_("该用户已有此角色。"))
        if role in ADMIN_ROLES and current & ADMIN_ROLES:
            held = Role(next(iter(current & ADMIN_ROLES))).label
            raise Forbidden(
                _("三权分立：该用户已是{held}，不能再担任{role}。").format(held=held, role=Role(role).label)
            )
        grant = RoleGrant.objects.create(user=user, role=role)
        audit.record(actor=actor, event_type="role.grant", obj=user, summary={"role": role})
    user._role_cache = None
    return grant


def role_revoke(*, actor: Any, user: User, role: str) -> None:
    require_role(actor, Role.SECADMIN)
    if actor is not None and actor.pk == user.pk and role == Role.SECADMIN:
        raise Forbidden(_("不能撤销自己的安全管理员角色。"))
    with transaction.atomic():
        deleted, _n = RoleGrant.objects.filter(user=user, role=role).delete()
        if not deleted:
            raise Conflict(_("该用户没有此角色。"))
        audit.record(actor=actor, event_type="role.revoke", obj=user, summary={"role": role})
    user._role_cache = None


@dataclass
class LoginResult:
    user: User | None
    error: str = ""


def _locked_until(username: str, now: dt.datetime) -> dt.datetime | None:
    lock = LoginLock.objects.filter(username=username).first()
    if lock and lock.locked_until and lock.locked_until > now:
        return lock.locked_until
    return None


def login_attempt(*, request: Any, username: str, password: str) -> LoginResult:
    """Check the lock, then the password. Audits success, failure and lockout."""
    username = username.strip()[:150]
    now = timezone.now()
    until = _locked_until(username, now)
    if until is not None:
        minutes = max(1, math.ceil((until - now).total_seconds() / 60))
        audit.record_standalone(
            actor=None, actor_name=username, event_type="login.locked", result=audit.AuditEvent.Result.DENIED
        )
        return LoginResult(None, _("该账户已被锁定，请 {m} 分钟后再试。").format(m=minutes))
    user = authenticate(request, username=username, password=password)
    if user is not None:
        with transaction.atomic():
            LoginLock.objects.filter(username=username).delete()
            User.objects.filter(pk=user.pk).update(last_login=now)
            audit.record(actor=user, event_type="login.success", obj=user)
        return LoginResult(user)
    with transaction.atomic():
        lock, _created = LoginLock.objects.select_for_update().get_or_create(username=username)
        if lock.locked_until and lock.locked_until <= now:
            lock.failures = 0
            lock.locked_until = None
        lock.failures += 1
        locked = lock.failures >= settings.LOGIN_MAX_FAILURES
        if locked:
            lock.locked_until = now + dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
        lock.save()
        audit.record(
            actor=None,
            actor_name=username,
            event_type="login.lockout" if locked else "login.failed",
            result=audit.AuditEvent.Result.FAILED,
            summary={"failures": lock.failures},
        )
    if locked:
        return LoginResult(
            None,
            _("连续 {n} 次登录失败，账户已锁定 {m} 分钟。").format(
                n=settings.LOGIN_MAX_FAILURES, m=settings.LOGIN_LOCK_MINUTES
            ),
        )
    left = settings.LOGIN_MAX_FAILURES - lock.failures
    return LoginResult(None, _("用户名或密码错误，还可尝试 {n} 次。").format(n=left))


def logout_record(*, actor: User) -> None:
    with transaction.atomic():
        audit.record(actor=actor, event_type="logout", obj=actor)


# ---------------------------------------------------------------- API tokens

API_TOKEN_PREFIX = "zr_"
API_TOKEN_TOUCH_EVERY = dt.timedelta(minutes=1)  # last_used_at is refreshed at most once a minute


def api_token_digest(plaintext: str) -> str:
    return hashlib.new("sm3", plaintext.encode()).hexdigest()


def api_token_create(*, actor: Any, name: str, user: User | None = None) -> tuple[ApiToken, str]:
    """A new API token for the actor (or, for the system/CLI with actor=None, for `user`).
    Returns the token and its plaintext, which is shown once and never stored."""
    owner = user if user is not None else actor
    if owner is None or (actor is not None and user is not None and user.pk != actor.pk):
        raise Forbidden()  # people create tokens for themselves; only the CLI names another user
    if not owner.is_active:
        raise ValidationFailed(_("账户已停用，不能创建令牌。"), field="user")
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationFailed(_("请填写令牌名称（不超过 100 个字符）。"), field="name")
    plaintext = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=owner, name=name, key_prefix=plaintext[:8], key_hash=api_token_digest(plaintext)
        )
        audit.record(
            actor=actor,
            event_type="api_token.create",
            obj=token,
            summary={"user": owner.get_username(), "name": name, "prefix": token.key_prefix},
        )
    return token, plaintext


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke one's own token (the system may revoke any). Revoking twice is a conflict."""
    if actor is not None and token.user_id != actor.pk:
        raise NotFound()
    with transaction.atomic():
        now = timezone.now()
        if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
            raise Conflict(_("该令牌已撤销。"))
        audit.record(
            actor=actor,
            event_type="api_token.revoke",
            obj=token,
            summary={"user": token.user.get_username(), "name": token.name, "prefix": token.key_prefix},
        )
    token.revoked_at = now
    return token


def api_token_authenticate(*, plaintext: str) -> User | None:
    """The active user holding this unrevoked token, or None. Records when the token was last used
    (not audited: it is not a change of state)."""
    if not plaintext or not plaintext.startswith(API_TOKEN_PREFIX) or len(plaintext) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__department", "user__community")
        .filter(key_hash=api_token_digest(plaintext), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= API_TOKEN_TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
