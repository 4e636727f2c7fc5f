from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from zhunru.accounts.roles import Role
from zhunru.areas.models import Area, Department


class User(AbstractUser):
    """A person. Belongs to exactly one organization: a department or a community."""

    full_name = models.CharField(_("姓名"), max_length=60, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    community = models.ForeignKey(
        Area,
        verbose_name=_("所属社区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workers",
    )
    must_change_password = models.BooleanField(_("须修改密码"), default=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(department__isnull=False) & models.Q(community__isnull=False)),
                name="user_one_organization",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def role_set(self) -> frozenset[str]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(_roles_of(self.pk)) if self.pk else frozenset()
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return self.is_active and bool(self.role_set.intersection(roles))

    def organization_name(self) -> str:
        if self.department_id:
            return self.department.name  # type: ignore[union-attr]
        if self.community_id:
            return self.community.name  # type: ignore[union-attr]
        return ""

    def organization_kind(self) -> str:
        if self.community_id:
            return "community"
        if self.department_id:
            return self.department.kind  # type: ignore[union-attr]
        return ""


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="rolegrant_unique")]
        indexes = [models.Index(fields=["role", "user"], name="rolegrant_by_role")]  # who holds a role
        verbose_name = _("角色授予")
        verbose_name_plural = _("角色授予")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}"


class LoginLock(models.Model):
    """Failed logins per username (known or not): 5 failures lock it for 30 minutes."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.username}: {self.failures}"


class ApiToken(models.Model):
    """A personal token for the HTTP API (Authorization: Bearer …). Only its SM3 digest is stored;
    the plaintext is shown once, when it is created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=100)
    key_prefix = models.CharField(_("令牌前缀"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.key_prefix}… {self.name}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _roles_of(user_id: int) -> list[str]:
    """The user's roles: read on every page, in plain SQL (the ORM's compiling costs more than the read)."""
    table = RoleGrant._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT role FROM {table} WHERE user_id = %s", [user_id])
        return [role for (role,) in cursor.fetchall()]
