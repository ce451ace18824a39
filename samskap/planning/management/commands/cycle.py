from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samskap.core.cli_access import acting_user
from samskap.municipalities.models import Municipality
from samskap.planning import actions
from samskap.planning.models import Cycle


class Command(BaseCommand):
    help = ("Show a municipality's current cycle, or advance one of its steps: "
            "samskap cycle --municipality 9999 [--advance N --as EMAIL]")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="municipality number")
        parser.add_argument("--advance", type=int, metavar="STEP",
                            help="mark step STEP done and start the next")
        parser.add_argument("--as", dest="as_user", metavar="EMAIL",
                            help="act as this user (their permissions are checked)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(number=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"No municipality numbered {options['municipality']}.")
        cycle = Cycle.objects.current(municipality)
        if cycle is None:
            raise CommandError(f"{municipality} has no active cycle.")
        if options["advance"]:
            user = acting_user(options["as_user"], "samskap.manage_cycle", municipality)
            if not 1 <= options["advance"] <= 5:
                raise CommandError("STEP must be 1–5.")
            try:
                actions.advance(cycle.step(options["advance"]), user)
            except actions.CycleRuleError as error:
                raise CommandError(str(error)) from error
            cycle = Cycle.objects.current(municipality) or cycle
        self.stdout.write(f"{municipality} – cycle {cycle.term}")
        for step in cycle.ordered_steps:
            lead = step.lead.display_name if step.lead else "-"
            self.stdout.write(f"  {step.number}. {step.definition.short_name!s:16} "
                              f"{step.get_status_display()!s:12} lead: {lead}")
