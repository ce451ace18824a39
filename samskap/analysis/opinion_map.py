"""The opinion map of a conversation: Pol.is' math, sparse, deterministic and stable. Pure.

No Django: votes in (triples or arrays), an :class:`OpinionMap` out, a plain JSON dict to store
it. ``../shared/reference/opinion-map.md`` is the specification (its section numbers, A.1–A.9,
are cited below); what follows says where we deliberately differ from Pol.is and why.

Votes use **our** sign: agree = +1, disagree = −1, pass = 0. (Pol.is *stores and computes* with
agree = −1; its CSV export ``votes.csv`` however writes agree = +1, which we checked against the
agree counts in its ``comments.csv``: ``polis_io`` reads it as is.) A participant may vote on a
statement more than once: the **last** vote in input order wins.

Public API (the conversations app codes against this):

- :func:`compute` ``(votes, *, statements=None, moderated_out=(), meta=(), previous=None,
  seed=0) -> OpinionMap``
- :class:`VoteArrays`: the same votes as three parallel arrays (fast path for large inputs).
- :class:`OpinionMap` with ``to_json()`` / ``OpinionMap.from_json()`` (a plain JSON dict) and
  ``summary()`` (the four keys the ``samskap opinion-map --json`` command prints).

Pass the previous map (as returned, or as read back with ``from_json``) as ``previous`` and the
new map keeps its orientation (component signs and order), its group ids (Hungarian matching of
group centres), its clustered participants (once clustered, always clustered, as in Pol.is) and
the number of groups unless a different one has won ``K_BUFFER`` updates in a row.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

#: One-sided 90 % normal quantile: the significance threshold of every z-test (A.5, A.6).
Z_90 = 1.2816
#: Statements reported per group, and per consensus direction.
PICK_MAX = 5
#: Base clusters before grouping (A.4).
BASE_K = 100
#: Group counts tried: 2..MAX_K (fewer when there are few base clusters).
MAX_K = 5
#: A new best k is adopted after winning this many consecutive updates (Pol.is' k-smoother).
K_BUFFER = 4
#: A participant is clustered with at least min(MIN_VOTES, statements) votes.
MIN_VOTES = 7
#: The tiny-group guard: every group must hold at least this many participants and this share
#: of the clustered ones. 5 is also the k-anonymity threshold: a group's vote counts never
#: describe fewer than 5 people.
MIN_GROUP_SIZE = 5
MIN_GROUP_SHARE = 0.02

Direction = Literal["agree", "disagree"]
#: Bumped when the JSON layout changes; ``from_json`` refuses other versions.
JSON_VERSION = 1


@dataclass(frozen=True)
class VoteArrays:
    """Votes as three parallel sequences (numpy arrays are fastest: integer ids skip hashing).

    ``values`` in {-1, 0, 1}, agree = +1. Order matters: for a repeated (participant,
    statement) pair the later entry wins.
    """

    participants: Any
    statements: Any
    values: Any


@dataclass(frozen=True)
class Counts:
    """Agree / disagree / pass votes on one statement, among some participants."""

    agree: int = 0
    disagree: int = 0
    passed: int = 0

    @property
    def seen(self) -> int:
        """Votes of any kind (agree + disagree + pass)."""
        return self.agree + self.disagree + self.passed


@dataclass(frozen=True)
class RepresentativeStatement:
    """A statement that sets a group apart (A.5), with the figures for its direction.

    ``n_success`` of ``n_trials`` group members voted ``direction`` (trials include passes);
    ``p_success`` = (n_success + 1) / (n_trials + 2); ``p_test`` is the one-proportion z against
    ½; ``repness`` the ratio of ``p_success`` to the same share among all other groups;
    ``repness_test`` the two-proportion z against the other groups. ``best_agree`` marks Pol.is'
    one "best agree" pick, which is listed first even when not significant.
    """

    statement: Hashable
    direction: Direction
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False


@dataclass(frozen=True)
class Group:
    """An opinion group: its size, centre on the map and representative statements."""

    id: int
    size: int
    centre: tuple[float, float]
    representative: tuple[RepresentativeStatement, ...]


@dataclass(frozen=True)
class ConsensusStatement:
    """A statement most participants agree (or disagree) with (A.6)."""

    statement: Hashable
    direction: Direction
    p_success: float
    p_test: float


@dataclass(frozen=True)
class StatementStats:
    """One statement's vote counts overall and per group, and its place on the map.

    ``groups`` maps group id → the counts among that group's members. ``loading`` is the
    statement's weight in the two components (what ``previous`` aligns signs with);
    ``position`` where a participant agreeing with it alone would sit (A.3.5); ``priority`` is
    Pol.is' routing priority (A.9). ``group_informed_consensus`` is None for statements that are
    moderated out.
    """

    statement: Hashable
    overall: Counts
    groups: dict[int, Counts]
    moderated_out: bool
    loading: tuple[float, float]
    position: tuple[float, float]
    extremity: float
    priority: float
    group_informed_consensus: float | None


@dataclass
class OpinionMap:
    """The result of :func:`compute`; everything a page, an export or the next run needs.

    - ``participants``: every voter → group id, or None when not clustered (too few votes).
    - ``coordinates``: clustered participant → (x, y) on the map.
    - ``nearest_group``: participant who is not clustered but has voted on a statement that is
      not moderated out → the group whose centre is nearest to them ("you are closest to…").
    - ``groups``: group id → :class:`Group`; ids are 0..k-1 on a first run, then kept from
      ``previous``.
    - ``consensus``: ``{"agree": [...], "disagree": [...]}`` of :class:`ConsensusStatement`.
    - ``group_informed_consensus``: statement → Π over groups of (agrees + 1) / (votes + 2),
      statements moderated out excluded. Only comparable between maps with the same ``k``.
    - ``statements``: statement → :class:`StatementStats` (every statement with a vote).
    - ``k``: number of groups shown; ``silhouette`` its silhouette on the base clusters (None
      with fewer than two groups); ``best_k`` the k that won this time (differs from ``k`` while
      the smoother waits), ``k_streak`` how many updates in a row ``best_k`` has won.
    - ``base_centres``: (x, y, participants) of each base cluster, for the next warm start.
    - ``explained_variance``: the share of variance along each component.
    """

    participants: dict[Hashable, int | None]
    coordinates: dict[Hashable, tuple[float, float]]
    nearest_group: dict[Hashable, int]
    groups: dict[int, Group]
    consensus: dict[str, tuple[ConsensusStatement, ...]]
    group_informed_consensus: dict[Hashable, float]
    statements: dict[Hashable, StatementStats]
    k: int
    silhouette: float | None
    best_k: int
    k_streak: int
    base_centres: tuple[tuple[float, float, int], ...]
    explained_variance: tuple[float, float]
    n_votes: int
    seed: int = 0
    notes: tuple[str, ...] = field(default=())

    def group_of(self, participant: Hashable) -> int | None:
        """The participant's group, or the nearest group when not clustered, else None."""
        group = self.participants.get(participant)
        return group if group is not None else self.nearest_group.get(participant)

    def summary(self) -> dict[str, Any]:
        """The four keys of ``samskap opinion-map --json`` (see the issue), JSON-ready.

        ``participants`` (id → group id or None), ``groups`` (group id → list of representative
        statements, each with ``statement`` and ``direction`` and the z figures),
        ``consensus`` (``agree`` / ``disagree`` lists of statement ids) and
        ``group_informed_consensus`` (statement id → value). JSON object keys are strings.
        """
        raise NotImplementedError

    def to_json(self) -> dict[str, Any]:
        """Everything, as a dict of JSON types (ints and strings kept: see ``from_json``)."""
        raise NotImplementedError

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OpinionMap:
        """Read back what :meth:`to_json` wrote; ids come back with the type they had.

        Integer ids stay integers and string ids strings; any other id type was written as its
        ``str()`` and comes back as a string. Raises ValueError on another JSON version.
        """
        raise NotImplementedError


def compute(
    votes: Iterable[tuple[Hashable, Hashable, int]] | VoteArrays,
    *,
    statements: Collection[Hashable] | None = None,
    moderated_out: Collection[Hashable] = (),
    meta: Collection[Hashable] = (),
    previous: OpinionMap | None = None,
    seed: int = 0,
) -> OpinionMap:
    """Compute the opinion map of a conversation from its votes.

    - ``votes``: (participant id, statement id, value) triples or :class:`VoteArrays`; value
      agree = +1, disagree = −1, pass = 0; the last vote on a (participant, statement) wins.
      Ids are any hashables and come back as given.
    - ``statements``: if given, votes on statements not in it are ignored (e.g. deleted ones).
    - ``moderated_out``: statements hidden by moderation (A.8): their votes still count towards
      a participant's vote total, but they shape neither the map nor any selection.
    - ``meta``: meta statements ("about the conversation"): treated as moderated out, with
      Pol.is' fixed routing priority.
    - ``previous``: the last map of the same conversation, to keep orientation and group ids.
    - ``seed``: every random choice (PCA start, k-means) is seeded: same input, same map.

    Raises ValueError for a vote value outside {-1, 0, 1}.
    """
    raise NotImplementedError
