"""Who is missing: each nudge rule and dismissal, pure tests without a database."""

from samskap.analysis.nudges import (
    ActorProfile,
    Nudge,
    NudgeCode,
    obstructors_not_involved,
    sectors_not_represented,
    silent_voices,
    unreached_groups,
    who_is_missing,
)

SECTORS = ["municipal", "voluntary", "business", "research"]
GROUPS = ["youth", "elderly", "immigrants", "low_income", "district:3"]

# Eksempelvik's cast: the health unit and the school are involved; the landowner could block
# the new trail; the immigrant women's network is highly affected but has little say.
HEALTH_UNIT = ActorProfile(1, "municipal", influence=5, affected=3, obstruction=2,
                           reaches=frozenset({"elderly"}))
SCHOOL = ActorProfile(2, "municipal", influence=3, affected=4, obstruction=1,
                      reaches=frozenset({"youth"}))
LANDOWNER = ActorProfile(3, "business", influence=4, affected=2, obstruction=5)
WOMENS_NETWORK = ActorProfile(4, "voluntary", influence=1, affected=5, obstruction=1,
                              reaches=frozenset({"immigrants", "low_income"}))
UNASSESSED = ActorProfile(5, "voluntary")
CAST = [HEALTH_UNIT, SCHOOL, LANDOWNER, WOMENS_NETWORK, UNASSESSED]
INVOLVED = {1, 2}


def codes(nudges):
    return [(str(n.code), n.subject) for n in nudges]


def test_it_points_at_the_landowner_who_could_block_and_is_not_involved():
    nudges = obstructors_not_involved(CAST, INVOLVED)
    assert nudges == [Nudge(NudgeCode.OBSTRUCTOR_NOT_INVOLVED, "actor:3",
                            {"actor": 3, "obstruction": 5})]


def test_an_involved_obstructor_is_no_nudge():
    assert obstructors_not_involved(CAST, {1, 2, 3}) == []


def test_obstruction_of_three_is_not_high():
    assert obstructors_not_involved([ActorProfile(9, "business", obstruction=3)], set()) == []


def test_it_finds_the_silent_voice_of_the_immigrant_womens_network():
    nudges = silent_voices(CAST, INVOLVED)
    assert codes(nudges) == [("silent_voice_not_involved", "actor:4")]
    assert nudges[0].params == {"actor": 4, "affected": 5, "influence": 1}


def test_a_highly_affected_actor_with_influence_is_not_silent():
    # The school is affected (4) but has influence 3; and it is involved anyway.
    assert silent_voices([SCHOOL], set()) == []


def test_unassessed_actors_never_trigger_a_nudge():
    assert obstructors_not_involved([UNASSESSED], set()) == []
    assert silent_voices([UNASSESSED], set()) == []


def test_it_names_the_sectors_nobody_involved_comes_from_and_who_could_be_asked():
    nudges = sectors_not_represented(CAST, INVOLVED, SECTORS)
    assert codes(nudges) == [("sector_not_represented", "sector:voluntary"),
                             ("sector_not_represented", "sector:business"),
                             ("sector_not_represented", "sector:research")]
    assert [n.params["available"] for n in nudges] == [2, 1, 0]


def test_it_names_groups_no_actor_reaches_and_groups_only_the_uninvolved_reach():
    nudges = unreached_groups(CAST, GROUPS, INVOLVED)
    assert codes(nudges) == [("group_not_reached_by_involved", "group:immigrants"),
                             ("group_not_reached_by_involved", "group:low_income"),
                             ("group_not_reached", "group:district:3")]
    assert nudges[0].params == {"group": "immigrants", "available": 1}


def test_on_the_map_only_groups_nobody_reaches_count():
    assert codes(unreached_groups(CAST, GROUPS)) == [("group_not_reached", "group:district:3")]


def test_a_process_gets_every_rule_in_order():
    result = who_is_missing(CAST, involved=INVOLVED, sectors=SECTORS, groups=GROUPS)
    assert [str(n.code) for n in result.active] == [
        "obstructor_not_involved", "silent_voice_not_involved",
        "sector_not_represented", "sector_not_represented", "sector_not_represented",
        "group_not_reached_by_involved", "group_not_reached_by_involved", "group_not_reached",
    ]
    assert result.dismissed == ()


def test_the_map_shows_silent_voices_missing_sectors_and_unreached_groups():
    result = who_is_missing(CAST, involved=None, sectors=SECTORS, groups=GROUPS)
    assert codes(result.active) == [("silent_voice_not_involved", "actor:4"),
                                    ("sector_not_represented", "sector:research"),
                                    ("group_not_reached", "group:district:3")]


def test_a_dismissed_nudge_is_set_aside_but_not_forgotten():
    dismissed = {("obstructor_not_involved", "actor:3"), ("sector_not_represented",
                                                          "sector:research")}
    result = who_is_missing(CAST, involved=INVOLVED, sectors=SECTORS, groups=GROUPS,
                            dismissed=dismissed)
    assert {n.key for n in result.dismissed} == dismissed
    assert not dismissed & {n.key for n in result.active}
    assert len(result.active) == 6


def test_dismissal_is_per_reason_so_a_new_reason_shows_again():
    # The landowner was dismissed as an obstructor; as a silent voice it is a new nudge.
    landowner = ActorProfile(3, "business", influence=1, affected=5, obstruction=5)
    result = who_is_missing([landowner], involved=set(), sectors=[], groups=[],
                            dismissed={("obstructor_not_involved", "actor:3")})
    assert codes(result.active) == [("silent_voice_not_involved", "actor:3")]


def test_dismissal_accepts_the_code_enum_as_well_as_its_string():
    result = who_is_missing([LANDOWNER], involved=set(), sectors=[], groups=[],
                            dismissed={(NudgeCode.OBSTRUCTOR_NOT_INVOLVED, "actor:3")})
    assert result.active == ()
