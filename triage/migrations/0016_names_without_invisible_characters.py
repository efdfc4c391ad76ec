"""Names saved before `triage.text.one_line` cleaned what is typed and imported may hold
characters that take no room (a zero-width space, a byte-order mark, a direction mark) or
line breaks: "Invoicing" with a zero-width space was a second task beside "Invoicing".
Such task titles, categories, clients and projects, and contractor names, are cleaned as
they would be typed today. A title or name whose cleaned form another of the owner's rows
already has (in any case) is left as it is: two tasks becoming one is the owner's merge to
make, from the task's page, not a migration's."""

from django.db import migrations
from django.db.models.functions import Lower

from triage.text import one_line


def _clean(model, fields: list[str], unique: str) -> None:
    rows = model.objects.only("pk", "owner_id", *fields).order_by("pk")
    for row in rows.iterator(chunk_size=2000):
        changed = {}
        for field in fields:
            value = getattr(row, field)
            cleaned = one_line(value)
            if field == "category":
                cleaned = cleaned.lower() or "other"
            if cleaned != value:
                changed[field] = cleaned
        name = changed.get(unique)
        if name is not None:
            taken = (
                model.objects.filter(owner_id=row.owner_id)
                .exclude(pk=row.pk)
                .annotate(lowered=Lower(unique))
                .filter(lowered=name.lower())
                .exists()
            )
            if not name or taken:
                del changed[unique]
        if changed:
            model.objects.filter(pk=row.pk).update(**changed)


def clean_names(apps, schema_editor):
    _clean(apps.get_model("triage", "Task"), ["title", "category", "client", "project"], "title")
    _clean(apps.get_model("triage", "Contractor"), ["name"], "name")


class Migration(migrations.Migration):
    dependencies = [("triage", "0015_database_cache")]

    operations = [migrations.RunPython(clean_names, migrations.RunPython.noop)]
