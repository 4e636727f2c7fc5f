"""Demo notices: the sample demands of data/notices.csv registered in their communities by each
community's worker, with the file's own dates, judged against the demo catalog; a few refused, a few
accepted. Through the services, idempotent (each notice keeps its file id as `external_id`)."""

from __future__ import annotations

from zhunru.accounts.models import User
from zhunru.accounts.roles import Role
from zhunru.areas.models import Area
from zhunru.core import clock
from zhunru.core.tabular import ImportReport, read_table
from zhunru.gateway import services
from zhunru.gateway.loading import NOTICE_COLUMNS
from zhunru.gateway.models import TaskNotice

REFUSALS = 5  # the first not-admitted notices of the file (received by today) are refused
ACCEPTED = 5  # the first allowed ones are accepted


def _rows() -> list[dict[str, str]]:
    from zhunru.demo.loader import data_file

    report = ImportReport(file="notices.csv")
    rows = read_table("notices.csv", data_file("notices.csv"), NOTICE_COLUMNS, report)
    if report.errors:
        raise RuntimeError("demo notices invalid: " + "; ".join(e.line(report.file) for e in report.errors))
    return [row for _n, row in rows]


def community_worker(community: Area) -> User:
    """The community's worker: an existing one (the demo account `worker` for 东湖社区), else
    `worker_<code without the district prefix>`, created like the demo accounts (not printed)."""
    from zhunru.demo.loader import DemoAccount, ensure_account

    existing = (
        User.objects.filter(community=community, is_active=True, role_grants__role=Role.COMMUNITY_WORKER)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    spec = DemoAccount(
        f"worker_{community.code[6:]}", f"{community.name}社工", Role.COMMUNITY_WORKER, community.code
    )
    return ensure_account(spec)


def load_notices() -> list[TaskNotice]:
    """Register every sample notice not yet registered; returns those registered now."""
    communities = {a.code: a for a in Area.objects.filter(level=Area.Level.COMMUNITY)}
    workers: dict[str, User] = {}
    done = set(TaskNotice.objects.exclude(external_id="").values_list("external_id", flat=True))
    created = []
    for row in _rows():
        nid, code = row["id"].strip(), row.get("community", "").strip()
        area = communities.get(code)
        if nid in done or area is None:
            continue
        worker = workers.get(code) or workers.setdefault(code, community_worker(area))
        created.append(
            services.notice_register(
                actor=worker,
                text=row["text"],
                department_text=row.get("department", ""),
                received_on=row.get("date", "").strip() or None,
                source=TaskNotice.Source.IMPORT,
                external_id=nid,
            )
        )
    today = clock.today()
    refused = accepted = 0
    for notice in sorted(created, key=lambda n: n.external_id):
        if notice.received_on > today:
            continue
        worker = workers[notice.community.code]
        if not notice.allowed and refused < REFUSALS:
            services.notice_refuse(actor=worker, notice=notice)
            refused += 1
        elif notice.allowed and accepted < ACCEPTED:
            services.notice_accept(actor=worker, notice=notice)
            accepted += 1
    return created
