"""The event contract of the suite: envelope, versioned payload models, catalogue, AsyncAPI."""

from shared.events.catalogue import CATALOGUE, model_for, routing_key
from shared.events.envelope import Envelope, EventModel

__all__ = ["CATALOGUE", "Envelope", "EventModel", "model_for", "routing_key"]
