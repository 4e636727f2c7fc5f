"""First login (and after a reset): the temporary password must be changed before anything else."""

from __future__ import annotations

import pytest

from zhunru.accounts import services
from zhunru.accounts.models import User
from zhunru.accounts.roles import Role
from zhunru.accounts.tests.helpers import PASSWORD_URL, is_logged_out, logged_in, login, page_text
from zhunru.conftest import PASSWORD, make_user

PAGES = [
    "/",
    "/areas/",
    "/departments/",
    "/areas/990101001001/",
    "/accounts/users/",
    "/accounts/users/new/",
    "/accounts/roles/",
    "/manage/import/",
    "/manage/workdays/",
    "/audit/",
    "/no-such-page/",
]


@pytest.fixture
def newcomer(district):
    """A system admin whose account was just created: every admin page would otherwise open."""
    return make_user("newadmin", role=Role.SYSADMIN, department=district["office"], must_change_password=True)


def change(client, new_password="Qingshan#88", **kw):
    data = {"old_password": PASSWORD, "new_password": new_password, "new_password2": new_password}
    return client.post(PASSWORD_URL, data, **kw)


def test_accounts_are_created_with_a_password_to_change(sysadmin, district):
    user, _password = services.user_create(
        actor=sysadmin, username="zhangsan", department=district["weijian"]
    )
    assert User.objects.get(pk=user.pk).must_change_password


def test_login_leads_to_the_password_page(client, newcomer):
    response = login(client, "newadmin")
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain == [(PASSWORD_URL, 302)]
    assert "首次登录或密码已被重置，请先设置新密码。" in page_text(response)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_redirects_to_the_password_page(client, newcomer, path):
    logged_in(client, "newadmin")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == PASSWORD_URL


def test_posts_are_refused_too(client, newcomer, district):
    logged_in(client, "newadmin")
    response = client.post(
        "/accounts/users/new/", {"username": "sneaky", "department": district["weijian"].pk}
    )
    assert response["Location"] == PASSWORD_URL
    assert not User.objects.filter(username="sneaky").exists()


def test_a_rejected_change_keeps_the_user_on_the_password_page(client, newcomer):
    logged_in(client, "newadmin")
    response = change(client, "qzmvtrkbw7")
    assert "至少三类" in page_text(response)
    assert client.get("/")["Location"] == PASSWORD_URL


def test_after_the_change_the_home_page_opens(client, newcomer):
    logged_in(client, "newadmin")
    response = change(client, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert response.status_code == 200
    assert "密码已修改。" in page_text(response)
    assert "首次登录" not in page_text(response)
    for path in ("/", "/accounts/users/", "/manage/workdays/"):
        assert client.get(path).status_code == 200, path
    assert not User.objects.get(pk=newcomer.pk).must_change_password


def test_the_new_password_works_at_the_next_login(client, newcomer):
    logged_in(client, "newadmin")
    change(client)
    client.post("/accounts/logout/")
    assert login(client, "newadmin").status_code == 400
    logged_in(client, "newadmin", "Qingshan#88")
    assert client.get("/").status_code == 200


def test_logout_is_possible_before_the_change(client, newcomer):
    logged_in(client, "newadmin")
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert is_logged_out(client)


def test_a_reset_password_must_be_changed_again(client, applicant, sysadmin):
    temporary = services.user_reset_password(actor=sysadmin, user=applicant)
    logged_in(client, "applicant", temporary)
    assert client.get("/areas/")["Location"] == PASSWORD_URL
    response = client.post(
        PASSWORD_URL,
        {"old_password": temporary, "new_password": "Qingshan#88", "new_password2": "Qingshan#88"},
    )
    assert response["Location"] == "/"
    assert client.get("/areas/").status_code == 200
