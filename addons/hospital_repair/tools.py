"""What the models share beyond constants."""

import base64
import contextvars
from contextlib import contextmanager

from psycopg2.errors import SerializationFailure

from odoo.exceptions import LockError

# Set only by Python code (never by a client: a context key would come over
# JSON-RPC): the transitions of the order and of the complaint, and the demo
# data that builds an order's history as the transitions would have.
_IN_TRANSITION = contextvars.ContextVar("hospital_repair_transition", default=False)


@contextmanager
def transition_writes():
    """Let the code inside write the fields that only transitions write."""
    token = _IN_TRANSITION.set(True)
    try:
        yield
    finally:
        _IN_TRANSITION.reset(token)


def in_transition():
    return _IN_TRANSITION.get()


def ref(env, xmlid):
    """``env.ref(xmlid)`` without its query checking that the record
    exists: ``ir.model.data`` caches the id, and the records read so (our
    subtypes and activity types, shipped as data) are never deleted while
    the addon is installed."""
    model, res_id = env["ir.model.data"]._xmlid_to_res_model_res_id(xmlid, raise_if_not_found=True)
    return env[model].browse(res_id)


def try_lock(records):
    """``records.lock_for_update()``; False, instead of an error or a wait,
    when another transaction holds the rows or changed them since ours began
    (two people moving the same record at once: one wins, the other is told)."""
    try:
        with records.env.cr.savepoint(flush=False):
            records.lock_for_update()
    except (LockError, SerializationFailure):
        return False
    return True


def qr_image_data_uri(env, url):
    """The QR code of ``url`` as a PNG data URI, embedded in label PDFs so
    that wkhtmltopdf has nothing to fetch."""
    png = env["ir.actions.report"].barcode("QR", url, width=400, height=400)
    return "data:image/png;base64," + base64.b64encode(png).decode()


def upgrade_rule_domains(env, module, renames):
    """Rewrite, in the record rules of ``module`` (noupdate, so an upgrade
    alone keeps the old domains), each fragment ``old`` of ``renames`` into
    its ``new``: a condition and its equivalent that the indexes serve.
    Fragments are replaced where they stand, so a rule a hospital changed by
    hand keeps what they added; a jump over several versions runs each
    version's renames in turn."""
    rule_ids = env["ir.model.data"].search(
        [("module", "=", module), ("model", "=", "ir.rule")]).mapped("res_id")
    for rule in env["ir.rule"].with_context(active_test=False).browse(rule_ids).exists():
        domain = rule.domain_force or ""
        for old, new in renames.items():
            domain = domain.replace(old, new)
        if domain != (rule.domain_force or ""):
            rule.domain_force = domain
