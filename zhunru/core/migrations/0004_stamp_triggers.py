from django.db import migrations

from zhunru.core import stamp_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_changestamp"),
        ("gateway", "0002_refusal_and_report"),
        ("catalog", "0001_initial"),
    ]

    operations = [migrations.RunPython(stamp_triggers.create, stamp_triggers.drop)]
