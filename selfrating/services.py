"""Invitations to fill in a card alone, the participant's draft, and the submission."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import services as assessment_services
from assessments.models import Assessment
from assessments.rules import AnswerInput, AssessmentInput, validate_answers
from assessments.selectors import instrument_version_usable
from audit.models import AccessEvent
from audit.services import access_event_record
from core.exceptions import RuleError
from instruments.selectors import card_language_usable
from participants.services import open_period, participant_check_writable, participant_lock

from .models import Invitation
from .sending import link_message, send_link

DECLINED = "declined"


class BadAnswer(Exception):
    """A request that no honest page could have sent: the draft stays unchanged."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    actor,
    participant,
    version,
    presentation: str = "descriptions",
    kiosk: bool = False,
    language: str = "sv",
) -> tuple[Invitation, str]:
    """Returns the invitation and its token; the token is shown once and never stored."""
    participant_lock(participant)
    if open_period(participant) is None:
        raise RuleError(_("Deltagaren är avslutad."))
    if not instrument_version_usable(version=version, organisation_id=participant.organisation_id):
        raise RuleError(_("Kortversionen kan inte användas."))
    if (
        card_language_usable(
            version=version, organisation_id=participant.organisation_id, code=language
        )
        is None
    ):
        raise RuleError(_("Kortet finns inte på det språket, eller så är språket avstängt."))
    token = secrets.token_urlsafe(32)  # 256 bits
    invitation = Invitation.objects.create(
        participant=participant,
        version=version,
        presentation=presentation,
        language=language,
        token_hash=token_hash(token),
        is_kiosk=kiosk,
        created_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=settings.STEGVIS["INVITATION_DAYS"]),
    )
    access_event_record(
        actor=actor,
        participant=participant,
        action=AccessEvent.Action.CREATE,
        what=f"inbjudan till självskattning ({version}, språk {language})"
        + (" på surfplatta" if kiosk else ""),
    )
    return invitation, token


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> None:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    participant_lock(locked.participant)
    if locked.spent_at is None and locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        access_event_record(
            actor=actor,
            participant=locked.participant,
            action=AccessEvent.Action.CHANGE,
            what="inbjudan till självskattning återkallad",
        )


def invitation_by_token(token: str) -> Invitation | None:
    """The usable invitation behind a token, or None: unknown, expired, revoked and spent
    are deliberately the same."""
    if not token or len(token) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("participant", "version__instrument")
        .filter(token_hash=token_hash(token))
        .first()
    )
    return invitation if invitation is not None and invitation.is_usable() else None


def record_opening(invitation: Invitation) -> None:
    access_event_record(
        actor=None,
        participant=invitation.participant,
        action=AccessEvent.Action.VIEW,
        what="självskattning öppnad via länk",
    )


def _questions(invitation: Invitation):
    return list(invitation.version.questions.all())


def _check_answer(invitation: Invitation, key: str, value) -> object:
    """The value to store for `key`, or BadAnswer."""
    questions = {q.code: q for q in _questions(invitation)}
    version = invitation.version
    if key.startswith("q_"):
        question = questions.get(key[2:])
        if question is None or question.kind != "scale":
            raise BadAnswer(_("Frågan finns inte på kortet."))
        allowed = {str(n) for n in range(version.scale_min, version.scale_max + 1)} | {DECLINED}
        if value not in allowed:
            raise BadAnswer(_("Svaret måste vara en siffra 1–5 eller ”Vill inte svara”."))
        return value
    if key == "job_search":
        multi = next((q for q in questions.values() if q.kind == "multi_choice"), None)
        if multi is None or not isinstance(value, list) or not set(value) <= multi.option_codes():
            raise BadAnswer(_("Ett av alternativen finns inte på kortet."))
        return sorted(set(value))
    if key == "salary":
        salary = next((q for q in questions.values() if q.kind == "salary"), None)
        if salary is None:
            raise BadAnswer(_("Kortet har ingen fråga om lön."))
        amount, alternative = value
        if alternative and alternative not in {a["code"] for a in salary.alternatives}:
            raise BadAnswer(_("Alternativet finns inte på kortet."))
        return {"amount": amount, "alternative": alternative or ""}
    raise BadAnswer(_("Frågan finns inte på kortet."))


@transaction.atomic
def draft_answer_save(*, invitation_id: int, key: str, value) -> Invitation:
    """Save one answer as it is given. Raises BadAnswer (nothing changes) or RuleError
    when the link can no longer be used."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    if not invitation.is_usable():
        raise RuleError(_("Länken kan inte användas längre."))
    participant_check_writable(invitation.participant)
    stored = _check_answer(invitation, key, value)
    invitation.draft = {**invitation.draft, key: stored}
    invitation.draft_updated_at = timezone.now()
    invitation.save(update_fields=["draft", "draft_updated_at"])
    return invitation


def draft_as_input(invitation: Invitation) -> AssessmentInput:
    draft = invitation.draft
    answers = {}
    for question in _questions(invitation):
        value = draft.get(f"q_{question.code}")
        if question.kind == "scale" and value:
            answers[question.code] = (
                AnswerInput(declined=True) if value == DECLINED else AnswerInput(level=int(value))
            )
    salary = draft.get("salary") or {}
    return AssessmentInput(
        version=invitation.version,
        assessed_on=timezone.localdate(),
        mode=Assessment.Mode.SELF,
        presentation=invitation.presentation,
        answers=answers,
        job_search_channels=list(draft.get("job_search") or []),
        salary_amount=salary.get("amount"),
        salary_alternative=salary.get("alternative", ""),
        # The participant cannot be asked; the coach sees both when going through it.
        same_day_confirmed=True,
    )


def draft_errors(invitation: Invitation) -> dict[str, list[str]]:
    return validate_answers(draft_as_input(invitation), _questions(invitation))


@transaction.atomic
def invitation_submit(*, invitation_id: int) -> Assessment:
    """Turn the draft into an assessment exactly once: a double tap, a resend or a
    second tab gets the same assessment back."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    if invitation.assessment is not None:
        return invitation.assessment
    if not invitation.is_usable():
        raise RuleError(_("Länken kan inte användas längre."))
    assessment = assessment_services.assessment_record(
        actor=None, participant=invitation.participant, data=draft_as_input(invitation)
    )
    Assessment.objects.filter(pk=assessment.pk).update(completed_by_coach=False)
    invitation.assessment = assessment
    invitation.spent_at = timezone.now()
    invitation.save(update_fields=["assessment", "spent_at"])
    return assessment


def invitation_send(*, actor, participant, url: str, channel: str, address: str) -> Invitation:
    """Send the participant their link, just made (the token is shown once and never
    stored, so the page posts the link back). Only a usable link of this participant is
    sent; the message holds nothing personal; the sending is in the access log, without
    the address."""
    token = url.rstrip("/").rsplit("/", 1)[-1]
    invitation = invitation_by_token(token)
    if invitation is None or invitation.participant_id != participant.pk:
        raise RuleError(_("Länken kan inte skickas: den gäller inte längre. Skapa en ny."))
    address = address.strip()
    if channel == "email":
        try:
            validate_email(address)
        except ValidationError:
            raise RuleError(
                _("Skriv en e-postadress, till exempel namn@exempel.se."), field="address"
            ) from None
    elif channel == "sms":
        digits = address.replace(" ", "").replace("-", "")
        if not (digits.lstrip("+").isdigit() and 8 <= len(digits.lstrip("+")) <= 15):
            raise RuleError(
                _("Skriv ett mobilnummer med 8–15 siffror, till exempel 070-123 45 67."),
                field="address",
            )
        address = digits
    else:
        raise RuleError(_("Välj e-post eller sms."), field="channel")
    valid_until = timezone.localtime(invitation.expires_at).date().isoformat()
    send_link(channel=channel, address=address, text=link_message(url=url, valid_until=valid_until))
    access_event_record(
        actor=actor,
        participant=participant,
        action=AccessEvent.Action.SEND,
        what=f"länk till självskattning skickad med {'e-post' if channel == 'email' else 'sms'}",
    )
    return invitation
