"""评议: once a year the communities rate the departments that sent them work (four criteria, 1–5, with
a comment); the results per department are published only where at least five communities answered.
And residents' satisfaction with the service providers in a community (物业服务企业 and others).

An answer stores the community, never the person who typed it: evaluation rates departments, it does not
track community workers. Who rated what is never shown to a department."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhunru.areas.models import Area, Department

SCORE_MIN, SCORE_MAX = 1, 5


class RoundStatus(models.TextChoices):
    OPEN = "open", _("答卷中")
    CLOSED = "closed", _("已截止")
    PUBLISHED = "published", _("已公布")


class Criterion(models.TextChoices):
    """The four criteria, in the order of the form; the value is the answer's field name."""

    PROMPTNESS = "promptness", _("任务布置及时合理")
    MONEY = "money", _("经费落实到位")
    BURDEN = "burden", _("减轻社区负担")
    ATTITUDE = "attitude", _("工作作风态度")


CRITERIA: tuple[str, ...] = tuple(Criterion.values)


class EvaluationRound(models.Model):
    """年度评议: one a year, opened by the approval office; open → closed → published."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.OPEN, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    due_on = models.DateField(_("答卷截止日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    opened_on = models.DateField(_("开始日期"))
    closed_on = models.DateField(_("截止日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度评议")
        verbose_name_plural = _("年度评议")

    def __str__(self) -> str:
        return f"{self.year}"


class RoundStatusChange(models.Model):
    """One row per transition of a round."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="history")
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
        return str(RoundStatus(self.from_status).label) if self.from_status in RoundStatus.values else ""

    @property
    def to_label(self) -> str:
        return str(RoundStatus(self.to_status).label) if self.to_status in RoundStatus.values else ""


def _score_check(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": SCORE_MIN, f"{field}__lte": SCORE_MAX}),
        name=f"evaluation_answer_{field}_1_5",
    )


class EvaluationAnswer(models.Model):
    """One community's rating of one department in one round. Answering again while the round is open
    replaces the answer (one per community, department and round)."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="answers")
    community = models.ForeignKey(Area, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, verbose_name=_("被评议单位"), on_delete=models.PROTECT, related_name="evaluation_answers"
    )
    promptness = models.PositiveSmallIntegerField(_("任务布置及时合理"))
    money = models.PositiveSmallIntegerField(_("经费落实到位"))
    burden = models.PositiveSmallIntegerField(_("减轻社区负担"))
    attitude = models.PositiveSmallIntegerField(_("工作作风态度"))
    comment = models.TextField(_("意见建议"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "department", "pk"]
        verbose_name = _("评议答卷")
        verbose_name_plural = _("评议答卷")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "community", "department"], name="evaluation_answer_once"
            ),
            *[_score_check(f) for f in CRITERIA],
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.department_id}"


class DepartmentReply(models.Model):
    """部门回应: the department head's written reply to its results, published with them."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="replies")
    department = models.ForeignKey(
        Department, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="evaluation_replies"
    )
    text = models.TextField(_("回应"))
    written_on = models.DateField(_("回应日期"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "department"]
        verbose_name = _("部门回应")
        verbose_name_plural = _("部门回应")
        constraints = [models.UniqueConstraint(fields=["round", "department"], name="evaluation_reply_once")]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.department_id}"


class ProviderKind(models.TextChoices):
    PROPERTY = "property", _("物业服务企业")
    UTILITY = "utility", _("市政公用单位")
    SOCIAL = "social", _("社会组织")
    OTHER = "other", _("其他服务单位")


class ProviderSurvey(models.Model):
    """居民满意度测评: residents of a community asked about one service provider. Below 50 % satisfied
    (satisfied / asked) the provider is flagged: for a 物业服务企业 the contract-termination procedure."""

    community = models.ForeignKey(
        Area, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="provider_surveys"
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    provider_name = models.CharField(_("服务单位名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=ProviderKind.choices)
    surveyed_on = models.DateField(_("测评日期"))
    asked = models.PositiveIntegerField(_("参评人数"))
    satisfied = models.PositiveIntegerField(_("满意人数"))
    not_satisfied = models.PositiveIntegerField(_("不满意人数"))
    note = models.TextField(_("备注"), blank=True)
    flagged = models.BooleanField(_("满意率不足50%"), default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-surveyed_on", "-pk"]
        verbose_name = _("居民满意度测评")
        verbose_name_plural = _("居民满意度测评")
        constraints = [
            models.CheckConstraint(condition=models.Q(asked__gt=0), name="provider_survey_asked_positive"),
            models.CheckConstraint(
                condition=models.Q(satisfied__lte=models.F("asked") - models.F("not_satisfied")),
                name="provider_survey_counts_fit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_name} {self.year}"

    @property
    def rate(self) -> float:
        """满意率: satisfied among all asked (those who answered neither count as not satisfied)."""
        return self.satisfied / self.asked if self.asked else 0.0

    @property
    def rate_percent(self) -> str:
        return f"{self.rate * 100:.1f}%"

    @property
    def is_property(self) -> bool:
        return self.kind == ProviderKind.PROPERTY
