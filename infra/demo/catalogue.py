"""The demo operator's catalogue: tariffs, additional services, call rates, banks, and the
requests clients send to the operator (D14, D17).

Fees are in BYN net of VAT.
"""

from __future__ import annotations

from decimal import Decimal

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

# Requests to the operator (D17)
# fmt: off
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

# The author of the operator's replies to those requests.
SUPPORT = "Оператор службы поддержки"
