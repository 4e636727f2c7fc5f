"""监督: communities' reports of unapproved work (违规举报), supervision's cases (监督案件), the feedback
to each reporting community, and flags of possible retaliation against a reporting community.

Who reported is known to supervision only: nothing here is ever shown to a department except the
anonymous counts of `selectors.department_stats`."""

from __future__ import annotations

import builtins

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhunru.areas.models import Area, Department
from zhunru.catalog.models import Matter
from zhunru.gateway.models import TaskNotice


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    INVESTIGATING = "investigating", _("调查中")
    CONCLUDED = "concluded", _("已办结")


class Measure(models.TextChoices):
    RECTIFY = "rectify", _("责令整改")
    CIRCULATE = "circulate", _("通报")
    INTERVIEW = "interview", _("约谈")
    ACCOUNTABILITY = "accountability", _("问责")


class SupervisionSettings(models.Model):
    """Time limits of a case in working days, counted from the day the case was received. One row."""

    start_days = models.PositiveSmallIntegerField(_("启动调查期限（工作日）"), default=5)
    conclude_days = models.PositiveSmallIntegerField(_("办结期限（工作日）"), default=30)
    remind_days_before = models.PositiveSmallIntegerField(_("到期前提醒（工作日）"), default=2)
    retaliation_days = models.PositiveSmallIntegerField(_("打击报复监测期（日）"), default=90)

    class Meta:
        verbose_name = _("监督设置")
        verbose_name_plural = _("监督设置")

    def __str__(self) -> str:
        return "supervision settings"


class SupervisionCase(models.Model):
    """监督案件: the open reports about one department and one matter (or no matter), handled together."""

    number = models.CharField(_("案件编号"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    department = models.ForeignKey(
        Department,
        verbose_name=_("被举报单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_cases",
    )
    department_text = models.CharField(_("被举报单位（原文）"), max_length=100, blank=True)
    matter = models.ForeignKey(
        Matter, verbose_name=_("事项"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.RECEIVED, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    received_on = models.DateField(_("受理日期"))
    start_due = models.DateField(_("启动调查期限"))
    conclude_due = models.DateField(_("办结期限"))
    started_on = models.DateField(_("启动调查日期"), null=True, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    substantiated = models.BooleanField(_("举报属实"), null=True, blank=True)
    measures = models.JSONField(_("处理措施"), default=builtins.list, blank=True)
    conclusion = models.TextField(_("办理结论"), blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-seq"]
        verbose_name = _("监督案件")
        verbose_name_plural = _("监督案件")
        constraints = [models.UniqueConstraint(fields=["year", "seq"], name="supervision_case_number")]
        indexes = [models.Index(fields=["department", "status"])]

    def __str__(self) -> str:
        return self.number

    @property
    def subject(self) -> str:
        return self.department.name if self.department_id else self.department_text  # type: ignore[union-attr]

    @property
    def measure_labels(self) -> list[str]:
        return [str(Measure(m).label) if m in Measure.values else m for m in self.measures]


class ViolationReport(models.Model):
    """违规举报: a community worker reports a demand judged negative-list or unapproved."""

    reference = models.CharField(_("举报编号"), max_length=30, unique=True)
    notice = models.OneToOneField(
        TaskNotice, verbose_name=_("任务登记"), on_delete=models.PROTECT, related_name="violation_report"
    )
    community = models.ForeignKey(
        Area, verbose_name=_("举报社区"), on_delete=models.PROTECT, related_name="violation_reports"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("被举报单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violation_reports",
    )
    matter = models.ForeignKey(
        Matter, verbose_name=_("事项"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("举报人"), on_delete=models.PROTECT, related_name="+"
    )
    reported_on = models.DateField(_("举报日期"), db_index=True)
    evidence = models.JSONField(_("证据快照"), default=dict)
    case = models.ForeignKey(
        SupervisionCase, verbose_name=_("监督案件"), on_delete=models.PROTECT, related_name="reports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("违规举报")
        verbose_name_plural = _("违规举报")
        indexes = [models.Index(fields=["community", "department", "reported_on"])]

    def __str__(self) -> str:
        return self.reference


class CaseStatusChange(models.Model):
    """One row per transition of a case."""

    case = models.ForeignKey(SupervisionCase, on_delete=models.CASCADE, related_name="history")
    transition = models.CharField(max_length=32)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status}"

    @property
    def from_label(self) -> str:
        return str(CaseStatus(self.from_status).label) if self.from_status in CaseStatus.values else ""

    @property
    def to_label(self) -> str:
        return (
            str(CaseStatus(self.to_status).label) if self.to_status in CaseStatus.values else self.to_status
        )


class CaseFeedback(models.Model):
    """办理结果反馈: what supervision told one reporting community when the case was concluded."""

    case = models.ForeignKey(SupervisionCase, on_delete=models.CASCADE, related_name="feedback")
    community = models.ForeignKey(Area, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("反馈内容"))
    sent_on = models.DateField(_("反馈日期"))
    recipients = models.PositiveIntegerField(_("通知人数"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "community"]
        constraints = [
            models.UniqueConstraint(fields=["case", "community"], name="case_feedback_once_per_community")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}→{self.community_id}"


class RetaliationFlag(models.Model):
    """疑似打击报复: a reported department turned to a reporting community soon after the report."""

    class Kind(models.TextChoices):
        DEMAND = "demand", _("新派任务")
        EVALUATION = "evaluation", _("评议")
        ASSESSMENT = "assessment", _("考核")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("被举报单位"), on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(
        Area, verbose_name=_("举报社区"), on_delete=models.PROTECT, related_name="+"
    )
    report = models.ForeignKey(
        ViolationReport, verbose_name=_("相关举报"), on_delete=models.PROTECT, related_name="flags"
    )
    notice = models.OneToOneField(
        TaskNotice,
        verbose_name=_("任务登记"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="retaliation_flag",
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    occurred_on = models.DateField(_("发生日期"))
    days_after_report = models.PositiveIntegerField(_("距举报天数"))
    description = models.TextField(_("说明"))
    flagged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-flagged_at", "-pk"]
        verbose_name = _("疑似打击报复")
        verbose_name_plural = _("疑似打击报复")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id"],
                condition=~models.Q(object_id=""),
                name="retaliation_flag_once_per_object",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.department_id}→{self.community_id}"
