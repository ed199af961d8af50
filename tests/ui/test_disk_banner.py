"""The banner of a disk getting full: in time (amber), urgent (red), in the partner's language,
gone once there is room. The disk's free space is faked: a test cannot fill the machine's disk."""

import pytest

from pos.services.station import disk_room
from pos.services.station.disk_room import MIB
from pos.ui.main_window import MainWindow

GB = 1024 * MIB


@pytest.fixture(autouse=True)
def chinese_after(ctx):
    yield
    ctx.translations.use("zh_CN")


class Disk:
    def __init__(self, monkeypatch, free: int) -> None:
        self.free = free
        monkeypatch.setattr(disk_room, "free_bytes", lambda _folder: self.free)


@pytest.mark.parametrize("lang,expect", [("zh_CN", "硬盘快满了"), ("en", "almost full")])
def test_the_banner_says_it_in_the_partners_language(qtbot, ctx, monkeypatch, lang, expect):
    ctx.translations.use(lang)
    Disk(monkeypatch, free=10 * MIB)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    assert w.disk_banner.isVisible() and expect in w.disk_banner.text() and "10 MB" in w.disk_banner.text()
    assert "#b3261e" in w.disk_banner.styleSheet()  # red: urgent


def test_the_banner_goes_when_room_is_made_and_follows_a_language_switch(qtbot, ctx, monkeypatch):
    ctx.translations.use("en")
    disk = Disk(monkeypatch, free=1 * GB)
    monkeypatch.setattr(disk_room, "records_size", lambda _f: 2 * GB)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    assert w.disk_banner.isVisible() and "getting full" in w.disk_banner.text()
    assert "#fff4ce" in w.disk_banner.styleSheet()  # amber: in time
    w.change_language("zh_CN")
    assert "硬盘空间不多了" in w.disk_banner.text()
    disk.free = 50 * GB
    w.disk.check()
    assert not w.disk_banner.isVisible()
