from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """区划: county → street → community, keyed for ever by its 12-digit 统计用区划代码."""

    class Level(models.TextChoices):
        COUNTY = "county", _("区县")
        STREET = "street", _("街道/乡镇")
        COMMUNITY = "community", _("社区/村")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    households = models.PositiveIntegerField(_("户数"), default=0)
    population = models.PositiveIntegerField(_("人口"), default=0)
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_to = models.DateField(_("撤销日期"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("区划")
        verbose_name_plural = _("区划")
        indexes = [models.Index(fields=["level", "parent"])]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A government body: 职能部门, 街道办事处/乡镇, 准入审批机构 or 纪检监察."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("职能部门")
        STREET = "street", _("街道办事处/乡镇")
        APPROVAL = "approval", _("准入审批机构")
        SUPERVISION = "supervision", _("纪检监察")

    code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    aliases = models.JSONField(_("简称"), default=list, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("辖区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        help_text=_("街道办事处所对应的街道区划"),
    )
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self) -> str:
        return self.name
