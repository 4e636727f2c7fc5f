"""The demo's evaluation data: 2025 published (some departments with five answers or more, one with
fewer), 2026 open, a few provider surveys with one flagged; loading twice changes nothing."""

from __future__ import annotations

import pytest

from zhunru.demo import loader
from zhunru.demo.evaluation import load_evaluation
from zhunru.evaluation.models import EvaluationAnswer, ProviderSurvey, RoundStatus
from zhunru.evaluation.selectors import published_results

pytestmark = pytest.mark.django_db


def test_the_demo_rounds_and_surveys(district):
    loader.load_catalog()
    loader.ensure_account(next(s for s in loader.DEMO_ACCOUNTS if s.username == "head"))
    load_evaluation()
    answers = EvaluationAnswer.objects.count()
    load_evaluation()
    assert EvaluationAnswer.objects.count() == answers and ProviderSurvey.objects.count() == 4

    results = {r.department.name: r for r in published_results(2025)}
    assert {n for n, r in results.items() if r.published} == {"区民政局", "区委宣传部", "区卫生健康委员会"}
    assert not results["区退役军人事务局"].published and results["区退役军人事务局"].answers == 3
    assert results["区卫生健康委员会"].reply is not None
    from zhunru.evaluation.models import EvaluationRound

    assert EvaluationRound.objects.get(year=2026).status == RoundStatus.OPEN
    assert list(ProviderSurvey.objects.filter(flagged=True).values_list("provider_name", flat=True)) == [
        "东湖物业服务有限公司"
    ]
