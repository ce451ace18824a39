"""The opinion map against hand-computed cases, the spec's formulas, edge cases and stability.

The expected figures below are worked out by hand from the vote counts with the formulas of
``../shared/reference/opinion-map.md`` (A.5–A.7), written out here independently of the module.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score, silhouette_samples

from samskap.analysis import opinion_map as om
from samskap.analysis.opinion_map import Counts, OpinionMap, VoteArrays, compute

A = [1, 2, 3, 4, 5, 6]
B = [7, 8, 9, 10, 11, 12]
AGREE, DISAGREE, PASS = 1, -1, 0


def tiny_votes() -> list[tuple[int, str, int]]:
    """Two camps of six on eight statements ("s7" will be moderated out).

    s0, s1: A agree, B disagree · s2: A disagree, B agree · s3: everyone agrees ·
    s4: A agree, B pass · s5: A pass, B disagree · s6: A agree except participant 6, B disagree ·
    s7: everyone agrees.
    """
    plan = {
        "s0": (AGREE, DISAGREE), "s1": (AGREE, DISAGREE), "s2": (DISAGREE, AGREE),
        "s3": (AGREE, AGREE), "s4": (AGREE, PASS), "s5": (PASS, DISAGREE),
        "s6": (AGREE, DISAGREE), "s7": (AGREE, AGREE),
    }
    votes = []
    for statement, (a, b) in plan.items():
        votes += [(p, statement, a) for p in A]
        votes += [(p, statement, b) for p in B]
    votes = [(p, s, DISAGREE if (p, s) == (6, "s6") else v) for p, s, v in votes]
    return votes


@pytest.fixture(scope="module")
def tiny() -> OpinionMap:
    return compute(tiny_votes(), moderated_out={"s7"})


def two_prop_by_hand(s1: int, s2: int, n1: int, n2: int) -> float:
    s1, s2, n1, n2 = s1 + 1, s2 + 1, n1 + 1, n2 + 1
    pooled = (s1 + s2) / (n1 + n2)
    if pooled == 1:
        return 0.0
    return (s1 / n1 - s2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))


def test_repness_stats_follow_the_spec_formulas() -> None:
    st = om.repness_stats(8, 1, 10, 2, 7, 10)
    assert st["pa"] == pytest.approx(9 / 12)
    assert st["pd"] == pytest.approx(2 / 12)
    assert st["pat"] == pytest.approx(2 * math.sqrt(11) * (9 / 11 - 0.5))
    assert st["pdt"] == pytest.approx(2 * math.sqrt(11) * (2 / 11 - 0.5))
    assert st["ra"] == pytest.approx((9 / 12) / (3 / 12))
    assert st["rd"] == pytest.approx((2 / 12) / (8 / 12))
    # two_prop(8, 2, 10, 10): p1 = 9/11, p2 = 3/11, pooled 12/22.
    assert st["rat"] == pytest.approx(
        (9 / 11 - 3 / 11) / math.sqrt(12 / 22 * 10 / 22 * (2 / 11)))
    assert st["rat"] == pytest.approx(2.5690, abs=1e-4)
    assert st["rdt"] == pytest.approx(two_prop_by_hand(1, 7, 10, 10))


def test_the_two_proportion_test_is_zero_when_everyone_agrees() -> None:
    # Pooled share 1 (all agree, in and out): z is defined as 0, not a division by zero.
    assert om.repness_stats(6, 0, 6, 6, 0, 6)["rat"] == 0.0
    # A statement nobody voted on: the phantom success of the one-proportion test gives 1.
    assert om.repness_stats(0, 0, 0, 0, 0, 0)["pat"] == pytest.approx(1.0)


def test_the_tiny_matrix_splits_into_its_two_camps(tiny: OpinionMap) -> None:
    assert tiny.k == 2
    group_a, group_b = tiny.participants[1], tiny.participants[7]
    assert group_a != group_b
    assert all(tiny.participants[p] == group_a for p in A)
    assert all(tiny.participants[p] == group_b for p in B)
    assert tiny.groups[group_a].size == 6 and tiny.groups[group_b].size == 6
    assert sorted(tiny.groups) == [0, 1]
    assert set(tiny.coordinates) == set(A + B)


def test_counts_overall_and_per_group(tiny: OpinionMap) -> None:
    group_a, group_b = tiny.participants[1], tiny.participants[7]
    s6 = tiny.statements["s6"]
    assert s6.overall == Counts(agree=5, disagree=7, passed=0)
    assert s6.groups[group_a] == Counts(5, 1, 0)
    assert s6.groups[group_b] == Counts(0, 6, 0)
    assert tiny.statements["s4"].groups[group_b] == Counts(0, 0, 6)
    assert tiny.statements["s4"].overall.seen == 12
    assert tiny.n_votes == 96


def test_representative_statements_of_camp_a_by_hand(tiny: OpinionMap) -> None:
    # Passing (rat > 1.2816 and pat > 1.2816, or the same for disagree): s0, s1, s4 and s6 agree,
    # s2 disagree. s3 (everyone agrees: rat = 0) and s5 (A passed) do not pass; s7 is moderated.
    # Best agree, in statement order: s0 (pat = √7 > 1.2816); s1 and s4 only tie its metric.
    # Then by ra·rat·pa·pat: s1 = s2 = s4 = 7 · 3.2404 · 0.875 · 2.6458 ≈ 52.5 > s6 ≈ 22.7,
    # five kept, agrees before disagrees.
    reps = tiny.groups[tiny.participants[1]].representative
    assert [(r.statement, r.direction) for r in reps] == [
        ("s0", "agree"), ("s1", "agree"), ("s4", "agree"), ("s6", "agree"), ("s2", "disagree")]
    assert [r.best_agree for r in reps] == [True, False, False, False, False]
    s0 = reps[0]
    assert (s0.n_success, s0.n_trials) == (6, 6)
    assert s0.p_success == pytest.approx(7 / 8)
    assert s0.p_test == pytest.approx(math.sqrt(7))  # 2·√7·(7/7 − ½)
    assert s0.repness == pytest.approx((7 / 8) / (1 / 8))
    assert s0.repness_test == pytest.approx(two_prop_by_hand(6, 0, 6, 6))
    assert s0.repness_test == pytest.approx(3.2404, abs=1e-4)
    s6 = reps[3]
    assert (s6.n_success, s6.n_trials) == (5, 6)
    assert s6.p_success == pytest.approx(6 / 8)
    assert s6.p_test == pytest.approx(2 * math.sqrt(7) * (6 / 7 - 0.5))
    assert s6.repness == pytest.approx(6.0)
    assert s6.repness_test == pytest.approx(2.6726, abs=1e-4)
    s2 = reps[4]
    assert (s2.n_success, s2.p_success, s2.repness) == (6, pytest.approx(7 / 8), pytest.approx(7))


def test_representative_statements_of_camp_b_by_hand(tiny: OpinionMap) -> None:
    # B's best agree is s2 (the first with pat > 1.2816; s0 and s1 have pat < 0, ra = 1/7).
    # Passing: s0, s1, s5 (metric ≈ 52.5) and s6 (rd = 3.5, rdt = 2.7889: ≈ 22.6), disagree.
    reps = tiny.groups[tiny.participants[7]].representative
    assert [(r.statement, r.direction) for r in reps] == [
        ("s2", "agree"), ("s0", "disagree"), ("s1", "disagree"), ("s5", "disagree"),
        ("s6", "disagree")]
    s6 = reps[4]
    assert s6.p_success == pytest.approx(7 / 8)
    assert s6.repness == pytest.approx(0.875 / (2 / 8))
    assert s6.repness_test == pytest.approx(two_prop_by_hand(6, 1, 6, 6))
    assert s6.repness_test == pytest.approx(2.7889, abs=1e-4)


def test_consensus_by_hand(tiny: OpinionMap) -> None:
    # Everyone as one group: only s3 has pa > ½ and pat > 1.2816 (13/14 and √13); s7 would
    # too but is moderated out. No statement has pd > ½ with pdt > 1.2816 (s6: 8/14, 0.83).
    assert [c.statement for c in tiny.consensus["agree"]] == ["s3"]
    assert tiny.consensus["agree"][0].p_success == pytest.approx(13 / 14)
    assert tiny.consensus["agree"][0].p_test == pytest.approx(math.sqrt(13))
    assert tiny.consensus["disagree"] == ()


def test_group_informed_consensus_by_hand(tiny: OpinionMap) -> None:
    gac = tiny.group_informed_consensus
    assert gac["s3"] == pytest.approx((7 / 8) * (7 / 8))
    assert gac["s0"] == pytest.approx((7 / 8) * (1 / 8))
    assert gac["s5"] == pytest.approx((1 / 8) * (1 / 8))  # passes lower it
    assert gac["s6"] == pytest.approx((6 / 8) * (1 / 8))
    assert "s7" not in gac
    assert max(gac, key=gac.__getitem__) == "s3"


def test_moderated_statements_shape_nothing_but_count_as_votes(tiny: OpinionMap) -> None:
    s7 = tiny.statements["s7"]
    assert s7.moderated_out and s7.loading == (0.0, 0.0) and s7.priority == 0.0
    assert s7.group_informed_consensus is None
    assert s7.overall == Counts(12, 0, 0)
    assert all(r.statement != "s7" for g in tiny.groups.values() for r in g.representative)
    # Seven votes on s0–s6 plus one on the moderated s7: everyone reaches min(7, 8) = 8.
    assert all(g is not None for g in tiny.participants.values())


def test_meta_statements_get_the_fixed_priority() -> None:
    result = compute(tiny_votes(), meta={"s7"}, statements=[f"s{i}" for i in range(9)])
    assert result.statements["s7"].priority == 49.0
    assert result.statements["s7"].moderated_out
    # s8 has no votes: listed with zero counts and the priority of an unseen statement.
    unseen = result.statements["s8"]
    assert unseen.overall == Counts() and unseen.priority == pytest.approx((0.25 * 9) ** 2)
    assert result.group_informed_consensus["s8"] == pytest.approx(0.25)


def test_priority_follows_the_spec_formula(tiny: OpinionMap) -> None:
    s3 = tiny.statements["s3"]
    agree, passed, seen = 12, 0, 12
    importance = (1 - (passed + 1) / (seen + 2)) * (1 + s3.extremity) * (agree + 1) / (seen + 2)
    assert s3.priority == pytest.approx((importance * (1 + 8 * 2 ** (-seen / 5))) ** 2)


def test_statement_positions_follow_the_spec_formula(tiny: OpinionMap) -> None:
    # q = √m · (1 − μ) · v with m = 8 columns; s0's mean is 0, s3's is 1 (everyone agreed).
    s0 = tiny.statements["s0"]
    assert s0.position == pytest.approx(tuple(math.sqrt(8) * v for v in s0.loading))
    assert s0.extremity == pytest.approx(math.hypot(*s0.position))
    assert tiny.statements["s3"].position == (0.0, 0.0)


# --- Edge cases ------------------------------------------------------------------------------

def test_fewer_than_seven_statements_clusters_those_who_voted_on_all() -> None:
    rng = np.random.default_rng(1)
    votes = []
    for p in range(40):
        camp = 1 if p < 20 else -1
        for s in range(4):
            if p % 10 == 9 and s == 3:
                continue  # four participants skip a statement
            votes.append((p, s, camp if rng.random() < 0.9 else -camp))
    result = compute(votes)
    clustered = {p for p, g in result.participants.items() if g is not None}
    assert clustered == {p for p in range(40) if p % 10 != 9}  # min(7, 4) = 4 votes
    assert result.k >= 1
    assert set(result.nearest_group) == {9, 19, 29, 39}


def test_one_participant() -> None:
    result = compute([("ann", s, AGREE) for s in range(10)])
    assert result.participants == {"ann": 0}
    assert result.k == 1 and result.silhouette is None
    assert result.groups[0].size == 1 and result.groups[0].representative == ()
    # The phantom success: one agree vote is already "significant" (pat = √2 > 1.2816).
    assert len(result.consensus["agree"]) == om.PICK_MAX
    json.dumps(result.to_json())


def test_everyone_passes() -> None:
    result = compute([(p, s, PASS) for p in range(30) for s in range(10)])
    assert result.k == 1
    assert result.explained_variance == (0.0, 0.0)
    assert result.consensus == {"agree": (), "disagree": ()}
    assert all(v == pytest.approx(1 / 32) for v in result.group_informed_consensus.values())
    json.dumps(result.to_json())


def test_no_votes() -> None:
    result = compute([])
    assert result.participants == {} and result.groups == {} and result.k == 0
    assert result.n_votes == 0
    assert OpinionMap.from_json(json.loads(json.dumps(result.to_json()))) == result


def test_every_statement_moderated_out() -> None:
    votes = tiny_votes()
    result = compute(votes, moderated_out={f"s{i}" for i in range(8)})
    assert result.group_informed_consensus == {}
    assert result.consensus == {"agree": (), "disagree": ()}
    assert all(not g.representative for g in result.groups.values())


def test_duplicate_votes_the_last_wins() -> None:
    votes = tiny_votes()
    changed = [(p, s, -v) for p, s, v in votes if p in (1, 7)]
    result = compute(votes + changed, moderated_out={"s7"})
    final = {(p, s): v for p, s, v in votes + changed}
    expected = compute([(p, s, v) for (p, s), v in final.items()], moderated_out={"s7"})
    assert result.statements["s0"].overall == Counts(6, 6, 0)  # 1 and 7 swapped sides
    assert result.n_votes == expected.n_votes == 96
    for sid in expected.statements:
        assert result.statements[sid].overall == expected.statements[sid].overall
    # The same through arrays, with a cell repeated three times.
    arrays = VoteArrays(np.array([1, 1, 1, 2]), np.array([5, 5, 5, 5]), np.array([1, -1, 0, 1]))
    assert compute(arrays).statements[5].overall == Counts(agree=1, disagree=0, passed=1)


def test_statements_filter_ignores_votes_on_others() -> None:
    result = compute(tiny_votes(), statements=["s0", "s1", "s2", "s3"])
    assert set(result.statements) == {"s0", "s1", "s2", "s3"}
    assert result.n_votes == 48


@pytest.mark.parametrize("bad", [2, -3, 0.5, "yes", None])
def test_a_vote_value_outside_minus_one_to_one_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="-1, 0 or 1"):
        compute([(1, 1, 1), (1, 2, bad)])  # type: ignore[list-item]


def test_arrays_of_unequal_length_are_refused() -> None:
    with pytest.raises(ValueError, match="equally many"):
        compute(VoteArrays(np.array([1, 2]), np.array([1]), np.array([1, 1])))


def test_integer_array_ids_come_back_as_python_ints() -> None:
    arrays = VoteArrays(np.array([10, 10, 30], dtype=np.int64), np.array([7, 8, 7]),
                        np.array([1, -1, 0], dtype=np.int8))
    result = compute(arrays)
    assert set(result.participants) == {10, 30}
    assert all(type(p) is int for p in result.participants)
    assert all(type(s) is int for s in result.statements)


# --- Planted data: recovery, determinism, stability ------------------------------------------

def planted(n: int = 400, m: int = 40, seed: int = 3) -> tuple[list[tuple[int, int, int]],
                                                               dict[int, int]]:
    """Three planted camps (50/30/20 %), as the benchmark's generator but small."""
    rng = np.random.default_rng(seed)
    camp = rng.choice(3, size=n, p=[0.5, 0.3, 0.2])
    lean = rng.choice([-1, 1], size=(3, m))
    votes = []
    for p in range(n):
        rate = rng.uniform(0.3, 0.6)
        for s in range(m):
            if rng.random() < rate:
                draw = rng.random()
                value = lean[camp[p], s] if draw < 0.8 else -lean[camp[p], s] if draw < 0.9 else 0
                votes.append((p, s, int(value)))
    return votes, {p: int(c) for p, c in enumerate(camp)}


@pytest.fixture(scope="module")
def camps() -> tuple[list[tuple[int, int, int]], dict[int, int], OpinionMap]:
    votes, truth = planted()
    return votes, truth, compute(votes)


def test_planted_camps_are_found(camps: tuple) -> None:
    _votes, truth, result = camps
    assert result.k == 3 and result.best_k == 3
    clustered = [p for p, g in result.participants.items() if g is not None]
    ari = adjusted_rand_score([truth[p] for p in clustered],
                              [result.participants[p] for p in clustered])
    assert ari > 0.9  # 10 % of votes against the camp's lean, 10 % passes
    assert result.silhouette == result.silhouettes[3]
    assert [g.id for g in sorted(result.groups.values(), key=lambda g: -g.size)] == [0, 1, 2]


def test_the_same_input_gives_the_same_map(camps: tuple) -> None:
    votes, _truth, result = camps
    again = compute(votes)
    assert json.dumps(again.to_json()) == json.dumps(result.to_json())


def test_json_round_trip_keeps_ids_and_types(camps: tuple) -> None:
    _votes, _truth, result = camps
    data = json.loads(json.dumps(result.to_json()))
    assert OpinionMap.from_json(data) == result
    named = compute(tiny_votes(), moderated_out={"s7"})
    assert OpinionMap.from_json(json.loads(json.dumps(named.to_json()))) == named
    with pytest.raises(ValueError, match="version"):
        OpinionMap.from_json({**data, "version": 99})


def test_summary_has_the_issue_keys(tiny: OpinionMap) -> None:
    summary = json.loads(json.dumps(tiny.summary()))
    assert list(summary) == ["participants", "groups", "consensus", "group_informed_consensus"]
    assert summary["participants"]["1"] == tiny.participants[1]
    assert summary["consensus"] == {"agree": ["s3"], "disagree": []}
    first = summary["groups"][str(tiny.participants[1])][0]
    assert (first["statement"], first["direction"]) == ("s0", "agree")


def swapped(result: OpinionMap, a: int, b: int) -> OpinionMap:
    """The same map with groups a and b renamed into each other and both axes mirrored."""
    data = result.to_json()
    rename = {str(a): str(b), str(b): str(a)}
    data["groups"] = {rename.get(g, g): v for g, v in data["groups"].items()}
    for v in data["groups"].values():
        v["centre"] = [-v["centre"][0], -v["centre"][1]]
    data["participants"] = {p: (None if g is None else int(rename.get(str(g), str(g))))
                            for p, g in data["participants"].items()}
    for st in data["statements"].values():
        st["loading"] = [-st["loading"][0], -st["loading"][1]]
    data["base_centres"] = [[-x, -y, w] for x, y, w in data["base_centres"]]
    return OpinionMap.from_json(data)


def test_group_ids_and_orientation_follow_the_previous_map(camps: tuple) -> None:
    votes, _truth, result = camps
    previous = swapped(result, 0, 2)
    aligned = compute(votes, previous=previous)
    for p, g in result.participants.items():
        if g is not None:
            assert aligned.participants[p] == {0: 2, 2: 0}.get(g, g)
    for sid, st in result.statements.items():
        new = aligned.statements[sid].loading
        assert new == pytest.approx((-st.loading[0], -st.loading[1]))
    first = next(p for p, g in result.participants.items() if g is not None)
    assert aligned.coordinates[first] == pytest.approx(
        (-result.coordinates[first][0], -result.coordinates[first][1]))


def test_more_votes_keep_the_group_ids(camps: tuple) -> None:
    votes, _truth, result = camps
    rng = np.random.default_rng(9)
    newcomers = [(1000 + i, s, int(rng.choice([-1, 1]))) for i in range(30) for s in range(40)]
    later = compute(votes + newcomers, previous=result)
    members = [p for p, g in result.participants.items() if g is not None]
    same = sum(later.participants[p] == result.participants[p] for p in members)
    assert same / len(members) > 0.95
    assert later.k == 3
    before = np.array([st.loading for st in result.statements.values()])
    after = np.array([later.statements[sid].loading for sid in result.statements])
    assert (before * after).sum(axis=0).min() > 0.9  # neither axis mirrored or swapped


def test_the_number_of_groups_changes_only_after_four_wins(camps: tuple) -> None:
    votes, _truth, result = camps
    data = result.to_json()
    # Pretend the last map showed two groups: the new best k (3) must win four updates in a row.
    groups = sorted(data["groups"].items(), key=lambda item: -item[1]["size"])[:2]
    data.update(k=2, best_k=2, k_streak=6, groups=dict(groups))
    previous = OpinionMap.from_json(data)
    shown = []
    for _ in range(5):
        previous = compute(votes, previous=previous)
        shown.append((previous.k, previous.best_k, previous.k_streak))
    assert shown == [(2, 3, 1), (2, 3, 2), (2, 3, 3), (3, 3, 4), (3, 3, 5)]


def test_once_clustered_always_clustered() -> None:
    votes = [(p, s, 1 if (p + s) % 3 else -1) for p in range(20) for s in range(5)]
    first = compute(votes)
    assert all(g is not None for g in first.participants.values())  # min(7, 5) = 5 votes
    more = votes + [(p, s, 1) for p in range(10) for s in range(5, 10)]
    second = compute(more, previous=first)
    # Participants 10–19 still have 5 votes, now below min(7, 10), but stay clustered.
    assert all(second.participants[p] is not None for p in range(20))
    assert compute(more).participants[15] is None


def guard_points() -> np.ndarray:
    """Two camps of 100 on the map and three far-off outliers."""
    rng = np.random.default_rng(4)
    return np.vstack([rng.normal((0, 0), 0.5, size=(100, 2)), rng.normal((6, 0), 0.5, (100, 2)),
                      rng.normal((60, 60), 0.5, size=(3, 2))])


def test_the_tiny_group_guard_folds_small_groups_into_the_nearest(
        monkeypatch: pytest.MonkeyPatch) -> None:
    points = guard_points()
    guarded = om._cluster(points, 0, None)
    assert guarded.k == 2 and sorted(guarded.sizes) == [100, 103]
    # The outliers join the camp around (6, 0), the nearer one.
    assert guarded.labels[200] == guarded.labels[201] == guarded.labels[202] == guarded.labels[100]
    monkeypatch.setattr(om, "MIN_GROUP_SIZE", 1)
    monkeypatch.setattr(om, "MIN_GROUP_SHARE", 0.0)
    unguarded = om._cluster(points, 0, None)
    assert min(unguarded.sizes) == 3  # without the guard the three outliers are a group


def test_the_tiny_group_guard_on_votes() -> None:
    votes, _truth = planted(n=300, m=30, seed=5)
    result = compute(votes)
    assert min(g.size for g in result.groups.values()) >= om.MIN_GROUP_SIZE


# --- The numerical building blocks -----------------------------------------------------------

def test_silhouette_matches_scikit_learn() -> None:
    rng = np.random.default_rng(0)
    points = rng.normal(size=(60, 2))
    labels = rng.integers(0, 4, size=60)
    labels[0] = 3
    labels[labels == 3] = 3
    np.testing.assert_allclose(om.silhouette(points, labels), silhouette_samples(points, labels))
    singleton = np.array([0, 0, 0, 1])
    np.testing.assert_allclose(om.silhouette(points[:4], singleton),
                               silhouette_samples(points[:4], singleton))


def test_weighted_kmeans_counts_weights() -> None:
    points = np.array([[0.0, 0], [0.1, 0], [10, 0], [10.1, 0]])
    labels, centres = om.weighted_kmeans(points, np.array([1, 3, 1, 1]), 2,
                                         np.random.default_rng(0))
    assert labels[0] == labels[1] != labels[2] == labels[3]
    assert sorted(centres[:, 0].round(3)) == [0.075, 10.05]


def test_the_iterative_pca_agrees_with_the_exact_one(camps: tuple,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    votes, _truth, exact = camps
    monkeypatch.setattr(om, "EXACT_PCA_LIMIT", 0)
    iterative = compute(votes)
    for sid, st in exact.statements.items():
        assert iterative.statements[sid].loading == pytest.approx(st.loading, abs=1e-6)
    assert iterative.participants == exact.participants


def test_the_large_conversation_paths_agree(camps: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    """float32, chunked tallies, sampled PCA and base clusters, scikit-learn's k-means: forced."""
    votes, truth, exact = camps
    for name, value in (("EXACT_PCA_LIMIT", 0), ("FLOAT32_ABOVE", 0), ("CHUNK", 97),
                        ("BASE_SAMPLE", 150), ("SMALL_KMEANS", 10),
                        ("PCA_SAMPLE", 300)):
        monkeypatch.setattr(om, name, value)
    large = compute(VoteArrays(np.array([p for p, _s, _v in votes]),
                               np.array([s for _p, s, _v in votes]),
                               np.array([v for _p, _s, v in votes])))
    assert large.n_votes == exact.n_votes
    for sid, st in exact.statements.items():
        assert large.statements[sid].overall == st.overall
    clustered = [p for p, g in large.participants.items() if g is not None]
    assert adjusted_rand_score([truth[p] for p in clustered],
                               [large.participants[p] for p in clustered]) > 0.95


def test_the_vote_matrix_without_scipys_counting_sort(monkeypatch: pytest.MonkeyPatch) -> None:
    votes = tiny_votes()
    changed = [(p, s, -v) for p, s, v in votes if p in (1, 7, 12)]
    expected = compute(votes + changed + votes[:5], moderated_out={"s7"})
    monkeypatch.setattr(om, "_coo_tocsr", None)
    fallback = compute(votes + changed + votes[:5], moderated_out={"s7"})
    assert fallback == expected
    # On s0: 1 turned to disagree and back (votes[:5] again), 7 and 12 turned to agree.
    assert fallback.statements["s0"].overall == Counts(agree=8, disagree=4, passed=0)
