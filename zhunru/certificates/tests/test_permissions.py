"""Who sees what: a register is its own community's (another community: 404); departments, supervision
and admins see no register; street officers read counts only; everyone signed in reads the two lists."""

from __future__ import annotations

import pytest

from zhunru.certificates import selectors
from zhunru.core.errors import NotFound

pytestmark = pytest.mark.django_db

DONGHU = "/certificates/c/990101001001/"


def test_another_communitys_register_is_404(client, seeded, huayuan_worker, community_worker):
    client.force_login(huayuan_worker)
    own = seeded["issuances"][0]
    for url in (
        DONGHU,
        DONGHU + "export.xlsx",
        DONGHU + "new/",
        DONGHU + "refusals/",
        f"/certificates/issuances/{own.pk}/",
        f"/certificates/issuances/{own.pk}/reveal/",
        f"/certificates/refusals/{seeded['refusals'][0].pk}/",
        f"/certificates/refusals/{seeded['refusals'][0].pk}/note.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/certificates/c/990101001002/").status_code == 200
    with pytest.raises(NotFound):
        selectors.access_issuance(huayuan_worker, own.pk)


@pytest.mark.parametrize(
    "persona",
    ["applicant", "dept_head", "supervisor", "sysadmin", "approval_clerk", "street_officer", "outsider"],
)
def test_no_one_else_sees_a_register(request, client, seeded, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    row = seeded["issuances"][0]
    for url in (
        DONGHU,
        DONGHU + "export.xlsx",
        f"/certificates/issuances/{row.pk}/",
        f"/certificates/issuances/{row.pk}/reveal/",
    ):
        assert client.get(url).status_code in (403, 404), (persona, url)
    assert selectors.visible_issuances(user).count() == 0
    assert selectors.visible_refusals(user).count() == 0


def test_street_officers_read_counts_of_their_street_only(client, seeded, street_officer, district):
    client.force_login(street_officer)
    html = client.get("/certificates/stats/").content.decode()
    assert "东湖社区" in html and "花园路社区" in html and "西岭" not in html
    assert "刘晓梅" not in html and "138****" not in html
    assert set(selectors.stats_communities(street_officer).values_list("parent__code", flat=True)) == {
        district["donghu"].area.code
    }


@pytest.mark.parametrize("persona", ["applicant", "supervisor", "sysadmin"])
def test_others_have_no_counts(request, client, seeded, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/certificates/stats/").status_code == 403


def test_everyone_signed_in_reads_the_lists(client, lists, applicant):
    client.force_login(applicant)
    html = client.get("/certificates/").content.decode()
    assert "无犯罪记录证明" in html and "指定监护人证明" in html and 'data-testid="register-link"' not in html
    detail = client.get(f"/certificates/types/{lists['ZM-P01'].pk}/").content.decode()
    assert "民法典" in detail and "指定监护书" in detail
    client.logout()
    assert client.get("/certificates/").status_code == 302


def test_the_menu_entry(client, community_worker, street_officer, applicant):
    for user, shown in ((community_worker, True), (street_officer, True), (applicant, False)):
        client.force_login(user)
        html = client.get("/").content.decode()
        assert ('href="/certificates/"' in html) is shown, user.username
