"""What lists may show of personal data (SPEC 12): phone numbers masked, never whole."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str:
    """138****0000; a number too short to keep its ends shows only stars."""
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"
