"""Extract and compile Samskap's translations: ``python -m samskap.lib.messages``.

Without arguments this

1. runs Django's ``makemessages`` for nb, nn and en (domain ``django``, no locations, no
   obsolete entries), from the project root into ``locale/``;
2. normalises every catalogue with polib (fixed header without dates, plural forms, the
   English catalogue filled with its own source strings), so that re-running it on an
   unchanged tree gives byte-identical files;
3. compiles every ``locale/*/LC_MESSAGES/django.po`` to ``.mo`` with polib (no ``msgfmt``).

Options:
  --compile-only  only step 3 (what ``make run`` needs; gettext need not be installed)
  --check         exit with status 1 when an nb or nn string is untranslated or fuzzy

Translating is done by hand in ``locale/nb`` and ``locale/nn``; ``tests/test_translations.py``
fails while a string is missing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
LOCALE_DIR = ROOT / "locale"
DOMAIN = "django"
#: Bokmål first: the order of LANGUAGES in config/settings.py.
LANGUAGES: tuple[str, ...] = ("nb", "nn", "en")
#: Languages whose translations a person writes; en is filled from the source strings.
TRANSLATED: tuple[str, ...] = ("nb", "nn")
SOURCE_LANGUAGE = "en"
#: Paths makemessages skips (fnmatch against directory and file names and their paths).
IGNORE_PATTERNS: tuple[str, ...] = (
    ".venv", "venv", "var", "node_modules", "tests", "testing", "docs", "benchmarks",
    "locale", "*.egg-info", "build", "dist", "conftest.py", "manage.py", "static",
)
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
LANGUAGE_TEAMS = {
    "nb": "Norwegian Bokmål",
    "nn": "Norwegian Nynorsk",
    "en": "English",
}
#: polib's line width; fixed so the output does not depend on gettext's version.
WRAP_WIDTH = 79


@contextmanager
def working_directory(path: Path) -> Iterator[None]:
    """Change the current directory for the duration of the block."""
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def require_xgettext() -> None:
    """Fail with a helpful message when GNU gettext's tools are not installed."""
    if shutil.which("xgettext") is None:
        raise SystemExit(
            "xgettext is missing: install Debian's gettext package "
            "(`make debian-tools`, or `apt-get install gettext`)."
        )


def makemessages(root: Path, languages: Iterable[str] = LANGUAGES) -> None:
    """Run Django's makemessages in ``root`` and write ``root/locale/<lang>/…/django.po``.

    Settings are not needed: with a ``locale`` directory in the working directory
    makemessages writes there, so a copy of the tree never touches the real catalogue.
    """
    from django.core.management import call_command

    require_xgettext()
    (root / "locale").mkdir(exist_ok=True)
    with working_directory(root):
        call_command(
            "makemessages",
            locale=list(languages),
            domain=DOMAIN,
            no_obsolete=True,
            no_location=True,
            ignore_patterns=list(IGNORE_PATTERNS),
            verbosity=0,
        )


def po_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """The path of one language's ``django.po``."""
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def po_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Every ``django.po`` under ``locale_dir``, sorted."""
    return sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def fill_from_source(entry: polib.POEntry) -> None:
    """Make an English entry complete: its translation is its source string."""
    if entry.msgid_plural:
        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
    else:
        entry.msgstr = entry.msgid
    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")


def normalise_header(catalogue: polib.POFile, language: str) -> None:
    """Replace the header by a fixed one: no dates, so unchanged input gives unchanged files."""
    catalogue.header = (
        f"Samskap – {LANGUAGE_TEAMS.get(language, language)} ({language}).\n"
        "Source strings are English. Update with `make messages`; "
        "tests/test_translations.py fails on any untranslated string.\n"
        "This file is distributed under the same license as Samskap (EUPL-1.2)."
    )
    catalogue.metadata = {
        "Project-Id-Version": "Samskap",
        "Report-Msgid-Bugs-To": "",
        "Last-Translator": "Samskap contributors",
        "Language-Team": LANGUAGE_TEAMS.get(language, language),
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS,
    }
    catalogue.metadata_is_fuzzy = []


def normalise(path: Path, language: str) -> None:
    """Rewrite one catalogue deterministically with polib; fill it when it is the source one."""
    catalogue = polib.pofile(str(path), wrapwidth=WRAP_WIDTH)
    normalise_header(catalogue, language)
    if language == SOURCE_LANGUAGE:
        for entry in catalogue:
            if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags):
                fill_from_source(entry)
    catalogue.save(str(path))


def compile_catalogue(po: Path) -> Path:
    """Compile one ``.po`` to the ``.mo`` beside it with polib; return the ``.mo`` path."""
    mo = po.with_suffix(".mo")
    polib.pofile(str(po)).save_as_mofile(str(mo))
    return mo


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every catalogue under ``locale_dir``; return the written ``.mo`` paths."""
    return [compile_catalogue(po) for po in po_files(locale_dir)]


def missing(path: Path) -> list[polib.POEntry]:
    """Entries of a catalogue that are untranslated or fuzzy (obsolete ones excluded)."""
    catalogue = polib.pofile(str(path))
    return [e for e in catalogue if not e.obsolete and (not e.translated() or e.fuzzy)]


def report(locale_dir: Path = LOCALE_DIR, languages: Sequence[str] = TRANSLATED) -> int:
    """Print how complete each catalogue is; return the number of incomplete entries."""
    total = 0
    for language in languages:
        path = po_path(language, locale_dir)
        if not path.exists():
            print(f"{language}: no catalogue at {path}")
            total += 1
            continue
        gaps = missing(path)
        size = len([e for e in polib.pofile(str(path)) if not e.obsolete])
        print(f"{language}: {size - len(gaps)}/{size} translated")
        for entry in gaps:
            print(f"  {'fuzzy' if entry.fuzzy else 'missing'}: {entry.msgid!r}")
        total += len(gaps)
    return total


def extract(root: Path = ROOT, languages: Sequence[str] = LANGUAGES) -> None:
    """Extract the strings of ``root`` into ``root/locale`` and normalise the catalogues."""
    makemessages(root, languages)
    for language in languages:
        normalise(po_path(language, root / "locale"), language)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line of ``python -m samskap.lib.messages``."""
    parser = argparse.ArgumentParser(prog="python -m samskap.lib.messages", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compile-only", action="store_true",
                        help="only compile locale/*/LC_MESSAGES/django.po to .mo")
    parser.add_argument("--check", action="store_true",
                        help="exit with status 1 if an nb or nn string is untranslated")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Extract (unless --compile-only), compile, and report; return the exit status."""
    args = parse_args(argv)
    if not args.compile_only:
        extract()
    compiled = compile_all()
    print(f"compiled {len(compiled)} catalogue(s) in {LOCALE_DIR}")
    gaps = report()
    return 1 if args.check and gaps else 0


if __name__ == "__main__":
    sys.exit(main())
