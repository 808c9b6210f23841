from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_COMMENT_LENGTH, VoteReason


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda value: value == "yes"
    )
    reason = forms.ChoiceField(
        label=_("What was wrong?"),
        choices=VoteReason.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT_LENGTH}),
        error_messages={
            "max_length": _(
                "Please keep your comment under %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )
