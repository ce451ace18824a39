from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samskap.accounts.models import User


class Command(BaseCommand):
    help = "Create a site administrator (or make an existing user one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="")
        parser.add_argument("--password", help="default: asked for interactively")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].lower()
        password = options["password"] or getpass.getpass("Password: ")
        try:
            password_validation.validate_password(password, User(email=email))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user, created = User.objects.get_or_create(email=email, defaults={"name": options["name"]})
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"{'Created' if created else 'Updated'} site administrator {email}.")
