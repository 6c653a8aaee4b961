"""The 17 element ids of the checklist (fixed by issue 9) and expected statuses."""

from __future__ import annotations

from typing import Literal

Status = Literal["present", "missing", "deviates"]

ELEMENTS: tuple[str, ...] = (
    "parties",
    "subject",
    "roles",
    "purpose_limitation",
    "confidentiality",
    "security_measures",
    "audit",
    "breach_notification",
    "data_subject_rights",
    "transfers_outside_eea",
    "subprocessors",
    "retention_and_deletion",
    "liability",
    "precedence",
    "duration_and_termination",
    "annex_privacy_bijsluiter",
    "annex_security",
)
STATUSES: tuple[Status, ...] = ("present", "missing", "deviates")


def expect(**not_present: Status) -> dict[str, Status]:
    """Every element present, except the ones named."""
    unknown = set(not_present) - set(ELEMENTS)
    if unknown:
        raise ValueError(f"unknown element ids: {sorted(unknown)}")
    return {element: not_present.get(element, "present") for element in ELEMENTS}
