"""Every login, logout, failure and lockout leaves an audit event with who, from where and the result."""

from __future__ import annotations

from zhunru.accounts.tests.helpers import events, logged_in, login
from zhunru.conftest import PASSWORD
from zhunru.core import audit
from zhunru.core.models import AuditEvent

WRONG = "Wrong#Pass1"
LOGIN_EVENTS = ("login.success", "logout", "login.failed", "login.lockout", "login.locked")


def login_events() -> list[tuple[str, str, str]]:
    return [
        (e.event_type, e.actor_name, e.result)
        for e in AuditEvent.objects.filter(event_type__in=LOGIN_EVENTS).order_by("seq")
    ]


def test_login_success(client, applicant):
    logged_in(client, "applicant")
    [event] = events("login.success")
    assert event.actor_id == applicant.pk
    assert event.actor_name == "applicant"
    assert event.organization == "区卫生健康委员会"
    assert event.ip == "127.0.0.1"
    assert event.result == AuditEvent.Result.OK


def test_logout(client, applicant):
    logged_in(client, "applicant")
    client.post("/accounts/logout/")
    [event] = events("logout")
    assert event.actor_id == applicant.pk
    assert event.ip == "127.0.0.1"


def test_logout_needs_a_post(client, applicant):
    logged_in(client, "applicant")
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200
    assert not events("logout")


def test_failure_records_the_username_tried_not_the_password(client, applicant):
    login(client, "applicant", WRONG)
    [event] = events("login.failed")
    assert event.actor_id is None
    assert event.actor_name == "applicant"
    assert event.result == AuditEvent.Result.FAILED
    assert event.summary == {"failures": 1}
    assert event.ip == "127.0.0.1"
    assert WRONG not in str(event.summary)


def test_the_whole_lockout_story(client, applicant):
    for _ in range(5):
        login(client, "applicant", WRONG)
    login(client, "applicant", PASSWORD)  # refused: locked
    assert login_events() == [
        ("login.failed", "applicant", "failed"),
        ("login.failed", "applicant", "failed"),
        ("login.failed", "applicant", "failed"),
        ("login.failed", "applicant", "failed"),
        ("login.lockout", "applicant", "failed"),
        ("login.locked", "applicant", "denied"),
    ]
    assert [e.summary["failures"] for e in events("login.failed")] == [1, 2, 3, 4]
    assert events("login.lockout")[0].summary == {"failures": 5}


def test_unknown_usernames_are_audited_by_the_name_tried(client, district):
    for _ in range(6):
        login(client, "ghost", WRONG)
    assert [t for t, name, _r in login_events() if name == "ghost"] == [
        *["login.failed"] * 4,
        "login.lockout",
        "login.locked",
    ]


def test_a_day_of_logins_keeps_the_audit_chain_intact(client, applicant, dept_head):
    logged_in(client, "applicant")
    client.post("/accounts/logout/")
    for _ in range(6):
        login(client, "depthead", WRONG)
    assert audit.verify().ok
    assert {t for t, _n, _r in login_events()} == set(LOGIN_EVENTS)
