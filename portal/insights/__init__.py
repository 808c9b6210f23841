"""Insights for support leads in the Wagtail admin: helpfulness, search analytics, content
gaps, deflection and translation coverage, for any period and language."""
