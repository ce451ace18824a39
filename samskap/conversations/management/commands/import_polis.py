"""``samskap import-polis DIR --process ID``: a Pol.is export into a new conversation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from samskap.conversations import actions, transfer
from samskap.lib.fileimport import ImportFailed
from samskap.processes.models import Process


class Command(BaseCommand):
    help = ("Import a Pol.is export (DIR holding comments.csv and votes.csv) into a new "
            "conversation of a process; all or nothing.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory")
        parser.add_argument("--process", type=int, required=True, help="the process id")
        parser.add_argument("--topic", default="", help="the topic (default: the folder name)")
        parser.add_argument("--moderation", choices=["pre", "post"], default="post")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["directory"])
        files = {name: folder / f"{name}.csv" for name in ("comments", "votes")}
        for path in files.values():
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        process = Process.objects.select_related("municipality").filter(
            pk=options["process"]).first()
        if process is None:
            raise CommandError(f"No process with id {options['process']}")
        topic = options["topic"] or folder.resolve().name
        try:
            with transaction.atomic():
                conversation = actions.save_conversation(
                    process=process, user=None,
                    data={"topic": topic[:200], "moderation": options["moderation"]})
                report = transfer.import_polis(conversation, None,
                                               files["comments"].read_bytes(),
                                               files["votes"].read_bytes())
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Conversation {conversation.pk} “{conversation.topic}”: {report.statements} "
            f"statements, {report.participants} participants, {report.votes} votes imported.")
