"""Every table that holds a participant's data, as a section of the register extract.

A model with a foreign-key path to ``participants.Participant`` must be listed here; the
coverage test (``tests/test_coverage.py``) walks every installed model and fails when
one is missing, so a new table cannot silently stay out of the extract (GDPR art. 15,
docs/adr/0016). Keys are English and stable: they are the JSON's section names.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from intake.models import Agency, InformationPoint


@dataclass(frozen=True)
class Section:
    key: str
    model_label: str
    # The lookup from the model to the participant's id ("pk" for the participant).
    path: str
    title: Promise
    intro: Promise
    # Columns never given out (secrets such as a link's token hash).
    exclude: tuple[str, ...] = ()
    # When set, only these columns (the access log: who, what, when; not the address).
    only: tuple[str, ...] = ()
    # Further lookups to the participant's id, OR'ed with `path` (list views that
    # showed the participant among others).
    extra_paths: tuple[str, ...] = ()
    # Restricted data (the questions about violence): only under a manager's decision.
    restricted: bool = False
    # False for a table that only links rows the PDF already shows (in the JSON only).
    in_pdf: bool = True
    # Labels for columns without a verbose name, or clearer ones for this section.
    labels: dict[str, Promise] = field(default_factory=dict)
    # JSON lists of codes, shown with their labels: {"column": choices}.
    list_choices: dict[str, list] = field(default_factory=dict)

    @property
    def model(self):
        return apps.get_model(self.model_label)


def _s(key, model_label, path, title, intro, **kwargs) -> Section:
    return Section(key, model_label, path, title, intro, **kwargs)


_FIGURES_INTRO = _(
    "Beräknade värden som räknas fram ur dina skattningar och insatser. De används bara "
    "för verksamhetens statistik, där ingen enskild person syns."
)

SECTIONS: tuple[Section, ...] = (
    _s(
        "participant",
        "participants.Participant",
        "pk",
        _("Personuppgifter"),
        _("Det här är de uppgifter om dig som vi har registrerat."),
    ),
    _s(
        "periods",
        "participants.Period",
        "participant",
        _("Inskrivningsperioder"),
        _("När du har varit inskriven hos oss och hur perioden avslutades."),
    ),
    _s(
        "coach_assignments",
        "participants.CoachAssignment",
        "participant",
        _("Handledare"),
        _("Vilka handledare som har haft ansvar för dig och när."),
    ),
    _s(
        "referrals",
        "referrals.Referral",
        "participant",
        _("Aktualiseringar"),
        _("Uppgifter från dem som skickade dig till oss: Arbetsförmedlingen eller socialtjänsten."),
    ),
    _s(
        "intake_meetings",
        "intake.IntakeMeeting",
        "participant",
        _("Inskrivningssamtal"),
        _("Samtalet när du började och vilken information du fick."),
        list_choices={"information_given": InformationPoint.choices},
    ),
    _s(
        "consents",
        "intake.Consent",
        "participant",
        _("Medgivanden om informationsutbyte"),
        _("Vilka myndigheter du har sagt att vi får utbyta information med."),
        list_choices={"agencies": Agency.choices},
    ),
    _s(
        "document_shares",
        "intake.DocumentShare",
        "participant",
        _("Dokument som har delats med andra"),
        _("Dokument om dig som vi har lämnat till en annan myndighet med ditt medgivande."),
    ),
    _s(
        "mappings",
        "mapping.Mapping",
        "participant",
        _("Kartläggning"),
        _("Det vi skrev ner tillsammans i kartläggningen, och sammanfattningen."),
    ),
    _s(
        "mapping_areas",
        "mapping.MappingArea",
        "mapping__participant",
        _("Kartläggningens områden"),
        _("Fakta, hinder och resurser inom varje område i kartläggningen."),
    ),
    _s(
        "mapping_meetings",
        "mapping.MappingMeeting",
        "mapping__participant",
        _("Kartläggningssamtal"),
        _("När kartläggningssamtalen hölls och hur långa de var."),
    ),
    _s(
        "mapping_approvals",
        "mapping.MappingApproval",
        "mapping__participant",
        _("Godkännanden av kartläggningen"),
        _("Den text du godkände och när."),
    ),
    _s(
        "matching_decisions",
        "matching.MatchingDecision",
        "participant",
        _("Matchningsbeslut"),
        _("Vart vi kom fram till att du skulle gå vidare, och varför."),
    ),
    _s(
        "individual_plans",
        "matching.IndividualPlan",
        "participant",
        _("Individuell plan mot arbete"),
        _("Planen som du, din handledare och Arbetsförmedlingen har skrivit under."),
    ),
    _s(
        "responsibility_rows",
        "matching.ResponsibilityRow",
        "plan__participant",
        _("Ansvarsfördelning i den individuella planen"),
        _("Vad som ska göras, vem som ansvarar och när."),
    ),
    _s(
        "assessments",
        "assessments.Assessment",
        "participant",
        _("Skattningar"),
        _("De tillfällen då du har fyllt i ett skattningskort."),
    ),
    _s(
        "answers",
        "assessments.Answer",
        "assessment__participant",
        _("Svar i skattningarna"),
        _("Ditt svar på varje fråga (1 = behöver träna mer, 5 = fungerar mycket bra)."),
    ),
    _s(
        "assessment_revisions",
        "assessments.AssessmentRevision",
        "assessment__participant",
        _("Rättelser av skattningar"),
        _("Vem som har ändrat en skattning, när och vad som ändrades."),
    ),
    _s(
        "violence_screenings",
        "assessments.ViolenceScreening",
        "assessment__participant",
        _("Frågan om våld (skyddade uppgifter)"),
        _("Om frågan om våld ställdes och om stöd erbjöds."),
        restricted=True,
    ),
    _s(
        "self_rating_invitations",
        "selfrating.Invitation",
        "participant",
        _("Inbjudningar till självskattning"),
        _("Länkar du har fått för att fylla i ett skattningskort själv."),
        exclude=("token_hash",),
    ),
    _s(
        "activities",
        "activities.ParticipantActivity",
        "participant",
        _("Insatser"),
        _("Aktiviteter som du har haft eller har."),
    ),
    _s(
        "activity_plans",
        "plans.ActivityPlan",
        "participant",
        _("Aktivitetsplaner"),
        _("Dina aktivitetsplaner med mål, alla versioner."),
    ),
    _s(
        "plan_rows",
        "plans.PlanRow",
        "plan__participant",
        _("Delmål i aktivitetsplanerna"),
        _("Delmålen och aktiviteterna i varje version av planen."),
    ),
    _s(
        "sub_goal_evaluations",
        "plans.SubGoalEvaluation",
        "row__plan__participant",
        _("Utvärdering av delmål"),
        _("Hur det gick med varje delmål."),
    ),
    _s(
        "work_training_placements",
        "worktraining.Placement",
        "participant",
        _("Arbetsträning"),
        _("Var du har arbetstränat, med vad och när."),
    ),
    _s(
        "work_training_schedule_weeks",
        "worktraining.ScheduleWeek",
        "placement__participant",
        _("Schema och närvaro i arbetsträningen"),
        _("Planerade timmar och närvaro vecka för vecka."),
    ),
    _s(
        "work_training_adaptations",
        "worktraining.Adaptation",
        "placement__participant",
        _("Anpassningar på arbetsplatsen"),
        _("Anpassningar som gjordes för dig, varför och vad de gav."),
    ),
    _s(
        "work_training_follow_ups",
        "worktraining.FollowUp",
        "placement__participant",
        _("Uppföljningar av arbetsträningen"),
        _("Uppföljningsmötena med utvecklingsplanen."),
    ),
    _s(
        "work_training_final_documentation",
        "worktraining.FinalDocumentation",
        "placement__participant",
        _("Slutdokumentation"),
        _("Det som skrevs när arbetsträningen var slut."),
    ),
    _s(
        "competence_cards",
        "worktraining.CompetenceCard",
        "placement__participant",
        _("Kompetenskort"),
        _("Bedömningen av dina allmänna kompetenser."),
    ),
    _s(
        "competence_ratings",
        "worktraining.CompetenceRating",
        "card__placement__participant",
        _("Bedömda kompetenser"),
        _("Bedömningen av varje kompetens (1–5)."),
    ),
    _s(
        "three_party_meetings",
        "worktraining.ThreePartyMeeting",
        "placement__participant",
        _("Trepartsmöten"),
        _("Mötet med Arbetsförmedlingen efter arbetsträningen."),
    ),
    _s(
        "employments",
        "employment.Employment",
        "participant",
        _("Anställningar"),
        _("Anställningar som vi har registrerat."),
    ),
    _s(
        "group_memberships",
        "groupactivities.GroupMembership",
        "participant",
        _("Gruppaktiviteter"),
        _("Grupper som du har varit med i."),
    ),
    _s(
        "group_attendance",
        "groupactivities.Attendance",
        "participant",
        _("Närvaro i gruppaktiviteter"),
        _("Din närvaro vid gruppernas tillfällen."),
    ),
    _s(
        "figures_indicator_levels",
        "figures.IndicatorLevel",
        "participant",
        _("Statistikunderlag: nivåer per indikator"),
        _FIGURES_INTRO,
        labels={
            "code": _("indikator"),
            "assessed_on": _("datum"),
            "valid_to": _("gäller till"),
            "level": _("nivå"),
            "first_level": _("nivå första gången"),
            "linked": _("insats kopplad till indikatorn"),
        },
    ),
    _s(
        "figures_assessment_steps",
        "figures.AssessmentStep",
        "participant",
        _("Statistikunderlag: skattningar i följd"),
        _FIGURES_INTRO,
        labels={
            "assessed_on": _("datum"),
            "days_since_previous": _("dagar sedan förra skattningen"),
            "previous_id": _("förra skattningen på samma kort"),
            "job": _("jobbfokuserad insats sedan förra skattningen"),
            "other": _("annan insats sedan förra skattningen"),
            "changes": _("antal jämförda frågor"),
            "change_sum": _("summa av förändringarna"),
            "change_squares": _("summa av förändringarnas kvadrater"),
            "coach_belief": _("handledarens tilltro"),
            "belief_answers": _("antal egna svar om tilltro"),
            "belief_sum": _("summa av egna svar om tilltro"),
        },
    ),
    _s(
        "figures_indicator_changes",
        "figures.IndicatorChange",
        "participant",
        _("Statistikunderlag: förändring per indikator"),
        _FIGURES_INTRO,
        labels={
            "code": _("indikator"),
            "assessed_on": _("datum"),
            "job": _("jobbfokuserad insats sedan förra skattningen"),
            "other": _("annan insats sedan förra skattningen"),
            "changes": _("antal jämförda frågor"),
            "change_sum": _("summa av förändringarna"),
            "change_squares": _("summa av förändringarnas kvadrater"),
        },
    ),
    _s(
        "figures_activity_spans",
        "figures.ActivitySpan",
        "participant",
        _("Statistikunderlag: tid med insatser"),
        _FIGURES_INTRO,
        labels={
            "kind_class": _("slag av insats"),
            "starts_on": _("från"),
            "ends_on": _("till"),
            "previous_ends_on": _("förra perioden slutade"),
        },
    ),
    _s(
        "access_log",
        "audit.AccessEvent",
        "participant",
        _("Vem har läst eller ändrat dina uppgifter"),
        _(
            "Varje gång någon har öppnat, ändrat, skrivit ut eller lämnat ut dina uppgifter, "
            "och när ditt namn visades i en lista."
        ),
        only=("id", "at", "actor", "action", "what"),
        extra_paths=("listed__participant",),
    ),
    _s(
        "access_log_lists",
        "audit.AccessEventParticipant",
        "participant",
        _("Listor där ditt namn visades"),
        _("Vilka av händelserna i loggen som var listor där ditt namn fanns med."),
        only=("id", "event"),
        in_pdf=False,
    ),
    _s(
        "import_keys",
        "imports.ImportKey",
        "participant",
        _("Nycklar från import"),
        _(
            "Den nyckel som enheten använde för dig i sitt kalkylark när dina uppgifter "
            "fördes över till systemet."
        ),
        labels={"participant": _("deltagare")},
    ),
    _s(
        "retention_holds",
        "retention.RetentionHold",
        "participant",
        _("Beslut om att spara uppgifterna"),
        _(
            "Om dina uppgifter ska sparas längre än vanligt, till exempel efter ett "
            "arkivbeslut, och vem som har beslutat det."
        ),
        labels={
            "participant": _("deltagare"),
            "placed_by": _("beslutat av"),
            "lifted_by": _("upphävt av"),
        },
    ),
)

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}

# Labels for columns that have no verbose name of their own.
COMMON_LABELS: dict[str, Promise] = {
    "id": _("nummer"),
    "participant": _("deltagare"),
    "organisation": _("organisation"),
    "version": _("ändringsräknare"),
    "revision": _("ändringsräknare"),
    "created_at": _("registrerad"),
    "created_by": _("registrerad av"),
    "updated_at": _("senast ändrad"),
    "assessment": _("skattning"),
    "question": _("fråga"),
    "level": _("svar (1–5)"),
    "declined": _("ville inte svara"),
    "salary_alternative": _("lön, annat svar"),
    "completed_by_coach": _("ifylld av handledaren"),
    "reviewed_at": _("genomgången"),
    "reviewed_by": _("genomgången av"),
    "review_note": _("handledarens anteckning vid genomgången"),
    "deleted_at": _("borttagen"),
    "deleted_by": _("borttagen av"),
    "deletion_reason": _("anledning till borttagningen"),
    "revised_by": _("ändrad av"),
    "revised_at": _("ändrad"),
    "changes": _("ändringar (före, efter)"),
    "is_current": _("gällande version"),
    "plan": _("plan"),
    "order": _("ordning"),
    "row": _("delmål"),
    "evaluated_by": _("utvärderat av"),
    "evaluated_at": _("utvärderat"),
    "is_kiosk": _("på handledarens surfplatta"),
    "expires_at": _("giltig till"),
    "revoked_at": _("återkallad"),
    "spent_at": _("använd"),
    "draft": _("svar under ifyllningen"),
    "draft_updated_at": _("svar senast sparade"),
    "assigned_by": _("fördelad av"),
    "registered_by": _("registrerad av"),
    "recorded_by": _("registrerad av"),
    "recorded_at": _("registrerad"),
    "withdrawn_recorded_by": _("återkallelsen registrerad av"),
    "period": _("inskrivningsperiod"),
    "mapping": _("kartläggning"),
    "withdrawn_at": _("godkännandet upphörde"),
    "matching_decision": _("matchningsbeslut"),
    "activity": _("insats"),
    "placement": _("arbetsträning"),
    "card": _("kompetenskort"),
    "group": _("grupp"),
    "session": _("tillfälle"),
    "event": _("åtkomsthändelse"),
    # Verbose names that happen to read like the column's own name.
    "status": _("status"),
    "motivation": _("motivation"),
}

# Models that reach a participant but hold nothing about them to give out. A gallring
# record is written when the person's data is gone: no extract can be made after it
# (the participant is outside every scope), and it holds only counts and dates.
NOT_IN_EXTRACT: dict[str, str] = {
    "retention.ErasureCase": "written after the personal data is removed; counts only",
}

# Columns left out of the PDF (they are in the JSON): who the extract is about, and the
# counters that only detect simultaneous edits.
PDF_HIDDEN = frozenset({"participant", "organisation", "version", "revision"})


def field_label(section: Section, model_field) -> str | Promise | None:
    """The Swedish label of a column, or None when it has none (the tests forbid that)."""
    if model_field.name in section.labels:
        return section.labels[model_field.name]
    if model_field.name == "id":
        return COMMON_LABELS["id"]
    default = model_field.name.replace("_", " ")
    verbose = getattr(model_field, "verbose_name", default)
    if verbose != default:
        return verbose
    return COMMON_LABELS.get(model_field.name)


def section_fields(section: Section) -> list:
    """The columns given out, in the model's order: concrete ones, then many-to-many."""
    meta = section.model._meta
    columns = [*meta.concrete_fields, *meta.many_to_many]
    if section.only:
        return [f for f in columns if f.name in section.only]
    return [f for f in columns if f.name not in section.exclude]
