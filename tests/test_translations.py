"""The user interface is complete in bokmål, nynorsk and English.

Fails when a string in the code or templates has no (or only a fuzzy) translation in the
committed ``locale/nb`` or ``locale/nn`` catalogue, when a compiled ``.mo`` is older than its
``.po``, or when a translation loses or invents a ``%(name)s`` placeholder.

Fix: ``make messages``, translate the new entries in ``locale/nb`` and ``locale/nn``, then
``make messages`` again (it compiles the ``.mo`` files).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from samskap.lib.messages import IGNORE_PATTERNS

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
SOURCE_TREES = ("samskap", "config")
EXTRACTED_LANGUAGES = ("nb", "nn")
ALL_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
#: A printf-style conversion as Python's % operator reads it (``%%`` is a literal percent).
PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
                         r"[hlL]?(?P<type>[diouxXeEfFgGcrsa%])")

Key = tuple[str | None, str, str | None]


def key(entry: polib.POEntry | polib.MOEntry) -> Key:
    """Identify an entry by context, singular and plural source string."""
    return (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None)


def show(k: Key) -> str:
    """A readable form of an entry key for failure messages."""
    context, msgid, plural = k
    text = repr(msgid) + (f" / {plural!r}" if plural else "")
    return f"[{context}] {text}" if context else text


def translations(entry: polib.POEntry | polib.MOEntry) -> list[str]:
    """The translated strings of an entry: one, or one per plural form."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def committed(language: str) -> polib.POFile:
    """The committed catalogue of one language."""
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing; run `make messages`"
    return polib.pofile(str(path))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[Key, polib.POEntry]:
    """Run makemessages on a copy of the source tree; return its entries by key.

    The copy has an empty ``locale`` directory and no settings, so makemessages writes there
    and the committed catalogue is never touched.
    """
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: install Debian's gettext (`make debian-tools`)")
    root = tmp_path_factory.mktemp("source")
    for tree in SOURCE_TREES:
        shutil.copytree(ROOT / tree, root / tree,
                        ignore=shutil.ignore_patterns("locale", "tests", "__pycache__", "*.pyc"))
    (root / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    command = [sys.executable, "-m", "django", "makemessages", "--domain", "django",
               "--no-location", "--no-obsolete", "--verbosity", "0"]
    command += [f"--locale={language}" for language in EXTRACTED_LANGUAGES]
    command += [f"--ignore={pattern}" for pattern in IGNORE_PATTERNS]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    entries: dict[Key, polib.POEntry] = {}
    for language in EXTRACTED_LANGUAGES:
        catalogue = polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))
        entries.update({key(e): e for e in catalogue if not e.obsolete})
    assert entries, "makemessages found no strings at all"
    return entries


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_every_string_is_translated(extracted: dict[Key, polib.POEntry], language: str) -> None:
    catalogue = {key(e): e for e in committed(language) if not e.obsolete}
    problems = []
    for k in sorted(extracted, key=lambda k: (k[0] or "", k[1], k[2] or "")):
        entry = catalogue.get(k)
        if entry is None:
            problems.append(f"not in the catalogue: {show(k)}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {show(k)}")
        elif not all(text.strip() for text in translations(entry)):
            problems.append(f"untranslated: {show(k)}")
    assert not problems, (
        f"locale/{language} is incomplete ({len(problems)} of {len(extracted)}); run "
        "`make messages` and translate:\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_plural_forms_header(language: str) -> None:
    catalogue = committed(language)
    assert catalogue.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert catalogue.metadata.get("Language") == language
    for entry in catalogue:
        if entry.msgid_plural and not entry.obsolete:
            assert sorted(entry.msgstr_plural) == [0, 1], show(key(entry))


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_compiled_catalogue_is_up_to_date(language: str) -> None:
    po = committed(language)
    mo_path = LOCALE / language / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), f"{mo_path} is missing; run `make messages`"
    mo = polib.mofile(str(mo_path))
    expected = {key(e): translations(e) for e in po.translated_entries()}
    actual = {key(e): translations(e) for e in mo if e.msgid}
    stale = sorted(show(k) for k in expected.keys() ^ actual.keys())
    stale += sorted(show(k) for k in expected.keys() & actual.keys() if expected[k] != actual[k])
    assert not stale, (
        f"locale/{language}/LC_MESSAGES/django.mo differs from its .po; run "
        "`python -m samskap.lib.messages --compile-only`:\n" + "\n".join(stale)
    )
    assert mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms")


def placeholders(text: str) -> tuple[set[str], list[str], str]:
    """Named placeholders, the positional conversions in order, and any stray ``%`` left."""
    named: set[str] = set()
    positional: list[str] = []
    for match in PLACEHOLDER.finditer(text):
        if match["type"] == "%":
            continue
        if match["name"] is not None:
            named.add(match["name"])
        else:
            positional.append(match["type"])
    stray = PLACEHOLDER.sub("", text)
    return named, positional, "%" if "%" in stray else ""


@pytest.mark.parametrize("language", EXTRACTED_LANGUAGES)
def test_placeholders_are_kept(language: str) -> None:
    problems = []
    for entry in committed(language):
        if entry.obsolete or "python-format" not in entry.flags:
            continue
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        for source, text in zip(sources, translations(entry), strict=True):
            if not text:
                continue
            if placeholders(source) != placeholders(text):
                problems.append(f"{source!r} → {text!r}")
    assert not problems, "placeholders differ:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", ["Folkehelsearbeid sammen med lokalsamfunnet", "Tilgjengelighetserklæring",
                "Hopp til hovedinnholdet"]),
        ("nn", ["Folkehelsearbeid saman med lokalsamfunnet", "Tilgjengelegheitserklæring",
                "Hopp til hovudinnhaldet", "Finn ein kommune"]),
        ("en", ["Public health work together with the community", "Accessibility statement",
                "Skip to main content"]),
    ],
)
def test_front_page_in_each_language(client, eksempelvik, language: str,
                                     expected: list[str]) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert response.headers["Content-Language"] == language
    for text in expected:
        assert text in html, f"{text!r} not on the front page in {language}"


def test_nynorsk_front_page_has_no_bokmal_words(client, eksempelvik) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    html = client.get("/").content.decode()
    for word in ("sammen med", "Tilgjengelighetserklæring", "Hopp til hovedinnholdet"):
        assert word not in html
