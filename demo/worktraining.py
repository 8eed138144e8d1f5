"""Demo data: one participant's whole work training, made through the services.

Fictional people and places. Expects the participant to be enrolled and matched to
work training (the matching app's demo makes that decision).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from matching.selectors import matching_decision_current
from worktraining import selectors, services
from worktraining.models import Competence, MeetingOutcome, Placement, WorkplaceKind
from worktraining.services import WeekInput, week_start_of

# Planned hours stepped up towards full time; the rest of the weeks at 40.
_STEPS = [10, 10, 10, 20, 20, 20, 20, 30, 30, 30, 30]
# Share of planned hours attended, week by week (cycled): realistic, not perfect.
_ATTENDED = ["1", "0.9", "1", "0.85", "1", "0.95", "0.9", "1", "0.875", "1", "0.95"]
_FOLLOW_UPS = [
    {
        "notes": "Första månaden. {name} har kommit i tid varje dag och trivs med kollegorna "
        "i köket. Tröttare efter lunch; vi behåller 10–20 timmar en tid till.",
        "development_areas": "Orka hela passet. Att säga till när något är oklart.",
        "own_proposals": "Ta en kort paus vid 11 och äta ordentlig frukost.",
        "support_needed": "Handledaren frågar i slutet av dagen hur det har gått.",
        "own_responsibility": "Ringa till Lena före klockan 7 vid sjukdom.",
    },
    {
        "notes": "Arbetar nu 20 timmar. Klarar disken och grönsaksberedningen själv. "
        "Ståstödet och den höj- och sänkbara bänken har hjälpt mot ryggen.",
        "development_areas": "Portionering och specialkost: följa listan över allergier.",
        "own_proposals": "Öva portionering vid lunchserveringen på avdelning 2.",
        "support_needed": "Genomgång av specialkostlistan varje måndag med Lena.",
        "own_responsibility": "Fråga när en specialkost är oklar i stället för att gissa.",
    },
    {
        "notes": "30 timmar. Sköter portioneringen till två avdelningar. Vill gå upp till heltid.",
        "development_areas": "Planera sitt eget arbete när det är mycket folk.",
        "own_proposals": "Skriva en checklista för morgonens förberedelser.",
        "support_needed": "Stöd i att göra checklistan; uppföljning efter två veckor.",
        "own_responsibility": "Använda checklistan varje morgon.",
    },
    {
        "notes": "Heltid sedan några veckor. Förbereder frukosten själv två dagar i veckan. "
        "Vi börjar titta på anställning.",
        "development_areas": "Laga mat enligt recept i större mängder.",
        "own_proposals": "Laga en av veckans rätter tillsammans med kocken på torsdagar.",
        "support_needed": "Kontakt med äldreomsorgen om en resursanställning.",
        "own_responsibility": "Uppdatera CV:t med erfarenheten från storköket.",
    },
    {
        "notes": "Fortsatt heltid med hög närvaro. Möte med enhetschefen på Solbacken bokat.",
        "development_areas": "Intervjuträning: berätta om sina styrkor.",
        "own_proposals": "Öva intervjufrågor med en vän.",
        "support_needed": "Handläggaren följer med till intervjun om {name} vill.",
        "own_responsibility": "Förbereda frågor till arbetsgivaren.",
    },
]


def _hours(value: Decimal) -> Decimal:
    # Half hours, as people report them.
    return (value * 2).quantize(Decimal("1"), ROUND_HALF_UP) / 2


def demo_journey(*, participant, coach, today: datetime.date) -> Placement:
    name = participant.first_name
    decision = matching_decision_current(participant=participant)
    decided_on = decision.decided_on if decision else today
    started_on = max(today - datetime.timedelta(days=168), decided_on)
    ended_on = today - datetime.timedelta(days=40)
    placement = services.placement_start(
        actor=coach,
        participant=participant,
        data={
            "workplace_kind": WorkplaceKind.EMPLOYER,
            "workplace": "Storköket på Solbacken, Norrby kommun",
            "tasks": "Disk och plock, grönsaksberedning, portionering till avdelningarna, "
            "enklare matlagning under handledning.",
            "supervisor_name": "Lena Ahlström, kock och arbetsledare",
            "supervisor_contact": "0123-456 78",
            "decision_date": max(started_on - datetime.timedelta(days=2), decided_on),
            "decision_reference": "Af-2026/10457",
            "started_on": started_on,
        },
    )
    first = week_start_of(started_on)
    weeks = []
    week_start = first
    n = 0
    while week_start <= ended_on:
        planned = Decimal(_STEPS[n] if n < len(_STEPS) else 40)
        actual = _hours(planned * Decimal(_ATTENDED[n % len(_ATTENDED)]))
        weeks.append(WeekInput(week_start=week_start, planned_hours=planned, actual_hours=actual))
        week_start += datetime.timedelta(weeks=1)
        n += 1
    placement = services.schedule_save(
        actor=coach, placement=placement, weeks=weeks, expected_version=placement.version
    )
    chair = services.adaptation_save(
        actor=coach,
        placement=placement,
        adaptation=None,
        data={
            "what": "Ståstöd och höj- och sänkbar bänk vid grönsaksberedningen",
            "why": "Ryggbesvär; får ont av att stå framåtböjd länge.",
            "effect": "",
        },
    )
    services.adaptation_save(
        actor=coach,
        placement=placement,
        adaptation=None,
        data={
            "what": "Inga tunga lyft över 10 kg",
            "why": "Enligt läkarutlåtandet ska tunga lyft undvikas.",
            "effect": "Kollegorna tar emot leveranserna och lyfter de stora kastrullerna. Fungerar "
            "bra och har inte behövts diskuteras igen.",
        },
    )
    services.adaptation_save(
        actor=coach,
        placement=placement,
        adaptation=chair,
        data={
            "what": chair.what,
            "why": chair.why,
            "effect": "Klarar hela passen utan smärta sedan andra veckan.",
        },
    )
    # One follow-up a month, around the 20th, while the placement runs.
    month = started_on.replace(day=1)
    index = 0
    while month <= ended_on:
        held_on = min(
            max(month.replace(day=20), started_on + datetime.timedelta(days=14)), ended_on
        )
        if held_on >= started_on and held_on.month == month.month:
            texts = {
                key: text.format(name=name)
                for key, text in _FOLLOW_UPS[min(index, len(_FOLLOW_UPS) - 1)].items()
            }
            services.follow_up_save(
                actor=coach,
                placement=placement,
                follow_up=None,
                data={
                    "held_on": held_on,
                    "participant_present": True,
                    "supervisor_present": True,
                    **texts,
                },
            )
            index += 1
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    placement.refresh_from_db()
    placement = services.placement_end(
        actor=coach, placement=placement, ended_on=ended_on, expected_version=placement.version
    )
    prefill = selectors.final_documentation_initial(placement=placement)
    services.final_documentation_save(
        actor=coach,
        placement=placement,
        expected_version=None,
        data={
            **prefill,
            "written_on": ended_on,
            "background": f"{name} har gymnasieutbildning från hemlandet och har arbetat i "
            "familjens restaurang. Ryggbesvär sedan flera år. Har varit utan arbete i fyra år.",
            "current_situation": "Hälsan är stabil med anpassningar. Bor med sina två barn. "
            "Inga skulder som påverkar arbetet.",
            "motivation": "Hög. Ville själv gå upp till heltid så snart som möjligt.",
            "cooperation": "Samarbetar bra med kollegorna och är vänlig mot de boende.",
            "supervision_need": "I början tät handledning; mot slutet endast vid nya "
            "arbetsuppgifter.",
            "strengths": "Punktlig, noggrann med hygien, lugn när det är bråttom inför lunchen.",
            "development_areas": "Svenska i skrift, till exempel beställningar och "
            "avvikelserapporter.",
            "other_observations": "Har körkort B. Vill arbeta dagtid.",
            "supervisor_view": f"Lena: ”{name} är en av de mest pålitliga vi har haft.”",
            "participant_view": "”Jag vågar mycket mer nu och vet att jag klarar ett jobb.”",
            "summary": f"{name} har genomfört arbetsträningen med god närvaro och klarar "
            "heltid med anpassningarna. Bedömningen är full arbetsförmåga i storköks- och "
            "omsorgsarbete med lätta lyft, och redo för en anställning.",
        },
    )
    ratings = {
        Competence.INITIATIVE: (4, "Ser själv vad som behöver göras i köket."),
        Competence.COOPERATION: (5, "Omtyckt av kollegorna; hjälper till utan att bli ombedd."),
        Competence.PUNCTUALITY: (5, "Alltid i tid; meddelar frånvaro i god tid."),
        Competence.ACCURACY: (4, "Noggrann med hygien och specialkoster."),
        Competence.RESPONSIBILITY: (4, "Förbereder frukosten själv två dagar i veckan."),
        Competence.INSTRUCTIONS: (
            3,
            "Förstår muntliga instruktioner; skriftliga behöver ibland förklaras.",
        ),
    }
    services.competence_card_save(
        actor=coach,
        placement=placement,
        assessed_on=ended_on,
        ratings={str(code): value for code, value in ratings.items()},
        expected_version=None,
    )
    services.three_party_meeting_save(
        actor=coach,
        placement=placement,
        expected_version=None,
        data={
            "held_on": today - datetime.timedelta(days=35),
            "outcome": MeetingOutcome.EMPLOYMENT,
            "outcome_text": f"{name} erbjuds en resursanställning med lönebidrag i Norrby "
            f"kommuns äldreomsorg, Solbacken, från {today - datetime.timedelta(days=30)}. "
            "Arbetsförmedlingen handlägger stödet; uppföljningarna fortsätter under "
            "anställningen.",
        },
    )
    return placement
