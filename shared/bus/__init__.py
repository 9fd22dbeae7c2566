"""Event bus plumbing: transactional outbox, relay, inbox consumer, topology.

A service uses three things from here: `emit()` inside its own transaction, a `Handlers` registry in its
`handlers.py`, and `run_worker()` in its `worker.py`.
"""

from shared.bus.handlers import Handlers
from shared.bus.outbox import emit

__all__ = ["Handlers", "emit"]
