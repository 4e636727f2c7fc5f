from __future__ import annotations

import builtins

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhunru.areas.models import Area, Department
from zhunru.catalog.models import Matter, MatterKind


class Status(models.TextChoices):
    """States of an access application and of an exit request (see access.workflow)."""

    DRAFT = "draft", _("草稿")
    SIGNED = "signed", _("已签发")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回补正")
    RESUBMITTED = "resubmitted", _("补正后重新提交")
    ACCEPTED = "accepted", _("已受理")
    UNDER_REVIEW = "under_review", _("审查中")
    HEARING_SCHEDULED = "hearing_scheduled", _("已安排听证")
    HEARING_HELD = "hearing_held", _("已举行听证")
    APPROVED = "approved", _("准予准入")
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("附条件准予准入")
    REJECTED = "rejected", _("不予准入")
    EXITED = "exited", _("决定退出")
    EXIT_REJECTED = "exit_rejected", _("决定不退出")
    WITHDRAWN = "withdrawn", _("已撤回")


class Frequency(models.TextChoices):
    ONCE = "once", _("一次性")
    DAILY = "daily", _("每日")
    WEEKLY = "weekly", _("每周")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    YEARLY = "yearly", _("每年")
    AS_NEEDED = "as_needed", _("不定期")


class CommunityRole(models.TextChoices):
    LEAD = "lead", _("社区主办")
    ASSIST = "assist", _("社区协办")


class ScopeKind(models.TextChoices):
    ALL = "all", _("全部社区")
    STREETS = "streets", _("部分街道")
    COMMUNITIES = "communities", _("部分社区")


class ProcedureSettings(models.Model):
    """Time limits (working days) and the quorum, set by the approval office. A single row."""

    submit_lead_days = models.PositiveSmallIntegerField(_("提前申请工作日数"), default=30)
    accept_days = models.PositiveSmallIntegerField(_("受理或退回期限（工作日）"), default=5)
    decide_days = models.PositiveSmallIntegerField(_("作出决定期限（工作日）"), default=15)
    hearing_notice_days = models.PositiveSmallIntegerField(_("听证公告期（日）"), default=10)
    quorum = models.PositiveSmallIntegerField(_("法定人数（0 表示成员过半数）"), default=0)
    remind_days_before = models.PositiveSmallIntegerField(_("到期前提醒（工作日）"), default=2)
    expiry_remind_days = models.PositiveSmallIntegerField(_("到期前续期提醒（工作日）"), default=20)

    class Meta:
        verbose_name = _("程序设置")
        verbose_name_plural = _("程序设置")

    def __str__(self) -> str:
        return "procedure settings"


class AccessApplication(models.Model):
    """准入申请: a department's written request to put a matter into communities."""

    reference = models.CharField(_("申请编号"), max_length=20, unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("申请单位"), on_delete=models.PROTECT, related_name="applications"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=32, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(default=1)  # bumped by every transition (optimistic concurrency)

    matter_name = models.CharField(_("事项名称"), max_length=200)
    kind = models.CharField(_("事项类型"), max_length=16, choices=MatterKind.choices, default=MatterKind.TASK)
    field = models.CharField(_("服务领域"), max_length=40, blank=True)
    community_tasks = models.TextField(_("社区需承担的工作"))
    basis = models.TextField(_("法律政策依据"))
    scope_kind = models.CharField(
        _("实施范围"), max_length=16, choices=ScopeKind.choices, default=ScopeKind.ALL
    )
    scope_areas = models.ManyToManyField(Area, verbose_name=_("街道或社区"), blank=True, related_name="+")
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期（长期事项留空）"), null=True, blank=True)
    frequency = models.CharField(
        _("频次"), max_length=16, choices=Frequency.choices, default=Frequency.AS_NEEDED
    )
    community_role = models.CharField(
        _("社区角色"), max_length=8, choices=CommunityRole.choices, default=CommunityRole.ASSIST
    )
    workload_hours = models.DecimalField(
        _("预计工作量（小时/社区/月）"), max_digits=7, decimal_places=1, default=0
    )
    money_per_community_year = models.DecimalField(
        _("经费（元/社区/年）"), max_digits=12, decimal_places=2, default=0
    )
    money_source = models.CharField(_("经费来源"), max_length=200, blank=True)
    staff = models.CharField(_("人员支持"), max_length=200, blank=True)
    training = models.CharField(_("培训"), max_length=200, blank=True)
    equipment = models.CharField(_("设备"), max_length=200, blank=True)
    data_fields = models.JSONField(_("采集字段"), default=builtins.list, blank=True)
    signboard_wanted = models.BooleanField(_("需要挂牌"), default=False)
    no_assessment_declared = models.BooleanField(_("承诺不单独对社区考核评比排名"), default=False)
    contact_name = models.CharField(_("联系人"), max_length=60)
    contact_phone = models.CharField(_("联系电话"), max_length=30)

    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    accept_due = models.DateField(_("受理期限"), null=True, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    decision_due = models.DateField(_("决定期限"), null=True, blank=True)
    paused_on = models.DateField(_("计时暂停日期"), null=True, blank=True)
    returned_from = models.CharField(max_length=32, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    unfunded_justification = models.TextField(_("无经费准入的书面理由"), blank=True)
    admitted_matter = models.ForeignKey(
        Matter, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("准入申请")
        verbose_name_plural = _("准入申请")

    def __str__(self) -> str:
        return f"{self.reference} {self.matter_name}"

    @property
    def unfunded(self) -> bool:
        return self.workload_hours > 0 and self.money_per_community_year <= 0


class ExitRequest(models.Model):
    """退出: a request that an admitted matter leave the catalog."""

    class Reason(models.TextChoices):
        RESIDENTS = "residents", _("居民普遍不认可")
        UNPAID = "unpaid", _("经费未到位")
        REPEALED = "repealed", _("依据已废止")
        DUPLICATE = "duplicate", _("与其他事项重复")
        OTHER = "other", _("其他")

    reference = models.CharField(_("申请编号"), max_length=20, unique=True)
    matter = models.ForeignKey(
        Matter, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="exit_requests"
    )
    requested_by = models.ForeignKey(  # empty: opened by the system (e.g. money overdue, 费随事转)
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requester_org = models.CharField(_("提出单位"), max_length=200)
    reasons = models.JSONField(_("理由类别"), default=builtins.list)
    explanation = models.TextField(_("具体说明"))
    resident_signatures = models.PositiveIntegerField(_("居民签名人数"), default=0)
    status = models.CharField(
        _("状态"), max_length=32, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    submitted_on = models.DateField(_("提交日期"))
    accept_due = models.DateField(_("受理期限"), null=True, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    decision_due = models.DateField(_("决定期限"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("退出申请")
        verbose_name_plural = _("退出申请")

    def __str__(self) -> str:
        return f"{self.reference} {self.matter_id}"

    @property
    def department_id(self) -> int | None:  # the department a conflicted member must not vote for
        return self.matter.department_id


class Attachment(models.Model):
    """A basis document (PDF, DOCX, JPG/PNG), checked by content, ≤ 20 MB."""

    application = models.ForeignKey(AccessApplication, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sm3 = models.CharField(max_length=64)
    file = models.FileField(upload_to="attachments/%Y/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Opinion(models.Model):
    """审查意见: one reviewer's opinion (and vote) on an application or an exit request."""

    class Stance(models.TextChoices):
        AGREE = "agree", _("同意")
        AGREE_WITH_CONDITIONS = "agree_with_conditions", _("附条件同意")
        DISAGREE = "disagree", _("不同意")

    application = models.ForeignKey(
        AccessApplication, on_delete=models.CASCADE, null=True, blank=True, related_name="opinions"
    )
    exit_request = models.ForeignKey(
        ExitRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="opinions"
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="opinions")
    stance = models.CharField(_("意见"), max_length=32, choices=Stance.choices)
    reasons = models.TextField(_("理由"))
    conditions = models.TextField(_("条件"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="opinion_once_per_application"),
            models.UniqueConstraint(fields=["exit_request", "reviewer"], name="opinion_once_per_exit"),
            models.CheckConstraint(
                condition=models.Q(application__isnull=False, exit_request__isnull=True)
                | models.Q(application__isnull=True, exit_request__isnull=False),
                name="opinion_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id}: {self.stance}"


class Hearing(models.Model):
    """听证 on an application."""

    application = models.ForeignKey(AccessApplication, on_delete=models.CASCADE, related_name="hearings")
    scheduled_on = models.DateField(_("听证日期"))
    place = models.CharField(_("地点"), max_length=200)
    notice_days = models.PositiveSmallIntegerField(_("公告期（日）"))
    participants = models.TextField(_("参加人员"))
    agenda = models.TextField(_("议程"))
    minutes = models.TextField(_("听证记录"), blank=True)
    outcome = models.TextField(_("听证结论"), blank=True)
    held_on = models.DateField(_("举行日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-scheduled_on"]

    def __str__(self) -> str:
        return f"hearing {self.scheduled_on}"


class Decision(models.Model):
    """准入决定书 / 不予准入决定书 / 退出决定书: numbered per year without gaps."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("准予准入")
        APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("附条件准予准入")
        REJECTED = "rejected", _("不予准入")
        EXITED = "exited", _("决定退出")
        EXIT_REJECTED = "exit_rejected", _("决定不退出")

    number = models.CharField(_("文号"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    outcome = models.CharField(_("决定"), max_length=32, choices=Outcome.choices)
    application = models.OneToOneField(
        AccessApplication, on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )
    exit_request = models.OneToOneField(
        ExitRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )
    matter = models.ForeignKey(
        Matter, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    decided_on = models.DateField(_("决定日期"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    content = models.JSONField(_("决定书内容"))
    digest = models.CharField(_("SM3 摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-seq"]
        constraints = [models.UniqueConstraint(fields=["year", "seq"], name="decision_number_unique")]

    def __str__(self) -> str:
        return self.number


class StatusChange(models.Model):
    """One row per transition of an application or exit request."""

    application = models.ForeignKey(
        AccessApplication, on_delete=models.CASCADE, null=True, blank=True, related_name="history"
    )
    exit_request = models.ForeignKey(
        ExitRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="history"
    )
    transition = models.CharField(max_length=32)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        # 已办 (access.selectors.done): one user's latest steps, read from the end of this index
        indexes = [models.Index(fields=["actor", "at", "id"], name="access_statuschange_actor_at")]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status}"

    @property
    def from_label(self) -> str:
        return str(Status(self.from_status).label) if self.from_status in Status.values else self.from_status

    @property
    def to_label(self) -> str:
        return str(Status(self.to_status).label) if self.to_status in Status.values else self.to_status


class Reminder(models.Model):
    """A reminder or escalation already sent (so the worker sends each once)."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
