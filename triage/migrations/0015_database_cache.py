"""The table of the database cache (settings.CACHES), where allauth's limits and its one-use
check of two-factor codes count for every worker and host together."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name('triage_cache')}")


class Migration(migrations.Migration):
    dependencies = [("triage", "0014_baseline_source_label")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
