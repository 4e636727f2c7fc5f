"""zhunru token create --user USERNAME --name NAME prints a working token once; list and revoke."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from zhunru.accounts.models import ApiToken
from zhunru.api.tests.helpers import ApiClient, ok
from zhunru.core.models import AuditEvent


def run(*args: str) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_create_list_revoke(applicant):
    plaintext = run("create", "--user", "applicant", "--name", "夜间同步")
    assert ok(ApiClient(plaintext).get("/me"))["username"] == "applicant"
    event = AuditEvent.objects.get(event_type="api_token.create")
    assert event.actor_id is None and event.ip == "cli"
    listing = run("list", "--user", "applicant")
    assert listing.startswith(plaintext[:8]) and "active" in listing and "夜间同步" in listing
    run("revoke", "--user", "applicant", "--prefix", plaintext[:8])
    assert ApiClient(plaintext).get("/me").status_code == 401
    assert "revoked" in run("list", "--user", "applicant")


def test_errors_are_clear(applicant, sysadmin):
    with pytest.raises(CommandError, match="用户不存在"):
        run("create", "--user", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="请填写令牌名称"):
        run("create", "--user", "applicant", "--name", "")
    from zhunru.accounts import services

    services.user_set_active(actor=sysadmin, user=applicant, active=False)
    with pytest.raises(CommandError, match="账户已停用"):
        run("create", "--user", "applicant", "--name", "x")
    with pytest.raises(CommandError, match="--prefix"):
        run("revoke", "--user", "applicant", "--prefix", "zr_nope")
    assert not ApiToken.objects.exists()
