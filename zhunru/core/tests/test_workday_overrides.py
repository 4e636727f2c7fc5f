"""Admin-entered overrides of single days (WorkdayOverride): the services, each writing an audit event,
the /manage/workdays/ page for the system administrator, and the banner that asks for a missing
year's official schedule."""

from __future__ import annotations

import datetime as dt
import time
from unittest import mock

import pytest
from django.utils import timezone

from zhunru.core import audit, services
from zhunru.core.errors import Forbidden, NotFound, ValidationFailed
from zhunru.core.models import AuditEvent, WorkdayOverride
from zhunru.core.workdays import add_working_days, is_workday, working_days_between, year_is_covered

D = dt.date.fromisoformat
URL = "/manage/workdays/"
BANNER = "2027 年的官方节假日安排尚未录入"


def newest_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-seq").first()


@pytest.fixture
def today(monkeypatch):
    """today(day): from now on the application's today (timezone.localdate()) is `day`."""
    real = timezone.localdate

    def set_today(day: str) -> None:
        def localdate(value=None, timezone=None):
            return D(day) if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return set_today


# --- the services ---------------------------------------------------------------------------------


def test_a_holiday_override_changes_the_working_day_arithmetic(sysadmin):
    monday = D("2026-03-02")
    assert add_working_days(D("2026-02-27"), 2) == D("2026-03-02")  # 28th is a working Saturday
    services.workday_override_set(actor=sysadmin, day=monday, is_workday=False, note="临时放假")
    assert not is_workday(monday)
    assert add_working_days(D("2026-02-27"), 2) == D("2026-03-03")
    assert working_days_between(D("2026-02-27"), D("2026-03-06")) == 5

    event = newest_event()
    assert event.event_type == "workday.set"
    assert (event.actor_id, event.actor_name) == (sysadmin.pk, "sysadmin1")
    assert event.object_type == "core.workdayoverride"
    assert event.summary == {"day": "2026-03-02", "is_workday": False, "note": "临时放假", "created": True}


def test_a_working_sunday_override(sysadmin):
    services.workday_override_set(actor=sysadmin, day=D("2026-03-08"), is_workday=True, note="调休上班")
    assert is_workday(D("2026-03-08"))
    assert add_working_days(D("2026-03-06"), 1) == D("2026-03-08")


def test_setting_a_day_again_updates_it_and_is_audited_again(sysadmin):
    day = D("2027-01-01")
    services.workday_override_set(actor=sysadmin, day=day, is_workday=True)
    services.workday_override_set(actor=sysadmin, day=day, is_workday=False, note="元旦")
    assert list(WorkdayOverride.objects.values_list("day", "is_workday", "note")) == [(day, False, "元旦")]
    events = list(AuditEvent.objects.filter(event_type="workday.set").order_by("seq"))
    assert [e.summary["created"] for e in events] == [True, False]
    assert [e.summary["is_workday"] for e in events] == [True, False]
    assert audit.verify().ok


def test_deleting_an_override_restores_the_official_schedule_and_is_audited(sysadmin):
    day = D("2026-10-08")
    services.workday_override_set(actor=sysadmin, day=day, is_workday=False)
    assert add_working_days(D("2026-09-30"), 1) == D("2026-10-09")
    services.workday_override_delete(actor=sysadmin, day=day)
    assert not WorkdayOverride.objects.exists()
    assert add_working_days(D("2026-09-30"), 1) == D("2026-10-08")
    event = newest_event()
    assert (event.event_type, event.actor_id) == ("workday.delete", sysadmin.pk)
    assert event.summary == {"day": "2026-10-08"}
    assert audit.verify().ok


def test_deleting_a_day_without_override_is_not_found_and_not_audited(sysadmin):
    before = AuditEvent.objects.count()
    with pytest.raises(NotFound):
        services.workday_override_delete(actor=sysadmin, day=D("2026-10-08"))
    assert AuditEvent.objects.count() == before


def test_a_too_long_note_is_refused(sysadmin):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed):
        services.workday_override_set(actor=sysadmin, day=D("2027-01-01"), is_workday=False, note="长" * 201)
    assert not WorkdayOverride.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("persona", ["auditadmin", "approval_clerk", "community_worker"])
def test_only_the_system_administrator_may_change_the_calendar(request, sysadmin, persona):
    actor = request.getfixturevalue(persona)
    services.workday_override_set(actor=sysadmin, day=D("2027-01-01"), is_workday=False)
    before = AuditEvent.objects.count()
    with pytest.raises(Forbidden):
        services.workday_override_set(actor=actor, day=D("2027-01-04"), is_workday=False)
    with pytest.raises(Forbidden):
        services.workday_override_delete(actor=actor, day=D("2027-01-01"))
    assert list(WorkdayOverride.objects.values_list("day", flat=True)) == [D("2027-01-01")]
    assert AuditEvent.objects.count() == before


# --- the page -------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, sysadmin):
    client.force_login(sysadmin)
    return client


def test_the_system_administrator_adds_and_deletes_overrides(admin_client, sysadmin, today):
    today("2026-11-20")
    page = admin_client.get(URL).content.decode()
    assert "2027：" in page and "缺少官方安排" in page
    assert "暂无调整" in page

    response = admin_client.post(URL, {"day": "2027-01-01", "is_workday": "0", "note": "元旦"}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    page = response.content.decode()
    assert "已保存 2027-01-01" in page
    assert "2027-01-01" in page and "元旦" in page
    assert "缺少官方安排" not in page  # 2027 is covered now
    assert list(WorkdayOverride.objects.values_list("day", "is_workday")) == [(D("2027-01-01"), False)]
    assert year_is_covered(2027)
    assert add_working_days(D("2026-12-31"), 1) == D("2027-01-04")
    assert (newest_event().event_type, newest_event().actor_id) == ("workday.set", sysadmin.pk)

    admin_client.post(URL, {"day": "2027-02-06", "is_workday": "1", "note": "调休上班"})
    assert is_workday(D("2027-02-06"))  # a Saturday

    response = admin_client.post(URL, {"day": "2027-01-01", "action": "delete"}, follow=True)
    assert "已删除 2027-01-01 的调整" in response.content.decode()
    assert list(WorkdayOverride.objects.values_list("day", flat=True)) == [D("2027-02-06")]
    assert (newest_event().event_type, newest_event().summary) == ("workday.delete", {"day": "2027-01-01"})
    assert audit.verify().ok


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"day": "2027/01/01", "is_workday": "0"}, "请输入正确的日期"),
        ({"day": "", "is_workday": "0"}, "请输入正确的日期"),
        ({"day": "2027-01-01", "is_workday": "0", "note": "x" * 201}, "说明不能超过 200 个字符"),
        ({"day": "2027-01-05", "action": "delete"}, "没有 2027-01-05 的调整记录"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(admin_client, data, message):
    before = AuditEvent.objects.count()
    response = admin_client.post(URL, data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WorkdayOverride.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("persona", ["auditadmin", "secadmin", "approval_clerk", "community_worker"])
def test_other_roles_cannot_use_the_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"day": "2027-01-01", "is_workday": "0"}).status_code == 403
    assert not WorkdayOverride.objects.exists()


def test_anonymous_is_sent_to_the_login_page(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"
    assert client.post(URL, {"day": "2027-01-01", "is_workday": "0"}).status_code == 302
    assert not WorkdayOverride.objects.exists()


# --- the banner -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["sysadmin", "approval_clerk", "approver"])
def test_banner_warns_the_calendar_roles_of_a_missing_year(client, request, today, persona):
    client.force_login(request.getfixturevalue(persona))
    today("2026-11-20")  # from November the next year's schedule is due
    assert BANNER in client.get("/").content.decode()
    today("2026-06-01")
    assert BANNER not in client.get("/").content.decode()
    today("2027-03-01")  # in 2027 itself, without a schedule
    assert BANNER in client.get("/").content.decode()


@pytest.mark.parametrize("persona", ["community_worker", "auditadmin"])
def test_no_banner_for_roles_that_do_not_count_working_days(client, request, today, persona):
    client.force_login(request.getfixturevalue(persona))
    today("2026-11-20")
    assert BANNER not in client.get("/").content.decode()


def test_banner_goes_away_once_the_year_is_entered(admin_client, today):
    today("2026-12-01")
    assert BANNER in admin_client.get(URL).content.decode()
    response = admin_client.post(URL, {"day": "2027-01-01", "is_workday": "0", "note": "元旦"}, follow=True)
    assert BANNER not in response.content.decode()
    assert BANNER not in admin_client.get("/").content.decode()


def test_the_banner_reads_the_table_once_a_minute_not_on_every_page(client, approval_clerk, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(approval_clerk)
    today("2026-12-01")
    assert BANNER in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert BANNER in client.get("/").content.decode()
    assert not [q for q in queries if "core_workdayoverride" in q["sql"]]
    WorkdayOverride.objects.create(day=dt.date(2027, 1, 1), is_workday=False)  # not through the services
    assert BANNER in client.get("/").content.decode()  # shows within the minute
    with mock.patch("time.time", return_value=time.time() + 61):  # a minute later
        assert BANNER not in client.get("/").content.decode()
