"""A log is at most 24 hours (PRODUCT.md). Typing, imports and the API always held to it;
a timer stopped after running more than a day did not. Such a log now ends 24 hours after
it started: the reads of a window rely on no finished log being longer (they look no
further back than a day before the window), and 24 h is the most the product counts."""

from datetime import timedelta

from django.db import migrations
from django.db.models import F

DAY = timedelta(hours=24)


def end_long_logs_at_a_day(apps, schema_editor):
    TimeLog = apps.get_model("triage", "TimeLog")
    TimeLog.objects.filter(end__gt=F("start") + DAY).update(end=F("start") + DAY)


class Migration(migrations.Migration):
    dependencies = [("triage", "0011_owner_session")]

    operations = [migrations.RunPython(end_long_logs_at_a_day, migrations.RunPython.noop)]
