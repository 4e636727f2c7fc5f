"""Reads of the access procedure, scoped by role; one access_* per protected object."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.db import connection
from django.db.models import Case, F, Q, QuerySet, When
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhunru.access.models import AccessApplication, Decision, ExitRequest, StatusChange
from zhunru.access.models import Status as S
from zhunru.access.workflow import (
    APPLICATION_TRANSITIONS,
    DEPT,
    EXIT_TRANSITIONS,
    FINAL,
    OPINION_STATES,
    allowed,
)
from zhunru.accounts.models import RoleGrant, User
from zhunru.accounts.roles import Role
from zhunru.catalog.models import Matter
from zhunru.catalog.selectors import current_catalog
from zhunru.core import clock
from zhunru.core.errors import NotFound
from zhunru.core.plainsql import read_by_pk
from zhunru.core.stamps import stamp
from zhunru.core.todo import TODO_LIMIT, TodoItem, TodoList
from zhunru.core.workdays import working_days_between

OFFICE_ROLES = (Role.APPROVAL_CLERK, Role.APPROVAL_HEAD, Role.APPROVER)


def visible_applications(user: Any) -> QuerySet[AccessApplication]:
    """A department: its own (drafts included). The approval office: everything submitted. The same rule
    for one row read already: sees_application (a test holds them to each other)."""
    qs = AccessApplication.objects.select_related("department", "created_by")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    scope = Q(pk__in=[])
    if user.has_role(Role.DEPT_CLERK, Role.DEPT_HEAD) and user.department_id:
        scope |= Q(department_id=user.department_id)
    if user.has_role(*OFFICE_ROLES):
        scope |= ~Q(status__in=[S.DRAFT, S.SIGNED]) & ~Q(status=S.WITHDRAWN, submitted_on__isnull=True)
    return qs.filter(scope)


def sees_application(user: Any, app: AccessApplication) -> bool:
    """visible_applications' rule for one application (department_id, status and submitted_on read)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    own = user.department_id and app.department_id == user.department_id
    if own and user.has_role(Role.DEPT_CLERK, Role.DEPT_HEAD):
        return True
    if user.has_role(*OFFICE_ROLES):
        never_submitted = app.status == S.WITHDRAWN and app.submitted_on is None
        return app.status not in (S.DRAFT, S.SIGNED) and not never_submitted
    return False


def access_application(user: Any, pk: int) -> AccessApplication:
    app = visible_applications(user).filter(pk=pk).first()
    if app is None:
        raise NotFound()
    return app


# The columns the application's page reads for each request: its title, the actions (application_actions)
# and their forms, the deadline. The rest of the page is kept under the rows' change stamps (views).
PAGE_COLUMNS = (
    "pk",
    "reference",
    "status",
    "department_id",
    "created_by_id",
    "returned_from",
    "accept_due",
    "decision_due",
    "paused_on",
    "workload_hours",
    "money_per_community_year",
)


def application_page(user: Any, pk: int) -> AccessApplication:
    """access_application for the application's page: only the columns it reads for each request (the
    rest of the page is cached, see application_rows), in plain SQL (core.plainsql), checked with
    sees_application."""
    app = read_by_pk(AccessApplication, pk, (*PAGE_COLUMNS, "submitted_on"))
    if app is None or not sees_application(user, app):
        raise NotFound()
    return app


def application_rows(pk: int) -> AccessApplication:
    """The application with the rows its page's head and content show (not scoped: read after
    application_page)."""
    related = ("department", "created_by", "signed_by", "decision")
    return AccessApplication.objects.select_related(*related).get(pk=pk)


def joint_meeting_members() -> list[tuple[int, int | None]]:
    """(id, department id) of the active approvers, who make up the joint meeting (decisions.tally). Read
    on every view of an application: in plain SQL (the ORM's compiling costs more than the read), from the
    role grants (no join of every user with them)."""
    users, grants = User._meta.db_table, RoleGrant._meta.db_table
    sql = (
        f"SELECT u.id, u.department_id FROM {users} u WHERE u.is_active"
        f" AND u.id IN (SELECT g.user_id FROM {grants} g WHERE g.role = %s) ORDER BY u.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Role.APPROVER])
        return [(pk, department_id) for pk, department_id in cursor.fetchall()]


def visible_exit_requests(user: Any) -> QuerySet[ExitRequest]:
    qs = ExitRequest.objects.select_related("matter", "matter__department", "requested_by")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.has_role(*OFFICE_ROLES):
        return qs
    scope = Q(requested_by=user)
    if user.community_id:
        scope |= Q(requested_by__community_id=user.community_id)
    if user.has_role(Role.DEPT_CLERK, Role.DEPT_HEAD) and user.department_id:
        scope |= Q(matter__department_id=user.department_id)
    if user.has_role(Role.STREET_OFFICER) and user.department_id:
        scope |= Q(requested_by__department_id=user.department_id)
    return qs.filter(scope)


def access_exit_request(user: Any, pk: int) -> ExitRequest:
    req = visible_exit_requests(user).filter(pk=pk).first()
    if req is None:
        raise NotFound()
    return req


@dataclass
class Deadline:
    label: str
    due: dt.date
    left: int  # working days; negative when overdue
    paused: bool = False

    @property
    def overdue(self) -> bool:
        return self.left < 0

    @property
    def overdue_days(self) -> int:
        return max(0, -self.left)


def deadline(obj: AccessApplication | ExitRequest, today: dt.date | None = None) -> Deadline | None:
    today = today or clock.today()
    status = obj.status
    if status in (S.SUBMITTED, S.RESUBMITTED) and obj.accept_due:
        due, label = obj.accept_due, _("受理或退回期限")
    elif status in (S.ACCEPTED, S.UNDER_REVIEW, S.HEARING_SCHEDULED, S.HEARING_HELD) and obj.decision_due:
        due, label = obj.decision_due, _("作出决定期限")
    elif status == S.RETURNED and isinstance(obj, AccessApplication) and obj.decision_due and obj.paused_on:
        return Deadline(
            _("决定期限（补正期间暂停计时）"),
            obj.decision_due,
            working_days_between(obj.paused_on, obj.decision_due),
            True,
        )
    else:
        return None
    left = working_days_between(today, due) if due >= today else -working_days_between(due, today)
    return Deadline(str(label), due, left)


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s\W_]+", "", text or "")
    return {text[i : i + 2] for i in range(len(text) - 1)}


@dataclass(frozen=True)
class _CatalogWords:
    """The current catalog's character bigrams, as inverted indexes: a page view counts, for the
    application's own bigrams only, which matters share them (so matters sharing none cost nothing)."""

    pks: list[int]  # the matters with any text, in catalog order (list, code)
    sizes: list[tuple[int, int]]  # per matter: the number of bigrams of its name and description, of its name
    words: dict[str, list[int]]  # bigram → positions (in pks) of the matters whose name or description has it
    names: dict[str, list[int]]  # bigram → positions of the matters whose name has it


# Per process, for one state of the catalog (the key changes when a matter is added, edited, published,
# exited or expires, and with the day): the bigram indexes and the ledger field index, built once.
_catalog_cache: dict[str, tuple[tuple[Any, ...], Any]] = {}


def _catalog_state() -> tuple[Any, ...]:
    """The key of the current catalog's state: the day (matters expire) and its change stamp, which every
    write to a matter moves (core.stamps), even an update() that leaves updated_at alone."""
    return (clock.today(), stamp("catalog"))


def _per_catalog_state(name: str, build: Any) -> Any:
    state = _catalog_state()
    cached = _catalog_cache.get(name)
    if cached is not None and cached[0] == state:
        return cached[1]
    value = build(state[0])
    _catalog_cache[name] = (state, value)
    return value


def _build_catalog_words(today: dt.date) -> _CatalogWords:
    rows = current_catalog(today).prefetch_related(None).order_by("list", "code")
    index = _CatalogWords([], [], {}, {})
    for pk, name, description in rows.values_list("pk", "name", "description"):
        name_words = _bigrams(name)
        words = name_words | _bigrams(description)
        if not words:
            continue
        position = len(index.pks)
        index.pks.append(pk)
        index.sizes.append((len(words), len(name_words)))
        for word in words:
            index.words.setdefault(word, []).append(position)
        for word in name_words:
            index.names.setdefault(word, []).append(position)
    return index


def similar_matters(app: AccessApplication, limit: int = 5) -> list[tuple[Matter, float]]:
    """Published items whose name or content look like the application's (character bigram overlap:
    the larger of |shared| / |together| over name and description, and over the names alone).
    Three queries: the catalog's stamp and fingerprint (its bigrams are indexed once per catalog state), the
    matches."""
    name_probe = _bigrams(app.matter_name)
    probe = name_probe | _bigrams(app.community_tasks)
    if not probe:
        return []
    catalog: _CatalogWords = _per_catalog_state("words", _build_catalog_words)
    shared = Counter(chain.from_iterable(catalog.words.get(word, ()) for word in probe))
    shared_names = Counter(chain.from_iterable(catalog.names.get(word, ()) for word in name_probe))
    scored: list[tuple[int, float]] = []
    for position in sorted(shared.keys() | shared_names.keys()):  # catalog order
        pk = catalog.pks[position]
        if pk == app.admitted_matter_id:
            continue
        n_words, n_name = catalog.sizes[position]
        both, both_names = shared[position], shared_names[position]
        overlap = both / (len(probe) + n_words - both)
        name_overlap = both_names / max(1, len(name_probe) + n_name - both_names)
        score = max(overlap, name_overlap)
        if score >= 0.12:
            scored.append((pk, round(score, 2)))
    scored.sort(key=lambda pair: pair[1], reverse=True)  # stable: equal scores in catalog order
    scored = scored[:limit]
    matters = current_catalog().prefetch_related(None).in_bulk([pk for pk, _score in scored])
    return [(matters[pk], score) for pk, score in scored if pk in matters]


def data_field_overlaps(app: AccessApplication) -> dict[str, list[Matter]]:
    """一表通: which requested data fields admitted reports/ledgers already collect. Read from the one
    field index (registries.selectors.field_index) that the ledger registry page shows too, built once
    per catalog state; an application without data fields needs no query."""
    from zhunru.registries.selectors import field_index, field_overlaps

    fields = [str(f) for f in app.data_fields if str(f).strip()]
    if not fields:
        return {}
    return field_overlaps(fields, index=_per_catalog_state("fields", field_index))


def _todo_due(
    qs: QuerySet[Any], accept_states: list[S] | None = None, due_field: str = "decision_due"
) -> QuerySet[Any]:
    """Earliest due first, undated last: the due date is the acceptance deadline in `accept_states` and
    `due_field` otherwise. Only the columns a to-do line shows are read."""
    due: Any = F(due_field)
    if accept_states:
        due = Case(When(status__in=accept_states, then=F("accept_due")), default=F(due_field))
    return qs.annotate(todo_due=due).order_by(F("todo_due").asc(nulls_last=True), "pk")


APP_COLUMNS = ("pk", "reference", "matter_name", "status", "start_date", "accept_due", "decision_due")


def todo(user: Any, limit: int = TODO_LIMIT) -> TodoList:
    """The procedure steps that wait for this user (待办): the `limit` most urgent of each kind, and the
    number of all of them."""
    found = TodoList()
    apps = visible_applications(user).exclude(status__in=FINAL).select_related(None).only(*APP_COLUMNS)

    def app_item(app: AccessApplication, action: Any, due: dt.date | None) -> TodoItem:
        return TodoItem(f"{app.reference} {app.matter_name}", f"/access/applications/{app.pk}/", action, due)

    if user.has_role(Role.DEPT_HEAD):
        drafts = apps.filter(status=S.DRAFT, department_id=user.department_id).exclude(created_by=user)
        drafts = _todo_due(drafts, due_field="start_date")
        found.add(
            (app_item(app, pgettext("action", "签发"), app.start_date) for app in drafts[:limit]),
            drafts.count,
            limit,
        )
    if user.has_role(Role.DEPT_CLERK, Role.DEPT_HEAD):
        waiting = apps.filter(status__in=[S.SIGNED, S.RETURNED], department_id=user.department_id).order_by(
            "pk"
        )
        found.add(
            (
                app_item(
                    app,
                    pgettext("action", "提交")
                    if app.status == S.SIGNED
                    else pgettext("action", "补正后重新提交"),
                    None,
                )
                for app in waiting[:limit]
            ),
            waiting.count,
            limit,
        )
    if user.has_role(Role.APPROVAL_CLERK):
        steps = {
            S.SUBMITTED: (_("受理或退回"), "accept_due"),
            S.RESUBMITTED: (_("受理或退回"), "accept_due"),
            S.ACCEPTED: (pgettext("action", "开始审查"), "decision_due"),
            S.UNDER_REVIEW: (_("组织审查、作出决定"), "decision_due"),
            S.HEARING_SCHEDULED: (_("举行并记录听证"), "decision_due"),
            S.HEARING_HELD: (pgettext("action", "作出决定"), "decision_due"),
        }
        office = _todo_due(apps.filter(status__in=list(steps)), [S.SUBMITTED, S.RESUBMITTED])
        found.add(
            (
                app_item(app, steps[S(app.status)][0], getattr(app, steps[S(app.status)][1]))
                for app in office[:limit]
            ),
            office.count,
            limit,
        )
        exits = _todo_due(
            ExitRequest.objects.filter(status__in=[S.SUBMITTED, S.UNDER_REVIEW]).select_related("matter"),
            [S.SUBMITTED],
        )
        found.add(
            (
                TodoItem(
                    f"{req.reference} {req.matter.name}",
                    f"/access/exits/{req.pk}/",
                    _("受理退出申请") if req.status == S.SUBMITTED else _("组织审查、作出退出决定"),
                    req.accept_due if req.status == S.SUBMITTED else req.decision_due,
                )
                for req in exits[:limit]
            ),
            exits.count,
            limit,
        )
    if user.has_role(Role.APPROVER):
        reviewing = _todo_due(
            apps.filter(status__in=[S.UNDER_REVIEW, S.HEARING_SCHEDULED, S.HEARING_HELD])
            .exclude(department_id=user.department_id)
            .exclude(opinions__reviewer=user)
        )
        found.add(
            (app_item(app, _("提出审查意见"), app.decision_due) for app in reviewing[:limit]),
            reviewing.count,
            limit,
        )
        exits = _todo_due(
            ExitRequest.objects.filter(status=S.UNDER_REVIEW)
            .exclude(matter__department_id=user.department_id)
            .exclude(opinions__reviewer=user)
            .select_related("matter")
        )
        found.add(
            (
                TodoItem(
                    f"{req.reference} {req.matter.name}",
                    f"/access/exits/{req.pk}/",
                    _("提出退出审查意见"),
                    req.decision_due,
                )
                for req in exits[:limit]
            ),
            exits.count,
            limit,
        )
    return found.merged(limit)


def done(user: Any, limit: int = 50) -> QuerySet[StatusChange]:
    """The steps this user took (已办)."""
    return (
        StatusChange.objects.filter(actor=user)
        .select_related("application", "exit_request", "exit_request__matter")
        .only(
            "at",
            "transition",
            "to_status",
            "note",
            "application_id",
            "exit_request_id",
            "application__reference",
            "application__matter_name",
            "exit_request__reference",
            "exit_request__matter__name",
        )
        .order_by("-at", "-pk")[:limit]
    )


def public_decisions() -> QuerySet[Decision]:
    return Decision.objects.select_related("matter", "application", "exit_request").order_by("-year", "-seq")


def find_decision(text: str) -> Decision | None:
    """By number (示范区准入决〔2026〕7号) or by SM3 digest (64 hex digits)."""
    text = (text or "").strip()
    if not text:
        return None
    if re.fullmatch(r"[0-9a-fA-F]{64}", text):
        return public_decisions().filter(digest=text.lower()).first()
    normal = (
        text.replace("[", "〔")
        .replace("]", "〕")
        .replace("(", "〔")
        .replace(")", "〕")
        .replace("（", "〔")
        .replace("）", "〕")
    )
    return public_decisions().filter(number=normal).first()


EDITABLE = (S.DRAFT, S.SIGNED, S.RETURNED)


def may_give_opinion(user: Any, obj: AccessApplication | ExitRequest, department_id: int | None) -> bool:
    return (
        obj.status in OPINION_STATES
        and user.has_role(Role.APPROVER)
        and not (user.department_id is not None and user.department_id == department_id)
        and not obj.opinions.filter(reviewer=user).exists()
    )


def application_actions(user: Any, app: AccessApplication) -> list[str]:
    """What this user may do to this application now (the web page and the API show the same)."""
    own = user.department_id is not None and user.department_id == app.department_id
    names = []
    for t in allowed(APPLICATION_TRANSITIONS, app.status):
        if not user.has_role(*t.roles):
            continue
        if set(t.roles) <= set(DEPT) and not own:
            continue
        if t.name == "sign" and app.created_by_id == user.pk:
            continue  # nobody signs their own draft
        if t.name == "withdraw" and app.status == S.RETURNED and app.returned_from == S.UNDER_REVIEW:
            continue  # accepted already: correct and resubmit instead
        names.append(t.name)
    if app.status in EDITABLE and own and user.has_role(*DEPT):
        names += ["update", "attach"]
    if may_give_opinion(user, app, app.department_id):
        names.append("opinion")
    return names


def exit_actions(user: Any, req: ExitRequest) -> list[str]:
    names = []
    for t in allowed(EXIT_TRANSITIONS, req.status):
        if not user.has_role(*t.roles):
            continue
        if t.name == "withdraw" and req.requested_by_id != user.pk:
            continue  # only the requester withdraws
        names.append(t.name)
    if may_give_opinion(user, req, req.matter.department_id):
        names.append("opinion")
    return names
