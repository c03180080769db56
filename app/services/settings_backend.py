"""What a service needs to keep a setting: the store satisfies this protocol."""

from __future__ import annotations

from typing import Protocol


class SettingsBackend(Protocol):
    def get_setting(self, key: str, default: str | None = None) -> str | None: ...

    def set_setting(self, key: str, value: str) -> None: ...


class MemorySettings:
    """In-memory backend for tests and for a panel started without a store."""

    def __init__(self, initial: dict[str, str] | None = None) -> None:
        self._values = dict(initial or {})

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        return self._values.get(key, default)

    def set_setting(self, key: str, value: str) -> None:
        self._values[key] = value
