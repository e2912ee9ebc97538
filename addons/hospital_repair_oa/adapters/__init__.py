"""Adapters talking to the to-do API of each kind of OA, one class each,
chosen by ``hospital.repair.oa.connection.adapter``."""

from .base import OaAdapter, OaDeliveryError
from .seeyon import SeeyonAdapter
from .weaver import WeaverAdapter
from .webhook import WebhookAdapter

ADAPTERS = {
    "weaver": WeaverAdapter,
    "seeyon": SeeyonAdapter,
    "webhook": WebhookAdapter,
}

__all__ = ["ADAPTERS", "OaAdapter", "OaDeliveryError", "SeeyonAdapter", "WeaverAdapter", "WebhookAdapter"]
