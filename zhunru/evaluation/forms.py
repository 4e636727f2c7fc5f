"""Forms parse; the services validate (scores 1–5, counts that fit)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhunru.core import clock
from zhunru.evaluation.models import Criterion, ProviderKind

SCORE_CHOICES = [("5", "5"), ("4", "4"), ("3", "3"), ("2", "2"), ("1", "1")]
HELP = {
    "promptness": _("布置任务是否提前告知、时限合理，答复社区是否及时"),
    "money": _("费随事转：工作经费、人员、培训是否随事项落实到社区"),
    "burden": _("是否减少重复填表、台账、考核，是否未经准入向社区派活"),
    "attitude": _("对社区是否尊重、指导是否耐心、作风是否务实"),
}


class ScoreField(forms.TypedChoiceField):
    widget = forms.RadioSelect


class AnswerForm(forms.Form):
    """One department, four criteria (5 = 很满意 … 1 = 很不满意), a comment."""

    comment = forms.CharField(
        label=_("意见建议（选填，只有准入办可见，不向被评议单位显示社区名称）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        scores = {
            key: ScoreField(
                label=Criterion(key).label, choices=SCORE_CHOICES, coerce=int, help_text=HELP[key]
            )
            for key in Criterion.values
        }
        self.fields = {**scores, "comment": self.fields["comment"]}

    def score_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in Criterion.values]


class OpenRoundForm(forms.Form):
    year = forms.IntegerField(label=_("评议年度"), min_value=2000, max_value=2100)
    due_on = forms.DateField(
        label=_("答卷截止日期（选填）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("说明（选填）"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].initial = clock.today().year


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("本单位的回应（随结果公布）"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )


class SurveyForm(forms.Form):
    provider_name = forms.CharField(label=_("服务单位名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=ProviderKind.choices)
    year = forms.IntegerField(label=_("测评年度"), min_value=2000, max_value=2100)
    surveyed_on = forms.DateField(label=_("测评日期"), widget=forms.DateInput(attrs={"type": "date"}))
    asked = forms.IntegerField(
        label=_("参评人数"), min_value=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    satisfied = forms.IntegerField(
        label=_("满意人数"), min_value=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    not_satisfied = forms.IntegerField(
        label=_("不满意人数"), min_value=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    note = forms.CharField(
        label=_("备注（选填）"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        today = clock.today()
        self.fields["year"].initial = today.year
        self.fields["surveyed_on"].initial = today
