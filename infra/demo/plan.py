"""What the demo holds before it is written: accounts, subscribers with their name
history (D13), delivery settings as an effective-dated history (D5), and the
charges of each invoice line (D10)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.delivery import DeliveryMethod, DeliverySettings, InvoiceFormat
from domain.invoices import ChargeType, InvoiceLine
from domain.periods import to_minsk
from domain.recipients import RecipientList
from domain.renaming import name_in_force, validate_name
from domain.worktime import WorkCalendar
from infra.demo.calls import MOBILE_PREFIXES, MONTHS, at, kopecks, months_until
from infra.demo.catalogue import ALL_TARIFFS, GB_KOPECKS, SERVICES, SMS_KOPECKS, TARIFFS
from infra.demo.people import ClientProfile, subscriber_name
from infra.demo.size import DemoSize


@dataclass
class Subscriber:
    number: str
    tariff: str
    names: list[tuple[datetime, str]]
    services: list[str]
    status: str = "ACTIVE"
    id: int = 0


@dataclass
class Account:
    number: str
    opened_on: date
    subscribers: list[Subscriber]
    delivery: list[DeliverySettings]
    id: int = 0


class Planner:
    """Plans each client's accounts; the random choices come from the client's own rng."""

    def __init__(self, now: datetime, size: DemoSize) -> None:
        self.now = now
        self.today = to_minsk(now).date()
        self.size = size
        self.months = months_until(now, WorkCalendar())
        self.closed = self.months[:-1]
        self.current = self.months[-1]
        self.used_numbers: set[str] = set()
        self.used_accounts: set[str] = set()

    def new_number(self, rng: random.Random) -> str:
        while True:
            number = f"+375{rng.choice(MOBILE_PREFIXES)}{rng.randrange(1_000_000, 10_000_000)}"
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def new_account_number(self, rng: random.Random) -> str:
        while True:
            number = f"{rng.randrange(10**11, 10**12)}"
            if number not in self.used_accounts:
                self.used_accounts.add(number)
                return number

    def accounts(
        self, index: int, profile: ClientProfile, rng: random.Random, contract_date: date
    ) -> list[Account]:
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
            opened_at = at(opened_on, 10)
            subscribers = []
            for _ in range(share):
                tariff = rng.choices(ALL_TARIFFS, weights=(3, 5, 2))[0]
                services = [
                    code
                    for code, (_, allowed, _, odds) in SERVICES.items()
                    if tariff in allowed and rng.random() < odds
                ]
                subscribers.append(
                    Subscriber(
                        number=self.new_number(rng),
                        tariff=tariff,
                        names=[(opened_at, validate_name(subscriber_name(rng)))],
                        services=services,
                    )
                )
            account = Account(self.new_account_number(rng), opened_on, subscribers, [])
            account.delivery = self.delivery(index, position, profile, account, rng)
            accounts.append(account)
        self.renames(index, accounts, rng)
        return accounts

    def delivery(
        self,
        index: int,
        position: int,
        profile: ClientProfile,
        account: Account,
        rng: random.Random,
    ) -> list[DeliverySettings]:
        """D5: an effective-dated history; only versions that started by now."""
        d = profile.domain
        email, pickup = DeliveryMethod.EMAIL, DeliveryMethod.SELF_PICKUP
        pdf, xls, brk = InvoiceFormat.PDF, InvoiceFormat.EXCEL, InvoiceFormat.EXCEL_BREAKDOWN
        history = [
            DeliverySettings(
                email, RecipientList((f"buh@{d}",)), pdf, at(account.opened_on, 10), "system"
            )
        ]

        def change(method: DeliveryMethod, names: str, fmt: InvoiceFormat, at: datetime) -> None:
            emails = RecipientList(f"{name}@{d}" for name in names.split())
            history.append(DeliverySettings(method, emails, fmt, at, profile.login))

        if index == 0 and position == 0:
            # Several changes within one month: the version in force at formation wins.
            busy = self.closed[-4].period
            first = busy.first_day
            change(email, "buh director", xls, at(first + timedelta(days=2), 10, 15))
            change(email, "finance", brk, at(first + timedelta(days=14), 16, 40))
            change(email, "buh finance", brk, at(busy.last_day, 22, 30))
            change(email, "buh finance ceo", xls, at(busy.next().first_day, 9, 5))
            change(email, "buh accounting.archive", xls, self.now - timedelta(hours=20))
        elif index == 0 and position == 1:
            switch = self.closed[5].period.first_day + timedelta(days=9)
            change(pickup, "buh", pdf, at(switch, 11))
        elif index == 0 and position == 2:
            when = self.closed[2].period.first_day + timedelta(days=rng.randrange(3, 20))
            change(email, "sklad2 buh", brk, at(when, 14))
        elif position % 7 == 6:
            change(pickup, "", pdf, at(account.opened_on, 11))
        else:
            when = self.closed[rng.randrange(MONTHS)].period.first_day
            when += timedelta(days=rng.randrange(2, 25))
            fmt = (pdf, xls, brk)[(index + position) % 3]
            change(email, f"buh office{position + 1}", fmt, at(when, 12))
        return [v for v in history if v.valid_from <= self.now]

    def renames(self, index: int, accounts: list[Account], rng: random.Random) -> None:
        """D13: a name history; some renamed, one twice in a month, around formation."""
        for account in accounts:
            for sub in account.subscribers:
                if rng.random() < 0.08:
                    period = rng.choice(self.closed).period
                    day = period.first_day + timedelta(days=rng.randrange(period.last_day.day - 2))
                    sub.names.append(
                        (
                            at(day, rng.randrange(9, 18), rng.randrange(60)),
                            validate_name(subscriber_name(rng)),
                        )
                    )
        subs = accounts[0].subscribers
        if index == 0 and len(subs) >= 5:
            twice = self.closed[-3].period
            subs[1].names += [
                (at(twice.first_day + timedelta(days=4), 10), "Склад №2"),
                (at(twice.first_day + timedelta(days=18), 15, 30), "Склад №2, ночная смена"),
            ]
            boundary = self.closed[-2].period.next().first_day  # formation at about 02:00
            subs[2].names.append((at(boundary, 1), "Отдел продаж, Шевчук Ольга Петровна"))
            subs[3].names.append((at(boundary, 10), "Приёмная директора"))
            subs[-1].status = "BLOCKED"
        elif len(subs) >= 3:
            subs[-1].status = "BLOCKED"
        for account in accounts:
            for sub in account.subscribers:
                sub.names = sorted(n for n in sub.names if n[0] <= self.now)

    def lines(
        self,
        account: Account,
        m: int,
        formed_at: datetime,
        calls: dict[tuple[int, int], int],
        rng: random.Random,
    ) -> list[InvoiceLine]:
        lines = []
        for s, sub in enumerate(account.subscribers):
            charges = {ChargeType.SUBSCRIPTION: TARIFFS[sub.tariff][1]}
            if calls.get((s, m)):
                charges[ChargeType.CALLS] = kopecks(calls[(s, m)])
            if SMS_KOPECKS[sub.tariff] and rng.random() < 0.4:
                charges[ChargeType.SMS] = kopecks(SMS_KOPECKS[sub.tariff] * rng.randint(1, 40))
            if GB_KOPECKS[sub.tariff] and rng.random() < 0.25:
                charges[ChargeType.INTERNET] = kopecks(GB_KOPECKS[sub.tariff] * rng.randint(1, 5))
            fees = sum(SERVICES[code][2] for code in sub.services)
            if fees:
                charges[ChargeType.SERVICES] = kopecks(fees)
            name = name_in_force(sub.names, formed_at) or sub.names[0][1]
            lines.append(InvoiceLine(sub.number, name, charges))
        return lines
