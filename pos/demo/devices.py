"""The demo station's scale and SMS modem: the fakes, so that Settings shows a live weight and
check-ins send their notices "by SMS" (pos.devices.modem.FakeModem records them, sends nothing)."""

from __future__ import annotations

from pos.db.unit_of_work import Database
from pos.services import settings as st
from pos.services.hardware.device_settings import MODEM_SPEC, SCALE_SPEC


def add_demo_devices(db: Database) -> None:
    # only these two keys: the printer and scanner stay unsaved, so --printer/--scanner still apply
    with db.unit_of_work() as s:
        st.put(s, SCALE_SPEC, "fake")
        st.put(s, MODEM_SPEC, "fake")
