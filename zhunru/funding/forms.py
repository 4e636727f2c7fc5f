from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhunru.funding.models import FundingSettings


class CommunitiesField(forms.MultipleChoiceField):
    """The service checks each code (unknown, outside the commitments) with a message naming it."""

    def valid_value(self, value: str) -> bool:
        return True


class DisbursementForm(forms.Form):
    """Parses the form; the service validates the values (amount, date, communities, commitments)."""

    year = forms.CharField(label=_("承诺年度"), max_length=4)
    paid_on = forms.CharField(label=_("拨付日期"), widget=forms.DateInput(attrs={"type": "date"}))
    voucher_number = forms.CharField(label=_("凭证号"), max_length=100)
    amount = forms.CharField(
        label=_("每社区金额（元）"), max_length=30, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    communities = CommunitiesField(label=_("拨付的社区"), widget=forms.CheckboxSelectMultiple, required=False)
    note = forms.CharField(label=_("备注"), max_length=500, required=False)

    def __init__(self, *args, community_choices: list[tuple[str, str]] | None = None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["communities"].choices = community_choices or []


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("说明"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = FundingSettings
        fields = [
            "overdue_working_days",
            "due_month",
            "due_day",
            "welfare_per_household",
            "welfare_base_households",
            "welfare_minimum",
            "work_minimum",
        ]
