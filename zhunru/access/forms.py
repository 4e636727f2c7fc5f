from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhunru.access.models import AccessApplication, ExitRequest, Opinion
from zhunru.areas.models import Area

APPLICATION_FIELDS = [
    "matter_name",
    "kind",
    "field",
    "community_tasks",
    "basis",
    "scope_kind",
    "start_date",
    "end_date",
    "frequency",
    "community_role",
    "workload_hours",
    "money_per_community_year",
    "money_source",
    "staff",
    "training",
    "equipment",
    "signboard_wanted",
    "no_assessment_declared",
    "contact_name",
    "contact_phone",
]


class DateInput(forms.DateInput):
    """<input type=date> accepts only ISO dates: the localized 2026/06/01 would show an empty field."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None, format: str = "%Y-%m-%d") -> None:
        super().__init__(attrs, format=format)


class ApplicationForm(forms.ModelForm):
    """The 申请准入社区工作事项审批表. The service validates again; this only parses."""

    scope_areas = forms.ModelMultipleChoiceField(
        label=_("街道或社区（实施范围为部分街道/社区时选择）"),
        queryset=Area.objects.filter(level__in=[Area.Level.STREET, Area.Level.COMMUNITY]).order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    data_fields_text = forms.CharField(
        label=_("采集的数据字段（报表、台账填写，用分号分隔）"), required=False, max_length=2000
    )

    class Meta:
        model = AccessApplication
        fields = APPLICATION_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "community_tasks": forms.Textarea(attrs={"rows": 3}),
            "basis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk:
            self.fields["data_fields_text"].initial = "；".join(self.instance.data_fields)
            self.fields["scope_areas"].initial = list(self.instance.scope_areas.all())

    def service_data(self) -> dict:
        data = {key: self.cleaned_data.get(key) for key in APPLICATION_FIELDS}
        data["scope_areas"] = [a.code for a in self.cleaned_data.get("scope_areas") or []]
        data["data_fields"] = self.cleaned_data.get("data_fields_text", "")
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class HearingForm(forms.Form):
    scheduled_on = forms.DateField(label=_("听证日期"), widget=DateInput())
    place = forms.CharField(label=_("地点"), max_length=200)
    notice_days = forms.IntegerField(label=_("公告期（日）"), min_value=1, max_value=60, required=False)
    participants = forms.CharField(
        label=_("参加人员（社区代表、居民代表、申请部门）"), widget=forms.Textarea(attrs={"rows": 2})
    )
    agenda = forms.CharField(label=_("议程"), widget=forms.Textarea(attrs={"rows": 2}))


class HearingRecordForm(forms.Form):
    held_on = forms.DateField(label=_("举行日期"), widget=DateInput())
    minutes = forms.CharField(label=_("听证记录"), widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.CharField(label=_("听证结论"), widget=forms.Textarea(attrs={"rows": 2}))


class OpinionForm(forms.Form):
    stance = forms.ChoiceField(label=_("审查意见"), choices=Opinion.Stance.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))
    conditions = forms.CharField(
        label=_("条件（附条件同意时填写）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("决定"),
        choices=[
            ("approved", _("准予准入")),
            ("approved_with_conditions", _("附条件准予准入")),
            ("rejected", _("不予准入")),
        ],
        widget=forms.RadioSelect,
    )
    conditions = forms.CharField(
        label=_("附加条件（每行一条）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reasons = forms.CharField(
        label=_("理由（不予准入时必填）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    unfunded_justification = forms.CharField(
        label=_("无经费准入的书面理由（有工作量而无经费时必填，载入决定书）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExitDecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("决定"),
        choices=[("exited", _("决定退出")), ("exit_rejected", _("决定不退出"))],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ExitRequestForm(forms.Form):
    reasons = forms.MultipleChoiceField(
        label=_("退出理由"), choices=ExitRequest.Reason.choices, widget=forms.CheckboxSelectMultiple
    )
    explanation = forms.CharField(
        label=_("具体情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    resident_signatures = forms.IntegerField(label=_("居民签名人数（如有）"), min_value=0, required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("政策依据附件（PDF、DOCX、JPG、PNG，≤ 20 MB）"))
