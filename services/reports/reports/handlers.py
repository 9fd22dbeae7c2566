"""Events the reports service consumes (see shared/bus/subscriptions.py)."""

from shared.bus import Handlers

handlers = Handlers("reports")
