"""The user-management pages: the system admin manages accounts, the security admin grants roles."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from zhunru.accounts.models import RoleGrant, User
from zhunru.accounts.roles import Role
from zhunru.accounts.tests.helpers import PASSWORD_URL, events, is_logged_out, logged_in, login, page_text
from zhunru.conftest import PASSWORD


@pytest.fixture
def admin_client(client, sysadmin):
    return logged_in(client, "sysadmin1")


@pytest.fixture
def sec_client(secadmin):
    return logged_in(Client(), "secadmin1")


def shown_password(response) -> str:
    match = re.search(r'data-testid="temp-password">([^<]+)<', page_text(response))
    assert match, "no temporary password on the page"
    return html.unescape(match.group(1))  # as the browser shows it: "&amp;" is "&"


def create(admin_client, district, **fields):
    data = {"username": "zhangsan", "full_name": "张三", "department": district["weijian"].pk}
    data.update(fields)
    return admin_client.post("/accounts/users/new/", {k: v for k, v in data.items() if v is not None})


def flash(response) -> str:
    found = re.findall(r'<p class="flash [^"]*" role="status">([^<]*)</p>', page_text(response))
    return html.unescape(" ".join(found))


# --- creating an account ------------------------------------------------------------------------


def test_sysadmin_creates_a_user_and_sees_the_temporary_password_once(admin_client, district, sysadmin):
    response = create(admin_client, district)
    assert response.status_code == 200
    temporary = shown_password(response)
    assert "此密码只显示这一次" in page_text(response)

    user = User.objects.get(username="zhangsan")
    assert user.full_name == "张三"
    assert user.department == district["weijian"]
    assert user.must_change_password
    assert user.check_password(temporary)
    assert user.password.startswith("argon2")
    assert [e.actor_id for e in events("user.create", object_id=str(user.pk))] == [sysadmin.pk]

    # Neither the user page nor the list show it again.
    for path in (f"/accounts/users/{user.pk}/", "/accounts/users/"):
        text = page_text(admin_client.get(path))
        assert "zhangsan" in text
        assert temporary not in text


def test_the_new_user_must_change_the_password_at_first_login(admin_client, district):
    temporary = shown_password(create(admin_client, district))
    newcomer = logged_in(Client(), "zhangsan", temporary)
    assert newcomer.get("/")["Location"] == PASSWORD_URL
    response = newcomer.post(
        PASSWORD_URL,
        {"old_password": temporary, "new_password": "Qingshan#88", "new_password2": "Qingshan#88"},
        follow=True,
    )
    assert response.redirect_chain == [("/", 302)]
    assert "尚未授予任何角色，请联系安全管理员。" in page_text(response)


def test_a_community_user_can_be_created(admin_client, district):
    response = create(admin_client, district, department=None, community=district["donghu_community"].pk)
    assert response.status_code == 200
    assert User.objects.get(username="zhangsan").community == district["donghu_community"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"department": None}, "请选择所属单位或所属社区，二者选一。"),
        ({"community": "COMMUNITY"}, "请选择所属单位或所属社区，二者选一。"),
        ({"username": "applicant"}, "用户名“applicant”已存在。"),
        ({"username": ""}, "这个字段是必填项。"),
        ({"email": "not-an-address"}, "输入一个有效的 Email 地址。"),
    ],
)
def test_creation_errors_show_in_chinese(admin_client, district, applicant, fields, message):
    fields = {k: district["donghu_community"].pk if v == "COMMUNITY" else v for k, v in fields.items()}
    before = User.objects.count()
    response = create(admin_client, district, **fields)
    assert response.status_code == 200
    assert message in page_text(response)
    assert 'data-testid="temp-password"' not in page_text(response)
    assert User.objects.count() == before


@pytest.mark.parametrize("persona", ["secadmin", "auditadmin", "applicant"])
def test_only_the_sysadmin_opens_the_new_user_page(request, client, district, persona):
    logged_in(client, request.getfixturevalue(persona).username)
    assert client.get("/accounts/users/new/").status_code == 403
    response = create(client, district)
    assert response.status_code == 403
    assert not User.objects.filter(username="zhangsan").exists()


# --- disabling, enabling, resetting -------------------------------------------------------------


def test_disable_and_enable(admin_client, applicant, sysadmin):
    url = f"/accounts/users/{applicant.pk}/"
    page = page_text(admin_client.get(url))
    assert "停用账户" in page
    assert "授予角色" not in page  # granting is the security admin's

    response = admin_client.post(url, {"action": "disable"}, follow=True)
    assert flash(response) == "账户已停用。"
    assert "启用账户" in page_text(response)
    assert login(Client(), "applicant").status_code == 400

    response = admin_client.post(url, {"action": "enable"}, follow=True)
    assert flash(response) == "账户已启用。"
    assert User.objects.get(pk=applicant.pk).is_active
    assert login(Client(), "applicant").status_code == 302
    assert [e.event_type for e in events("user.disable") + events("user.enable")] == [
        "user.disable",
        "user.enable",
    ]


def test_reset_password_shows_a_new_temporary_password(admin_client, applicant):
    response = admin_client.post(f"/accounts/users/{applicant.pk}/", {"action": "reset_password"})
    assert response.status_code == 200
    temporary = shown_password(response)
    assert login(Client(), "applicant", PASSWORD).status_code == 400
    user_client = logged_in(Client(), "applicant", temporary)
    assert user_client.get("/")["Location"] == PASSWORD_URL
    assert len(events("user.reset_password", object_id=str(applicant.pk))) == 1


def test_the_list_searches_by_name_and_organization(admin_client, applicant, community_worker):
    text = page_text(admin_client.get("/accounts/users/", {"q": "东湖社区"}))
    assert "worker1" in text
    assert "applicant" not in text
    text = page_text(admin_client.get("/accounts/users/", {"q": "王经办"}))
    assert "applicant" in text
    assert "worker1" not in text
    assert "没有符合条件的用户。" in page_text(admin_client.get("/accounts/users/", {"q": "不存在"}))


def test_an_unknown_user_is_not_found(admin_client):
    assert admin_client.get("/accounts/users/999999/").status_code == 404


def test_an_unknown_action_is_explained(admin_client, applicant):
    response = admin_client.post(f"/accounts/users/{applicant.pk}/", {"action": "explode"}, follow=True)
    assert flash(response) == "未知操作。"


# --- granting and revoking roles ----------------------------------------------------------------


def test_secadmin_grants_and_revokes_on_the_user_page(sec_client, outsider, secadmin):
    url = f"/accounts/users/{outsider.pk}/"
    page = page_text(sec_client.get(url))
    assert "授予角色" in page
    assert "停用账户" not in page  # disabling is the system admin's

    response = sec_client.post(url, {"action": "grant", "role": Role.APPROVER}, follow=True)
    assert flash(response) == "已授予角色：联席会议成员"
    assert "撤销“联席会议成员”" in page_text(response)
    assert User.objects.get(pk=outsider.pk).has_role(Role.APPROVER)

    response = sec_client.post(url, {"action": "revoke", "role": Role.APPROVER}, follow=True)
    assert flash(response) == "已撤销角色：联席会议成员"
    assert not RoleGrant.objects.filter(user=outsider).exists()
    assert [e.event_type for e in events("role.grant", actor_id=secadmin.pk)] == ["role.grant"]
    assert [e.event_type for e in events("role.revoke", actor_id=secadmin.pk)] == ["role.revoke"]


def test_the_roles_page_lists_the_users(sec_client, applicant):
    response = sec_client.get("/accounts/roles/")
    assert response.status_code == 200
    assert "applicant" in page_text(response)
    assert "部门经办人" in page_text(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "grant", "role": Role.COMMUNITY_WORKER}, "区民政局不能担任“社区工作者”。"),
        ({"action": "grant", "role": "superuser"}, "请选择角色。"),
        ({"action": "grant"}, "请选择角色。"),
        ({"action": "revoke", "role": Role.SUPERVISOR}, "该用户没有此角色。"),
    ],
)
def test_grant_errors_show_in_chinese(sec_client, outsider, data, message):
    response = sec_client.post(f"/accounts/users/{outsider.pk}/", data, follow=True)
    assert response.status_code == 200
    assert flash(response) == message
    assert not RoleGrant.objects.filter(user=outsider).exists()


def test_a_granted_role_takes_effect_at_the_next_request(sec_client, outsider):
    user_client = logged_in(Client(), "outsider")
    assert user_client.get(f"/areas/{'990101002001'}/").status_code == 404
    sec_client.post(f"/accounts/users/{outsider.pk}/", {"action": "grant", "role": Role.APPROVER})
    assert user_client.get(f"/areas/{'990101002001'}/").status_code == 200


@pytest.mark.parametrize("action", ["grant", "revoke"])
def test_the_sysadmin_cannot_grant_or_revoke_on_the_page(admin_client, applicant, action):
    role = Role.APPROVER if action == "grant" else Role.DEPT_CLERK
    response = admin_client.post(
        f"/accounts/users/{applicant.pk}/", {"action": action, "role": role}, follow=True
    )
    assert flash(response) == "您无权执行此操作。"
    assert set(RoleGrant.objects.filter(user=applicant).values_list("role", flat=True)) == {"dept_clerk"}


def test_the_secadmin_cannot_reset_passwords_on_the_page(sec_client, applicant):
    response = sec_client.post(f"/accounts/users/{applicant.pk}/", {"action": "reset_password"}, follow=True)
    assert flash(response) == "您无权执行此操作。"
    assert 'data-testid="temp-password"' not in page_text(response)
    assert User.objects.get(pk=applicant.pk).check_password(PASSWORD)


@pytest.mark.parametrize("persona", ["auditadmin", "applicant", "approval_clerk"])
def test_other_users_cannot_open_user_pages(request, client, applicant, persona):
    logged_in(client, request.getfixturevalue(persona).username)
    url = f"/accounts/users/{applicant.pk}/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "disable"}).status_code == 403
    assert not is_logged_out(logged_in(Client(), "applicant"))
