from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.support.deliveries.retries import retry_due_deliveries
from portal.support.models import Delivery


class Command(BaseCommand):
    help = (
        "Attempt every ticket e-mail and webhook delivery that is due now "
        "(run it every few minutes, e.g. from cron), or list unsent ones with --list."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="List pending and failed deliveries; send nothing."
        )

    def handle(self, *args, list=False, **options):
        if list:
            self.list_unsent()
            return
        outcomes = retry_due_deliveries()
        total = sum(outcomes.values())
        self.stdout.write(
            f"{total} due: {outcomes['sent']} sent, {outcomes['pending']} to retry later, "
            f"{outcomes['failed']} gave up, {outcomes['skipped']} taken by another worker."
        )
        if outcomes["failed"]:
            self.stdout.write(self.style.WARNING("See them with: manage.py kb_deliveries --list"))

    def list_unsent(self):
        unsent = (
            Delivery.objects.filter(status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED])
            .select_related("ticket")
            .order_by("status", "next_attempt_at", "pk")
        )
        now = timezone.now()
        count = 0
        for delivery in unsent:
            count += 1
            if delivery.status == Delivery.Status.FAILED:
                when = "gave up"
            elif delivery.next_attempt_at and delivery.next_attempt_at > now:
                when = f"next {timezone.localtime(delivery.next_attempt_at):%Y-%m-%d %H:%M}"
            else:
                when = "due now"
            self.stdout.write(
                f"{delivery.pk:>6}  {delivery.ticket.reference}  {delivery.channel:<7}  "
                f"{delivery.status:<7}  {delivery.attempts:>2} attempts  {when:<22}  "
                f"{delivery.last_error}"
            )
        self.stdout.write(f"{count} unsent deliveries.")
