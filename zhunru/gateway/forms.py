"""Forms of the gateway pages: parsing only; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhunru.areas.models import Area
from zhunru.catalog.models import Matter

DATE = forms.DateInput(attrs={"type": "date"})


class RegisterForm(forms.Form):
    """The paste box: one message or many (separated by blank lines, or a chat export)."""

    text = forms.CharField(
        label=_("收到的任务"),
        widget=forms.Textarea(
            attrs={
                "rows": 5,
                "placeholder": _("把微信群、短信或通知里的任务原文粘贴到这里；多条消息用空行分开。"),
                "autofocus": True,
            }
        ),
        max_length=100_000,
        error_messages={"required": _("请粘贴或输入收到的任务内容。")},
    )
    department_text = forms.CharField(
        label=_("来源部门"),
        required=False,
        max_length=100,
        help_text=_("不填时从原文中识别，如“【区卫健委】”“区民政局通知：”。"),
    )
    received_on = forms.DateField(label=_("收到日期"), required=False, widget=DATE, help_text=_("不填为今天"))
    deadline = forms.DateField(label=_("完成期限"), required=False, widget=DATE)
    hours = forms.DecimalField(
        label=_("预计工时（小时）"), required=False, min_value=0, max_value=9999, decimal_places=1
    )
    attachment = forms.FileField(
        label=_("截图或文件"), required=False, help_text=_("JPG、PNG、PDF 或 DOCX，不超过 20 MB")
    )


class DispatchForm(forms.Form):
    matter = forms.ModelChoiceField(label=_("依据的事项"), queryset=Matter.objects.none())
    communities = forms.ModelMultipleChoiceField(
        label=_("派往社区"),
        queryset=Area.objects.filter(level=Area.Level.COMMUNITY).order_by("code"),
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(label=_("任务内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    deadline = forms.DateField(label=_("完成期限"), required=False, widget=DATE)

    def __init__(self, *args: Any, matters: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if matters is not None:
            self.fields["matter"].queryset = matters  # type: ignore[attr-defined]
        self.fields["matter"].label_from_instance = lambda m: (  # type: ignore[attr-defined]
            f"{m.code} {m.name}（{m.get_list_display()}）"
        )
