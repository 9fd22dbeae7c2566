"""What lists may show of personal data (docs/architecture.md): phone numbers masked, never whole."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str:
    """138****0000; a number too short to keep its ends shows only stars."""
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


def mask_id_number(number: str | None) -> str:
    """360102********1234: the region code and the last four stay, the birth date never shows."""
    if not number:
        return ""
    if len(number) < 10:
        return "*" * len(number)
    return f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"
