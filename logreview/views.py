from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.selectors import user_access
from core.forms import form_submit
from core.permissions import log_reviewer_required

from . import exports, selectors, services
from .forms import EventSearchForm, PeriodForm, ReviewForm
from .models import Flag

FLAG_HELP = {
    Flag.OUTSIDE_CASELOAD: gettext_lazy(
        "Användaren var inte deltagarens handledare den dagen och har ingen roll i "
        "deltagarens enhet."
    ),
    Flag.AFTER_CLOSE: gettext_lazy(
        "Deltagaren hade ingen pågående inskrivning, och mer än %(days)s dagar hade gått "
        "sedan den senaste avslutades."
    ),
    Flag.MANY_PARTICIPANTS: gettext_lazy(
        "Användaren hade läst fler än %(count)s olika deltagare inom %(minutes)s minuter."
    ),
    Flag.REVEAL: gettext_lazy("Användaren visade ett fullständigt personnummer."),
    Flag.EXPORT: gettext_lazy("Uppgifter exporterades till en fil."),
    Flag.PRINT: gettext_lazy("Uppgifter skrevs ut."),
}


def _flag_help(flag: str) -> str:
    config = selectors.log_review_settings()
    return str(FLAG_HELP[Flag(flag)]) % {
        "days": config["AFTER_CLOSE_GRACE_DAYS"],
        "count": config["MANY_PARTICIPANTS"],
        "minutes": config["MANY_PARTICIPANTS_MINUTES"],
    }


def _period(request):
    """The period from the query string, else the default (since the last review)."""
    default_from, default_to = selectors.default_period(actor=request.user)
    form = PeriodForm(request.GET or None)
    if request.GET and form.is_valid():
        date_from = form.cleaned_data.get("date_from") or default_from
        date_to = form.cleaned_data.get("date_to") or default_to
        if date_to < date_from:
            date_from, date_to = date_to, date_from
    else:
        date_from, date_to = default_from, default_to
    if not request.GET:
        form = PeriodForm(initial={"date_from": date_from, "date_to": date_to})
    return form, date_from, date_to


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("sida", None)
    return query.urlencode()


def _search_link(**filters) -> str:
    query = QueryDict(mutable=True)
    for key, value in filters.items():
        if value not in (None, ""):
            query[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return query.urlencode()


@never_cache
@log_reviewer_required
def overview(request):
    """The start of a review: when the last one was done, the flags of a period."""
    form, date_from, date_to = _period(request)
    counts = selectors.flag_counts(actor=request.user, date_from=date_from, date_to=date_to)
    period_query = _search_link(date_from=date_from, date_to=date_to)
    flags = [
        {
            "code": flag,
            "label": label,
            "help": _flag_help(flag),
            "count": counts[flag],
            "query": period_query,
        }
        for flag, label in Flag.choices
    ]
    return render(
        request,
        "logreview/overview.html",
        {
            "form": form,
            "date_from": date_from,
            "date_to": date_to,
            "flags": flags,
            "period_query": period_query,
            "status": selectors.review_status(actor=request.user),
            "reviews": selectors.review_list(actor=request.user),
            "whole_organisation": user_access(request.user).is_security_officer,
        },
    )


@never_cache
@log_reviewer_required
def search(request):
    form = EventSearchForm(request.GET or None, actor=request.user)
    filters = form.filters()
    events = selectors.with_rows(selectors.event_search(actor=request.user, **filters))
    page = Paginator(events, selectors.log_review_settings()["PAGE_SIZE"]).get_page(
        request.GET.get("sida")
    )
    services.log_page_access_record(
        actor=request.user, events=page.object_list, what="logguppföljning: sökning"
    )
    return render(
        request,
        "logreview/search.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


@never_cache
@log_reviewer_required
def export(request, file_format):
    if file_format not in ("csv", "xlsx"):
        raise Http404
    form = EventSearchForm(request.GET or None, actor=request.user)
    filters = form.filters()
    services.log_export_record(actor=request.user, file_format=file_format, filters=filters)
    limit = selectors.log_review_settings()["EXPORT_MAX_ROWS"]
    events = selectors.with_rows(selectors.event_search(actor=request.user, **filters))[:limit]
    if file_format == "csv":
        return exports.events_csv(events.iterator(chunk_size=2000), "stegvis-atkomstlogg")
    return exports.events_xlsx(events.iterator(chunk_size=2000), "stegvis-atkomstlogg")


@never_cache
@log_reviewer_required
def flag(request, flag):
    if flag not in Flag.values:
        raise Http404
    form, date_from, date_to = _period(request)
    events = selectors.with_rows(
        selectors.flag_events(actor=request.user, flag=flag, date_from=date_from, date_to=date_to)
    )
    page = Paginator(events, selectors.log_review_settings()["PAGE_SIZE"]).get_page(
        request.GET.get("sida")
    )
    services.log_page_access_record(
        actor=request.user, events=page.object_list, what=f"logguppföljning: flagga {flag}"
    )
    for event in page.object_list:
        event.search_query = _search_link(
            user=event.actor_id,
            participant_id=event.participant_id,
            date_from=date_from,
            date_to=date_to,
        )
    by_user = []
    if flag == Flag.MANY_PARTICIPANTS:
        by_user = selectors.many_participants_by_user(
            actor=request.user, date_from=date_from, date_to=date_to
        )
        for row in by_user:
            row["search_query"] = _search_link(
                user=row["actor_id"], date_from=row["first"].date(), date_to=row["last"].date()
            )
    return render(
        request,
        "logreview/flag.html",
        {
            "form": form,
            "flag": flag,
            "label": Flag(flag).label,
            "help": _flag_help(flag),
            "page": page,
            "by_user": by_user,
            "date_from": date_from,
            "date_to": date_to,
            "query": _query_without_page(request),
            "period_query": _search_link(date_from=date_from, date_to=date_to),
        },
    )


@never_cache
@log_reviewer_required
@require_http_methods(["GET", "POST"])
def review_create(request):
    if request.method == "POST":
        form = ReviewForm(request.POST)
        submitted = form_submit(
            request,
            form,
            lambda data: services.log_review_record(
                actor=request.user,
                period_start=data["period_start"],
                period_end=data["period_end"],
                flags_reviewed=data["flags_reviewed"],
                comment=data["comment"],
            ),
            success=_("Logguppföljningen är registrerad."),
        )
        if submitted.done:
            return redirect("logreview:review_detail", submitted.result.pk)
    else:
        _form, date_from, date_to = _period(request)
        form = ReviewForm(initial={"period_start": date_from, "period_end": date_to})
    return render(request, "logreview/review_form.html", {"form": form})


@never_cache
@log_reviewer_required
def review_detail(request, review_id):
    review = selectors.review_get(actor=request.user, review_id=review_id)
    labels = dict(Flag.choices)
    flags = [
        {
            "label": labels[code],
            "reviewed": code in review.flags_reviewed,
            "count": review.flag_counts.get(code),
        }
        for code in Flag.values
    ]
    return render(
        request,
        "logreview/review_detail.html",
        {"review": review, "flags": flags, "units": list(review.units.all())},
    )
