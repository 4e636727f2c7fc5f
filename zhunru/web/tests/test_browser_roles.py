"""Every demo role in a real browser: its navigation, the language switch, logging out, a phone."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from zhunru.accounts.roles import Role
from zhunru.demo import loader
from zhunru.web.context import NAV

pytestmark = pytest.mark.browser

# The brief's rules: everyone sees these; each admin page only its own role.
COMMON = [("首页", "Home"), ("区划", "Areas"), ("单位", "Departments")]
ADMIN = {
    ("用户管理", "User management"): Role.SYSADMIN,
    ("角色授权", "Role assignment"): Role.SECADMIN,
    ("数据导入", "Data import"): Role.SYSADMIN,
    ("工作日", "Working days"): Role.SYSADMIN,
    ("审计日志", "Audit log"): Role.AUDITADMIN,
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def expected_nav(role: str, lang: str) -> list[str]:
    """What zhunru.web.context.NAV gives the role, in the language."""
    with translation.override(lang):
        return [str(label) for _name, label, roles in NAV if roles is None or role in roles]


def check_rules(labels: list[str], role: str, lang: int) -> None:
    for pair in COMMON:
        assert pair[lang] in labels, (role, pair)
    for pair, owner in ADMIN.items():
        assert (pair[lang] in labels) == (role == owner), (role, pair)


def nav_labels(page) -> list[str]:
    return [text.strip() for text in page.locator("nav[aria-label] a").all_text_contents()]


# The first demo account of each role (the demo has several joint-meeting members).
ONE_PER_ROLE = list({spec.role: spec for spec in reversed(loader.DEMO_ACCOUNTS)}.values())[::-1]


@pytest.mark.parametrize("spec", ONE_PER_ROLE, ids=lambda spec: spec.username)
def test_role_menu_language_switch_and_logout(page, demo_accounts, login, live_server, spec):
    login(page, spec.username)
    # Chinese although the browser asks for English (Accept-Language is ignored).
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    labels = nav_labels(page)
    assert labels == expected_nav(spec.role, "zh-hans")
    check_rules(labels, spec.role, 0)
    nav = page.get_by_role("navigation", name="主导航")
    assert nav.get_by_role("link", name=labels[-1], exact=True).is_visible()
    assert page.locator(f'.tag[data-role="{spec.role}"]').inner_text() == Role(spec.role).label

    page.click("[data-testid=lang-switch]")
    page.wait_for_selector("html[lang=en]")
    labels = nav_labels(page)
    assert labels == expected_nav(spec.role, "en")
    check_rules(labels, spec.role, 1)
    assert not [label for label in labels if CJK.search(label)]
    assert page.locator("[data-testid=logout]").inner_text() == "Log out"
    assert page.url == live_server.url + "/"  # the switch returns to the same page

    page.click("[data-testid=lang-switch]")
    page.wait_for_selector("html[lang=zh-CN]")
    assert nav_labels(page) == expected_nav(spec.role, "zh-hans")

    page.click("[data-testid=logout]")
    page.wait_for_url(live_server.url + "/accounts/login/")
    assert page.locator("h1").inner_text() == "登录"
    assert page.locator("nav[aria-label]").count() == 0


def test_every_role_has_a_demo_account():
    missing = set(Role) - {spec.role for spec in loader.DEMO_ACCOUNTS}
    assert not missing, f"zhunru/demo/loader.py DEMO_ACCOUNTS has no account for {sorted(missing)}"


def test_phone_menu_and_no_horizontal_scroll(phone_page, demo_accounts, login, live_server, screenshot):
    page = phone_page
    page.goto(live_server.url + "/accounts/login/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    login(page, "sysadmin")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "home-360")

    menu = page.locator("details.menu")
    users_link = page.get_by_role("navigation", name="主导航").get_by_role("link", name="用户管理")
    assert menu.get_attribute("open") is None  # closed on a phone
    assert not users_link.is_visible()
    page.click("details.menu summary")
    assert menu.get_attribute("open") is not None
    screenshot(page, "home-360-menu")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    users_link.click()
    page.wait_for_url(live_server.url + "/accounts/users/")
    assert page.locator("h1").inner_text() == "用户"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_desktop_menu_is_open(page, demo_accounts, login, live_server, screenshot):
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    login(page, "sysadmin")
    assert missing == []  # the stylesheet and script are served
    assert page.locator("header.topbar").evaluate("e => getComputedStyle(e).display") == "flex"
    assert page.locator("details.menu").get_attribute("open") is not None
    assert not page.locator("details.menu summary").is_visible()
    nav = page.get_by_role("navigation", name="主导航")
    for label in ("首页", "用户管理", "工作日"):
        assert nav.get_by_role("link", name=label, exact=True).is_visible()
    screenshot(page, "home-1280")
