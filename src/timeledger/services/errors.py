"""Domain errors. Each API dialect maps them to its own status codes and bodies."""

from __future__ import annotations


class ServiceError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    """The id names nothing this workspace holds (missing, deleted, malformed, or another tenant's)."""

    def __init__(self, entity: str, entity_id: str | None = None) -> None:
        super().__init__(f"{entity} doesn't belong to Workspace")
        self.entity = entity
        self.entity_id = entity_id


class Invalid(ServiceError):
    """The input breaks a rule; `field` names the offending input when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Conflict(Invalid):
    """The input clashes with stored data (a duplicate name, an active item that must be archived first)."""


class Forbidden(ServiceError):
    def __init__(self, message: str = "Access Denied") -> None:
        super().__init__(message)


class NoRunningTimer(ServiceError):
    def __init__(self) -> None:
        super().__init__("Currently running time entry doesn't exist on workspace for user.")


class Locked(ServiceError):
    """The entry falls in a locked or approved period."""
