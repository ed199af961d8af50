"""Settings: shelves and layers, notice text, the station's short name, remembered carriers.

Changes are the owner's (they change every pickup code and every message villagers get).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
    QSpinBox, QVBoxLayout, QWidget,
)
from PySide6.QtCore import Qt

from pos.domain.errors import DomainError
from pos.services import settings as st
from pos.services.station.setup import get_station
from pos.services.parcels import county_settings
from pos.services.parcels.notices import NoticeItem, render
from pos.services.parcels.settings import (
    CARRIER_PREFERENCES, CODE_REST_DAYS, MAX_CAPACITY, MAX_LAYERS, MAX_REST_DAYS, NOTICE_TEMPLATE, SHELVES,
    STATION_SHORT_NAME, WECHAT_SHOWS_CODES, check_layout, check_rest_days, check_short_name, check_template,
    clean_preferences, layout_or_default, rest_days,
)
from pos.ui.context import AppContext
from pos.ui.owner_approval import require_owner
from pos.ui.widgets.form_error import FormError


class ParcelsSettingsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rules = ctx.wiring.rules
        view = get_station(ctx.db)
        self._station_name = view.name if view else ""
        self.shelves = QLineEdit()
        self.shelves.setPlaceholderText("A B C D")
        self.layers = QSpinBox()
        self.layers.setRange(1, MAX_LAYERS)
        self.capacity = QSpinBox()
        self.capacity.setRange(1, MAX_CAPACITY)
        self.capacity.setSuffix(self.tr(" parcels"))
        self.total = QLabel()
        self.short_name = QLineEdit()
        self.short_name.setPlaceholderText(self.tr("Empty: the station's name"))
        self.template = QPlainTextEdit()
        self.template.setTabChangesFocus(True)
        self.template.setMaximumHeight(90)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        help_text = QLabel(self.tr("Placeholders: {station} station, {name} recipient, {carriers} carriers, "
                                   "{codes} pickup codes, {count} number of parcels."))
        help_text.setWordWrap(True)
        self.rest_days = QSpinBox()
        self.rest_days.setRange(0, MAX_REST_DAYS)
        self.rest_days.setSuffix(self.tr(" days"))
        self.rest_days.setToolTip(self.tr("A pickup code is not given again until this long after its last parcel "
                                          "left: an old message may still name it."))
        self.wechat_codes = QCheckBox(self.tr("Show pickup codes in the WeChat group text"))
        self.wechat_codes.setToolTip(self.tr("Off: the group sees surname, phone tail and the number of parcels; "
                                             "everyone in the group could read a code that is shown."))
        self.preferences = QListWidget()
        self.preferences.setMaximumHeight(110)
        self.forget = QPushButton(self.tr("Forget the selected choice"))
        self.forget.clicked.connect(self.forget_choice)
        form = QFormLayout()
        form.addRow(self.tr("Shelves (letters, separated by spaces)"), self.shelves)
        form.addRow(self.tr("Layers per shelf"), self.layers)
        form.addRow(self.tr("Parcels per layer"), self.capacity)
        form.addRow("", self.total)
        form.addRow(self.tr("Station name in notices"), self.short_name)
        form.addRow(self.tr("Notice text"), self.template)
        form.addRow("", help_text)
        form.addRow(self.tr("Example"), self.preview)
        form.addRow(self.tr("Pickup code rest after a parcel leaves"), self.rest_days)
        form.addRow("", self.wechat_codes)
        form.addRow(self.tr("Carriers chosen for ambiguous numbers"), self.preferences)
        forget_row = QHBoxLayout()
        forget_row.addStretch(1)
        forget_row.addWidget(self.forget)
        self.error = FormError()
        self.saved = QLabel()
        self.save = QPushButton(self.tr("Save parcel settings"))
        self.save.clicked.connect(self.submit)
        for w in (self.shelves, self.short_name):
            w.textChanged.connect(self._update_preview)
        self.template.textChanged.connect(self._update_preview)
        self.layers.valueChanged.connect(self._update_preview)
        self.capacity.valueChanged.connect(self._update_preview)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addLayout(forget_row)
        lay.addWidget(self.error)
        lay.addWidget(self.saved)
        lay.addWidget(self.save)
        lay.addStretch(1)
        self.load()

    def load(self) -> None:
        layout = layout_or_default(st.read(self.ctx.db, SHELVES))
        self.shelves.setText(" ".join(layout.shelves))
        self.layers.setValue(layout.layers)
        self.capacity.setValue(layout.capacity)
        self.short_name.setText(st.read(self.ctx.db, STATION_SHORT_NAME) or "")
        self.template.setPlainText(st.read(self.ctx.db, NOTICE_TEMPLATE))
        by_county = county_settings.notice_set_by_county(self.ctx.db)
        self.template.setReadOnly(by_county)
        self.template.setToolTip(self.tr("The county centre sets the notice text while this station is linked.")
                                 if by_county else "")
        self.rest_days.setValue(rest_days(st.read(self.ctx.db, CODE_REST_DAYS)))
        self.wechat_codes.setChecked(st.read(self.ctx.db, WECHAT_SHOWS_CODES) is True)
        self.preferences.clear()
        for key, code in sorted(clean_preferences(st.read(self.ctx.db, CARRIER_PREFERENCES)).items()):
            length, start = key.split(":", 1) if ":" in key else ("?", key)
            carrier = self.rules.carriers[code]
            name = carrier.name_zh if self.ctx.translations.language == "zh_CN" else carrier.name_en
            item = QListWidgetItem(self.tr("{length}-character numbers starting {start}: {carrier}").format(
                length=length, start=start, carrier=name))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.preferences.addItem(item)
        self.forget.setEnabled(self.preferences.count() > 0)
        self.error.clear_error()
        self.saved.clear()
        self._update_preview()

    def _values(self) -> dict:
        return {
            SHELVES: check_layout({"shelves": self.shelves.text(), "layers": self.layers.value(),
                                   "capacity": self.capacity.value()}).to_data(),
            NOTICE_TEMPLATE: check_template(self.template.toPlainText()),
            STATION_SHORT_NAME: check_short_name(self.short_name.text()),
            CODE_REST_DAYS: check_rest_days(self.rest_days.value()),
            WECHAT_SHOWS_CODES: self.wechat_codes.isChecked(),
        }

    def _update_preview(self) -> None:
        try:
            layout = check_layout({"shelves": self.shelves.text(), "layers": self.layers.value(),
                                   "capacity": self.capacity.value()})
            self.total.setText(self.tr("{count} places in all").format(count=layout.total))
        except DomainError:
            self.total.clear()
        try:
            template = check_template(self.template.toPlainText())
        except DomainError:
            self.preview.setText("")
            return
        station = self.short_name.text().strip() or self._station_name
        self.preview.setText(render(template, station, "张三", [NoticeItem("中通快递", "A-3-0127")]))

    def submit(self) -> None:
        self.error.clear_error()
        self.saved.clear()
        try:
            values = self._values()
        except DomainError as e:
            self.error.show_error(e)
            return
        owner = require_owner(self.ctx, self, self.tr("change the parcel settings"), "settings.parcels")
        if owner is None:
            return
        st.save(self.ctx.db, owner, values)
        self.saved.setText(self.tr("Saved."))

    def forget_choice(self) -> None:
        item = self.preferences.currentItem()
        if item is None:
            return
        owner = require_owner(self.ctx, self, self.tr("change the parcel settings"), "settings.parcels")
        if owner is None:
            return
        prefs = clean_preferences(st.read(self.ctx.db, CARRIER_PREFERENCES))
        prefs.pop(item.data(Qt.ItemDataRole.UserRole), None)
        st.save(self.ctx.db, owner, {CARRIER_PREFERENCES: prefs})
        self.load()
