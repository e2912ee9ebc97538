"""Adapters talking to the to-do API of each kind of OA, one class each,
chosen by ``hospital.repair.oa.connection._get_oa_adapter_class()`` (which
another addon overrides, with ``selection_add`` on ``adapter``, to add an
OA: see the README)."""

from .base import OaAdapter, OaDeliveryError
from .seeyon import SeeyonAdapter
from .weaver import WeaverAdapter
from .webhook import WebhookAdapter

__all__ = ["OaAdapter", "OaDeliveryError", "SeeyonAdapter", "WeaverAdapter", "WebhookAdapter"]
