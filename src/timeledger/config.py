"""Settings, read from the environment with the prefix TIMELEDGER_."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from timeledger.paths import default_data_dir, normalise_database_url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TIMELEDGER_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str = ""
    rate_limit_per_workspace: float = 50.0
    rate_limit_per_key: float = 50.0
    # Requests may burst up to this many seconds' worth of tokens.
    rate_limit_burst_seconds: float = 1.0
    public_url: str = ""

    @field_validator("rate_limit_per_workspace", "rate_limit_per_key")
    @classmethod
    def _non_negative(cls, value: float) -> float:
        if value < 0:
            raise ValueError("must be 0 (off) or a positive number of requests per second")
        return value

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite+aiosqlite:///{self.data_dir / 'timeledger.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
