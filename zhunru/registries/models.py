"""挂牌、台账、报表: the signboards hung at each community (with the admitted matter that allows each, or
none) and the clean-up campaigns (清理整治) that take unadmitted boards down. Ledgers and report forms
need no table of their own: they are catalog matters (kind ledger/report) with their data fields and
frequency, read by `selectors`."""

from __future__ import annotations

import builtins

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhunru.areas.models import Area, Department
from zhunru.catalog.models import Matter


class Placement(models.TextChoices):
    OUTSIDE = "outside", _("室外")
    INSIDE = "inside", _("室内")


class BoardStatus(models.TextChoices):
    PRESENT = "present", _("在挂")
    REMOVED = "removed", _("已摘除")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class Signboard(models.Model):
    """挂牌: one board hung at a community for a department."""

    community = models.ForeignKey(
        Area, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="signboards"
    )
    name = models.CharField(_("牌子名称"), max_length=100)
    department = models.ForeignKey(
        Department, verbose_name=_("挂牌部门"), on_delete=models.PROTECT, related_name="signboards"
    )
    placement = models.CharField(_("位置"), max_length=8, choices=Placement.choices)
    photo = models.FileField(_("照片"), upload_to="signboards/", max_length=200)
    matter = models.ForeignKey(
        Matter,
        verbose_name=_("准入事项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signboards",
    )
    status = models.CharField(
        _("状态"), max_length=8, choices=BoardStatus.choices, default=BoardStatus.PRESENT, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    registered_on = models.DateField(_("登记日期"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_on = models.DateField(_("摘除日期"), null=True, blank=True)
    removal_photo = models.FileField(
        _("摘除照片"), upload_to="signboards/removed/", max_length=200, blank=True
    )
    removal_note = models.CharField(_("摘除说明"), max_length=200, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["community__code", "pk"]
        verbose_name = _("挂牌")
        verbose_name_plural = _("挂牌")
        indexes = [models.Index(fields=["community", "status"])]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """清理整治: lists the boards without an admitted matter, sets the removal deadline and keeps the
    counts at its start (`baseline`, so "before" never moves) and at its close (`final`)."""

    name = models.CharField(_("行动名称"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    deadline = models.DateField(_("摘除期限"))
    note = models.TextField(_("说明"), blank=True)
    opened_on = models.DateField(_("开始日期"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # {community code: {"total": boards present, "unadmitted": of which without an admitted matter}}
    baseline = models.JSONField(_("开始时数量"), default=builtins.dict)
    final = models.JSONField(_("结束时数量"), default=builtins.dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("清理整治行动")
        verbose_name_plural = _("清理整治行动")

    def __str__(self) -> str:
        return self.name


class CampaignItem(models.Model):
    """A board the campaign lists for removal (unadmitted at the start, or registered unadmitted while
    the campaign was open)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    signboard = models.ForeignKey(Signboard, on_delete=models.PROTECT, related_name="campaign_items")
    listed_on = models.DateField(_("列入日期"))

    class Meta:
        ordering = ["signboard__community__code", "signboard_id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "signboard"], name="campaign_item_once_per_board")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.signboard_id}"


class CampaignStatusChange(models.Model):
    """One row per transition of a campaign (open, close)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="history")
    transition = models.CharField(max_length=16)
    from_status = models.CharField(max_length=8, blank=True)
    to_status = models.CharField(max_length=8)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status}"

    @property
    def to_label(self) -> str:
        return str(CampaignStatus(self.to_status).label) if self.to_status in CampaignStatus.values else ""
