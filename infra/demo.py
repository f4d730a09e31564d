"""Demo data for `kabinet demo`: two corporate clients and a year of history.

Deterministic: every choice comes from random.Random seeded per client, and the only
time used is `now` (D0). Twelve closed months before `now` get formed invoices whose
figures come from domain.invoices.compute_totals, so they agree with the domain to the
kopeck; each CALLS charge is the exact sum of that subscriber's call detail records;
delivery settings and subscriber names are effective-dated histories, and each invoice
keeps the version in force at its formation (D5, D13).

Large sets (benchmarks) are written in chunks with COPY on asyncpg and executemany on
SQLite, inside one transaction: a failed load leaves nothing behind, and a second run
finds the demo clients by УНП and does nothing more.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar, cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.transactions import in_transaction

from domain.client_info import iban_mod97, unp_check_digit, validate_bic, validate_iban_by
from domain.delivery import DeliveryMethod, DeliverySettings, InvoiceFormat, in_force_at
from domain.installments import Installment, add_months
from domain.invoices import ChargeType, InvoiceLine, compute_totals
from domain.money import money
from domain.periods import MINSK, BillingPeriod, to_minsk
from domain.ports import PasswordHasher
from domain.renaming import name_in_force, validate_name
from domain.worktime import WorkCalendar
from infra.db.models import (
    AdminRow,
    BankAccountRow,
    BillingAccountRow,
    CallRow,
    ClientRow,
    DeliverySettingsRow,
    FeedbackReplyRow,
    FeedbackTicketRow,
    InstallmentRow,
    InvoiceLineRow,
    InvoiceRow,
    PaymentRow,
    ServiceRow,
    SubscriberNameRow,
    SubscriberRow,
    SubscriberServiceRow,
    TariffRow,
)

MONTHS = 12
_T = TypeVar("_T")
CHUNK = 20_000
OPERATOR = "Оператор службы поддержки"

# ---------------------------------------------------------------------------------
# Size and summary


@dataclass(frozen=True)
class DemoSize:
    """How much to generate. accounts_per_client[i] is client i's (the last repeats)."""

    accounts_per_client: tuple[int, ...] = (3, 2)
    subscribers_per_account: int = 12
    calls_per_subscriber_month: int = 5
    extra_clients: int = 0

    def __post_init__(self) -> None:
        if not self.accounts_per_client or min(self.accounts_per_client) < 1:
            raise ValueError("every client needs at least one billing account")
        if self.subscribers_per_account < 1 or self.calls_per_subscriber_month < 0:
            raise ValueError("subscribers per account ≥ 1, calls per month ≥ 0")
        if self.extra_clients < 0:
            raise ValueError("extra_clients ≥ 0")

    @classmethod
    def large(cls) -> DemoSize:
        """10,000 subscribers and about two million calls, for benchmarks."""
        return cls(
            accounts_per_client=(24, 16), subscribers_per_account=250, calls_per_subscriber_month=16
        )

    @property
    def client_count(self) -> int:
        return 2 + self.extra_clients

    def accounts_of(self, client_index: int) -> int:
        return self.accounts_per_client[min(client_index, len(self.accounts_per_client) - 1)]

    @property
    def total_accounts(self) -> int:
        return sum(self.accounts_of(i) for i in range(self.client_count))


@dataclass(frozen=True)
class DemoSummary:
    clients: int
    accounts: int
    subscribers: int
    invoices: int
    calls: int
    skipped: bool = False
    logins: tuple[str, ...] = ("demo", "demo2")

    def __str__(self) -> str:
        counts = (
            f"клиентов {self.clients}, лицевых счетов {self.accounts}, абонентов "
            f"{self.subscribers}, счетов {self.invoices}, звонков {self.calls}"
        )
        logins = ", ".join(f"{login}/{login}" for login in self.logins)
        if self.skipped:
            return f"Демо-данные уже загружены ({counts}); входы: {logins}."
        return f"Демо-данные загружены: {counts}. Входы: {logins}."


def demo_size_from_options(
    large: bool, subscribers: int | None, calls_per_month: int | None
) -> DemoSize:
    """The CLI options of `kabinet demo` → a DemoSize (subscribers is the total)."""
    size = DemoSize.large() if large else DemoSize()
    if subscribers is not None:
        if subscribers < 1:
            raise ValueError("--subscribers must be ≥ 1")
        if subscribers > 400 * size.total_accounts:
            # Many subscribers: more accounts of about 250 each, split 60/40.
            accounts = max(2, math.ceil(subscribers / 250))
            first = max(1, round(accounts * 0.6))
            size = replace(size, accounts_per_client=(first, max(1, accounts - first)))
        per_account = max(1, math.ceil(subscribers / size.total_accounts))
        size = replace(size, subscribers_per_account=per_account)
    if calls_per_month is not None:
        if calls_per_month < 0:
            raise ValueError("--calls-per-month must be ≥ 0")
        size = replace(size, calls_per_subscriber_month=calls_per_month)
    return size


# ---------------------------------------------------------------------------------
# Catalogue: tariffs (fees in BYN, net of VAT) and additional services

TARIFFS: dict[str, tuple[str, Decimal]] = {
    "BIZ_START": ("Бизнес Старт", Decimal("9.90")),
    "BIZ_OPTIMA": ("Бизнес Оптима", Decimal("19.90")),
    "BIZ_UNLIM": ("Бизнес Безлимит", Decimal("34.90")),
}
ALL_TARIFFS = list(TARIFFS)
# code → (name, allowed tariffs, monthly fee in kopecks (the catalogue row has no fee),
# the share of subscribers who have it)
SERVICES: dict[str, tuple[str, list[str], int, float]] = {
    "CALLER_ID": ("Определитель номера", ALL_TARIFFS, 150, 0.5),
    "VOICEMAIL": ("Голосовая почта", ALL_TARIFFS, 120, 0.3),
    "MMS": ("MMS", ALL_TARIFFS, 90, 0.2),
    "CALL_FORWARD": ("Переадресация вызова", ALL_TARIFFS, 0, 0.15),
    "ROAMING": ("Международный роуминг", ["BIZ_OPTIMA", "BIZ_UNLIM"], 300, 0.15),
    "CONF": ("Конференц-связь", ["BIZ_OPTIMA", "BIZ_UNLIM"], 250, 0.1),
    "BLACKLIST": ("Черный список", ["BIZ_UNLIM"], 100, 0.1),
}
# kopecks per started minute: (local, mobile, international) by tariff
RATES = {"BIZ_START": (6, 14, 129), "BIZ_OPTIMA": (4, 9, 119), "BIZ_UNLIM": (0, 0, 99)}
SMS_KOPECKS = {"BIZ_START": 10, "BIZ_OPTIMA": 8, "BIZ_UNLIM": 0}
GB_KOPECKS = {"BIZ_START": 250, "BIZ_OPTIMA": 190, "BIZ_UNLIM": 0}
KIND_LOCAL = "Исходящий местный"
KIND_MOBILE = "Исходящий на мобильный"
KIND_INTERNATIONAL = "Международный"

BANKS = {
    "AKBBBY2X": 'ОАО "АСБ Беларусбанк"',
    "PJCBBY2X": 'ОАО "Приорбанк"',
    "BPSBBY2X": 'ОАО "Сбер Банк"',
    "ALFABY2X": 'ЗАО "Альфа-Банк"',
    "BAPBBY2X": 'ОАО "Белагропромбанк"',
}

# fmt: off
CALL_COLUMNS = ("account_id", "subscriber_number", "started_at", "duration_s", "callee",
                "kind", "cost")
PAYMENT_COLUMNS = ("client_id", "paid_on", "amount", "document_number", "bank", "confirmed",
                   "registered_by", "created_at")
# (subject, text, status, days ago, replies: (hours later, by the admin?, text))
TICKETS: tuple[tuple[str, str, str, int, tuple[tuple[int, bool, str], ...]], ...] = (
    ("Не приходит счет на e-mail",
     "Счет за прошлый месяц не пришел на адрес бухгалтерии. Просим проверить.", "RESOLVED", 40,
     ((20, False, "Адрес в настройках доставки указан с опечаткой. Исправили, счет отправлен "
                  "повторно."),
      (30, True, "Получили, спасибо."))),
    ("Подключение роуминга для сотрудников",
     "Нужно подключить международный роуминг пяти сотрудникам на время командировки.",
     "IN_PROGRESS", 6,
     ((3, False, "Заявка принята. Для тарифа «Бизнес Старт» роуминг недоступен, предлагаем "
                 "сменить тариф на «Бизнес Оптима»."),)),
    ("Ошибка в детализации звонков",
     "В детализации за прошлый месяц есть звонки в выходной день, которых не было.", "OPEN", 1,
     ()),
)
# fmt: on

# ---------------------------------------------------------------------------------
# Clients


@dataclass(frozen=True)
class ClientProfile:
    name: str
    unp_prefix: str  # eight digits; the check digit is computed
    okpo: str
    payment_form: str
    domain: str
    login: str
    banks: tuple[str, ...]  # BICs
    contract_age_days: int


# fmt: off
PROFILES = (
    ClientProfile('ООО "Белтехноснаб"', "19104573", "300457195000", "CREDIT",
                  "beltehnosnab.by", "demo", ("AKBBBY2X", "PJCBBY2X"), 2460),
    ClientProfile('ОАО "Минский завод «Прогресс»"', "10002231", "003145670000", "PREPAID",
                  "progress-zavod.by", "demo2", ("BPSBBY2X",), 3900),
)
# fmt: on
EXTRA_NAMES = (
    'ЗАО "Гродноагросервис"',
    'ЧУП "Витебсклифтмонтаж"',
    'ООО "Могилёвская логистика"',
    'ИООО "Брестский терминал"',
    'ОДО "ГомельСтройКомплект"',
)


def _unp(prefix: str) -> str:
    """The first valid УНП at or after the eight-digit prefix (check digit 10 is skipped)."""
    number = int(prefix)
    while (check := unp_check_digit(f"{number:08d}")) is None:
        number += 1
    return f"{number:08d}{check}"


def _iban(bic: str, balance_account: str, rest: str) -> str:
    """A BY IBAN with ISO 13616 check digits for the bank of the BIC."""
    bban = f"{bic[:4]}{balance_account}{rest}"
    check = 98 - iban_mod97(f"BY00{bban}")
    return validate_iban_by(f"BY{check:02d}{bban}")


def _profile(index: int) -> ClientProfile:
    if index < len(PROFILES):
        return PROFILES[index]
    extra = index - len(PROFILES)
    name = EXTRA_NAMES[extra % len(EXTRA_NAMES)]
    if extra >= len(EXTRA_NAMES):
        name = f'ООО "Демо-клиент {index + 1}"'
    region = 2 + extra % 6
    return ClientProfile(
        name,
        f"{region}9{extra:06d}",
        f"{500000000000 + extra * 1117:012d}",
        "CREDIT" if extra % 2 else "PREPAID",
        f"client{index + 1}.by",
        f"demo{index + 1}",
        (list(BANKS)[extra % len(BANKS)],),
        1500 + 37 * extra,
    )


def demo_unps(size: DemoSize | None = None) -> list[str]:
    """The УНП of every demo client of this size (the two fixed ones first)."""
    count = (size or DemoSize()).client_count
    return [_unp(_profile(i).unp_prefix) for i in range(count)]


# ---------------------------------------------------------------------------------
# Names

# fmt: off
# (male, female) forms; Belarusian surnames in -ич, -ук, -ко do not change.
SURNAMES = (
    ("Иванов", "Иванова"), ("Петров", "Петрова"), ("Ковалёв", "Ковалёва"),
    ("Ковальчук", "Ковальчук"), ("Жук", "Жук"), ("Шевчук", "Шевчук"), ("Новик", "Новик"),
    ("Козловский", "Козловская"), ("Мельников", "Мельникова"), ("Сидоренко", "Сидоренко"),
    ("Лукашевич", "Лукашевич"), ("Грицкевич", "Грицкевич"), ("Кравченко", "Кравченко"),
    ("Макаревич", "Макаревич"), ("Волков", "Волкова"), ("Соколов", "Соколова"),
    ("Лебедев", "Лебедева"), ("Зайцев", "Зайцева"), ("Романович", "Романович"),
    ("Климович", "Климович"), ("Савицкий", "Савицкая"), ("Янушкевич", "Янушкевич"),
    ("Карпович", "Карпович"), ("Бондаренко", "Бондаренко"), ("Василевский", "Василевская"),
)
MALE_NAMES = ("Иван", "Сергей", "Александр", "Дмитрий", "Андрей", "Алексей", "Максим",
              "Павел", "Виктор", "Николай", "Артём", "Владислав", "Евгений")
FEMALE_NAMES = ("Ольга", "Наталья", "Елена", "Татьяна", "Ирина", "Светлана", "Анастасия",
                "Юлия", "Марина", "Екатерина", "Алина", "Виктория")
PATRONYMICS = (
    ("Иванович", "Ивановна"), ("Сергеевич", "Сергеевна"), ("Александрович", "Александровна"),
    ("Николаевич", "Николаевна"), ("Владимирович", "Владимировна"), ("Андреевич", "Андреевна"),
    ("Дмитриевич", "Дмитриевна"), ("Михайлович", "Михайловна"), ("Викторович", "Викторовна"),
    ("Павлович", "Павловна"), ("Петрович", "Петровна"), ("Геннадьевич", "Геннадьевна"),
)
DEPARTMENTS = (
    "Бухгалтерия", "Приёмная", "Склад №2", "Отдел продаж", "Отдел кадров", "Служба охраны",
    "Диспетчерская", "Юридический отдел", "Цех №1, мастер смены", "Отдел снабжения",
    "Планово-экономический отдел", "Гараж", "IT-отдел", "Директор", "Главный инженер",
)
# fmt: on


def _person(rng: random.Random) -> str:
    female = rng.random() < 0.45
    surname = rng.choice(SURNAMES)[1 if female else 0]
    first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    patronymic = rng.choice(PATRONYMICS)[1 if female else 0]
    return f"{surname} {first} {patronymic}"


def _subscriber_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.7:
        return _person(rng)
    if roll < 0.88:
        return rng.choice(DEPARTMENTS)
    surname, first, patronymic = _person(rng).split(" ")
    return f"{rng.choice(DEPARTMENTS)}, {surname} {first[0]}. {patronymic[0]}."


# ---------------------------------------------------------------------------------
# Writing rows fast


class _BulkWriter:
    """Inserts plain tuples: COPY on asyncpg, executemany on SQLite, ORM otherwise."""

    def __init__(self, conn: BaseDBAsyncClient) -> None:
        self._conn = conn
        self._dialect = conn.capabilities.dialect

    async def insert(
        self, model: type[Model], columns: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        if not rows:
            return
        table = model._meta.db_table
        if self._dialect == "postgres":
            async with self._conn.acquire_connection() as raw:
                if hasattr(raw, "copy_records_to_table"):
                    await raw.copy_records_to_table(table, records=rows, columns=list(columns))
                    return
        if self._dialect == "sqlite":
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            # Table and column names come from our models, never from input.
            sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608
            await self._conn.execute_many(sql, cast(list[list[Any]], rows))
            return
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        await model.bulk_create(objects, batch_size=1000, using_db=self._conn)


def _utc(moment: datetime) -> datetime:
    # Stored as the ORM stores it (UTC; on SQLite the same text the ORM writes).
    return moment.astimezone(UTC).replace(microsecond=0)


_KOPECKS: dict[int, Decimal] = {}


def _kopecks(amount: int) -> Decimal:
    value = _KOPECKS.get(amount)
    if value is None:
        value = _KOPECKS[amount] = Decimal(amount).scaleb(-2)
    return value


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=MINSK)


# ---------------------------------------------------------------------------------
# Call detail


@dataclass
class _Month:
    """A month's days as epoch seconds of their Minsk midnight (the hot loop adds seconds)."""

    period: BillingPeriod
    working: list[int]
    off: list[int]
    holidays: list[int]


def _midnight(day: date) -> int:
    return int(datetime.combine(day, time(0), tzinfo=MINSK).timestamp())


def _months(now: datetime, calendar: WorkCalendar) -> list[_Month]:
    current = BillingPeriod.containing(now)
    months = []
    for offset in range(-MONTHS, 1):
        period = current.shift(offset)
        days = [period.first_day + timedelta(days=i) for i in range(period.last_day.day)]
        working = [_midnight(d) for d in days if calendar.is_working_day(d)]
        off_days = [d for d in days if not calendar.is_working_day(d)]
        holidays = [_midnight(d) for d in off_days if calendar.holiday_name(d) is not None]
        months.append(_Month(period, working, [_midnight(d) for d in off_days], holidays))
    return months


def _pick(r: Callable[[], float], items: Sequence[_T]) -> _T:
    # random() arithmetic: several times faster than choice()/randrange() in the hot loop.
    return items[int(r() * len(items))]


def _call_start(r: Callable[[], float], month: _Month) -> int:
    """A start (epoch seconds): working hours, evenings and nights, weekends, holidays."""
    roll = r()
    if roll < 0.62 and month.working:
        day = _pick(r, month.working)
        if r() < 0.01:  # exactly on the D8 boundaries
            return day + (9 * 3600 if r() < 0.5 else 18 * 3600)
        return day + 9 * 3600 + int(r() * 9 * 3600)
    if roll < 0.84 and month.working:
        day = _pick(r, month.working)
        part = r()
        if part < 0.65:
            return day + 18 * 3600 + int(r() * 5 * 3600)  # evening
        if part < 0.85:
            return day + 7 * 3600 + int(r() * 2 * 3600)  # early morning
        if part < 0.93:
            return day + 23 * 3600 + int(r() * 3600)  # late night
        return day + int(r() * 2 * 3600)  # after midnight
    pool = month.holidays if month.holidays and r() < 0.35 else month.off
    return _pick(r, pool or month.working) + 9 * 3600 + int(r() * 14 * 3600)


_INTERNATIONAL = (
    ("+7495", 7),
    ("+4822", 7),
    ("+4930", 8),
    ("+3705", 7),
    ("+37125", 6),
    ("+8610", 8),
    ("+38044", 7),
)
_REGIONAL = ("17", "17", "17", "162", "152", "222", "232", "212")
_MOBILE = ("29", "33", "44", "25")


def _callee(r: Callable[[], float], kind: str) -> str:
    if kind == KIND_MOBILE:
        return f"+375{_pick(r, _MOBILE)}{1_000_000 + int(r() * 9_000_000)}"
    if kind == KIND_LOCAL:
        code = _pick(r, _REGIONAL)
        digits = 9 - len(code)
        low = 2 * 10 ** (digits - 1)
        return f"+375{code}{low + int(r() * (10**digits - low))}"
    prefix, digits = _pick(r, _INTERNATIONAL)
    low = 10 ** (digits - 1)
    return f"{prefix}{low + int(r() * 9 * low)}"


def _call(rng: random.Random, rates: tuple[int, int, int]) -> tuple[int, str, str, int]:
    """(duration, callee, kind, cost in kopecks) of one call."""
    r = rng.random
    roll = r()
    if roll < 0.52:
        kind, rate, mean = KIND_MOBILE, rates[1], 140.0
    elif roll < 0.93:
        kind, rate, mean = KIND_LOCAL, rates[0], 170.0
    else:
        kind, rate, mean = KIND_INTERNATIONAL, rates[2], 260.0
    duration = min(3600, 3 + int(rng.expovariate(1 / mean)))
    return duration, _callee(r, kind), kind, rate * ((duration + 59) // 60)


# ---------------------------------------------------------------------------------
# Loading


@dataclass
class _Subscriber:
    number: str
    tariff: str
    names: list[tuple[datetime, str]]
    services: list[str]
    status: str = "ACTIVE"
    id: int = 0


@dataclass
class _Account:
    number: str
    opened_on: date
    subscribers: list[_Subscriber]
    delivery: list[DeliverySettings]
    id: int = 0


@dataclass
class _Totals:
    clients: int = 0
    accounts: int = 0
    subscribers: int = 0
    invoices: int = 0
    calls: int = 0
    logins: list[str] = field(default_factory=list)


class _Loader:
    def __init__(
        self, conn: BaseDBAsyncClient, now: datetime, hasher: PasswordHasher, size: DemoSize
    ) -> None:
        self.conn = conn
        self.now = now
        self.today = to_minsk(now).date()
        self.hasher = hasher
        self.size = size
        self.bulk = _BulkWriter(conn)
        self.months = _months(now, WorkCalendar())
        self.closed = self.months[:-1]
        self.current = self.months[-1]
        self.used_numbers: set[str] = set()
        self.used_accounts: set[str] = set()
        self.totals = _Totals()

    # -- catalogue -----------------------------------------------------------------

    async def catalogue(self) -> None:
        have = set(
            cast(
                list[str], await TariffRow.all().using_db(self.conn).values_list("code", flat=True)
            )
        )
        for code, (name, fee) in TARIFFS.items():
            if code not in have:
                await TariffRow.create(code=code, name=name, monthly_fee=fee, using_db=self.conn)
        have = set(
            cast(
                list[str], await ServiceRow.all().using_db(self.conn).values_list("code", flat=True)
            )
        )
        for code, (name, allowed, _, _) in SERVICES.items():
            if code not in have:
                await ServiceRow.create(
                    code=code, name=name, allowed_tariffs=allowed, using_db=self.conn
                )

    # -- one client ----------------------------------------------------------------

    async def client(self, index: int) -> None:
        profile = _profile(index)
        rng = random.Random(f"kabinet-demo-{index}")
        contract_date = self.today - timedelta(days=profile.contract_age_days)
        row = await ClientRow.create(
            name=profile.name,
            unp=_unp(profile.unp_prefix),
            okpo=profile.okpo,
            status="ACTIVE",
            payment_form=profile.payment_form,
            contract_number=f"КД-{contract_date.year}/{rng.randrange(100, 9999):04d}",
            contract_date=contract_date,
            email=f"info@{profile.domain}",
            balance=Decimal("0.00"),
            using_db=self.conn,
        )
        for position, bic in enumerate(profile.banks):
            rest = f"{rng.randrange(10**15, 10**16)}"
            await BankAccountRow.create(
                client=row,
                iban=_iban(validate_bic(bic), "3012" if position == 0 else "3015", rest),
                bic=bic,
                bank=BANKS[bic],
                using_db=self.conn,
            )
        await self.admin(row, profile.login)
        accounts = self.plan_accounts(index, profile, rng, contract_date)
        await self.write_accounts(row, accounts)
        await self.write_subscribers(row, accounts)
        balance = Decimal("0.00")
        payments: list[tuple[Any, ...]] = []
        for position, account in enumerate(accounts):
            balance += await self.write_history(profile, account, position, rng, payments)
        await self.write_payments(row, profile, rng, payments)
        row.balance = balance
        await row.save(update_fields=["balance"], using_db=self.conn)
        await self.installments(row, index)
        await self.feedback(row, index)
        self.totals.clients += 1
        self.totals.accounts += len(accounts)

    async def admin(self, client: ClientRow, login: str) -> None:
        if not await AdminRow.filter(login=login).using_db(self.conn).exists():
            await AdminRow.create(
                client=client,
                login=login,
                password_hash=self.hasher.hash(login),
                using_db=self.conn,
            )
        self.totals.logins.append(login)

    def new_number(self, rng: random.Random) -> str:
        while True:
            number = f"+375{rng.choice(_MOBILE)}{rng.randrange(1_000_000, 10_000_000)}"
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def new_account_number(self, rng: random.Random) -> str:
        while True:
            number = f"{rng.randrange(10**11, 10**12)}"
            if number not in self.used_accounts:
                self.used_accounts.add(number)
                return number

    def plan_accounts(
        self, index: int, profile: ClientProfile, rng: random.Random, contract_date: date
    ) -> list[_Account]:
        count = self.size.accounts_of(index)
        total = count * self.size.subscribers_per_account
        weights = [rng.uniform(0.7, 1.3) for _ in range(count)]
        shares = [max(1, int(total * w / sum(weights))) for w in weights]
        shares[0] += total - sum(shares)
        if shares[0] < 1:  # rounding took too much from the first: flatten
            shares = [self.size.subscribers_per_account] * count
        accounts = []
        for position, share in enumerate(shares):
            opened_on = contract_date + timedelta(days=7 + 180 * position % 700)
            opened_at = _at(opened_on, 10)
            subscribers = []
            for _ in range(share):
                tariff = rng.choices(ALL_TARIFFS, weights=(3, 5, 2))[0]
                services = [
                    code
                    for code, (_, allowed, _, odds) in SERVICES.items()
                    if tariff in allowed and rng.random() < odds
                ]
                subscribers.append(
                    _Subscriber(
                        number=self.new_number(rng),
                        tariff=tariff,
                        names=[(opened_at, validate_name(_subscriber_name(rng)))],
                        services=services,
                    )
                )
            account = _Account(self.new_account_number(rng), opened_on, subscribers, [])
            account.delivery = self.plan_delivery(index, position, profile, account, rng)
            accounts.append(account)
        self.plan_renames(index, accounts, rng)
        return accounts

    def plan_delivery(
        self,
        index: int,
        position: int,
        profile: ClientProfile,
        account: _Account,
        rng: random.Random,
    ) -> list[DeliverySettings]:
        """D5: an effective-dated history; only versions that started by now."""
        d = profile.domain
        email, pickup = DeliveryMethod.EMAIL, DeliveryMethod.SELF_PICKUP
        pdf, xls, brk = InvoiceFormat.PDF, InvoiceFormat.EXCEL, InvoiceFormat.EXCEL_BREAKDOWN
        history = [
            DeliverySettings(email, (f"buh@{d}",), pdf, _at(account.opened_on, 10), "system")
        ]

        def change(method: DeliveryMethod, names: str, fmt: InvoiceFormat, at: datetime) -> None:
            emails = tuple(f"{name}@{d}" for name in names.split())
            history.append(DeliverySettings(method, emails, fmt, at, profile.login))

        if index == 0 and position == 0:
            # Several changes within one month: the version in force at formation wins.
            busy = self.closed[-4].period
            first = busy.first_day
            change(email, "buh director", xls, _at(first + timedelta(days=2), 10, 15))
            change(email, "finance", brk, _at(first + timedelta(days=14), 16, 40))
            change(email, "buh finance", brk, _at(busy.last_day, 22, 30))
            change(email, "buh finance ceo", xls, _at(busy.next().first_day, 9, 5))
            change(email, "buh accounting.archive", xls, self.now - timedelta(hours=20))
        elif index == 0 and position == 1:
            switch = self.closed[5].period.first_day + timedelta(days=9)
            change(pickup, "buh", pdf, _at(switch, 11))
        elif index == 0 and position == 2:
            when = self.closed[2].period.first_day + timedelta(days=rng.randrange(3, 20))
            change(email, "sklad2 buh", brk, _at(when, 14))
        elif position % 7 == 6:
            change(pickup, "", pdf, _at(account.opened_on, 11))
        else:
            when = self.closed[rng.randrange(MONTHS)].period.first_day
            when += timedelta(days=rng.randrange(2, 25))
            fmt = (pdf, xls, brk)[(index + position) % 3]
            change(email, f"buh office{position + 1}", fmt, _at(when, 12))
        return [v for v in history if v.valid_from <= self.now]

    def plan_renames(self, index: int, accounts: list[_Account], rng: random.Random) -> None:
        """D13: a name history; some renamed, one twice in a month, around formation."""
        for account in accounts:
            for sub in account.subscribers:
                if rng.random() < 0.08:
                    period = rng.choice(self.closed).period
                    day = period.first_day + timedelta(days=rng.randrange(period.last_day.day - 2))
                    sub.names.append(
                        (
                            _at(day, rng.randrange(9, 18), rng.randrange(60)),
                            validate_name(_subscriber_name(rng)),
                        )
                    )
        subs = accounts[0].subscribers
        if index == 0 and len(subs) >= 5:
            twice = self.closed[-3].period
            subs[1].names += [
                (_at(twice.first_day + timedelta(days=4), 10), "Склад №2"),
                (_at(twice.first_day + timedelta(days=18), 15, 30), "Склад №2, ночная смена"),
            ]
            boundary = self.closed[-2].period.next().first_day  # formation at about 02:00
            subs[2].names.append((_at(boundary, 1), "Отдел продаж, Шевчук Ольга Петровна"))
            subs[3].names.append((_at(boundary, 10), "Приёмная директора"))
            subs[-1].status = "BLOCKED"
        elif len(subs) >= 3:
            subs[-1].status = "BLOCKED"
        for account in accounts:
            for sub in account.subscribers:
                sub.names = sorted(n for n in sub.names if n[0] <= self.now)

    async def write_accounts(self, client: ClientRow, accounts: list[_Account]) -> None:
        for account in accounts:
            row = await BillingAccountRow.create(
                client=client,
                number=account.number,
                balance=Decimal("0.00"),
                opened_on=account.opened_on,
                using_db=self.conn,
            )
            account.id = row.id
            rows = [
                (
                    account.id,
                    v.method.value,
                    ";".join(v.emails),
                    v.format.value,
                    _utc(v.valid_from),
                    v.changed_by,
                )
                for v in account.delivery
            ]
            await self.bulk.insert(
                DeliverySettingsRow,
                ("account_id", "method", "emails", "format", "valid_from", "changed_by"),
                rows,
            )

    async def write_subscribers(self, client: ClientRow, accounts: list[_Account]) -> None:
        rows: list[tuple[Any, ...]] = []
        for account in accounts:
            for sub in account.subscribers:
                rows.append(
                    (client.id, account.id, sub.number, sub.names[-1][1], sub.tariff, sub.status)
                )
        for start in range(0, len(rows), CHUNK):
            await self.bulk.insert(
                SubscriberRow,
                ("client_id", "account_id", "number", "name", "tariff_id", "status"),
                rows[start : start + CHUNK],
            )
        ids = dict(
            await SubscriberRow.filter(client_id=client.id)
            .using_db(self.conn)
            .values_list("number", "id")
        )
        names: list[tuple[Any, ...]] = []
        services: list[tuple[Any, ...]] = []
        for account in accounts:
            for sub in account.subscribers:
                sub.id = cast(int, ids[sub.number])
                names += [(sub.id, name, _utc(since)) for since, name in sub.names]
                services += [(sub.id, code) for code in sub.services]
        for start in range(0, len(names), CHUNK):
            await self.bulk.insert(
                SubscriberNameRow,
                ("subscriber_id", "name", "valid_from"),
                names[start : start + CHUNK],
            )
        for start in range(0, len(services), CHUNK):
            await self.bulk.insert(
                SubscriberServiceRow,
                ("subscriber_id", "service_id"),
                services[start : start + CHUNK],
            )
        self.totals.subscribers += len(rows)

    async def write_calls(
        self, account: _Account, rng: random.Random
    ) -> dict[tuple[int, int], int]:
        """Call detail of every month; returns kopecks per (subscriber, closed month)."""
        cpm = self.size.calls_per_subscriber_month
        low, high = cpm - cpm // 2, cpm + cpm // 2
        sums: dict[tuple[int, int], int] = {}
        rows: list[tuple[Any, ...]] = []
        now = int(self.now.timestamp())
        r = rng.random
        to_datetime = datetime.fromtimestamp
        for m, month in enumerate(self.months):
            is_current = month is self.current
            month_start = int(month.period.starts_at.timestamp())
            share = (now - month_start) / (int(month.period.ends_at.timestamp()) - month_start)
            for s, sub in enumerate(account.subscribers):
                if is_current and sub.status != "ACTIVE":
                    continue
                count = rng.randint(low, high)
                if is_current:
                    count = round(count * share)
                rates = RATES[sub.tariff]
                total = 0
                for _ in range(count):
                    started = _call_start(r, month)
                    if is_current and started >= now:  # the current month: only the past
                        started = now - 60 - int(r() * 86400)
                        if started < month_start:
                            continue
                    duration, callee, kind, cost = _call(rng, rates)
                    total += cost
                    rows.append(
                        (
                            account.id,
                            sub.number,
                            to_datetime(started, UTC),
                            duration,
                            callee,
                            kind,
                            _kopecks(cost),
                        )
                    )
                if not is_current:
                    sums[(s, m)] = total
                if len(rows) >= CHUNK:
                    await self.flush_calls(rows)
        await self.flush_calls(rows)
        return sums

    async def flush_calls(self, rows: list[tuple[Any, ...]]) -> None:
        await self.bulk.insert(CallRow, CALL_COLUMNS, rows)
        self.totals.calls += len(rows)
        rows.clear()

    def lines(
        self,
        account: _Account,
        m: int,
        formed_at: datetime,
        calls: dict[tuple[int, int], int],
        rng: random.Random,
    ) -> list[InvoiceLine]:
        lines = []
        for s, sub in enumerate(account.subscribers):
            charges = {ChargeType.SUBSCRIPTION: TARIFFS[sub.tariff][1]}
            if calls.get((s, m)):
                charges[ChargeType.CALLS] = _kopecks(calls[(s, m)])
            if SMS_KOPECKS[sub.tariff] and rng.random() < 0.4:
                charges[ChargeType.SMS] = _kopecks(SMS_KOPECKS[sub.tariff] * rng.randint(1, 40))
            if GB_KOPECKS[sub.tariff] and rng.random() < 0.25:
                charges[ChargeType.INTERNET] = _kopecks(GB_KOPECKS[sub.tariff] * rng.randint(1, 5))
            fees = sum(SERVICES[code][2] for code in sub.services)
            if fees:
                charges[ChargeType.SERVICES] = _kopecks(fees)
            name = name_in_force(sub.names, formed_at) or sub.names[0][1]
            lines.append(InvoiceLine(sub.number, name, charges))
        return lines

    async def write_history(
        self,
        profile: ClientProfile,
        account: _Account,
        position: int,
        rng: random.Random,
        payments: list[tuple[Any, ...]],
    ) -> Decimal:
        """Calls, invoices and payments of one account; returns its balance now."""
        calls = await self.write_calls(account, rng)
        invoices: list[InvoiceRow] = []
        all_lines: list[list[InvoiceLine]] = []
        prepaid = profile.payment_form == "PREPAID"
        balance = Decimal("100.00") if prepaid else Decimal("0.00")
        for m, month in enumerate(self.closed):
            period = month.period
            formed_at = min(_at(period.next().first_day, 2, (7 * position + m) % 50), self.now)
            lines = self.lines(account, m, formed_at, calls, rng)
            gross = compute_totals(lines, Decimal(0), Decimal(0)).gross
            if m == 0 and not prepaid:
                balance = -money(gross * Decimal("0.97"))  # the debt of the month before
            opening = balance
            if prepaid:  # pays the month in advance, rounded up to 10 BYN
                paid = money(math.ceil(gross * Decimal("1.05") / 10) * 10)
            else:
                paid = max(-opening, Decimal("0.00"))
                if m == 5 and paid:
                    paid = money(paid * Decimal("0.8"))  # a partial payment: the debt carries
            if paid > 0:
                day = period.first_day + timedelta(
                    days=rng.randrange(2, 5) if prepaid else rng.randrange(7, 20)
                )
                payments.append((day, paid))
            totals = compute_totals(lines, opening, paid)
            balance = money(opening + paid - totals.gross)
            version = in_force_at(account.delivery, formed_at)
            sends = version is not None and version.method is DeliveryMethod.EMAIL
            invoices.append(
                InvoiceRow(
                    account_id=account.id,
                    number=f"СЧ-{period}-{account.number}",
                    period=str(period),
                    formed_at=formed_at,
                    opening_balance=opening,
                    payments=paid,
                    total=totals.net,
                    vat=totals.vat,
                    amount_due=totals.amount_due,
                    delivery_method=version.method.value if version else None,
                    delivery_format=version.format.value if version else None,
                    sent_to=list(version.emails) if version and sends else [],
                )
            )
            all_lines.append(lines)
        await InvoiceRow.bulk_create(invoices, using_db=self.conn)
        ids = dict(
            await InvoiceRow.filter(account_id=account.id)
            .using_db(self.conn)
            .values_list("period", "id")
        )
        rows: list[tuple[Any, ...]] = []
        for invoice, lines in zip(invoices, all_lines, strict=True):
            invoice_id = ids[invoice.period]
            for line in lines:
                for charge in ChargeType:
                    if charge in line.charges:
                        rows.append(
                            (
                                invoice_id,
                                line.subscriber_number,
                                line.subscriber_name,
                                charge.value,
                                line.amount(charge),
                            )
                        )
            if len(rows) >= CHUNK:
                await self.write_lines(rows)
        await self.write_lines(rows)
        self.totals.invoices += len(invoices)
        await BillingAccountRow.filter(id=account.id).using_db(self.conn).update(balance=balance)
        return balance

    async def write_lines(self, rows: list[tuple[Any, ...]]) -> None:
        columns = ("invoice_id", "subscriber_number", "subscriber_name", "charge_type", "amount")
        await self.bulk.insert(InvoiceLineRow, columns, rows)
        rows.clear()

    async def write_payments(
        self,
        client: ClientRow,
        profile: ClientProfile,
        rng: random.Random,
        payments: list[tuple[Any, ...]],
    ) -> None:
        """D12: confirmed payments over the year (as in the invoices) and one unconfirmed."""
        bank = BANKS[profile.banks[0]]
        rows: list[tuple[Any, ...]] = []
        serial = rng.randrange(100, 900)
        for number, (day, amount) in enumerate(sorted(payments, key=lambda p: p[0])):
            created = _utc(_at(day + timedelta(days=1), 10, number % 60))
            rows.append(
                (client.id, day, amount, f"ПП-{serial + number:06d}", bank, True, None, created)
            )
        if profile is PROFILES[0]:
            rows.append(
                (
                    client.id,
                    self.today,
                    Decimal("350.00"),
                    f"ПП-{serial + len(rows):06d}",
                    bank,
                    False,
                    profile.login,
                    _utc(self.now),
                )
            )
        await self.bulk.insert(PaymentRow, PAYMENT_COLUMNS, rows)

    async def installments(self, client: ClientRow, index: int) -> None:
        """D15: items bought in installments; payments made = those due by today."""
        items = {
            0: [
                ("Смартфон Samsung Galaxy A55", "1259.00", 12, -7),
                ("IP-АТС Yeastar S20", "2880.00", 24, -14),
                ("Маршрутизатор MikroTik hAP ax3", "389.40", 6, -10),
            ],
            1: [("Ноутбук Lenovo ThinkPad E14", "3240.00", 18, -3)],
        }.get(index, [])
        for item, total, months, offset in items:
            first = add_months(self.today.replace(day=15), offset)
            plan = Installment(item, Decimal(total), months, first, 0)
            made = sum(1 for p in plan.schedule() if p.due_on <= self.today)
            await InstallmentRow.create(
                client=client,
                item=item,
                total=plan.total,
                months=months,
                first_payment_on=first,
                payments_made=made,
                using_db=self.conn,
            )

    async def feedback(self, client: ClientRow, index: int) -> None:
        """D17: requests to the operator with statuses and replies."""
        login = _profile(index).login
        tickets = TICKETS if index == 0 else TICKETS[2:]
        for subject, text, status, days_ago, replies in tickets:
            created = self.now - timedelta(days=days_ago, hours=3)
            ticket = await FeedbackTicketRow.create(
                client=client,
                subject=subject,
                text=text,
                status=status,
                created_by=login,
                created_at=created,
                using_db=self.conn,
            )
            for hours, by_admin, reply in replies:
                await FeedbackReplyRow.create(
                    ticket=ticket,
                    author=login if by_admin else OPERATOR,
                    text=reply,
                    created_at=created + timedelta(hours=hours),
                    using_db=self.conn,
                )


async def _existing_summary(
    conn: BaseDBAsyncClient, clients: list[ClientRow], hasher: PasswordHasher
) -> DemoSummary:
    by_unp = {c.unp: c for c in clients}
    logins = []
    for index in range(len(PROFILES)):
        profile = _profile(index)
        client = by_unp.get(_unp(profile.unp_prefix))
        if client is None:
            continue
        logins.append(profile.login)
        if not await AdminRow.filter(login=profile.login).using_db(conn).exists():
            await AdminRow.create(
                client=client,
                login=profile.login,
                password_hash=hasher.hash(profile.login),
                using_db=conn,
            )
    ids = [c.id for c in clients]
    accounts = await BillingAccountRow.filter(client_id__in=ids).using_db(conn).count()
    return DemoSummary(
        clients=len(clients),
        accounts=accounts,
        subscribers=await SubscriberRow.filter(client_id__in=ids).using_db(conn).count(),
        invoices=await InvoiceRow.filter(account__client_id__in=ids).using_db(conn).count(),
        calls=await CallRow.filter(account__client_id__in=ids).using_db(conn).count(),
        skipped=True,
        logins=tuple(logins),
    )


async def load_demo(
    now: datetime, hasher: PasswordHasher, size: DemoSize | None = None
) -> DemoSummary:
    """`kabinet demo`: load the demo clients unless they exist (the database is open)."""
    if now.tzinfo is None:
        raise ValueError("now must be aware (D0)")
    size = size or DemoSize()
    async with in_transaction("default") as conn:
        found = await ClientRow.filter(unp__in=demo_unps(size)).using_db(conn)
        if any(c.unp in demo_unps()[: len(PROFILES)] for c in found):
            return await _existing_summary(conn, list(found), hasher)
        loader = _Loader(conn, now, hasher, size)
        await loader.catalogue()
        for index in range(size.client_count):
            await loader.client(index)
    t = loader.totals
    return DemoSummary(
        t.clients, t.accounts, t.subscribers, t.invoices, t.calls, False, tuple(t.logins)
    )
