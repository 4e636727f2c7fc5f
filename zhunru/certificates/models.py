"""证明事项: the certificates a residents' committee may issue (with basis, purpose, procedure and a sample
form) and those it must not issue (with where the resident goes instead); each community's register of the
certificates it issued, and its refusals of certificates on the negative list.

The register holds personal data. ID numbers and phones are stored only encrypted (SM4-GCM,
`zhunru.core.crypto`) with their masked form for display; the ID number also has a keyed HMAC-SM3 blind
index, so the register can be searched by a full ID number without decrypting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhunru.areas.models import Area
from zhunru.catalog.models import Matter

ID_CONTEXT = "certificates.issuance.id_number"
PHONE_CONTEXT = "certificates.issuance.phone"
ID_INDEX_PURPOSE = "certificates.id_number"


class CertificateList(models.TextChoices):
    MAY_ISSUE = "may_issue", _("可以出具")
    MUST_NOT = "must_not", _("不应出具")


class CertificateType(models.Model):
    """One certificate of the two lists. A negative-list certificate may point at the catalog's matter."""

    code = models.CharField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("证明名称"), max_length=200)
    list = models.CharField(_("清单"), max_length=16, choices=CertificateList.choices, db_index=True)
    matter = models.ForeignKey(
        Matter,
        verbose_name=_("清单事项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate_types",
    )
    basis = models.TextField(_("设定依据"), blank=True)
    purpose = models.TextField(_("办理用途"), blank=True)
    procedure = models.TextField(_("办理流程"), blank=True)
    sample = models.TextField(_("证明式样"), blank=True)
    handled_by = models.TextField(_("改由何处办理"), blank=True)
    source = models.CharField(_("清单来源"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["list", "position", "code"]
        verbose_name = _("证明事项")
        verbose_name_plural = _("证明事项")

    def __str__(self) -> str:
        return self.name


class Issuance(models.Model):
    """One certificate issued by a community (出具证明登记). Personal data only encrypted and masked."""

    number = models.CharField(_("登记编号"), max_length=80, unique=True)
    community = models.ForeignKey(
        Area, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="certificate_issuances"
    )
    certificate_type = models.ForeignKey(
        CertificateType, verbose_name=_("证明事项"), on_delete=models.PROTECT, related_name="issuances"
    )
    issued_on = models.DateField(_("出具日期"), db_index=True)
    applicant_name = models.CharField(_("申请人姓名"), max_length=50)
    id_number_encrypted = models.TextField(_("身份证号（密文）"))
    id_number_index = models.CharField(_("身份证号检索码"), max_length=64, db_index=True)
    id_number_masked = models.CharField(_("身份证号"), max_length=18)
    phone_encrypted = models.TextField(_("联系电话（密文）"))
    phone_masked = models.CharField(_("联系电话"), max_length=11)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("出具证明登记")
        verbose_name_plural = _("出具证明登记")
        indexes = [models.Index(fields=["community", "issued_on"])]

    def __str__(self) -> str:
        return self.number


class Refusal(models.Model):
    """A community declined a certificate of the negative list and gave the resident a referral note.
    No personal data is needed; the resident's name is optional. The note's content is frozen."""

    number = models.CharField(_("告知单编号"), max_length=80, unique=True)
    community = models.ForeignKey(
        Area, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="certificate_refusals"
    )
    certificate_type = models.ForeignKey(
        CertificateType, verbose_name=_("证明事项"), on_delete=models.PROTECT, related_name="refusals"
    )
    refused_on = models.DateField(_("日期"), db_index=True)
    resident_name = models.CharField(_("居民姓名（可不填）"), max_length=50, blank=True)
    requested_by = models.CharField(_("要求出具的单位（可不填）"), max_length=100, blank=True)
    content = models.JSONField(_("告知单内容"), default=dict)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-refused_on", "-pk"]
        verbose_name = _("不予出具登记")
        verbose_name_plural = _("不予出具登记")
        indexes = [models.Index(fields=["community", "certificate_type"])]

    def __str__(self) -> str:
        return self.number
