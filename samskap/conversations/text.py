"""Statement text: normalised for duplicate detection, and checked for the marks of spam."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_LINK = re.compile(r"(https?://|www\.|\b[\w-]+\.(com|net|org|no|io|ru|xyz|info|biz)\b)",
                   re.IGNORECASE)
_REPEAT = re.compile(r"(.)\1{5,}")
_NOT_WORD = re.compile(r"[^\w]+")
_SPACE = re.compile(r"\s+")


def tidy(text: str) -> str:
    """The text as stored: Unicode NFC, runs of white space as one space, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def normalise(text: str) -> str:
    """The text folded so that statements differing only in case, accents' composition,
    punctuation or spacing compare equal (``"Flere benker!"`` ≡ ``"flere  benker"``)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", _NOT_WORD.sub(" ", folded)).strip()


def fingerprint(text: str) -> str:
    """What duplicates share: the SHA-256 of the normalised text."""
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def spam_reason(text: str) -> Promise | None:
    """Why a statement looks like spam, in words for its writer; None when it looks fine."""
    if _LINK.search(text):
        return _("Statements cannot contain links or web addresses. Describe it in your own "
                 "words instead.")
    if _REPEAT.search(text):
        return _("The statement repeats the same character many times.")
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7:
        return _("Please don't write in capital letters only.")
    words = normalise(text).split()
    if len(words) >= 6 and len(set(words)) / len(words) < 0.4:
        return _("The statement repeats the same words many times.")
    if len(letters) < len(text.replace(" ", "")) / 2:
        return _("The statement has more symbols and digits than letters.")
    return None
