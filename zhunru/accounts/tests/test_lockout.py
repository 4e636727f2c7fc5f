"""Five failed logins lock the username for 30 minutes, known or not."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from zhunru.accounts import services
from zhunru.accounts.models import LoginLock
from zhunru.accounts.tests.helpers import is_logged_out, login, page_text

WRONG = "Wrong#Pass1"


def fail(client, username, times):
    return [login(client, username, WRONG) for _ in range(times)]


def at(moment: dt.datetime):
    """Let the clock read `moment` inside the block."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_settings_are_five_failures_and_thirty_minutes():
    assert settings.LOGIN_MAX_FAILURES == 5
    assert settings.LOGIN_LOCK_MINUTES == 30


def test_each_failure_says_how_many_attempts_are_left(client, applicant):
    responses = fail(client, "applicant", 4)
    assert [r.status_code for r in responses] == [400] * 4
    for response, left in zip(responses, (4, 3, 2, 1), strict=True):
        assert f"用户名或密码错误，还可尝试 {left} 次。" in page_text(response)


def test_fifth_failure_locks_and_the_correct_password_is_refused(client, applicant):
    *_, fifth = fail(client, "applicant", 5)
    assert "连续 5 次登录失败，账户已锁定 30 分钟。" in page_text(fifth)

    response = login(client, "applicant")  # the right password
    assert response.status_code == 400
    assert "该账户已被锁定" in page_text(response)
    assert is_logged_out(client)


def test_the_message_counts_down_the_minutes(client, applicant):
    now = timezone.now()
    with at(now):
        fail(client, "applicant", 5)
    with at(now + dt.timedelta(minutes=20, seconds=30)):
        response = login(client, "applicant")
    assert "该账户已被锁定，请 10 分钟后再试。" in page_text(response)


def test_right_after_the_lockout_the_wait_is_thirty_minutes_not_more(client, applicant):
    now = timezone.now()
    with at(now):
        fail(client, "applicant", 5)
        response = login(client, "applicant")
    assert "该账户已被锁定，请 30 分钟后再试。" in page_text(response)


def test_the_last_seconds_count_as_one_minute(client, applicant):
    now = timezone.now()
    with at(now):
        fail(client, "applicant", 5)
    with at(now + dt.timedelta(minutes=29, seconds=59)):
        response = login(client, "applicant")
    assert "该账户已被锁定，请 1 分钟后再试。" in page_text(response)


def test_still_locked_just_before_thirty_minutes(client, applicant):
    now = timezone.now()
    with at(now):
        fail(client, "applicant", 5)
    with at(now + dt.timedelta(minutes=29, seconds=59)):
        response = login(client, "applicant")
    assert response.status_code == 400
    assert "已被锁定" in page_text(response)


def test_login_works_again_after_thirty_minutes(client, applicant):
    now = timezone.now()
    with at(now):
        fail(client, "applicant", 5)
    with at(now + dt.timedelta(minutes=30, seconds=1)):
        response = login(client, "applicant")
        assert response.status_code == 302
        assert client.get("/").status_code == 200
    assert not LoginLock.objects.filter(username="applicant").exists()


def test_an_expired_lock_in_the_database_no_longer_blocks(client, applicant):
    fail(client, "applicant", 5)
    assert "已被锁定" in page_text(login(client, "applicant"))
    LoginLock.objects.filter(username="applicant").update(
        locked_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert login(client, "applicant").status_code == 302


def test_after_an_expired_lock_the_count_starts_again(client, applicant):
    now = timezone.now()
    with at(now):
        fail(client, "applicant", 5)
    with at(now + dt.timedelta(minutes=31)):
        response = login(client, "applicant", WRONG)
    assert "还可尝试 4 次" in page_text(response)


def test_attempts_while_locked_do_not_count_as_new_failures(client, applicant):
    fail(client, "applicant", 5)
    fail(client, "applicant", 3)
    assert LoginLock.objects.get(username="applicant").failures == 5


def test_unknown_usernames_lock_too(client, district):
    responses = fail(client, "ghost", 5)
    assert "还可尝试 4 次" in page_text(responses[0])
    assert "账户已锁定 30 分钟" in page_text(responses[-1])
    assert "该账户已被锁定" in page_text(login(client, "ghost"))
    lock = LoginLock.objects.get(username="ghost")
    assert lock.locked_until > timezone.now() + dt.timedelta(minutes=29)


def test_a_successful_login_clears_the_count(client, applicant):
    fail(client, "applicant", 4)
    assert login(client, "applicant").status_code == 302
    client.post("/accounts/logout/")
    responses = fail(client, "applicant", 4)
    assert "还可尝试 1 次" in page_text(responses[-1])
    assert login(client, "applicant").status_code == 302


def test_surrounding_spaces_do_not_escape_the_count(client, applicant):
    fail(client, " applicant", 3)
    fail(client, "applicant ", 2)
    assert "已被锁定" in page_text(login(client, "applicant"))


def test_the_lock_is_per_username(client, applicant, dept_head):
    fail(client, "applicant", 5)
    assert login(client, "depthead").status_code == 302


def test_a_password_reset_lifts_the_lock(client, applicant, sysadmin):
    fail(client, "applicant", 5)
    temporary = services.user_reset_password(actor=sysadmin, user=applicant)
    assert login(client, "applicant", temporary).status_code == 302


@pytest.mark.parametrize("password", ["", " "])
def test_empty_password_is_a_form_error_not_a_crash(client, applicant, password):
    response = login(client, "applicant", password)
    assert "这个字段是必填项。" in page_text(response)
    assert not LoginLock.objects.filter(username="applicant").exists()
    assert is_logged_out(client)
