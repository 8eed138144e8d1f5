from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from audit.services import access_event_record_list
from core.exceptions import ConflictError, RuleError
from core.forms import add_conflict_error
from core.permissions import case_worker_required
from participants.selectors import participant_get

from . import selectors, services
from .forms import GroupForm, MemberAddForm, MemberEndForm, SessionForm
from .models import AttendanceStatus

GRID_COLUMNS = 8  # sessions shown in the attendance grid unless all are asked for
# One letter per status keeps the grid narrow; the full word is the radio's label.
STATUS_LETTERS = {
    AttendanceStatus.PRESENT: pgettext_lazy("attendance letter", "N"),
    AttendanceStatus.ABSENT: pgettext_lazy("attendance letter", "F"),
    AttendanceStatus.NOTIFIED: pgettext_lazy("attendance letter", "A"),
}


@case_worker_required
def group_list(request):
    return render(
        request,
        "groupactivities/list.html",
        {"groups": selectors.group_list(actor=request.user)},
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def group_edit(request, group_id=None):
    group = selectors.group_get(actor=request.user, group_id=group_id) if group_id else None
    form = GroupForm(request.POST or None, instance=group, actor=request.user)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_save(
                actor=request.user,
                group=group,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version"),
            )
        except ConflictError:
            conflict = True
            form.add_error(
                None,
                _(
                    "Någon annan har ändrat gruppen medan du redigerade. Dina ändringar är inte "
                    "sparade men finns kvar i formuläret; öppna gruppen i en ny flik och jämför."
                ),
            )
        except RuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Gruppaktiviteten är sparad."))
            return redirect("groupactivities:detail", group.pk)
    return render(
        request,
        "groupactivities/form.html",
        {"form": form, "group": group},
        status=409 if conflict else 200,
    )


def _detail_page(request, group, *, show_all, kept=None, status=200):
    """The group page; ``kept`` (cell name to mark) puts a user's unsaved marks back."""
    grid = selectors.attendance_grid(group=group, last=None if show_all else GRID_COLUMNS)
    access_event_record_list(
        actor=request.user,
        organisation_id=group.organisation_id,
        participants=[row.participant for row in grid.rows],
        what=f"gruppaktivitet: {group.name}",
    )
    if kept:
        for row in grid.rows:
            for cell in row.cells:
                if cell.name in kept:
                    cell.seen_status, cell.kept_input = cell.status, True
                    cell.status = kept[cell.name]
    return render(
        request,
        "groupactivities/detail.html",
        {
            "group": group,
            "grid": grid,
            "show_all": show_all,
            "statuses": [
                (value, label, STATUS_LETTERS[value]) for value, label in AttendanceStatus.choices
            ],
        },
        status=status,
    )


@case_worker_required
def group_detail(request, group_id):
    group = selectors.group_get(actor=request.user, group_id=group_id)
    return _detail_page(request, group, show_all=request.GET.get("alla") == "1")


def _cell_key(name: str, prefix: str) -> tuple[int, int] | None:
    try:
        _prefix, session_id, participant_id = name.removeprefix(prefix).split("-")
        return int(session_id), int(participant_id)
    except ValueError:
        return None


@case_worker_required
@require_POST
def attendance(request, group_id):
    group = selectors.group_get(actor=request.user, group_id=group_id)
    marks, seen, kept = {}, {}, {}
    for name, value in request.POST.items():
        if name.startswith("a-") and (key := _cell_key(name, "")):
            marks[key] = value
            kept[name] = value
        elif name.startswith("was-a-") and (key := _cell_key(name, "was-")):
            seen[key] = value
    try:
        changed = services.attendance_record(
            actor=request.user, group=group, marks=marks, seen=seen or None
        )
    except ConflictError:
        messages.error(
            request,
            _(
                "Någon annan har ändrat närvaron för samma tillfälle medan du fyllde i. "
                "Inget är sparat; dina markeringar finns kvar nedan. Jämför med de nya "
                "uppgifterna i en ny flik och spara igen."
            ),
        )
        return _detail_page(
            request, group, show_all=request.POST.get("alla") == "1", kept=kept, status=409
        )
    except RuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Närvaron är sparad (%(n)s ändringar).") % {"n": changed}
            if changed
            else _("Inga ändringar i närvaron."),
        )
    url = redirect("groupactivities:detail", group.pk).url
    if request.POST.get("alla") == "1":
        url += "?alla=1"
    return redirect(url + "#narvaro")


@case_worker_required
@require_http_methods(["GET", "POST"])
def member_add(request, group_id):
    group = selectors.group_get(actor=request.user, group_id=group_id)
    candidates = selectors.candidates_for(actor=request.user, group=group)
    form = MemberAddForm(request.POST or None, candidates=candidates, group=group)
    if request.method == "POST" and form.is_valid():
        participant = participant_get(
            actor=request.user,
            participant_id=form.cleaned_data["participant"].pk,
            what=f"gruppaktivitet: {group.name}",
        )
        try:
            services.member_add(
                actor=request.user,
                group=group,
                participant=participant,
                joined_on=form.cleaned_data["joined_on"],
            )
        except RuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("%(name)s är med i gruppen.") % {"name": participant.full_name}
            )
            return redirect("groupactivities:detail", group.pk)
    # The form lists the candidates' names.
    access_event_record_list(
        actor=request.user,
        organisation_id=group.organisation_id,
        participants=candidates.values_list("pk", flat=True),
        what=f"gruppaktivitet: {group.name}, välj deltagare",
    )
    return render(request, "groupactivities/member_add.html", {"form": form, "group": group})


@case_worker_required
@require_http_methods(["GET", "POST"])
def member_end(request, group_id, membership_id):
    group = selectors.group_get(actor=request.user, group_id=group_id)
    membership = selectors.membership_get(group=group, membership_id=membership_id)
    participant = participant_get(
        actor=request.user,
        participant_id=membership.participant_id,
        what=f"gruppaktivitet: {group.name}",
    )
    form = MemberEndForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_end(
                actor=request.user, membership=membership, left_on=form.cleaned_data["left_on"]
            )
        except RuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Deltagandet för %(name)s är avslutat.") % {"name": participant.full_name},
            )
            return redirect("groupactivities:detail", group.pk)
    return render(
        request,
        "groupactivities/member_end.html",
        {"form": form, "group": group, "membership": membership, "participant": participant},
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def session_edit(request, group_id, session_id=None):
    group = selectors.group_get(actor=request.user, group_id=group_id)
    session = selectors.session_get(group=group, session_id=session_id) if session_id else None
    form = SessionForm(request.POST or None, instance=session, group=group)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(
                group=group,
                session=session,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version"),
            )
        except ConflictError:
            conflict = True
            add_conflict_error(form)
        except RuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Tillfället är sparat."))
            return redirect("groupactivities:detail", group.pk)
    return render(
        request,
        "groupactivities/session_form.html",
        {"form": form, "group": group, "session": session},
        status=409 if conflict else 200,
    )
