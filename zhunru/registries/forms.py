"""Forms of the registries pages: parsing only; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhunru.areas.models import Department
from zhunru.catalog.models import Matter
from zhunru.registries.models import Placement

PHOTO_HELP = _("JPG 或 PNG 图片，不超过 20 MB（按内容检查）")


class SignboardForm(forms.Form):
    name = forms.CharField(label=_("牌子名称"), max_length=100)
    department = forms.ModelChoiceField(
        label=_("挂牌部门"),
        queryset=Department.objects.filter(active=True).order_by("kind", "name"),
        error_messages={"required": _("请选择挂牌部门。")},
    )
    placement = forms.ChoiceField(
        label=_("位置"), choices=Placement.choices, widget=forms.RadioSelect, initial=Placement.INSIDE
    )
    matter = forms.ModelChoiceField(
        label=_("准入事项"),
        queryset=Matter.objects.none(),
        required=False,
        empty_label=_("（无准入事项）"),
        help_text=_("允许挂这块牌子的现行挂牌事项；没有的请选“无准入事项”。"),
    )
    photo = forms.FileField(
        label=_("照片"), help_text=PHOTO_HELP, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )

    def __init__(self, *args: Any, matters: list[Matter] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pks = [m.pk for m in matters or []]
        self.fields["matter"].queryset = Matter.objects.filter(pk__in=pks).order_by("code")  # type: ignore[attr-defined]


class RemovalForm(forms.Form):
    photo = forms.FileField(
        label=_("摘除后的照片"),
        help_text=PHOTO_HELP,
        required=False,  # the service says what is missing, in the same words as the API
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("行动名称"), max_length=100)
    deadline = forms.DateField(label=_("摘除期限"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=2000, required=False)
