"""Settings from KABINET_* environment variables."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    graphiql: bool | None = None
    public_url: str = "http://127.0.0.1:8000"
    link_ttl_seconds: int = Field(default=3600, ge=60)
    retention_months: int = Field(default=12, ge=1, le=60)
    max_query_depth: int = 12
    max_aliases: int = 30
    max_query_tokens: int = 2000
    # Objects a document may ask for, estimated from `first` along each path (issue 9).
    max_query_cost: int = Field(default=100_000, ge=1)
    # Fields in one document, checked before graphql-core's quadratic validation.
    max_query_fields: int = Field(default=300, ge=1)
    # Threads for argon2 (releases the GIL) and for parsing uploads / checking big lists:
    # a few, so that a handful of callers cannot occupy every core.
    password_threads: int = Field(default=1, ge=1)
    heavy_work_threads: int = Field(default=1, ge=1)
    switch_interval_seconds: float = Field(default=0.0005, gt=0, le=0.1)
    max_body_bytes: int = 1_000_000
    max_upload_bytes: int = 5_000_000
    session_hours: int = 12
    relay_interval_seconds: float = 1.0
    job_retry_backoff_seconds: float = Field(default=1.0, ge=0)

    @field_validator("fake_now")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("KABINET_FAKE_NOW must carry an offset, e.g. 2026-11-24T12:00+03:00")
        return value

    @model_validator(mode="after")
    def _production_is_strict(self) -> Settings:
        if self.env == "production":
            if self.fake_now is not None:
                raise ValueError("KABINET_FAKE_NOW is refused in production")
            if self.secret_key.get_secret_value() in ("", DEV_SECRET):
                raise ValueError("KABINET_SECRET_KEY must be set in production")
        return self

    def worker_env(self, now: datetime | None = None) -> dict[str, str]:
        """The KABINET_* variables that give a `kabinet worker` child these settings
        (where it must meet this process: database, broker, queue, files, secret)."""
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
        return env

    @property
    def graphiql_enabled(self) -> bool:
        return self.graphiql if self.graphiql is not None else self.env != "production"
