"""``samskap opinion-map VOTES.csv [--comments COMMENTS.csv] [--json]``: the map of a file.

Runs ``samskap.analysis.opinion_map.compute`` on a CSV file, without the database (no system
checks, no queries), for researchers and for checking results. The file layouts are described
in ``samskap/analysis/polis_io.py`` and in the help below.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samskap.analysis import opinion_map, polis_io

HELP = """Compute the opinion map (groups, representative statements, consensus, group-informed
consensus) of a conversation from a CSV file, without the database.

VOTES.csv, either layout (told apart by the header; column order free, extra columns ignored):
  Pol.is layout, as in Pol.is' export and Samskap's conversation export:
    timestamp (ms, optional), datetime, comment-id, voter-id, vote
  plain layout:
    participant, statement, vote, voted_at (ISO 8601, optional)
  vote: 1 = agree, -1 = disagree, 0 = pass (Pol.is' votes.csv uses the same sign).
  Votes are taken in time order; a participant's last vote on a statement wins.
COMMENTS.csv (optional: statement texts, and moderation):
  Pol.is layout: comment-id, moderated (-1 = moderated out), comment-body, ...
  plain layout: statement, text, moderated (optional, -1 = moderated out)
--json prints one object: participants (id -> group id or null), groups (group id -> its
representative statements with statement id and direction), consensus (agree / disagree
lists of statement ids), group_informed_consensus (statement id -> value)."""


class Command(BaseCommand):
    help = HELP
    # A tool for files: it must run without a configured or migrated database.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("votes", metavar="VOTES.csv", help="the votes (see above)")
        parser.add_argument("--comments", metavar="COMMENTS.csv",
                            help="statement texts and moderation (see above)")
        parser.add_argument("--json", action="store_true",
                            help="print the result as one JSON object")
        parser.add_argument("--seed", type=int, default=0,
                            help="seed of the random starts (default 0; same seed, same map)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            votes = polis_io.read_votes(Path(options["votes"]))
            statements = (polis_io.read_statements(Path(options["comments"]))
                          if options["comments"] else polis_io.Statements())
            result = opinion_map.compute(votes.arrays, moderated_out=statements.moderated_out,
                                         seed=options["seed"])
        except (polis_io.CsvError, ValueError) as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.summary(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(report(result, statements.text, options["votes"], votes.layout))


def report(result: opinion_map.OpinionMap, texts: dict[object, str], name: str,
           layout: str) -> str:
    """The map as plain text (English: a researcher's tool)."""
    out: list[str] = []
    moderated = sum(1 for s in result.statements.values() if s.moderated_out)
    clustered = sum(1 for g in result.participants.values() if g is not None)

    def text(sid: object) -> str:
        body = texts.get(sid, "")
        return f"#{sid}" + (f"  {textwrap.shorten(body, 70, placeholder='…')}" if body else "")

    out.append(f"Opinion map of {name} ({layout} layout): {result.n_votes} votes by "
               f"{len(result.participants)} participants on {len(result.statements)} statements"
               f" ({moderated} moderated out).")
    tried = ", ".join(f"k={k}: " + ("too small a group" if s is None else f"{s:.3f}")
                      for k, s in sorted(result.silhouettes.items()))
    out.append(f"Clustered: {clustered} participants in {result.k} group(s)"
               + (f", silhouette {result.silhouette:.3f}" if result.silhouette is not None
                  else "") + (f" ({tried})" if tried else "") + ".")
    for gid, group in sorted(result.groups.items()):
        out.append("")
        out.append(f"Group {gid}: {group.size} participants, centre "
                   f"({group.centre[0]:.2f}, {group.centre[1]:.2f})")
        for rep in group.representative:
            out.append(f"  {rep.direction:8} {rep.n_success}/{rep.n_trials} "
                       f"(p {rep.p_success:.2f}, z {rep.p_test:.2f}; repness {rep.repness:.2f}, "
                       f"z {rep.repness_test:.2f}){' best agree' if rep.best_agree else ''}  "
                       f"{text(rep.statement)}")
    for direction in ("agree", "disagree"):
        out.append("")
        out.append(f"Consensus, {direction}:")
        items = result.consensus.get(direction, ())
        out += [f"  p {c.p_success:.2f}, z {c.p_test:.2f}  {text(c.statement)}" for c in items]
        if not items:
            out.append("  (none)")
    out.append("")
    out.append("Group-informed consensus (highest first):")
    ranked = sorted(result.group_informed_consensus.items(), key=lambda item: -item[1])
    out += [f"  {value:.3f}  {text(sid)}" for sid, value in ranked]
    out.append("")
    out.append("Participants (id: group; - when not clustered):")
    out += [f"  {pid}: {'-' if g is None else g}" for pid, g in result.participants.items()]
    return "\n".join(out)
