"""The community of Eksempelvik for the demo: about forty actors of every kind, twenty-five
settings in the five districts, the links between them, resources, interests and the
municipality's assessments.

Everything is fictional; organisation numbers have a valid check digit but start with 99 and
belong to no one. Loading twice changes nothing: actors and settings are looked up by name
before they are created, and links are made with the idempotent actions.

Other demos depend on these names (contracts, processes): "Eksempelvik frivilligsentral",
"Nordbyen idrettslag", "Eksempelvik næringsforening", "Kvinnenettverket i Nordbyen",
"Fjellgrenda grunneierlag", "Ungdomsrådet", "Eldrerådet", "Rådet for personer med
funksjonsnedsettelse", "Eksempelvik videregående skole" and "Helsestasjonen".

Deliberate gaps make the "who is missing" nudges realistic: Kvinnenettverket i Nordbyen is
highly affected, has little influence and is linked to nothing; Fjellgrenda grunneierlag can
block work in the outfield and is linked to nothing; no actor speaks for Austmarka as a
district; Fjellgrenda idrettsplass has no ripples to any other setting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from samskap.actors import actions
from samskap.actors.models import Actor, ActorSettingLink, Group, Kind, Setting
from samskap.lib import orgnr
from samskap.municipalities.models import District, Municipality

R = Kind  # short aliases keep the table below readable
S = Setting.Kind
L = ActorSettingLink.Kind
YOUTH, ELDERLY, IMMIGRANTS = Group.YOUTH, Group.ELDERLY, Group.IMMIGRANTS
LOW_INCOME, DISABILITIES, FAMILIES = Group.LOW_INCOME, Group.DISABILITIES, Group.FAMILIES
WOMEN = Group.WOMEN

#: (name, kind, district) – five per district.
SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("Eksempelvik bibliotek", S.LIBRARY, "Sentrum"),
    ("Sentrum skole", S.SCHOOL, "Sentrum"),
    ("Torget og gågata", S.NEIGHBOURHOOD, "Sentrum"),
    ("Rådhuset", S.WORKPLACE, "Sentrum"),
    ("Skolemiljøet på videregående", S.SCHOOL, "Sentrum"),
    ("Nordbyen barnehage", S.KINDERGARTEN, "Nordbyen"),
    ("Nordbyen skole", S.SCHOOL, "Nordbyen"),
    ("Nordbyhallen", S.SPORTS_CLUB, "Nordbyen"),
    ("Blokkene i Nordbyen", S.HOUSING_AREA, "Nordbyen"),
    ("Nordbyen bydelshus", S.NEIGHBOURHOOD, "Nordbyen"),
    ("Sjøsida sykehjem", S.NURSING_HOME, "Sjøsida"),
    ("Havna og fiskebruket", S.WORKPLACE, "Sjøsida"),
    ("Sjøsida treffpunkt", S.NEIGHBOURHOOD, "Sjøsida"),
    ("Sjøsida barnehage", S.KINDERGARTEN, "Sjøsida"),
    ("Strandpromenaden", S.NEIGHBOURHOOD, "Sjøsida"),
    ("Fjellgrenda oppvekstsenter", S.SCHOOL, "Fjellgrenda"),
    ("Grendehuset i Fjellgrenda", S.NEIGHBOURHOOD, "Fjellgrenda"),
    ("Skiløypene og turstiene", S.OTHER, "Fjellgrenda"),
    ("Gårdsbutikken i Fjellgrenda", S.WORKPLACE, "Fjellgrenda"),
    ("Fjellgrenda idrettsplass", S.SPORTS_CLUB, "Fjellgrenda"),
    ("Austmarka barnehage", S.KINDERGARTEN, "Austmarka"),
    ("Austmarka skole", S.SCHOOL, "Austmarka"),
    ("Austmarka boligfelt", S.HOUSING_AREA, "Austmarka"),
    ("Industriområdet i Austmarka", S.WORKPLACE, "Austmarka"),
    ("Austmarka nabolagsgruppe på nett", S.DIGITAL, "Austmarka"),
)

#: Settings that coordinate activities ("ripples in water").
RIPPLES: tuple[tuple[str, str, str], ...] = (
    ("Nordbyen skole", "Nordbyhallen", "Skolen bruker hallen til kroppsøving og leksehjelp."),
    ("Nordbyen barnehage", "Nordbyen skole", "Felles plan for overgangen barnehage–skole."),
    ("Blokkene i Nordbyen", "Nordbyen bydelshus", "Beboermøter og dugnader holdes i bydelshuset."),
    ("Eksempelvik bibliotek", "Sentrum skole", "Lesestund og bokprat for alle klassetrinn."),
    ("Eksempelvik bibliotek", "Skolemiljøet på videregående",
     "Biblioteket er studieplass for elevene om ettermiddagen."),
    ("Torget og gågata", "Eksempelvik bibliotek", "Felles arrangementer på lørdager."),
    ("Sjøsida sykehjem", "Sjøsida treffpunkt", "Beboere deltar på treffpunktets kaffe og sang."),
    ("Sjøsida barnehage", "Sjøsida sykehjem", "Barnehagebarna besøker sykehjemmet hver uke."),
    ("Strandpromenaden", "Sjøsida treffpunkt", "Gåturer fra treffpunktet langs promenaden."),
    ("Fjellgrenda oppvekstsenter", "Grendehuset i Fjellgrenda",
     "Skolen og grenda deler lokaler og dugnader."),
    ("Skiløypene og turstiene", "Grendehuset i Fjellgrenda", "Turer starter ved grendehuset."),
    ("Austmarka barnehage", "Austmarka skole", "Felles uteområde og overgangsarbeid."),
    ("Austmarka boligfelt", "Austmarka nabolagsgruppe på nett",
     "Nabolaget avtaler dugnader og skyss i gruppa."),
    ("Rådhuset", "Torget og gågata", "Lunsjtrim for kommunens ansatte på torget."),
)


@dataclass(frozen=True)
class DemoActor:
    name: str
    kind: str
    description: str
    interests: str
    scores: tuple[int, int, int, int]  # influence, interest, affected, obstruction
    groups: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()  # reached, as ``district:<id>`` groups
    resources: tuple[tuple[str, str, str], ...] = ()  # (kind, description, amount)
    links: tuple[tuple[str, str], ...] = ()  # (setting name, link kind)
    org: str = ""  # the first eight digits; the check digit is computed
    sector: str = ""


def _org_number(first_eight: str) -> str:
    digit = orgnr.check_digit(first_eight)
    if digit is None:  # no valid number starts with these digits: leave it out
        return ""
    return first_eight + str(digit)


ACTORS: tuple[DemoActor, ...] = (
    # Municipal units
    DemoActor("Helsestasjonen", R.MUNICIPAL_UNIT,
              "Helsestasjon og skolehelsetjeneste for barn og unge 0–20 år.",
              "Nå familiene tidlig og få flere foreldre med på foreldreveiledning.",
              (3, 5, 3, 1), (FAMILIES, YOUTH, IMMIGRANTS),
              resources=(("knowledge", "Helsesykepleiere med kunnskap om barn og familier", ""),
                         ("reach", "Møter nesten alle småbarnsfamilier", "")),
              links=(("Nordbyen barnehage", L.REACHES), ("Sentrum skole", L.PRESENT),
                     ("Nordbyen skole", L.PRESENT), ("Skolemiljøet på videregående", L.PRESENT),
                     ("Austmarka skole", L.PRESENT))),
    DemoActor("Frisklivssentralen", R.MUNICIPAL_UNIT,
              "Tilbud om fysisk aktivitet, kosthold og røykeslutt for voksne.",
              "Flere deltakere fra Nordbyen og Sjøsida.", (2, 5, 2, 1), (LOW_INCOME, ELDERLY),
              resources=(("knowledge", "Frisklivsveiledere", "3 årsverk"),),
              links=(("Sjøsida treffpunkt", L.PRESENT), ("Nordbyen bydelshus", L.PRESENT),
                     ("Strandpromenaden", L.REACHES))),
    DemoActor("Kulturskolen", R.MUNICIPAL_UNIT,
              "Undervisning i musikk, dans og kunst for barn og unge.",
              "Flere elever fra familier som ikke har råd til egenandelen.", (2, 3, 2, 1),
              (YOUTH,), resources=(("premises", "Øvingsrom i kulturhuset", ""),),
              links=(("Sentrum skole", L.PRESENT), ("Nordbyen skole", L.PRESENT))),
    DemoActor("Hjemmetjenesten", R.MUNICIPAL_UNIT,
              "Helse- og omsorgstjenester i hjemmet.",
              "At eldre kan bo trygt hjemme lenger.", (3, 4, 4, 1), (ELDERLY, DISABILITIES),
              resources=(("reach", "Besøker over 300 hjemmeboende hver uke", ""),),
              links=(("Sjøsida sykehjem", L.PRESENT), ("Sjøsida treffpunkt", L.REACHES),
                     ("Grendehuset i Fjellgrenda", L.REACHES))),
    DemoActor("Teknisk drift", R.MUNICIPAL_UNIT,
              "Drift av veier, parker, idrettsanlegg og kommunale bygg.",
              "Forutsigbare prioriteringer og få nye driftsoppgaver uten budsjett.",
              (4, 2, 3, 3), (),
              resources=(("decision_power", "Prioriterer vedlikehold av anlegg og turveier", ""),
                         ("premises", "Kommunale bygg og uteområder", "")),
              links=(("Nordbyhallen", L.RUNS), ("Strandpromenaden", L.RUNS),
                     ("Fjellgrenda idrettsplass", L.RUNS), ("Rådhuset", L.PRESENT))),
    DemoActor("Biblioteket", R.MUNICIPAL_UNIT,
              "Folkebiblioteket med meråpent bibliotek og arrangementer.",
              "Være en møteplass for alle, også de som ikke låner bøker.", (2, 4, 2, 1),
              (YOUTH, IMMIGRANTS, ELDERLY),
              resources=(("premises", "Møterom og åpent lokale til kl. 22", ""),),
              links=(("Eksempelvik bibliotek", L.RUNS), ("Torget og gågata", L.PRESENT))),
    # County and state bodies
    DemoActor("NAV Eksempelvik", R.STATE_BODY,
              "Arbeids- og velferdsforvaltningen, lokalt kontor.",
              "Flere i arbeid og aktivitet, færre barn i lavinntektsfamilier.",
              (4, 4, 3, 2), (LOW_INCOME, IMMIGRANTS),
              resources=(("money", "Tiltaksmidler til arbeidstrening", ""),
                         ("knowledge", "Oversikt over levekår i bydelene", "")),
              links=(("Nordbyen bydelshus", L.PRESENT), ("Blokkene i Nordbyen", L.REACHES))),
    DemoActor("Eksempel fylkeskommune, folkehelseseksjonen", R.STATE_BODY,
              "Regional folkehelsekoordinering og partnerskap.",
              "Gode lokale partnerskap og data fra Ungdata.", (4, 5, 1, 1), (),
              resources=(("money", "Partnerskapsmidler til folkehelse", "200 000 kr i året"),
                         ("knowledge", "Ungdata og regionale oversikter", "")),
              links=(("Skolemiljøet på videregående", L.RUNS),)),
    DemoActor("Statsforvalteren i Eksempel fylke", R.STATE_BODY,
              "Statens representant i fylket; tilsyn og veiledning.",
              "At kommunen følger folkehelseloven.", (5, 3, 1, 3), (),
              resources=(("decision_power", "Tilsynsmyndighet", ""),)),
    DemoActor("Politiet i Eksempelvik", R.STATE_BODY,
              "Lokalt politi med forebyggende enhet.",
              "Færre unge i kriminalitet, trygge nærmiljø.", (4, 3, 2, 2), (YOUTH,),
              resources=(("knowledge", "Forebyggende politi og SLT", ""),),
              links=(("Torget og gågata", L.PRESENT),)),
    # Voluntary organisations
    DemoActor("Eksempelvik frivilligsentral", R.VOLUNTARY,
              "Møteplass og koordinering av frivillig innsats i hele kommunen.",
              "Flere frivillige, og at kommunen spør oss tidlig, ikke bare når noe skal "
              "gjennomføres.", (3, 5, 3, 1), (ELDERLY, IMMIGRANTS, LOW_INCOME),
              resources=(("volunteers", "Frivillige til besøkstjeneste og leksehjelp",
                          "ca. 120 personer"),
                         ("networks", "Kontakt med over 40 lag og foreninger", ""),
                         ("premises", "Lokale med kafé i Sentrum", "")),
              links=(("Torget og gågata", L.PRESENT), ("Sjøsida treffpunkt", L.RUNS),
                     ("Nordbyen bydelshus", L.PRESENT), ("Sjøsida sykehjem", L.REACHES)),
              org="99100001"),
    DemoActor("Nordbyen idrettslag", R.VOLUNTARY,
              "Idrettslag med fotball, håndball og allidrett for barn.",
              "Flere trenere, bedre haltid og at alle barn kan delta uansett økonomi.",
              (3, 4, 3, 2), (YOUTH, FAMILIES, LOW_INCOME),
              resources=(("volunteers", "Trenere og foreldrevakter", "ca. 60 personer"),
                         ("reach", "Når 400 barn og unge i Nordbyen", "")),
              links=(("Nordbyhallen", L.PRESENT), ("Nordbyen skole", L.REACHES)),
              org="99100002"),
    DemoActor("Eksempelvik Røde Kors", R.VOLUNTARY,
              "Besøkstjeneste, leksehjelp og hjelpekorps.",
              "Nå ensomme eldre og barn som faller utenfor.", (2, 4, 2, 1),
              (ELDERLY, YOUTH, IMMIGRANTS),
              resources=(("volunteers", "Besøksvenner og leksehjelpere", "ca. 45 personer"),),
              links=(("Eksempelvik bibliotek", L.PRESENT), ("Sjøsida sykehjem", L.PRESENT)),
              org="99100003"),
    DemoActor("Sjøsida pensjonistforening", R.VOLUNTARY,
              "Forening for pensjonister på Sjøsida.",
              "Møteplasser og gangvennlige veier for eldre.", (2, 4, 4, 1), (ELDERLY,),
              resources=(("volunteers", "Kaffevakter og turledere", "ca. 20 personer"),),
              links=(("Sjøsida treffpunkt", L.PRESENT), ("Strandpromenaden", L.PRESENT))),
    DemoActor("Fjellgrenda skiklubb", R.VOLUNTARY,
              "Skiklubb som kjører opp løyper i Fjellgrenda.",
              "Midler til løypemaskin og at løypene kan gå over privat grunn.", (2, 3, 3, 1),
              (YOUTH, FAMILIES),
              resources=(("volunteers", "Løypekjørere", "12 personer"),),
              links=(("Skiløypene og turstiene", L.RUNS), ("Fjellgrenda idrettsplass", L.PRESENT))),
    DemoActor("Eksempelvik turlag", R.VOLUNTARY,
              "Turlag som merker stier og arrangerer fellesturer.",
              "Flere merkede stier nær boligområdene.", (2, 4, 2, 1), (FAMILIES, ELDERLY),
              resources=(("volunteers", "Stimerking og turledere", "ca. 30 personer"),),
              links=(("Skiløypene og turstiene", L.PRESENT), ("Strandpromenaden", L.PRESENT))),
    DemoActor("Eksempelvik sanitetsforening", R.VOLUNTARY,
              "Sanitetskvinnene: helse og trygghet for kvinner og familier.",
              "Bidra til møteplasser for kvinner.", (2, 4, 2, 1), (WOMEN, FAMILIES, ELDERLY),
              resources=(("money", "Innsamlede midler til lokale tiltak", "ca. 50 000 kr"),),
              links=(("Sjøsida sykehjem", L.PRESENT),)),
    # Social entrepreneurs
    DemoActor("Kaffebrenneriet i Nordbyen", R.SOCIAL_ENTREPRENEUR,
              "Kafé og brenneri med arbeidstrening for unge voksne.",
              "Flere praksisplasser og faste kunder.", (1, 4, 3, 1), (IMMIGRANTS, YOUTH),
              resources=(("premises", "Kafélokale i Nordbyen", ""),
                         ("reach", "Kjent blant unge voksne utenfor arbeid", "")),
              links=(("Nordbyen bydelshus", L.PRESENT),), org="99100004"),
    DemoActor("Grønn Hage Sjøsida SA", R.SOCIAL_ENTREPRENEUR,
              "Andelslandbruk og parsellhage.", "Mer areal og flere andelshavere.",
              (1, 4, 2, 1), (ELDERLY, FAMILIES),
              resources=(("premises", "Parsellhage på fem dekar", ""),),
              links=(("Sjøsida treffpunkt", L.PRESENT),), org="99100005"),
    # Businesses
    DemoActor("Eksempelvik næringsforening", R.BUSINESS,
              "Samler handel og næringsliv i kommunen.",
              "Et levende sentrum og tilgang på arbeidskraft.", (4, 2, 3, 3), (),
              resources=(("networks", "Over 80 medlemsbedrifter", ""),
                         ("money", "Sponsormidler til arrangementer", "")),
              links=(("Torget og gågata", L.PRESENT), ("Industriområdet i Austmarka", L.PRESENT)),
              org="99100006"),
    DemoActor("Sjøsida Fisk AS", R.BUSINESS, "Fiskemottak og foredling.",
              "Stabil arbeidskraft og gode forhold for sesongarbeidere.", (3, 2, 2, 2),
              (IMMIGRANTS,),
              resources=(("reach", "Mange sesongarbeidere fra Polen og Litauen", ""),),
              links=(("Havna og fiskebruket", L.RUNS),), org="99100007"),
    DemoActor("Nærbutikken i Nordbyen", R.BUSINESS, "Dagligvarebutikk i Nordbyen.",
              "Trygge omgivelser rundt butikken om kvelden.", (1, 2, 3, 1), (),
              resources=(("premises", "Oppslagstavle og plass ved inngangen", ""),),
              links=(("Blokkene i Nordbyen", L.PRESENT),), org="99100008"),
    DemoActor("Austmarka Industri AS", R.BUSINESS,
              "Mekanisk industri med 150 ansatte.",
              "Rekruttere og beholde arbeidskraft; trafikksikkerhet rundt industriområdet.",
              (4, 2, 3, 4), (),
              resources=(("money", "Kan sponse tiltak for ansatte og nærmiljø", ""),),
              links=(("Industriområdet i Austmarka", L.RUNS),), org="99100009"),
    DemoActor("Gårdsbutikken i Fjellgrenda", R.BUSINESS, "Gårdsbutikk med lokalmat og kafé.",
              "Flere turgåere innom butikken.", (1, 2, 2, 1), (),
              links=(("Gårdsbutikken i Fjellgrenda", L.RUNS),), org="99100010"),
    # Schools and kindergartens
    DemoActor("Eksempelvik videregående skole", R.SCHOOL,
              "Videregående skole med studiespesialisering og yrkesfag.",
              "Flere som fullfører, et godt psykososialt skolemiljø.", (3, 4, 4, 1), (YOUTH,),
              resources=(("premises", "Gymsal og auditorium på kveldstid", ""),
                         ("reach", "Når nesten alle 16–19-åringer", "")),
              links=(("Skolemiljøet på videregående", L.RUNS),)),
    DemoActor("Nordbyen skole", R.SCHOOL, "Barneskole 1–7 med 310 elever.",
              "Ro i klassene, foreldre som deltar.", (2, 4, 4, 1), (YOUTH, FAMILIES, IMMIGRANTS),
              resources=(("premises", "Skolegård og gymsal", ""),),
              links=(("Nordbyen skole", L.RUNS), ("Nordbyhallen", L.PRESENT))),
    DemoActor("Sentrum skole", R.SCHOOL, "Barne- og ungdomsskole 1–10.",
              "Trygg skolevei og et godt skolemiljø.", (2, 4, 3, 1), (YOUTH, FAMILIES),
              links=(("Sentrum skole", L.RUNS),)),
    DemoActor("Austmarka barnehage", R.SCHOOL, "Kommunal barnehage med fire avdelinger.",
              "Mer tid ute og godt samarbeid med foreldre.", (1, 4, 3, 1), (FAMILIES,),
              links=(("Austmarka barnehage", L.RUNS), ("Austmarka skole", L.REACHES))),
    # Research
    DemoActor("Høgskolen i Eksempel, senter for folkehelse", R.RESEARCH,
              "Forskning og utdanning i folkehelse og samskaping.",
              "Tilgang til data og samarbeid om følgeforskning.", (3, 4, 1, 1), (),
              resources=(("knowledge", "Forskere og studenter til kartlegging", ""),
                         ("networks", "Nasjonale fagmiljøer", ""))),
    DemoActor("Eksempel forskningsinstitutt", R.RESEARCH,
              "Oppdragsforskning om levekår og lokalsamfunn.",
              "Oppdrag og publiserbare resultater.", (2, 3, 1, 1), (),
              resources=(("knowledge", "Levekårsundersøkelser", ""),)),
    # Citizen groups and networks
    DemoActor("Kvinnenettverket i Nordbyen", R.CITIZEN_GROUP,
              "Uformelt nettverk for kvinner med innvandrerbakgrunn i Nordbyen; møtes "
              "hjemme hos hverandre og i bydelshuset.",
              "Norskopplæring med barnepass, trygge møteplasser og å bli spurt om det som "
              "angår dem.", (1, 4, 5, 1), (IMMIGRANTS, WOMEN, LOW_INCOME, FAMILIES), ("Nordbyen",),
              resources=(("reach", "Når kvinner som ingen andre aktører når", "ca. 70 kvinner"),
                         ("knowledge", "Erfaringer fra hverdagen i Nordbyen", ""))),
    DemoActor("Fjellgrenda grunneierlag", R.CITIZEN_GROUP,
              "Grunneierne i Fjellgrenda; eier det meste av utmarka der løyper og stier går.",
              "Ingen ferdsel som skader beite og skog; kompensasjon for slitasje.",
              (4, 1, 3, 5), (), ("Fjellgrenda",), sector="private",
              resources=(("decision_power", "Kan nekte løyper og stier over sin grunn", ""),
                         ("premises", "Utmark og skogsbilveier", ""))),
    DemoActor("Austmarka vel", R.CITIZEN_GROUP,
              "Velforening for boligfeltet i Austmarka.",
              "Trafikksikre veier og en lekeplass som blir vedlikeholdt.", (1, 3, 4, 1),
              (FAMILIES,),
              resources=(("volunteers", "Dugnadsgjeng", "ca. 25 husstander"),),
              links=(("Austmarka boligfelt", L.PRESENT),
                     ("Austmarka nabolagsgruppe på nett", L.RUNS))),
    DemoActor("Foreldrenettverket i Nordbyen", R.CITIZEN_GROUP,
              "Foreldre som organiserer natteravner og aktiviteter for barna.",
              "Trygge kvelder og tilbud for barn som ikke er med i idrettslaget.", (1, 4, 4, 1),
              (FAMILIES, YOUTH),
              resources=(("volunteers", "Natteravner", "ca. 15 foreldre"),),
              links=(("Blokkene i Nordbyen", L.PRESENT), ("Nordbyen skole", L.PRESENT))),
    # Faith and cultural communities
    DemoActor("Eksempelvik menighet", R.FAITH_CULTURE,
              "Den norske kirke i Eksempelvik, med trosopplæring og diakoni.",
              "Nå ensomme og sørgende, og ha et godt tilbud for konfirmanter.", (2, 3, 2, 1),
              (ELDERLY, YOUTH),
              resources=(("premises", "Menighetssal", ""),
                         ("volunteers", "Diakonale besøkstjenester", "")),
              links=(("Sjøsida sykehjem", L.REACHES),), org="99100011"),
    DemoActor("Islamsk kultursenter Nordbyen", R.FAITH_CULTURE,
              "Moské og kultursenter med leksehjelp og kvinnegruppe.",
              "Lokaler og at ungdommene får fritidstilbud.", (2, 3, 4, 1),
              (IMMIGRANTS, YOUTH, FAMILIES),
              resources=(("reach", "Når familier med bakgrunn fra Somalia og Syria", ""),),
              links=(("Nordbyen bydelshus", L.PRESENT),), org="99100012"),
    DemoActor("Sjøsida kystlag", R.FAITH_CULTURE,
              "Kystkulturlag som tar vare på båter og naust.",
              "Bruk av havna og naustene til aktiviteter.", (1, 3, 2, 1), (ELDERLY, YOUTH),
              links=(("Havna og fiskebruket", L.PRESENT), ("Strandpromenaden", L.PRESENT))),
    DemoActor("Polsk kulturforening", R.FAITH_CULTURE,
              "Forening for polske familier i Eksempelvik.",
              "Norskkurs på kveldstid og informasjon på polsk.", (1, 3, 4, 1),
              (IMMIGRANTS, FAMILIES),
              links=(("Havna og fiskebruket", L.REACHES),)),
    # Political councils
    DemoActor("Ungdomsrådet", R.COUNCIL,
              "Kommunens ungdomsråd, 11 medlemmer fra ungdomsskoler og videregående.",
              "Bli hørt tidlig, ikke når planene er ferdige.", (2, 5, 4, 1), (YOUTH,),
              resources=(("reach", "Kanal til elevrådene", ""),
                         ("knowledge", "Ungdommens egne erfaringer", "")),
              links=(("Skolemiljøet på videregående", L.REACHES),)),
    DemoActor("Eldrerådet", R.COUNCIL, "Kommunens eldreråd.",
              "Aldersvennlige nærmiljø og gode tjenester i hjemmet.", (3, 5, 4, 2), (ELDERLY,),
              resources=(("knowledge", "Erfaringer fra pensjonistforeningene", ""),),
              links=(("Sjøsida sykehjem", L.REACHES), ("Sjøsida treffpunkt", L.REACHES))),
    DemoActor("Rådet for personer med funksjonsnedsettelse", R.COUNCIL,
              "Kommunens råd for personer med funksjonsnedsettelse.",
              "Universell utforming av turveier, bygg og digitale tjenester.", (2, 5, 5, 2),
              (DISABILITIES,),
              resources=(("knowledge", "Kunnskap om universell utforming", ""),),
              links=(("Strandpromenaden", L.REACHES), ("Rådhuset", L.PRESENT))),
)

REPRESENTATIVES = {"Eksempelvik frivilligsentral": "frida@frivillig.example"}


@transaction.atomic
def load_actors_demo(municipality: Municipality, users: Mapping[str, Any]) -> None:
    """Add Eksempelvik's community; anything already there by name is left alone."""
    user = users.get("mira@eksempelvik.example")
    districts = {d.name: d for d in District.objects.filter(municipality=municipality)}
    settings = {s.name: s for s in Setting.objects.filter(municipality=municipality)}
    for name, kind, district in SETTINGS:
        if name not in settings:
            settings[name] = actions.save_setting(
                municipality=municipality, user=user,
                data={"name": name, "kind": kind, "district": districts.get(district)})
    for a, b, description in RIPPLES:
        actions.link_settings(a=settings[a], b=settings[b], user=user, description=description)
    existing = {a.name: a for a in Actor.objects.of(municipality)}
    for spec in ACTORS:
        actor = existing.get(spec.name)
        if actor is None:
            actor = _create(municipality, user, spec, districts)
        for setting_name, kind in spec.links:
            actions.link_actor_to_setting(actor=actor, setting=settings[setting_name],
                                          kind=kind, user=user)
        email = REPRESENTATIVES.get(spec.name)
        if email and email in users:
            actor.representatives.add(users[email])


def _create(municipality: Municipality, user: Any, spec: DemoActor,
            districts: Mapping[str, District]) -> Actor:
    influence, interest, affected, obstruction = spec.scores
    groups = [str(g) for g in spec.groups]
    groups += [f"district:{districts[d].pk}" for d in spec.districts if d in districts]
    data = {"name": spec.name, "kind": spec.kind, "sector": spec.sector,
            "org_number": _org_number(spec.org) if spec.org else "",
            "description": spec.description, "interests": spec.interests,
            "influence": influence, "interest": interest, "affected": affected,
            "obstruction": obstruction, "groups_reached": groups}
    resources = [{"kind": k, "description": d, "amount": a} for k, d, a in spec.resources]
    return actions.save_actor(municipality=municipality, user=user, data=data,
                              resources=resources)
