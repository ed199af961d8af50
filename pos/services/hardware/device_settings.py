"""Device settings: which scanner and printer, and how the printer wants its bytes.

``--scanner`` / ``--printer`` on the command line override the saved values for one run, until
the partner saves the device settings on the Settings page (then the saved values win).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from pos.devices.printer_spec import parse_printer_spec
from pos.devices.render_common import ENCODINGS, PAPERS, RenderOptions
from pos.devices.scanner import parse_scanner_spec
from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.services.settings import SettingDef, get, put

SCANNER_SPEC = SettingDef("devices.scanner", "wedge")
WEDGE_GAP_MS = SettingDef("devices.wedge_gap_ms", 40)
WEDGE_MIN_LENGTH = SettingDef("devices.wedge_min_length", 6)
PRINTER_SPEC = SettingDef("devices.printer", "preview")
PAPER_MM = SettingDef("devices.paper_mm", 58)
PRINTER_PROFILE = SettingDef("devices.printer_profile", "default")
TEXT_ENCODING = SettingDef("devices.text_encoding", "gb18030")
IMAGE_MODE = SettingDef("devices.image_mode", False)
DRAWER_PIN = SettingDef("devices.drawer_pin", 2)
KICK_DRAWER_ON_CASH = SettingDef("devices.kick_drawer_on_cash", True)

ALL = (
    SCANNER_SPEC, WEDGE_GAP_MS, WEDGE_MIN_LENGTH, PRINTER_SPEC, PAPER_MM, PRINTER_PROFILE,
    TEXT_ENCODING, IMAGE_MODE, DRAWER_PIN, KICK_DRAWER_ON_CASH,
)


def profile_names() -> list[str]:
    from escpos.capabilities import CAPABILITIES

    return sorted(CAPABILITIES["profiles"], key=lambda n: (n != "default", n.lower()))


@dataclass(frozen=True)
class DeviceConfig:
    scanner: str = SCANNER_SPEC.default
    wedge_gap_ms: int = WEDGE_GAP_MS.default
    wedge_min_length: int = WEDGE_MIN_LENGTH.default
    printer: str = PRINTER_SPEC.default
    paper_mm: int = PAPER_MM.default
    profile: str = PRINTER_PROFILE.default
    encoding: str = TEXT_ENCODING.default
    image_mode: bool = IMAGE_MODE.default
    drawer_pin: int = DRAWER_PIN.default
    kick_drawer_on_cash: bool = KICK_DRAWER_ON_CASH.default

    def render_options(self) -> RenderOptions:
        return RenderOptions(self.paper_mm, self.profile, self.encoding, self.image_mode, self.drawer_pin)

    def validate(self) -> None:
        """Raise ValidationError on the first value that cannot work."""
        parse_scanner_spec(self.scanner)
        parse_printer_spec(self.printer)
        if not 5 <= self.wedge_gap_ms <= 500:
            raise ValidationError(
                tr_noop("errors", "Key gap must be between 5 and 500 ms"), field="wedge_gap_ms"
            )
        if not 2 <= self.wedge_min_length <= 100:
            raise ValidationError(
                tr_noop("errors", "Minimum scan length must be between 2 and 100"),
                field="wedge_min_length",
            )
        if self.paper_mm not in PAPERS:
            raise ValidationError(tr_noop("errors", "Paper is 58 mm or 80 mm"), field="paper_mm")
        if self.encoding not in ENCODINGS:
            raise ValidationError(
                tr_noop("errors", "Unknown text encoding {encoding}"), field="encoding",
                encoding=self.encoding,
            )
        if self.profile not in profile_names():
            raise ValidationError(
                tr_noop("errors", "Unknown printer profile {profile}"), field="profile",
                profile=self.profile,
            )
        if self.drawer_pin not in (2, 5):
            raise ValidationError(tr_noop("errors", "Drawer pin is 2 or 5"), field="drawer_pin")


_FIELDS = {
    "scanner": SCANNER_SPEC, "wedge_gap_ms": WEDGE_GAP_MS, "wedge_min_length": WEDGE_MIN_LENGTH,
    "printer": PRINTER_SPEC, "paper_mm": PAPER_MM, "profile": PRINTER_PROFILE,
    "encoding": TEXT_ENCODING, "image_mode": IMAGE_MODE, "drawer_pin": DRAWER_PIN,
    "kick_drawer_on_cash": KICK_DRAWER_ON_CASH,
}


def load(session: Session) -> DeviceConfig:
    values = {name: get(session, d) for name, d in _FIELDS.items()}
    cfg = DeviceConfig(**values)
    try:
        cfg.validate()
    except ValidationError:
        # a hand-edited or outdated value must not keep the app from starting
        return _repair(cfg)
    return cfg


def _repair(cfg: DeviceConfig) -> DeviceConfig:
    default = DeviceConfig()
    for name in _FIELDS:
        try:
            replace(default, **{name: getattr(cfg, name)}).validate()
        except (ValidationError, TypeError, ValueError):
            cfg = replace(cfg, **{name: getattr(default, name)})
    return cfg


def save(session: Session, cfg: DeviceConfig) -> list[str]:
    """Validate, store, and return the keys that changed (for the audit log)."""
    cfg.validate()
    return [d.key for name, d in _FIELDS.items() if put(session, d, getattr(cfg, name))]


def with_overrides(cfg: DeviceConfig, scanner: str | None, printer: str | None) -> DeviceConfig:
    if scanner:
        parse_scanner_spec(scanner)
        cfg = replace(cfg, scanner=scanner)
    if printer:
        parse_printer_spec(printer)
        cfg = replace(cfg, printer=printer)
    return cfg
