"""Where attachment bytes live: the suite's one upload storage (shared.storage), under crm's own names."""

from __future__ import annotations

from shared.storage import FileStorage as AttachmentStorage
from shared.storage import LocalDiskStorage

__all__ = ["AttachmentStorage", "LocalDiskStorage"]
