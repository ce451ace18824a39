from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from samskap.accounts.models import Role
from samskap.core.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Create the fictional demo municipality Eksempelvik (9999) with users. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = load_demo()
        self.stdout.write(f"Demo municipality ready: {municipality}")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for spec in DEMO_USERS:
            role = Role(spec.role).label if spec.role else "site administrator"
            self.stdout.write(f"  {spec.email:32} {role}")
