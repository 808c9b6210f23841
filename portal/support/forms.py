"""The contact form: validation shoppers can understand, spam checks without third parties."""

import re
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.support.models import Topic
from portal.support.models.tickets import MAX_MESSAGE_LENGTH

TOKEN_SALT = "portal.contact"  # unchanged since the form moved: tokens in open forms stay valid
MIN_FILL_SECONDS = 3
TOKEN_MAX_AGE = 24 * 3600


def order_number_pattern():
    return re.compile(settings.ORDER_NUMBER_PATTERN, re.IGNORECASE)


def canonical_order_number(value):
    """The shop's one spelling of an order number (ORDER_NUMBER_FORMAT filled with the
    groups of ORDER_NUMBER_PATTERN), or None when ``value`` is not an order number."""
    match = order_number_pattern().match(value)
    if not match:
        return None
    if not match.groups():
        return value
    return settings.ORDER_NUMBER_FORMAT.format(*match.groups(), **match.groupdict())


def check_order_number_settings():
    """Raise ImproperlyConfigured unless the three order-number settings work together."""
    try:
        pattern = order_number_pattern()
    except re.error as exc:
        raise ImproperlyConfigured(
            f"ORDER_NUMBER_PATTERN={settings.ORDER_NUMBER_PATTERN!r} is not a regular "
            f"expression ({exc}); e.g. ^LL-?(\\d{{6}})$."
        ) from exc
    example = settings.ORDER_NUMBER_EXAMPLE
    if not pattern.match(example):
        raise ImproperlyConfigured(
            f"ORDER_NUMBER_EXAMPLE={example!r} does not match ORDER_NUMBER_PATTERN="
            f"{settings.ORDER_NUMBER_PATTERN!r}: shoppers are shown the example, so it must "
            "be a valid order number."
        )
    try:
        canonical = canonical_order_number(example)
    except (IndexError, KeyError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"ORDER_NUMBER_FORMAT={settings.ORDER_NUMBER_FORMAT!r} names a group that "
            f"ORDER_NUMBER_PATTERN={settings.ORDER_NUMBER_PATTERN!r} does not have: use {{0}}, "
            "{1}, … for the pattern's groups in order."
        ) from exc
    if not pattern.match(canonical):
        raise ImproperlyConfigured(
            f"ORDER_NUMBER_FORMAT={settings.ORDER_NUMBER_FORMAT!r} turns the example "
            f"{example!r} into {canonical!r}, which ORDER_NUMBER_PATTERN does not accept: "
            "the stored spelling must be a valid order number too."
        )


def new_token():
    return signing.dumps({"n": secrets.token_hex(16), "t": int(time.time())}, salt=TOKEN_SALT)


def read_token(token):
    """(nonce, issued_at) of a form token, or None when it is forged or too old."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        return str(data["n"]), int(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": _("Please tell us your name.")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send our answer here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Please enter your e-mail address so we can answer you."),
            "invalid": _("Please enter a complete e-mail address, like name@example.com."),
        },
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=[("", _("Choose a topic"))] + Topic.choices,
        error_messages={
            "required": _("Please choose a topic."),
            "invalid_choice": _("Please choose one of the topics in the list."),
        },
    )
    order_number = forms.CharField(
        label=_("Order number (optional)"),
        required=False,
        max_length=20,
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        error_messages={"required": _("Please add a subject.")},
    )
    message = forms.CharField(
        label=_("How can we help?"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 7, "maxlength": MAX_MESSAGE_LENGTH}),
        error_messages={
            "required": _("Please describe your question."),
            "max_length": _(
                "Please shorten your message to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )
    include_context = forms.BooleanField(
        label=_("Attach what I searched for and read in the help center"),
        required=False,
        initial=True,
    )
    # Spam protection: a field people do not see, and a signed time stamp.
    homepage = forms.CharField(label=_("Leave this field empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["subject"].widget.attrs["autocomplete"] = "off"
        self.fields["order_number"].help_text = _(
            "Looks like %(example)s. You find it in your order confirmation e-mail."
        ) % {"example": settings.ORDER_NUMBER_EXAMPLE}

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_subject(self):
        return " ".join(self.cleaned_data["subject"].split())

    def clean_message(self):
        message = self.cleaned_data["message"].replace("\x00", "").strip()
        if not message:
            raise forms.ValidationError(_("Please describe your question."))
        return message

    def clean_order_number(self):
        value = "".join(self.cleaned_data["order_number"].split()).upper()
        if not value:
            return ""
        canonical = canonical_order_number(value)
        if canonical is None:
            raise forms.ValidationError(
                _(
                    "Order numbers look like %(example)s. You find yours in the order "
                    "confirmation e-mail."
                )
                % {"example": settings.ORDER_NUMBER_EXAMPLE}
            )
        return canonical

    def clean_homepage(self):
        if self.cleaned_data["homepage"]:
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""

    def clean_token(self):
        token = read_token(self.cleaned_data["token"])
        if token is None:
            raise forms.ValidationError(
                _("This form has expired. Please check your details and send it again.")
            )
        nonce, issued_at = token
        if time.time() - issued_at < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was very quick. Please check your message and send it again.")
            )
        return nonce
