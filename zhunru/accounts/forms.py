from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhunru.accounts.roles import Role
from zhunru.areas.models import Area, Department


class LoginForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("原密码"), widget=forms.PasswordInput)
    new_password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput)
    new_password2 = forms.CharField(label=_("再次输入新密码"), widget=forms.PasswordInput)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=60, required=False)
    department = forms.ModelChoiceField(
        label=_("所属单位"), queryset=Department.objects.all(), required=False
    )
    community = forms.ModelChoiceField(
        label=_("所属社区"), queryset=Area.objects.filter(level=Area.Level.COMMUNITY), required=False
    )
    email = forms.EmailField(label=_("电子邮箱"), required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        if bool(data.get("department")) == bool(data.get("community")):
            raise forms.ValidationError(_("请选择所属单位或所属社区，二者选一。"))
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
