"""The delivery log in the Wagtail admin: read-only, with "Retry now" for unsent deliveries.

Reading the log and retrying need ``support.view_delivery``; nobody adds, edits or deletes
deliveries here.
"""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from portal.support.deliveries import retries
from portal.support.models import Delivery

PERMISSION = "support.view_delivery"
RETRYABLE = {Delivery.Status.PENDING, Delivery.Status.FAILED}


class DeliveryIndexView(IndexView):
    retry_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("ticket")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status in RETRYABLE:
            buttons.append(
                Button(
                    _("Retry now"),
                    icon_name="resubmit",
                    priority=10,
                    attrs={
                        "data-controller": "w-action",
                        "data-action": "w-action#post",
                        "data-w-action-url-value": reverse(self.retry_url_name, args=[instance.pk]),
                    },
                )
            )
        return buttons


class DeliveryViewSet(ModelViewSet):
    """Every e-mail and webhook sent (or still to send) for tickets."""

    model = Delivery
    name = "deliveries"
    index_view_class = DeliveryIndexView
    icon = "mail"
    menu_label = gettext_lazy("Deliveries")
    menu_order = 310
    add_to_admin_menu = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        "ticket__reference",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "channel"]
    ordering = ["-created_at", "-pk"]
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(retry_url_name=self.get_url_name("retry"), **kwargs)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("retry/<int:pk>/", retry_delivery_view, name="retry"),
        ]

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type__app_label="support", codename="view_delivery"
        )

    def register_admin_url_finder(self):
        pass  # no edit view to point to


@require_POST
def retry_delivery_view(request, pk):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    delivery = get_object_or_404(Delivery.objects.select_related("ticket"), pk=pk)
    label = str(delivery)
    outcome = retries.retry_now(delivery.pk)
    if outcome == Delivery.Status.SENT:
        messages.success(request, _("%(delivery)s was sent.") % {"delivery": label})
    elif outcome is None:
        messages.warning(
            request,
            _("%(delivery)s was not retried: it is already sent or being sent.")
            % {"delivery": label},
        )
    else:
        delivery.refresh_from_db()
        messages.error(
            request,
            _("%(delivery)s failed again: %(error)s")
            % {"delivery": label, "error": delivery.last_error},
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("deliveries:index")
    return redirect(next_url)
