from django.db import migrations

from zhunru.core import stamp_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_changestamp"),
        ("gateway", "0002_refusal_and_report"),
        ("catalog", "0001_initial"),
    ]

    operations = [
        stamp_triggers.watch(
            {
                "gateway_tasknotice": ("notices", "'notices:' || r.community_id"),
                "catalog_matter": ("catalog", "'catalog'"),
            }
        )
    ]
