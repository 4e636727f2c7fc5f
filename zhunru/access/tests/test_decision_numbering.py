"""Decision numbers 示范区准入决〔2026〕N号: one sequence per year for all decisions, without gaps — a
decision that fails after taking its number gives it back, and concurrent decisions never share one."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from zhunru.access import decisions, exits
from zhunru.access import services as svc
from zhunru.access.models import AccessApplication, Decision, Opinion, StatusChange
from zhunru.access.models import Status as S
from zhunru.access.tests.states import build, fresh, ready_to_decide
from zhunru.catalog.models import CatalogVersion, Matter
from zhunru.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def approve(people, app) -> Decision:
    return decisions.application_decide(actor=people.office, application=app, outcome=S.APPROVED)


def test_numbers_run_per_year_without_gaps(people, today, community_worker):
    first = approve(people, ready_to_decide(people))
    rejected = build(people, S.REJECTED).decision
    third = approve(people, ready_to_decide(people))
    assert [first.number, rejected.number, third.number] == [
        "示范区准入决〔2026〕1号",
        "示范区准入决〔2026〕2号",
        "示范区准入决〔2026〕3号",
    ]
    assert [(d.year, d.seq) for d in (first, rejected, third)] == [(2026, 1), (2026, 2), (2026, 3)]
    assert first.content["number"] == first.number
    assert first.content["public_url"].endswith("/portal/decisions/2026-1/")

    # an exit decision takes the next number of the same sequence
    req = exits.exit_request_create(
        actor=community_worker, matter=first.matter, reasons=["residents"], explanation="居民不认可"
    )
    exits.exit_request_accept(actor=people.office, exit_request=req)
    for member in people.approvers:
        svc.opinion_give(actor=member, exit_request=req, stance="agree", reasons="同意退出")
    exit_decision = decisions.exit_decide(
        actor=people.office, exit_request=req, outcome=S.EXITED, reasons="退出"
    )
    assert exit_decision.number == "示范区准入决〔2026〕4号"

    pending = ready_to_decide(people)
    today(dt.date(2027, 1, 5))  # a new year starts again at 1
    assert approve(people, pending).number == "示范区准入决〔2027〕1号"
    today(dt.date(2027, 1, 6))
    next_year = ready_to_decide(people, start_date="2027-06-01")
    assert approve(people, next_year).number == "示范区准入决〔2027〕2号"
    seqs_2026 = sorted(Decision.objects.filter(year=2026).values_list("seq", flat=True))
    assert seqs_2026 == [1, 2, 3, 4]


def test_a_decision_that_fails_after_numbering_does_not_consume_the_number(people, monkeypatch):
    app = ready_to_decide(people)
    before = (
        StatusChange.objects.count(),
        AuditEvent.objects.count(),
        Matter.objects.count(),
        CatalogVersion.objects.count(),
    )
    taken: list[str] = []
    real_number, real_notify = decisions._number, decisions._notify_department

    def number_then_note(year: int) -> tuple[int, str]:
        seq, number = real_number(year)
        taken.append(number)
        return seq, number

    def fail(*args: Any, **kwargs: Any) -> None:  # the last step inside the decision's transaction
        raise RuntimeError("mail server exploded")

    monkeypatch.setattr(decisions, "_number", number_then_note)
    monkeypatch.setattr(decisions, "_notify_department", fail)
    with pytest.raises(RuntimeError):
        approve(people, app)
    assert taken == ["示范区准入决〔2026〕1号"]  # the number had been taken…
    assert not Decision.objects.exists()  # …and everything was rolled back with it
    assert fresh(app).status == S.UNDER_REVIEW
    assert fresh(app).admitted_matter is None
    after = (
        StatusChange.objects.count(),
        AuditEvent.objects.count(),
        Matter.objects.count(),
        CatalogVersion.objects.count(),
    )
    assert after == before

    monkeypatch.setattr(decisions, "_number", real_number)
    monkeypatch.setattr(decisions, "_notify_department", real_notify)
    assert approve(people, app).number == "示范区准入决〔2026〕1号"
    assert approve(people, ready_to_decide(people)).number == "示范区准入决〔2026〕2号"


def test_a_refused_decision_takes_no_number(people):
    app = build(people, S.UNDER_REVIEW)  # no opinions: no quorum
    with pytest.raises(Exception):  # noqa: B017 - the kind of refusal is tested elsewhere
        approve(people, app)
    assert approve(people, ready_to_decide(people)).number == "示范区准入决〔2026〕1号"


# ------------------------------------------------------------------ concurrency

THREADS = 3


@pytest.fixture
def file_database(tmp_path) -> Iterator[Callable[[], None]]:
    """Concurrent writers need a database file. The test database is SQLite in memory with a shared
    cache, where a second writer fails at once ("database table is locked") instead of waiting, so
    the threads work on a file copy of it — the production set-up: WAL, IMMEDIATE transactions, a busy
    timeout. Call the fixture's value to switch new connections to the copy; the main thread's
    in-memory connection stays open and is given back its name at the end."""
    settings_dict = connection.settings_dict
    memory_name = settings_dict["NAME"]
    path = Path(tmp_path) / "concurrent.sqlite3"

    def switch() -> None:
        if connection.vendor != "sqlite":
            return  # PostgreSQL: threads share the test database and its row locks as they are
        if not connection.is_in_memory_db():
            pytest.skip("the test database is already a file")
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        # in WAL mode before any thread opens it, as a migrated database is: three connections switching a
        # file to WAL at the same moment can get "database is locked" (seen once under a loaded machine)
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        settings_dict["NAME"] = str(path)

    try:
        yield switch
    finally:
        settings_dict["NAME"] = memory_name


def in_thread(fn: Callable[[], Any]) -> Any:
    """Runs fn in a new thread (its own database connection), closing the connection afterwards."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # pragma: no cover - reported below
            box["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    if "error" in box:
        raise box["error"]
    return box.get("value")


def test_concurrent_decisions_get_distinct_contiguous_numbers(transactional_db, people, file_database):
    apps = [ready_to_decide(people) for _ in range(THREADS)]
    file_database()
    start = threading.Barrier(THREADS)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def decide(app: AccessApplication) -> None:
        try:
            start.wait(timeout=10)
            decision = approve(people, app)
            with lock:
                numbers.append(decision.number)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    expected = [f"示范区准入决〔2026〕{n}号" for n in range(1, THREADS + 1)]
    assert sorted(numbers, key=lambda n: int(n.split("〕")[1][:-1])) == expected

    def stored() -> tuple[list[int], list[str], int]:
        return (
            sorted(Decision.objects.values_list("seq", flat=True)),
            sorted(set(AccessApplication.objects.values_list("status", flat=True))),
            Opinion.objects.count(),
        )

    seqs, statuses, opinions = in_thread(stored)
    assert seqs == list(range(1, THREADS + 1))
    assert statuses == [S.APPROVED]
    assert opinions == THREADS * len(people.approvers)
