"""Settings from KABINET_* environment variables."""

from __future__ import annotations

import ipaddress
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEV_SECRET = "dev-only-secret-change-me"  # noqa: S105 - refused in production below


class Settings(BaseSettings):
    """Every knob of Kabinet; secrets never appear in repr or logs."""

    model_config = SettingsConfigDict(env_prefix="KABINET_", extra="ignore")

    env: Literal["development", "production", "test"] = "development"
    database_url: str = "sqlite://var/kabinet.db"
    broker_url: str = ""
    queue: str = Field(default="kabinet", pattern=r"^[a-z0-9_.-]{1,64}$")
    smtp_url: SecretStr = SecretStr("")
    mail_from: str = "Kabinet <noreply@kabinet.by>"
    outbox_dir: Path = Path("var/outbox")
    storage_dir: Path = Path("var/files")
    secret_key: SecretStr = SecretStr(DEV_SECRET)
    fake_now: datetime | None = None
    # running: KABINET_FAKE_NOW is where the clock starts, then it runs with real time;
    # frozen: it stands still there (what tests and benchmarks need).
    fake_clock: Literal["running", "frozen"] = "running"
    graphiql: bool | None = None
    public_url: str = "http://127.0.0.1:8000"
    link_ttl_seconds: int = Field(default=3600, ge=60)
    retention_months: int = Field(default=12, ge=1, le=60)
    max_query_depth: int = 12
    max_aliases: int = 30
    max_query_tokens: int = 2000
    max_body_bytes: int = 1_000_000
    max_upload_bytes: int = 5_000_000
    session_hours: int = 12
    relay_interval_seconds: float = 1.0
    job_retry_backoff_seconds: float = Field(default=1.0, ge=0)
    # Reverse proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For is believed.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Trusted documents: manifests (sha256 -> document text, comma-separated paths);
    # empty: web/dist/persisted-documents.json when it exists (schema/persisted.py).
    trusted_documents: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    # true: only documents of the manifests are executed (by hash or by their text).
    trusted_documents_only: bool = False

    @field_validator("fake_now")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("KABINET_FAKE_NOW must carry an offset, e.g. 2026-11-24T12:00+03:00")
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: Any) -> list[str]:
        items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
        try:
            return [str(ipaddress.ip_network(str(item), strict=False)) for item in items]
        except ValueError as error:
            raise ValueError(f"KABINET_TRUSTED_PROXIES: {error}") from None

    @field_validator("trusted_documents", mode="before")
    @classmethod
    def _paths(cls, value: Any) -> list[Path]:
        items = value.split(",") if isinstance(value, str) else list(value)
        return [Path(str(item).strip()) for item in items if str(item).strip()]

    @model_validator(mode="after")
    def _production_is_strict(self) -> Settings:
        if self.env == "production":
            if self.fake_now is not None:
                raise ValueError("KABINET_FAKE_NOW is refused in production")
            if self.secret_key.get_secret_value() in ("", DEV_SECRET):
                raise ValueError("KABINET_SECRET_KEY must be set in production")
        return self

    def worker_env(
        self, now: datetime | None = None, *, frozen: bool | None = None
    ) -> dict[str, str]:
        """The KABINET_* variables that give a `kabinet worker` child these settings
        (where it must meet this process: database, broker, queue, files, secret).

        `now` is the parent's moment; a moment given explicitly comes from a fixed
        clock (tests, benchmarks), so the child's clock stands still there too unless
        `frozen=False`.
        """
        env = {
            "KABINET_ENV": self.env,
            "KABINET_DATABASE_URL": self.database_url,
            "KABINET_BROKER_URL": self.broker_url,
            "KABINET_QUEUE": self.queue,
            "KABINET_STORAGE_DIR": str(self.storage_dir),
            "KABINET_OUTBOX_DIR": str(self.outbox_dir),
            "KABINET_SECRET_KEY": self.secret_key.get_secret_value(),
        }
        moment = now or self.fake_now
        if moment is not None:
            env["KABINET_FAKE_NOW"] = moment.isoformat()
            still = frozen if frozen is not None else now is not None or self.fake_clock == "frozen"
            env["KABINET_FAKE_CLOCK"] = "frozen" if still else "running"
        return env

    @property
    def graphiql_enabled(self) -> bool:
        return self.graphiql if self.graphiql is not None else self.env != "production"
