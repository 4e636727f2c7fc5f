"""Scale out: two app servers (`zhunru serve`, gunicorn, two processes each) and two workers (`zhunru worker`)
on one database. The same applications are driven to a decision through both servers at once, by two office
clerks racing each other; both workers drain the outbox and run the deadline jobs at the same time.

Afterwards: each application was accepted once and decided once (the losers of each race got 409), the
decision numbers are 1..N without gaps or duplicates, each e-mail left exactly once (counted in the files of
the file e-mail backend of every worker process), each overdue application was escalated once, and the audit
chain still verifies. A login made on one server holds on the other, a logout on one ends it on both, and
failed logins are counted across servers.

PostgreSQL (the real target) runs when DATABASE_URL is postgres://…, in a database of its own
(zhunru_scaleout_<pid>, dropped at the end); otherwise the same shape runs on one SQLite file (WAL: a district
pilot with a couple of processes).
"""

from __future__ import annotations

import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from zhunru.tests.scaleout.cluster import Cluster, parse_json, postgres_database, postgres_url, request

RACE = 8  # applications decided over HTTP
OVERDUE = 2  # applications the workers must escalate


def _backends() -> list[Any]:
    """One cluster per run, on the database the suite runs on: SQLite in the first CI pass, PostgreSQL
    (in a database of its own) in the second."""
    pg = postgres_url()
    return [
        pytest.param(
            "sqlite",
            id="sqlite",
            marks=pytest.mark.skipif(
                pg is not None, reason="DATABASE_URL is PostgreSQL: the postgres variant runs"
            ),
        ),
        pytest.param(
            pg,
            id="postgres",
            marks=pytest.mark.skipif(
                pg is None,
                reason="needs PostgreSQL: set DATABASE_URL=postgres://… (CI's second pass); "
                "the test creates and drops a database zhunru_scaleout_<pid> of its own",
            ),
        ),
    ]


@pytest.fixture(params=_backends())
def cluster(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "sqlite":
        c = Cluster(tmp_path, f"sqlite:///{tmp_path / 'data' / 'zhunru.sqlite3'}")
        try:
            yield c
        finally:
            c.stop()
        return
    with postgres_database(request.param) as url:
        c = Cluster(tmp_path, url)
        try:
            yield c
        finally:
            c.stop()  # before the database is dropped


def _race(pool: ThreadPoolExecutor, calls: list[tuple[int, str, str, dict | None]]) -> list[int]:
    """Fire the calls at once; their HTTP statuses."""
    futures = [
        pool.submit(request, port, "POST", path, token=token, data=data) for port, token, path, data in calls
    ]
    return [f.result().status for f in futures]


def _drive(
    pool: ThreadPoolExecutor, ports: list[int], tokens: dict[str, str], app_id: int
) -> dict[str, list[int]]:
    """Accept, start the review, give both opinions and decide: each step raced by the two office clerks,
    one on each server."""
    a, b = ports
    base = f"/api/v1/applications/{app_id}"
    racers = [(a, tokens["office1"]), (b, tokens["office2"])]
    outcome: dict[str, list[int]] = {}
    outcome["accept"] = _race(pool, [(p, t, f"{base}/accept", None) for p, t in racers])
    outcome["start-review"] = _race(pool, [(p, t, f"{base}/start-review", None) for p, t in racers])
    opinion = {"stance": "agree", "reasons": "经审查，同意准入。"}
    outcome["opinions"] = _race(
        pool,
        [
            (a, tokens["approver1"], f"{base}/opinions", opinion),
            (b, tokens["approver2"], f"{base}/opinions", opinion),
        ],
    )
    outcome["decide"] = _race(pool, [(p, t, f"{base}/decide", {"outcome": "approved"}) for p, t in racers])
    return outcome


def _login(port: int, username: str, password: str) -> tuple[int, dict[str, str]]:
    page = request(port, "GET", "/accounts/login/")
    csrf = page.cookies["csrftoken"]
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert form_token, "the login form carries a CSRF token"
    resp = request(
        port,
        "POST",
        "/accounts/login/",
        form={"username": username, "password": password, "csrfmiddlewaretoken": form_token.group(1)},
        cookies={"csrftoken": csrf},
    )
    return resp.status, {"csrftoken": csrf, **resp.cookies}


def test_decisions_numbers_and_mail_are_exactly_once(cluster: Cluster) -> None:
    cluster.run("-m", "zhunru", "migrate", "-v", "0")
    ports = cluster.start_servers(2)  # they boot while the data is prepared
    setup = parse_json(cluster.run("-m", "zhunru.tests.scaleout.prepare", str(RACE), str(OVERDUE)))
    cluster.wait_for_servers()
    cluster.start_workers(2)

    # static files come from the app servers themselves (WhiteNoise)
    css = request(ports[1], "GET", "/static/zhunru/app.css")
    assert css.status == 200 and css.headers["content-type"].startswith("text/css")

    with ThreadPoolExecutor(max_workers=4 * 2) as racers, ThreadPoolExecutor(max_workers=4) as apps:
        results = list(apps.map(lambda pk: _drive(racers, ports, setup["tokens"], pk), setup["race"]))
    for pk, outcome in zip(setup["race"], results, strict=True):
        assert sorted(outcome["accept"]) == [200, 409], (pk, outcome)
        assert sorted(outcome["start-review"]) == [200, 409], (pk, outcome)
        assert outcome["opinions"] == [200, 200], (pk, outcome)
        assert sorted(outcome["decide"]) == [200, 409], (pk, outcome)

    # a session made on one server is valid on the other; a logout on one ends it everywhere
    status, cookies = _login(ports[0], "office1", setup["password"])
    assert status == 302 and "sessionid" in cookies
    home = request(ports[1], "GET", "/", cookies=cookies)
    assert home.status == 200 and "office1" in home.text
    logout = request(
        ports[1], "POST", "/accounts/logout/", cookies=cookies, headers={"X-CSRFToken": cookies["csrftoken"]}
    )
    assert logout.status == 302
    assert request(ports[0], "GET", "/", cookies=cookies).status == 302  # back to the login page
    # failed logins are counted in the database: five, spread over both servers, lock the account
    for i in range(5):
        assert _login(ports[i % 2], "approver1", "wrong-password")[0] == 400
    status, _cookies = _login(ports[0], "approver1", setup["password"])
    assert status == 400, "the right password is refused while the account is locked"

    # both workers drain the outbox and escalate the overdue applications
    def settled() -> bool:
        escalated = cluster.scalar("SELECT COUNT(*) FROM access_reminder WHERE key LIKE 'accept_overdue:%'")
        waiting = cluster.scalar(
            "SELECT COUNT(*) FROM inbox_outboxmessage WHERE state IN ('pending', 'sending')"
        )
        return escalated == OVERDUE and waiting == 0

    cluster.wait_for("the workers to escalate and drain the outbox", settled)
    cluster.stop()  # workers and servers, all at once
    report = parse_json(cluster.run("-m", "zhunru.tests.scaleout.report"))

    # one decision per application, numbered 1..N in its year, without gaps or duplicates
    decisions = report["decisions"]
    assert sorted(d["application_id"] for d in decisions) == sorted(setup["race"])
    assert sorted(d["seq"] for d in decisions) == list(range(1, RACE + 1))
    assert len({d["year"] for d in decisions}) == 1
    assert len({d["number"] for d in decisions}) == RACE
    assert report["decide_changes"] == {str(pk): 1 for pk in setup["race"]}
    assert report["accept_changes"] == {str(pk): 1 for pk in setup["race"]}
    assert len(report["admitted_codes"]) == len(set(report["admitted_codes"])) == RACE
    assert report["audit_types"]["decision.issue"] == RACE

    # every e-mail was sent exactly once: the files of all worker processes hold each message once
    outbox = report["outbox"]
    assert {(m["state"], m["attempts"]) for m in outbox} == {("sent", 1)}
    written = cluster.mails()
    assert Counter(written) == Counter((m["to"], " ".join(m["subject"].split())) for m in outbox)
    decided = [s for to, s in written if to == "wj_head@example.cn" and "已作出决定" in s]
    assert len(decided) == len(set(decided)) == RACE

    # each overdue application escalated once, to the head of the approval office, by one of the workers
    escalations = [k for k in report["reminders"] if k.startswith("accept_overdue:")]
    assert len(escalations) == OVERDUE
    assert report["audit_types"]["deadline.escalate"] == OVERDUE
    assert report["audit_types"].get("reminder.send", 0) == len(report["reminders"]) - OVERDUE
    escalation_mail = [s for to, s in written if to == "office_head@example.cn" and s.startswith("督办")]
    assert len(escalation_mail) == len(set(escalation_mail)) == OVERDUE

    # the audit chain was written by four processes at once and still verifies
    assert report["audit_ok"] is True and report["audit_checked"] > RACE * 5
