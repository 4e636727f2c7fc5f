"""Every page a role can reach from its menu, in a real browser under our Content-Security-Policy
(no inline script, no inline style): the browser reports no CSP violation and no script error."""

from __future__ import annotations

import pytest

from zhunru.web.tests.conftest import browser, demo_accounts, login, page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

ROLES = ["clerk", "office", "worker", "sysadmin"]  # between them: every kind of page


def watch(page) -> list[str]:  # noqa: F811
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    return problems


def visit(page, url: str, problems: list[str]) -> None:  # noqa: F811
    response = page.goto(url)
    assert response is not None and response.status < 500, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    assert not problems, f"{url}: {problems}"


def test_menu_pages_raise_no_csp_violation(browser, demo_accounts, login, live_server):  # noqa: F811
    """One browser context per role (the district is loaded once for all of them)."""
    for username in ROLES:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.set_default_timeout(15_000)
        tab = context.new_page()
        problems = watch(tab)
        login(tab, username)
        links = tab.locator("nav[aria-label] a").evaluate_all("links => links.map(a => a.href)")
        assert links, username
        for url in links:
            visit(tab, url, problems)
        tab.click("[data-testid=lang-switch]")  # a form post and a redirect under form-action 'self'
        tab.wait_for_selector("html[lang=en]")
        assert not problems, (username, problems)
        context.close()


def test_public_pages_and_api_docs_raise_no_csp_violation(page, demo_accounts, live_server):  # noqa: F811
    problems = watch(page)
    for path in ("/accounts/login/", "/portal/", "/api/v1/docs"):
        visit(page, live_server.url + path, problems)
    page.wait_for_selector("#swagger-ui .swagger-ui", timeout=10_000)  # Swagger UI's script ran
    assert not problems
