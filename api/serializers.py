"""The API's shapes: what it answers (output) and what it accepts (input).

Input serializers check types only (and give the schema its types); the rules are the
pages' own forms and services, called with the same values (api/views.py). Nothing
restricted is ever in an output: no answers about violence, and the personal identity
number only masked, as on the pages until it is revealed.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from activities.models import Kind, ParticipantActivity
from assessments.models import Assessment
from participants.models import Gender, Outcome, ReferralSource
from participants.pin import mask_pin
from participants.selectors import current_coach
from plans.models import PlanRow, SubGoalEvaluation

# The largest id the databases store (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def _id_field(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _text(max_length: int, **kwargs):
    return serializers.CharField(max_length=max_length, **kwargs)


# Output ---------------------------------------------------------------------------


class ParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    personal_identity_number = serializers.SerializerMethodField(
        help_text="Maskerat (ÅÅÅÅMMDD-****), som på sidorna; tomt om det inte är angivet."
    )
    birth_year = serializers.IntegerField(allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices)
    preferred_language = serializers.CharField()
    needs_interpreter = serializers.BooleanField()
    target_groups = serializers.SerializerMethodField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    is_active = serializers.SerializerMethodField()
    coach = serializers.SerializerMethodField()
    is_restricted = serializers.BooleanField()
    version = serializers.IntegerField(
        help_text="Skickas med vid ändring; en ändring gjord på en äldre version ger 409."
    )

    def get_personal_identity_number(self, participant) -> str:
        return mask_pin(participant.personal_identity_number)

    def get_target_groups(self, participant) -> list[int]:
        return sorted(group.pk for group in participant.target_groups.all())

    def get_is_active(self, participant) -> bool:
        active = getattr(participant, "is_active", None)
        if active is None:
            return participant.periods.filter(closed_on__isnull=True).exists()
        return bool(active)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_coach(self, participant):
        coach = current_coach(participant)
        return coach.pk if coach is not None else None


class ParticipantPageSerializer(serializers.Serializer):
    """A page of participants (`limit` and `offset`)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ParticipantSerializer(many=True)


class PeriodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    started_on = serializers.DateField()
    referral_source = serializers.ChoiceField(choices=ReferralSource.choices)
    referral_date = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    outcome = serializers.ChoiceField(choices=[("", ""), *Outcome.choices])


class AnswerSerializer(serializers.Serializer):
    question = serializers.CharField(source="question.code")
    indicator = serializers.SerializerMethodField()
    level = serializers.IntegerField(allow_null=True)
    declined = serializers.BooleanField()
    note = serializers.CharField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_indicator(self, answer):
        indicator = answer.question.indicator
        return indicator.code if indicator is not None else None


class AssessmentSerializer(serializers.Serializer):
    """An assessment and its answers. The question about violence is never included."""

    id = serializers.IntegerField()
    instrument = serializers.CharField(source="version.instrument.code")
    instrument_version = serializers.IntegerField(source="version.number")
    assessed_on = serializers.DateField()
    mode = serializers.ChoiceField(choices=Assessment.Mode.choices)
    presentation = serializers.ChoiceField(choices=Assessment.Presentation.choices)
    coach_belief = serializers.IntegerField(allow_null=True)
    job_search_channels = serializers.ListField(child=serializers.CharField())
    salary_amount = serializers.IntegerField(allow_null=True)
    salary_alternative = serializers.CharField()
    completed_by_coach = serializers.BooleanField()
    revision = serializers.IntegerField(
        help_text="Skickas med vid rättelse; en rättelse av en äldre revision ger 409."
    )
    answers = AnswerSerializer(many=True)


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    catalogue_item = serializers.IntegerField(source="catalogue_item_id", allow_null=True)
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    indicator_codes = serializers.ListField(child=serializers.CharField())
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    status = serializers.ChoiceField(choices=ParticipantActivity.Status.choices)
    version = serializers.IntegerField(
        help_text="Skickas med vid ändring; en ändring gjord på en äldre version ger 409."
    )


class EvaluationSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=SubGoalEvaluation.Result.choices)
    comment = serializers.CharField()
    assessment = serializers.IntegerField(source="assessment_id")


class PlanRowSerializer(serializers.Serializer):
    area = serializers.CharField(source="area.code")
    area_name = serializers.CharField(source="area.__str__")
    target_score = serializers.IntegerField(allow_null=True)
    sub_goal = serializers.CharField()
    activities = serializers.SerializerMethodField()
    start_date = serializers.DateField(allow_null=True)
    follow_up_date = serializers.DateField(allow_null=True)
    responsible = serializers.ChoiceField(choices=PlanRow.Responsible.choices)
    responsible_name = serializers.CharField()
    evaluation = serializers.SerializerMethodField()

    def get_activities(self, row) -> list[int]:
        return sorted(activity.pk for activity in row.activities.all())

    @extend_schema_field(EvaluationSerializer(allow_null=True))
    def get_evaluation(self, row):
        evaluation = getattr(row, "evaluation", None)
        return EvaluationSerializer(evaluation).data if evaluation is not None else None


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    goal = serializers.CharField()
    is_current = serializers.BooleanField()
    assessment = serializers.IntegerField(source="assessment_id")
    created_at = serializers.DateTimeField()
    rows = PlanRowSerializer(many=True)


class FigureRowSerializer(serializers.Serializer):
    """One figure of the managers' page, in long format (one row per figure)."""

    section = serializers.CharField(help_text="Avsnittet på sidan.")
    table = serializers.CharField(help_text="Tabellen i avsnittet.")
    row = serializers.CharField(help_text="Raden i tabellen.")
    column = serializers.CharField(help_text="Kolumnen i tabellen.")
    kind = serializers.ChoiceField(
        choices=["count", "percent", "mean", "days", "text"],
        help_text="Vad värdet är: antal, procent, medelvärde, dagar eller text.",
    )
    value = serializers.FloatField(
        allow_null=True,
        help_text="Talet; null när siffran är dold, saknas eller är text.",
    )
    text = serializers.CharField(
        help_text="Värdet som på sidan: talet, ”dold” (färre än gränsen), ”–” eller text."
    )
    hidden = serializers.BooleanField(
        help_text="Siffran är dold för att skydda enskilda (färre än gränsen, eller för att "
        "den annars kunde räknas fram)."
    )


class FiguresSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    filters = serializers.CharField(help_text="Urvalet i ord, som på sidan.")
    suppression_threshold = serializers.IntegerField(
        help_text="Siffror från färre personer än så visas inte."
    )
    rows = FigureRowSerializer(many=True)


# Input ----------------------------------------------------------------------------


class ParticipantListQuery(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["active", "closed"], required=False, help_text="Aktiva eller avslutade."
    )
    unit = _id_field(required=False, help_text="Bara en av nyckelns enheter.")
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=200, help_text="Antal per sida (högst 200)."
    )
    offset = serializers.IntegerField(
        required=False, min_value=0, max_value=2**31 - 1, help_text="Hoppa över så många."
    )


class FiguresQuery(serializers.Serializer):
    """The figures page's filters. The page's own form checks them further (the period's
    order, which units, coaches and target groups the key may choose)."""

    date_from = serializers.DateField(required=False, help_text="Periodens början.")
    date_to = serializers.DateField(required=False, help_text="Periodens slut.")
    unit = _id_field(required=False, help_text="En av chefens enheter.")
    coach = _id_field(required=False, help_text="En handledare på enheterna.")
    card = serializers.ChoiceField(choices=["smail", "bip"], required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    age_band = serializers.CharField(
        required=False, max_length=20, help_text="Åldersgrupp, som på sidan (t.ex. 25-29)."
    )
    target_group = _id_field(required=False, help_text="En av organisationens målgrupper.")
    compare = serializers.ChoiceField(
        choices=["gender", "age_band", "target_group"],
        required=False,
        help_text="Grupper sida vid sida.",
    )


class ParticipantProfileInput(serializers.Serializer):
    first_name = _text(100)
    last_name = _text(100)
    personal_identity_number = _text(15, required=False, allow_blank=True)
    birth_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=32767
    )
    gender = serializers.ChoiceField(choices=Gender.choices)
    preferred_language = _text(60, required=False, allow_blank=True)
    needs_interpreter = serializers.BooleanField(required=False)
    target_groups = serializers.ListField(child=_id_field(), required=False, max_length=50)
    unit = _id_field()


class ParticipantCreateInput(ParticipantProfileInput):
    coach = _id_field()
    started_on = serializers.DateField()
    referral_source = serializers.ChoiceField(choices=ReferralSource.choices)
    referral_date = serializers.DateField(required=False, allow_null=True)


class ParticipantUpdateInput(ParticipantProfileInput):
    """A change: only the fields sent are changed; ``version`` is the one read."""

    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


class AssessmentInput(serializers.Serializer):
    instrument = serializers.SlugField(
        max_length=60, help_text="Kortet: smail eller bip (de kort organisationen använder)."
    )
    assessed_on = serializers.DateField()
    mode = serializers.ChoiceField(choices=Assessment.Mode.choices, required=False)
    presentation = serializers.ChoiceField(choices=Assessment.Presentation.choices, required=False)
    answers = serializers.DictField(
        child=serializers.CharField(max_length=10),
        help_text='Frågans kod → nivå ("1"–"5") eller "declined" (vill inte svara).',
    )
    notes = serializers.DictField(
        child=_text(5000, allow_blank=True),
        required=False,
        help_text="Frågans kod → anteckning från samtalet.",
    )
    coach_belief = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=5
    )
    job_search = serializers.ListField(
        child=serializers.SlugField(max_length=60), required=False, max_length=30
    )
    salary_amount = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=10_000_000
    )
    salary_alternative = serializers.SlugField(max_length=40, required=False, allow_blank=True)
    same_day_confirmed = serializers.BooleanField(
        required=False,
        help_text="Sant om det verkligen är en ny skattning med samma kort samma dag.",
    )


class AssessmentCorrectionInput(AssessmentInput):
    revision = serializers.IntegerField(min_value=0, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["instrument"]
        del self.fields["same_day_confirmed"]


class ActivityInput(serializers.Serializer):
    catalogue_item = _id_field(required=False, allow_null=True)
    name = _text(200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False, allow_blank=True)
    indicator_codes = serializers.ListField(
        child=serializers.SlugField(max_length=60), required=False, max_length=30
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, coerce_to_string=False
    )
    status = serializers.ChoiceField(choices=ParticipantActivity.Status.choices)


class ActivityUpdateInput(serializers.Serializer):
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, coerce_to_string=False
    )
    status = serializers.ChoiceField(choices=ParticipantActivity.Status.choices)
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Fältets namn → meddelanden, samma som formulären på sidorna visar.",
    )
