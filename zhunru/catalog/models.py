from __future__ import annotations

import builtins
import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhunru.areas.models import Area, Department


class MatterList(models.TextChoices):
    DUTY = "duty", _("依法履职事项")
    ASSIST = "assist", _("依法协助事项")
    ADMITTED = "admitted", _("准入事项")
    NEGATIVE = "negative", _("负面事项")


class MatterKind(models.TextChoices):
    TASK = "task", _("工作任务")
    SIGNBOARD = "signboard", _("挂牌")
    LEDGER = "ledger", _("台账")
    REPORT = "report", _("报表")
    ASSESSMENT = "assessment", _("考核评比")
    CERTIFICATE = "certificate", _("证明")
    SYSTEM = "system", _("信息系统/APP")
    ORGANIZATION = "organization", _("组织机构")
    VENUE = "venue", _("活动阵地")


class Matter(models.Model):
    """事项: one item of the catalog (社区工作事项清单)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        EXITED = "exited", _("已退出")

    code = models.CharField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("事项名称"), max_length=200)
    list = models.CharField(_("清单类别"), max_length=16, choices=MatterList.choices, db_index=True)
    kind = models.CharField(_("事项类型"), max_length=16, choices=MatterKind.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("责任部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matters",
    )
    field = models.CharField(_("服务领域"), max_length=40, blank=True)
    basis = models.TextField(_("依据"), blank=True)
    description = models.TextField(_("事项描述"), blank=True)
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)
    scope_all = models.BooleanField(_("适用全部社区"), default=True)
    scope_areas = models.ManyToManyField(Area, verbose_name=_("适用范围"), blank=True, related_name="+")
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    data_fields = models.JSONField(_("采集字段"), default=builtins.list, blank=True)
    frequency = models.CharField(_("频次"), max_length=40, blank=True)
    exited_on = models.DateField(_("退出日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["list", "code"]
        verbose_name = _("事项")
        verbose_name_plural = _("事项")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def in_force(self, day: dt.date) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_to is None or day <= self.valid_to)
        )

    def expired(self, day: dt.date) -> bool:
        return self.status == self.Status.PUBLISHED and self.valid_to is not None and self.valid_to < day


class CatalogVersion(models.Model):
    """A published, dated, numbered snapshot of the current catalog."""

    number = models.PositiveIntegerField(_("版本号"), unique=True)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.CharField(_("发布人"), max_length=150, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    items = models.JSONField(_("事项快照"), default=builtins.list)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("清单版本")
        verbose_name_plural = _("清单版本")

    def __str__(self) -> str:
        return f"v{self.number}"
