"""The REST API (ADR 0023), and the administrator's page for its keys.

The API is thin: each operation calls the selector or service its page calls, through
the page's own form, so the scoping, the rules, the conflict checks and the access log
are the pages' own. The integration's service account is the actor."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import user_access
from activities import selectors as activity_selectors
from activities import services as activity_services
from activities.forms import ActivityForm
from assessments import selectors as assessment_selectors
from assessments import services as assessment_services
from assessments.forms import AssessmentForm
from assessments.models import Assessment
from core.exceptions import RuleError
from core.forms import action_submit, form_submit
from core.permissions import administrator_required
from figures import views as figures_views
from instruments.selectors import indicator_choices, instrument_versions_for_new
from participants import selectors as participant_selectors
from participants import services as participant_services
from participants.forms import ParticipantCreateForm, ParticipantEditForm
from plans import selectors as plan_selectors

from . import selectors, serializers, services
from .errors import FormInvalid
from .forms import IntegrationForm
from .permissions import ReadsFigures, WorksWithCases
from .renderers import FiguresCSVRenderer
from .serializers import MAX_ID

ERRORS = {
    401: serializers.ErrorSerializer,
    403: serializers.ErrorSerializer,
    404: serializers.ErrorSerializer,
    429: serializers.ErrorSerializer,
}
WRITE_ERRORS = {
    **ERRORS,
    400: serializers.ValidationErrorSerializer,
    415: serializers.ErrorSerializer,
}
QUERY_ERRORS = {**ERRORS, 400: serializers.ValidationErrorSerializer}
CONFLICT = {409: serializers.ErrorSerializer}


def _flatten(errors, prefix="") -> dict[str, list[str]]:
    """DRF's nested errors as "field.key": [messages], like the forms' flat ones."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(errors, list) and errors and not all(isinstance(e, str) for e in errors):
        for index, value in enumerate(errors):
            flat.update(_flatten(value, f"{prefix}.{index}"))
    else:
        messages = [errors] if isinstance(errors, str) else errors
        flat[prefix or "non_field_errors"] = [str(e) for e in messages]
    return flat


def _valid(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    if not serializer.is_valid():
        raise FormInvalid(_flatten(serializer.errors))
    return serializer.validated_data


def _form_data(values: dict) -> dict:
    """Typed values as a form posts them (dates as ISO text, None as empty)."""
    data = {}
    for key, value in values.items():
        if value is None:
            data[key] = ""
        elif hasattr(value, "isoformat"):
            data[key] = value.isoformat()
        else:
            data[key] = value
    return data


def _submit(form, action, *, names=None):
    """The API's form_submit: the form's errors, a service's refusal (RuleError) or a
    conflict (ConflictError, 409 by the exception handler) answer the call. ``names``
    turns a form field's name into the API's (the card's q_<code> into answers.<code>)."""
    rename = names or (lambda name: name)
    if not form.is_valid():
        raise FormInvalid({rename(name): list(msgs) for name, msgs in form.errors.items()})
    try:
        return action(form.cleaned_data)
    except RuleError as error:
        raise FormInvalid({rename(name): msgs for name, msgs in error.errors.items()}) from None


def _card_field(name: str) -> str:
    for prefix, field in (("q_", "answers"), ("note_", "notes")):
        if name.startswith(prefix):
            return f"{field}.{name.removeprefix(prefix)}"
    return name


def _checked_id(value: int) -> int:
    # An id beyond what the database stores is a record that does not exist.
    if value > MAX_ID:
        raise Http404
    return value


def _participant(request, participant_id: int, what: str):
    return participant_selectors.participant_get(
        actor=request.user, participant_id=_checked_id(participant_id), what=f"API: {what}"
    )


class CaseView(APIView):
    permission_classes = [WorksWithCases]


# Participants ------------------------------------------------------------------------


class ParticipantPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


class ParticipantListView(CaseView):
    @extend_schema(
        operation_id="participants_list",
        tags=["participants"],
        summary="Deltagare på nyckelns enheter",
        parameters=[serializers.ParticipantListQuery],
        responses={200: serializers.ParticipantPageSerializer, **QUERY_ERRORS},
    )
    def get(self, request):
        query = _valid(serializers.ParticipantListQuery, request.query_params)
        qs = selectors.participant_list(
            actor=request.user, status=query.get("status", ""), unit_id=query.get("unit")
        )
        paginator = ParticipantPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        participant_services.participant_list_access_record(
            actor=request.user, participants=page, what="API: deltagarlista"
        )
        return paginator.get_paginated_response(
            serializers.ParticipantSerializer(page, many=True).data
        )

    @extend_schema(
        operation_id="participants_create",
        tags=["participants"],
        summary="Registrera en deltagare",
        request=serializers.ParticipantCreateInput,
        responses={201: serializers.ParticipantSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        values = _valid(serializers.ParticipantCreateInput, request.data)
        form = ParticipantCreateForm(_form_data(values), actor=request.user)
        participant = _submit(
            form,
            lambda data: participant_services.participant_create(
                actor=request.user,
                profile=form.profile(),
                target_groups=data["target_groups"],
                coach=data["coach"],
                started_on=data["started_on"],
                referral_source=data["referral_source"],
                referral_date=data["referral_date"],
            ),
        )
        return Response(
            serializers.ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED
        )


PROFILE = (
    "first_name",
    "last_name",
    "birth_year",
    "gender",
    "preferred_language",
    "needs_interpreter",
)


class ParticipantDetailView(CaseView):
    @extend_schema(
        operation_id="participants_retrieve",
        tags=["participants"],
        summary="En deltagare",
        responses={200: serializers.ParticipantSerializer, **ERRORS},
    )
    def get(self, request, participant_id: int):
        participant = _participant(request, participant_id, "deltagare")
        return Response(serializers.ParticipantSerializer(participant).data)

    @extend_schema(
        operation_id="participants_partial_update",
        tags=["participants"],
        summary="Ändra en deltagares uppgifter",
        description="Bara de fält som skickas ändras. `version` är den som lästes; har "
        "någon annan ändrat sedan dess blir svaret 409 och inget sparas.",
        request=serializers.ParticipantUpdateInput,
        responses={200: serializers.ParticipantSerializer, **WRITE_ERRORS, **CONFLICT},
    )
    def patch(self, request, participant_id: int):
        participant = _participant(request, participant_id, "ändra uppgifter")
        values = _valid(serializers.ParticipantUpdateInput, request.data)
        current = {name: getattr(participant, name) for name in PROFILE}
        current["unit"] = participant.unit_id
        current["target_groups"] = selectors.target_group_ids(participant)
        if "personal_identity_number" not in values:
            # Unchanged: the form checks the stored number as the page shows it.
            current["personal_identity_number"] = participant.personal_identity_number
        form = ParticipantEditForm(
            _form_data(current | values), instance=participant, actor=request.user
        )
        updated = _submit(
            form,
            lambda data: participant_services.participant_update(
                actor=request.user,
                participant=participant,
                profile=form.profile(),
                target_groups=data["target_groups"],
                expected_version=data["version"],
            ),
        )
        updated = participant_selectors.participant_get(
            actor=request.user, participant_id=updated.pk, what="API: ändrade uppgifter"
        )
        return Response(serializers.ParticipantSerializer(updated).data)


class PeriodListView(CaseView):
    @extend_schema(
        operation_id="periods_list",
        tags=["periods"],
        summary="En deltagares inskrivningsperioder",
        responses={200: serializers.PeriodSerializer(many=True), **ERRORS},
    )
    def get(self, request, participant_id: int):
        participant = _participant(request, participant_id, "inskrivningsperioder")
        periods = participant_selectors.period_list(participant=participant)
        return Response(serializers.PeriodSerializer(periods, many=True).data)


# Assessments ----------------------------------------------------------------------------


def _assessment_form_data(values: dict) -> dict:
    data = {
        "assessed_on": values["assessed_on"].isoformat(),
        "mode": values.get("mode", Assessment.Mode.TOGETHER),
        "presentation": values.get("presentation", Assessment.Presentation.DESCRIPTIONS),
        "coach_belief": values.get("coach_belief") or "",
        "job_search": values.get("job_search", []),
        "salary_amount": "" if values.get("salary_amount") is None else values["salary_amount"],
        "salary_alternative": values.get("salary_alternative", ""),
        "same_day_confirmed": values.get("same_day_confirmed", False),
    }
    for code, level in values["answers"].items():
        data[f"q_{code}"] = level
    for code, note in values.get("notes", {}).items():
        data[f"note_{code}"] = note
    return data


class AssessmentListView(CaseView):
    @extend_schema(
        operation_id="assessments_list",
        tags=["assessments"],
        summary="En deltagares skattningar med svar",
        description="Frågan om våld (skyddade uppgifter) finns aldrig i API:t.",
        responses={200: serializers.AssessmentSerializer(many=True), **ERRORS},
    )
    def get(self, request, participant_id: int):
        participant = _participant(request, participant_id, "skattningar")
        assessments = assessment_selectors.assessment_list(participant=participant)
        return Response(serializers.AssessmentSerializer(assessments, many=True).data)

    @extend_schema(
        operation_id="assessments_create",
        tags=["assessments"],
        summary="Registrera en skattning",
        description="Samma kontroller som kortet på sidan. Finns redan en skattning med "
        "samma kort samma dag blir svaret 400 på `same_day_confirmed`, tills det skickas "
        "som sant.",
        request=serializers.AssessmentInput,
        responses={201: serializers.AssessmentSerializer, **WRITE_ERRORS},
    )
    def post(self, request, participant_id: int):
        participant = _participant(request, participant_id, "ny skattning")
        values = _valid(serializers.AssessmentInput, request.data)
        period = participant_services.open_period(participant)
        if period is None:
            raise RuleError(
                _("Deltagaren är avslutad. Skriv in deltagaren på nytt för att skatta.")
            )
        versions = instrument_versions_for_new(organisation_id=participant.organisation_id)
        version = next((v for v in versions if v.instrument.code == values["instrument"]), None)
        if version is None:
            raise RuleError(_("Organisationen använder inte det kortet."), field="instrument")
        # Restricted data never goes through the API: the card without the violence fields.
        form = AssessmentForm(
            _assessment_form_data(values),
            version=version,
            show_restricted=False,
            period_started_on=period.started_on,
        )
        assessment = _submit(
            form,
            lambda data: assessment_services.assessment_record(
                actor=request.user, participant=participant, data=form.to_input()
            ),
            names=_card_field,
        )
        assessment = assessment_selectors.assessment_get(
            actor=request.user,
            participant_id=participant.pk,
            assessment_id=assessment.pk,
            what="API: ny skattning",
        )[1]
        return Response(
            serializers.AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED
        )


class AssessmentDetailView(CaseView):
    @extend_schema(
        operation_id="assessments_retrieve",
        tags=["assessments"],
        summary="En skattning med svar",
        responses={200: serializers.AssessmentSerializer, **ERRORS},
    )
    def get(self, request, participant_id: int, assessment_id: int):
        assessment = assessment_selectors.assessment_get(
            actor=request.user,
            participant_id=_checked_id(participant_id),
            assessment_id=_checked_id(assessment_id),
            what="API: skattning",
        )[1]
        return Response(serializers.AssessmentSerializer(assessment).data)


# Activities ----------------------------------------------------------------------------


def _activity_form(participant, data, *, instance=None):
    return ActivityForm(
        data,
        instance=instance,
        indicators=indicator_choices(
            organisation_id=participant.organisation_id, participant=participant
        ),
        catalogue=activity_selectors.catalogue_list(organisation_id=participant.organisation_id),
    )


class ActivityListView(CaseView):
    @extend_schema(
        operation_id="activities_list",
        tags=["activities"],
        summary="En deltagares insatser",
        responses={200: serializers.ActivitySerializer(many=True), **ERRORS},
    )
    def get(self, request, participant_id: int):
        participant = _participant(request, participant_id, "insatser")
        activities = activity_selectors.activity_list(participant=participant)
        return Response(serializers.ActivitySerializer(activities, many=True).data)

    @extend_schema(
        operation_id="activities_create",
        tags=["activities"],
        summary="Lägg till en insats",
        request=serializers.ActivityInput,
        responses={201: serializers.ActivitySerializer, **WRITE_ERRORS},
    )
    def post(self, request, participant_id: int):
        participant = _participant(request, participant_id, "ny insats")
        values = _valid(serializers.ActivityInput, request.data)
        form = _activity_form(participant, _form_data(values))
        activity = _submit(
            form,
            lambda data: activity_services.activity_add(
                actor=request.user,
                participant=participant,
                data=data,
                catalogue_item=data.get("catalogue_item"),
            ),
        )
        return Response(
            serializers.ActivitySerializer(activity).data, status=status.HTTP_201_CREATED
        )


class ActivityDetailView(CaseView):
    @extend_schema(
        operation_id="activities_retrieve",
        tags=["activities"],
        summary="En insats",
        responses={200: serializers.ActivitySerializer, **ERRORS},
    )
    def get(self, request, participant_id: int, activity_id: int):
        participant = _participant(request, participant_id, "insats")
        activity = activity_selectors.activity_get(
            participant=participant, activity_id=_checked_id(activity_id)
        )
        return Response(serializers.ActivitySerializer(activity).data)

    @extend_schema(
        operation_id="activities_update",
        tags=["activities"],
        summary="Ändra en insats (datum, timmar, status)",
        description="`version` är den som lästes; har någon annan ändrat sedan dess blir "
        "svaret 409 och inget sparas.",
        request=serializers.ActivityUpdateInput,
        responses={200: serializers.ActivitySerializer, **WRITE_ERRORS, **CONFLICT},
    )
    def put(self, request, participant_id: int, activity_id: int):
        participant = _participant(request, participant_id, "ändra insats")
        activity = activity_selectors.activity_get(
            participant=participant, activity_id=_checked_id(activity_id)
        )
        values = _valid(serializers.ActivityUpdateInput, request.data)
        form = _activity_form(participant, _form_data(values), instance=activity)
        updated = _submit(
            form,
            lambda data: activity_services.activity_update(
                actor=request.user, activity=activity, data=data, expected_version=data["version"]
            ),
        )
        return Response(serializers.ActivitySerializer(updated).data)


# Plans ---------------------------------------------------------------------------------


class PlanListView(CaseView):
    @extend_schema(
        operation_id="plans_list",
        tags=["plans"],
        summary="En deltagares aktivitetsplaner, den gällande först",
        responses={200: serializers.PlanSerializer(many=True), **ERRORS},
    )
    def get(self, request, participant_id: int):
        participant = _participant(request, participant_id, "aktivitetsplaner")
        plans = plan_selectors.plan_list(participant=participant)
        return Response(serializers.PlanSerializer(plans, many=True).data)


class PlanDetailView(CaseView):
    @extend_schema(
        operation_id="plans_retrieve",
        tags=["plans"],
        summary="En version av aktivitetsplanen",
        responses={200: serializers.PlanSerializer, **ERRORS},
    )
    def get(self, request, participant_id: int, plan_id: int):
        participant = _participant(request, participant_id, "aktivitetsplan")
        plan = plan_selectors.plan_get(participant=participant, plan_id=_checked_id(plan_id))
        return Response(serializers.PlanSerializer(plan).data)


# Figures --------------------------------------------------------------------------------


class FiguresView(APIView):
    permission_classes = [ReadsFigures]
    renderer_classes = [JSONRenderer, FiguresCSVRenderer]

    @extend_schema(
        operation_id="figures_retrieve",
        tags=["figures"],
        summary="Ledningens siffror som en platt tabell",
        description=(
            "Samma siffror som sidan Siffror (för en chef: chefens enheter; för en "
            "länsanalytiker: länet), med samma dolda siffror: färre än gränsen, och det som "
            "annars kunde räknas fram, står som dolda. En rad per siffra, för Power BI "
            "eller Excel. Perioden och urvalet är parametrar, som på sidan. Som CSV "
            "(semikolonavgränsad, för Excel) med `Accept: text/csv` eller `?format=csv`."
        ),
        parameters=[serializers.FiguresQuery],
        responses={
            (200, "application/json"): serializers.FiguresSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
            **QUERY_ERRORS,
        },
    )
    def get(self, request):
        county = not user_access(request.user).is_manager
        query = _valid(serializers.FiguresQuery, request.query_params)
        form, scope, context, sections = figures_views.figure_tables(
            request.user,
            {name: value for name, value in request.query_params.items() if name in query},
            county=county,
        )
        if form is None:
            raise FormInvalid({name: list(msgs) for name, msgs in context.items()})
        rows = [
            {
                "section": section.title,
                "table": table.title,
                "row": label,
                "column": column,
                "kind": cell.kind,
                "value": float(cell.value) if cell.is_number else None,  # type: ignore[arg-type]
                "text": str(cell.value),
                "hidden": str(cell.value) == figures_views.hidden_label(),
            }
            for section in sections
            for table in section.tables
            for label, cells in table.rows
            for column, cell in zip(table.columns, cells, strict=True)
        ]
        return Response(
            {
                "date_from": scope.date_from,
                "date_to": scope.date_to,
                "filters": context["filters"],
                "suppression_threshold": figures_views.threshold(),
                "rows": rows,
            }
        )


# The administrator's page: issue, list and revoke keys --------------------------------


@administrator_required
def keys(request):
    organisation = request.user.organisation
    form = IntegrationForm(request.POST or None, organisation=organisation)
    issued = form_submit(
        request,
        form,
        lambda data: services.integration_issue(
            actor=request.user,
            name=data["name"],
            role=data["role"],
            unit=data["unit"],
            expires_at=form.expires_at(),
        ),
    )
    context = {
        "form": form,
        "integrations": selectors.integration_list(actor=request.user),
        "organisation": organisation,
    }
    if issued.done:
        integration, key = issued.result
        # Shown this once, on this answer: only the key's hash is kept.
        context |= {"issued": integration, "key": key, "form": None}
    return render(request, "api/keys.html", context)


@administrator_required
def key_revoke(request, integration_id):
    integration = selectors.integration_get(actor=request.user, integration_id=integration_id)
    if request.method != "POST":
        return redirect("api:keys")
    action_submit(
        request,
        lambda: services.integration_revoke(actor=request.user, integration=integration),
        success=_("Nyckeln för %(name)s är återkallad.") % {"name": integration.name},
    )
    return redirect("api:keys")
