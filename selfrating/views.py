"""The participant's pages (no login) and the coach's invitations."""

import functools

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from core.exceptions import RuleError
from core.forms import action_submit, form_submit
from core.permissions import case_worker_required
from instruments.selectors import instrument_versions_for_new, link_language_choices
from participants.selectors import participant_get

from . import selectors, services
from .forms import SendLinkForm
from .models import Invitation
from .steps import first_unanswered, steps_for
from .texts import SESSION_KEY as LANGUAGE_KEY
from .texts import card_texts

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
    request.session.pop(LANGUAGE_KEY, None)
    services.record_opening(invitation)
    # Leave the token's URL at once: the rest of the pages carry no token.
    return redirect("selfrating:start")


def _participant_pages(view):
    """Runs the view on the session's invitation, in the participant's language (ADR 0024):
    gettext for the page's own words, the card language for the card's."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        invitation = _current(request)
        if invitation is None:
            return _gone(request)
        texts = card_texts(
            invitation=invitation,
            chosen=request.session.get(LANGUAGE_KEY),
            request_language=translation.get_language() or "sv",
        )
        with translation.override(texts.code):
            return view(request, invitation, texts, *args, **kwargs)

    return wrapped


def _render(request, texts, template, context, status=200):
    return render(request, template, {**context, "card": texts}, status=status)


@never_cache
@ratelimit(key="ip", rate="120/m", block=True)
@_participant_pages
def start(request, invitation, texts):
    if not invitation.is_usable():
        return _gone(request)
    steps = steps_for(invitation.version)
    resume = first_unanswered(steps, invitation.draft)
    return _render(
        request,
        texts,
        "selfrating/start.html",
        {
            "invitation": invitation,
            "first_name": invitation.participant.first_name,
            "card_name": texts.get("name"),
            "intro": texts.get("intro"),
            "resume": resume,
            "started": bool(invitation.draft),
            "question_count": len([s for s in steps if s.kind != "review"]),
        },
    )


def _step_context(invitation, texts, steps, step, error=""):
    total = len([s for s in steps if s.kind != "review"])
    version = invitation.version
    question = step.question
    context = {
        "invitation": invitation,
        "step": step,
        "steps": steps,
        "total": total,
        "error": error,
        "value": invitation.draft.get(step.key),
        "numbers_only": invitation.presentation == "numbers",
        "decline_label": texts.get("decline"),
    }
    if question is None:
        return context
    key = f"q.{question.code}"
    context["question_text"] = texts.get(key)
    if step.kind == "scale":
        context["levels"] = [
            (str(n), texts.level(question, n))
            for n in range(version.scale_min, version.scale_max + 1)
        ]
        context["scale_meaning"] = [
            (level, texts.get(f"scale.{level}")) for level in sorted(version.scale_anchors or {})
        ]
    elif step.kind == "multi_choice":
        context["options"] = [
            (o["code"], texts.get(f"{key}.option.{o['code']}")) for o in question.options
        ]
    else:
        context["unit"] = texts.get(f"{key}.unit")
        context["alternatives"] = [
            (a["code"], texts.get(f"{key}.alternative.{a['code']}")) for a in question.alternatives
        ]
    return context


def _read_answer(request, step, texts):
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
                "option": texts.get(
                    f"q.{step.question.code}.option.{next(iter(sorted(exclusive)))}"
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
@_participant_pages
def step(request, invitation, texts, number):
    if not invitation.is_usable():
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
            value, error = _read_answer(request, current, texts)
            if value is not None and not error:
                services.draft_answer_save(
                    invitation_id=invitation.pk, key=current.key, value=value
                )
        except services.BadAnswer as bad:
            return _render(
                request, texts, "selfrating/bad_request.html", {"message": str(bad)}, status=400
            )
        except RuleError:
            return _gone(request)
        if going_back:
            return redirect("selfrating:step", max(1, number - 1))
        if error:
            invitation.refresh_from_db()
            return _render(
                request,
                texts,
                "selfrating/step.html",
                _step_context(invitation, texts, steps, current, error),
            )
        return redirect("selfrating:step", number + 1)
    return _render(
        request, texts, "selfrating/step.html", _step_context(invitation, texts, steps, current)
    )


@never_cache
@ratelimit(key="ip", rate="120/m", block=True)
@_participant_pages
def review(request, invitation, texts):
    if not invitation.is_usable():
        return _gone(request)
    steps = steps_for(invitation.version)
    rows = []
    for s in steps:
        if s.kind == "review":
            continue
        value = invitation.draft.get(s.key)
        key = f"q.{s.question.code}"
        if s.kind == "scale":
            shown = texts.get("decline") if value == services.DECLINED else value
        elif s.kind == "multi_choice":
            shown = "; ".join(str(texts.get(f"{key}.option.{c}")) for c in value) if value else None
        elif value and value["amount"]:
            shown = f"{value['amount']} {texts.get(f'{key}.unit')}"
        elif value:
            shown = texts.get(f"{key}.alternative.{value['alternative']}")
        else:
            shown = None
        rows.append(
            {
                "step": s,
                "question_text": texts.get(key),
                "shown": shown,
                "missing": s.kind == "scale" and not value,
            }
        )
    return _render(
        request,
        texts,
        "selfrating/review.html",
        {"invitation": invitation, "rows": rows, "complete": not any(r["missing"] for r in rows)},
    )


@never_cache
@ratelimit(key="ip", rate="30/m", block=True)
@require_POST
@_participant_pages
def submit(request, invitation, texts):
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
@_participant_pages
def thanks(request, invitation, texts):
    if invitation.assessment_id is None:
        return _gone(request)
    return _render(
        request,
        texts,
        "selfrating/thanks.html",
        {"invitation": invitation, "kiosk": request.session.get(KIOSK_KEY) == invitation.pk},
    )


@never_cache
@require_POST
@_participant_pages
def language(request, invitation, texts):
    """The participant switches between the link's language, Swedish and English."""
    code = request.POST.get("language", "")
    if code in {texts.code, *(o.code for o in texts.alternatives)}:
        request.session[LANGUAGE_KEY] = code
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("selfrating:start")
    return redirect(target)


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
        "language": request.POST.get("language", "sv"),
    }
    languages = link_language_choices(
        versions=versions, organisation_id=participant.organisation_id
    )
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
                    language=chosen["language"],
                ),
            )
            if submitted.done:
                invitation, token = submitted.result
                if invitation.is_kiosk:
                    request.session[SESSION_KEY] = invitation.pk
                    request.session.pop(LANGUAGE_KEY, None)
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
            "languages": languages,
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
