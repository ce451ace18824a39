"""Who is taking part: the pseudonymous participant of a request, and rate limits.

A visitor without an account is a :class:`Participant` whose random token sits in a signed
cookie (nothing else identifies them). Someone logged in is the participant joined to their
account. The participant row is made on the first vote or statement, not on a page view, so
crawlers leave no rows behind.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.signing import BadSignature
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse

from samskap.conversations.models import Participant, RateCounter

COOKIE = "samskap_participant"
COOKIE_SALT = "samskap.conversations.participant"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365


def _cookie_token(request: HttpRequest) -> str | None:
    try:
        return request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT,
                                         max_age=COOKIE_MAX_AGE)
    except BadSignature:
        return None


def current_participant(request: HttpRequest) -> Participant | None:
    """The participant of this request, if there is one yet (no row is made)."""
    user = request.user
    if user.is_authenticated:
        return Participant.objects.filter(user=user).first()
    token = _cookie_token(request)
    if not token:
        return None
    # A cookie left from a logged-in session belongs to that account, not to this visitor.
    return Participant.objects.filter(token=token, user__isnull=True).first()


def participant_for(request: HttpRequest) -> Participant:
    """The participant of this request, made now if needed (remember it with ``remember``)."""
    participant = current_participant(request)
    if participant is not None:
        return participant
    if request.user.is_authenticated:
        try:
            with transaction.atomic():
                return Participant.objects.create(user=request.user)
        except IntegrityError:  # a parallel request of the same person made it first
            return Participant.objects.get(user=request.user)
    return Participant.objects.create()


def remember(response: HttpResponse, request: HttpRequest, participant: Participant) -> None:
    """Keep an anonymous participant's token in the signed cookie."""
    if participant.user_id is None and _cookie_token(request) != participant.token:
        response.set_signed_cookie(
            COOKIE, participant.token, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE,
            httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)


def join_on_login(request: HttpRequest, user: Any) -> None:
    """Join the anonymous history of this browser to the account that just logged in."""
    from samskap.conversations.actions import join_participants

    token = _cookie_token(request)
    if not token:
        return
    anonymous = Participant.objects.filter(token=token, user__isnull=True).first()
    if anonymous is not None:
        join_participants(anonymous, user)


# Rate limits ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


#: Multiplies every limit. Only the load benchmark raises it: it runs 200 simulated people from
#: one address, each voting far faster than a person does (the counting queries still run).
SCALE = max(1, int(os.environ.get("SAMSKAP_RATE_LIMIT_SCALE", "1") or 1))
#: Per participant, and per address (a school or a library shares one address, hence higher).
LIMITS = {
    "vote": (Limit("vote-p", 40 * SCALE, 60), Limit("vote-a", 600 * SCALE, 60)),
    "statement": (Limit("statement-p", 5 * SCALE, 600), Limit("statement-a", 40 * SCALE, 600)),
}


def address_hash(request: HttpRequest) -> str:
    """The client's address as a keyed hash: comparable, never stored raw."""
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(),
                    hashlib.sha256).hexdigest()[:32]


def _hit(key: str, limit: Limit, now: float) -> bool:
    """Count one request in the current window; True while within the limit.

    One statement, atomic on PostgreSQL and SQLite alike: insert the window's counter or add
    one to it, and read the new count back.
    """
    window = int(now // limit.seconds)
    quote = connection.ops.quote_name
    table, k, w, n = (quote(name) for name in (RateCounter._meta.db_table, "key", "window",
                                                "count"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({k}, {w}, {n}) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT ({k}, {w}) DO UPDATE SET {n} = {table}.{n} + 1 "
            f"RETURNING {n}", [key, window])
        count = cursor.fetchone()[0]
    if count == 1:  # a new window: the older ones of this key are no longer needed
        RateCounter.objects.filter(key=key, window__lt=window).delete()
    return bool(count <= limit.count)


def within_limits(kind: str, request: HttpRequest, participant: Participant | None) -> bool:
    """Count this request against the participant's and the address's limits for ``kind``."""
    per_participant, per_address = LIMITS[kind]
    now = time.time()
    ok = _hit(f"{per_address.name}:{address_hash(request)}", per_address, now)
    if participant is not None:
        ok = _hit(f"{per_participant.name}:{participant.pk}", per_participant, now) and ok
    return ok
