"""Who works the counter, and what each role may do."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass


class Role(str, enum.Enum):  # noqa: UP042 - a StrEnum would change str(role)
    OWNER = "owner"
    ASSISTANT = "assistant"


@dataclass(frozen=True)
class Operator:
    """The person logged in, as the UI and audit log see them."""

    id: uuid.UUID
    name: str
    role: Role

    @property
    def is_owner(self) -> bool:
        return self.role is Role.OWNER


@dataclass(frozen=True)
class UserView:
    id: uuid.UUID
    name: str
    role: Role
    active: bool
