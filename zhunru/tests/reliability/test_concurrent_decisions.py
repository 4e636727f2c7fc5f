"""Two clerks of the approval office decide the same application at the same moment, 200 times over:
exactly one decision is made, the other clerk is told in Chinese that the application was already decided
(HTTP 409 through the API), and no decision number is ever given twice or skipped."""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db import connection
from django.test import Client

from zhunru.access import decisions
from zhunru.access.models import AccessApplication, Decision, Opinion, StatusChange
from zhunru.access.models import Status as S
from zhunru.access.tests.states import ready_to_decide
from zhunru.accounts import services as account_services
from zhunru.core import audit
from zhunru.core.errors import Conflict
from zhunru.core.models import AuditEvent

TRIALS = 200
# even trials approve (the matter enters the catalog), odd ones reject
STANCE = [Opinion.Stance.AGREE, Opinion.Stance.DISAGREE]
DECIDE: list[dict[str, Any]] = [
    {"outcome": S.APPROVED},
    {"outcome": S.REJECTED, "reasons": "属于部门自身职责。"},
]
LABEL = ["准予准入", "不予准入"]


def race(fns: list[Any], trials: int) -> list[list[dict[str, Any]]]:
    """Run fns[k](i) for i in range(trials) in one thread per k (each with its own database connection);
    a barrier starts every trial in all threads at the same moment. Returns per thread, per trial:
    the value or the error, and when the call started and ended."""
    barrier = threading.Barrier(len(fns))
    results: list[list[dict[str, Any]]] = [[] for _ in fns]

    def worker(k: int) -> None:
        try:
            for i in range(trials):
                barrier.wait(timeout=120)
                started = time.perf_counter()
                try:
                    outcome: dict[str, Any] = {"value": fns[k](i)}
                except Exception as exc:
                    outcome = {"error": exc}
                outcome.update(started=started, ended=time.perf_counter())
                results[k].append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(len(fns))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert all(len(r) == trials for r in results), "a thread did not finish its trials"
    return results


def test_two_clerks_deciding_at_once_make_exactly_one_decision(people, office2, file_database):
    apps = [ready_to_decide(people, stance=STANCE[i % 2]) for i in range(TRIALS)]
    db = file_database()
    clerks = [people.office, office2]

    def decide_as(clerk: Any) -> Any:
        return lambda i: decisions.application_decide(actor=clerk, application=apps[i], **DECIDE[i % 2])

    results = race([decide_as(c) for c in clerks], TRIALS)

    numbers: list[int] = []
    wins = [0, 0]
    overlapping = 0
    for i in range(TRIALS):
        pair = [results[0][i], results[1][i]]
        won = [k for k in (0, 1) if "value" in pair[k]]
        assert len(won) == 1, f"trial {i}: {pair}"
        winner, loser = pair[won[0]], pair[1 - won[0]]
        wins[won[0]] += 1
        numbers.append(winner["value"].seq)
        error = loser["error"]
        assert isinstance(error, Conflict), f"trial {i}: {error!r}"
        assert error.status == 409
        assert str(error.message) == f"申请当前状态为“{LABEL[i % 2]}”，不能作出决定。"
        overlapping += loser["started"] < winner["ended"]

    assert sorted(numbers) == list(range(1, TRIALS + 1))  # never repeated, never skipped
    assert overlapping >= TRIALS // 4, f"only {overlapping} of {TRIALS} calls overlapped"
    assert min(wins) > 0, f"one clerk won every race: {wins}"

    def stored() -> dict[str, Any]:
        pks = [a.pk for a in apps]
        return {
            "seqs": sorted(Decision.objects.filter(year=2026).values_list("seq", flat=True)),
            "statuses": [AccessApplication.objects.get(pk=pk).status for pk in pks],
            "decide_changes": StatusChange.objects.filter(transition="decide").count(),
            "issued": AuditEvent.objects.filter(event_type="decision.issue").count(),
            "chain": audit.verify().ok,
        }

    assert db.run(stored) == {
        "seqs": list(range(1, TRIALS + 1)),
        "statuses": [DECIDE[i % 2]["outcome"] for i in range(TRIALS)],
        "decide_changes": TRIALS,
        "issued": TRIALS,
        "chain": True,
    }


def test_the_api_answers_the_second_clerk_409_with_a_chinese_message(people, office2, file_database):
    app = ready_to_decide(people)
    tokens = [
        account_services.api_token_create(actor=clerk, name="并发测试")[1]
        for clerk in (people.office, office2)
    ]
    file_database()

    def post_as(token: str) -> Any:
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        return lambda i: client.post(
            f"/api/v1/applications/{app.pk}/decide", {"outcome": "approved"}, content_type="application/json"
        )

    (first,), (second,) = race([post_as(t) for t in tokens], 1)
    answers = sorted([first["value"], second["value"]], key=lambda r: r.status_code)
    assert [r.status_code for r in answers] == [200, 409]
    assert answers[0].json()["status"] == S.APPROVED
    assert answers[1].json() == {
        "error": "invalid_transition",
        "message": "申请当前状态为“准予准入”，不能作出决定。",
    }
