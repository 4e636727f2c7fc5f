"""/me, areas and departments: searchable, paginated, for any signed-in user."""

from __future__ import annotations

from zhunru.api.tests.helpers import as_user, ok
from zhunru.areas.models import Area, Department


def test_areas_search_and_pages(community_worker):
    client = as_user(community_worker)
    everything = ok(client.get("/areas", page_size=100))
    assert everything["count"] == Area.objects.count()
    communities = ok(client.get("/areas", level="community", page_size=2))
    assert communities["count"] == Area.objects.filter(level="community").count()
    assert len(communities["items"]) == 2 and communities["pages"] == -(-communities["count"] // 2)
    first = communities["items"][0]
    assert first["level_label"] == "社区/村" and first["parent_code"]
    found = ok(client.get("/areas", q="990101001001"))["items"]
    assert [a["code"] for a in found] == ["990101001001"]


def test_departments_search_by_name(community_worker):
    client = as_user(community_worker)
    assert ok(client.get("/departments"))["count"] == Department.objects.count()
    found = ok(client.get("/departments", q="区民政"))["items"]
    assert [d["name"] for d in found] == ["区民政局"]
    assert found[0]["kind"] == "department" and len(found[0]["code"]) == 18
    streets = ok(client.get("/departments", kind="street"))["items"]
    assert {d["kind"] for d in streets} == {"street"}


def test_me_for_a_community_worker(community_worker):
    me = ok(as_user(community_worker).get("/me"))
    assert me["community"] == {"code": "990101001001", "name": community_worker.community.name}
    assert me["department"] is None and me["organization_kind"] == "community"
