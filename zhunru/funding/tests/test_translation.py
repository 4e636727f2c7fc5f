"""The funding pages in English come from the app's own catalogue."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_english_arrears_page(client, decision, approval_clerk):
    client.force_login(approval_clerk)
    client.post("/i18n/setlang/", {"language": "en", "next": "/funding/"})
    page = client.get("/funding/", {"year": 2026}).content.decode()
    assert "Funding (funds follow the work)" in page and "Unpaid" in page
    head = page.split("<thead>")[1].split("</thead>")[0]
    assert not CJK.search(head)
    with translation.override("en"):
        from zhunru.core.errors import ValidationFailed
        from zhunru.funding.services import parse_amount

        with pytest.raises(ValidationFailed) as err:
            parse_amount("-1", label="Amount")
        assert str(err.value.message) == "Amount must be greater than 0."
