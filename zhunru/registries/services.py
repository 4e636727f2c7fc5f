"""Every state change of the registries: registering a signboard, recording its removal with a photo,
opening and closing a clean-up campaign. One transaction each, with its audit event."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from zhunru.access.files import MAX_ATTACHMENT, sniff
from zhunru.accounts.permissions import require_role
from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import users_with_role
from zhunru.areas.models import Area, Department
from zhunru.catalog.models import Matter
from zhunru.core import audit, clock
from zhunru.core.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from zhunru.core.numbering import next_number
from zhunru.inbox.services import notify
from zhunru.registries import selectors, workflow
from zhunru.registries.models import (
    BoardStatus,
    Campaign,
    CampaignItem,
    CampaignStatus,
    CampaignStatusChange,
    Placement,
    Signboard,
)

PHOTO_KINDS = ("jpg", "png")
NAME_MAX = 100
NOTE_MAX = 200


# ---------------------------------------------------------------- helpers


def _photo(photo: Any, field: str) -> tuple[str, bytes]:
    """(kind, bytes) of an uploaded photo, checked by its content (access.files.sniff): JPG or PNG,
    at most 20 MB. `photo` is an uploaded file or a (name, bytes) pair."""
    if photo is None or photo == b"" or photo == "":
        raise ValidationFailed(_("请上传照片（JPG 或 PNG）。"), field=field)
    if isinstance(photo, tuple):
        name, data = photo
    else:
        name = getattr(photo, "name", "") or "photo"
        if getattr(photo, "size", 0) and photo.size > MAX_ATTACHMENT:
            raise ValidationFailed(_("照片不能超过 20 MB。"), field=field)
        data = photo.read()
    if not data:
        raise ValidationFailed(_("请上传照片（JPG 或 PNG）。"), field=field)
    if len(data) > MAX_ATTACHMENT:
        raise ValidationFailed(_("照片不能超过 20 MB。"), field=field)
    if sniff(data) not in PHOTO_KINDS:
        raise ValidationFailed(
            _("照片“{n}”不是 JPG 或 PNG 图片（按内容检查）。").format(n=str(name)[-60:]), field=field
        )
    return str(sniff(data)), data


def _file_name(community: Area, kind: str, data: bytes) -> str:
    return f"{community.code}-{hashlib.new('sm3', data).hexdigest()[:16]}.{kind}"


def _community_workers(community_ids: set[int]) -> Any:
    return users_with_role(Role.COMMUNITY_WORKER).filter(community_id__in=community_ids)


# ---------------------------------------------------------------- signboards


def signboard_register(
    *,
    actor: Any,
    name: str,
    department: Department | None,
    placement: str,
    photo: Any,
    matter: Matter | None = None,
    community: Area | None = None,
) -> Signboard:
    """A community worker registers a board hung at her community. Without an admitted matter the board
    joins the open clean-up campaign's list, if there is one."""
    require_role(actor, Role.COMMUNITY_WORKER)
    if actor is not None:
        if not actor.community_id:
            raise Forbidden(_("只有社区的账户能登记本社区的挂牌。"))
        if community is not None and community.pk != actor.community_id:
            raise Forbidden(_("只能登记本社区的挂牌。"))
        community = actor.community
    if community is None or community.level != Area.Level.COMMUNITY:
        raise ValidationFailed(_("请选择社区。"), field="community")
    name = " ".join(str(name or "").split())
    if not name:
        raise ValidationFailed(_("请填写牌子名称。"), field="name")
    if len(name) > NAME_MAX:
        raise ValidationFailed(_("牌子名称不能超过 {n} 字。").format(n=NAME_MAX), field="name")
    if department is None:
        raise ValidationFailed(_("请选择挂牌部门。"), field="department")
    if placement not in Placement.values:
        raise ValidationFailed(_("请选择牌子在室外还是室内。"), field="placement")
    today = clock.today()
    if matter is not None:
        allowed = {m.pk for m in selectors.signboard_matters(community, today)}
        if matter.pk not in allowed:
            raise ValidationFailed(
                _("事项“{m}”不是本社区现行清单中的挂牌事项，不能作为挂牌依据。").format(
                    m=f"{matter.code} {matter.name}"
                ),
                field="matter",
            )
    kind, data = _photo(photo, "photo")
    with transaction.atomic():
        board = Signboard(
            community=community,
            name=name,
            department=department,
            placement=placement,
            matter=matter,
            registered_on=today,
            registered_by=actor,
        )
        board.photo.save(_file_name(community, kind, data), ContentFile(data), save=False)
        board.save()
        campaign = None
        if not selectors.admitted(board, today):
            campaign = Campaign.objects.select_for_update().filter(status=CampaignStatus.OPEN).first()
            if campaign is not None:
                CampaignItem.objects.create(campaign=campaign, signboard=board, listed_on=today)
        audit.record(
            actor=actor,
            event_type="signboard.register",
            obj=board,
            summary={
                "community": community.code,
                "name": name,
                "department": department.name,
                "placement": placement,
                "matter": matter.code if matter else "",
                "campaign": campaign.pk if campaign else None,
            },
        )
    return board


def signboard_remove(*, actor: Any, signboard: Signboard, photo: Any, note: str = "") -> Signboard:
    """A worker of the board's community records that it was taken down, with a photo of the place."""
    require_role(actor, Role.COMMUNITY_WORKER)
    if actor is not None and actor.community_id != signboard.community_id:
        raise Forbidden(_("只能记录本社区牌子的摘除。"))
    note = " ".join(str(note or "").split())
    if len(note) > NOTE_MAX:
        raise ValidationFailed(_("摘除说明不能超过 {n} 字。").format(n=NOTE_MAX), field="note")
    kind, data = _photo(photo, "photo")
    today = clock.today()
    with transaction.atomic():
        board = (
            Signboard.objects.select_for_update().select_related("community").filter(pk=signboard.pk).first()
        )
        if board is None:
            raise NotFound()
        if board.status != BoardStatus.PRESENT:
            raise InvalidTransition(
                _("该牌子已于 {d} 摘除，不能重复记录。").format(
                    d=board.removed_on.isoformat() if board.removed_on else ""
                )
            )
        board.removal_photo.save(_file_name(board.community, kind, data), ContentFile(data), save=False)
        done = Signboard.objects.filter(
            pk=board.pk, status=BoardStatus.PRESENT, version=board.version
        ).update(
            status=BoardStatus.REMOVED,
            version=F("version") + 1,
            removed_on=today,
            removed_by=actor,
            removal_note=note,
            removal_photo=board.removal_photo.name,
        )
        if not done:
            raise Conflict()
        campaigns = list(
            CampaignItem.objects.filter(signboard=board, campaign__status=CampaignStatus.OPEN).values_list(
                "campaign_id", flat=True
            )
        )
        audit.record(
            actor=actor,
            event_type="signboard.remove",
            obj=board,
            summary={
                "community": board.community.code,
                "name": board.name,
                "removed_on": today,
                "photo": board.removal_photo.name.rsplit("/", 1)[-1],
                "campaigns": campaigns,
                **({"note": note} if note else {}),
            },
        )
        board.refresh_from_db()
    return board


# ---------------------------------------------------------------- campaigns


def _clean_deadline(value: Any, today: dt.date) -> dt.date:
    if value in (None, ""):
        raise ValidationFailed(_("请填写摘除期限。"), field="deadline")
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationFailed(
                _("摘除期限应为 YYYY-MM-DD，实为“{v}”。").format(v=str(value)[:20]), field="deadline"
            ) from None
    if value < today:
        raise ValidationFailed(
            _("摘除期限 {d} 已经过去，应不早于今天（{t}）。").format(
                d=value.isoformat(), t=today.isoformat()
            ),
            field="deadline",
        )
    return value


def campaign_open(*, actor: Any, name: str, deadline: Any, note: str = "") -> Campaign:
    """The approval office opens a clean-up campaign: it lists every board present without an admitted
    matter, keeps the counts per community as they are ("before") and tells the communities concerned."""
    require_role(actor, *workflow.OFFICE)
    today = clock.today()
    name = " ".join(str(name or "").split())
    if not name:
        raise ValidationFailed(_("请填写行动名称。"), field="name")
    if len(name) > NAME_MAX:
        raise ValidationFailed(_("行动名称不能超过 {n} 字。").format(n=NAME_MAX), field="name")
    due = _clean_deadline(deadline, today)
    note = str(note or "").strip()[:2000]
    with transaction.atomic():
        next_number("registries:campaign")  # a locked counter row: concurrent openings queue here
        if Campaign.objects.select_for_update().filter(status=CampaignStatus.OPEN).exists():
            raise Conflict(_("已有进行中的清理整治行动，请先结束它。"))
        campaign = Campaign.objects.create(
            name=name,
            deadline=due,
            note=note,
            opened_on=today,
            opened_by=actor,
            baseline=selectors.board_counts(today),
        )
        targets = list(
            Signboard.objects.filter(status=BoardStatus.PRESENT)
            .filter(selectors.unadmitted_q(today))
            .values_list("pk", "community_id")
        )
        try:
            CampaignItem.objects.bulk_create(
                [CampaignItem(campaign=campaign, signboard_id=pk, listed_on=today) for pk, _c in targets]
            )
        except IntegrityError:
            raise Conflict() from None
        CampaignStatusChange.objects.create(
            campaign=campaign, transition="open", to_status=CampaignStatus.OPEN, actor=actor, note=note[:200]
        )
        audit.record(
            actor=actor,
            event_type="campaign.open",
            obj=campaign,
            summary={
                "name": name,
                "deadline": due,
                "listed": len(targets),
                "before_total": sum(c["total"] for c in campaign.baseline.values()),
                "before_unadmitted": sum(c["unadmitted"] for c in campaign.baseline.values()),
            },
        )
        notify(
            _community_workers({c for _pk, c in targets}),
            title=_("清理整治“{n}”：本社区有未经准入的挂牌，请于 {d} 前摘除并上传照片").format(
                n=name, d=due.isoformat()
            ),
            link=f"/registries/campaigns/{campaign.pk}/",
        )
    return campaign


def campaign_close(*, actor: Any, campaign: Campaign, note: str = "") -> Campaign:
    """The approval office closes the campaign; the counts at that moment become its "after"."""
    require_role(actor, *workflow.OFFICE)
    today = clock.today()
    note = str(note or "").strip()[:2000]
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        if locked is None:
            raise NotFound()
        t = workflow.CAMPAIGN_TRANSITIONS["close"]
        if locked.status not in t.sources:
            raise InvalidTransition(
                _("行动当前状态为“{s}”，不能“{a}”。").format(s=CampaignStatus(locked.status).label, a=t.label)
            )
        final = selectors.board_counts(today)
        done = Campaign.objects.filter(pk=locked.pk, status=locked.status, version=locked.version).update(
            status=CampaignStatus.CLOSED,
            version=F("version") + 1,
            closed_on=today,
            closed_by=actor,
            final=final,
        )
        if not done:
            raise Conflict()
        CampaignStatusChange.objects.create(
            campaign=locked,
            transition="close",
            from_status=locked.status,
            to_status=CampaignStatus.CLOSED,
            actor=actor,
            note=note[:200],
        )
        items = locked.items.all()
        audit.record(
            actor=actor,
            event_type="campaign.close",
            obj=locked,
            summary={
                "name": locked.name,
                "listed": items.count(),
                "removed": items.filter(signboard__status=BoardStatus.REMOVED).count(),
                "after_total": sum(c["total"] for c in final.values()),
                "after_unadmitted": sum(c["unadmitted"] for c in final.values()),
                **({"note": note[:200]} if note else {}),
            },
        )
        locked.refresh_from_db()
    return locked
