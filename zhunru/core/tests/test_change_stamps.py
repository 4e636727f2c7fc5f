"""Every write to a community's demands or to the catalog moves its change stamp, whichever code made it
(the triggers are in the database), and a cached page part is rendered again after the stamp moved."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.core.stamps import cached_part, stamp, stamps
from zhunru.gateway.models import TaskNotice

pytestmark = pytest.mark.django_db


def notice(community, **kw) -> TaskNotice:
    values = {
        "community": community,
        "department_text": "区卫健委",
        "received_on": dt.date(2026, 5, 6),
        "text": "请社区上报辖区老年人体检台账。",
        "verdict": "unapproved",
        "reason": "未找到对应事项。",
        **kw,
    }
    return TaskNotice.objects.create(**values)


def test_inserting_updating_and_deleting_a_demand_moves_only_its_communitys_stamp(district):
    donghu, huayuan = district["donghu_community"], district["huayuan_community"]
    mine, other = f"notices:{donghu.pk}", f"notices:{huayuan.pk}"
    assert stamps([mine, other]) == {mine: 0, other: 0}

    first = notice(donghu)
    after_insert = stamp(mine)
    assert after_insert > 0 and stamp(other) == 0

    TaskNotice.objects.filter(pk=first.pk).update(action="accepted")  # a queryset update: no save()
    after_update = stamp(mine)
    assert after_update > after_insert and stamp(other) == 0

    TaskNotice.objects.filter(pk=first.pk).delete()
    assert stamp(mine) > after_update and stamp(other) == 0


def test_moving_a_demand_to_another_community_moves_both_stamps(district):
    donghu, huayuan = district["donghu_community"], district["huayuan_community"]
    row = notice(donghu)
    before = stamps([f"notices:{donghu.pk}", f"notices:{huayuan.pk}"])
    TaskNotice.objects.filter(pk=row.pk).update(community=huayuan)
    after = stamps([f"notices:{donghu.pk}", f"notices:{huayuan.pk}"])
    assert all(after[scope] > before[scope] for scope in before)


def test_a_bulk_insert_moves_each_community_it_touched(district):
    donghu, xiling = district["donghu_community"], district["xiling_community"]
    TaskNotice.objects.bulk_create(
        [
            TaskNotice(
                community=c,
                received_on=dt.date(2026, 5, 6),
                text=f"第 {i} 条",
                verdict="duty",
                reason="…",
            )
            for i, c in enumerate([donghu, donghu, xiling])
        ]
    )
    assert stamp(f"notices:{donghu.pk}") > 0 and stamp(f"notices:{xiling.pk}") > 0
    assert stamp(f"notices:{district['huayuan_community'].pk}") == 0


def test_a_rolled_back_write_leaves_the_stamp(district):
    from django.db import transaction

    donghu = district["donghu_community"]
    before = stamp(f"notices:{donghu.pk}")
    with pytest.raises(RuntimeError), transaction.atomic():
        notice(donghu)
        raise RuntimeError("the service failed after writing")
    assert stamp(f"notices:{donghu.pk}") == before


def test_a_catalog_write_moves_the_catalog_stamp(district):
    before = stamp("catalog")
    matter = Matter.objects.create(
        code="T-001",
        name="测试事项",
        list=MatterList.DUTY,
        kind=MatterKind.TASK,
        department=district["minzheng"],
    )
    created = stamp("catalog")
    assert created > before
    Matter.objects.filter(pk=matter.pk).update(name="测试事项（改）")
    assert stamp("catalog") > created


def test_a_cached_part_is_rendered_once_per_stamp(district):
    donghu = district["donghu_community"]
    scope = f"notices:{donghu.pk}"
    renders: list[int] = []

    def render() -> str:
        renders.append(1)
        return f"<p>{TaskNotice.objects.filter(community=donghu).count()} 条</p>"

    assert cached_part("list", [scope], ["worker"], render) == "<p>0 条</p>"
    assert cached_part("list", [scope], ["worker"], render) == "<p>0 条</p>"
    assert len(renders) == 1
    assert cached_part("list", [scope], ["street"], render) == "<p>0 条</p>"  # another view of it
    assert len(renders) == 2
    notice(donghu)
    assert cached_part("list", [scope], ["worker"], render) == "<p>1 条</p>"  # the new row at once
    assert len(renders) == 3


def test_the_cache_can_be_turned_off(district, settings):
    settings.PAGE_CACHE_SECONDS = 0
    renders: list[int] = []

    def render() -> str:
        renders.append(1)
        return "<p>x</p>"

    cached_part("list", ["catalog"], [], render)
    cached_part("list", ["catalog"], [], render)
    assert len(renders) == 2


def test_a_scope_expression_is_rewritten_over_the_row_only_where_it_names_r():
    from zhunru.core.stamp_triggers import _over

    assert _over("'notices:' || r.community_id", "NEW") == "'notices:' || NEW.community_id"
    assert (
        _over("'user:' || r.user_id || other.x || user.id", "OLD")
        == "'user:' || OLD.user_id || other.x || user.id"
    )
