"""Typed commands: their wire form (the outbox row, the Dramatiq message) and the handler map."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from domain.commands import (
    COMMANDS,
    CarryOutRenames,
    ChangeSubscriberServices,
    Command,
    Handler,
    Handlers,
    RenderDocument,
    SendCurrentCharges,
    SendInvoiceEmail,
)
from domain.ids import JobId
from infra.queue.commands import BadCommand, decode, decode_as, encode

ONE_OF_EACH: list[Command] = [
    RenderDocument(JobId(1)),
    SendInvoiceEmail(JobId(2)),
    SendCurrentCharges(JobId(3)),
    CarryOutRenames(JobId(4)),
    ChangeSubscriberServices(JobId(5)),
]


def test_every_command_is_listed_once_with_a_name_of_its_own() -> None:
    assert {type(c) for c in ONE_OF_EACH} == set(COMMANDS)
    assert len({kind.name for kind in COMMANDS}) == len(COMMANDS)


def test_the_names_are_those_of_rows_and_messages_already_in_flight() -> None:
    # Renaming one would strand the rows and broker messages written under the old name.
    assert {kind.name: [f.name for f in dataclasses.fields(kind)] for kind in COMMANDS} == {
        "render_document": ["job_id"],
        "send_invoice_email": ["email_id"],
        "send_current_charges": ["report_id"],
        "carry_out_renames": ["request_id"],
        "change_subscriber_services": ["request_id"],
    }


@pytest.mark.parametrize("command", ONE_OF_EACH, ids=lambda c: type(c).__name__)
def test_a_command_reads_back_as_itself(command: Command) -> None:
    name, fields = encode(command)
    assert decode(name, fields) == command
    assert decode_as(type(command), fields) == command


def test_the_old_rows_format_reads_as_commands() -> None:
    assert decode("render_document", {"job_id": 42}) == RenderDocument(JobId(42))
    assert decode("carry_out_renames", {"request_id": "7"}) == CarryOutRenames(JobId(7))
    assert decode("send_invoice_email", {"email_id": 9, "later": "x"}) == SendInvoiceEmail(JobId(9))


@pytest.mark.parametrize(
    ("name", "fields", "says"),
    [
        ("print_money", {"job_id": 1}, "unknown command"),
        ("render_document", {}, "no job_id"),
        ("render_document", {"job_id": None}, "not int"),
        ("render_document", {"job_id": True}, "not int"),
        ("render_document", {"job_id": "4.5"}, "not int"),
        ("render_document", {"job_id": "-1"}, "not int"),
        ("render_document", [1], "not an object"),
    ],
)
def test_what_is_no_command_is_refused_by_name(name: str, fields: Any, says: str) -> None:
    with pytest.raises(BadCommand, match=says):
        decode(name, fields)


async def test_the_handler_map_runs_the_use_case_of_the_commands_type() -> None:
    seen: list[tuple[str, int]] = []

    async def note(kind: str, pk: int) -> None:
        seen.append((kind, pk))

    handlers = Handlers(
        Handler(RenderDocument, lambda c: note("render", c.job_id)),
        Handler(SendInvoiceEmail, lambda c: note("mail", c.email_id)),
        Handler(SendCurrentCharges, lambda c: note("charges", c.report_id)),
        Handler(CarryOutRenames, lambda c: note("renames", c.request_id)),
        Handler(ChangeSubscriberServices, lambda c: note("services", c.request_id)),
    )
    for command in ONE_OF_EACH:
        await handlers.handle(command)
    assert seen == [("render", 1), ("mail", 2), ("charges", 3), ("renames", 4), ("services", 5)]


async def _nothing(command: Any) -> None:
    return None


def test_a_handler_map_without_a_command_is_refused_when_built() -> None:
    with pytest.raises(ValueError, match="no handler for SendCurrentCharges"):
        Handlers(*(Handler(k, _nothing) for k in COMMANDS if k is not SendCurrentCharges))


def test_a_handler_map_with_two_handlers_for_a_command_is_refused() -> None:
    with pytest.raises(ValueError, match="two handlers for RenderDocument"):
        Handlers(*(Handler(k, _nothing) for k in COMMANDS), Handler(RenderDocument, _nothing))
