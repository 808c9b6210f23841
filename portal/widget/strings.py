"""The widget's texts, translated by the help center (locales/) and sent to the widget in
the shopper's language with its session."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from portal.visits.templatetags.portal_tags import source_language_name


def _plural(singular, plural):
    """Both forms with a ``{n}`` placeholder; the widget picks one by Intl.PluralRules."""
    return {
        "one": ngettext(singular, plural, 1) % {"counter": "{n}"},
        "other": ngettext(singular, plural, 2) % {"counter": "{n}"},
    }


def texts():
    return {
        "launcher": pgettext("storefront widget launcher", "Help"),
        "title": _("Help center"),
        "close": _("Close help"),
        "back": _("Back"),
        "search_label": _("Search the help center"),
        "search_placeholder": _("Search for answers, e.g. “return an item”"),
        "suggested": _("Suggested articles"),
        "results": _("Results"),
        "answer": _("Answer from the help center"),
        "found": _plural("%(counter)s article found", "%(counter)s articles found"),
        "no_results": _("No article matches your search"),
        "searching": _("Searching…"),
        "unavailable": _("The help center cannot be reached right now. Please try again later."),
        "contact": _("Contact support"),
        "still_need_help": _("Still need help?"),
        "fallback": _(
            "This article is not available in your language yet. It is shown in %(source_name)s."
        )
        % {"source_name": source_language_name()},
        "open_in_help_center": _("Open in the help center"),
        "new_tab": _("(opens in a new tab)"),
        "helpful": _("Was this article helpful?"),
        "yes": _("Yes"),
        "no": _("No"),
        "why": _("Sorry this didn’t help. What was wrong?"),
        "comment": _("Anything else we should know? (optional)"),
        "send_feedback": _("Send feedback"),
        "thanks": _("Thanks for letting us know!"),
        "thanks_no": _("Thank you, we will improve this article."),
        "contact_intro": _("We will see what you searched for and read here."),
        "attached": _("Attached to your request"),
        "answer_it": _("Does one of these answer your question?"),
        "send": _("Send request"),
        "sending": _("Sending…"),
        "fix_errors": _("Please correct the marked fields."),
        "sent": _("Thank you, we have your request"),
        "reference": _("Your reference"),
    }
