from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhunru.supervision.models import Measure, SupervisionSettings


class ConcludeForm(forms.Form):
    """Parses the conclusion; the service validates it (measures only when substantiated)."""

    substantiated = forms.TypedChoiceField(
        label=_("调查结论"),
        choices=[("1", _("举报属实")), ("0", _("举报不属实"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    measures = forms.MultipleChoiceField(
        label=_("处理措施（属实时至少选一项）"),
        choices=Measure.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    conclusion = forms.CharField(
        label=_("办理结论（将反馈给举报社区）"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = SupervisionSettings
        fields = ["start_days", "conclude_days", "remind_days_before", "retaliation_days"]
