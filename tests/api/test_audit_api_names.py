# ruff: noqa: E501  (CONTRACT is API.md word for word, its long lines included)
"""The names of the GraphQL contract (API.md) exist in the schema, with their stated types.

API.md says: "The names below are the contract: keep them (front ends and outside
acceptance tests use them) ... rename nothing listed here." schema-changes.toml guards
schema.graphql against its own history; this guards it against the contract itself, so a
rename or a retyping of a contract name fails here even when it is declared there.

CONTRACT is the text of API.md's two graphql blocks, word for word (the design folder is
not part of a clone); the enum values, error codes and the fields named only in its
comments are the hand lists below. When the design folder is present (the project's
workspace), the copy is checked against it, so it cannot go stale silently.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import (
    DocumentNode,
    FieldDefinitionNode,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    InputObjectTypeDefinitionNode,
    InputValueDefinitionNode,
    ObjectTypeDefinitionNode,
    parse,
    print_ast,
)
from graphql import build_schema as build_sdl

from schema.root import build_schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = build_schema()._schema

CONTRACT = r"""
type Mutation {
  login(input: LoginInput!): LoginPayload!              # token, expiresAt, errors
  logout: LogoutPayload!

  orderInvoiceEmail(input: OrderInvoiceEmailInput!): OrderInvoiceEmailPayload!        # D4
  orderInvoiceDownload(input: OrderInvoiceDownloadInput!): OrderInvoiceDownloadPayload! # D3 → job
  changeDeliveryMethod(input: ChangeDeliveryMethodInput!): DeliverySettingsPayload!   # D6
  changeDeliveryEmails(input: ChangeDeliveryEmailsInput!): DeliverySettingsPayload!   # D7
  changeInvoiceFormat(input: ChangeInvoiceFormatInput!): DeliverySettingsPayload!     # D8
  orderCurrentCharges(input: OrderCurrentChargesInput!): OrderCurrentChargesPayload!  # D9

  registerPayment(input: RegisterPaymentInput!): RegisterPaymentPayload!             # D12
  renameSubscribers(input: RenameSubscribersInput!): RenameSubscribersPayload!       # D13
  changeSubscriberServices(input: ChangeSubscriberServicesInput!): ChangeSubscriberServicesPayload! # D14
  createFeedbackTicket(input: CreateFeedbackTicketInput!): CreateFeedbackTicketPayload!             # D17
}

type Query {
  node(id: ID!): Node
  me: Admin!                        # login, client
  client: Client!                   # D11: name, unp, okpo, bankAccounts, contract, status, paymentForm, balance
  billingAccounts(first: Int, after: String): BillingAccountConnection!
  invoiceService: InvoiceServiceStatus!   # available, reason (ErrorCode), resumesAt (D2)
  documentJob(id: ID!): DocumentJob
  payments(first: Int, after: String): PaymentConnection!                 # D12
  installments: [Installment!]!                                           # D15
  subscribers(search: String, first: Int, after: String): SubscriberConnection!  # D16
  additionalServices: [AdditionalService!]!                               # D14 catalogue
  renameRequests(first: Int, after: String): RenameRequestConnection!     # D13
  serviceRequests(first: Int, after: String): ServiceRequestConnection!   # D14 history window
  feedbackTickets(first: Int, after: String): FeedbackTicketConnection!   # D17
  auditLog(first: Int, after: String): AuditEntryConnection!              # who changed what, when
}

input LoginInput { login: String!  password: String! }
type LoginPayload { token: String  expiresAt: DateTime  errors: [UserError!]! }
type UserError { code: ErrorCode!  field: String  message: String! }
type InvoiceServiceStatus { available: Boolean!  reason: ErrorCode  resumesAt: DateTime }
type OrderInvoiceEmailPayload { request: InvoiceEmailRequest  errors: [UserError!]! }
type BillingAccount implements Node {
  id: ID!  number: String!  balance: Decimal!
  delivery: DeliverySettings!                               # the version in force now
  deliveryHistory(first: Int, after: String): DeliverySettingsConnection!   # D5, newest first
  invoices(first: Int, after: String): InvoiceConnection!   # newest first
  downloadablePeriods: [String!]!                           # D3, e.g. ["2026-10", "2026-09"]
}
type DeliverySettings {
  method: DeliveryMethod!          # EMAIL | SELF_PICKUP
  emails: [String!]!
  format: InvoiceFormat!           # PDF | EXCEL | EXCEL_BREAKDOWN
  validFrom: DateTime!
}
type Invoice implements Node {
  id: ID!  number: String!  period: String!  formedAt: DateTime!
  total: Decimal!  vat: Decimal!  amountDue: Decimal!
  sentTo: [String!]!               # D5 snapshot; empty for SELF_PICKUP
  deliveries: [Delivery!]!         # every sending: kind (REGULAR | REPEAT), at, formats,
                                   # results per address (SENT | REFUSED | FAILED)
}
type DocumentJob implements Node {
  id: ID!  status: JobStatus!      # QUEUED | RUNNING | DONE | FAILED
  format: DownloadFormat!          # PDF | XLSX | XLSX_BREAKDOWN
  downloadUrl: String              # when DONE: a signed link that expires
  expiresAt: DateTime  error: UserError  createdAt: DateTime!  finishedAt: DateTime
}
input OrderInvoiceEmailInput    { billingAccountId: ID!  period: String! }
input OrderInvoiceDownloadInput { billingAccountId: ID!  period: String!  format: DownloadFormat! }
input ChangeDeliveryMethodInput { billingAccountId: ID!  method: DeliveryMethod!  emails: String }
input ChangeDeliveryEmailsInput { billingAccountId: ID!  emails: String! }   # "a@x.by;b@y.by"
input ChangeInvoiceFormatInput  { billingAccountId: ID!  format: InvoiceFormat! }
input OrderCurrentChargesInput  { billingAccountId: ID! }
type OrderInvoiceDownloadPayload { job: DocumentJob  errors: [UserError!]! }
type DeliverySettingsPayload     { delivery: DeliverySettings  appliesFromPeriod: String  errors: [UserError!]! }
input RenameSubscribersInput { items: [RenameItem!]  file: Upload  dryRun: Boolean  idempotencyKey: String }
input RenameItem { number: String!  name: String! }   # number as "+375291234567"
input ChangeSubscriberServicesInput { action: ServiceAction!  serviceCode: String!  numbers: [String!]! }  # ADD | REMOVE
type RenameSubscribersPayload { request: RenameRequest  lines: [LineResult!]!  errors: [UserError!]! }
type ChangeSubscriberServicesPayload { request: ServiceRequest  lines: [LineResult!]!  errors: [UserError!]! }
type LineResult { number: String!  ok: Boolean!  error: UserError }   # one per input line, in order
type RenameRequest implements Node { id: ID!  status: JobStatus!  createdAt: DateTime!  lines: [LineResult!]! }
type ServiceRequest implements Node { id: ID!  action: ServiceAction!  serviceCode: String!  status: JobStatus!  createdAt: DateTime! }
input RegisterPaymentInput { amount: Decimal!  paidOn: Date!  documentNumber: String!  bank: String }
type Payment implements Node { id: ID!  paidOn: Date!  amount: Decimal!  documentNumber: String!  confirmed: Boolean! }
input CreateFeedbackTicketInput { subject: String!  text: String! }
type FeedbackTicket implements Node { id: ID!  subject: String!  text: String!  status: String!  createdAt: DateTime! }
type Subscriber implements Node { id: ID!  number: String!  name: String!  tariff: String!  status: String!  services: [AdditionalService!]! }
type AdditionalService { code: String!  name: String! }
type Installment { item: String!  total: Decimal!  monthlyPayment: Decimal!  paymentsMade: Int!  paymentsLeft: Int!  amountLeft: Decimal!  payoffDate: Date! }
type Client { name: String!  unp: String!  okpo: String!  balance: Decimal!  status: String!  paymentForm: String!
              contractNumber: String!  contractDate: Date!  email: String  bankAccounts: [BankAccount!]! }
type BankAccount { iban: String!  bic: String!  bank: String! }
type AuditEntry implements Node { id: ID!  at: DateTime!  actor: String!  action: String!  target: String  before: JSON  after: JSON }
"""


def _document() -> DocumentNode:
    return parse(CONTRACT)


def _contract_fields() -> list[tuple[str, str, str, list[InputValueDefinitionNode]]]:
    """(type, field, type as written, arguments) of every field of the contract's blocks."""
    rows = []
    for definition in _document().definitions:
        assert isinstance(definition, ObjectTypeDefinitionNode | InputObjectTypeDefinitionNode)
        for field in definition.fields or ():
            args = list(field.arguments or ()) if isinstance(field, FieldDefinitionNode) else []
            rows.append((definition.name.value, field.name.value, print_ast(field.type), args))
    return rows


# Deliberate, compatible departures from the contract's text, each with its reason. Any
# other difference in a type as written fails.
LOOSENED_INPUTS = {
    # D14: a file may be sent instead of the list (issue 12), so the list became optional;
    # every request the contract allows is still accepted.
    ("ChangeSubscriberServicesInput", "numbers"): ("[String!]!", "[String!]"),
}

# Named only in comments or prose of API.md (and of issue 12 for the subscription).
ENUMS = {
    "DeliveryMethod": {"EMAIL", "SELF_PICKUP"},
    "InvoiceFormat": {"PDF", "EXCEL", "EXCEL_BREAKDOWN"},
    "JobStatus": {"QUEUED", "RUNNING", "DONE", "FAILED"},
    "DownloadFormat": {"PDF", "XLSX", "XLSX_BREAKDOWN"},
    "ServiceAction": {"ADD", "REMOVE"},
    "DeliveryKind": {"REGULAR", "REPEAT"},
    "DeliveryResultStatus": {"SENT", "REFUSED", "FAILED"},
}
ERROR_CODES = [
    "NOT_FOUND",
    "FORMATION_WINDOW",
    "CURRENT_PERIOD",
    "PERIOD_NOT_AVAILABLE",
    "INVOICE_NOT_FOUND",
    "NO_EMAIL_ADDRESS",
    "EMAILS_REQUIRED",
    "EMAILS_TOO_LONG",
    "EMAILS_CONTAIN_SPACES",
    "INVALID_EMAIL",
    "DUPLICATE_EMAIL",
    "INVALID_PERIOD",
    "RENAME_MONTH_END",
    "INVALID_NAME",
    "UNKNOWN_SUBSCRIBER",
    "UNKNOWN_SERVICE",
    "INVALID_AMOUNT",
    "INVALID_DATE",
    "DUPLICATE_PAYMENT",
    "LIST_TOO_LONG",
    "INVALID_FILE",
    "INVALID_CREDENTIALS",
    "TOO_MANY_ATTEMPTS",
    "UNAUTHENTICATED",
]
COMMENT_FIELDS = {
    # "me: Admin!  # login, client"
    "Admin": {"login": "String!", "client": "Client!"},
    # "deliveries: [Delivery!]!  # every sending: kind (REGULAR | REPEAT), at, formats,
    #  results per address (SENT | REFUSED | FAILED)"
    "Delivery": {
        "kind": "DeliveryKind!",
        "at": "DateTime!",
        "formats": "[DownloadFormat!]!",
        "results": "[DeliveryResult!]!",
    },
    "DeliveryResult": {"address": "String!", "status": "DeliveryResultStatus!"},
    # Lists are Relay connections: "first ≤ 100, after".
    "PageInfo": {"hasNextPage": "Boolean!", "endCursor": "String"},
    # Issue 12: "documentJob(id: ID!): DocumentJob! yields the job ... progress: Int".
    "Subscription": {"documentJob": "DocumentJob!"},
    "DocumentJob": {"progress": "Int"},
}
CONNECTIONS = {
    "billingAccounts": "BillingAccountConnection",
    "payments": "PaymentConnection",
    "subscribers": "SubscriberConnection",
    "renameRequests": "RenameRequestConnection",
    "serviceRequests": "ServiceRequestConnection",
    "feedbackTickets": "FeedbackTicketConnection",
    "auditLog": "AuditEntryConnection",
}
SCALARS = {"Decimal", "Date", "DateTime", "JSON", "Upload"}


def _schema_field(
    type_name: str, field_name: str, schema: GraphQLSchema = SCHEMA
) -> tuple[str, dict[str, str]] | None:
    type_ = schema.get_type(type_name)
    if not isinstance(type_, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
        return None
    field = type_.fields.get(field_name)
    if field is None:
        return None
    args = getattr(field, "args", {}) or {}
    return str(field.type), {name: str(arg.type) for name, arg in args.items()}


def test_the_contract_copy_is_the_contract() -> None:
    """The blocks above are API.md's, when the design folder is at hand (else skipped)."""
    found = [
        p / "shared" / "design" / "API.md"
        for p in ROOT.parents
        if (p / "shared" / "design" / "API.md").exists()
    ]
    if not found:
        pytest.skip("the design folder (shared/design/API.md) is not beside this clone")
    text = found[0].read_text(encoding="utf-8")
    blocks = re.findall(r"```graphql\n(.*?)```", text, re.S)
    assert blocks, "API.md has no graphql block"
    assert CONTRACT.strip() == "\n".join(blocks).strip(), "update CONTRACT from API.md"
    prose = text.split("## Error codes", 1)[1].split("##", 1)[0]
    assert set(re.findall(r"`([A-Z_]+)`", prose)) <= set(ERROR_CODES)


def test_every_contract_type_exists_with_its_kind_and_interfaces() -> None:
    problems = []
    for definition in _document().definitions:
        assert isinstance(definition, ObjectTypeDefinitionNode | InputObjectTypeDefinitionNode)
        name = definition.name.value
        type_ = SCHEMA.get_type(name)
        if isinstance(definition, InputObjectTypeDefinitionNode):
            if not isinstance(type_, GraphQLInputObjectType):
                problems.append(f"input {name}: {type_!r}")
            continue
        if not isinstance(type_, GraphQLObjectType):
            problems.append(f"type {name}: {type_!r}")
            continue
        wanted = {i.name.value for i in definition.interfaces or ()}
        have = {i.name for i in type_.interfaces}
        if not wanted <= have:
            problems.append(f"{name} does not implement {wanted - have}")
    assert not problems, problems


def _field_problems(schema: GraphQLSchema) -> list[str]:
    problems = []
    for type_name, field_name, written, args in _contract_fields():
        found = _schema_field(type_name, field_name, schema)
        if found is None:
            problems.append(f"{type_name}.{field_name} is missing")
            continue
        actual, actual_args = found
        expected = LOOSENED_INPUTS.get((type_name, field_name), (written, written))
        if (written, actual) != expected:
            problems.append(f"{type_name}.{field_name}: {actual}, the contract says {written}")
        for arg in args:
            name, arg_type = arg.name.value, print_ast(arg.type)
            if actual_args.get(name) != arg_type:
                problems.append(
                    f"{type_name}.{field_name}({name}): {actual_args.get(name)}, "
                    f"the contract says {arg_type}"
                )
    return problems


def test_every_contract_field_exists_with_its_type_and_arguments() -> None:
    assert len(_contract_fields()) > 100  # the parse read both blocks
    problems = _field_problems(SCHEMA)
    assert not problems, "\n".join(problems)


def test_a_renamed_or_retyped_contract_name_is_seen() -> None:
    """The check can fail: schema.graphql with one field renamed and one made nullable."""
    sdl = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert "  orderInvoiceEmail(input" in sdl and "  amountDue: Decimal!" in sdl
    broken = sdl.replace("  orderInvoiceEmail(input", "  orderInvoiceByEmail(input").replace(
        "  amountDue: Decimal!", "  amountDue: Decimal"
    )
    problems = _field_problems(build_sdl(broken))
    assert problems == [
        "Mutation.orderInvoiceEmail is missing",
        "Invoice.amountDue: Decimal, the contract says Decimal!",
    ]


def test_the_names_in_the_contracts_comments_exist() -> None:
    problems = []
    for type_name, fields in COMMENT_FIELDS.items():
        for field_name, written in fields.items():
            found = _schema_field(type_name, field_name)
            if found is None or found[0] != written:
                problems.append(f"{type_name}.{field_name}: {found}, the contract says {written}")
    for field_name, connection in CONNECTIONS.items():
        found = _schema_field("Query", field_name)
        if found is None or found[0] != connection + "!":
            problems.append(f"Query.{field_name}: {found}")
            continue
        for part in ("edges", "nodes", "pageInfo"):
            if _schema_field(connection, part) is None:
                problems.append(f"{connection}.{part} is missing")
    for name in SCALARS:
        if not isinstance(SCHEMA.get_type(name), GraphQLScalarType):
            problems.append(f"scalar {name} is missing")
    assert not problems, problems


@pytest.mark.parametrize("enum", sorted(ENUMS))
def test_every_contract_enum_value_exists(enum: str) -> None:
    type_ = SCHEMA.get_type(enum)
    assert isinstance(type_, GraphQLEnumType), enum
    assert ENUMS[enum] <= set(type_.values), ENUMS[enum] - set(type_.values)


def test_every_contract_error_code_exists() -> None:
    type_ = SCHEMA.get_type("ErrorCode")
    assert isinstance(type_, GraphQLEnumType)
    assert set(ERROR_CODES) <= set(type_.values), set(ERROR_CODES) - set(type_.values)
    # UserError carries them: UserError { code: ErrorCode!, field: String, message: String! }
    assert _schema_field("UserError", "code") == ("ErrorCode!", {})
