from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Samskap with a background worker beside it (development server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true",
                            help="do not start the background worker")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = None
        # runserver's autoreloader re-runs this command in a child (RUN_MAIN=true);
        # only the outer process starts the worker.
        if not options["no_worker"] and os.environ.get("RUN_MAIN") != "true":
            worker = subprocess.Popen(
                [sys.executable, "-m", "django", "db_worker", "--queue-name", "*"],
                env={**os.environ, "DJANGO_SETTINGS_MODULE":
                     os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings")},
            )
            self.stdout.write(f"Background worker started (pid {worker.pid}).")
        try:
            call_command("runserver", options["addrport"])
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
