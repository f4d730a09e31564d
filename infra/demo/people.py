"""Demo clients and people: company profiles with valid УНП and IBANs (D11), and
Belarusian names for subscribers (D13)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from domain.client_info import iban_mod97, unp_check_digit, validate_iban_by
from infra.demo.catalogue import BANKS
from infra.demo.size import DemoSize


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


def unp_of(prefix: str) -> str:
    """The first valid УНП at or after the eight-digit prefix (check digit 10 is skipped)."""
    number = int(prefix)
    while (check := unp_check_digit(f"{number:08d}")) is None:
        number += 1
    return f"{number:08d}{check}"


def make_iban(bic: str, balance_account: str, rest: str) -> str:
    """A BY IBAN with ISO 13616 check digits for the bank of the BIC."""
    bban = f"{bic[:4]}{balance_account}{rest}"
    check = 98 - iban_mod97(f"BY00{bban}")
    return validate_iban_by(f"BY{check:02d}{bban}")


def profile_of(index: int) -> ClientProfile:
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
    return [unp_of(profile_of(i).unp_prefix) for i in range(count)]


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


def subscriber_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.7:
        return _person(rng)
    if roll < 0.88:
        return rng.choice(DEPARTMENTS)
    surname, first, patronymic = _person(rng).split(" ")
    return f"{rng.choice(DEPARTMENTS)}, {surname} {first[0]}. {patronymic[0]}."
