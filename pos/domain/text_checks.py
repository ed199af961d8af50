"""Text no field may hold.

A NUL character (\0) is not text anyone typed: it comes from a damaged file or a pasted binary.
SQLite stores it as it is (and every later export and receipt carries it); PostgreSQL refuses the
whole transaction with a DataError. Every form and service refuses it, naming the field.
"""

from __future__ import annotations

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop


def refuse_nul(text: str | None, field: str) -> None:
    if text and "\x00" in text:
        raise ValidationError(tr_noop("errors", "This text holds a NUL character (\\0), which is not text; correct "
                                      "it and save again."), field=field)
