"""Admin views of the translation workflow: export, import with a preview, machine drafts."""

import datetime
import difflib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import ArticlePage
from ..models_exchange import TranslationImport
from . import importing, machine, service
from .files import FileRejected, decode
from .forms import ExportForm, ImportForm


def can_view(user):
    return user.has_perm("kb.view_articlepage") or user.has_perm("kb.change_articlepage")


class TranslationAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "globe"

    def dispatch(self, request, *args, **kwargs):
        if not can_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("kb_translation_report"), "label": _("Translation status")},
            {"url": "", "label": self.get_page_title()},
        ]


class ExportView(TranslationAdminMixin, FormView):
    page_title = gettext_lazy("Export for translation")
    template_name = "kb/admin/translation_export.html"
    form_class = ExportForm

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("language"):
            initial["language"] = self.request.GET["language"]
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        language = form.data.get("language") or form.initial.get("language")
        if language in dict(form.fields["language"].choices):
            pages = service.articles_needing_work(language)
            reused, total = service.plan.share_reused(service.plan.plan_articles(pages, language))
            context["needing_work"] = {"count": len(pages), "reused": reused, "total": total}
            context["language_name"] = get_language_info(language)["name_local"]
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        pages = form.pages()
        if not pages:
            form.add_error(None, _("No article is missing or outdated in this language."))
            return self.form_invalid(form)
        result = service.export(
            pages, data["language"], fmt=data["file_format"], use_memory=data["use_memory"]
        )
        reused, total = result.reused
        response = HttpResponse(result.content, content_type=result.content_type)
        response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
        response["X-Segments"] = f"{total}"
        response["X-Segments-Reused"] = f"{reused}"
        return response


class ImportView(TranslationAdminMixin, FormView):
    page_title = gettext_lazy("Import translations")
    template_name = "kb/admin/translation_import.html"
    form_class = ImportForm

    def get_initial(self):
        return {"language": self.request.GET.get("language", "")}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        language = form.cleaned_data["language"]
        data = upload.read()
        try:
            service.read(upload.name, data, language)
            text = decode(data)
        except FileRejected as error:
            return self.render_to_response(
                self.get_context_data(form=form, problems=error.problems, file_name=upload.name)
            )
        # Checked files wait a week for their confirmation; older ones are dropped.
        TranslationImport.objects.filter(
            created_at__lt=timezone.now() - datetime.timedelta(days=7)
        ).delete()
        pending = TranslationImport.objects.create(
            language=language,
            file_name=upload.name[:255],
            content=text,
            uploaded_by=self.request.user,
        )
        return redirect("kb_translation_import_preview", pending.pk)


class ImportPreviewView(TranslationAdminMixin, TemplateView):
    page_title = gettext_lazy("Check the translation")
    template_name = "kb/admin/translation_import_preview.html"

    def dispatch(self, request, *args, **kwargs):
        self.pending = get_object_or_404(TranslationImport, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def read(self):
        data = self.pending.content.encode("utf-8")
        return service.read(self.pending.file_name, data, self.pending.language)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending"] = self.pending
        context["language_name"] = get_language_info(self.pending.language)["name_local"]
        if "plan" not in context and "problems" not in context:
            try:
                context["plan"] = self.read()
            except FileRejected as error:
                context["problems"] = error.problems
        if context.get("plan"):
            context["articles"] = [
                {
                    "article": article,
                    "changes": [
                        {"change": change, "diff": word_diff(change.before, change.after)}
                        for change in article.changes
                    ],
                }
                for article in context["plan"].articles
            ]
        return context

    def post(self, request, *args, **kwargs):
        if self.pending.applied_at is not None:
            messages.warning(request, _("This file was imported already."))
            return redirect("kb_translation_report")
        publish = request.POST.get("action") == "publish"
        try:
            plan = self.read()
        except FileRejected as error:
            return self.render_to_response(self.get_context_data(problems=error.problems))
        refused = [
            article.page.title
            for article in plan.changed_articles
            if not _allowed(article.page, request.user, publish)
        ]
        if refused:
            messages.error(
                request,
                _("You may not %(action)s these articles, so nothing was saved: %(titles)s")
                % {
                    "action": _("publish") if publish else _("edit"),
                    "titles": ", ".join(refused),
                },
            )
            return self.render_to_response(self.get_context_data(plan=plan))
        saved = importing.apply(plan, user=request.user, publish=publish)
        self.pending.applied_at = timezone.now()
        self.pending.save(update_fields=["applied_at"])
        if publish:
            message = _("%(count)s articles published in %(language)s.")
        else:
            message = _("%(count)s articles saved as drafts in %(language)s.")
        messages.success(
            request,
            message
            % {
                "count": saved,
                "language": get_language_info(self.pending.language)["name_local"],
            },
        )
        return redirect(f"{reverse('kb_translation_report')}?language={self.pending.language}")


def _allowed(page, user, publish):
    permissions = page.permissions_for_user(user)
    return permissions.can_publish() if publish else permissions.can_edit()


def word_diff(before, after):
    """``after`` with the words that changed since ``before`` marked as <del>/<ins>."""
    old, new = before.split(), after.split()
    pieces = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
        if tag == "equal":
            pieces.append(format_html("{}", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(format_html("<del>{}</del>", " ".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(format_html("<ins>{}</ins>", " ".join(new[j1:j2])))
    return format_html_join(" ", "{}", ((piece,) for piece in pieces))


def machine_translate(request, page_id, language):
    """Fill a draft of ``language`` from the machine-translation provider."""
    if request.method != "POST":
        return redirect("kb_translation_report")
    page = get_object_or_404(ArticlePage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    next_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    try:
        result = machine.translate_article(page, language, user=request.user)
    except machine.MachineTranslationError as error:
        messages.error(request, str(error))
        back = request.POST.get("next") or request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = next_url
        return redirect(back)
    name = get_language_info(language)["name_local"]
    share = f"{100 * result.reused / result.total:.0f}" if result.total else "0"
    if result.published:
        text = _(
            "“%(title)s” was machine-translated into %(language)s and published, marked as "
            "machine-translated: %(sent)s of %(total)s segments were sent to %(provider)s, "
            "%(share)s %% came from the translation memory."
        )
    else:
        text = _(
            "“%(title)s” was machine-translated into %(language)s as a draft for you to review "
            "and publish: %(sent)s of %(total)s segments were sent to %(provider)s, %(share)s %% "
            "came from the translation memory."
        )
    messages.success(
        request,
        text
        % {
            "title": page.title,
            "language": name,
            "sent": result.sent,
            "total": result.total,
            "provider": result.provider,
            "share": share,
        },
    )
    return redirect(next_url)
