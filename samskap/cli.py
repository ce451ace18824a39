"""The ``samskap`` console command: a thin shell over Django management commands.

``samskap serve``, ``samskap demo``… run the management command of the same name (dashes
become underscores); any other Django command works too (``samskap check --deploy``).
"""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "serve": "serve the app with a background worker (development)",
    "worker": "run the background worker on its own (production: beside gunicorn)",
    "demo": "create the demo municipality Eksempelvik (9999) and its users",
    "migrate": "create or update the database tables",
    "createadmin": "create a site administrator: samskap createadmin EMAIL",
    "import-municipalities": "load all 357 municipalities from the register CSV",
    "load-catalogue": "load the indicator catalogue and its legal references (idempotent)",
    "cycle": "show the current cycle; --advance N --as EMAIL advances a step",
    "import-indicators": "import indicator data (FHI cube, JSON-stat 2, tidy CSV): PATH "
                         "[--indicator CODE] [--dry-run] [--municipality NNNN]",
    "export-indicators": "write stored observations: [--municipality NNNN] [--indicator "
                         "CODE] [--format csv|json] [--output FILE]",
    "import-actors": "import actors or settings (CSV or JSON), all or nothing: PATH "
                     "--municipality NNNN [--dry-run]",
    "export-actors": "write actors and settings: --municipality NNNN [--format csv|json] "
                     "[--table actors|settings] [--output FILE]",
    "import-polis": "import a Pol.is export (comments.csv, votes.csv) as a new "
                    "conversation: DIR --process ID [--topic T] [--moderation pre|post]",
    "overview-document": "write the overview document: --municipality NNNN --format "
                         "docx|pdf|html --output FILE [--document ID]",
}
ALIASES = {"worker": "db_worker"}


def usage() -> str:
    lines = ["usage: samskap COMMAND [options]", "", "Commands:"]
    lines += [f"  {name:24} {text}" for name, text in COMMANDS.items()]
    lines += ["", "Any Django management command also works; 'samskap COMMAND --help' for its "
              "options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(usage())
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    name = ALIASES.get(argv[0], argv[0].replace("-", "_"))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samskap", name, *argv[1:]])


if __name__ == "__main__":
    main()
