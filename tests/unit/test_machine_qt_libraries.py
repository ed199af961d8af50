"""tests/machine.py's QT_LIBRARIES must name every system library the Qt wheels link to directly,
or a PySide6 upgrade that needs one more would fail on a bare machine with an ImportError instead
of installing it. Checked on the libraries a running QApplication (offscreen) has loaded."""

import struct
import sys
from pathlib import Path

import pytest

from tests.machine import QT_LIBRARIES

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's system libraries: Linux")

# in every Debian/Ubuntu install (libc6, libgcc-s1, libstdc++6, zlib1g are required packages)
BASE_SYSTEM = {"libc.so.6", "libm.so.6", "libdl.so.2", "librt.so.1", "libpthread.so.0", "libgcc_s.so.1",
               "libstdc++.so.6", "libz.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}


def needed(path: Path) -> list[str]:
    """DT_NEEDED of a 64-bit little-endian ELF file (what `objdump -p` lists as NEEDED)."""
    data = path.read_bytes()
    assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1, path
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQII", data, shoff + i * shentsize) for i in range(shnum)]
    names = []
    for _name, kind, _flags, _addr, offset, size, link, _info in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strtab = sections[link][4]
        for entry in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, entry)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                names.append(data[strtab + value:data.index(b"\0", strtab + value)].decode())
    return names


def test_qt_libraries_lists_every_system_library_qt_links_to(qapp, tmp_path):
    import PySide6
    import shiboken6
    from PySide6.QtGui import QImage

    QImage(8, 8, QImage.Format.Format_RGB32).save(str(tmp_path / "x.png"))  # an image plugin too
    wheels = (Path(PySide6.__file__).parent, Path(shiboken6.__file__).parent)
    loaded = {Path(line.split(maxsplit=5)[5]) for line in Path("/proc/self/maps").read_text().splitlines()
              if len(line.split(maxsplit=5)) == 6 and ".so" in line}
    qt_files = {p for p in loaded if any(w in p.parents for w in wheels)}
    assert any(p.name == "libqoffscreen.so" for p in qt_files)
    bundled = {p.name for w in wheels for p in w.rglob("*.so*")}
    system = {name for p in qt_files for name in needed(p)} - bundled
    assert system - BASE_SYSTEM - set(QT_LIBRARIES) == set()
