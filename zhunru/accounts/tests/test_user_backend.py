"""Every signed-in page reads its user with the user's department, community and roles in one query; what
it reads is what the ORM reads, and a disabled or deleted account is signed out."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhunru.accounts.backends import UserBackend, read_user
from zhunru.accounts.models import RoleGrant, User
from zhunru.accounts.roles import Role
from zhunru.accounts.tests.helpers import is_logged_out, logged_in


def test_the_user_is_read_as_the_orm_reads_it_with_department_and_community(applicant, community_worker):
    moment = timezone.now().replace(microsecond=123456)
    User.objects.filter(pk=applicant.pk).update(last_login=moment)
    for person in (applicant, community_worker):
        expected = User.objects.select_related("department", "community").get(pk=person.pk)
        with CaptureQueriesContext(connection) as queries:
            user = read_user(person.pk)
            org = user.organization_name()
            kind = user.organization_kind()
            roles = user.role_set
        assert len(queries) == 1  # the organization and the roles came with the user
        assert roles == frozenset(person.role_grants.values_list("role", flat=True)) and roles
        assert org and org == expected.organization_name()
        assert kind == expected.organization_kind()
        for field in User._meta.concrete_fields:
            assert getattr(user, field.attname) == getattr(expected, field.attname), field.name
        assert user.department == expected.department
        assert user.community == expected.community
    user = read_user(applicant.pk)
    assert isinstance(user.last_login, dt.datetime) and user.last_login == moment
    assert isinstance(user.date_joined, dt.datetime)
    assert user.community is None and user.department is not None
    worker = read_user(community_worker.pk)
    assert worker.department is None and worker.community.name == community_worker.community.name
    assert not user._state.adding and user._state.db == "default"


def test_several_roles_or_none(applicant):
    RoleGrant.objects.create(user=applicant, role=Role.DEPT_HEAD)
    assert read_user(applicant.pk).role_set == {Role.DEPT_CLERK, Role.DEPT_HEAD}
    RoleGrant.objects.filter(user=applicant).delete()
    user = read_user(applicant.pk)
    assert user.role_set == frozenset() and not user.has_role(Role.DEPT_CLERK)
    assert user.organization_name() == applicant.department.name


def test_a_role_granted_or_revoked_shows_on_the_next_page(client, applicant):
    logged_in(client, "applicant")
    menu_entry = 'href="/gateway/dispatch/"'  # 派单: department clerks and heads
    assert client.get("/gateway/dispatch/").status_code == 200
    assert menu_entry in client.get("/").content.decode()
    RoleGrant.objects.filter(user=applicant).delete()
    assert client.get("/gateway/dispatch/").status_code == 403
    assert menu_entry not in client.get("/").content.decode()
    RoleGrant.objects.create(user=applicant, role=Role.DEPT_HEAD)
    assert client.get("/gateway/dispatch/").status_code == 200
    assert menu_entry in client.get("/").content.decode()


def test_no_such_user_or_a_disabled_one_is_nobody(applicant):
    backend = UserBackend()
    assert backend.get_user(applicant.pk) == applicant
    assert backend.get_user(10**9) is None
    assert backend.get_user("x") is None
    User.objects.filter(pk=applicant.pk).update(is_active=False)
    assert backend.get_user(applicant.pk) is None


def test_a_user_disabled_while_signed_in_is_signed_out_on_the_next_page(client, applicant):
    logged_in(client, "applicant")
    assert client.get("/").status_code == 200
    User.objects.filter(pk=applicant.pk).update(is_active=False)
    assert is_logged_out(client)


def test_the_top_bar_names_the_users_organization(client, applicant):
    logged_in(client, "applicant")
    page = client.get("/").content.decode()
    assert applicant.department.name in page
