"""Reading everything held about one participant, for the register extract (GDPR art. 15).

A fixed number of queries whatever the amount of data: one per section of the registry,
one per many-to-many column, and one per kind of referenced record (users, units, card
versions …) for the legend.
"""

import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from accounts.selectors import user_access
from instruments.models import localised
from participants.models import Participant
from participants.selectors import current_coach

from .registry import PDF_HIDDEN, SECTIONS, Section, field_label, section_fields

FORMAT_NAME = "stegvis-registerutdrag"
FORMAT_VERSION = 1


def may_make_extract(*, actor, participant: Participant) -> bool:
    """The participant's responsible coach and the managers of their unit."""
    if may_decide_on_restricted(actor=actor, participant=participant):
        return True
    coach = current_coach(participant)
    return coach is not None and coach.pk == actor.pk


def may_decide_on_restricted(*, actor, participant: Participant) -> bool:
    """Whether restricted data goes into an extract is for a manager of the unit."""
    return participant.unit_id in user_access(actor).manager_unit_ids


def may_restrict(*, actor, participant: Participant) -> bool:
    return participant.unit_id in user_access(actor).manager_unit_ids


# Records outside the participant's own tables that their rows refer to, with how to
# read and name them. Every foreign key of a section points either at another section
# or at one of these (a test checks it).
def _plain(label):
    return lambda ids: apps.get_model(label)._default_manager.filter(pk__in=ids)


def _users(ids):
    memberships = Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("unit").order_by("role", "unit__name"),
    )
    return User.objects.filter(pk__in=ids).prefetch_related(memberships)


# label: (read the rows by id, name one row)
REFERENCES: dict[str, tuple[Callable[[set], Iterable], Callable[[Any], str]]] = {
    "accounts.User": (_users, str),
    "accounts.Organisation": (_plain("accounts.Organisation"), str),
    "accounts.Unit": (_plain("accounts.Unit"), str),
    "participants.TargetGroup": (_plain("participants.TargetGroup"), str),
    "instruments.InstrumentVersion": (
        lambda ids: _plain("instruments.InstrumentVersion")(ids).select_related("instrument"),
        str,
    ),
    "instruments.Question": (
        _plain("instruments.Question"),
        lambda q: f"{q.code}: {localised(q.text)}",
    ),
    "instruments.PlanArea": (_plain("instruments.PlanArea"), str),
    "activities.CatalogueItem": (_plain("activities.CatalogueItem"), str),
    "groupactivities.GroupActivity": (_plain("groupactivities.GroupActivity"), str),
    "groupactivities.GroupSession": (
        lambda ids: _plain("groupactivities.GroupSession")(ids).select_related("group"),
        lambda s: f"{s.group.name} {s.held_on.isoformat()} {s.starts_at:%H:%M}",
    ),
}


def user_roles(user) -> list[str]:
    seen = []
    for membership in user.memberships.all():
        label = str(membership.get_role_display())
        if membership.unit is not None:
            label = f"{label}, {membership.unit}"
        if label not in seen:
            seen.append(label)
    return seen


@dataclass
class Column:
    name: str
    label: str
    value: object
    display: str
    shown: bool


@dataclass
class Row:
    pk: object
    columns: list[Column]

    @property
    def shown(self) -> list[Column]:
        return [c for c in self.columns if c.shown]

    @property
    def by_name(self) -> dict[str, str]:
        return {c.name: c.display for c in self.columns}


@dataclass
class SectionData:
    section: Section
    rows: list[Row] = field(default_factory=list)
    included: bool = True


@dataclass
class Extract:
    participant: Participant
    generated_at: datetime.datetime
    generated_by: User
    sections: list[SectionData]
    restricted_exists: bool
    restricted_included: bool
    references: dict[str, dict] = field(default_factory=dict)

    def section(self, key: str) -> SectionData:
        return next(s for s in self.sections if s.section.key == key)

    @property
    def staff(self) -> list[dict]:
        users = self.references.get("accounts.User", {})
        return sorted(users.values(), key=lambda entry: entry["name"])


def _queryset(section: Section, participant_id: int, columns):
    condition = Q(**{section.path: participant_id})
    for path in section.extra_paths:
        condition |= Q(**{path: participant_id})
    qs = section.model._default_manager.filter(condition)
    if section.extra_paths:
        qs = qs.distinct()
    m2m = [f.name for f in columns if f.many_to_many]
    if m2m:
        qs = qs.prefetch_related(*m2m)
    return qs.order_by("pk")


def _stored(model_field, obj):
    if model_field.many_to_many:
        return sorted(related.pk for related in getattr(obj, model_field.name).all())
    return model_field.value_from_object(obj)


def _display(section: Section, model_field, value, references: dict[str, dict]) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if model_field.is_relation:
        label = model_field.related_model._meta.label
        names = references.get(label)
        values = value if isinstance(value, list) else [value]
        shown = [
            names[v]["name"] if names is not None and v in names else _("nr %(id)s") % {"id": v}
            for v in values
        ]
        return ", ".join(shown)
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list):
        labels = dict(section.list_choices.get(model_field.name, ()))
        return ", ".join(str(labels.get(v, v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _references(wanted: dict[str, set]) -> dict[str, dict]:
    result = {}
    for label, ids in wanted.items():
        if label not in REFERENCES or not ids:
            continue
        read, name = REFERENCES[label]
        entries = {}
        for obj in read(ids):
            entry: dict[str, Any] = {"name": name(obj)}
            if label == "accounts.User":
                entry["roles"] = user_roles(obj)
            entries[obj.pk] = entry
        result[label] = entries
    return result


def register_extract_build(*, actor, participant: Participant, include_restricted: bool) -> Extract:
    """Everything held about the participant. Call after ``participant_get`` has scoped
    and logged the read, and the service has logged the extract itself."""
    fetched: list[tuple[Section, list, list | None]] = []
    restricted_exists = False
    for section in SECTIONS:
        columns = section_fields(section)
        qs = _queryset(section, participant.pk, columns)
        if section.restricted and not include_restricted:
            restricted_exists = restricted_exists or qs.exists()
            fetched.append((section, columns, None))
            continue
        objects: list | None = list(qs)
        if section.restricted:
            restricted_exists = restricted_exists or bool(objects)
        fetched.append((section, columns, objects))

    wanted: dict[str, set] = {}
    for _section, columns, objects in fetched:
        for model_field in columns:
            if not model_field.is_relation:
                continue
            label = model_field.related_model._meta.label
            bucket = wanted.setdefault(label, set())
            for obj in objects or ():
                value = _stored(model_field, obj)
                bucket.update(value if isinstance(value, list) else [value])
            bucket.discard(None)
    references = _references(wanted)

    sections = []
    for section, columns, objects in fetched:
        data = SectionData(section=section, included=objects is not None)
        for obj in objects or ():
            row = Row(pk=obj.pk, columns=[])
            for model_field in columns:
                value = _stored(model_field, obj)
                row.columns.append(
                    Column(
                        name=model_field.name,
                        label=str(field_label(section, model_field)),
                        value=value,
                        display=_display(section, model_field, value, references),
                        shown=model_field.name not in PDF_HIDDEN and not model_field.primary_key,
                    )
                )
            data.rows.append(row)
        sections.append(data)
    return Extract(
        participant=participant,
        generated_at=timezone.now(),
        generated_by=actor,
        sections=sections,
        restricted_exists=restricted_exists,
        restricted_included=include_restricted,
        references=references,
    )


LEGEND = {
    "about": "Registerutdrag enligt artikel 15 i dataskyddsförordningen (GDPR): alla "
    "uppgifter som finns om deltagaren i Stegvis när utdraget gjordes. / A register "
    "extract under GDPR art. 15: everything held about the participant in Stegvis.",
    "sections": "One section per table that holds the participant's data. Each has a "
    "Swedish title, the table's name, a description of each column (label in Swedish, "
    "and what a reference or code means), and its rows with the values as stored.",
    "rows": "Each row has its 'id'. A column that refers to another row holds that row's "
    "id: when 'refers_to' names a section of this extract, the row is there; otherwise "
    "it is named under 'references'.",
    "dates": "Dates are YYYY-MM-DD; times are ISO 8601 with their offset from UTC.",
    "choices": "Coded values are stored as codes; 'choices' in the column's description "
    "gives the Swedish text for each code.",
    "restricted_data": "Restricted data (the questions about violence) is included only "
    "when a manager has decided so; otherwise the section says it was left out and "
    "'restricted_data.exists' says whether there is any.",
}


def _column_description(section: Section, model_field, sections_by_model: dict) -> dict:
    description: dict[str, Any] = {"label": str(field_label(section, model_field))}
    if model_field.is_relation:
        label = model_field.related_model._meta.label
        description["refers_to"] = sections_by_model.get(label, label)
        if model_field.many_to_many:
            description["many"] = True
    elif model_field.flatchoices:
        description["choices"] = {str(k): str(v) for k, v in model_field.flatchoices}
    if model_field.name in section.list_choices:
        description["choices"] = {str(k): str(v) for k, v in section.list_choices[model_field.name]}
    return description


def register_extract_as_json(extract: Extract) -> dict:
    """The machine-readable extract (portability): stable English keys, stored values."""
    sections_by_model = {s.section.model_label: s.section.key for s in extract.sections}
    sections_by_model["participants.Participant"] = "participant"
    sections = {}
    for data in extract.sections:
        section = data.section
        body: dict[str, Any] = {
            "title": str(section.title),
            "table": section.model_label,
            "columns": {
                f.name: _column_description(section, f, sections_by_model)
                for f in section_fields(section)
            },
        }
        if section.restricted:
            body["restricted"] = True
            body["included"] = data.included
        body["rows"] = [
            {column.name: column.value for column in row.columns} | {"id": row.pk}
            for row in data.rows
        ]
        sections[section.key] = body
    references = {
        label: {str(pk): entry for pk, entry in entries.items()}
        for label, entries in extract.references.items()
    }
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "generated_at": extract.generated_at,
        "generated_by": {
            "id": extract.generated_by.pk,
            "name": str(extract.generated_by),
        },
        "organisation": str(extract.participant.organisation),
        "participant_id": extract.participant.pk,
        "restricted_data": {
            "exists": extract.restricted_exists,
            "included": extract.restricted_included,
        },
        "legend": LEGEND,
        "references": references,
        "sections": sections,
    }
