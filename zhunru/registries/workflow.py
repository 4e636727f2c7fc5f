"""The state machine of a clean-up campaign: one table, read by the services and the UI.

Campaign: (opened) open → closed. Only the approval office opens and closes campaigns."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhunru.access.workflow import Transition, allowed
from zhunru.accounts.roles import Role
from zhunru.registries.models import CampaignStatus as S

OFFICE = (Role.APPROVAL_CLERK, Role.APPROVAL_HEAD)

CAMPAIGN_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("close", frozenset({S.OPEN}), frozenset({S.CLOSED}), OFFICE, _("结束行动")),
    ]
}

__all__ = ["CAMPAIGN_TRANSITIONS", "OFFICE", "allowed"]
