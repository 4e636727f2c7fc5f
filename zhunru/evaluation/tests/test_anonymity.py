"""A department never learns which community said what: its pages, its export and its API answers carry
no community name and no comment; comments reach the approval office only, without communities. And
evaluation rates departments only: no page names or ranks a community worker."""

from __future__ import annotations

import io

import openpyxl
import pytest

from zhunru.api.tests.helpers import as_user, ok
from zhunru.areas.models import Area

pytestmark = pytest.mark.django_db

COMMENT_WORDS = ("的意见：台账太多", "体检台账重复填报")


def community_names() -> list[str]:
    return list(Area.objects.filter(level=Area.Level.COMMUNITY).values_list("name", flat=True))


def assert_anonymous(text: str, workers) -> None:
    for name in community_names():
        assert name not in text, name
    for words in COMMENT_WORDS:
        assert words not in text, words
    for worker in workers:
        assert worker.username not in text


@pytest.mark.parametrize("state", ["closed", "published"])
def test_department_pages_exports_and_api(
    request, state, minzheng_head, applicant, dept_head, workers, client
):
    request.getfixturevalue(state)
    for user in (minzheng_head, applicant, dept_head):
        client.force_login(user)
        page = client.get("/evaluation/2025/").content.decode()
        assert "区" in page and "评议结果" in page
        assert_anonymous(page, workers)
        export = client.get("/evaluation/2025/export.xlsx")
        cells = [
            str(c)
            for row in openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
            for c in row
            if c is not None
        ]
        assert cells and cells[0] == "单位"
        assert_anonymous(" ".join(cells), workers)
        api = as_user(user)
        body = api.get("/evaluation/rounds/2025/results").content.decode()
        assert '"department"' in body
        assert_anonymous(body, workers)
        assert api.get("/evaluation/rounds/2025/comments", department=user.department.code).status_code == 403
        assert api.get("/evaluation/rounds/2025/progress").status_code == 403
        assert client.get(f"/evaluation/2025/comments/{user.department_id}/").status_code == 403


def test_a_department_sees_no_count_below_five(closed, dept_head):
    (result,) = ok(as_user(dept_head).get("/evaluation/rounds/2025/results"))
    assert result == {
        "department": {"code": dept_head.department.code, "name": "区卫生健康委员会"},
        "published": False,
        "answers": None,
        "criteria": [],
        "reply": None,
    }


def test_the_office_reads_comments_without_communities(published, approval_clerk, district):
    comments = ok(
        as_user(approval_clerk).get("/evaluation/rounds/2025/comments", department=district["minzheng"].code)
    )
    assert len(comments) == 8 and comments == sorted(comments)
    assert all("台账太多" in c for c in comments)  # the fixture wrote its community into each comment itself


def test_nothing_names_or_ranks_a_worker(published, approval_clerk, workers, client):
    client.force_login(approval_clerk)
    page = client.get("/evaluation/2025/").content.decode()
    import re

    for worker in workers:
        assert not re.search(rf"\b{worker.username}\b", page), worker.username
    from zhunru.evaluation.models import EvaluationAnswer

    assert "answered_by" not in {f.name for f in EvaluationAnswer._meta.get_fields()}
