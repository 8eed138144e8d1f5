"""Reads of integrations: the administrator's list, and a key's integration."""

import hashlib

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.selectors import user_access
from participants import selectors as participants_selectors

from .models import Integration


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def integration_for_key(key: str) -> Integration | None:
    """The usable integration whose key this is: not revoked, not expired, its service
    account active. Looked up by the key's hash only."""
    return (
        Integration.objects.select_related("user", "organisation")
        .filter(
            token_hash=key_hash(key),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


def _administered_organisation_id(actor) -> int:
    access = user_access(actor)
    if not access.is_administrator or access.organisation_id is None:
        raise PermissionDenied
    return access.organisation_id


def integration_list(*, actor) -> QuerySet[Integration]:
    return Integration.objects.filter(
        organisation_id=_administered_organisation_id(actor)
    ).select_related("unit", "created_by", "revoked_by")


def integration_get(*, actor, integration_id: int) -> Integration:
    """An integration of the administrator's organisation; any other id is a 404."""
    return get_object_or_404(integration_list(actor=actor), pk=integration_id)


def participant_list(*, actor, status: str = "", unit_id: int | None = None) -> QuerySet:
    """The participant list's selector, with what the API answers about each person
    fetched together (no query per person)."""
    return participants_selectors.participant_list(
        actor=actor, status=status, unit_id=unit_id
    ).prefetch_related("target_groups")


def target_group_ids(participant) -> list[int]:
    return list(participant.target_groups.values_list("pk", flat=True))
