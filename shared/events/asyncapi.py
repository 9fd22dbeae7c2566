"""The event catalogue as an AsyncAPI 2.6 document (served by the gateway at /asyncapi.json).

Generated from `shared.events.catalogue.CATALOGUE` (the payload models) and `shared.bus.subscriptions`
(who consumes what), so it cannot drift from the code: one channel per routing key on the topic
exchange, one message per event (the envelope with that event's payload schema), pydantic's JSON schemas
under components/schemas.
"""

from __future__ import annotations

import inspect
from typing import Any

from pydantic.json_schema import models_json_schema

from shared.bus.subscriptions import SUBSCRIPTIONS
from shared.events.catalogue import CATALOGUE

ASYNCAPI_VERSION = "2.6.0"
SCHEMA_REF = "#/components/schemas/{model}"
_AMQP_BINDING_VERSION = "0.2.0"


def _summary(model: type) -> str:
    doc = inspect.getdoc(model) or ""
    # Inherited docstrings (EventModel/BaseModel) say nothing about the event itself.
    if doc and model.__doc__:
        return " ".join(doc.split("\n\n")[0].split())  # the first paragraph, on one line
    return ""


def _consumers(routing_key: str) -> list[str]:
    return sorted(service for service, keys in SUBSCRIPTIONS.items() if routing_key in keys)


def _envelope_schema(routing_key: str, producer: str, version: int, payload_ref: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["event_id", "event_type", "version", "occurred_at", "producer", "payload"],
        "properties": {
            "event_id": {"type": "string", "format": "uuid", "description": "unique per event; the inbox key"},
            "event_type": {"type": "string", "const": routing_key},
            "version": {"type": "integer", "const": version},
            "occurred_at": {"type": "string", "format": "date-time"},
            "producer": {"type": "string", "const": producer},
            "correlation_id": {
                "type": ["string", "null"],
                "description": "the request id that caused the event (x-request-id)",
            },
            "payload": {"$ref": payload_ref},
        },
    }


def build_asyncapi(
    *, bus_prefix: str = "suite.", server_url: str = "127.0.0.1:5672", version: str = "1.0.0"
) -> dict[str, Any]:
    exchange = f"{bus_prefix}events"
    models = sorted(set(CATALOGUE.values()), key=lambda m: (m.__module__, m.__qualname__))
    # Payloads travel as model_dump(mode="json"): the serialization schema is the wire format.
    refs, top = models_json_schema([(m, "serialization") for m in models], ref_template=SCHEMA_REF)
    schemas: dict[str, Any] = dict(top.get("$defs", {}))

    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for routing_key in sorted(CATALOGUE):
        model = CATALOGUE[routing_key]
        producer, event_name = routing_key.split(".", 1)
        payload_ref = refs[(model, "serialization")]["$ref"]
        consumers = _consumers(routing_key)
        messages[routing_key] = {
            "name": routing_key,
            "title": event_name,
            "summary": _summary(model) or f"{event_name} from {producer}",
            "contentType": "application/json",
            "correlationId": {"location": "$message.payload#/correlation_id"},
            "headers": {
                "type": "object",
                "properties": {
                    "message_id": {"type": "string", "description": "AMQP property: the event_id"},
                    "type": {"type": "string", "const": routing_key, "description": "AMQP property"},
                },
            },
            "payload": _envelope_schema(routing_key, producer, model.version, payload_ref),
            "bindings": {
                "amqp": {"deliveryMode": 2, "messageType": routing_key, "bindingVersion": _AMQP_BINDING_VERSION}
            },
            "tags": [{"name": producer}],
            "x-version": model.version,
        }
        channels[routing_key] = {
            "description": f"Routing key `{routing_key}` on the topic exchange `{exchange}`.",
            "x-producer": producer,
            "x-consumers": consumers,
            "x-queues": [f"{bus_prefix}{service}.events" for service in consumers],
            "bindings": {
                "amqp": {
                    "is": "routingKey",
                    "exchange": {"name": exchange, "type": "topic", "durable": True, "autoDelete": False, "vhost": "/"},
                    "bindingVersion": _AMQP_BINDING_VERSION,
                }
            },
            # AsyncAPI 2.x names operations from the client's side: `subscribe` = the suite sends this.
            "subscribe": {
                "operationId": f"{producer}_publishes_{event_name}",
                "summary": f"{producer} publishes {event_name}"
                + (f"; consumed by {', '.join(consumers)}" if consumers else "; no consumer yet"),
                "tags": [{"name": producer}],
                "message": {"$ref": f"#/components/messages/{routing_key}"},
            },
        }
    producers = sorted({key.split(".", 1)[0] for key in CATALOGUE})
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "id": "urn:healthcard-suite:events",
        "info": {
            "title": "Health-card suite events",
            "version": version,
            "description": (
                "Every event the suite carries over RabbitMQ. Each message is an envelope (event_id, "
                "event_type, version, occurred_at, producer, correlation_id, payload) published persistent "
                f"on the durable topic exchange `{exchange}` with routing key `<producer>.<EventType>`. "
                "Consumers apply each event_id once (inbox) and retry through delay queues before parking."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "rabbitmq": {"url": server_url, "protocol": "amqp", "protocolVersion": "0.9.1"},
        },
        "tags": [{"name": producer} for producer in producers],
        "channels": channels,
        "components": {"messages": messages, "schemas": schemas},
    }
