"""Walks the hash chains of the access and security logs (manage.py verify_access_log)."""

from collections import defaultdict
from dataclasses import dataclass, field

from . import chain
from .models import AccessEvent, AccessEventParticipant, AccessLogAnchor, SecurityEvent

CHUNK = 2000


@dataclass(frozen=True)
class BrokenLink:
    log: str
    organisation_id: int | None
    row_id: int
    at: object
    reason: str


@dataclass
class VerifyResult:
    rows: int = 0
    chains: int = 0
    broken: list[BrokenLink] = field(default_factory=list)
    # The last hash of each chain, to be kept outside the database if wanted.
    heads: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.broken


def _anchor(log: str, organisation_id) -> str:
    return (
        AccessLogAnchor.objects.filter(log=log, organisation_id=organisation_id)
        .order_by("-id")
        .values_list("hash", flat=True)
        .first()
    ) or chain.GENESIS


def _rows(model, organisation_id):
    """The chain's rows in id order, a chunk at a time (with listed participant ids)."""
    last_id = 0
    while True:
        rows = list(
            model.objects.filter(organisation_id=organisation_id, id__gt=last_id).order_by("id")[
                :CHUNK
            ]
        )
        if not rows:
            return
        listed = defaultdict(list)
        if model is AccessEvent:
            pairs = AccessEventParticipant.objects.filter(
                event_id__in=[row.id for row in rows]
            ).values_list("event_id", "participant_id")
            for event_id, participant_id in pairs:
                listed[event_id].append(participant_id)
        for row in rows:
            yield row, listed.get(row.id, ())
        last_id = rows[-1].id


def _verify_chain(log, model, organisation_id, result: VerifyResult) -> None:
    result.chains += 1
    prev = _anchor(log, organisation_id)
    for row, listed_ids in _rows(model, organisation_id):
        result.rows += 1
        reason = None
        if row.prev_hash != prev:
            reason = "prev_hash does not match the row before (a row removed or altered)"
        elif row.hash != chain.event_digest(log, row, listed_ids):
            reason = "hash does not match the row's content (the row was altered)"
        if reason:
            result.broken.append(BrokenLink(log, organisation_id, row.id, row.at, reason))
            return
        prev = row.hash
    result.heads[(log, organisation_id)] = prev


def log_chains_verify(*, organisation_id: int | None = None) -> VerifyResult:
    """Verify every chain (or one organisation's); report the first broken link of each."""
    result = VerifyResult()
    for log, model in ((chain.ACCESS, AccessEvent), (chain.SECURITY, SecurityEvent)):
        if organisation_id is not None:
            keys: list[int | None] = [organisation_id]
        else:
            found: set[int | None] = set(
                model.objects.values_list("organisation_id", flat=True).distinct()
            )
            found |= set(
                AccessLogAnchor.objects.filter(log=log)
                .values_list("organisation_id", flat=True)
                .distinct()
            )
            keys = sorted(found, key=lambda key: (key is not None, key or 0))
        for key in keys:
            _verify_chain(log, model, key, result)
    return result
