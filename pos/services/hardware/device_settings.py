"""Device settings: which scanner, printer, scale and modem, how the printer wants its bytes,
spoken feedback and whether parcel notices go out by SMS on their own.

``--scanner`` / ``--printer`` / ``--scale`` / ``--modem`` on the command line override the saved values for one run, until
the partner saves the device settings on the Settings page (then the saved values win).

Each counter (PC) has its own printer and scanner, so the settings are stored per counter
(``counter:<id>:devices.printer``). A counter that never saved its own reads the station's
settings from before counters, so an existing station keeps its printer after the upgrade.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from sqlalchemy.orm import Session

from pos.db.unit_of_work import Database, session_counter
from pos.domain.devices.config import DeviceConfig, with_overrides
from pos.domain.errors import PermissionDenied, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.users import Operator
from pos.services import audit
from pos.services.settings import SettingDef, get, put, stored_keys

__all__ = [
    "ALL", "AUDIT_ACTION", "DeviceConfig", "load", "loader", "profile_names", "read", "save", "save_settings",
    "validate", "with_overrides",
]

AUDIT_ACTION = "settings.devices"

_D = DeviceConfig()
SCANNER_SPEC = SettingDef("devices.scanner", _D.scanner)
WEDGE_GAP_MS = SettingDef("devices.wedge_gap_ms", _D.wedge_gap_ms)
WEDGE_MIN_LENGTH = SettingDef("devices.wedge_min_length", _D.wedge_min_length)
PRINTER_SPEC = SettingDef("devices.printer", _D.printer)
PAPER_MM = SettingDef("devices.paper_mm", _D.paper_mm)
PRINTER_PROFILE = SettingDef("devices.printer_profile", _D.profile)
TEXT_ENCODING = SettingDef("devices.text_encoding", _D.encoding)
IMAGE_MODE = SettingDef("devices.image_mode", _D.image_mode)
DRAWER_PIN = SettingDef("devices.drawer_pin", _D.drawer_pin)
KICK_DRAWER_ON_CASH = SettingDef("devices.kick_drawer_on_cash", _D.kick_drawer_on_cash)
SCALE_SPEC = SettingDef("devices.scale", _D.scale)
MODEM_SPEC = SettingDef("devices.modem", _D.modem)
SPEECH_ENABLED = SettingDef("devices.speech_enabled", _D.speech_enabled)
SPEECH_VOLUME = SettingDef("devices.speech_volume", _D.speech_volume)
SMS_AUTO = SettingDef("devices.sms_auto", _D.sms_auto)

ALL = (
    SCANNER_SPEC, WEDGE_GAP_MS, WEDGE_MIN_LENGTH, PRINTER_SPEC, PAPER_MM, PRINTER_PROFILE,
    TEXT_ENCODING, IMAGE_MODE, DRAWER_PIN, KICK_DRAWER_ON_CASH, SCALE_SPEC, MODEM_SPEC,
    SPEECH_ENABLED, SPEECH_VOLUME, SMS_AUTO,
)


DEFAULT_PROFILE = "default"


def profile_names() -> list[str]:
    from escpos.capabilities import CAPABILITIES

    return sorted(CAPABILITIES["profiles"], key=lambda n: (n != DEFAULT_PROFILE, n.lower()))


def validate(cfg: DeviceConfig) -> None:
    """Raise ValidationError on the first value that cannot work."""
    # python-escpos always has its "default" profile: the settings read at every start need not
    # load its list of profiles (escpos and yaml, 50 ms here; #20, goal 6b)
    cfg.validate(None if cfg.profile == DEFAULT_PROFILE else profile_names())


_FIELDS = {
    "scanner": SCANNER_SPEC, "wedge_gap_ms": WEDGE_GAP_MS, "wedge_min_length": WEDGE_MIN_LENGTH,
    "printer": PRINTER_SPEC, "paper_mm": PAPER_MM, "profile": PRINTER_PROFILE,
    "encoding": TEXT_ENCODING, "image_mode": IMAGE_MODE, "drawer_pin": DRAWER_PIN,
    "kick_drawer_on_cash": KICK_DRAWER_ON_CASH, "scale": SCALE_SPEC, "modem": MODEM_SPEC,
    "speech_enabled": SPEECH_ENABLED, "speech_volume": SPEECH_VOLUME, "sms_auto": SMS_AUTO,
}


def _fields(session: Session) -> dict[str, SettingDef]:
    """The keys this session's counter stores its settings under (the station's without one)."""
    counter = session_counter(session)
    if counter is None:
        return _FIELDS
    return {name: SettingDef(f"counter:{counter}:{d.key}", d.default) for name, d in _FIELDS.items()}


def load(session: Session) -> DeviceConfig:
    own = _fields(session)
    stored = stored_keys(session, [d.key for d in own.values()])
    values = {name: get(session, own[name] if own[name].key in stored else d) for name, d in _FIELDS.items()}
    cfg = DeviceConfig(**values)
    try:
        validate(cfg)
    except ValidationError:
        # a hand-edited or outdated value must not keep the app from starting
        return _repair(cfg)
    return cfg


def _repair(cfg: DeviceConfig) -> DeviceConfig:
    default = DeviceConfig()
    for name in _FIELDS:
        try:
            validate(replace(default, **{name: getattr(cfg, name)}))
        except (ValidationError, TypeError, ValueError):
            cfg = replace(cfg, **{name: getattr(default, name)})
    return cfg


def save(session: Session, cfg: DeviceConfig) -> list[str]:
    """Validate, store, and return the keys that changed, in the caller's transaction."""
    validate(cfg)
    # the station-wide names: what the audit log and the callers read, whichever counter saved
    return [_FIELDS[name].key for name, d in _fields(session).items() if put(session, d, getattr(cfg, name))]


def read(db: Database) -> DeviceConfig:
    with db.reader() as s:
        return load(s)


def loader(db: Database) -> Callable[[], DeviceConfig]:
    """What the device hub calls to read the saved settings (at start and after a save)."""
    return lambda: read(db)


def save_settings(db: Database, operator: Operator | None, cfg: DeviceConfig) -> list[str]:
    """The owner saves the device settings: stored and audited in one transaction. Returns the
    keys that changed (none: nothing is written, not even to the audit log)."""
    if operator is None or not operator.is_owner:
        raise PermissionDenied(tr_noop("errors", "Only the owner can change the printer and scanner settings."))
    with db.unit_of_work() as s:
        changed = save(s, cfg)
        if changed:
            audit.record(s, operator, AUDIT_ACTION, ", ".join(changed))
    return changed
