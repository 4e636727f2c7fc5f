"""Registering a signboard: by a community worker for her own community, with a photo checked by its
content, and the admitted matter that allows it (a signboard item of the current catalog that applies
to the community) or none. Bad input writes nothing."""

from __future__ import annotations

import pytest

from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.core.errors import Forbidden, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.registries import selectors
from zhunru.registries.models import Signboard
from zhunru.registries.tests.conftest import JPG, PDF, PNG

pytestmark = pytest.mark.django_db


def test_a_worker_registers_a_board_of_her_community(register, community_worker, board_matter, district):
    board = register(community_worker, name="健康服务站", department=district["weijian"], matter=board_matter)
    assert board.community == district["donghu_community"] and board.status == "present"
    assert board.registered_on.isoformat() == "2026-03-02" and board.registered_by == community_worker
    assert board.photo.name.endswith(".png") and board.photo.read() == PNG
    assert selectors.admitted(board)
    event = AuditEvent.objects.get(event_type="signboard.register")
    assert event.object_id == str(board.pk) and event.actor_name == "worker1"
    assert event.summary["community"] == "990101001001" and event.summary["matter"] == "GP-T01"


def test_a_jpeg_photo_and_no_matter(register, community_worker):
    board = register(community_worker, photo=("x.jpeg", JPG), placement="outside")
    assert board.photo.name.endswith(".jpg") and board.matter is None
    assert not selectors.admitted(board)


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        (("board.png", PDF), "不是 JPG 或 PNG 图片"),  # a PDF named .png: checked by content
        (("board.png", b"hello"), "不是 JPG 或 PNG 图片"),
        (None, "请上传照片"),
        (("board.png", b""), "请上传照片"),
    ],
)
def test_the_photo_must_be_an_image(register, community_worker, photo, message):
    with pytest.raises(ValidationFailed, match=message) as exc:
        register(community_worker, photo=photo)
    assert exc.value.field == "photo"
    assert not Signboard.objects.exists() and not AuditEvent.objects.filter(
        event_type__startswith="signboard"
    )


def test_a_photo_over_20_mb_is_refused(register, community_worker):
    big = PNG + b"\0" * (20 * 1024 * 1024)
    with pytest.raises(ValidationFailed, match="20 MB"):
        register(community_worker, photo=("big.png", big))
    assert not Signboard.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "牌" * 101}, "name"),
        ({"department": None}, "department"),
        ({"placement": "roof"}, "placement"),
    ],
)
def test_bad_input_names_the_field(register, community_worker, values, field):
    with pytest.raises(ValidationFailed) as exc:
        register(community_worker, **values)
    assert exc.value.field == field and not Signboard.objects.exists()


def test_the_matter_must_be_a_current_signboard_item_for_the_community(
    register, community_worker, board_matter, district
):
    ledger = Matter.objects.create(
        code="TZ-T01", name="台账", list=MatterList.ADMITTED, kind=MatterKind.LEDGER, status="published"
    )
    exited = Matter.objects.create(
        code="GP-T02",
        name="已退出的挂牌",
        list=MatterList.ADMITTED,
        kind=MatterKind.SIGNBOARD,
        status="exited",
    )
    elsewhere = Matter.objects.create(
        code="GP-T03",
        name="西岭街道的挂牌",
        list=MatterList.ADMITTED,
        kind=MatterKind.SIGNBOARD,
        status="published",
        scope_all=False,
    )
    elsewhere.scope_areas.set([district["xiling_community"].parent])
    negative = Matter.objects.create(
        code="FM-T01",
        name="负面挂牌",
        list=MatterList.NEGATIVE,
        kind=MatterKind.SIGNBOARD,
        status="published",
    )
    for matter in (ledger, exited, elsewhere, negative):
        with pytest.raises(ValidationFailed, match="不能作为挂牌依据") as exc:
            register(community_worker, matter=matter)
        assert exc.value.field == "matter"
    assert [m.code for m in selectors.signboard_matters(district["donghu_community"])] == ["GP-T01"]
    assert [m.code for m in selectors.signboard_matters(district["xiling_community"])] == ["GP-T01", "GP-T03"]
    assert not Signboard.objects.exists()


def test_only_a_community_worker_registers_and_only_for_her_community(
    register, community_worker, street_officer, approval_clerk, applicant, district
):
    for actor in (street_officer, approval_clerk, applicant):
        with pytest.raises(Forbidden):
            register(actor)
    with pytest.raises(Forbidden, match="只能登记本社区"):
        register(community_worker, community=district["huayuan_community"])
    assert not Signboard.objects.exists()


def test_a_matter_that_leaves_the_catalog_leaves_the_board_unadmitted(
    register, community_worker, board_matter, today
):
    board = register(community_worker, matter=board_matter)
    assert selectors.admitted(board)
    Matter.objects.filter(pk=board_matter.pk).update(valid_to="2026-03-10")
    today(__import__("datetime").date(2026, 3, 11))
    board.refresh_from_db()
    assert not selectors.admitted(board)
    assert list(Signboard.objects.filter(selectors.unadmitted_q())) == [board]
