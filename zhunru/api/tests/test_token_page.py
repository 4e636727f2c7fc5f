"""/accounts/tokens/: list one's own tokens, create one (the plaintext appears once), revoke after
a confirmation page. Someone else's token is not found."""

from __future__ import annotations

import re

from django.test import Client

from zhunru.accounts.models import ApiToken
from zhunru.api.tests.helpers import ApiClient, ok

URL = "/accounts/tokens/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_login_is_required(district):
    response = Client().get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_create_shows_the_plaintext_once(applicant):
    client = signed_in(applicant)
    response = client.post(URL, {"name": "数据同步脚本"})
    assert response.status_code == 200
    html = response.content.decode()
    shown = re.search(r'data-testid="token-plaintext">([^<]+)<', html)
    assert shown is not None
    plaintext = shown.group(1)
    assert "只显示这一次" in html
    ok(ApiClient(plaintext).get("/me"))
    listing = client.get(URL).content.decode()
    assert "数据同步脚本" in listing and plaintext[:8] in listing
    assert plaintext not in listing


def test_a_name_is_required(applicant):
    response = signed_in(applicant).post(URL, {"name": "  "})
    assert response.status_code == 400
    assert "请填写令牌名称" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_after_confirmation(applicant):
    client = signed_in(applicant)
    client.post(URL, {"name": "一次性"})
    token = ApiToken.objects.get(user=applicant)
    confirm = client.get(f"{URL}{token.pk}/revoke/")
    assert confirm.status_code == 200 and "确定撤销令牌" in confirm.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None  # the page alone changes nothing
    response = client.post(f"{URL}{token.pk}/revoke/", follow=True)
    assert "已撤销" in response.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    again = client.post(f"{URL}{token.pk}/revoke/", follow=True)
    assert "该令牌已撤销。" in again.content.decode()


def test_only_ones_own_tokens(applicant, dept_head):
    signed_in(applicant).post(URL, {"name": "王的令牌"})
    token = ApiToken.objects.get(user=applicant)
    other = signed_in(dept_head)
    assert "王的令牌" not in other.get(URL).content.decode()
    assert other.get(f"{URL}{token.pk}/revoke/").status_code == 404
    assert other.post(f"{URL}{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
