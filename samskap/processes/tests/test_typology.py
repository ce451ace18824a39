"""The advisor's rules, for every combination of answers.

The expectations are written out independently of samskap.processes.typology: the axes as the
report's table (DESIGN.md), the situation rules as the report lists them, and the combination
rules of the module docstring, so a change in either shows here.
"""

from __future__ import annotations

import pytest

from samskap.processes import typology
from samskap.processes.typology import Basis

# Report, figure 5.1: (outcome defined beforehand?, who leads) → type.
AXES = {
    ("defined", "municipality"): "steered",
    ("defined", "external"): "responsibilising",
    ("open", "municipality"): "equal",
    ("open", "external"): "facilitating",
}
# Report, 5.3: the four situations.
SITUATIONS = {
    "new_services": "facilitating",
    "lacks_knowledge": "equal",
    "lacks_resources": "responsibilising",
    "depends_on_others": "steered",
    "none": None,
}
POSITION = {kind: axes for axes, kind in AXES.items()}

ALL = typology.all_answer_sets()


def expected(answers: dict[str, str]) -> tuple[str | None, str, str | None]:
    """(recommended, basis, otherwise) by the rules of the module docstring."""
    outcome, lead = answers["outcome"], answers["lead"]
    by_situation = SITUATIONS[answers["situation"]]
    if outcome != "unsure" and lead != "unsure":
        by_axes = AXES[(outcome, lead)]
        basis = (Basis.AXES if by_situation is None else
                 Basis.AGREE if by_situation == by_axes else Basis.TENSION)
        core = by_axes
    elif by_situation is None:
        core, basis = None, Basis.NOTHING
    elif outcome == "unsure" and lead == "unsure":
        core, basis = by_situation, Basis.SITUATION
    else:
        s_outcome, s_lead = POSITION[by_situation]
        core = AXES[(outcome if outcome != "unsure" else s_outcome,
                     lead if lead != "unsure" else s_lead)]
        basis = Basis.COMPLETED
    if answers["authority"] == "yes":
        return None, Basis.LITTLE_ROOM, core
    return core, basis, None


def test_every_combination_is_covered():
    # 2 statutory × 2 authority × 3 outcome × 3 lead × 5 situations
    assert len(ALL) == 180
    assert len({tuple(sorted(a.items())) for a in ALL}) == 180


@pytest.mark.parametrize("answers", ALL, ids=lambda a: "-".join(a.values()))
def test_advice(answers):
    advice = typology.advise(answers)
    recommended, basis, otherwise = expected(answers)
    assert (advice.recommended, advice.basis, advice.otherwise) == (recommended, basis,
                                                                     otherwise)
    assert advice.reasons, "every piece of advice explains itself"
    assert all(isinstance(reason, str) and reason for reason in advice.reasons)
    if recommended:
        assert advice.info is not None and advice.info.code == recommended
        assert advice.info.name in " ".join(advice.reasons)
    else:
        assert advice.info is None


@pytest.mark.parametrize("answers", ALL, ids=lambda a: "-".join(a.values()))
def test_frame_is_explained(answers):
    text = " ".join(typology.advise(answers).reasons)
    if answers["authority"] == "yes":
        assert "taxation" in text and "little room" in text
    if answers["statutory"] == "yes":
        assert "statutory" in text and "not statutory" not in text
    else:
        assert "not statutory" in text


def test_statutory_with_others_leading_keeps_the_municipality_responsible():
    advice = typology.advise({"statutory": "yes", "authority": "no", "outcome": "open",
                              "lead": "external", "situation": "new_services"})
    assert advice.recommended == "facilitating"
    assert any("stays responsible" in reason for reason in advice.reasons)


def test_tension_names_both_types():
    advice = typology.advise({"statutory": "no", "authority": "no", "outcome": "defined",
                              "lead": "municipality", "situation": "new_services"})
    assert advice.recommended == "steered"
    text = " ".join(advice.reasons)
    assert "Steered co-creation" in text and "Facilitating co-creation" in text


@pytest.mark.parametrize("bad", [
    {},
    {"statutory": "yes", "authority": "no", "outcome": "open", "lead": "municipality"},
    {"statutory": "maybe", "authority": "no", "outcome": "open", "lead": "municipality",
     "situation": "none"},
])
def test_incomplete_or_unknown_answers_are_refused(bad):
    with pytest.raises(typology.InvalidAnswers):
        typology.advise(bad)


def test_every_type_has_the_reports_examples():
    assert set(typology.TYPES) == {"steered", "responsibilising", "equal", "facilitating"}
    assert "area zoning" in str(typology.TYPES["steered"].example_community)
    assert "private zoning plan" in str(typology.TYPES["responsibilising"].example_community)
    assert "job creation" in str(typology.TYPES["equal"].example_service)
    assert "new services" in str(typology.TYPES["facilitating"].example_service)
    for info in typology.TYPES.values():
        assert (info.outcome, info.lead) == POSITION[info.code]
        assert SITUATIONS[next(s for s, t in typology.SITUATION_RULES.items()
                               if t == info.code)] == info.code


def test_answer_labels():
    assert typology.answer_label("lead", "external") == "External actors"
    assert typology.answer_label("lead", "nonsense") == "nonsense"
    assert typology.question_text("outcome") == "Is the outcome defined beforehand?"
