"""经费 (费随事转): what each approved decision commits to each community per year, what the department
disburses, what each community confirms or disputes, and the matters marked unfunded for an exit review.

All amounts are yuan with two decimals."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhunru.access.models import Decision, ExitRequest
from zhunru.areas.models import Area, Department
from zhunru.catalog.models import Matter

MONEY = {"max_digits": 14, "decimal_places": 2}


class FundingSettings(models.Model):
    """One row, edited by the approval office: the overdue limit, the yearly payment date and the
    reference standards of community funding (④ 二(四): public-welfare funding 40 yuan per household,
    at least 80,000 yuan a year up to 2,000 households, 40 yuan more per household above; ⑤ 20: work
    funding at least 50,000 yuan per community per year)."""

    overdue_working_days = models.PositiveSmallIntegerField(_("拨付逾期认定（工作日）"), default=30)
    due_month = models.PositiveSmallIntegerField(_("每年拨付截止月"), default=3)
    due_day = models.PositiveSmallIntegerField(_("每年拨付截止日"), default=31)
    welfare_per_household = models.DecimalField(
        _("公益事业经费标准（元/户）"), max_digits=10, decimal_places=2, default=Decimal("40")
    )
    welfare_base_households = models.PositiveIntegerField(_("公益事业经费保底户数"), default=2000)
    welfare_minimum = models.DecimalField(_("公益事业经费保底（元/年）"), **MONEY, default=Decimal("80000"))
    work_minimum = models.DecimalField(_("社区工作经费下限（元/年）"), **MONEY, default=Decimal("50000"))

    class Meta:
        verbose_name = _("经费设置")
        verbose_name_plural = _("经费设置")

    def __str__(self) -> str:
        return "funding settings"


class Commitment(models.Model):
    """经费承诺: the money an approved decision promises one community for one year."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("准入决定"), on_delete=models.PROTECT, related_name="funding_commitments"
    )
    matter = models.ForeignKey(
        Matter, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="funding_commitments"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="funding_commitments"
    )
    community = models.ForeignKey(
        Area, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="funding_commitments"
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    amount = models.DecimalField(_("承诺金额（元）"), **MONEY)
    source = models.CharField(_("经费来源"), max_length=200, blank=True)
    due_on = models.DateField(_("拨付期限"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "matter__code", "community__code"]
        verbose_name = _("经费承诺")
        verbose_name_plural = _("经费承诺")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "community", "year"], name="funding_commitment_once_per_year"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="funding_commitment_positive"),
        ]
        indexes = [models.Index(fields=["matter", "year"]), models.Index(fields=["community", "year"])]

    def __str__(self) -> str:
        return f"{self.matter_id}/{self.community_id}/{self.year}: {self.amount}"


class Disbursement(models.Model):
    """拨付: one payment voucher of a department for one matter and year, to one or more communities."""

    reference = models.CharField(_("拨付编号"), max_length=20, unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("拨付单位"), on_delete=models.PROTECT, related_name="disbursements"
    )
    matter = models.ForeignKey(
        Matter, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="disbursements"
    )
    year = models.PositiveSmallIntegerField(_("承诺年度"))
    paid_on = models.DateField(_("拨付日期"))
    voucher_number = models.CharField(_("凭证号"), max_length=60)
    amount_per_community = models.DecimalField(_("每社区金额（元）"), **MONEY)
    total = models.DecimalField(_("合计（元）"), **MONEY)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("拨付")
        verbose_name_plural = _("拨付")
        constraints = [
            models.UniqueConstraint(fields=["department", "voucher_number"], name="funding_voucher_unique")
        ]

    def __str__(self) -> str:
        return self.reference


class LineStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认到账")
    DISPUTED = "disputed", _("有异议")
    CANCELLED = "cancelled", _("已撤销")


class DisbursementLine(models.Model):
    """One community's part of a disbursement, which that community confirms or disputes."""

    disbursement = models.ForeignKey(Disbursement, on_delete=models.CASCADE, related_name="lines")
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="lines")
    community = models.ForeignKey(Area, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    status = models.CharField(
        _("状态"), max_length=16, choices=LineStatus.choices, default=LineStatus.PENDING, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    note = models.TextField(_("说明"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_on = models.DateField(_("确认或异议日期"), null=True, blank=True)

    class Meta:
        ordering = ["disbursement", "community__code"]
        verbose_name = _("拨付明细")
        verbose_name_plural = _("拨付明细")
        constraints = [
            models.UniqueConstraint(fields=["disbursement", "community"], name="funding_line_once"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="funding_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.disbursement_id}/{self.community_id}"


class LineStatusChange(models.Model):
    """One row per transition of a disbursement line."""

    line = models.ForeignKey(DisbursementLine, on_delete=models.CASCADE, related_name="history")
    transition = models.CharField(max_length=16)
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
    def to_label(self) -> str:
        return (
            str(LineStatus(self.to_status).label) if self.to_status in LineStatus.values else self.to_status
        )


class UnfundedMatter(models.Model):
    """经费未到位: an admitted matter whose payment is overdue, put forward for an exit review. Once per
    matter: the exit request opened for it (or the one already open) is linked here."""

    matter = models.OneToOneField(
        Matter, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="unfunded"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="+"
    )
    flagged_on = models.DateField(_("认定日期"))
    oldest_due_on = models.DateField(_("最早拨付期限"))
    overdue_amount = models.DecimalField(_("逾期未拨金额（元）"), **MONEY)
    communities = models.PositiveIntegerField(_("涉及社区数"))
    exit_request = models.ForeignKey(
        ExitRequest,
        verbose_name=_("退出申请"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-flagged_on", "-pk"]
        verbose_name = _("经费未到位事项")
        verbose_name_plural = _("经费未到位事项")

    def __str__(self) -> str:
        return f"unfunded {self.matter_id}"
