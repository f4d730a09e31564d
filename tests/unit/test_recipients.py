"""D7: the recipients field, addresses separated by ';' with no spaces."""

from __future__ import annotations

import copy

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from domain.errors import DomainError, ErrorCode
from domain.mail import MailMessage
from domain.recipients import MAX_LENGTH, NONE, RecipientList


def refusal(text: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        RecipientList.parse(text)
    return caught.value


_LOCAL = st.from_regex(r"[a-z0-9]([a-z0-9_+-]{0,8}[a-z0-9])?(\.[a-z0-9]{1,5}){0,2}", fullmatch=True)
# No "--" in a label: IDNA reserves it ("xn--"), so email-validator refuses such domains.
_DOMAIN = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True).map(
    lambda label: f"{label}.by"
)
addresses = st.builds(lambda local, domain: f"{local}@{domain}", _LOCAL, _DOMAIN)
address_lists = st.lists(addresses, min_size=1, max_size=6, unique_by=str.lower).filter(
    lambda items: len(";".join(items)) <= MAX_LENGTH
)


def test_d7_parses_one_address() -> None:
    recipients = RecipientList.parse("buh@company.by")
    assert recipients.addresses == ("buh@company.by",)
    assert recipients.text == "buh@company.by"


def test_d7_parses_several_addresses_in_order() -> None:
    recipients = RecipientList.parse("buh@company.by;Director@Company.BY;it@other.com")
    assert recipients.addresses == ("buh@company.by", "Director@Company.BY", "it@other.com")
    assert len(recipients) == 3
    assert list(recipients) == list(recipients.addresses)


def test_d7_keeps_addresses_as_typed_and_gives_ascii_for_idn() -> None:
    recipients = RecipientList.parse("Buh@пример.бел")
    assert recipients.addresses == ("Buh@пример.бел",)
    assert recipients.ascii_addresses == ("Buh@xn--e1afmkfd.xn--90ais",)


@pytest.mark.parametrize("text", ["", ";", ";;;", " ", "\t", " ; "])
def test_d7_requires_an_address(text: str) -> None:
    error = refusal(text)
    assert error.code is ErrorCode.EMAILS_REQUIRED
    assert error.field == "emails"


def test_d7_accepts_exactly_200_characters() -> None:
    first = "a" * 60 + "@company.by"  # 71
    second = "b" * 60 + "@company.by"  # 71
    third = "c" * (MAX_LENGTH - 71 - 71 - 2 - len("@company.by")) + "@company.by"
    text = f"{first};{second};{third}"
    assert len(text) == MAX_LENGTH
    assert RecipientList.parse(text).text == text


def test_d7_rejects_more_than_200_characters() -> None:
    first = "a" * 60 + "@company.by"
    second = "b" * 60 + "@company.by"
    third = "c" * (MAX_LENGTH - 71 - 71 - 2 - len("@company.by") + 1) + "@company.by"
    text = f"{first};{second};{third}"
    assert len(text) == MAX_LENGTH + 1
    error = refusal(text)
    assert error.code is ErrorCode.EMAILS_TOO_LONG
    assert error.field == "emails"
    assert "200" in error.message


@pytest.mark.parametrize(
    "text",
    [
        "a@x.by; b@y.by",
        "a@x.by ;b@y.by",
        " a@x.by",
        "a@x.by ",
        "a@x.by;\tb@y.by",
        "a@x.by\u00a0",
        "a@x.by\r\nBcc:evil@x.by",
        "a@x.by\n",
        "a@x.by\u2028",
        "a@x.by\u200b",
        "a @x.by",
    ],
)
def test_d7_rejects_spaces(text: str) -> None:
    error = refusal(text)
    assert error.code is ErrorCode.EMAILS_CONTAIN_SPACES
    assert error.field == "emails"
    assert "без пробела" in error.message


@given(
    prefix=st.text(max_size=60),
    blank=st.sampled_from([" ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u3000", "\u200b"]),
    suffix=st.text(max_size=60),
)
def test_d7_any_text_with_a_blank_is_refused_with_spaces(
    prefix: str, blank: str, suffix: str
) -> None:
    text = prefix + blank + suffix
    # Only blanks and ';' means nothing was entered: that is EMAILS_REQUIRED.
    assume(any(not (c.isspace() or c in ";\u200b\u2060\ufeff\u180e") for c in text))
    assert refusal(text).code is ErrorCode.EMAILS_CONTAIN_SPACES


@pytest.mark.parametrize(
    ("text", "field", "number"),
    [
        ("not-an-address", "emails.0", "№1"),
        ("a@x.by;b@", "emails.1", "№2"),
        ("a@x.by;b@y.by;c@localhost", "emails.2", "№3"),
        ("a@x.by;a..b@y.by", "emails.1", "№2"),
        ('a@x.by;"b"@y.by', "emails.1", "№2"),
        ("a@x.by;b@[10.0.0.1]", "emails.1", "№2"),
        ("a@x.by;b@y.test", "emails.1", "№2"),
        ("иван@пример.бел", "emails.0", "№1"),
        ("a@x.by,b@y.by", "emails.0", "№1"),
    ],
)
def test_d7_invalid_email_names_the_item(text: str, field: str, number: str) -> None:
    error = refusal(text)
    assert error.code is ErrorCode.INVALID_EMAIL
    assert error.field == field
    assert number in error.message


def test_d7_invalid_email_message_quotes_the_item() -> None:
    error = refusal("a@x.by;wrong@")
    assert "«wrong@»" in error.message


@pytest.mark.parametrize(
    ("text", "field"),
    [("a@x.by;;b@y.by", "emails.1"), ("a@x.by;", "emails.1"), (";a@x.by", "emails.0")],
)
def test_d7_rejects_empty_items(text: str, field: str) -> None:
    error = refusal(text)
    assert error.code is ErrorCode.INVALID_EMAIL
    assert error.field == field
    assert "пуст" in error.message


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\u202e", "\ufff0"])
def test_d7_rejects_control_characters(char: str) -> None:
    error = refusal(f"a@x.by;b{char}@y.by")
    assert error.code is ErrorCode.INVALID_EMAIL
    assert error.field == "emails.1"
    assert char not in error.message


@given(st.text(max_size=MAX_LENGTH))
def test_d7_no_accepted_list_carries_cr_lf_or_controls(text: str) -> None:
    try:
        recipients = RecipientList.parse(text)
    except DomainError:
        return
    for address in recipients.addresses + recipients.ascii_addresses:
        assert address
        assert all(c.isprintable() and not c.isspace() for c in address)
        assert ";" not in address


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("a@x.by;A@X.BY", "emails.1"),
        ("a@x.by;b@y.by;B@Y.by", "emails.2"),
        ("a@пример.бел;A@xn--e1afmkfd.xn--90ais", "emails.1"),
    ],
)
def test_d7_rejects_duplicates_case_insensitively(text: str, field: str) -> None:
    error = refusal(text)
    assert error.code is ErrorCode.DUPLICATE_EMAIL
    assert error.field == field


def test_d7_duplicate_message_names_both_items() -> None:
    error = refusal("a@x.by;b@y.by;A@x.by")
    assert "№3" in error.message
    assert "№1" in error.message


def test_d7_uses_the_callers_field_name() -> None:
    with pytest.raises(DomainError) as caught:
        RecipientList.parse("a@x.by;bad", field_name="input.emails")
    assert caught.value.field == "input.emails.1"


def test_d7_direct_construction_is_validated_too() -> None:
    with pytest.raises(DomainError) as caught:
        RecipientList(("a@x.by", "b@y.by\r\nBcc: c@z.by"))
    assert caught.value.code is ErrorCode.EMAILS_CONTAIN_SPACES
    with pytest.raises(DomainError) as empty_item:
        RecipientList(("",))
    assert empty_item.value.code is ErrorCode.EMAILS_REQUIRED
    with pytest.raises(DomainError) as duplicate:
        RecipientList(("a@x.by", "A@X.by"))
    assert (duplicate.value.code, duplicate.value.field) == (ErrorCode.DUPLICATE_EMAIL, "emails.1")
    assert "повторяет адрес №1" in duplicate.value.message


def test_d6_the_empty_list_is_a_value_the_empty_text_is_not() -> None:
    # Settings that are not EMAIL may have no address (D6): the empty list exists...
    assert RecipientList() == NONE == RecipientList(()) == RecipientList.stored_text("")
    assert not NONE and len(NONE) == 0 and list(NONE) == []
    assert NONE.text == "" and NONE.ascii_addresses == ()
    # ...but a typed field left empty is refused with the rule's code and words (D7).
    error = refusal("")
    assert (error.code, error.message) == (
        ErrorCode.EMAILS_REQUIRED,
        "Введите адрес e-mail для доставки счетов.",
    )


def test_d7_a_list_is_frozen_iterable_and_compared_by_its_addresses() -> None:
    recipients = RecipientList.parse("a@x.by;b@y.by")
    assert recipients == RecipientList(("a@x.by", "b@y.by"))
    assert recipients != RecipientList.parse("b@y.by;a@x.by")  # the order is kept
    assert recipients != ("a@x.by", "b@y.by")  # a value, not a tuple
    assert hash(recipients) == hash(RecipientList(["a@x.by", "b@y.by"]))
    assert "b@y.by" in recipients and "c@z.by" not in recipients
    assert str(recipients) == "a@x.by;b@y.by" and tuple(recipients) == recipients.addresses
    with pytest.raises(AttributeError):
        recipients.addresses = ("c@z.by",)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        recipients._addresses = ("c@z.by",)
    assert recipients.addresses == ("a@x.by", "b@y.by")


def test_d7_nothing_is_normalised_or_dropped() -> None:
    # Kept as typed (case, IDN); a duplicate is refused, never merged.
    recipients = RecipientList.parse("Buh@Company.BY;it@пример.бел")
    assert recipients.addresses == ("Buh@Company.BY", "it@пример.бел")
    assert recipients.ascii_addresses == ("Buh@company.by", "it@xn--e1afmkfd.xn--90ais")
    assert refusal("Buh@Company.BY;buh@company.by").code is ErrorCode.DUPLICATE_EMAIL


def test_d7_a_stored_list_is_read_unchecked_and_checked_before_it_is_mailed() -> None:
    good = RecipientList.stored(["a@x.by", "b@пример.бел"])
    assert good == RecipientList.parse("a@x.by;b@пример.бел")
    assert good.ascii_addresses == ("a@x.by", "b@xn--e1afmkfd.xn--90ais")
    assert RecipientList.stored_text("a@x.by;b@y.by").addresses == ("a@x.by", "b@y.by")
    # A row written behind the domain's back still reads (the settings page shows it)...
    bad = RecipientList.stored(["a@x.by", "b@y.by\r\nBcc: spy@evil.by"])
    assert bad.addresses[1] == "b@y.by\r\nBcc: spy@evil.by"
    # ...but can never be mailed: its ASCII forms are the whole check.
    with pytest.raises(DomainError) as caught:
        bad.ascii_addresses  # noqa: B018
    assert caught.value.code is ErrorCode.EMAILS_CONTAIN_SPACES
    with pytest.raises(DomainError) as message:
        MailMessage(bad, "Тема", "Текст")
    assert message.value.code is ErrorCode.EMAILS_CONTAIN_SPACES


def test_d7_a_message_needs_a_recipient() -> None:
    with pytest.raises(DomainError) as caught:
        MailMessage(NONE, "Тема", "Текст")
    assert (caught.value.code, caught.value.field) == (ErrorCode.EMAILS_REQUIRED, "emails")
    assert MailMessage(RecipientList.parse("a@x.by"), "Тема", "Текст").recipients.text == "a@x.by"


@given(address_lists)
def test_d7_a_stored_list_equals_the_list_it_was_stored_from(items: list[str]) -> None:
    typed = RecipientList.parse(";".join(items))
    back = RecipientList.stored_text(typed.text)
    assert back == typed and back.ascii_addresses == typed.ascii_addresses
    assert copy.deepcopy(typed) == typed and copy.copy(typed) == typed


@given(address_lists)
def test_d7_valid_lists_round_trip(items: list[str]) -> None:
    text = ";".join(items)
    recipients = RecipientList.parse(text)
    assert recipients.addresses == tuple(items)
    assert recipients.text == text
    assert RecipientList.parse(recipients.text) == recipients


@given(address_lists, st.data())
def test_d7_repeating_any_address_in_other_case_is_a_duplicate(
    items: list[str], data: st.DataObject
) -> None:
    repeated = data.draw(st.sampled_from(items)).upper()
    text = ";".join([*items, repeated])
    assume(len(text) <= MAX_LENGTH)
    error = refusal(text)
    assert error.code is ErrorCode.DUPLICATE_EMAIL
    assert error.field == f"emails.{len(items)}"


def test_d7_checked_is_free_for_a_typed_list_and_once_for_a_stored_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import domain.recipients as recipients

    typed = RecipientList.parse("a@x.by")
    stored = RecipientList.stored(["b@y.by"])
    runs: list[tuple[str, ...]] = []
    check = recipients._check

    def counted(addresses: tuple[str, ...], field_name: str) -> tuple[str, ...]:
        runs.append(addresses)
        return check(addresses, field_name)

    monkeypatch.setattr(recipients, "_check", counted)
    assert typed.checked() is typed and stored.checked() is stored
    assert stored.checked() is stored and copy.deepcopy(stored).checked() is stored
    assert runs == [("b@y.by",)]
