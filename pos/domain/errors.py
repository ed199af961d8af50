"""Errors the partner can act on.

A DomainError carries an English message marked for translation (context "errors") and named
parameters; the UI translates the message, then formats it. ``str(err)`` gives the English text
for logs and the command line.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule was broken by the input; the message says what to do."""

    context = "errors"

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(self.format(message))

    def format(self, template: str) -> str:
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return template


class ValidationError(DomainError):
    """A field's value is not acceptable."""

    def __init__(self, message: str, field: str | None = None, **params: Any) -> None:
        self.field = field
        super().__init__(message, **params)


class PermissionDenied(DomainError):
    """The operator's role does not allow this action."""


class NotFound(DomainError):
    """A record the action needs does not exist."""


class DeviceError(Exception):
    """A device (printer, scanner, drawer) failed; the message says which and why."""

    context = "errors"

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        try:
            text = message.format(**params)
        except (KeyError, IndexError, ValueError):
            text = message
        super().__init__(text)
