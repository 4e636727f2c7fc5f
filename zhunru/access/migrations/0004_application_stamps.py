"""Change stamps of one application's page (scope application:<id>): the application and every row its
page shows (scope areas, opinions, hearings, attachments, history, decision). Rows of an exit request
(opinions, history, decision) bump exit:<id>; the procedure settings (the quorum) access-settings.
See core.stamp_triggers and access.views.application_detail."""

from django.db import migrations

from zhunru.core import stamp_triggers

# the scope of a row of an application or of an exit request (never NULL: core_changestamp.scope is NOT NULL)
EITHER = (
    "CASE WHEN r.application_id IS NOT NULL THEN 'application:' || r.application_id"
    " WHEN r.exit_request_id IS NOT NULL THEN 'exit:' || r.exit_request_id ELSE 'access' END"
)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_statuschange_actor_at"),
        ("core", "0004_stamp_triggers"),
    ]

    operations = [
        stamp_triggers.watch(
            {
                "access_accessapplication": ("access_application", "'application:' || r.id"),
                "access_accessapplication_scope_areas": (
                    "access_application_areas",
                    "'application:' || r.accessapplication_id",
                ),
                "access_opinion": ("access_opinion", EITHER),
                "access_hearing": ("access_hearing", "'application:' || r.application_id"),
                "access_attachment": ("access_attachment", "'application:' || r.application_id"),
                "access_statuschange": ("access_statuschange", EITHER),
                "access_decision": ("access_decision", EITHER),
                "access_proceduresettings": ("access_settings", "'access-settings'"),  # the quorum
            }
        )
    ]
