"""Which parts of Qt the bundle leaves out: the app uses QtCore, QtGui and QtWidgets only.

Leaving out a Python module keeps its hook from collecting QML, networking and the like; leaving
out a plugin also leaves out the libraries only it needs (the GTK theme plugin alone brings GTK's
cairo/pango stack, the VNC and TUIO plugins bring QtNetwork).

tests/installers/test_bundle_config.py checks that no module the app imports is excluded here,
so a page that starts using, say, QtPrintSupport fails a fast test instead of the frozen app.
"""

from __future__ import annotations

# PySide6-Essentials modules the app never imports (their hooks would drag in QML, networking...)
UNUSED_QT_MODULES = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDesigner", "QtGraphs",
    "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetwork",
    "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets",
    "QtPositioning", "QtPrintSupport", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2",
    "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus",
    "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvg", "QtSvgWidgets",
    "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore",
    "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
)
QT_EXCLUDES = tuple(f"PySide6.{m}" for m in UNUSED_QT_MODULES)

# Qt's own translations: only Chinese is needed (English is the source language)
KEEP_QT_TRANSLATIONS = ("_zh_CN.qm",)


def keep_qt_file(dest: str) -> bool:
    """False for collected Qt files the app cannot use (dest: the path inside the bundle)."""
    parts = dest.replace("\\", "/").split("/")
    if "PySide6" not in parts:
        return True
    if "translations" in parts and parts[-1].endswith(".qm"):
        return parts[-1].endswith(KEEP_QT_TRANSLATIONS)
    return True


# Qt plugins for embedded/kiosk set-ups and image formats the app never reads, by file stem
# (libqeglfs.so and qeglfs.dll both have the stem "qeglfs"). Kept: xcb, wayland, windows,
# offscreen and minimal platforms, the ibus/compose input methods, jpeg/gif/ico/svg images.
DROPPED_PLUGINS = {
    "platforms": {"qeglfs", "qlinuxfb", "qvnc", "qvkkhrdisplay", "qminimalegl", "qdirect2d"},
    "platformthemes": {"qgtk3"},
    "imageformats": {"qicns", "qtga", "qtiff", "qwbmp", "qwebp", "qpdf"},
}
DROPPED_PLUGIN_TYPES = {"generic", "egldeviceintegrations"}


def plugin_stem(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def wanted_plugin(plugin_type: str, path: str) -> bool:
    if plugin_type in DROPPED_PLUGIN_TYPES:
        return False
    return plugin_stem(path) not in DROPPED_PLUGINS.get(plugin_type, set())


def install_plugin_filter() -> bool:
    """Filter the plugins PyInstaller's Qt hooks collect, before their libraries are analysed.

    PyInstaller has no option for this, so its plugin collector is wrapped. If a future
    PyInstaller renames it, the build still works, only bigger (False is returned).
    """
    try:
        from PyInstaller.utils.hooks import qt
        original = qt.QtLibraryInfo.collect_plugins
    except (ImportError, AttributeError):
        return False

    def collect_plugins(self, plugin_type):
        return [b for b in original(self, plugin_type) if wanted_plugin(plugin_type, b[0])]

    qt.QtLibraryInfo.collect_plugins = collect_plugins
    return True
