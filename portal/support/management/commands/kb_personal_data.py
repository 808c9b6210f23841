import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email

from portal.support import personal_data


class Command(BaseCommand):
    help = (
        "Answer a shopper's data request: `export EMAIL` prints everything stored for the "
        "address as JSON; `erase EMAIL` deletes it. Searches and votes are stored without "
        "e-mail addresses and cannot be linked to one."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Erase without asking.")

    def handle(self, *args, action, email, yes=False, **options):
        try:
            validate_email(email.strip())
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not an e-mail address.") from exc
        if action == "export":
            data = personal_data.export(email)
            self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
            return
        if not yes and input(f"Delete every ticket of {email}? [y/N] ").strip().lower() != "y":
            raise CommandError("Nothing was deleted.")
        count = personal_data.erase(email)
        self.stdout.write(self.style.SUCCESS(f"Deleted {count} tickets of {email}."))
