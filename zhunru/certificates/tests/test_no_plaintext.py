"""Personal data never leaves the reveal view: every page of the app, the export and the API answers
hold no full ID number or phone, and neither does a database dump (dumpdata, and SQLite's iterdump)."""

from __future__ import annotations

import contextlib
import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection

from zhunru.api.tests.helpers import as_user, ok
from zhunru.certificates.tests.conftest import PLAINTEXTS
from zhunru.certificates.validators import validate_id_number
from zhunru.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db

FULL_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
FULL_PHONE = re.compile(r"(?<![0-9A-Za-z.+/=])1[3-9]\d{9}(?![0-9A-Za-z.+/=])")  # not inside hashes or base64


def id_numbers(text: str) -> list[str]:
    """18-character runs that are valid ID numbers (credit codes of departments are 18 digits too)."""
    found = []
    for candidate in FULL_ID.findall(text):
        with contextlib.suppress(ValidationFailed):
            found.append(validate_id_number(candidate))
    return found


def clean(text: str, where: str) -> None:
    assert not id_numbers(text), where
    assert not FULL_PHONE.findall(text), where
    for value in PLAINTEXTS:
        assert value not in text and value.lower() not in text, where


def test_every_page_export_and_api_answer_is_masked(client, seeded, community_worker, street_officer, lists):
    rows, refusals = seeded["issuances"], seeded["refusals"]
    mine = rows[0]
    client.force_login(community_worker)
    pages = [
        "/certificates/",
        "/certificates/register/",
        "/certificates/stats/",
        "/certificates/c/990101001001/",
        "/certificates/c/990101001001/?q=刘",
        "/certificates/c/990101001001/new/",
        "/certificates/c/990101001001/refusals/",
        f"/certificates/issuances/{mine.pk}/",
        f"/certificates/issuances/{mine.pk}/reveal/",
        f"/certificates/refusals/{refusals[0].pk}/",
        *(f"/certificates/types/{t.pk}/" for t in lists.values()),
    ]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        clean(response.content.decode(), url)
    searched = client.post("/certificates/c/990101001001/", {"id_number": PLAINTEXTS[0]})
    assert "刘晓梅" in searched.content.decode()
    clean(searched.content.decode(), "id search")
    issued = client.post(
        "/certificates/c/990101001001/new/",
        {
            "certificate_type": lists["ZM-P01"].pk,
            "issued_on": "2026-03-02",
            "applicant_name": "某",
            "id_number": PLAINTEXTS[1],
            "phone": "123",
        },
    )
    clean(issued.content.decode(), "form error")

    export = client.get("/certificates/c/990101001001/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    cells = [[str(c) if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert cells[0][4] == "身份证号" and len(cells) == 3
    assert {r[4] for r in cells[1:]} == {r.id_number_masked for r in rows[:2]}
    clean("\n".join("\t".join(r) for r in cells), "export")

    api = as_user(community_worker)
    answers = [
        api.get("/certificates/types"),
        api.get("/certificates/communities/990101001001/issuances"),
        api.get(f"/certificates/issuances/{mine.pk}"),
        api.post("/certificates/communities/990101001001/issuances/search", {"id_number": PLAINTEXTS[0]}),
        api.get("/certificates/communities/990101001001/refusals"),
        api.get("/certificates/stats"),
        api.post(
            "/certificates/communities/990101001001/issuances",
            {"certificate": "ZM-P01", "applicant_name": "某", "id_number": PLAINTEXTS[1], "phone": "1"},
        ),
    ]
    for response in answers:
        assert response.status_code in (200, 400), response.content
        clean(response.content.decode(), response.request["PATH_INFO"])
    clean(ok(as_user(street_officer).get("/certificates/stats")).__repr__(), "street stats")


def test_the_reveal_answers_are_the_only_plaintext(seeded, community_worker):
    mine = seeded["issuances"][0]
    shown = ok(
        as_user(community_worker).post(
            f"/certificates/issuances/{mine.pk}/reveal", {"reason": "核对证明信息"}
        )
    )
    assert shown["id_number"] == PLAINTEXTS[0] and shown["phone"] == PLAINTEXTS[3]


def test_a_database_dump_holds_no_plaintext(seeded, community_worker):
    from zhunru.certificates.services import issuance_reveal

    issuance_reveal(actor=community_worker, issuance=seeded["issuances"][0], reason="居民来电核对证明信息")
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    dump = out.getvalue()
    assert '"certificates.issuance"' in dump and "sm4gcm1:" in dump
    clean(dump, "dumpdata")
    assert id_numbers(" ".join(PLAINTEXTS)) == PLAINTEXTS[:3]  # the scan would see them
    if connection.vendor == "sqlite":
        sql = "\n".join(connection.connection.iterdump())
        assert "sm4gcm1:" in sql
        clean(sql, "iterdump")
