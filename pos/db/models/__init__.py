"""All models, imported here so Base.metadata knows every table."""

from pos.db.models.audit import AuditEntry
from pos.db.models.base import Base, Record
from pos.db.models.counter import Counter
from pos.db.models.notice import Notice, NoticeParcel
from pos.db.models.payment import AccountEntry, Payment
from pos.db.models.product import Product
from pos.db.models.purchase import PurchaseEvent, PurchaseItem, PurchaseOrder, PurchaseWaybill
from pos.db.models.sale import Refund, RefundLine, Sale, SaleLine
from pos.db.models.parcel import DeliveryRun, Parcel, ParcelEvent, ReturnBatch, Stocktake
from pos.db.models.print_job import PrintDayCount, PrintJob
from pos.db.models.sending import ParcelHandover, SentParcel
from pos.db.models.sequence import Sequence
from pos.db.models.service_payment import ServicePayment
from pos.db.models.setting import Setting
from pos.db.models.shift import Shift
from pos.db.models.sms_message import SmsMessage
from pos.db.models.station import Station
from pos.db.models.sync import ManifestLine, OutboxEntry, SyncState
from pos.db.models.user import User
from pos.db.models.villager import DeliveryConsent, Villager

__all__ = [
    "AccountEntry", "Payment", "Product", "PurchaseEvent", "PurchaseItem", "PurchaseOrder", "PurchaseWaybill",
    "Refund", "RefundLine", "Sale", "SaleLine", "Shift",
    "AuditEntry", "Base", "Counter", "DeliveryConsent", "DeliveryRun", "ManifestLine", "Notice", "NoticeParcel",
    "OutboxEntry", "Parcel", "ParcelEvent", "PrintDayCount", "PrintJob", "ParcelHandover", "Record", "ReturnBatch", "SentParcel",
    "Sequence", "ServicePayment", "Setting", "SmsMessage", "Station", "Stocktake", "SyncState", "User", "Villager",
]
