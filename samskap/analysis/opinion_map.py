"""The opinion map of a conversation: Pol.is' math, sparse, deterministic and stable. Pure.

No Django: votes in (triples or arrays), an :class:`OpinionMap` out, a plain JSON dict to store
it. ``../shared/reference/opinion-map.md`` is the specification; its section numbers (A.1–A.9)
are cited in the code.

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
group centres), its clustered participants (once clustered, always clustered, as in Pol.is),
its base clusters (a warm start) and the number of groups unless a different one has won
``K_BUFFER`` updates in a row (Pol.is' k-smoother).

The pipeline, as specified: a sparse vote matrix; participants with at least min(7, m) votes
clustered; PCA of the mean-centred matrix Z (zero on unvoted cells, so as sparse as the votes)
with Pol.is' sparsity-aware scaling √(m / c′ᵢ); up to 100 base clusters, then groups for
k = 2..5 by weighted k-means on their centres, k chosen by the silhouette *of the base
centres* (never an O(n²) silhouette over participants); representative statements (z-tests at
1.2816, five per group), consensus (five each way) and group-informed consensus.

Choices where the spec leaves room or names a pitfall:

- **Scaling as Pol.is** (A.3.4): m counts moderated columns and every participant's c′ counts
  them as votes. The cleaner alternative (only active columns) moved participants enough that
  our groups on the Seattle export matched Pol.is' own at ARI 0.56 instead of 0.88.
- **Deterministic**: the exact eigendecomposition of ZᵀZ when n·m² is small, else a seeded
  block power iteration until the top two Ritz vectors stop moving; above ``PCA_SAMPLE``
  participants the components come from a seeded sample of them (Pol.is itself samples large
  conversations), every participant still being projected. Each component's largest loading
  is positive unless ``previous`` says otherwise. k-means starts are seeded k-means++ (best of
  10 at the group level) instead of Pol.is' first distinct points.
- **Tiny-group guard** (pitfall 9): a group smaller than ``MIN_GROUP_SIZE`` (5, the
  platform's k-anonymity threshold) or ``MIN_GROUP_SHARE`` of the clustered participants is
  folded into the nearest sufficient group, and the result competes as a grouping with that
  many fewer groups; a k with no grouping of sufficient groups is not chosen. If none remains,
  everyone clustered is one group.
- **Best agree** (pitfall 7): Pol.is' one "best agree" statement is listed first in each group,
  as in Pol.is, but always as *agree* with its agree figures (Pol.is may label it disagree).
- Statements that are moderated out (or meta) keep their counts but get no group-informed
  consensus, no representative or consensus place and routing priority 0 (meta: 49).
- Groups are numbered by size (0 the largest) on a first run; later runs keep ids.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

try:  # scipy's stable counting sort (what coo_array.tocsr uses), for the vote matrix
    from scipy.sparse._sparsetools import coo_tocsr as _coo_tocsr
except ImportError:  # pragma: no cover - a future scipy may move it; numpy does the same
    _coo_tocsr = None

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

#: Pol.is' fixed routing priority for meta statements (7²).
META_PRIORITY = 49.0
#: Votes handled per step where temporary arrays scale with the votes.
CHUNK = 8_000_000
#: Above this many votes the centred matrix is float32 (halves the largest array).
FLOAT32_ABOVE = 50_000_000
#: Exact PCA (eigendecomposition of ZᵀZ, cost n·m²) up to this; block power iteration above.
EXACT_PCA_LIMIT = 2_000_000_000
PCA_MAX_ITER = 100
OVERSAMPLE = 6
#: Above this many participants the components come from a seeded sample of this many (every
#: participant is still projected): Pol.is samples too, for large conversations.
PCA_SAMPLE = 100_000
#: Base clusters are fitted on a seeded sample of this many participants, then all assigned.
BASE_SAMPLE = 20_000
#: Up to this many participants the base clusters use the small k-means below.
SMALL_KMEANS = 5_000

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
    - ``silhouettes``: every k tried → its silhouette, or None when no grouping with k groups
      of sufficient size was found (see the tiny-group guard).
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
    silhouettes: dict[int, float | None] = field(default_factory=dict)

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
        return {
            "participants": {str(p): g for p, g in self.participants.items()},
            "groups": {str(gid): [_rep_json(rep) for rep in group.representative]
                       for gid, group in sorted(self.groups.items())},
            "consensus": {direction: [_id_json(c.statement)
                                      for c in self.consensus.get(direction, ())]
                          for direction in ("agree", "disagree")},
            "group_informed_consensus": {str(s): v
                                         for s, v in self.group_informed_consensus.items()},
        }

    def to_json(self) -> dict[str, Any]:
        """Everything, as a dict of JSON types (ints and strings kept: see ``from_json``)."""
        return {
            "version": JSON_VERSION,
            "id_types": {"participant": _id_type(self.participants),
                         "statement": _id_type(self.statements)},
            "k": self.k,
            "silhouette": self.silhouette,
            "best_k": self.best_k,
            "k_streak": self.k_streak,
            "silhouettes": {str(k): v for k, v in sorted(self.silhouettes.items())},
            "seed": self.seed,
            "n_votes": self.n_votes,
            "explained_variance": list(self.explained_variance),
            "participants": {str(p): g for p, g in self.participants.items()},
            "coordinates": {str(p): list(xy) for p, xy in self.coordinates.items()},
            "nearest_group": {str(p): g for p, g in self.nearest_group.items()},
            "groups": {str(gid): {"size": group.size, "centre": list(group.centre),
                                  "representative": [_rep_json(r) for r in group.representative]}
                       for gid, group in sorted(self.groups.items())},
            "consensus": {direction: [{"statement": _id_json(c.statement),
                                       "p_success": c.p_success, "p_test": c.p_test}
                                      for c in self.consensus.get(direction, ())]
                          for direction in ("agree", "disagree")},
            "group_informed_consensus": {str(s): v
                                         for s, v in self.group_informed_consensus.items()},
            "statements": {str(s): {
                "overall": _counts_json(st.overall),
                "groups": {str(g): _counts_json(c) for g, c in sorted(st.groups.items())},
                "moderated_out": st.moderated_out,
                "loading": list(st.loading),
                "position": list(st.position),
                "extremity": st.extremity,
                "priority": st.priority,
                "group_informed_consensus": st.group_informed_consensus,
            } for s, st in self.statements.items()},
            "base_centres": [list(c) for c in self.base_centres],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OpinionMap:
        """Read back what :meth:`to_json` wrote; ids come back with the type they had.

        Integer ids stay integers and string ids strings; any other id type was written as its
        ``str()`` and comes back as a string. Raises ValueError on another JSON version.
        """
        if data.get("version") != JSON_VERSION:
            raise ValueError(f"opinion map JSON version {data.get('version')!r}, "
                             f"expected {JSON_VERSION}")
        pid = _id_reader(data["id_types"]["participant"])
        sid = _id_reader(data["id_types"]["statement"])

        def rep(item: Mapping[str, Any]) -> RepresentativeStatement:
            return RepresentativeStatement(
                statement=sid(item["statement"]), direction=_direction(item["direction"]),
                n_success=int(item["n_success"]), n_trials=int(item["n_trials"]),
                p_success=float(item["p_success"]), p_test=float(item["p_test"]),
                repness=float(item["repness"]), repness_test=float(item["repness_test"]),
                best_agree=bool(item.get("best_agree", False)))

        groups = {int(g): Group(id=int(g), size=int(v["size"]), centre=_pair(v["centre"]),
                                representative=tuple(rep(r) for r in v["representative"]))
                  for g, v in data["groups"].items()}
        consensus = {direction: tuple(
            ConsensusStatement(statement=sid(c["statement"]), direction=_direction(direction),
                               p_success=float(c["p_success"]), p_test=float(c["p_test"]))
            for c in data["consensus"].get(direction, ())) for direction in ("agree", "disagree")}
        statements = {sid(s): StatementStats(
            statement=sid(s), overall=_counts(v["overall"]),
            groups={int(g): _counts(c) for g, c in v["groups"].items()},
            moderated_out=bool(v["moderated_out"]), loading=_pair(v["loading"]),
            position=_pair(v["position"]), extremity=float(v["extremity"]),
            priority=float(v["priority"]),
            group_informed_consensus=(None if v["group_informed_consensus"] is None
                                      else float(v["group_informed_consensus"])))
            for s, v in data["statements"].items()}
        return cls(
            participants={pid(p): (None if g is None else int(g))
                          for p, g in data["participants"].items()},
            coordinates={pid(p): _pair(xy) for p, xy in data["coordinates"].items()},
            nearest_group={pid(p): int(g) for p, g in data["nearest_group"].items()},
            groups=groups,
            consensus=consensus,
            group_informed_consensus={sid(s): float(v)
                                      for s, v in data["group_informed_consensus"].items()},
            statements=statements,
            k=int(data["k"]),
            silhouette=None if data["silhouette"] is None else float(data["silhouette"]),
            best_k=int(data["best_k"]),
            k_streak=int(data["k_streak"]),
            base_centres=tuple((float(x), float(y), int(w)) for x, y, w in data["base_centres"]),
            explained_variance=_pair(data["explained_variance"]),
            n_votes=int(data["n_votes"]),
            seed=int(data["seed"]),
            silhouettes={int(k): None if v is None else float(v)
                         for k, v in data["silhouettes"].items()},
        )


def _id_type(ids: Iterable[Hashable]) -> str:
    """"int" when every id is an integer (bool excluded), else "str"."""
    return "int" if all(isinstance(i, int) and not isinstance(i, bool) for i in ids) else "str"


def _id_json(value: Hashable) -> int | str:
    return value if isinstance(value, int | str) and not isinstance(value, bool) else str(value)


def _id_reader(kind: str) -> Callable[[Any], Hashable]:
    if kind == "int":
        return int
    if kind == "str":
        return str
    raise ValueError(f"unknown id type {kind!r}")


def _direction(value: str) -> Direction:
    if value == "agree":
        return "agree"
    if value == "disagree":
        return "disagree"
    raise ValueError(f"unknown direction {value!r}")


def _pair(values: Sequence[Any]) -> tuple[float, float]:
    x, y = values
    return float(x), float(y)


def _counts(values: Sequence[Any]) -> Counts:
    agree, disagree, passed = values
    return Counts(int(agree), int(disagree), int(passed))


def _counts_json(counts: Counts) -> list[int]:
    return [counts.agree, counts.disagree, counts.passed]


def _rep_json(rep: RepresentativeStatement) -> dict[str, Any]:
    return {"statement": _id_json(rep.statement), "direction": rep.direction,
            "n_success": rep.n_success, "n_trials": rep.n_trials,
            "p_success": rep.p_success, "p_test": rep.p_test,
            "repness": rep.repness, "repness_test": rep.repness_test,
            "best_agree": rep.best_agree}


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
    - ``statements``: if given, all statements of the conversation: votes on others are ignored
      (e.g. deleted ones), and those without votes are listed with zero counts (and their
      routing priority).
    - ``moderated_out``: statements hidden by moderation (A.8): their votes still count towards
      a participant's vote total, but they shape neither the map nor any selection.
    - ``meta``: meta statements ("about the conversation"): treated as moderated out, with
      Pol.is' fixed routing priority.
    - ``previous``: the last map of the same conversation, to keep orientation and group ids.
    - ``seed``: every random choice (PCA start, k-means) is seeded: same input, same map.

    Raises ValueError for a vote value outside {-1, 0, 1} or arrays of unequal length.
    """
    matrix = _vote_matrix(votes, statements)
    # One thread: the heavy steps (sparse products, tallies) are single-threaded in scipy and
    # numpy anyway, the threaded ones (k-means, small dense algebra) gain little, and BLAS or
    # OpenMP threads spinning on a shared machine (the worker shares its cores) cost seconds.
    with threadpool_limits(limits=1):
        return _compute(matrix, statements, moderated_out, meta, previous, seed)


def _compute(matrix: _Matrix, statements: Collection[Hashable] | None,
             moderated_out: Collection[Hashable], meta: Collection[Hashable],
             previous: OpinionMap | None, seed: int) -> OpinionMap:
    X = matrix.X
    n, m = X.shape
    excluded_ids = set(moderated_out) | set(meta)
    meta_ids = set(meta)
    excluded = np.fromiter((s in excluded_ids for s in matrix.statements), dtype=bool, count=m)
    active = ~excluded
    seen, agree, disagree = _column_tallies(X)
    votes_per_row = np.diff(X.indptr)
    active_per_row = _row_counts(X, active) if excluded.any() else votes_per_row
    m_active = int(active.sum())

    # A.3: column means over voted cells (moderated columns count as all-zero), then the
    # sparse centred matrix and its top two principal directions.
    mu = np.zeros(m)
    np.divide(agree - disagree, seen, out=mu, where=active & (seen > 0))
    Z = _centred(X, mu, active)
    loadings, explained = _principal_directions(Z, seed)
    loadings = _orient(loadings, matrix.statements, active, previous)
    projection = np.asarray(Z @ loadings.astype(Z.dtype), dtype=np.float64).reshape(n, 2)
    # The sparsity-aware scaling √(m / c′ᵢ) (A.3.4).
    # As Pol.is: m counts every column, and the zeroed moderated columns count as votes.
    projection *= np.sqrt(m / np.maximum(1.0, active_per_row + (m - m_active)))[:, None]
    del Z

    # A.2: who is clustered (once in, always in).
    clustered = votes_per_row >= min(MIN_VOTES, m)
    if previous is not None:
        was_in = {p for p, g in previous.participants.items() if g is not None}
        if was_in:
            clustered |= np.fromiter((p in was_in for p in matrix.participants), dtype=bool,
                                     count=n)
    rows = np.flatnonzero(clustered)
    clustering = _cluster(projection[rows], seed, previous)
    k = clustering.k
    group_ids = _group_ids(clustering.centres, clustering.sizes, previous)
    labels = np.full(n, -1, dtype=np.int64)
    labels[rows] = clustering.labels

    # A.5–A.7 from per-group tallies.
    group_agree, group_disagree, group_seen = _group_tallies(X, labels, k)
    groups: dict[int, Group] = {}
    for index, gid in enumerate(group_ids):
        chosen = (_representative(group_agree, group_disagree, group_seen, index, active,
                                  matrix.statements) if k > 1 else [])
        groups[gid] = Group(id=gid, size=int(clustering.sizes[index]),
                            centre=(float(clustering.centres[index, 0]),
                                    float(clustering.centres[index, 1])),
                            representative=tuple(chosen))
    consensus = _consensus(agree, disagree, seen, active, matrix.statements)
    gac = np.prod((group_agree + 1) / (group_seen + 2), axis=0)

    # A.3.5 and A.9: where each statement sits, its extremity and its routing priority.
    positions = math.sqrt(m) * (1 - mu)[:, None] * loadings  # q = √m · (a − μ) · v (A.3.5)
    positions[excluded] = 0.0
    extremity = np.hypot(positions[:, 0], positions[:, 1])
    clustered_agree, clustered_seen = group_agree.sum(axis=0), group_seen.sum(axis=0)
    clustered_pass = clustered_seen - clustered_agree - group_disagree.sum(axis=0)
    priority = _priority(clustered_agree, clustered_pass, clustered_seen, extremity)
    is_meta = np.fromiter((s in meta_ids for s in matrix.statements), dtype=bool, count=m)
    priority[excluded] = 0.0
    priority[is_meta] = META_PRIORITY

    statement_stats: dict[Hashable, StatementStats] = {}
    gac_map: dict[Hashable, float] = {}
    passed = seen - agree - disagree
    group_passed = group_seen - group_agree - group_disagree
    for j, sid in enumerate(matrix.statements):
        value = float(gac[j]) if active[j] and k else None
        if value is not None:
            gac_map[sid] = value
        statement_stats[sid] = StatementStats(
            statement=sid,
            overall=Counts(int(agree[j]), int(disagree[j]), int(passed[j])),
            groups={gid: Counts(int(group_agree[i, j]), int(group_disagree[i, j]),
                                int(group_passed[i, j]))
                    for i, gid in enumerate(group_ids)},
            moderated_out=bool(excluded[j]),
            loading=(float(loadings[j, 0]), float(loadings[j, 1])),
            position=(float(positions[j, 0]), float(positions[j, 1])),
            extremity=float(extremity[j]),
            priority=float(priority[j]),
            group_informed_consensus=value)
    unvoted_priority = float(_priority(*np.zeros((4, 1)))[0])
    for sid in statements or ():
        if sid in statement_stats:
            continue
        is_out = sid in excluded_ids
        value = None if is_out or not k else 0.5 ** k
        if value is not None:
            gac_map[sid] = value
        statement_stats[sid] = StatementStats(
            statement=sid, overall=Counts(), groups={gid: Counts() for gid in group_ids},
            moderated_out=is_out, loading=(0.0, 0.0), position=(0.0, 0.0), extremity=0.0,
            priority=(META_PRIORITY if sid in meta_ids else 0.0 if is_out else unvoted_priority),
            group_informed_consensus=value)

    # Participants: their group and place, or the group they are nearest to.
    gid_of_row = np.full(n, -1, dtype=np.int64)
    if k:
        gid_of_row[rows] = np.asarray(group_ids)[clustering.labels]
    participants = {p: (g if g >= 0 else None)
                    for p, g in zip(matrix.participants, gid_of_row.tolist(), strict=True)}
    coordinates: dict[Hashable, tuple[float, float]] = {
        matrix.participants[i]: (x, y)
        for i, (x, y) in zip(rows.tolist(), projection[rows].tolist(), strict=True)}
    nearest: dict[Hashable, int] = {}
    loose = np.flatnonzero(~clustered & (active_per_row > 0)) if k else np.zeros(0, np.int64)
    if loose.size:
        distance = ((projection[loose, None, :] - clustering.centres[None, :, :]) ** 2).sum(2)
        nearest = {matrix.participants[i]: group_ids[g] for i, g in
                   zip(loose.tolist(), distance.argmin(axis=1).tolist(), strict=True)}

    return OpinionMap(
        participants=participants,
        coordinates=coordinates,
        nearest_group=nearest,
        groups=groups,
        consensus=consensus,
        group_informed_consensus=gac_map,
        statements=statement_stats,
        k=k,
        silhouette=clustering.silhouettes.get(k) if k > 1 else None,
        best_k=clustering.best_k,
        k_streak=clustering.streak,
        base_centres=clustering.base_centres,
        explained_variance=(float(explained[0]), float(explained[1])),
        n_votes=int(X.nnz),
        seed=seed,
        silhouettes=clustering.silhouettes,
    )


# --- The vote matrix (A.1) -------------------------------------------------------------------

@dataclass
class _Matrix:
    participants: list[Hashable]
    statements: list[Hashable]
    X: sparse.csr_array  # n × m, int8 values, passes stored as explicit zeros, sorted indices


def _vote_matrix(votes: Iterable[tuple[Hashable, Hashable, int]] | VoteArrays,
                 statements: Collection[Hashable] | None) -> _Matrix:
    if isinstance(votes, VoteArrays):
        p_raw, s_raw, v_raw = votes.participants, votes.statements, votes.values
    else:
        triples = list(votes)
        for i, triple in enumerate(triples):
            if len(triple) != 3:
                raise ValueError(f"vote {i}: expected (participant, statement, value), "
                                 f"got {triple!r}")
        p_raw = [t[0] for t in triples]
        s_raw = [t[1] for t in triples]
        v_raw = [t[2] for t in triples]
    values = _vote_values(v_raw)
    if not len(p_raw) == len(s_raw) == len(values):
        raise ValueError(f"votes: {len(p_raw)} participants, {len(s_raw)} statements and "
                         f"{len(values)} values; they must be equally many")
    s_ids, s_codes = _factorize(s_raw)
    if statements is not None:
        allowed = set(statements)
        keep = np.fromiter((s in allowed for s in s_ids), dtype=bool, count=len(s_ids))
        if not keep.all():
            recode = np.cumsum(keep) - 1
            mask = keep[s_codes]
            s_codes = recode[s_codes[mask]]
            s_ids = [s for s, kept in zip(s_ids, keep.tolist(), strict=True) if kept]
            values = values[mask]
            p_raw = (p_raw[mask] if isinstance(p_raw, np.ndarray)
                     else [p for p, kept in zip(p_raw, mask.tolist(), strict=True) if kept])
    p_ids, p_codes = _factorize(p_raw)
    n, m = len(p_ids), len(s_ids)
    if not n or not m:
        return _Matrix([], [], sparse.csr_array((0, 0), dtype=np.int8))
    return _Matrix(p_ids, s_ids, _last_wins_csr(p_codes, s_codes, values, n, m))


def _last_wins_csr(rows: NDArray[Any], cols: NDArray[Any], values: NDArray[np.int8], n: int,
                   m: int) -> sparse.csr_array:
    """The n × m CSR matrix of the votes, each row's statements in order, the last vote winning.

    Two stable counting sorts, by statement then by participant, leave each participant's votes
    ordered by statement and a repeated vote right after the earlier one: keeping the last of
    each run is a vectorised comparison, with no per-row sorting (the costliest step of
    scipy's own constructor, which would also sum repeated votes instead).
    """
    nnz = len(values)
    index = np.int32 if max(n, m, nnz) < 2**31 - 1 else np.int64
    rows = np.asarray(rows, dtype=index)
    cols = np.asarray(cols, dtype=index)
    col_ptr = np.empty(m + 1, dtype=index)
    col_rows = np.empty(nnz, dtype=index)
    col_values = np.empty(nnz, dtype=np.int8)
    if _coo_tocsr is not None:  # a stable counting sort by statement, in C
        _coo_tocsr(m, n, nnz, cols, rows, values, col_ptr, col_rows, col_values)
    else:  # the same with numpy (more memory)
        order = np.argsort(cols, kind="stable")
        col_rows[:], col_values[:] = rows[order], values[order]
        col_ptr[0] = 0
        np.cumsum(np.bincount(cols, minlength=m), out=col_ptr[1:])
        del order
    X = sparse.csc_array((col_values, col_rows, col_ptr), shape=(n, m)).tocsr()
    del col_rows, col_values
    repeated = X.indices[1:] == X.indices[:-1]
    starts = X.indptr[1:-1]
    repeated[starts[(starts > 0) & (starts < nnz)] - 1] = False  # no runs across rows
    if not repeated.any():
        return X
    keep = np.ones(nnz, dtype=bool)
    keep[:-1] = ~repeated  # drop a vote followed by another on the same statement
    kept_before = np.concatenate(([0], np.cumsum(keep, dtype=np.int64)))
    indptr = kept_before[X.indptr].astype(index)
    return sparse.csr_array((X.data[keep], X.indices[keep], indptr), shape=(n, m))


def _vote_values(raw: Any) -> NDArray[np.int8]:
    values = np.asarray(raw)
    if values.ndim != 1:
        raise ValueError("vote values must be a flat sequence")
    if values.size == 0:
        return np.zeros(0, dtype=np.int8)
    if values.dtype.kind not in "biuf":
        try:
            values = values.astype(np.float64)
        except (TypeError, ValueError):
            bad = next(v for v in values.tolist() if not _is_number(v))
            raise ValueError(f"vote value {bad!r}: must be -1, 0 or 1") from None
    if values.dtype.kind == "f" or values.min() < -1 or values.max() > 1:
        ok = (values >= -1) & (values <= 1)
        if values.dtype.kind == "f":
            ok &= values == np.round(values)
        if not ok.all():
            position = int(np.flatnonzero(~ok)[0])
            raise ValueError(f"vote {position}: value {values[position]!r} must be -1, 0 or 1")
    return values.astype(np.int8, copy=False)


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _factorize(raw: Any) -> tuple[list[Hashable], NDArray[np.integer[Any]]]:
    """Distinct ids (as Python values) and each entry's code; integer arrays skip hashing."""
    if isinstance(raw, np.ndarray) and raw.dtype.kind in "iu" and raw.ndim == 1:
        if raw.size == 0:
            return [], np.zeros(0, dtype=np.int32)
        low, high = int(raw.min()), int(raw.max())
        span = high - low + 1
        if span <= 4 * raw.size + 1_000_000:
            present = np.zeros(span, dtype=bool)
            present[raw - low if low else raw] = True
            ids: list[Hashable] = list((np.flatnonzero(present) + low).tolist())
            if low == 0 and len(ids) == span:  # already 0..n-1: the codes are the ids
                return ids, raw
            code_of = (np.cumsum(present, dtype=np.int64) - 1).astype(np.int32)
            codes: NDArray[np.integer[Any]] = code_of[raw - low]
            return ids, codes
        unique, codes = np.unique(raw, return_inverse=True)
        return unique.tolist(), codes.astype(np.int32)
    items = raw.tolist() if isinstance(raw, np.ndarray) else list(raw)
    index: dict[Hashable, int] = {}
    codes = np.fromiter((index.setdefault(x, len(index)) for x in items), dtype=np.int64,
                        count=len(items))
    return list(index), codes.astype(np.int32)


def _entry_chunks(X: sparse.csr_array) -> Iterator[tuple[int, int]]:
    """Row ranges [a, b) holding about CHUNK votes each (bounds temporary memory)."""
    n = X.shape[0]
    start = 0
    while start < n:
        target = int(X.indptr[start]) + CHUNK
        stop = max(start + 1, int(np.searchsorted(X.indptr, target, side="right")) - 1)
        stop = min(stop, n)
        yield start, stop
        start = stop


def _column_tallies(X: sparse.csr_array) -> tuple[NDArray[np.int64], ...]:
    """Votes, agrees and disagrees per statement (everyone)."""
    m = X.shape[1]
    tally = np.zeros(3 * m, dtype=np.int64)  # per statement: disagree, pass, agree
    for start in range(0, X.nnz, CHUNK):
        keys = X.indices[start:start + CHUNK].astype(np.int64) * 3
        keys += X.data[start:start + CHUNK] + 1
        tally += np.bincount(keys, minlength=3 * m)
    disagree, passed, agree = tally.reshape(m, 3).T
    return disagree + passed + agree, agree, disagree


def _row_counts(X: sparse.csr_array, columns: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Each participant's votes on the flagged columns."""
    counts = np.zeros(X.shape[0], dtype=np.int64)
    for a, b in _entry_chunks(X):
        flags = columns[X.indices[X.indptr[a]:X.indptr[b]]]
        rows = np.repeat(np.arange(a, b), np.diff(X.indptr[a:b + 1]))
        counts[a:b] = np.bincount(rows[flags] - a, minlength=b - a)
    return counts


def _group_tallies(X: sparse.csr_array, labels: NDArray[np.int64],
                   k: int) -> tuple[NDArray[np.int64], ...]:
    """Agrees, disagrees and votes per group (k × m); label −1 counts nowhere."""
    m = X.shape[1]
    size = 3 * k * m
    tally = np.zeros(size, dtype=np.int64)  # per group and statement: disagree, pass, agree
    if k:
        for a, b in _entry_chunks(X):
            lo, hi = X.indptr[a], X.indptr[b]
            group = np.repeat(labels[a:b], np.diff(X.indptr[a:b + 1]))
            keys = (group * m + X.indices[lo:hi]) * 3 + X.data[lo:hi] + 1
            tally += np.bincount(keys[group >= 0], minlength=size)
    disagree, passed, agree = (tally.reshape(k, m, 3)[:, :, i] for i in range(3))
    return agree, disagree, disagree + passed + agree


# --- PCA and projection (A.3) ----------------------------------------------------------------

def _centred(X: sparse.csr_array, mu: NDArray[np.float64],
             active: NDArray[np.bool_]) -> sparse.csr_array:
    """Z: vote − column mean on voted cells of active columns, 0 elsewhere; as sparse as X."""
    dtype = np.float64 if X.nnz <= FLOAT32_ABOVE else np.float32
    means = mu.astype(dtype)
    data = np.empty(X.nnz, dtype=dtype)
    all_active = bool(active.all())
    for start in range(0, X.nnz, CHUNK):
        columns = X.indices[start:start + CHUNK]
        chunk = X.data[start:start + CHUNK].astype(dtype) - means[columns]
        if not all_active:
            chunk[~active[columns]] = 0
        data[start:start + CHUNK] = chunk
    return sparse.csr_array((data, X.indices, X.indptr), shape=X.shape)


def _principal_directions(Z: sparse.csr_array,
                          seed: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The top two right singular vectors of Z (m × 2) and their shares of the variance.

    Exact (eigendecomposition of ZᵀZ) when that is cheap, else seeded block power iteration
    on ZᵀZ until the two Ritz vectors stop moving: deterministic either way.
    """
    n, m = Z.shape
    if n > PCA_SAMPLE:  # the directions from a seeded sample of participants (see above)
        rows = np.sort(np.random.default_rng(seed).choice(n, PCA_SAMPLE, replace=False))
        Z = Z[rows]
        n = PCA_SAMPLE
    loadings = np.zeros((m, 2))
    explained = np.zeros(2)
    total = sum(float(np.dot(Z.data[s:s + CHUNK].astype(np.float64),
                             Z.data[s:s + CHUNK].astype(np.float64)))
                for s in range(0, Z.nnz, CHUNK))
    if total <= 1e-12 * max(1, Z.nnz):
        return loadings, explained  # no variance at all (e.g. everyone passed)
    wanted = min(2, m)
    if n * m * m <= EXACT_PCA_LIMIT:
        gram = np.zeros((m, m))
        step = max(1, 2_000_000 // m)  # rows per dense block: about 16 MB
        for a in range(0, n, step):
            block = Z[a:a + step].toarray().astype(np.float64)
            gram += block.T @ block
        eigenvalues, eigenvectors = np.linalg.eigh(gram)
        order = np.argsort(eigenvalues)[::-1][:wanted]
        loadings[:, :wanted] = eigenvectors[:, order]
        explained[:wanted] = np.maximum(eigenvalues[order], 0) / total
        return loadings, explained
    width = min(m, wanted + OVERSAMPLE)
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(rng.standard_normal((m, width)))
    tolerance = 1e-10 if Z.dtype == np.float64 else 1e-7
    before: NDArray[np.float64] | None = None
    eigenvalues = np.zeros(width)
    for _ in range(PCA_MAX_ITER):
        image = Z @ basis.astype(Z.dtype)  # n × width
        small = np.asarray(image.T @ image, dtype=np.float64)  # basisᵀ ZᵀZ basis
        eigenvalues, vectors = np.linalg.eigh(small)
        order = np.argsort(eigenvalues)[::-1]
        eigenvalues, vectors = eigenvalues[order], vectors[:, order]
        ritz = basis @ vectors[:, :wanted]
        if before is not None and np.all(1 - np.abs((ritz * before).sum(axis=0)) < tolerance):
            break
        before = ritz
        basis, _ = np.linalg.qr(np.asarray(Z.T @ image, dtype=np.float64))
    loadings[:, :wanted] = ritz
    explained[:wanted] = np.maximum(eigenvalues[:wanted], 0) / total
    return loadings, explained


def _orient(loadings: NDArray[np.float64], statements: Sequence[Hashable],
            active: NDArray[np.bool_], previous: OpinionMap | None) -> NDArray[np.float64]:
    """Fix the arbitrary order and signs of the components.

    With a previous map: the order and signs that best match its loadings on the statements
    both maps share. Without: each component's largest loading is positive.
    """
    old = np.zeros_like(loadings)
    shared = np.zeros(len(statements), dtype=bool)
    if previous is not None:
        for j, sid in enumerate(statements):
            stats = previous.statements.get(sid)
            if stats is not None and active[j] and not stats.moderated_out:
                old[j] = stats.loading
                shared[j] = True
    if shared.any() and np.abs(old[shared]).sum() > 0:
        match = loadings[shared].T @ old[shared]  # new component × old component
        if abs(match[0, 1]) + abs(match[1, 0]) > abs(match[0, 0]) + abs(match[1, 1]):
            loadings = loadings[:, ::-1]
            match = match[::-1]
        signs = np.where(np.diag(match) < 0, -1.0, 1.0)
        return loadings * signs
    if not len(loadings):
        return loadings
    largest = np.abs(loadings).argmax(axis=0)
    signs = np.where(loadings[largest, [0, 1]] < 0, -1.0, 1.0)
    return loadings * signs


# --- Clustering (A.4) ------------------------------------------------------------------------

@dataclass
class _Clustering:
    k: int
    labels: NDArray[np.int64]  # group index per clustered participant
    centres: NDArray[np.float64]  # k × 2
    sizes: NDArray[np.int64]
    silhouettes: dict[int, float | None]
    best_k: int
    streak: int
    base_centres: tuple[tuple[float, float, int], ...]


def _cluster(points: NDArray[np.float64], seed: int,
             previous: OpinionMap | None) -> _Clustering:
    """Base clusters, then groups for k = 2..5 on their centres, k chosen by silhouette."""
    count = len(points)
    if count == 0:
        return _Clustering(0, np.zeros(0, np.int64), np.zeros((0, 2)), np.zeros(0, np.int64),
                           {}, 0, 0, ())
    base_labels, base_centres, weights = _base_clusters(points, seed, previous)
    bases = len(weights)
    base_json = tuple((float(x), float(y), int(w))
                      for (x, y), w in zip(base_centres.tolist(), weights.tolist(), strict=True))
    smallest = max(MIN_GROUP_SIZE, math.ceil(MIN_GROUP_SHARE * count))
    silhouettes: dict[int, float | None] = {}
    groupings: dict[int, NDArray[np.int64]] = {1: np.zeros(bases, dtype=np.int64)}
    rng = np.random.default_rng(seed)
    tried = range(2, min(MAX_K, 2 + bases // 12, bases) + 1)
    for k in tried:
        grouping, centres = weighted_kmeans(base_centres, weights, k, rng)
        # The tiny-group guard: a group below the minimum joins the nearest sufficient group,
        # and the grouping counts for the k it then has (if that k has none yet).
        sizes = np.bincount(grouping, weights=weights, minlength=k)
        big = np.flatnonzero(sizes >= smallest)
        if len(big) < 2:
            continue
        if len(big) < k:
            gaps = ((centres[:, None, :] - centres[None, big, :]) ** 2).sum(axis=2)
            target = np.where(sizes >= smallest, np.arange(k), big[gaps.argmin(axis=1)])
            grouping = np.searchsorted(big, target[grouping])
        if len(big) not in groupings:
            groupings[len(big)] = grouping
            silhouettes[len(big)] = float(silhouette(base_centres, grouping).mean())
    for k in tried:
        silhouettes.setdefault(k, None)  # no grouping with k sufficient groups
    silhouettes = dict(sorted(silhouettes.items()))
    scored = {k: s for k, s in silhouettes.items() if s is not None}
    best_k = max(scored, key=lambda k: (scored[k], -k)) if scored else 1
    k, streak = _smooth_k(best_k, groupings, previous)
    labels = groupings[k][base_labels]
    sizes = np.bincount(labels, minlength=k).astype(np.int64)
    centres = np.zeros((k, 2))
    np.add.at(centres, labels, points)
    centres /= sizes[:, None]
    return _Clustering(k, labels, centres, sizes, silhouettes, best_k, streak, base_json)


def _base_clusters(points: NDArray[np.float64], seed: int, previous: OpinionMap | None
                   ) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.int64]]:
    """k-means with up to BASE_K clusters: labels, centres and member counts (none empty)."""
    count = len(points)
    rng = np.random.default_rng(seed)
    fit = points if count <= BASE_SAMPLE else points[np.sort(rng.choice(count, BASE_SAMPLE,
                                                                        replace=False))]
    distinct = len(np.unique(fit, axis=0))
    bases = min(BASE_K, distinct)
    if bases <= 1:
        return (np.zeros(count, dtype=np.int64), points.mean(axis=0, keepdims=True),
                np.array([count]))
    init: Any = None
    if previous is not None and len(previous.base_centres) == bases:
        init = np.array([(x, y) for x, y, _w in previous.base_centres])  # a warm start
    if count <= SMALL_KMEANS:
        labels, _centres = weighted_kmeans(points, np.ones(count), bases, rng, n_init=1,
                                           init=init)
    else:
        model = KMeans(n_clusters=bases, init="k-means++" if init is None else init, n_init=1,
                       max_iter=100, random_state=seed).fit(fit)
        labels = model.labels_ if fit is points else model.predict(points)
    weights = np.bincount(labels, minlength=bases)
    kept = np.flatnonzero(weights)
    recode = np.full(bases, -1, dtype=np.int64)
    recode[kept] = np.arange(len(kept))
    labels = recode[labels]
    weights = weights[kept]
    centres = np.zeros((len(kept), 2))
    np.add.at(centres, labels, points)
    return labels, centres / weights[:, None], weights.astype(np.int64)


def weighted_kmeans(points: NDArray[np.float64], weights: NDArray[Any], k: int,
                    rng: np.random.Generator, *, n_init: int = 10, max_iter: int = 100,
                    init: NDArray[np.float64] | None = None
                    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Weighted k-means (k-means++ starts, Lloyd iterations), best of ``n_init``: labels, centres.

    For small point sets (the group level has at most BASE_K points), where scikit-learn's
    per-call overhead exceeds the work. ``init`` (k × dims) gives a single warm start instead.
    """
    best: tuple[float, NDArray[np.int64], NDArray[np.float64]] | None = None
    w = np.asarray(weights, dtype=np.float64)
    every = np.arange(len(points))
    for _ in range(1 if init is not None else n_init):
        centres = (np.array(init, dtype=np.float64) if init is not None
                   else _plusplus(points, w, k, rng))
        for _ in range(max_iter):
            distance = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
            labels = distance.argmin(axis=1)
            mass = np.bincount(labels, weights=w, minlength=k)
            moved = centres.copy()
            for dim in range(points.shape[1]):
                sums = np.bincount(labels, weights=w * points[:, dim], minlength=k)
                np.divide(sums, mass, out=moved[:, dim], where=mass > 0)
            served = distance[every, labels] * w
            for empty in np.flatnonzero(mass == 0):  # restart it at the worst-served point
                far = int(served.argmax())
                moved[empty] = points[far]
                served[far] = 0
            if np.allclose(moved, centres, rtol=0, atol=1e-12):
                break
            centres = moved
        distance = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        labels = distance.argmin(axis=1)
        inertia = float((distance[every, labels] * w).sum())
        if best is None or inertia < best[0] - 1e-12:
            best = (inertia, labels.astype(np.int64), centres)
    assert best is not None
    return best[1], best[2]


def _plusplus(points: NDArray[np.float64], weights: NDArray[np.float64], k: int,
              rng: np.random.Generator) -> NDArray[np.float64]:
    """k-means++ seeding, each point counted by its weight."""
    chosen = [int(rng.choice(len(points), p=weights / weights.sum()))]
    closest = ((points - points[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(1, k):
        mass = weights * closest
        total = mass.sum()
        if total > 0:
            pick = int(rng.choice(len(points), p=mass / total))
        else:  # every point sits on a chosen centre already
            pick = int(np.setdiff1d(np.arange(len(points)), chosen)[0])
        chosen.append(pick)
        closest = np.minimum(closest, ((points - points[pick]) ** 2).sum(axis=1))
    return points[chosen].astype(np.float64)


def silhouette(points: NDArray[np.float64], labels: NDArray[np.int64]) -> NDArray[np.float64]:
    """Each point's silhouette (Euclidean; 0 for a point alone in its cluster), as scikit-learn.

    Exact and O(points²): used on the base-cluster centres only, never on participants.
    """
    count = len(points)
    every = np.arange(count)
    distance = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    k = int(labels.max()) + 1
    members = np.bincount(labels, minlength=k).astype(np.float64)
    sums = np.zeros((count, k))
    for c in range(k):
        sums[:, c] = distance[:, labels == c].sum(axis=1)
    own_count = members[labels] - 1
    a = np.divide(sums[every, labels], own_count, out=np.zeros(count), where=own_count > 0)
    means = sums / np.maximum(members, 1)
    means[every, labels] = np.inf
    means[:, members == 0] = np.inf
    b = means.min(axis=1)
    scale = np.maximum(a, b)
    result = np.divide(b - a, scale, out=np.zeros(count), where=scale > 0)
    result[own_count == 0] = 0.0
    return result


def _smooth_k(best_k: int, groupings: Mapping[int, Any],
              previous: OpinionMap | None) -> tuple[int, int]:
    """Pol.is' k-smoother: (k to show, updates in a row that best_k has won)."""
    if previous is None:
        return best_k, 1
    streak = previous.k_streak + 1 if best_k == previous.best_k else 1
    if best_k == previous.k or previous.k not in groupings or previous.k < 2:
        return best_k, streak
    return (best_k if streak >= K_BUFFER else previous.k), streak


def _group_ids(centres: NDArray[np.float64], sizes: NDArray[np.int64],
               previous: OpinionMap | None) -> list[int]:
    """Each group's id: the matching previous group's, else the smallest free one.

    Without a previous map the largest group is 0, the next 1, and so on.
    """
    k = len(sizes)
    order = sorted(range(k), key=lambda i: (-int(sizes[i]), float(centres[i, 0]),
                                            float(centres[i, 1])))
    ids = [-1] * k
    if previous is not None and previous.groups and k:
        old_ids = sorted(previous.groups)
        old = np.array([previous.groups[g].centre for g in old_ids])
        cost = np.sqrt(((centres[:, None, :] - old[None, :, :]) ** 2).sum(axis=2))
        for new, matched in zip(*linear_sum_assignment(cost), strict=True):
            ids[int(new)] = old_ids[int(matched)]
    taken = set(ids)
    free = (i for i in range(2 * k + len(taken)) if i not in taken)
    for i in order:
        if ids[i] < 0:
            ids[i] = next(free)
    return ids


# --- Statistics (A.5–A.7, A.9) ---------------------------------------------------------------

def _one_prop(successes: NDArray[Any], trials: NDArray[Any]) -> NDArray[np.float64]:
    """Pol.is' one-proportion z against ½, with its phantom success (A.5)."""
    result: NDArray[np.float64] = 2 * np.sqrt(trials + 1) * ((successes + 1) / (trials + 1) - 0.5)
    return result


def _two_prop(s1: NDArray[Any], s2: NDArray[Any], n1: NDArray[Any],
              n2: NDArray[Any]) -> NDArray[np.float64]:
    """Pol.is' two-proportion z (pseudo-counts +1), 0 where the pooled share is 1 (A.5)."""
    s1, s2, n1, n2 = s1 + 1.0, s2 + 1.0, n1 + 1.0, n2 + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = np.zeros(np.broadcast(s1, s2, n1, n2).shape)
    np.divide(s1 / n1 - s2 / n2, spread, out=z, where=spread > 0)
    return z


def repness_stats(na: Any, nd: Any, ns: Any, na_out: Any, nd_out: Any,
                  ns_out: Any) -> dict[str, NDArray[np.float64]]:
    """pa, pd, pat, pdt, ra, rd, rat, rdt (A.5) for a group's counts against all others'."""
    na, nd, ns = (np.asarray(x, dtype=np.float64) for x in (na, nd, ns))
    na_out, nd_out, ns_out = (np.asarray(x, dtype=np.float64) for x in (na_out, nd_out, ns_out))
    pa = (na + 1) / (ns + 2)
    pd = (nd + 1) / (ns + 2)
    return {
        "pa": pa, "pd": pd,
        "pat": _one_prop(na, ns), "pdt": _one_prop(nd, ns),
        "ra": pa / ((na_out + 1) / (ns_out + 2)), "rd": pd / ((nd_out + 1) / (ns_out + 2)),
        "rat": _two_prop(na, na_out, ns, ns_out), "rdt": _two_prop(nd, nd_out, ns, ns_out),
    }


def _representative(agree: NDArray[np.int64], disagree: NDArray[np.int64],
                    seen: NDArray[np.int64], g: int, active: NDArray[np.bool_],
                    statements: Sequence[Hashable]) -> list[RepresentativeStatement]:
    """Pol.is' select-rep-comments for group g (A.5), moderated statements left out."""
    na, nd, ns = agree[g], disagree[g], seen[g]
    st = repness_stats(na, nd, ns, agree.sum(0) - na, disagree.sum(0) - nd, seen.sum(0) - ns)
    agrees = st["rat"] > st["rdt"]

    def entry(j: int, best: bool = False) -> RepresentativeStatement:
        is_agree = bool(agrees[j]) or best
        a, d = ("pa", "pat", "ra", "rat"), ("pd", "pdt", "rd", "rdt")
        p, pt, r, rt = (float(st[key][j]) for key in (a if is_agree else d))
        return RepresentativeStatement(
            statement=statements[j], direction="agree" if is_agree else "disagree",
            n_success=int(na[j] if is_agree else nd[j]), n_trials=int(ns[j]), p_success=p,
            p_test=pt, repness=r, repness_test=rt, best_agree=best)

    candidates = np.flatnonzero(active)
    passes = (((st["rat"] > Z_90) & (st["pat"] > Z_90))
              | ((st["rdt"] > Z_90) & (st["pdt"] > Z_90))) & active
    metric = np.where(agrees, st["ra"] * st["rat"] * st["pa"] * st["pat"],
                      st["rd"] * st["rdt"] * st["pd"] * st["pdt"])
    best = _best_agree(st, na, nd, candidates)
    sufficient = [int(j) for j in np.flatnonzero(passes) if j != best]
    if not sufficient and best is None:
        if not candidates.size:
            return []
        test = np.maximum(st["rat"], st["rdt"])[candidates]
        return [entry(int(candidates[int(np.argmax(test))]))]
    sufficient.sort(key=lambda j: -metric[j])  # stable: ties keep statement order
    chosen = ([entry(best, best=True)] if best is not None else [])
    chosen += [entry(j) for j in sufficient]
    chosen = chosen[:PICK_MAX]
    return sorted(chosen, key=lambda r: r.direction != "agree")


def _best_agree(st: Mapping[str, NDArray[np.float64]], na: NDArray[np.int64],
                nd: NDArray[np.int64], candidates: NDArray[np.int64]) -> int | None:
    """Pol.is' single "best agree" statement (A.5 step 4), in statement order."""
    ra, rat, pa, pat = st["ra"], st["rat"], st["pa"], st["pat"]
    best: int | None = None
    for j in candidates.tolist():
        if na[j] == 0 and nd[j] == 0:
            continue
        if best is None:
            if pat[j] > Z_90 or (ra[j] > 1 and pa[j] > 0.5):
                best = j
        elif ra[best] > 1:
            if ra[j] * rat[j] * pa[j] * pat[j] > ra[best] * rat[best] * pa[best] * pat[best]:
                best = j
        elif pa[j] * pat[j] > pa[best] * pat[best]:
            best = j
    return best


def _consensus(agree: NDArray[np.int64], disagree: NDArray[np.int64], seen: NDArray[np.int64],
               active: NDArray[np.bool_], statements: Sequence[Hashable]
               ) -> dict[str, tuple[ConsensusStatement, ...]]:
    """Statements most of everyone agrees (disagrees) with (A.6)."""
    result: dict[str, tuple[ConsensusStatement, ...]] = {}
    for direction, successes in (("agree", agree), ("disagree", disagree)):
        p = (successes + 1) / (seen + 2)
        z = _one_prop(successes, seen)
        chosen = np.flatnonzero(active & (p > 0.5) & (z > Z_90))
        ranked = sorted(chosen.tolist(), key=lambda j: -p[j] * z[j])[:PICK_MAX]
        result[direction] = tuple(
            ConsensusStatement(statement=statements[j], direction=_direction(direction),
                               p_success=float(p[j]), p_test=float(z[j])) for j in ranked)
    return result


def _priority(agree: NDArray[Any], passed: NDArray[Any], seen: NDArray[Any],
              extremity: NDArray[Any]) -> NDArray[np.float64]:
    """Pol.is' routing priority (A.9): favours statements few have seen, and divisive ones."""
    importance = (1 - (passed + 1) / (seen + 2)) * (1 + extremity) * (agree + 1) / (seen + 2)
    result: NDArray[np.float64] = (importance * (1 + 8 * 2.0 ** (-seen / 5))) ** 2
    return result
