"""The ids of the model's entities, as distinct types.

Each is a `NewType` of int: nothing at run time, but mypy --strict refuses an AccountId
where a ClientId is expected, or a bare int where either is. A bare int becomes an id
only at the edges, once: the schema decoding a global id (schema/ids.py), a row read
back (infra/db), a signed-in session (the actor), a command read from the broker.
- ClientId: a corporate client, the scope of every read and write (D18).
- AccountId: one of its billing accounts (D10).
- JobId: a job of the one lifecycle (domain/job_store.py): a download job, an invoice
  sending, a charges report, a list request. One type for every kind, as the JobStore
  port and the recovery pass handle every kind alike.
"""

from __future__ import annotations

from typing import NewType

ClientId = NewType("ClientId", int)
AccountId = NewType("AccountId", int)
JobId = NewType("JobId", int)

__all__ = ["AccountId", "ClientId", "JobId"]
