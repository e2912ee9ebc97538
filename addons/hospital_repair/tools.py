"""What the models share beyond constants."""

import contextvars
from contextlib import contextmanager

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
