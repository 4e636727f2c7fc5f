from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One row of the tamper-evident audit chain. Rows are only ever inserted (core.audit.record)."""

    class Result(models.TextChoices):
        OK = "ok", _("成功")
        FAILED = "failed", _("失败")
        DENIED = "denied", _("拒绝")

    seq = models.BigIntegerField(_("序号"), unique=True)
    created_at = models.DateTimeField(_("时间"), db_index=True)
    actor_id = models.BigIntegerField(_("操作人编号"), null=True, blank=True, db_index=True)
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    organization = models.CharField(_("单位"), max_length=200, blank=True)
    ip = models.CharField(_("IP 地址"), max_length=64, blank=True)
    event_type = models.CharField(_("事件类型"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    summary = models.JSONField(_("摘要"), default=dict, blank=True)
    result = models.CharField(_("结果"), max_length=16, choices=Result.choices, default=Result.OK)
    mac = models.CharField(_("校验值"), max_length=64)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_type}"


class AuditHead(models.Model):
    """The single row that holds the chain's tip; locked while an event is appended."""

    last_seq = models.BigIntegerField(default=0)
    last_mac = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"audit head #{self.last_seq}"


class WorkdayOverride(models.Model):
    """An admin-entered day that overrides the official calendar (a holiday, or a 调休 make-up day)."""

    day = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")

    def __str__(self) -> str:
        return f"{self.day} {'班' if self.is_workday else '休'}"


class Counter(models.Model):
    """Gapless sequences (decision numbers per year, catalog versions): see core.numbering."""

    key = models.CharField(max_length=100, unique=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class ChangeStamp(models.Model):
    """How many times the rows behind one scope have changed: a version number for cached pages.

    Written only by database triggers (core migration 0003): every INSERT, UPDATE or DELETE of a demand
    bumps `notices:<community id>`, of a catalog matter bumps `catalog`, whatever code wrote it. A page
    cached under the scope's number is therefore never served after its rows changed. See core.stamps.
    """

    scope = models.CharField(max_length=60, primary_key=True)
    n = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope}#{self.n}"
