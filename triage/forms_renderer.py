from django.forms.renderers import TemplatesSetting


class TriageFormRenderer(TemplatesSetting):
    """Every field group in a wrapper div, so labels, errors and inputs stay together."""

    field_template_name = "forms/field.html"
