"""Passwords: Argon2 hashes and the 等保 level-3 rules, through the service and the password page."""

from __future__ import annotations

import pytest

from zhunru.accounts import services
from zhunru.accounts.models import User
from zhunru.accounts.tests.helpers import PASSWORD_URL, events, logged_in, page_text
from zhunru.conftest import PASSWORD, make_user
from zhunru.core.errors import ValidationFailed

TOO_SHORT = "至少需要 8 个字符"
CLASSES = "密码须包含小写字母、大写字母、数字、符号中的至少三类。"
USERNAME = "密码不能包含用户名。"
COMMON = "这个密码太常见了。"

# (new password, the message that must appear) — each password breaks exactly one rule.
# The account is "Wang.Li88" (a username that itself satisfies the length and class rules).
BAD_PASSWORDS = [
    pytest.param("Ab1!xyz", TOO_SHORT, id="7-characters"),
    pytest.param("qzmvtrkbw7", CLASSES, id="lower+digit-only"),
    pytest.param("QZMVTRKB!!", CLASSES, id="upper+symbol-only"),
    pytest.param("qzmvtrkbwxy", CLASSES, id="lower-only"),
    pytest.param("Wang.Li88", USERNAME, id="equals-username"),
    pytest.param("wang.li88", USERNAME, id="username-other-case"),
    pytest.param("88iL.gnaW", USERNAME, id="username-reversed"),
    pytest.param("Xy#Wang.Li88", USERNAME, id="contains-username"),
    pytest.param("P@ssw0rd", COMMON, id="common-P@ssw0rd"),
    pytest.param("1qaz@WSX", COMMON, id="common-1qaz@WSX"),
    pytest.param("Password1", COMMON, id="common-Password1"),
]

GOOD_PASSWORDS = [
    pytest.param("Qingshan#88", id="four-classes"),
    pytest.param("Kx7mRq2vLp", id="lower+upper+digit"),
    pytest.param("kx7m#q2vlp", id="lower+digit+symbol"),
    pytest.param("KX7M#Q2VLP", id="upper+digit+symbol"),
    pytest.param("Kxm#qRvlp!", id="lower+upper+symbol"),
]


@pytest.fixture
def wang(district):
    return make_user("Wang.Li88", department=district["weijian"])


def test_argon2_is_the_password_hasher(wang, sysadmin):
    assert User.objects.get(pk=wang.pk).password.startswith("argon2")

    services.user_change_password(actor=wang, old_password=PASSWORD, new_password="Qingshan#88")
    assert User.objects.get(pk=wang.pk).password.startswith("argon2")

    temporary = services.user_reset_password(actor=sysadmin, user=wang)
    stored = User.objects.get(pk=wang.pk).password
    assert stored.startswith("argon2")
    assert temporary not in stored


@pytest.mark.parametrize(("new_password", "message"), BAD_PASSWORDS)
def test_service_rejects_weak_password(wang, new_password, message):
    with pytest.raises(ValidationFailed) as exc:
        services.user_change_password(actor=wang, old_password=PASSWORD, new_password=new_password)
    assert message in str(exc.value.message)

    wang = User.objects.get(pk=wang.pk)
    assert wang.check_password(PASSWORD)
    assert not wang.check_password(new_password)
    assert not events("user.change_password")


@pytest.mark.parametrize(("new_password", "message"), BAD_PASSWORDS)
def test_password_page_rejects_weak_password(client, wang, new_password, message):
    logged_in(client, "Wang.Li88")
    response = client.post(
        PASSWORD_URL,
        {"old_password": PASSWORD, "new_password": new_password, "new_password2": new_password},
    )
    assert response.status_code == 200
    assert message in page_text(response)
    assert User.objects.get(pk=wang.pk).check_password(PASSWORD)


@pytest.mark.parametrize("new_password", GOOD_PASSWORDS)
def test_three_of_four_character_classes_are_enough(wang, new_password):
    services.user_change_password(actor=wang, old_password=PASSWORD, new_password=new_password)
    wang = User.objects.get(pk=wang.pk)
    assert wang.check_password(new_password)
    assert not wang.check_password(PASSWORD)
    assert [e.actor_id for e in events("user.change_password")] == [wang.pk]


def test_several_broken_rules_are_all_named(wang):
    with pytest.raises(ValidationFailed) as exc:
        services.user_change_password(actor=wang, old_password=PASSWORD, new_password="abc")
    assert TOO_SHORT in str(exc.value.message)
    assert CLASSES in str(exc.value.message)


def test_wrong_old_password_is_refused(client, wang):
    with pytest.raises(ValidationFailed, match="原密码不正确"):
        services.user_change_password(actor=wang, old_password="Wrong#Pass1", new_password="Qingshan#88")

    logged_in(client, "Wang.Li88")
    response = client.post(
        PASSWORD_URL,
        {"old_password": "Wrong#Pass1", "new_password": "Qingshan#88", "new_password2": "Qingshan#88"},
    )
    assert "原密码不正确。" in page_text(response)
    assert User.objects.get(pk=wang.pk).check_password(PASSWORD)


def test_new_password_must_differ_from_old(wang):
    with pytest.raises(ValidationFailed, match="新密码不能与原密码相同"):
        services.user_change_password(actor=wang, old_password=PASSWORD, new_password=PASSWORD)


def test_password_page_requires_both_entries_to_match(client, wang):
    logged_in(client, "Wang.Li88")
    response = client.post(
        PASSWORD_URL,
        {"old_password": PASSWORD, "new_password": "Qingshan#88", "new_password2": "Qingshan#89"},
    )
    assert "两次输入的新密码不一致。" in page_text(response)
    assert User.objects.get(pk=wang.pk).check_password(PASSWORD)


def test_password_page_lists_the_rules(client, wang):
    logged_in(client, "Wang.Li88")
    text = page_text(client.get(PASSWORD_URL))
    assert "至少 8 个字符" in text
    assert "至少三类" in text
    assert "不能包含用户名" in text
    assert "常见密码" in text


def test_password_page_change_succeeds(client, wang):
    logged_in(client, "Wang.Li88")
    response = client.post(
        PASSWORD_URL,
        {"old_password": PASSWORD, "new_password": "Qingshan#88", "new_password2": "Qingshan#88"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "密码已修改。" in page_text(response)
    assert User.objects.get(pk=wang.pk).check_password("Qingshan#88")


def test_account_creation_applies_the_rules(sysadmin, district):
    with pytest.raises(ValidationFailed, match="至少三类"):
        services.user_create(
            actor=sysadmin, username="newbie", department=district["weijian"], password="qzmvtrkbw7"
        )
    assert not User.objects.filter(username="newbie").exists()


def test_generated_temporary_passwords_meet_the_rules(wang, sysadmin):
    for _ in range(200):
        services._validate_password(services.generate_password(), wang)  # raises if a rule is broken
    temporary = services.user_reset_password(actor=sysadmin, user=wang)
    assert User.objects.get(pk=wang.pk).check_password(temporary)
