"""Turning models into the API's JSON shapes, and the actions a user may take now (read from the
workflow tables, as the web UI does)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhunru.access import selectors as access_selectors
from zhunru.access import workflow
from zhunru.access.decisions import content_digest, tally
from zhunru.access.models import AccessApplication, Decision, ExitRequest, Opinion
from zhunru.access.models import Status as S
from zhunru.access.selectors import OFFICE_ROLES, deadline
from zhunru.accounts.models import User
from zhunru.accounts.roles import Role
from zhunru.areas.models import Area, Department
from zhunru.catalog.models import Matter, MatterKind, MatterList

PREFIX = "/api/v1"

# transition name → the last segment of its endpoint
APPLICATION_PATHS = {
    "sign": "sign",
    "submit": "submit",
    "withdraw": "withdraw",
    "return": "return",
    "resubmit": "resubmit",
    "accept": "accept",
    "start_review": "start-review",
    "schedule_hearing": "hearing",
    "record_hearing": "hearing/record",
    "decide": "decide",
}
EXIT_PATHS = {"withdraw": "withdraw", "accept": "accept", "decide": "decide"}


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return user.full_name or user.username


def _label(status: str) -> str:
    return str(S(status).label)


def named(obj: Area | Department | Matter | None) -> dict[str, str] | None:
    return {"code": obj.code, "name": obj.name} if obj is not None else None


# ---------------------------------------------------------------- accounts, areas


def me(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "organization": user.organization_name(),
        "organization_kind": user.organization_kind(),
        "department": named(user.department),
        "community": named(user.community),
        "roles": [{"role": r, "label": str(Role(r).label)} for r in sorted(user.role_set)],
    }


def area(a: Area) -> dict[str, Any]:
    return {
        "code": a.code,
        "name": a.name,
        "level": a.level,
        "level_label": str(Area.Level(a.level).label),
        "parent_code": a.parent.code if a.parent else None,
        "parent_name": a.parent.name if a.parent else None,
        "households": a.households,
        "population": a.population,
    }


def department(d: Department) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": d.name,
        "kind": d.kind,
        "kind_label": str(Department.Kind(d.kind).label),
        "aliases": [str(x) for x in (d.aliases or [])],
        "area_code": d.area.code if d.area else None,
        "active": d.active,
    }


# ---------------------------------------------------------------- catalog


def matter(m: Matter) -> dict[str, Any]:
    return {
        "code": m.code,
        "name": m.name,
        "list": m.list,
        "list_label": str(MatterList(m.list).label),
        "kind": m.kind,
        "kind_label": str(MatterKind(m.kind).label),
        "department": m.department.name if m.department else "",
        "field": m.field,
        "basis": m.basis,
        "description": m.description,
        "valid_from": m.valid_from,
        "valid_to": m.valid_to,
        "scope_all": m.scope_all,
        "scope": [] if m.scope_all else sorted(a.code for a in m.scope_areas.all()),
        "status": m.status,
        "status_label": str(Matter.Status(m.status).label),
        "data_fields": list(m.data_fields or []),
        "frequency": m.frequency,
    }


# ---------------------------------------------------------------- shared pieces


def deadline_of(obj: AccessApplication | ExitRequest) -> dict[str, Any] | None:
    d = deadline(obj)
    if d is None:
        return None
    return {"label": str(d.label), "due": d.due, "left": d.left, "paused": d.paused, "overdue": d.overdue}


def history(obj: AccessApplication | ExitRequest) -> list[dict[str, Any]]:
    return [
        {
            "transition": h.transition,
            "from_status": h.from_status,
            "to_status": h.to_status,
            "actor": _name(h.actor),
            "note": h.note,
            "at": h.at,
        }
        for h in obj.history.select_related("actor").order_by("at", "pk")
    ]


def review_visible(user: User, obj: AccessApplication | ExitRequest) -> bool:
    """As on the web pages: opinions and the tally of an application are shown to the office and the
    joint meeting, and to everyone who can see it while it is under review; an exit request's always."""
    if isinstance(obj, ExitRequest):
        return True
    return obj.status in workflow.OPINION_STATES or user.has_role(*OFFICE_ROLES)


def opinions(user: User, obj: AccessApplication | ExitRequest) -> list[dict[str, Any]]:
    if not review_visible(user, obj):
        return []
    return [
        {
            "reviewer": _name(o.reviewer),
            "organization": o.reviewer.organization_name(),
            "stance": o.stance,
            "stance_label": str(Opinion.Stance(o.stance).label),
            "reasons": o.reasons,
            "conditions": o.conditions,
            "created_at": o.created_at,
        }
        for o in obj.opinions.select_related("reviewer", "reviewer__department", "reviewer__community")
    ]


def tally_of(user: User, obj: AccessApplication | ExitRequest) -> dict[str, Any] | None:
    if not review_visible(user, obj):
        return None
    t = tally(obj)
    return {
        "members": t.members,
        "eligible": t.eligible,
        "required": t.required,
        "cast": t.cast,
        "agree": t.agree,
        "agree_with_conditions": t.agree_with_conditions,
        "disagree": t.disagree,
        "quorate": t.quorate,
    }


def decision_ref(d: Decision | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "number": d.number,
        "year": d.year,
        "seq": d.seq,
        "outcome": d.outcome,
        "outcome_label": str(Decision.Outcome(d.outcome).label),
        "decided_on": d.decided_on,
        "digest": d.digest,
    }


def _decision_of(obj: AccessApplication | ExitRequest) -> Decision | None:
    return Decision.objects.filter(
        **{"application" if isinstance(obj, AccessApplication) else "exit_request": obj}
    ).first()


def _action(name: str, label: Any, path: str, method: str = "POST") -> dict[str, str]:
    return {"name": name, "label": str(label), "method": method, "path": path}


# ---------------------------------------------------------------- applications


APPLICATION_EXTRA = {"update": (_("修改"), "", "PATCH"), "attach": (_("上传附件"), "/attachments", "POST")}


def application_actions(user: User, app: AccessApplication) -> list[dict[str, str]]:
    base = f"{PREFIX}/applications/{app.pk}"
    out = []
    for name in access_selectors.application_actions(user, app):
        if name == "opinion":
            out.append(_action(name, _("提出审查意见"), f"{base}/opinions"))
        elif name in APPLICATION_EXTRA:
            label, suffix, method = APPLICATION_EXTRA[name]
            out.append(_action(name, label, base + suffix, method))
        else:
            t = workflow.APPLICATION_TRANSITIONS[name]
            out.append(_action(name, t.label, f"{base}/{APPLICATION_PATHS[name]}"))
    return out


def application_summary(app: AccessApplication) -> dict[str, Any]:
    return {
        "id": app.pk,
        "reference": app.reference,
        "status": app.status,
        "status_label": _label(app.status),
        "version": app.version,
        "matter_name": app.matter_name,
        "kind": app.kind,
        "department": named(app.department),
        "start_date": app.start_date,
        "submitted_on": app.submitted_on,
        "accept_due": app.accept_due,
        "decision_due": app.decision_due,
        "created_at": app.created_at,
        "updated_at": app.updated_at,
    }


def application_detail(user: User, app: AccessApplication) -> dict[str, Any]:
    return {
        **application_summary(app),
        "field": app.field,
        "community_tasks": app.community_tasks,
        "basis": app.basis,
        "scope_kind": app.scope_kind,
        "scope_areas": [named(a) for a in app.scope_areas.order_by("code")],
        "end_date": app.end_date,
        "frequency": app.frequency,
        "community_role": app.community_role,
        "workload_hours": str(app.workload_hours),
        "money_per_community_year": str(app.money_per_community_year),
        "money_source": app.money_source,
        "staff": app.staff,
        "training": app.training,
        "equipment": app.equipment,
        "data_fields": list(app.data_fields or []),
        "signboard_wanted": app.signboard_wanted,
        "no_assessment_declared": app.no_assessment_declared,
        "contact_name": app.contact_name,
        "contact_phone": app.contact_phone,
        "unfunded": app.unfunded,
        "created_by": _name(app.created_by),
        "signed_by": _name(app.signed_by) if app.signed_by_id else None,
        "accepted_on": app.accepted_on,
        "paused_on": app.paused_on,
        "return_reason": app.return_reason,
        "unfunded_justification": app.unfunded_justification,
        "admitted_matter": app.admitted_matter.code if app.admitted_matter else None,
        "deadline": deadline_of(app),
        "actions": application_actions(user, app),
        "attachments": [attachment(a) for a in app.attachments.select_related("uploaded_by").order_by("pk")],
        "hearings": [
            {
                "scheduled_on": h.scheduled_on,
                "place": h.place,
                "notice_days": h.notice_days,
                "participants": h.participants,
                "agenda": h.agenda,
                "held_on": h.held_on,
                "minutes": h.minutes,
                "outcome": h.outcome,
            }
            for h in app.hearings.order_by("scheduled_on", "pk")
        ],
        "opinions": opinions(user, app),
        "tally": tally_of(user, app),
        "history": history(app),
        "decision": decision_ref(_decision_of(app)),
    }


def attachment(a: Any) -> dict[str, Any]:
    return {
        "id": a.pk,
        "name": a.name,
        "content_type": a.content_type,
        "size": a.size,
        "sm3": a.sm3,
        "uploaded_by": _name(a.uploaded_by),
        "uploaded_at": a.uploaded_at,
    }


# ---------------------------------------------------------------- decisions


def decision(d: Decision) -> dict[str, Any]:
    content = d.content or {}
    return {
        **(decision_ref(d) or {}),
        "title": str(content.get("title", "")),
        "matter_code": d.matter.code if d.matter else str(content.get("matter_code", "")),
        "matter_name": d.matter.name if d.matter else str(content.get("matter_name", "")),
        "department": str(content.get("department", "")),
        "application": d.application.reference if d.application else None,
        "exit_request": d.exit_request.reference if d.exit_request else None,
        "public_url": str(content.get("public_url", "")),
    }


def decision_detail(d: Decision) -> dict[str, Any]:
    return {**decision(d), "content": d.content, "intact": content_digest(d.content) == d.digest}


# ---------------------------------------------------------------- exit requests


def exit_actions(user: User, req: ExitRequest) -> list[dict[str, str]]:
    base = f"{PREFIX}/exits/{req.pk}"
    out = []
    for name in access_selectors.exit_actions(user, req):
        if name == "opinion":
            out.append(_action(name, _("提出审查意见"), f"{base}/opinions"))
        else:
            t = workflow.EXIT_TRANSITIONS[name]
            out.append(_action(name, t.label, f"{base}/{EXIT_PATHS[name]}"))
    return out


def exit_summary(req: ExitRequest) -> dict[str, Any]:
    return {
        "id": req.pk,
        "reference": req.reference,
        "status": req.status,
        "status_label": _label(req.status),
        "version": req.version,
        "matter": named(req.matter),
        "requester_org": req.requester_org,
        "submitted_on": req.submitted_on,
        "accept_due": req.accept_due,
        "decision_due": req.decision_due,
        "created_at": req.created_at,
    }


def exit_detail(user: User, req: ExitRequest) -> dict[str, Any]:
    return {
        **exit_summary(req),
        "reasons": list(req.reasons),
        "reason_labels": [str(ExitRequest.Reason(r).label) for r in req.reasons],
        "explanation": req.explanation,
        "resident_signatures": req.resident_signatures,
        "requested_by": _name(req.requested_by),
        "accepted_on": req.accepted_on,
        "deadline": deadline_of(req),
        "actions": exit_actions(user, req),
        "opinions": opinions(user, req),
        "tally": tally_of(user, req),
        "history": history(req),
        "decision": decision_ref(_decision_of(req)),
    }
