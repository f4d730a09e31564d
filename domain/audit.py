"""The audit log: who changed what, when, with the old and new values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.ids import AuditEntryId


@dataclass(frozen=True)
class AuditEntry:
    id: AuditEntryId
    at: datetime
    actor: str
    action: str
    target: str | None
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
