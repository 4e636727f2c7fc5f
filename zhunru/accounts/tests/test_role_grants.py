"""Who may do what to accounts, and which organization may hold which role."""

from __future__ import annotations

import pytest

from zhunru.accounts import services
from zhunru.accounts.models import RoleGrant, User
from zhunru.accounts.roles import Role
from zhunru.accounts.tests.helpers import events
from zhunru.conftest import make_user
from zhunru.core.errors import Conflict, Forbidden, ValidationFailed
from zhunru.core.models import AuditEvent

NOT_SECADMIN = ["sysadmin", "auditadmin", "approval_clerk", "dept_head", "outsider"]
NOT_SYSADMIN = ["secadmin", "auditadmin", "approval_clerk", "street_officer", "outsider"]


def roles_of(user: User) -> set[str]:
    return set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))


# --- the security admin grants and revokes ------------------------------------------------------


def test_secadmin_grants_a_role(outsider, secadmin):
    services.role_grant(actor=secadmin, user=outsider, role=Role.APPROVER)
    assert User.objects.get(pk=outsider.pk).has_role(Role.APPROVER)
    [event] = events("role.grant", object_id=str(outsider.pk))
    assert event.actor_id == secadmin.pk
    assert event.summary == {"role": "approver"}


def test_secadmin_revokes_a_role(applicant, secadmin):
    services.role_revoke(actor=secadmin, user=applicant, role=Role.DEPT_CLERK)
    assert not User.objects.get(pk=applicant.pk).has_role(Role.DEPT_CLERK)
    [event] = events("role.revoke")
    assert event.actor_id == secadmin.pk
    assert event.summary == {"role": "dept_clerk"}


@pytest.mark.parametrize("persona", NOT_SECADMIN)
def test_only_the_secadmin_grants(request, outsider, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        services.role_grant(actor=actor, user=outsider, role=Role.APPROVER)
    assert roles_of(outsider) == set()
    assert not events("role.grant", object_id=str(outsider.pk))


@pytest.mark.parametrize("persona", NOT_SECADMIN)
def test_only_the_secadmin_revokes(request, applicant, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        services.role_revoke(actor=actor, user=applicant, role=Role.DEPT_CLERK)
    assert roles_of(applicant) == {Role.DEPT_CLERK}


def test_a_disabled_secadmin_grants_nothing(outsider, secadmin, sysadmin):
    services.user_set_active(actor=sysadmin, user=secadmin, active=False)
    with pytest.raises(Forbidden):
        services.role_grant(actor=User.objects.get(pk=secadmin.pk), user=outsider, role=Role.APPROVER)


def test_the_secadmin_cannot_revoke_their_own_secadmin_role(secadmin):
    with pytest.raises(Forbidden, match="不能撤销自己的安全管理员角色"):
        services.role_revoke(actor=secadmin, user=secadmin, role=Role.SECADMIN)
    assert roles_of(secadmin) == {Role.SECADMIN}


def test_granting_a_held_role_is_a_conflict(applicant, secadmin):
    with pytest.raises(Conflict, match="该用户已有此角色"):
        services.role_grant(actor=secadmin, user=applicant, role=Role.DEPT_CLERK)


def test_revoking_a_role_not_held_is_a_conflict(applicant, secadmin):
    with pytest.raises(Conflict, match="该用户没有此角色"):
        services.role_revoke(actor=secadmin, user=applicant, role=Role.APPROVER)


def test_unknown_roles_are_refused(outsider, secadmin):
    with pytest.raises(ValidationFailed, match="未知角色：superuser"):
        services.role_grant(actor=secadmin, user=outsider, role="superuser")


# --- the system admin manages accounts ----------------------------------------------------------


def test_sysadmin_creates_disables_and_resets(sysadmin, district):
    user, temporary = services.user_create(
        actor=sysadmin, username="zhangsan", full_name="张三", department=district["weijian"]
    )
    assert User.objects.get(pk=user.pk).check_password(temporary)
    services.user_set_active(actor=sysadmin, user=user, active=False)
    assert not User.objects.get(pk=user.pk).is_active
    again = services.user_reset_password(actor=sysadmin, user=user)
    assert User.objects.get(pk=user.pk).check_password(again)
    by_admin = AuditEvent.objects.filter(actor_id=sysadmin.pk, object_id=str(user.pk)).order_by("seq")
    assert [e.event_type for e in by_admin] == ["user.create", "user.disable", "user.reset_password"]


@pytest.mark.parametrize("persona", NOT_SYSADMIN)
def test_only_the_sysadmin_creates_accounts(request, district, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        services.user_create(actor=actor, username="zhangsan", department=district["weijian"])
    assert not User.objects.filter(username="zhangsan").exists()


@pytest.mark.parametrize("persona", NOT_SYSADMIN)
def test_only_the_sysadmin_resets_passwords(request, applicant, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        services.user_reset_password(actor=actor, user=applicant)
    assert not User.objects.get(pk=applicant.pk).must_change_password
    assert not events("user.reset_password")


def test_account_names_are_unique(sysadmin, applicant, district):
    with pytest.raises(Conflict, match="用户名“applicant”已存在。"):
        services.user_create(actor=sysadmin, username="applicant", department=district["minzheng"])


def test_an_account_belongs_to_exactly_one_organization(sysadmin, district):
    message = "用户必须属于且只属于一个单位或社区。"
    with pytest.raises(ValidationFailed, match=message):
        services.user_create(actor=sysadmin, username="nobody")
    with pytest.raises(ValidationFailed, match=message):
        services.user_create(
            actor=sysadmin,
            username="both",
            department=district["weijian"],
            community=district["donghu_community"],
        )


# --- which organization may hold which role ------------------------------------------------------

# (role, organization key in the `district` fixture, allowed?)
COMPATIBILITY = [
    (Role.COMMUNITY_WORKER, "donghu_community", True),
    (Role.COMMUNITY_WORKER, "donghu", False),
    (Role.COMMUNITY_WORKER, "weijian", False),
    (Role.STREET_OFFICER, "donghu", True),
    (Role.STREET_OFFICER, "weijian", False),
    (Role.STREET_OFFICER, "donghu_community", False),
    (Role.DEPT_CLERK, "weijian", True),
    (Role.DEPT_CLERK, "xiling", True),
    (Role.DEPT_CLERK, "office", False),
    (Role.DEPT_CLERK, "donghu_community", False),
    (Role.DEPT_HEAD, "minzheng", True),
    (Role.DEPT_HEAD, "supervision", False),
    (Role.DEPT_HEAD, "donghu_community", False),
    (Role.APPROVAL_CLERK, "office", True),
    (Role.APPROVAL_CLERK, "weijian", False),
    (Role.APPROVAL_CLERK, "donghu_community", False),
    (Role.SUPERVISOR, "supervision", True),
    (Role.SUPERVISOR, "office", False),
    (Role.APPROVER, "minzheng", True),
    (Role.APPROVER, "donghu", True),
    (Role.APPROVER, "donghu_community", False),
    (Role.SYSADMIN, "office", True),
    (Role.SYSADMIN, "donghu_community", False),
    (Role.SECADMIN, "weijian", True),
    (Role.SECADMIN, "huayuan_community", False),
    (Role.AUDITADMIN, "supervision", True),
    (Role.AUDITADMIN, "xiling_community", False),
]


@pytest.mark.parametrize(
    ("role", "org", "allowed"), [pytest.param(*row, id=f"{row[0]}@{row[1]}") for row in COMPATIBILITY]
)
def test_role_and_organization_compatibility(district, secadmin, role, org, allowed):
    place = district[org]
    if org.endswith("_community"):
        user = make_user("candidate", community=place)
    else:
        user = make_user("candidate", department=place)
    if allowed:
        services.role_grant(actor=secadmin, user=user, role=role)
        assert roles_of(user) == {role}
        return
    with pytest.raises(ValidationFailed) as exc:
        services.role_grant(actor=secadmin, user=user, role=role)
    message = str(exc.value.message)
    label = Role(role).label
    assert message in (f"{place.name}不能担任“{label}”。", f"“{label}”须由机关单位人员担任。")
    assert roles_of(user) == set()


def test_the_refusal_names_the_organization_and_the_role(district, secadmin):
    worker = make_user("candidate", community=district["donghu_community"])
    with pytest.raises(ValidationFailed) as exc:
        services.role_grant(actor=secadmin, user=worker, role=Role.STREET_OFFICER)
    assert str(exc.value.message) == "东湖社区不能担任“街道工作人员”。"
