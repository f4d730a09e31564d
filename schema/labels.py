"""Russian labels of enum and status values, in the cabinet's words, for front ends to show.

The words follow the operator's help page («Получает сам», «E-mail», «Excel с
разбивкой»…). A value without a label (a new one) shows as itself, never an error.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

_JOB = {"QUEUED": "В очереди", "RUNNING": "Выполняется", "DONE": "Выполнено", "FAILED": "Ошибка"}
LABELS: dict[str, dict[str, str]] = {
    "client_status": {
        "ACTIVE": "Активен",
        "BLOCKED": "Заблокирован",
        "SUSPENDED": "Приостановлен",
        "CLOSED": "Договор расторгнут",
    },
    "payment_form": {"PREPAID": "Авансовая", "CREDIT": "Кредитная"},
    "subscriber_status": {"ACTIVE": "Активен", "BLOCKED": "Заблокирован"},
    "delivery_method": {"EMAIL": "E-mail", "SELF_PICKUP": "Получает сам"},
    "invoice_format": {"PDF": "PDF", "EXCEL": "Excel", "EXCEL_BREAKDOWN": "Excel с разбивкой"},
    "download_format": {"PDF": "PDF", "XLSX": "Excel", "XLSX_BREAKDOWN": "Excel с разбивкой"},
    "job_status": _JOB,
    "sending_status": {"QUEUED": "В очереди", "RUNNING": "Отправляется", "DONE": "Отправлено"},
    "report_status": {
        "QUEUED": "В очереди",
        "RUNNING": "Формируется",
        "SENT": "Отправлено",
        "FAILED": "Ошибка",
    },
    "recipient_status": {
        "PENDING": "Ожидает отправки",
        "SENT": "Отправлено",
        "REFUSED": "Отклонено почтовым сервером",
        "FAILED": "Не доставлено",
        "DEFERRED": "Отложено: повторная попытка позже",
    },
    "delivery_kind": {"REGULAR": "Регулярная доставка", "REPEAT": "Повторная отправка"},
    "service_action": {"ADD": "Подключить", "REMOVE": "Отключить"},
    "ticket_status": {
        "OPEN": "Открыто",
        "IN_PROGRESS": "В работе",
        "RESOLVED": "Решено",
        "CLOSED": "Закрыто",
    },
}


def label(kind: str, value: str | Enum) -> str:
    """The Russian label of a value of the given kind (the value itself when unknown)."""
    text = str(value.value) if isinstance(value, Enum) else value
    return LABELS[kind].get(text, text)


def label_field(kind: str, attribute: str) -> Any:
    """A `…Label` field: the Russian label (of this kind) of the type's `attribute`."""
    if kind not in LABELS:  # fails at import, not in a query
        raise KeyError(kind)
    head, *rest = attribute.split("_")
    shown = head + "".join(part.capitalize() for part in rest)

    def resolve(root: Any) -> str:
        return label(kind, getattr(root, attribute))

    return strawberry.field(
        resolver=resolve, description=f"The Russian label of `{shown}`, for display."
    )
