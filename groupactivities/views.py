from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import action_submit, form_submit
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
    submitted = form_submit(
        request,
        form,
        lambda data: services.group_save(
            actor=request.user, group=group, data=data, expected_version=data.get("version")
        ),
        success=_("Gruppaktiviteten är sparad."),
    )
    if submitted.done:
        return redirect("groupactivities:detail", submitted.result.pk)
    return render(
        request,
        "groupactivities/form.html",
        {"form": form, "group": group},
        status=submitted.status,
    )


def _detail_page(request, group, *, show_all, kept=None, status=200):
    """The group page; ``kept`` (cell name to mark) puts a user's unsaved marks back."""
    grid = selectors.attendance_grid(group=group, last=None if show_all else GRID_COLUMNS)
    services.group_members_access_record(
        actor=request.user, group=group, participants=[row.participant for row in grid.rows]
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
    submitted = action_submit(
        request,
        lambda: services.attendance_record(
            actor=request.user, group=group, marks=marks, seen=seen or None
        ),
        success=lambda changed: (
            _("Närvaron är sparad (%(n)s ändringar).") % {"n": changed}
            if changed
            else _("Inga ändringar i närvaron.")
        ),
    )
    if submitted.status == 409:
        return _detail_page(
            request, group, show_all=request.POST.get("alla") == "1", kept=kept, status=409
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

    def add(data):
        participant = participant_get(
            actor=request.user,
            participant_id=data["participant"].pk,
            what=f"gruppaktivitet: {group.name}",
        )
        services.member_add(
            actor=request.user, group=group, participant=participant, joined_on=data["joined_on"]
        )
        return participant

    submitted = form_submit(
        request,
        form,
        add,
        success=lambda participant: (
            _("%(name)s är med i gruppen.") % {"name": participant.full_name}
        ),
    )
    if submitted.done:
        return redirect("groupactivities:detail", group.pk)
    # The form lists the candidates' names.
    services.group_members_access_record(
        actor=request.user,
        group=group,
        participants=candidates,
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
    submitted = form_submit(
        request,
        form,
        lambda data: services.member_end(
            actor=request.user, membership=membership, left_on=data["left_on"]
        ),
        success=_("Deltagandet för %(name)s är avslutat.") % {"name": participant.full_name},
    )
    if submitted.done:
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
    submitted = form_submit(
        request,
        form,
        lambda data: services.session_save(
            group=group, session=session, data=data, expected_version=data.get("version")
        ),
        success=_("Tillfället är sparat."),
    )
    if submitted.done:
        return redirect("groupactivities:detail", group.pk)
    return render(
        request,
        "groupactivities/session_form.html",
        {"form": form, "group": group, "session": session},
        status=submitted.status,
    )
