"""Who may use which URL: the one table that `test_access_matrix.py` checks every URL pattern against.

TABLE maps a pattern (pages: "namespace:name"; the API: "api:/route" as Django resolves it under /api/v1/) to
    {"kwargs": {url argument: object kind}, "GET": spec, "POST": spec, ..., "actions": {name: {method: spec}}}
A spec maps a role, a role group (GROUPS) or "*" (everyone else) to the expected answer; the first of
role → its groups (in GROUPS order) → "*" that is given wins, and anonymous defaults to LOGIN. An answer is a
status class (below) or {"own": answer, "other": answer} for object URLs: "own" is the object of the persona's
organization (区卫生健康委员会, 东湖街道办事处, 东湖社区 — where the personas sit), "other" the same kind of
object of another organization (区统计局 / 区民政局 / 区公安分局, 西岭社区). A method a page does not declare
must be refused (REFUSED) by everyone; the API's methods must be exactly those declared.

Answers: 200 (any 2xx), LOGIN (a page redirects to the login page; the API answers 401), 403, 404, 405,
OK (a write the permission check let through: 2xx, a redirect, or 400/409/422 for the empty form or a state
that does not allow it), REFUSED (403, 404, 405 or LOGIN). A refused answer must write nothing.
"""

from __future__ import annotations

from typing import Any

ROLES = (
    "anonymous",
    "applicant",
    "dept_head",
    "approval_clerk",
    "approval_head",
    "approver",
    "community_worker",
    "street_officer",
    "supervisor",
    "sysadmin",
    "secadmin",
    "auditadmin",
    "outsider",
)
LOGIN, OK, REFUSED = "login", "ok", "refused"
CLASSES: dict[str, set[str]] = {
    OK: {"200", "302", "400", "409", "422", LOGIN},  # LOGIN: logging out
    REFUSED: {"403", "404", "405", LOGIN},
}

GROUPS: dict[str, tuple[str, ...]] = {
    "dept": ("applicant", "dept_head"),
    "office": ("approval_clerk", "approval_head"),
    "admins": ("sysadmin", "secadmin", "auditadmin"),
    "users": tuple(r for r in ROLES if r != "anonymous"),
    "everyone": ROLES,  # public: anonymous too
}

# Rows tried by a few roles only: the OpenAPI schema takes a second to build and is the same for everyone.
PROBE_ROLES = {"api:/openapi.json": ("anonymous", "applicant"), "api:/docs": ("anonymous", "applicant")}

# Views that dispatch on a URL argument ("<str:action>", a page name): the argument and the module-level
# dict of its values. Every value is a row of its own ("actions" in the entry), and every value must be there.
ACTION_SOURCES = {
    "access:application_action": ("action", "zhunru.access.views.APPLICATION_ACTIONS"),
    "access:exit_action": ("action", "zhunru.access.views.EXIT_ACTIONS"),
    "gateway:notice_action": ("action", "zhunru.gateway.views.ACTIONS"),
    "supervision:case_action": ("action", "zhunru.supervision.views.CASE_ACTIONS"),
    "evaluation:round_action": ("action", "zhunru.evaluation.views.ROUND_ACTIONS"),
    "funding:line_action": ("action", "zhunru.funding.views.LINE_ACTIONS"),
    "dashboard:page": ("page", "zhunru.dashboard.selectors.PAGES"),
    "api:/dashboard/<page>": ("page", "zhunru.dashboard.selectors.PAGES"),
}
# Rows given by several URL arguments at once: the row's name is their values joined by "/".
VARIANT_KWARGS = {"dashboard:export": ("page", "table"), "portal:data_file": ("dataset", "fmt")}

# The API's URL arguments and the kind of object each names (the test seeds one per side).
API_KWARGS = {
    "application_id": "application",
    "exit_id": "exit_request",
    "notice_id": "notice",
    "case_id": "case",
    "signboard_id": "signboard",
    "campaign_id": "campaign",
    "survey_id": "survey",
    "type_id": "certificate_type",
    "issuance_id": "issuance",
    "line_id": "line",
    "year": "year",
    "seq": "decision_seq",
    "a": "version",
    "b": "version_b",
    "rest": "rest",
}


# Kinds of object that belong to an organization: their URLs are tried with "own" and "other".
SCOPED = {
    "application",
    "attachment",
    "exit_request",
    "notice",
    "case",
    "signboard",
    "survey",
    "community",
    "department",
    "matter",
    "matter_code",
    "issuance",
    "refusal",
    "line",
    "user",
    "token",
}

# What the API's writes send (schema-valid, so that the answer is the permission check's, not 422): JSON, or a
# form when a value is an upload (file name, bytes). "@kind" is that kind of object, own or other as the row.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
APPLICATION = {
    "matter_name": "老年人健康档案入户核查",
    "kind": "task",
    "field": "卫生健康",
    "community_tasks": "每季度协助核查。",
    "basis": "《国家基本公共卫生服务规范》",
    "scope_kind": "all",
    "start_date": "2026-12-01",
    "frequency": "quarterly",
    "community_role": "assist",
    "workload_hours": "4",
    "money_per_community_year": "2400",
    "money_source": "区财政",
    "no_assessment_declared": True,
    "contact_name": "王经办",
    "contact_phone": "0999-1234567",
}
BODIES: dict[str, dict[str, Any]] = {
    "api:/applications": {"POST": APPLICATION},
    "api:/applications/<int:application_id>": {"PATCH": {"matter_name": "改名"}},
    "api:/applications/<int:application_id>/attachments": {"POST": {"file": ("a.pdf", PDF)}},
    "api:/applications/<int:application_id>/decide": {"POST": {"outcome": "approved", "reasons": "同意"}},
    "api:/applications/<int:application_id>/hearing": {
        "POST": {"scheduled_on": "2026-12-01", "place": "会议室", "participants": "各方", "agenda": "议程"}
    },
    "api:/applications/<int:application_id>/hearing/record": {
        "POST": {"held_on": "2026-12-01", "minutes": "纪要", "outcome": "同意"}
    },
    "api:/applications/<int:application_id>/opinions": {"POST": {"stance": "agree", "reasons": "同意"}},
    "api:/applications/<int:application_id>/return": {"POST": {"reason": "请补正"}},
    "api:/catalog/import": {"POST": {"file": ("catalog.csv", b"x")}},
    "api:/certificates/communities/<code>/issuances": {
        "POST": {
            "certificate": "@may_code",
            "applicant_name": "刘晓梅",
            "id_number": "110101198001011234",
            "phone": "13812345678",
        }
    },
    "api:/certificates/communities/<code>/issuances/search": {"POST": {"id_number": "110101198001011234"}},
    "api:/certificates/communities/<code>/refusals": {"POST": {"certificate": "@must_not_code"}},
    "api:/certificates/issuances/<int:issuance_id>/reveal": {"POST": {"reason": "核对居民身份"}},
    "certificates:reveal": {"POST": {"reason": "核对居民身份"}},
    "api:/evaluation/provider-surveys": {
        "POST": {
            "provider_name": "物业",
            "kind": "property",
            "year": 2026,
            "surveyed_on": "2026-03-01",
            "asked": 10,
            "satisfied": 5,
            "not_satisfied": 5,
        }
    },
    "api:/evaluation/rounds": {"POST": {"year": 2027}},
    "api:/evaluation/rounds/<int:year>/answers": {
        "POST": {"department": "@uscc", "promptness": 5, "money": 5, "burden": 5, "attitude": 5}
    },
    "api:/evaluation/rounds/<int:year>/comments": {"GET": {"department": "@uscc"}},
    "api:/evaluation/rounds/<int:year>/reply": {"POST": {"text": "回复"}},
    "api:/exits": {
        "POST": {"matter_code": "@published_matter", "reasons": ["residents"], "explanation": "居民不认可"}
    },
    "api:/exits/<int:exit_id>/decide": {"POST": {"outcome": "exited", "reasons": "理由"}},
    "api:/exits/<int:exit_id>/opinions": {"POST": {"stance": "agree", "reasons": "同意"}},
    "api:/funding/disbursements": {
        "POST": {
            "matter": "@matter_code",
            "year": 2026,
            "paid_on": "2026-03-01",
            "voucher_number": "V-1",
            "amount": "100",
            "communities": ["@community"],
        }
    },
    "api:/funding/lines/<int:line_id>/cancel": {"POST": {"note": "撤销"}},
    "api:/funding/lines/<int:line_id>/dispute": {"POST": {"note": "未到账"}},
    "api:/gateway/dispatch": {
        "POST": {"matter_code": "@matter_code", "communities": ["@community"], "text": "请协助"}
    },
    "api:/gateway/judge": {"POST": {"text": "请社区上报台账"}},
    "api:/gateway/notices": {"POST": {"text": "请社区上报台账"}},
    "api:/inbox/notifications/read": {"POST": {"ids": []}},
    "api:/registries/campaigns": {"POST": {"name": "清理", "deadline": "2026-12-31"}},
    "api:/registries/signboards": {
        "POST": {"name": "牌子", "department": "@uscc", "placement": "outside", "photo": ("p.png", b"x")}
    },
    "api:/supervision/cases/<int:case_id>/conclude": {"POST": {"substantiated": True, "conclusion": "属实"}},
}


# Patterns of apps still being written: declared here until their urls.py is in zhunru/urls.py.
PENDING: set[str] = set()

TABLE: dict[str, dict[str, Any]] = {
    "set_language": {"GET": {"everyone": 302}, "POST": {"everyone": 302}},
    "accounts:login": {"GET": {"everyone": 200}, "POST": {"everyone": 200}},
    "accounts:logout": {"POST": {"*": OK}},
    "accounts:password_change": {"GET": {"*": 200}, "POST": {"*": 200}},
    "accounts:users": {
        "GET": {"sysadmin": 200, "secadmin": 200, "*": 403},
        "POST": {"sysadmin": 200, "secadmin": 200, "*": 403},
    },
    "accounts:user_new": {"GET": {"sysadmin": 200, "*": 403}, "POST": {"sysadmin": 200, "*": 403}},
    "accounts:user": {
        "kwargs": {"user_id": "user"},
        "GET": {"sysadmin": 200, "secadmin": 200, "*": 403},
        "POST": {"sysadmin": 302, "secadmin": 302, "*": 403},
    },
    "accounts:roles": {"GET": {"secadmin": 200, "*": 403}, "POST": {"secadmin": 200, "*": 403}},
    "accounts:tokens": {"GET": {"*": 200}, "POST": {"*": 400}},
    "accounts:token_revoke": {
        "kwargs": {"token_id": "token"},
        "GET": {"*": {"own": 200, "other": 404}},
        "POST": {"*": {"own": OK, "other": 404}},
    },
    # django-ninja's schema and docs views answer any method with the same page, writing nothing
    "api:/openapi.json": {method: {"everyone": 200} for method in ("GET", "POST", "PUT", "PATCH", "DELETE")},
    "api:/docs": {method: {"everyone": 200} for method in ("GET", "POST", "PUT", "PATCH", "DELETE")},
    "api:/me": {"GET": {"*": 200}},
    "api:/areas": {"GET": {"*": 200}},
    "api:/departments": {"GET": {"*": 200}},
    "api:/catalog/matters": {"GET": {"everyone": 200}},
    "api:/catalog/matters/<code>": {"kwargs": {"code": "published_matter"}, "GET": {"everyone": 200}},
    "api:/catalog/versions": {"GET": {"everyone": 200}},
    "api:/catalog/versions/<int:a>/diff/<int:b>": {"GET": {"everyone": 200}},
    "api:/catalog/import": {"POST": {"approval_clerk": 400, "sysadmin": 400, "*": 403}},
    "api:/applications": {"GET": {"*": 200}, "POST": {"applicant": OK, "*": 403}},
    "api:/applications/<int:application_id>": {
        "GET": {"dept": {"own": 200, "other": 404}, "*": 404},
        "PATCH": {"dept": {"own": OK, "other": 404}, "*": 404},
    },
    "api:/applications/<int:application_id>/attachments": {
        "POST": {"dept": {"own": OK, "other": 404}, "*": 404}
    },
    "api:/applications/<int:application_id>/sign": {
        "POST": {"applicant": {"own": 403, "other": 404}, "dept_head": {"own": OK, "other": 404}, "*": 404}
    },
    "api:/applications/<int:application_id>/submit": {"POST": {"dept": {"own": 409, "other": 404}, "*": 404}},
    "api:/applications/<int:application_id>/withdraw": {
        "POST": {"dept": {"own": OK, "other": 404}, "*": 404}
    },
    "api:/applications/<int:application_id>/return": {"POST": {"dept": {"own": 403, "other": 404}, "*": 404}},
    "api:/applications/<int:application_id>/resubmit": {
        "POST": {"dept": {"own": 409, "other": 404}, "*": 404}
    },
    "api:/applications/<int:application_id>/accept": {"POST": {"dept": {"own": 403, "other": 404}, "*": 404}},
    "api:/applications/<int:application_id>/start-review": {
        "POST": {"dept": {"own": 403, "other": 404}, "*": 404}
    },
    "api:/applications/<int:application_id>/hearing": {
        "POST": {"dept": {"own": 403, "other": 404}, "*": 404}
    },
    "api:/applications/<int:application_id>/hearing/record": {
        "POST": {"dept": {"own": 403, "other": 404}, "*": 404}
    },
    "api:/applications/<int:application_id>/opinions": {
        "POST": {"dept": {"own": 403, "other": 404}, "*": 404}
    },
    "api:/applications/<int:application_id>/decide": {"POST": {"dept": {"own": 403, "other": 404}, "*": 404}},
    "api:/applications/<int:application_id>/similar": {"GET": {"dept": {"own": 403, "other": 404}, "*": 404}},
    "api:/decisions": {"GET": {"everyone": 200}},
    "api:/portal/statistics": {"GET": {"everyone": 200}},
    "api:/portal/funding": {"GET": {"everyone": 200}},
    "api:/portal/evaluation": {"GET": {"everyone": 200}},
    "api:/portal/datasets": {"GET": {"everyone": 200}},
    "api:/decisions/verify": {"GET": {"everyone": 422}},
    "api:/decisions/<int:year>-<int:seq>": {"kwargs": {"year": "decision_year"}, "GET": {"everyone": 200}},
    "api:/exits": {
        "GET": {"*": 200},
        "POST": {"approval_clerk": 409, "community_worker": 409, "street_officer": 409, "*": 403},
    },
    "api:/exits/<int:exit_id>": {
        "GET": {
            "dept": {"own": 200, "other": 404},
            "office": 200,
            "approver": 200,
            "community_worker": {"own": 200, "other": 404},
            "*": 404,
        }
    },
    "api:/exits/<int:exit_id>/accept": {
        "POST": {
            "dept": {"own": 403, "other": 404},
            "approval_clerk": OK,
            "approval_head": 403,
            "approver": 403,
            "community_worker": {"own": 403, "other": 404},
            "*": 404,
        }
    },
    "api:/exits/<int:exit_id>/opinions": {
        "POST": {
            "dept": {"own": 403, "other": 404},
            "office": 403,
            "approver": 409,
            "community_worker": {"own": 403, "other": 404},
            "*": 404,
        }
    },
    "api:/exits/<int:exit_id>/decide": {
        "POST": {
            "dept": {"own": 403, "other": 404},
            "approval_clerk": 409,
            "approval_head": 403,
            "approver": 403,
            "community_worker": {"own": 403, "other": 404},
            "*": 404,
        }
    },
    "api:/exits/<int:exit_id>/withdraw": {
        "POST": {
            "dept": {"own": 403, "other": 404},
            "approval_head": 403,
            "approver": 403,
            "community_worker": {"own": OK, "other": 404},
            "*": 404,
        }
    },
    "api:/inbox/todo": {"GET": {"*": 200}},
    "api:/inbox/notifications": {"GET": {"*": 200}},
    "api:/inbox/notifications/read": {"POST": {"*": 200}},
    "api:/gateway/notices": {"GET": {"*": 200}, "POST": {"community_worker": OK, "*": 403}},
    "api:/gateway/notices/<int:notice_id>": {
        "GET": {
            "community_worker": {"own": 200, "other": 404},
            "street_officer": {"own": 200, "other": 404},
            "supervisor": 200,
            "*": 404,
        }
    },
    "api:/gateway/judge": {"POST": {"community_worker": 200, "*": 403}},
    "api:/gateway/notices/<int:notice_id>/accept": {
        "POST": {
            "community_worker": {"own": 400, "other": 404},
            "street_officer": {"own": 403, "other": 404},
            "supervisor": 403,
            "*": 404,
        }
    },
    "api:/gateway/notices/<int:notice_id>/refuse": {
        "POST": {
            "community_worker": {"own": 409, "other": 404},
            "street_officer": {"own": 403, "other": 404},
            "supervisor": 403,
            "*": 404,
        }
    },
    "api:/gateway/notices/<int:notice_id>/report": {
        "POST": {
            "community_worker": {"own": OK, "other": 404},
            "street_officer": {"own": 403, "other": 404},
            "supervisor": 403,
            "*": 404,
        }
    },
    "api:/gateway/dispatch": {"POST": {"dept": {"own": OK, "other": 400}, "*": 403}},
    "api:/supervision/cases": {"GET": {"supervisor": 200, "*": 403}},
    "api:/supervision/cases/<int:case_id>": {"GET": {"supervisor": 200, "*": 404}},
    "api:/supervision/cases/<int:case_id>/start": {
        "POST": {"supervisor": {"own": OK, "other": 409}, "*": 404}
    },
    "api:/supervision/cases/<int:case_id>/conclude": {"POST": {"supervisor": 400, "*": 404}},
    "api:/supervision/flags": {"GET": {"supervisor": 200, "*": 403}},
    "api:/supervision/department-stats": {"GET": {"dept": 200, "*": 403}},
    "api:/supervision/my-reports": {"GET": {"community_worker": 200, "*": 403}},
    "api:/registries/signboards": {
        "GET": {"office": 200, "community_worker": 200, "street_officer": 200, "*": 403},
        "POST": {"community_worker": 400, "*": 403},
    },
    "api:/registries/signboards/<int:signboard_id>": {
        "GET": {
            "office": 200,
            "community_worker": {"own": 200, "other": 404},
            "street_officer": {"own": 200, "other": 404},
            "*": 404,
        }
    },
    "api:/registries/signboards/<int:signboard_id>/remove": {
        "POST": {
            "office": 403,
            "community_worker": {"own": 400, "other": 404},
            "street_officer": {"own": 403, "other": 404},
            "*": 404,
        }
    },
    "api:/registries/campaigns": {
        "GET": {"office": 200, "community_worker": 200, "street_officer": 200, "*": 403},
        "POST": {"office": OK, "*": 403},
    },
    "api:/registries/campaigns/<int:campaign_id>": {
        "GET": {"office": 200, "community_worker": 200, "street_officer": 200, "*": 404}
    },
    "api:/registries/campaigns/<int:campaign_id>/close": {
        "POST": {"office": OK, "community_worker": 403, "street_officer": 403, "*": 404}
    },
    "api:/registries/ledgers": {"GET": {"admins": 403, "supervisor": 403, "outsider": 403, "*": 200}},
    "api:/registries/fields": {"GET": {"admins": 403, "supervisor": 403, "outsider": 403, "*": 200}},
    "api:/evaluation/rounds": {
        "GET": {"admins": 403, "outsider": 403, "*": 200},
        "POST": {"office": 400, "*": 403},
    },
    "api:/evaluation/rounds/<int:year>": {"GET": {"admins": 404, "outsider": 404, "*": 200}},
    "api:/evaluation/rounds/<int:year>/close": {
        "POST": {"office": OK, "admins": 404, "outsider": 404, "*": 403}
    },
    "api:/evaluation/rounds/<int:year>/reopen": {
        "POST": {"office": 409, "admins": 404, "outsider": 404, "*": 403}
    },
    "api:/evaluation/rounds/<int:year>/publish": {
        "POST": {"admins": 404, "approval_head": 409, "outsider": 404, "*": 403}
    },
    "api:/evaluation/rounds/<int:year>/todo": {"GET": {"community_worker": 200, "*": 403}},
    "api:/evaluation/rounds/<int:year>/answers": {"POST": {"community_worker": OK, "*": 403}},
    "api:/evaluation/rounds/<int:year>/results": {"GET": {"admins": 403, "outsider": 403, "*": 200}},
    "api:/evaluation/rounds/<int:year>/comments": {"GET": {"office": 404, "*": 403}},
    "api:/evaluation/rounds/<int:year>/progress": {"GET": {"office": 200, "*": 403}},
    "api:/evaluation/rounds/<int:year>/reply": {"POST": {"dept_head": 409, "*": 403}},
    "api:/evaluation/provider-surveys": {
        "GET": {"office": 200, "community_worker": 200, "street_officer": 200, "*": 403},
        "POST": {"community_worker": OK, "*": 403},
    },
    "api:/evaluation/provider-surveys/<int:survey_id>": {
        "DELETE": {"community_worker": {"own": OK, "other": 404}, "*": 403}
    },
    "api:/certificates/types": {"GET": {"*": 200}},
    "api:/certificates/types/<int:type_id>": {"GET": {"*": 200}},
    "api:/certificates/communities/<code>/issuances": {
        "kwargs": {"code": "community"},
        "GET": {"community_worker": {"own": 200, "other": 404}, "*": 404},
        "POST": {"community_worker": {"own": 400, "other": 404}, "*": 404},
    },
    "api:/certificates/communities/<code>/issuances/search": {
        "kwargs": {"code": "community"},
        "POST": {"community_worker": {"own": 400, "other": 404}, "*": 404},
    },
    "api:/certificates/issuances/<int:issuance_id>": {
        "GET": {"community_worker": {"own": 200, "other": 404}, "*": 404}
    },
    "api:/certificates/issuances/<int:issuance_id>/reveal": {
        "POST": {"community_worker": {"own": OK, "other": 404}, "*": 404}
    },
    "api:/certificates/communities/<code>/refusals": {
        "kwargs": {"code": "community"},
        "GET": {"community_worker": {"own": 200, "other": 404}, "*": 404},
        "POST": {"community_worker": {"own": OK, "other": 404}, "*": 404},
    },
    "api:/certificates/stats": {"GET": {"community_worker": 200, "street_officer": 200, "*": 403}},
    "api:/funding/arrears": {"GET": {"admins": 403, "approver": 403, "outsider": 403, "*": 200}},
    "api:/funding/matters/<code>/commitments": {
        "kwargs": {"code": "matter_code"},
        "GET": {"admins": 403, "approver": 403, "outsider": 403, "*": {"own": 200, "other": 404}},
    },
    "api:/funding/disbursements": {"POST": {"dept": {"own": OK, "other": 404}, "*": 403}},
    "api:/funding/lines": {"GET": {"admins": 403, "approver": 403, "outsider": 403, "*": 200}},
    "api:/funding/lines/<int:line_id>/confirm": {
        "POST": {
            "admins": 404,
            "approver": 404,
            "community_worker": {"own": OK, "other": 404},
            "street_officer": {"own": 403, "other": 404},
            "outsider": 404,
            "*": 403,
        }
    },
    "api:/funding/lines/<int:line_id>/dispute": {
        "POST": {
            "admins": 404,
            "approver": 404,
            "community_worker": {"own": OK, "other": 404},
            "street_officer": {"own": 403, "other": 404},
            "outsider": 404,
            "*": 403,
        }
    },
    "api:/funding/lines/<int:line_id>/cancel": {
        "POST": {
            "dept": OK,
            "office": 403,
            "community_worker": {"own": 403, "other": 404},
            "street_officer": {"own": 403, "other": 404},
            "supervisor": 403,
            "*": 404,
        }
    },
    "api:/funding/unfunded": {"GET": {"admins": 403, "approver": 403, "outsider": 403, "*": 200}},
    "api:/": {"GET": {"everyone": 404}, "POST": {"everyone": 404}},
    "api:/^(?P<rest>.*)$": {"GET": {"everyone": 404}, "POST": {"everyone": 404}},
    "portal:index": {"GET": {"everyone": 200}, "POST": {"everyone": 200}},
    "portal:catalog": {"GET": {"everyone": 200}, "POST": {"everyone": 200}},
    "portal:matter": {
        "kwargs": {"code": "published_matter"},
        "GET": {"everyone": 200},
        "POST": {"everyone": 200},
    },
    "portal:decisions": {"GET": {"everyone": 200}, "POST": {"everyone": 200}},
    "portal:decision": {
        "kwargs": {"year": "decision_year", "seq": "decision_seq"},
        "GET": {"everyone": 200},
        "POST": {"everyone": 200},
    },
    "portal:decision_pdf": {
        "kwargs": {"year": "decision_year", "seq": "decision_seq"},
        "GET": {"everyone": 200},
        "POST": {"everyone": 200},
    },
    "portal:versions": {"GET": {"everyone": 200}, "POST": {"everyone": 200}},
    "portal:exits": {"GET": {"everyone": 200}, "POST": {"everyone": 200}},
    "portal:verify": {"GET": {"everyone": 200}, "POST": {"everyone": 200}},
    "portal:statistics": {"GET": {"everyone": 200}, "POST": {"everyone": 405}},
    "portal:departments": {"GET": {"everyone": 200}, "POST": {"everyone": 405}},
    "portal:funding": {"GET": {"everyone": 200}, "POST": {"everyone": 405}},
    "portal:evaluation": {"GET": {"everyone": 200}, "POST": {"everyone": 405}},
    "portal:data": {"GET": {"everyone": 200}, "POST": {"everyone": 405}},
    "portal:data_file": {
        "GET": {"everyone": 200},
        "POST": {"everyone": 405},
        "actions": {f"{d}/{f}": {} for d in ("catalog", "decisions", "statistics") for f in ("csv", "json")},
    },
    "inbox:inbox": {"GET": {"*": 200}, "POST": {"*": 200}},
    "inbox:read": {"POST": {"*": OK}},
    "access:applications": {"GET": {"*": 200}, "POST": {"*": 200}},
    "access:application_new": {"GET": {"applicant": 200, "*": 403}, "POST": {"applicant": 200, "*": 403}},
    "access:application": {
        "kwargs": {"pk": "application"},
        "GET": {"dept": {"own": 200, "other": 404}, "*": 404},
        "POST": {"dept": {"own": 200, "other": 404}, "*": 404},
    },
    "access:application_edit": {
        "kwargs": {"pk": "application"},
        "GET": {"dept": {"own": 200, "other": 404}, "*": 404},
        "POST": {"dept": {"own": 200, "other": 404}, "*": 404},
    },
    "access:application_action": {
        "kwargs": {"pk": "application"},
        "POST": {"dept": {"own": 302, "other": 404}, "*": 404},
        "actions": {
            "sign": {
                "POST": {
                    "applicant": {"own": 302, "other": 404},
                    "dept_head": {"own": OK, "other": 404},
                    "*": 404,
                }
            },
            "submit": {},
            "withdraw": {"POST": {"dept": {"own": OK, "other": 404}, "*": 404}},
            "resubmit": {},
            "accept": {},
            "start_review": {},
            "return": {},
            "schedule_hearing": {},
            "record_hearing": {},
            "opinion": {},
            "decide": {},
            "attach": {},
        },
    },
    "access:attachment": {
        "kwargs": {"pk": "attachment"},
        "GET": {"dept": {"own": 200, "other": 404}, "*": 404},
        "POST": {"dept": {"own": 200, "other": 404}, "*": 404},
    },
    "access:exits": {"GET": {"*": 200}, "POST": {"*": 200}},
    "access:exit_new": {
        "kwargs": {"code": "published_matter"},
        "GET": {"approval_clerk": 200, "community_worker": 200, "street_officer": 200, "*": 403},
        "POST": {"approval_clerk": 200, "community_worker": 200, "street_officer": 200, "*": 403},
    },
    "access:exit": {
        "kwargs": {"pk": "exit_request"},
        "GET": {
            "dept": {"own": 200, "other": 404},
            "office": 200,
            "approver": 200,
            "community_worker": {"own": 200, "other": 404},
            "*": 404,
        },
        "POST": {
            "dept": {"own": 200, "other": 404},
            "office": 200,
            "approver": 200,
            "community_worker": {"own": 200, "other": 404},
            "*": 404,
        },
    },
    "access:exit_action": {
        "kwargs": {"pk": "exit_request"},
        "POST": {
            "dept": {"own": 302, "other": 404},
            "office": 302,
            "approver": 302,
            "community_worker": {"own": 302, "other": 404},
            "*": 404,
        },
        "actions": {
            "accept": {
                "POST": {
                    "dept": {"own": 302, "other": 404},
                    "approval_clerk": OK,
                    "approval_head": 302,
                    "approver": 302,
                    "community_worker": {"own": 302, "other": 404},
                    "*": 404,
                }
            },
            "withdraw": {
                "POST": {
                    "dept": {"own": 302, "other": 404},
                    "approval_head": 302,
                    "approver": 302,
                    "community_worker": {"own": OK, "other": 404},
                    "*": 404,
                }
            },
            "opinion": {},
            "decide": {},
        },
    },
    "access:settings": {"GET": {"office": 200, "*": 403}, "POST": {"office": 200, "*": 403}},
    "catalog:manage": {
        "GET": {"office": 200, "approver": 200, "sysadmin": 200, "*": 403},
        "POST": {"office": 200, "approver": 200, "sysadmin": 200, "*": 403},
    },
    "catalog:export": {"kwargs": {"fmt": "fmt"}, "GET": {"everyone": 200}, "POST": {"everyone": 200}},
    "catalog:publish": {"POST": {"approval_clerk": OK, "sysadmin": OK, "*": 403}},
    "catalog:import": {"GET": {"approval_clerk": 200, "*": 403}, "POST": {"approval_clerk": 400, "*": 403}},
    "gateway:notices": {
        "GET": {"community_worker": 200, "street_officer": 200, "*": 403},
        "POST": {"community_worker": 200, "street_officer": 200, "*": 403},
    },
    "gateway:register": {
        "GET": {"community_worker": 302, "*": 403},
        "POST": {"community_worker": 400, "*": 403},
    },
    "gateway:bulk": {"POST": {"community_worker": 200, "*": 403}},
    "gateway:judge": {"POST": {"community_worker": 200, "*": 403}},
    "gateway:export": {
        "GET": {"community_worker": 200, "street_officer": 200, "*": 403},
        "POST": {"community_worker": 200, "street_officer": 200, "*": 403},
    },
    "gateway:dispatch": {"GET": {"dept": 200, "*": 403}, "POST": {"dept": 200, "*": 403}},
    "gateway:notice": {
        "kwargs": {"pk": "notice"},
        "GET": {
            "community_worker": {"own": 200, "other": 404},
            "street_officer": {"own": 200, "other": 404},
            "supervisor": 200,
            "*": 403,
        },
        "POST": {
            "community_worker": {"own": 200, "other": 404},
            "street_officer": {"own": 200, "other": 404},
            "supervisor": 200,
            "*": 403,
        },
    },
    "gateway:refusal_pdf": {
        "kwargs": {"pk": "notice"},
        "GET": {
            "community_worker": {"own": 200, "other": 404},
            "street_officer": {"own": 200, "other": 404},
            "supervisor": 200,
            "*": 403,
        },
        "POST": {
            "community_worker": {"own": 200, "other": 404},
            "street_officer": {"own": 200, "other": 404},
            "supervisor": 200,
            "*": 403,
        },
    },
    "gateway:attachment": {
        "kwargs": {"pk": "notice"},
        "GET": {
            "community_worker": {"own": 200, "other": 404},
            "street_officer": {"own": 200, "other": 404},
            "supervisor": 200,
            "*": 403,
        },
        "POST": {
            "community_worker": {"own": 200, "other": 404},
            "street_officer": {"own": 200, "other": 404},
            "supervisor": 200,
            "*": 403,
        },
    },
    "gateway:notice_action": {
        "kwargs": {"pk": "notice"},
        "POST": {
            "community_worker": {"own": 302, "other": 404},
            "street_officer": {"own": 403, "other": 404},
            "*": 403,
        },
        "actions": {
            "accept": {},
            "refuse": {},
            "report": {
                "POST": {
                    "community_worker": {"own": OK, "other": 404},
                    "street_officer": {"own": 403, "other": 404},
                    "*": 403,
                }
            },
            "refuse_report": {
                "POST": {
                    "community_worker": {"own": OK, "other": 404},
                    "street_officer": {"own": 403, "other": 404},
                    "*": 403,
                }
            },
        },
    },
    "supervision:cases": {"GET": {"supervisor": 200, "*": 403}},
    "supervision:export": {"GET": {"supervisor": 200, "*": 403}},
    "supervision:case": {"kwargs": {"pk": "case"}, "GET": {"supervisor": 200, "*": 403}},
    "supervision:case_action": {
        "kwargs": {"pk": "case"},
        "POST": {"supervisor": 302, "*": 403},
        "actions": {
            "start_investigation": {"POST": {"supervisor": {"own": OK, "other": 302}, "*": 403}},
            "conclude": {},
        },
    },
    "supervision:flags": {"GET": {"supervisor": 200, "*": 403}},
    "supervision:mine": {"GET": {"community_worker": 200, "*": 403}},
    "supervision:department": {"GET": {"dept": 200, "*": 403}},
    "supervision:settings": {"GET": {"supervisor": 200, "*": 403}, "POST": {"supervisor": 200, "*": 403}},
    "registries:signboards": {
        "GET": {"office": 200, "community_worker": 200, "street_officer": 200, "*": 403}
    },
    "registries:signboards_export": {
        "GET": {"office": 200, "community_worker": 200, "street_officer": 200, "*": 403}
    },
    "registries:signboard_new": {
        "GET": {"office": 404, "community_worker": 200, "street_officer": 404, "*": 403},
        "POST": {"office": 404, "community_worker": 400, "street_officer": 404, "*": 403},
    },
    "registries:signboard": {
        "kwargs": {"pk": "signboard"},
        "GET": {
            "office": 200,
            "community_worker": {"own": 200, "other": 404},
            "street_officer": {"own": 200, "other": 404},
            "*": 403,
        },
    },
    "registries:signboard_remove": {
        "kwargs": {"pk": "signboard"},
        "POST": {
            "community_worker": {"own": 400, "other": 404},
            "street_officer": {"own": 403, "other": 404},
            "*": 403,
        },
    },
    "registries:signboard_photo": {
        "kwargs": {"pk": "signboard", "which": "photo"},
        "GET": {
            "office": 200,
            "community_worker": {"own": 200, "other": 404},
            "street_officer": {"own": 200, "other": 404},
            "*": 403,
        },
    },
    "registries:campaigns": {
        "GET": {"office": 200, "community_worker": 200, "street_officer": 200, "*": 403},
        "POST": {"office": 400, "community_worker": 404, "street_officer": 404, "*": 403},
    },
    "registries:campaign": {
        "kwargs": {"pk": "campaign"},
        "GET": {"office": 200, "community_worker": 200, "street_officer": 200, "*": 403},
    },
    "registries:campaign_close": {"kwargs": {"pk": "campaign"}, "POST": {"office": OK, "*": 403}},
    "registries:campaign_export": {
        "kwargs": {"pk": "campaign"},
        "GET": {"office": 200, "community_worker": 200, "street_officer": 200, "*": 403},
    },
    "registries:ledgers": {"GET": {"admins": 403, "supervisor": 403, "outsider": 403, "*": 200}},
    "registries:ledgers_export": {"GET": {"admins": 403, "supervisor": 403, "outsider": 403, "*": 200}},
    "evaluation:index": {
        "GET": {"admins": 403, "outsider": 403, "*": 200},
        "POST": {"office": 200, "admins": 403, "outsider": 403, "*": 404},
    },
    "evaluation:providers": {
        "GET": {"office": 200, "community_worker": 200, "street_officer": 200, "*": 403}
    },
    "evaluation:provider_new": {
        "GET": {"community_worker": 200, "*": 403},
        "POST": {"community_worker": 200, "*": 403},
    },
    "evaluation:providers_export": {
        "GET": {"office": 200, "community_worker": 200, "street_officer": 200, "*": 403}
    },
    "evaluation:provider_delete": {
        "kwargs": {"pk": "survey"},
        "POST": {"community_worker": {"own": OK, "other": 404}, "*": 403},
    },
    "evaluation:round": {"kwargs": {"year": "year"}, "GET": {"admins": 403, "outsider": 403, "*": 200}},
    "evaluation:export": {"kwargs": {"year": "year"}, "GET": {"admins": 403, "outsider": 403, "*": 200}},
    "evaluation:reply": {"kwargs": {"year": "year"}, "POST": {"dept_head": 302, "*": 403}},
    "evaluation:answer": {
        "kwargs": {"year": "year", "department": "department"},
        "GET": {"community_worker": 200, "*": 403},
        "POST": {"community_worker": 200, "*": 403},
    },
    "evaluation:comments": {"kwargs": {"year": "year", "department": "department"}},
    "evaluation:round_action": {
        "kwargs": {"year": "year"},
        "POST": {"office": 302, "*": 403},
        "actions": {"close": {"POST": {"office": OK, "*": 403}}, "reopen": {}, "publish": {}},
    },
    "funding:arrears": {"GET": {"admins": 403, "approver": 403, "outsider": 403, "*": 200}},
    "funding:export": {"GET": {"admins": 403, "approver": 403, "outsider": 403, "*": 200}},
    "funding:matter": {
        "kwargs": {"pk": "matter"},
        "GET": {"admins": 403, "approver": 403, "outsider": 403, "*": {"own": 200, "other": 404}},
    },
    "funding:disburse": {"kwargs": {"pk": "matter"}, "POST": {"dept": {"own": 400, "other": 404}, "*": 403}},
    "funding:lines": {"GET": {"admins": 403, "approver": 403, "outsider": 403, "*": 200}},
    "funding:lines_export": {"GET": {"admins": 403, "approver": 403, "outsider": 403, "*": 200}},
    "funding:line_action": {
        "kwargs": {"pk": "line"},
        "POST": {
            "admins": 403,
            "approver": 403,
            "community_worker": {"own": 302, "other": 404},
            "street_officer": {"own": 302, "other": 404},
            "outsider": 403,
            "*": 302,
        },
        "actions": {
            "confirm": {
                "POST": {
                    "admins": 403,
                    "approver": 403,
                    "community_worker": {"own": OK, "other": 404},
                    "street_officer": {"own": 302, "other": 404},
                    "outsider": 403,
                    "*": 302,
                }
            },
            "dispute": {},
            "cancel": {},
        },
    },
    "funding:settings": {"GET": {"office": 200, "*": 403}, "POST": {"office": 200, "*": 403}},
    "certificates:index": {"GET": {"*": 200}},
    "certificates:type": {"kwargs": {"pk": "certificate_type"}, "GET": {"*": 200}},
    "certificates:my_register": {"GET": {"community_worker": 302, "*": 403}},
    "certificates:stats": {"GET": {"community_worker": 200, "street_officer": 200, "*": 403}},
    "certificates:register": {
        "kwargs": {"code": "community"},
        "GET": {"community_worker": {"own": 200, "other": 404}, "*": 403},
        "POST": {"community_worker": {"own": 200, "other": 404}, "*": 403},
    },
    "certificates:export": {
        "kwargs": {"code": "community"},
        "GET": {"community_worker": {"own": 200, "other": 404}, "*": 403},
    },
    "certificates:issue": {
        "kwargs": {"code": "community"},
        "GET": {"community_worker": {"own": 200, "other": 404}, "*": 403},
        "POST": {"community_worker": {"own": 200, "other": 404}, "*": 403},
    },
    "certificates:refusals": {
        "kwargs": {"code": "community"},
        "GET": {"community_worker": {"own": 200, "other": 404}, "*": 403},
        "POST": {"community_worker": {"own": 200, "other": 404}, "*": 403},
    },
    "certificates:issuance": {
        "kwargs": {"pk": "issuance"},
        "GET": {"community_worker": {"own": 200, "other": 404}, "*": 403},
    },
    "certificates:reveal": {
        "kwargs": {"pk": "issuance"},
        "GET": {"community_worker": {"own": 200, "other": 404}, "*": 403},
        "POST": {"community_worker": {"own": OK, "other": 404}, "*": 403},
    },
    "certificates:refusal": {
        "kwargs": {"pk": "refusal"},
        "GET": {"community_worker": {"own": 200, "other": 404}, "*": 403},
    },
    "certificates:refusal_pdf": {
        "kwargs": {"pk": "refusal"},
        "GET": {"community_worker": {"own": 200, "other": 404}, "*": 403},
    },
    "dashboard:index": {"GET": {"admins": 404, "outsider": 404, "*": 302}},
    "dashboard:report": {"GET": {"office": 200, "approver": 200, "supervisor": 200, "*": 404}},
    "dashboard:page": {
        "GET": {
            "office": 200,
            "approver": 200,
            "community_worker": 200,
            "street_officer": 200,
            "supervisor": 200,
            "*": 404,
        },
        "actions": {
            "burden": {},
            "departments": {
                "GET": {
                    "admins": 404,
                    "community_worker": 404,
                    "street_officer": 404,
                    "outsider": 404,
                    "*": 200,
                }
            },
            "office": {"GET": {"office": 200, "approver": 200, "supervisor": 200, "*": 404}},
            "reductions": {},
        },
    },
    "api:/dashboard/<page>": {
        "GET": {
            "office": 200,
            "approver": 200,
            "community_worker": 200,
            "street_officer": 200,
            "supervisor": 200,
            "*": 404,
        },
        "actions": {
            "burden": {},
            "departments": {
                "GET": {
                    "admins": 404,
                    "community_worker": 404,
                    "street_officer": 404,
                    "outsider": 404,
                    "*": 200,
                }
            },
            "office": {"GET": {"office": 200, "approver": 200, "supervisor": 200, "*": 404}},
            "reductions": {},
        },
    },
    "dashboard:export": {
        "GET": {
            "office": 200,
            "approver": 200,
            "community_worker": 200,
            "street_officer": 200,
            "supervisor": 200,
            "*": 404,
        },
        "actions": {
            "burden/trend": {},
            "departments/departments": {
                "GET": {
                    "admins": 404,
                    "community_worker": 404,
                    "street_officer": 404,
                    "outsider": 404,
                    "*": 200,
                }
            },
            "office/office": {"GET": {"office": 200, "approver": 200, "supervisor": 200, "*": 404}},
            "reductions/reductions": {},
        },
    },
    "areas:areas": {"GET": {"*": 200}, "POST": {"*": 200}},
    "areas:community": {
        "kwargs": {"code": "community"},
        "GET": {
            "office": 200,
            "approver": 200,
            "community_worker": {"own": 200, "other": 404},
            "street_officer": {"own": 200, "other": 404},
            "supervisor": 200,
            "sysadmin": 200,
            "*": 404,
        },
        "POST": {  # the same page: the view does not check the method
            "office": 200,
            "approver": 200,
            "community_worker": {"own": 200, "other": 404},
            "street_officer": {"own": 200, "other": 404},
            "supervisor": 200,
            "sysadmin": 200,
            "*": 404,
        },
    },
    "areas:departments": {"GET": {"*": 200}, "POST": {"*": 200}},
    "areas:import": {"GET": {"sysadmin": 200, "*": 403}, "POST": {"sysadmin": 400, "*": 403}},
    "core:audit": {"GET": {"auditadmin": 200, "*": 403}},
    "core:audit_export": {"GET": {"auditadmin": 200, "*": 403}},
    "core:workdays": {"GET": {"sysadmin": 200, "*": 403}, "POST": {"sysadmin": 302, "*": 403}},
    "web:home": {"GET": {"*": 200}, "POST": {"*": 200}},
    "web:healthz": {"GET": {"everyone": 200}, "POST": {"everyone": 200}},
}


def kwarg_kinds(key: str) -> dict[str, str]:
    kinds = dict(API_KWARGS) if key.startswith("api:") else {}
    kinds.update(TABLE.get(key, {}).get("kwargs", {}))
    return kinds


def methods(key: str) -> list[str]:
    entry = TABLE.get(key, {})
    found = [m for m in entry if m.isupper()]
    for per_action in entry.get("actions", {}).values():
        found += [m for m in per_action if m not in found]
    return found


def actions(key: str) -> list[str]:
    return sorted(TABLE.get(key, {}).get("actions", {}))


def variant_kwargs(key: str, label: str) -> dict[str, str]:
    if key in ACTION_SOURCES:
        return {ACTION_SOURCES[key][0]: label}
    return dict(zip(VARIANT_KWARGS[key], label.split("/"), strict=True))


def body(key: str, method: str) -> Any:
    return BODIES.get(key, {}).get(method)


def scopes(key: str) -> tuple[str, ...]:
    kinds = kwarg_kinds(key)
    return ("own", "other") if any(k in SCOPED for k in kinds.values()) else ("any",)


def _pick(spec: dict[str, Any], role: str) -> Any:
    if role in spec:
        return spec[role]
    for group, members in GROUPS.items():
        if role in members and group in spec:
            return spec[group]
    if role == "anonymous":
        return spec.get("anonymous", LOGIN)
    return spec.get("*")


def expected(key: str, method: str, role: str, scope: str, action: str | None = None) -> Any:
    entry = TABLE.get(key, {})
    spec = entry.get(method)
    if action is not None and method in entry.get("actions", {}).get(action, {}):
        spec = entry["actions"][action][method]
    if spec is None:
        return REFUSED
    answer = _pick(spec, role)
    if isinstance(answer, dict):
        answer = answer.get(scope, answer.get("own"))
    return REFUSED if answer is None else answer


def matches(expect: Any, got: str) -> bool:
    return got in CLASSES.get(str(expect), {str(expect)})


def allowed(expect: Any) -> bool:
    return str(expect) not in CLASSES[REFUSED] and str(expect) != REFUSED
