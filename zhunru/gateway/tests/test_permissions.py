"""Who sees and acts on what: a worker her community's notices (another community's answer 404); the
street officer his street's communities, read-only; departments and the approval office no community
list (they see only what their department dispatched)."""

from __future__ import annotations

import pytest

from zhunru.core.errors import Forbidden, NotFound
from zhunru.gateway import selectors, services

pytestmark = pytest.mark.django_db

ENFORCEMENT = "区城管局通知：请社区派人上街查处占道经营，拆除违法建设。"


@pytest.fixture
def notices(catalog, community_worker, other_worker, today):
    return {
        "donghu": services.notice_register(actor=community_worker, text=ENFORCEMENT),
        "huayuan": services.notice_register(actor=other_worker, text=ENFORCEMENT),
    }


def test_another_communitys_notice_is_not_found(client, notices, community_worker):
    theirs = notices["huayuan"]
    with pytest.raises(NotFound):
        selectors.access_notice(community_worker, theirs.pk)
    with pytest.raises(NotFound):
        services.notice_refuse(actor=community_worker, notice=theirs)
    client.force_login(community_worker)
    for url in (
        f"/gateway/notices/{theirs.pk}/",
        f"/gateway/notices/{theirs.pk}/refusal.pdf",
        f"/gateway/notices/{theirs.pk}/attachment/",
        "/gateway/notices/999999/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/gateway/notices/{theirs.pk}/refuse/").status_code == 404
    listing = client.get("/gateway/").content.decode()
    assert f'data-notice="{notices["donghu"].pk}"' in listing
    assert f'data-notice="{theirs.pk}"' not in listing


def test_street_officer_reads_his_streets_communities_only(client, notices, street_officer, district):
    from zhunru.conftest import make_user

    xiling_worker = make_user("worker3", role="community_worker", community=district["xiling_community"])
    xiling = services.notice_register(actor=xiling_worker, text=ENFORCEMENT)
    visible = set(selectors.visible_notices(street_officer))
    assert visible == {notices["donghu"], notices["huayuan"]}  # both in 东湖街道, not 西岭社区
    assert selectors.notice_actions(street_officer, notices["donghu"]) == []
    with pytest.raises(Forbidden):
        services.notice_refuse(actor=street_officer, notice=notices["donghu"])
    client.force_login(street_officer)
    page = client.get("/gateway/").content.decode()
    assert 'data-testid="paste-form"' not in page  # no registering
    assert 'name="community"' in page  # a community filter instead
    assert client.get(f"/gateway/notices/{notices['donghu'].pk}/").status_code == 200
    assert client.get(f"/gateway/notices/{xiling.pk}/").status_code == 404
    assert client.post(f"/gateway/notices/{notices['donghu'].pk}/refuse/").status_code == 403
    assert client.post("/gateway/register/", {"text": ENFORCEMENT}).status_code == 403


@pytest.mark.parametrize("persona", ["applicant", "dept_head", "approval_clerk", "approver", "outsider"])
def test_departments_cannot_see_community_lists(client, notices, persona, request):
    user = request.getfixturevalue(persona)
    assert not selectors.visible_notices(user).exists()
    client.force_login(user)
    assert client.get("/gateway/").status_code == 403
    assert client.get("/gateway/export.xlsx").status_code == 403
    assert client.get(f"/gateway/notices/{notices['donghu'].pk}/").status_code in (403, 404)
    assert client.post("/gateway/judge/", {"text": ENFORCEMENT}).status_code == 403


def test_workers_do_not_dispatch(client, community_worker):
    client.force_login(community_worker)
    assert client.get("/gateway/dispatch/").status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/gateway/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
