"""Forms parse input; the services validate it (ID check digit, phone, lists)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhunru.certificates.models import CertificateList, CertificateType


class NoEchoInput(forms.TextInput):
    """A text input that never writes the submitted value back into the page (personal data)."""

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        return super().get_context(name, None, attrs)


def _types(certificate_list: str) -> Any:
    return CertificateType.objects.filter(list=certificate_list, active=True).order_by("position", "code")


class IssuanceForm(forms.Form):
    certificate_type = forms.ModelChoiceField(label=_("证明事项"), queryset=CertificateType.objects.none())
    issued_on = forms.DateField(
        label=_("出具日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    applicant_name = forms.CharField(label=_("申请人姓名"), max_length=50)
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=30,
        widget=NoEchoInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("联系电话（手机）"),
        max_length=20,
        widget=NoEchoInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["certificate_type"].queryset = _types(CertificateList.MAY_ISSUE)  # type: ignore[attr-defined]


class RefusalForm(forms.Form):
    certificate_type = forms.ModelChoiceField(label=_("证明事项"), queryset=CertificateType.objects.none())
    resident_name = forms.CharField(label=_("居民姓名（可不填）"), max_length=50, required=False)
    requested_by = forms.CharField(label=_("要求出具的单位（可不填）"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["certificate_type"].queryset = _types(CertificateList.MUST_NOT)  # type: ignore[attr-defined]


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("查看理由"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("将记入审计日志；不要填写号码。"),
    )


class IdSearchForm(forms.Form):
    id_number = forms.CharField(
        label=_("按完整身份证号查找"), max_length=30, widget=NoEchoInput(attrs={"autocomplete": "off"})
    )
