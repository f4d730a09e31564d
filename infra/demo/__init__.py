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

from infra.demo.catalogue import SERVICES
from infra.demo.loader import load_demo
from infra.demo.people import demo_unps
from infra.demo.size import DemoSize, DemoSummary, demo_size_from_options

__all__ = [
    "SERVICES",
    "DemoSize",
    "DemoSummary",
    "demo_size_from_options",
    "demo_unps",
    "load_demo",
]
