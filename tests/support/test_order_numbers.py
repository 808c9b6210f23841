"""The shop's own order-number format: what the form accepts, stores and tells shoppers."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.support.forms import ContactForm, check_order_number_settings
from portal.visits.redaction import redact

OTHER_SHOP = {
    "ORDER_NUMBER_PATTERN": r"^#?(\d{4})[-\s]?(\d{4})$",
    "ORDER_NUMBER_FORMAT": "#{0}-{1}",
    "ORDER_NUMBER_EXAMPLE": "#2024-0815",
}


def order_number_errors(value):
    form = ContactForm(data={"order_number": value})
    form.is_valid()
    return form, form.errors.get("order_number")


@pytest.fixture
def other_shop(settings):
    for name, value in OTHER_SHOP.items():
        setattr(settings, name, value)
    check_order_number_settings()


def test_default_shop_stores_one_spelling():
    form, errors = order_number_errors("ll 204817")
    assert errors is None and form.cleaned_data["order_number"] == "LL-204817"


def test_another_shop_format_is_accepted_stored_and_explained(other_shop):
    form, errors = order_number_errors("20240815")
    assert errors is None and form.cleaned_data["order_number"] == "#2024-0815"
    assert "#2024-0815" in str(ContactForm()["order_number"].help_text)
    _form, errors = order_number_errors("LL-204817")
    assert errors == [
        "Order numbers look like #2024-0815. You find yours in the order confirmation e-mail."
    ]


def test_another_shop_format_is_redacted_from_searches(other_shop):
    assert redact("where is #2024-0815 now") == "where is [order] now"


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("ORDER_NUMBER_PATTERN", "^(unclosed$", "is not a regular expression"),
        ("ORDER_NUMBER_EXAMPLE", "12-34", "does not match ORDER_NUMBER_PATTERN"),
        ("ORDER_NUMBER_FORMAT", "#{0}-{2}", "names a group"),
        ("ORDER_NUMBER_FORMAT", "ORDER {0}{1}", "does not accept"),
    ],
)
def test_settings_that_do_not_fit_together_fail_at_start_up(
    settings, other_shop, setting, value, message
):
    setattr(settings, setting, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        check_order_number_settings()
