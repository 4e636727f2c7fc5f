"""三权分立: no account holds two of system admin, security admin and audit admin — whoever grants."""

from __future__ import annotations

import itertools

import pytest

from zhunru.accounts import services
from zhunru.accounts.models import RoleGrant, User
from zhunru.accounts.roles import Role
from zhunru.accounts.tests.helpers import events, logged_in, page_text
from zhunru.conftest import make_user
from zhunru.core.errors import Forbidden

ADMIN = [Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN]
PAIRS = [pytest.param(a, b, id=f"{a}+{b}") for a, b in itertools.permutations(ADMIN, 2)]


@pytest.fixture
def admin_candidate(district):
    return make_user("candidate", department=district["office"])


def roles_of(user: User) -> set[str]:
    return set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))


@pytest.mark.parametrize(("held", "second"), PAIRS)
def test_the_service_refuses_a_second_admin_role(admin_candidate, secadmin, held, second):
    services.role_grant(actor=secadmin, user=admin_candidate, role=held)
    with pytest.raises(Forbidden) as exc:
        services.role_grant(actor=secadmin, user=admin_candidate, role=second)
    assert str(exc.value.message) == (
        f"三权分立：该用户已是{Role(held).label}，不能再担任{Role(second).label}。"
    )
    assert roles_of(admin_candidate) == {held}
    assert [e.summary["role"] for e in events("role.grant", object_id=str(admin_candidate.pk))] == [held]


@pytest.mark.parametrize(("held", "second"), PAIRS)
def test_the_system_itself_cannot_grant_a_second_admin_role(admin_candidate, held, second):
    """Bootstrap and scripts run as actor=None and must obey the rule as well."""
    services.role_grant(actor=None, user=admin_candidate, role=held)
    with pytest.raises(Forbidden, match="三权分立"):
        services.role_grant(actor=None, user=admin_candidate, role=second)
    assert roles_of(admin_candidate) == {held}


@pytest.mark.parametrize(("held", "second"), PAIRS)
def test_the_user_page_shows_the_refusal(client, admin_candidate, secadmin, held, second):
    services.role_grant(actor=secadmin, user=admin_candidate, role=held)
    logged_in(client, "secadmin1")
    response = client.post(
        f"/accounts/users/{admin_candidate.pk}/", {"action": "grant", "role": second}, follow=True
    )
    assert f"三权分立：该用户已是{Role(held).label}，不能再担任{Role(second).label}。" in page_text(response)
    assert roles_of(admin_candidate) == {held}


def test_after_a_revoke_another_admin_role_may_be_granted(admin_candidate, secadmin):
    services.role_grant(actor=secadmin, user=admin_candidate, role=Role.AUDITADMIN)
    services.role_revoke(actor=secadmin, user=admin_candidate, role=Role.AUDITADMIN)
    services.role_grant(actor=secadmin, user=admin_candidate, role=Role.SYSADMIN)
    assert roles_of(admin_candidate) == {Role.SYSADMIN}


def test_the_secadmin_cannot_make_themselves_another_admin(secadmin):
    for role in (Role.SYSADMIN, Role.AUDITADMIN):
        with pytest.raises(Forbidden, match="三权分立"):
            services.role_grant(actor=secadmin, user=secadmin, role=role)
    assert roles_of(secadmin) == {Role.SECADMIN}
