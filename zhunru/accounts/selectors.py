"""Reads with data scope. One access_<thing>() per protected object: 404 for missing and forbidden."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhunru.accounts.models import ApiToken, User
from zhunru.accounts.roles import Role
from zhunru.areas.models import Area
from zhunru.core.errors import NotFound

DISTRICT_WIDE = (Role.APPROVAL_CLERK, Role.APPROVAL_HEAD, Role.APPROVER, Role.SUPERVISOR, Role.SYSADMIN)


def visible_communities(user: User) -> QuerySet[Area]:
    """A community worker: her community; a street officer: his street's; the office: all."""
    qs = Area.objects.filter(level=Area.Level.COMMUNITY).select_related("parent")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.has_role(*DISTRICT_WIDE):
        return qs
    scope = Q(pk__in=[])
    if user.has_role(Role.STREET_OFFICER) and user.department and user.department.area_id:
        scope |= Q(parent_id=user.department.area_id)
    if user.has_role(Role.COMMUNITY_WORKER) and user.community_id:
        scope |= Q(pk=user.community_id)
    return qs.filter(scope)


def access_community(user: User, code: str) -> Area:
    area = visible_communities(user).filter(code=code).first()
    if area is None:
        raise NotFound()
    return area


def managed_users(actor: User) -> QuerySet[User]:
    """Accounts the system admin and security admin manage (everyone)."""
    if not actor.has_role(Role.SYSADMIN, Role.SECADMIN):
        return User.objects.none()
    return User.objects.select_related("department", "community").prefetch_related("role_grants")


def access_user(actor: User, user_id: int) -> User:
    user = managed_users(actor).filter(pk=user_id).first()
    if user is None:
        raise NotFound()
    return user


def users_with_role(role: str, *, department_id: int | None = None) -> QuerySet[User]:
    qs = User.objects.filter(is_active=True, role_grants__role=role)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    return qs.distinct()


def user_api_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first (revoked ones included, for the record)."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def access_api_token(user: User, token_id: int) -> ApiToken:
    token = user_api_tokens(user).filter(pk=token_id).first()
    if token is None:
        raise NotFound()
    return token
