"""A disabled account is logged out everywhere at its next request and cannot log in again."""

from __future__ import annotations

import pytest
from django.test import Client

from zhunru.accounts import services
from zhunru.accounts.models import User
from zhunru.accounts.tests.helpers import events, is_logged_out, logged_in, login, page_text
from zhunru.core.errors import Forbidden


@pytest.fixture
def two_devices(applicant):
    """The applicant logged in at the office and at home."""
    office, home = logged_in(Client(), "applicant"), logged_in(Client(), "applicant")
    assert office.get("/").status_code == 200
    assert home.get("/").status_code == 200
    return office, home


def test_disabling_through_the_service_logs_out_every_session(two_devices, applicant, sysadmin):
    services.user_set_active(actor=sysadmin, user=applicant, active=False)
    for device in two_devices:
        response = device.get("/areas/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/areas/"
    [event] = events("user.disable")
    assert event.actor_id == sysadmin.pk
    assert event.object_id == str(applicant.pk)


def test_disabling_on_the_user_page_logs_out_every_session(two_devices, applicant, sysadmin):
    admin = logged_in(Client(), "sysadmin1")
    response = admin.post(f"/accounts/users/{applicant.pk}/", {"action": "disable"}, follow=True)
    assert "账户已停用。" in page_text(response)
    assert "已停用" in page_text(admin.get("/accounts/users/"))
    assert all(is_logged_out(device) for device in two_devices)
    assert not User.objects.get(pk=applicant.pk).is_active
    assert [e.actor_id for e in events("user.disable")] == [sysadmin.pk]


def test_a_disabled_account_cannot_log_in(client, applicant, sysadmin):
    services.user_set_active(actor=sysadmin, user=applicant, active=False)
    response = login(client, "applicant")
    assert response.status_code == 400
    assert is_logged_out(client)


def test_a_disabled_account_loses_its_roles(applicant, sysadmin):
    services.user_set_active(actor=sysadmin, user=applicant, active=False)
    assert not User.objects.get(pk=applicant.pk).has_role("dept_clerk")


def test_enabling_again_allows_a_fresh_login(client, applicant, sysadmin):
    services.user_set_active(actor=sysadmin, user=applicant, active=False)
    services.user_set_active(actor=sysadmin, user=applicant, active=True)
    logged_in(client, "applicant")
    assert client.get("/").status_code == 200
    assert [e.actor_id for e in events("user.enable")] == [sysadmin.pk]


def test_enabling_again_does_not_revive_the_old_sessions(two_devices, applicant, sysadmin):
    services.user_set_active(actor=sysadmin, user=applicant, active=False)
    services.user_set_active(actor=sysadmin, user=applicant, active=True)
    assert all(is_logged_out(device) for device in two_devices)


def test_disabling_twice_is_audited_once(applicant, sysadmin):
    services.user_set_active(actor=sysadmin, user=applicant, active=False)
    services.user_set_active(actor=sysadmin, user=applicant, active=False)
    assert len(events("user.disable")) == 1


def test_a_sysadmin_cannot_disable_themselves(client, sysadmin):
    logged_in(client, "sysadmin1")
    response = client.post(f"/accounts/users/{sysadmin.pk}/", {"action": "disable"}, follow=True)
    assert "不能停用自己的账户。" in page_text(response)
    assert User.objects.get(pk=sysadmin.pk).is_active


@pytest.mark.parametrize("persona", ["secadmin", "auditadmin", "approval_clerk"])
def test_only_the_sysadmin_disables(request, applicant, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        services.user_set_active(actor=actor, user=applicant, active=False)
    assert User.objects.get(pk=applicant.pk).is_active
    assert not events("user.disable")


def test_a_secadmin_posting_disable_gets_an_error_message(client, applicant, secadmin):
    logged_in(client, "secadmin1")
    response = client.post(f"/accounts/users/{applicant.pk}/", {"action": "disable"}, follow=True)
    assert "您无权执行此操作。" in page_text(response)
    assert User.objects.get(pk=applicant.pk).is_active


def test_a_password_reset_also_logs_out_every_session(two_devices, applicant, sysadmin):
    services.user_reset_password(actor=sysadmin, user=applicant)
    assert all(is_logged_out(device) for device in two_devices)
