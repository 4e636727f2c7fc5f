from __future__ import annotations

import builtins

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhunru.areas.models import Area, Department
from zhunru.catalog.models import Matter


class Verdict(models.TextChoices):
    DUTY = "duty", _("依法履职")
    ASSIST = "assist", _("依法协助")
    ADMITTED = "admitted", _("已准入")
    NEGATIVE = "negative", _("负面清单")
    UNAPPROVED = "unapproved", _("未经准入")


ALLOWED = (Verdict.DUTY, Verdict.ASSIST, Verdict.ADMITTED)


class TaskNotice(models.Model):
    """任务登记: one demand that reached a community, with its source, its words and its verdict."""

    class Source(models.TextChoices):
        PASTE = "paste", _("登记")
        BULK = "bulk", _("批量登记")
        DISPATCH = "dispatch", _("部门派单")
        IMPORT = "import", _("导入")

    class Action(models.TextChoices):
        PENDING = "pending", _("待处理")
        ACCEPTED = "accepted", _("已接受")
        REFUSED = "refused", _("已拒绝")

    community = models.ForeignKey(
        Area, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="notices"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("来源部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
    )
    department_text = models.CharField(_("来源（原文）"), max_length=100, blank=True)
    received_on = models.DateField(_("收到日期"), db_index=True)
    text = models.TextField(_("任务内容"))
    deadline = models.DateField(_("完成期限"), null=True, blank=True)
    hours = models.DecimalField(_("预计工时"), max_digits=6, decimal_places=1, null=True, blank=True)
    attachment = models.FileField(_("截图或文件"), upload_to="notices/%Y/%m/", blank=True)
    verdict = models.CharField(_("判定"), max_length=16, choices=Verdict.choices, db_index=True)
    matter = models.ForeignKey(
        Matter, verbose_name=_("匹配事项"), on_delete=models.PROTECT, null=True, blank=True
    )
    matter_code = models.CharField(_("匹配事项编码"), max_length=40, blank=True)
    score = models.DecimalField(_("置信度"), max_digits=3, decimal_places=2, default=0)
    reason = models.TextField(_("理由"))
    matched_words = models.JSONField(_("匹配词"), default=builtins.list, blank=True)
    action = models.CharField(
        _("处理"), max_length=16, choices=Action.choices, default=Action.PENDING, db_index=True
    )
    acted_at = models.DateTimeField(null=True, blank=True)
    refused_on = models.DateField(_("拒绝日期"), null=True, blank=True)
    refusal = models.JSONField(_("拒绝告知书"), default=dict, blank=True)  # the letter's content, frozen
    reported_at = models.DateTimeField(_("举报时间"), null=True, blank=True)
    report_reference = models.CharField(_("举报编号"), max_length=60, blank=True)
    source = models.CharField(_("来源方式"), max_length=16, choices=Source.choices, default=Source.PASTE)
    external_id = models.CharField(_("外部编号"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("任务登记")
        verbose_name_plural = _("任务登记")
        indexes = [
            models.Index(fields=["community", "received_on"]),
            models.Index(fields=["department", "received_on"]),
            models.Index(fields=["community", "verdict"]),
            # the city-wide monthly trends (dashboard, monthly report) read only the index, not 2M rows
            models.Index(
                fields=["received_on", "verdict", "action", "hours", "reported_at"],
                name="notice_month_figures",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_on} {self.text[:20]}"

    @property
    def allowed(self) -> bool:
        return self.verdict in ALLOWED

    @property
    def reported(self) -> bool:
        return self.reported_at is not None

    @property
    def source_name(self) -> str:
        """The asking department as known: its name, else the words typed, else empty."""
        return self.department.name if self.department_id else self.department_text  # type: ignore[union-attr]
