"""The participant's pages (no login) and the coach's invitations."""

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from core.exceptions import RuleError
from core.forms import action_submit, form_submit
from core.permissions import case_worker_required
from instruments.models import localised
from instruments.selectors import instrument_versions_for_new
from participants.selectors import participant_get

from . import selectors, services
from .forms import SendLinkForm
from .models import Invitation
from .steps import first_unanswered, steps_for

SESSION_KEY = "selfrating_invitation"
KIOSK_KEY = "selfrating_kiosk"
MAX_BODY = 8 * 1024


def _token_key(group, request):
    return services.token_hash(request.resolver_match.kwargs.get("token", ""))[:16]


def _invitation_key(group, request):
    return str(request.session.get(SESSION_KEY, "none"))


def rate_limited(request, exception=None):
    return render(request, "selfrating/gone.html", {"rate_limited": True}, status=429)


def _gone(request):
    """The same page, with the same status, for unknown, expired, revoked and spent links."""
    return render(request, "selfrating/gone.html", status=404)


def _current(request) -> Invitation | None:
    invitation_id = request.session.get(SESSION_KEY)
    if invitation_id is None:
        return None
    return selectors.invitation_current(invitation_id=invitation_id)


@never_cache
@ratelimit(key="ip", rate="30/m", block=True)
@ratelimit(key=_token_key, rate="20/m", block=True)
def open_link(request, token):
    invitation = services.invitation_by_token(token)
    if invitation is None:
        return _gone(request)
    request.session.cycle_key()
    request.session[SESSION_KEY] = invitation.pk
    services.record_opening(invitation)
    # Leave the token's URL at once: the rest of the pages carry no token.
    return redirect("selfrating:start")


@never_cache
@ratelimit(key="ip", rate="120/m", block=True)
def start(request):
    invitation = _current(request)
    if invitation is None or not invitation.is_usable():
        return _gone(request)
    steps = steps_for(invitation.version)
    resume = first_unanswered(steps, invitation.draft)
    return render(
        request,
        "selfrating/start.html",
        {
            "invitation": invitation,
            "first_name": invitation.participant.first_name,
            "resume": resume,
            "started": bool(invitation.draft),
            "question_count": len([s for s in steps if s.kind != "review"]),
        },
    )


def _levels(version, question) -> list[tuple[str, str]]:
    """Each level with its words: the question's own description, or else the scale's
    anchor (SMAIL's seed gives only "1 = behöver träna mer … 5 = fungerar mycket bra")."""
    anchors = version.scale_anchors or {}
    own = (question.levels or {}) if question else {}
    return [
        (str(n), localised(own.get(str(n))) or localised(anchors.get(str(n))))
        for n in range(version.scale_min, version.scale_max + 1)
    ]


def _step_context(invitation, steps, step, error=""):
    total = len([s for s in steps if s.kind != "review"])
    return {
        "invitation": invitation,
        "step": step,
        "steps": steps,
        "total": total,
        "error": error,
        "value": invitation.draft.get(step.key),
        "numbers_only": invitation.presentation == "numbers",
        "levels": _levels(invitation.version, step.question),
        "decline_label": localised(invitation.version.decline_label),
    }


def _read_answer(request, step):
    """(value, user_error) from the posted form for this step; BadAnswer on tampering."""
    if request.POST.get("question") != step.key:
        raise services.BadAnswer(_("Svaret gäller en annan fråga än den som visas."))
    if step.kind == "scale":
        value = request.POST.get("answer", "")
        return (value or None), ("" if value else _("Välj ett svar, eller ”Vill inte svara”."))
    if step.kind == "multi_choice":
        chosen = request.POST.getlist("answer")
        exclusive = step.question.exclusive_codes() & set(chosen)
        if exclusive and len(chosen) > 1:
            return None, _("”%(option)s” kan inte kombineras med andra svar.") % {
                "option": next(
                    localised(o["text"]) for o in step.question.options if o["code"] in exclusive
                )
            }
        return chosen, ""
    raw = request.POST.get("amount", "").replace(" ", "").strip()
    alternative = request.POST.get("alternative", "")
    if raw and alternative:
        return None, _("Skriv ett belopp eller välj ett alternativ, inte båda.")
    if not raw:
        return (None, alternative), ""
    if not raw.isdigit() or not 1 <= int(raw) <= 200_000:
        return None, _("Skriv lönen i hela kronor per månad, mellan 1 och 200 000.")
    return (int(raw), ""), ""


@never_cache
@ratelimit(key="ip", rate="120/m", block=True)
@ratelimit(key=_invitation_key, rate="60/m", block=True)
@require_http_methods(["GET", "POST"])
def step(request, number):
    invitation = _current(request)
    if invitation is None or not invitation.is_usable():
        return _gone(request)
    steps = steps_for(invitation.version)
    if not 1 <= number <= len(steps):
        return redirect("selfrating:start")
    current = steps[number - 1]
    if current.kind == "review":
        return redirect("selfrating:review")
    if request.method == "POST":
        if len(request.body) > MAX_BODY:
            return HttpResponseBadRequest(_("För stor förfrågan."))
        going_back = request.POST.get("go") == "back"
        try:
            value, error = _read_answer(request, current)
            if value is not None and not error:
                services.draft_answer_save(
                    invitation_id=invitation.pk, key=current.key, value=value
                )
        except services.BadAnswer as bad:
            return render(request, "selfrating/bad_request.html", {"message": str(bad)}, status=400)
        except RuleError:
            return _gone(request)
        if going_back:
            return redirect("selfrating:step", max(1, number - 1))
        if error:
            invitation.refresh_from_db()
            return render(
                request,
                "selfrating/step.html",
                _step_context(invitation, steps, current, error),
                status=200,
            )
        return redirect("selfrating:step", number + 1)
    return render(request, "selfrating/step.html", _step_context(invitation, steps, current))


@never_cache
@ratelimit(key="ip", rate="120/m", block=True)
def review(request):
    invitation = _current(request)
    if invitation is None or not invitation.is_usable():
        return _gone(request)
    steps = steps_for(invitation.version)
    rows = []
    for s in steps:
        if s.kind == "review":
            continue
        value = invitation.draft.get(s.key)
        if s.kind == "scale":
            shown = (
                localised(invitation.version.decline_label) if value == services.DECLINED else value
            )
        elif s.kind == "multi_choice":
            names = {o["code"]: localised(o["text"]) for o in s.question.options}
            shown = "; ".join(names[c] for c in value) if value else None
        else:
            names = {a["code"]: localised(a["text"]) for a in s.question.alternatives}
            shown = (
                (
                    f"{value['amount']} {localised(s.question.unit_label)}"
                    if value["amount"]
                    else names.get(value["alternative"])
                )
                if value
                else None
            )
        rows.append({"step": s, "shown": shown, "missing": s.kind == "scale" and not value})
    return render(
        request,
        "selfrating/review.html",
        {"invitation": invitation, "rows": rows, "complete": not any(r["missing"] for r in rows)},
    )


@never_cache
@ratelimit(key="ip", rate="30/m", block=True)
@require_POST
def submit(request):
    invitation = _current(request)
    if invitation is None:
        return _gone(request)
    if invitation.assessment_id is None:
        if not invitation.is_usable():
            return _gone(request)
        if services.draft_errors(invitation):
            return redirect("selfrating:review")
        try:
            services.invitation_submit(invitation_id=invitation.pk)
        except IntegrityError:
            # A parallel submission of the same link won the race; the one-to-one
            # link to the assessment let only one of them through.
            pass
        except RuleError:
            return _gone(request)
    return redirect("selfrating:thanks")


@never_cache
def thanks(request):
    invitation = _current(request)
    if invitation is None or invitation.assessment_id is None:
        return _gone(request)
    return render(
        request,
        "selfrating/thanks.html",
        {"invitation": invitation, "kiosk": request.session.get(KIOSK_KEY) == invitation.pk},
    )


# The coach's side.


def _qr_svg(url: str) -> str:
    qr = segno.make(url, error="m")
    return qr.svg_inline(
        scale=5, dark="#111111", light="#ffffff", title=_("QR-kod till länken"), omitsize=True
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def invitations(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="självskattning via länk"
    )
    versions = instrument_versions_for_new(organisation_id=participant.organisation_id)
    created = None
    # The coach's choice stays chosen after a link is made (or refused).
    chosen = {
        "version": request.POST.get("version", str(versions[0].pk) if versions else ""),
        "presentation": request.POST.get("presentation", "descriptions"),
    }
    send_form = None
    if request.method == "POST" and request.POST.get("action") == "send":
        send_form = SendLinkForm(request.POST)
        sent = form_submit(
            request,
            send_form,
            lambda data: services.invitation_send(
                actor=request.user,
                participant=participant,
                url=data["url"],
                channel=data["channel"],
                address=data["address"],
            ),
            success=_("Länken är skickad."),
        )
        if sent.done:
            return redirect("selfrating:invitations", participant.pk)
        url = request.POST.get("url", "")
        created = {
            "url": url,
            "qr": mark_safe(_qr_svg(url)),  # noqa: S308 - segno's own SVG
            "days": settings.STEGVIS["INVITATION_DAYS"],
        }
    elif request.method == "POST":
        version = next((v for v in versions if str(v.pk) == request.POST.get("version")), None)
        presentation = request.POST.get("presentation", "descriptions")
        if version is None or presentation not in ("descriptions", "numbers"):
            messages.error(request, _("Välj ett kort."))
        else:
            submitted = action_submit(
                request,
                lambda: services.invitation_create(
                    actor=request.user,
                    participant=participant,
                    version=version,
                    presentation=presentation,
                    kiosk=request.POST.get("kiosk") == "1",
                ),
            )
            if submitted.done:
                invitation, token = submitted.result
                if invitation.is_kiosk:
                    request.session[SESSION_KEY] = invitation.pk
                    request.session[KIOSK_KEY] = invitation.pk
                    return redirect("selfrating:start")
                url = request.build_absolute_uri(reverse("selfrating:open", args=[token]))
                created = {
                    "url": url,
                    "qr": mark_safe(_qr_svg(url)),  # noqa: S308 - segno's own SVG
                    "days": settings.STEGVIS["INVITATION_DAYS"],
                }
    if created and send_form is None:
        send_form = SendLinkForm(initial={"url": created["url"]})
    listing = selectors.invitation_list(participant=participant)
    return render(
        request,
        "selfrating/invitations.html",
        {
            "participant": participant,
            "versions": versions,
            "created": created,
            "chosen": chosen,
            "send_form": send_form,
            "invitations": listing,
        },
    )


@case_worker_required
@require_POST
def revoke(request, participant_id, invitation_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="återkalla länk"
    )
    invitation = selectors.invitation_get(participant=participant, invitation_id=invitation_id)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("Länken är återkallad."))
    return redirect("selfrating:invitations", participant.pk)


@require_http_methods(["GET", "POST"])
def kiosk_exit(request):
    """Leaving the locked card needs the coach's password."""
    invitation_id = request.session.get(KIOSK_KEY)
    if not request.user.is_authenticated or invitation_id is None:
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        if request.user.check_password(request.POST.get("password", "")):
            request.session.pop(KIOSK_KEY, None)
            request.session.pop(SESSION_KEY, None)
            invitation = selectors.invitation_current(invitation_id=invitation_id)
            if invitation is not None:
                return redirect("participants:detail", invitation.participant_id)
            return redirect("home")
        error = _("Fel lösenord.")
    return render(request, "selfrating/kiosk_exit.html", {"error": error}, status=200)
