"""The OpenAPI document: served at /api/v1/openapi.json, committed as docs/openapi.json, and the two
must not drift apart (`zhunru openapi` regenerates the file, `zhunru openapi --check` guards it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from zhunru.api.main import api
from zhunru.api.tests.helpers import ApiClient
from zhunru.web.management.commands.openapi import document

COMMITTED = Path(settings.BASE_DIR).parent / "docs" / "openapi.json"
METHODS = {"get", "post", "put", "patch", "delete"}


def operations(doc: dict) -> list[dict]:
    return [op for item in doc["paths"].values() for method, op in item.items() if method in METHODS]


def test_the_committed_document_matches_the_code():
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == document(), "docs/openapi.json is out of date: run `zhunru openapi`"


@pytest.mark.django_db
def test_the_served_document_is_the_committed_one():
    response = ApiClient().get("/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_every_operation_has_an_id_a_tag_and_a_chinese_summary():
    ops = operations(document())
    registered = [
        op
        for _prefix, router in api._routers
        for view in router.path_operations.values()
        for op in view.operations
    ]
    assert len(ops) == len(registered) > 50  # every endpoint of every router is in the document
    ids = [op["operationId"] for op in ops]
    assert len(ids) == len(set(ids))
    assert not [i for i in ids if i.startswith("zhunru")]  # explicit ids, not the module path
    for op in ops:
        assert op.get("tags"), op["operationId"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in op["summary"]), op["operationId"]


def test_public_operations_have_no_security_and_the_rest_need_the_token():
    doc = document()
    public = {
        op["operationId"]
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in METHODS and "security" not in op
    }
    assert public == {
        "catalog_matters_list",
        "catalog_matter_get",
        "catalog_versions_list",
        "catalog_versions_diff",
        "decisions_list",
        "decisions_verify",
        "decision_get",
        "portal_statistics",
        "portal_funding",
        "portal_evaluation",
        "portal_datasets",
    }
    assert doc["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_check_fails_when_the_file_differs(tmp_path):
    target = tmp_path / "openapi.json"
    call_command("openapi", output=target)
    call_command("openapi", check=True, output=target)  # freshly written: passes
    doc = json.loads(target.read_text(encoding="utf-8"))
    doc["paths"].pop("/api/v1/me")
    target.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        call_command("openapi", check=True, output=target)
    assert exc.value.code == 1
    with pytest.raises(SystemExit):
        call_command("openapi", check=True, output=tmp_path / "missing.json")


@pytest.mark.django_db
def test_the_interactive_docs_are_served():
    assert ApiClient().get("/docs").status_code == 200
