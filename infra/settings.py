"""Settings from KABINET_* environment variables."""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from domain.job_store import JobPolicy

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
    # Empty: files in storage_dir (shared by all hosts); s3://bucket/prefix: an S3 store.
    storage_url: str = Field(default="", pattern=r"^(s3://[^/?#]+(/[^?#]*)?)?$")
    s3_endpoint_url: str = ""  # empty: AWS itself; e.g. http://127.0.0.1:9000 for MinIO
    s3_access_key_id: str = ""
    s3_secret_access_key: SecretStr = SecretStr("")
    s3_region: str = "us-east-1"
    # Download links are the store's presigned URLs instead of Kabinet's /files/ links.
    s3_presigned: bool = False
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
    # Objects a document may ask for, estimated from `first` along each path (issue 9).
    max_query_cost: int = Field(default=100_000, ge=1)
    # Fields in one document, checked before graphql-core's quadratic validation.
    max_query_fields: int = Field(default=300, ge=1)
    # Threads for argon2 (releases the GIL) and for parsing uploads / checking big lists:
    # a few, so that a handful of callers cannot occupy every core.
    password_threads: int = Field(default=1, ge=1)
    heavy_work_threads: int = Field(default=1, ge=1)
    # Heavy work (large variables coerced, uploads parsed, 10,000 lines checked) in a
    # child process with a GIL of its own (issue 9); None: so everywhere but in tests,
    # which keep it on the heavy thread unless they ask.
    heavy_work_in_process: bool | None = None
    switch_interval_seconds: float = Field(default=0.0005, gt=0, le=0.1)
    max_body_bytes: int = 1_000_000
    max_upload_bytes: int = 5_000_000
    session_hours: int = 12
    relay_interval_seconds: float = 1.0
    job_retry_backoff_seconds: float = Field(default=1.0, ge=0)
    # Reverse proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For is believed.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Subscriptions re-read a watched job this often when no broker or PostgreSQL
    # carries other processes' changes (ten times less often when one does).
    job_watch_poll_seconds: float = Field(default=0.5, gt=0)
    # Logs: JSON lines in production, readable lines elsewhere, unless set.
    log_format: Literal["json", "text"] | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # /metrics: on outside production; in production only when enabled, and then a
    # bearer token is required (KABINET_METRICS_TOKEN).
    metrics_enabled: bool | None = None
    metrics_token: SecretStr = SecretStr("")
    # `kabinet worker`: its processes' job and mail counters on this port (no token: bind
    # it to a private address only).
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_host: str = "127.0.0.1"
    # The one job policy (domain/job_store.py), for every kind of job. A deferred job
    # (mail: 4xx, no connection, timeout; a download: the object store down) is retried
    # for this long (3 days); then it is FAILED.
    mail_lifetime_seconds: int = Field(default=3 * 24 * 3600, ge=60)
    # Quick attempts of every job (broker retries, 1 s … 10 s apart); then a deferral
    # waits growing delays, and any other error is final.
    mail_quick_attempts: int = Field(default=10, ge=1)
    # A running job's worker touches it this often; with no heartbeat for
    # job_dead_after_seconds its worker is taken for dead and the job runs again.
    job_heartbeat_seconds: float = Field(default=5.0, gt=0)
    job_dead_after_seconds: float = Field(default=15.0, gt=0)
    # A QUEUED job untouched this long has lost its message: it is sent again.
    job_lost_after_seconds: float = Field(default=300.0, gt=0)
    # A job that meets an outage of the database waits for it in place (a ping every
    # 0.5 s) this long, and runs again as soon as it answers; then the broker retries.
    job_database_wait_seconds: float = Field(default=120.0, ge=0)
    # The recovery pass over every kind of job runs this often (one process at a time).
    recovery_interval_seconds: float = Field(default=5.0, gt=0)
    # A mail whose DATA answer never came is sent again (marked) only after this.
    mail_ambiguous_delay_seconds: int = Field(default=900, ge=0)
    # Trusted documents: manifests (sha256 -> document text, comma-separated paths);
    # empty: web/dist/persisted-documents.json when it exists (schema/persisted.py).
    trusted_documents: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    # true: only documents of the manifests are executed (by hash or by their text).
    trusted_documents_only: bool = False
    # Known documents run on the compiled execution path (schema/compiled.py); false:
    # graphql-core's alone (the differential tests and the benchmarks compare both).
    compiled_execution: bool = True

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
    def _heartbeats_before_death(self) -> Settings:
        if self.job_dead_after_seconds <= self.job_heartbeat_seconds:
            raise ValueError(
                "KABINET_JOB_DEAD_AFTER_SECONDS must be longer than KABINET_JOB_HEARTBEAT_SECONDS"
            )
        return self

    @model_validator(mode="after")
    def _presigned_needs_a_store(self) -> Settings:
        if self.s3_presigned and not self.storage_url:
            raise ValueError("KABINET_S3_PRESIGNED needs KABINET_STORAGE_URL=s3://bucket/prefix")
        return self

    @model_validator(mode="after")
    def _production_is_strict(self) -> Settings:
        if self.env == "production":
            if self.fake_now is not None:
                raise ValueError("KABINET_FAKE_NOW is refused in production")
            if self.secret_key.get_secret_value() in ("", DEV_SECRET):
                raise ValueError("KABINET_SECRET_KEY must be set in production")
            if self.metrics_enabled and not self.metrics_token.get_secret_value():
                raise ValueError(
                    "KABINET_METRICS_ENABLED in production needs KABINET_METRICS_TOKEN"
                )
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
            "KABINET_STORAGE_URL": self.storage_url,
            "KABINET_S3_ENDPOINT_URL": self.s3_endpoint_url,
            "KABINET_S3_ACCESS_KEY_ID": self.s3_access_key_id,
            "KABINET_S3_SECRET_ACCESS_KEY": self.s3_secret_access_key.get_secret_value(),
            "KABINET_S3_REGION": self.s3_region,
            "KABINET_S3_PRESIGNED": "true" if self.s3_presigned else "false",
            "KABINET_OUTBOX_DIR": str(self.outbox_dir),
            "KABINET_SECRET_KEY": self.secret_key.get_secret_value(),
            "KABINET_MAIL_LIFETIME_SECONDS": str(int(self.mail_lifetime.total_seconds())),
            "KABINET_MAIL_QUICK_ATTEMPTS": str(self.mail_quick_attempts),
            "KABINET_MAIL_AMBIGUOUS_DELAY_SECONDS": str(self.mail_ambiguous_delay_seconds),
            "KABINET_JOB_HEARTBEAT_SECONDS": str(self.job_heartbeat_seconds),
            "KABINET_JOB_DEAD_AFTER_SECONDS": str(self.job_dead_after_seconds),
            "KABINET_JOB_LOST_AFTER_SECONDS": str(self.job_lost_after_seconds),
            "KABINET_RECOVERY_INTERVAL_SECONDS": str(self.recovery_interval_seconds),
            "KABINET_JOB_DATABASE_WAIT_SECONDS": str(self.job_database_wait_seconds),
        }
        moment = now or self.fake_now
        if moment is not None:
            env["KABINET_FAKE_NOW"] = moment.isoformat()
            still = frozen if frozen is not None else now is not None or self.fake_clock == "frozen"
            env["KABINET_FAKE_CLOCK"] = "frozen" if still else "running"
        return env

    @property
    def metrics_on(self) -> bool:
        if self.metrics_enabled is not None:
            return self.metrics_enabled
        return self.env != "production"

    @property
    def effective_log_format(self) -> Literal["json", "text"]:
        if self.log_format is not None:
            return self.log_format
        return "json" if self.env == "production" else "text"

    @property
    def mail_lifetime(self) -> timedelta:
        return timedelta(seconds=self.mail_lifetime_seconds)

    def job_policy(self) -> JobPolicy:
        """The one retry and staleness policy of every kind of job."""
        return JobPolicy(
            heartbeat=timedelta(seconds=self.job_heartbeat_seconds),
            dead_after=timedelta(seconds=self.job_dead_after_seconds),
            lost_after=timedelta(seconds=self.job_lost_after_seconds),
            quick_attempts=self.mail_quick_attempts,
            lifetime=self.mail_lifetime,
        )

    @property
    def graphiql_enabled(self) -> bool:
        return self.graphiql if self.graphiql is not None else self.env != "production"
