"""Who listens to what: the one source of the broker topology.

The relays declare every queue and binding here before publishing (so no event is dropped because a
consumer has not started yet), each consumer checks its handlers against its line, and
`deploy/rabbitmq/definitions.json` is generated from it.
"""

from __future__ import annotations

SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "crm": ("gateway.StaffChanged",),
    "cards": ("gateway.StaffChanged", "crm.CustomerOwnerChanged", "crm.ContractApproved", "crm.ContractVoided"),
    "reports": (
        "gateway.StaffChanged",
        "crm.CustomerCreated",
        "crm.CustomerUpdated",
        "crm.CustomerOwnerChanged",
        "crm.ContractApproved",
        "crm.ContractRejected",
        "crm.ContractVoided",
        "crm.PaymentRecorded",
        "crm.PaymentChanged",
        "crm.PaymentDeleted",
        "cards.CardsMade",
        "cards.CardsIssued",
        "cards.CardsCharged",
        "cards.CardsActivated",
        "cards.CardsExpired",
        "cards.CardDebited",
        "cards.CardCredited",
        "cards.RedPacketsGranted",
        "cards.RedPacketsRevoked",
        "health.OrderSettled",
        "mall.OrderSettled",
        "mall.OrderRefunded",
        "escort.OrderSettled",
    ),
}
