"""schemathesis against /api/v1/openapi.json, in-process through the WSGI application, for several
personas, with every response check: no 5xx, responses that match the documented schema, status codes
and content types, and auth that is never ignored. The district and a few applications exist, so
path ids hit real objects as well as missing ones."""

from __future__ import annotations

import pytest
import schemathesis
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from zhunru.api.tests.helpers import APPLICATION, as_user, ok, token_for
from zhunru.wsgi import application

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    ignored_auth,
]
EXAMPLES = 4  # per operation and persona mix: ~100 operations in about 30 s


@pytest.fixture
def tokens(today, applicant, dept_head, approval_clerk, approver, community_worker, supervisor, outsider):
    """Some objects in several states, then one token per persona."""
    for _ in range(2):
        app = ok(as_user(applicant).post("/applications", APPLICATION), 201)
    ok(as_user(dept_head).post(f"/applications/{app['id']}/sign"))
    ok(as_user(applicant).post(f"/applications/{app['id']}/submit"))
    personas = [applicant, dept_head, approval_clerk, approver, community_worker, supervisor, outsider]
    return [token_for(user) for user in personas]


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="schemathesis's in-process WSGI transport loses pytest's PostgreSQL test connection; the API and "
    "its schema are the same on both databases and CI's first pass runs this on SQLite",
)
def test_every_operation_conforms_to_the_schema_for_every_persona(tokens):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 53

    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), token=st.sampled_from(tokens))
        def run(case, token):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
            case.call_and_validate(checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # every operation's first failure, then fail once
            failures.append(f"{operation.label}: {exc}"[:1500])
    assert not failures, f"{len(failures)} operations fail: " + "\n\n".join(failures)
