"""Every event the suite carries, by routing key: the one table producers and consumers both read."""

from __future__ import annotations

from shared.events import cards, crm, gateway, mall, orders
from shared.events.envelope import Envelope, EventModel

CATALOGUE: dict[str, type[EventModel]] = {
    "gateway.StaffChanged": gateway.StaffChanged,
    "crm.CustomerCreated": crm.CustomerCreated,
    "crm.CustomerUpdated": crm.CustomerUpdated,
    "crm.CustomerOwnerChanged": crm.CustomerOwnerChanged,
    "crm.ContractApproved": crm.ContractApproved,
    "crm.ContractRejected": crm.ContractRejected,
    "crm.ContractVoided": crm.ContractVoided,
    "crm.PaymentRecorded": crm.PaymentRecorded,
    "crm.PaymentChanged": crm.PaymentChanged,
    "crm.PaymentDeleted": crm.PaymentDeleted,
    "cards.CardsMade": cards.CardsMade,
    "cards.CardsIssued": cards.CardsIssued,
    "cards.CardsCharged": cards.CardsCharged,
    "cards.CardsActivated": cards.CardsActivated,
    "cards.CardsExpired": cards.CardsExpired,
    "cards.CardDebited": cards.CardDebited,
    "cards.CardCredited": cards.CardCredited,
    "cards.RedPacketsGranted": cards.RedPacketsGranted,
    "cards.RedPacketsRevoked": cards.RedPacketsRevoked,
    "health.OrderSettled": orders.OrderSettled,
    "mall.OrderSettled": orders.OrderSettled,
    "mall.OrderRefunded": mall.OrderRefunded,
    "escort.OrderSettled": orders.OrderSettled,
}


def routing_key(producer: str, event: EventModel | type[EventModel]) -> str:
    key = f"{producer}.{event.event_name}"
    if key not in CATALOGUE:
        raise KeyError(f"{key} is not in the event catalogue (shared/events/catalogue.py)")
    return key


class UnknownEvent(Exception):
    pass


def model_for(event_type: str, version: int) -> type[EventModel]:
    model = CATALOGUE.get(event_type)
    if model is None or model.version != version:
        raise UnknownEvent(f"{event_type} v{version}")
    return model


def parse(envelope: Envelope) -> EventModel:
    return model_for(envelope.event_type, envelope.version).model_validate(envelope.payload)
