"""Demo data: a mapping with two meetings, several areas, the motivation cross and an
approved summary. Fictional texts, written through the services."""

import datetime

from mapping import services
from mapping.selectors import mapping_current


def demo_journey(*, participant, coach, today: datetime.date):
    """The participant's open period must have started on or before today - 193 days."""
    day = datetime.timedelta(days=1)
    services.mapping_meeting_add(
        actor=coach, participant=participant, held_on=today - 193 * day, minutes=55
    )
    services.mapping_meeting_add(
        actor=coach,
        participant=participant,
        held_on=today - 186 * day,
        minutes=60,
        interpreter_used=True,
    )
    mapping = mapping_current(participant=participant)
    assert mapping is not None  # the intake meeting opened it
    areas = [
        services.AreaInput(
            area="body",
            facts="Ont i ländryggen sedan flera år, går hos fysioterapeut varannan vecka.",
            obstacles="Klarar inte tunga lyft eller långa pass stående.",
            resources="Tränar själv med övningarna från fysioterapeuten; promenerar dagligen.",
        ),
        services.AreaInput(
            area="mind",
            facts="Beskriver perioder av nedstämdhet, senast i vintras.",
            obstacles="Drar sig undan när hen mår sämre och hör då inte av sig.",
            resources="Vet vad som hjälper: promenader och att ha en fast dagsrytm.",
        ),
        services.AreaInput(
            area="stress",
            facts="Blir stressad av att tala inför grupp och av otydliga instruktioner.",
            obstacles="Arbete med mycket kundkontakt i grupp känns svårt i början.",
            resources="Lugn och fokuserad vid eget arbete med tydliga uppgifter.",
        ),
        services.AreaInput(
            area="social",
            facts="Bor med två barn i skolåldern. Talar arabiska hemma.",
            obstacles="Begränsad svenska i tal; hämtning på fritids kl. 16.",
            resources="Syster i samma ort som kan hämta barnen två dagar i veckan.",
        ),
        services.AreaInput(
            area="work_experience",
            facts="Arbetade sex år i familjens restaurang i hemlandet, kök och servering.",
            obstacles="Ingen svensk arbetslivserfarenhet och inga intyg.",
            resources="Van vid högt tempo, hygienrutiner och att ta ansvar för ett kök.",
        ),
        services.AreaInput(
            area="education",
            facts="Nio års grundskola. Läser SFI kurs C på distans.",
            obstacles="Saknar gymnasiekompetens.",
            resources="Motiverad att läsa vidare; bra på siffror och att laga mat.",
        ),
        services.AreaInput(
            area="professional_network",
            facts="Socialsekreterare, arbetsförmedlare och fysioterapeut.",
            obstacles="Upplever att aktörerna inte alltid vet om varandra.",
            resources="Nöjd med kontakten med arbetsförmedlaren.",
        ),
    ]
    mapping = services.mapping_areas_save(
        actor=coach, participant=participant, areas=areas, expected_version=mapping.version
    )
    mapping = services.mapping_motivation_save(
        actor=coach,
        participant=participant,
        texts={
            "motivation_good_for_me": "Egen lön, att få använda det jag kan och lära mig svenska.",
            "motivation_less_good_for_me": "Rädd att ryggen inte håller; mindre tid hemma.",
            "motivation_good_for_surroundings": "Barnen ser mig gå till jobbet; bättre ekonomi.",
            "motivation_less_good_for_surroundings": "Systern behöver hjälpa till med hämtningar.",
        },
        expected_version=mapping.version,
    )
    mapping, _cleared = services.mapping_summary_save(
        actor=coach,
        participant=participant,
        summary=(
            "Du har lång erfarenhet av restaurangkök och vill arbeta inom storkök. "
            "Ryggbesvären gör tunga lyft svåra för dig, men med anpassade arbetsuppgifter och "
            "fortsatt träning bedömer vi att du klarar ett arbete. Språket är det största "
            "hindret; du läser SFI. Dina arbetsdagar behöver sluta senast kl. 15.30 de dagar "
            "din syster inte kan hämta barnen."
        ),
        assessment=(
            "Du har goda resurser i ditt yrkeskunnande och din motivation. Arbetsträning i "
            "storkök, med gradvis ökad tid och fokus på arbetsplatssvenska, är ett rimligt "
            "nästa steg för dig."
        ),
        rehabilitation_proposals=(
            "Du fortsätter träffa din fysioterapeut. Vi gör en ergonomisk genomgång med dig på "
            "arbetsplatsen. Du får språkstöd kopplat till yrket."
        ),
        written_on=today - 181 * day,
        expected_version=mapping.version,
    )
    return services.mapping_approve(
        actor=coach,
        participant=participant,
        approved_on=today - 180 * day,
        expected_version=mapping.version,
    )
