"""API tokens: `Authorization: Bearer <token>`. Missing, invalid, revoked or a disabled account → 401."""

from __future__ import annotations

import hashlib

import pytest

from zhunru.accounts import services
from zhunru.accounts.models import ApiToken
from zhunru.api.tests.helpers import ApiClient, ok, token_for
from zhunru.core.models import AuditEvent


def assert_unauthenticated(response) -> None:
    assert response.status_code == 401, response.content.decode()
    body = response.json()
    assert body["error"] == "unauthenticated"
    assert "令牌" in body["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_valid_token_identifies_its_user(applicant):
    me = ok(ApiClient(token_for(applicant)).get("/me"))
    assert me["username"] == "applicant"
    assert me["organization"] == "区卫生健康委员会"
    assert [r["role"] for r in me["roles"]] == ["dept_clerk"]


def test_missing_token(applicant):
    assert_unauthenticated(ApiClient().get("/me"))


@pytest.mark.parametrize(
    "header",
    ["Bearer zr_not-a-real-token", "Bearer ", "Token abc", "zr_abc", "Basic YXBwbGljYW50OnRlc3Q="],
)
def test_invalid_token(applicant, header):
    token_for(applicant)
    response = ApiClient().client.get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert_unauthenticated(response)


def test_revoked_token(applicant):
    plaintext = token_for(applicant)
    client = ApiClient(plaintext)
    ok(client.get("/me"))
    services.api_token_revoke(actor=applicant, token=ApiToken.objects.get(user=applicant))
    assert_unauthenticated(client.get("/me"))


def test_disabled_user(applicant, sysadmin):
    client = ApiClient(token_for(applicant))
    ok(client.get("/me"))
    services.user_set_active(actor=sysadmin, user=applicant, active=False)
    assert_unauthenticated(client.get("/me"))
    services.user_set_active(actor=sysadmin, user=applicant, active=True)
    ok(client.get("/me"))


def test_only_the_sm3_digest_is_stored(applicant):
    token, plaintext = services.api_token_create(actor=applicant, name="脚本")
    token.refresh_from_db()
    assert plaintext.startswith("zr_") and len(plaintext) > 40
    assert token.key_prefix == plaintext[:8]
    assert token.key_hash == hashlib.new("sm3", plaintext.encode()).hexdigest()
    assert not ApiToken.objects.filter(key_hash__contains=plaintext[3:]).exists()


def test_use_is_recorded(applicant):
    plaintext = token_for(applicant)
    assert ApiToken.objects.get(user=applicant).last_used_at is None
    ok(ApiClient(plaintext).get("/me"))
    assert ApiToken.objects.get(user=applicant).last_used_at is not None


def test_create_and_revoke_are_audited(applicant):
    token, _plaintext = services.api_token_create(actor=applicant, name="同步脚本")
    services.api_token_revoke(actor=applicant, token=token)
    events = list(AuditEvent.objects.filter(event_type__startswith="api_token.").order_by("seq"))
    assert [e.event_type for e in events] == ["api_token.create", "api_token.revoke"]
    assert all(e.actor_id == applicant.pk for e in events)
    assert events[0].summary["name"] == "同步脚本"
    assert token.key_hash not in str(events[0].summary)


def test_nobody_revokes_someone_elses_token(applicant, dept_head):
    from zhunru.core.errors import NotFound

    token, _ = services.api_token_create(actor=applicant, name="x")
    with pytest.raises(NotFound):
        services.api_token_revoke(actor=dept_head, token=token)


def test_public_endpoints_need_no_token_but_refuse_a_bad_one(district):
    ok(ApiClient().get("/catalog/matters"))
    ok(ApiClient().get("/decisions"))
    ok(ApiClient().get("/decisions/verify", q="示范区准入决〔2026〕1号"))
    assert_unauthenticated(ApiClient("zr_wrong").get("/catalog/matters"))


def test_protected_endpoints_say_401_without_a_token(district):
    client = ApiClient()
    for path in ("/me", "/areas", "/departments", "/applications", "/exits", "/inbox/todo"):
        assert_unauthenticated(client.get(path))
    assert_unauthenticated(client.post("/applications", {"matter_name": "x"}))


def test_token_clients_need_no_csrf_cookie(today, applicant):
    from django.test import Client

    from zhunru.api.tests.helpers import APPLICATION

    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/applications",
        APPLICATION,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(applicant)}",
    )
    assert response.status_code == 201, response.content.decode()


def test_a_browser_session_is_not_an_api_credential(client, applicant):
    client.force_login(applicant)
    assert_unauthenticated(client.get("/api/v1/me"))
