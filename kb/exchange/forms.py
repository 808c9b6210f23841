from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..admin_views import language_choices
from ..models import ArticlePage
from . import service
from .files import max_bytes

NEEDS_WORK, SELECTED = "needs_work", "selected"


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    articles = forms.ChoiceField(
        label=_("Articles"),
        choices=[
            (NEEDS_WORK, _("Every article missing or outdated in this language")),
            (SELECTED, _("The articles selected below")),
        ],
        initial=NEEDS_WORK,
        widget=forms.RadioSelect,
    )
    selection = forms.ModelMultipleChoiceField(
        label=_("Selected articles"),
        queryset=ArticlePage.objects.order_by("path"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xliff", _("XLIFF 2.1 (.xlf), for CAT tools")), ("po", _("PO (.po)"))],
        initial="xliff",
    )
    use_memory = forms.BooleanField(
        label=_("Fill in from the translation memory"), required=False, initial=True
    )

    def clean(self):
        data = super().clean()
        if data.get("articles") == SELECTED and not data.get("selection"):
            self.add_error("selection", _("Select at least one article."))
        return data

    def pages(self):
        data = self.cleaned_data
        if data["articles"] == SELECTED:
            return list(data["selection"])
        return service.articles_needing_work(data["language"])


class ImportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the translation"), choices=language_choices)
    file = forms.FileField(label=_("Translated file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "The .xlf or .po file exported here, translated. At most %(size)s."
        ) % {"size": filesizeformat(max_bytes())}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is %(size)s; translation files may be at most %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())},
            )
        return upload
