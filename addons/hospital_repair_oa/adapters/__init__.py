"""Adapters talking to the to-do API of each kind of OA, one class each,
chosen by ``hospital.repair.oa.connection.adapter``."""

from .base import OaAdapter, OaDeliveryError
from .webhook import WebhookAdapter

ADAPTERS = {
    "webhook": WebhookAdapter,
}

__all__ = ["ADAPTERS", "OaAdapter", "OaDeliveryError", "WebhookAdapter"]
