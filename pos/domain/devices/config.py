"""The station's device settings as one value: which scanner, printer, scale and modem, how the
printer wants its bytes, spoken feedback and how parcel notices go out by SMS. Stored by pos.services.hardware.device_settings, used by pos.devices.hub."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from pos.domain.devices.printer_spec import parse_printer_spec
from pos.domain.devices.render_options import DRAWER_PINS, ENCODINGS, PAPERS, RenderOptions
from pos.domain.devices.scale_spec import parse_modem_spec, parse_scale_spec
from pos.domain.devices.scanner_spec import parse_scanner_spec
from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop


@dataclass(frozen=True)
class DeviceConfig:
    scanner: str = "wedge"
    wedge_gap_ms: int = 40
    wedge_min_length: int = 6
    printer: str = "preview"
    paper_mm: int = 58
    profile: str = "default"
    encoding: str = "gb18030"
    image_mode: bool = False
    drawer_pin: int = 2
    kick_drawer_on_cash: bool = True
    scale: str = ""  # "" no scale; else a scale spec (serial:PORT...,PROTOCOL or fake)
    modem: str = ""  # "" no modem; else a modem spec
    speech_enabled: bool = True
    speech_volume: int = 80  # 0-100
    sms_auto: bool = True  # with a modem: a parcel's notice is queued as SMS at check-in

    def render_options(self) -> RenderOptions:
        return RenderOptions(self.paper_mm, self.profile, self.encoding, self.image_mode, self.drawer_pin)

    def validate(self, profiles: Collection[str] | None = None) -> None:
        """Raise ValidationError on the first value that cannot work. ``profiles``: the printer
        profiles there are (python-escpos knows them; the domain does not), None to skip."""
        parse_scanner_spec(self.scanner)
        parse_printer_spec(self.printer)
        if self.scale:
            parse_scale_spec(self.scale)
        if self.modem:
            parse_modem_spec(self.modem)
        if not 0 <= self.speech_volume <= 100:
            raise ValidationError(tr_noop("errors", "Volume must be between 0 and 100"), field="speech_volume")
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
        if profiles is not None and self.profile not in profiles:
            raise ValidationError(
                tr_noop("errors", "Unknown printer profile {profile}"), field="profile",
                profile=self.profile,
            )
        if self.drawer_pin not in DRAWER_PINS:
            raise ValidationError(tr_noop("errors", "Drawer pin is 2 or 5"), field="drawer_pin")


def with_overrides(cfg: DeviceConfig, scanner: str | None, printer: str | None,
                   scale: str | None = None, modem: str | None = None) -> DeviceConfig:
    """``--scanner`` / ``--printer`` / ``--scale`` / ``--modem`` of this run over the saved values
    (checked first)."""
    if scanner:
        parse_scanner_spec(scanner)
        cfg = replace(cfg, scanner=scanner)
    if printer:
        parse_printer_spec(printer)
        cfg = replace(cfg, printer=printer)
    if scale:
        parse_scale_spec(scale)
        cfg = replace(cfg, scale=scale)
    if modem:
        parse_modem_spec(modem)
        cfg = replace(cfg, modem=modem)
    return cfg
