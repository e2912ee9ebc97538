"""The security matrix of issue 20: for each role, each model of the three
addons and each operation, and each transition of the order, what is
allowed, stated once in the tables below and checked cell by cell as a real
user of the role through the ORM; a sample of the cells again through JSON-2
and the portal routes. A model of ours without a row fails the test.

Records are named by the order they hang on:

- ``A``: department A, reported by the requester, in the worker's zone;
- ``B``: department B, reported by the other department's requester, worked
  (when worked) by another worker;
- ``P``: department A, reported by the portal user, in the worker's zone.

Records that hang on no order (zones, categories, boards, OA connections)
are ``A`` in the users' hospital and ``B`` in another hospital. Cells list the
records the role reads, writes or deletes; ``create`` says whether the role
creates the record it would legitimately create. ``None``: the model keeps
per-user records of the framework (wizards), only ``create`` is checked.
"""

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HospitalRepairCommon, HospitalRepairHttpCommon
from .security_matrix_common import SecurityMatrixFixture

ROLES = ("requester", "leader", "worker", "desk", "manager", "portal", "public", "storekeeper")
ALL, AP, NONE = {"A", "B", "P"}, {"A", "P"}, set()


def row(read, write, create, unlink):
    return {"read": read, "write": write, "create": create, "unlink": unlink}


def same(cells, **overrides):
    """A row per role: ``cells`` for every role, ``overrides`` for some."""
    return {role: overrides.get(role, cells) for role in ROLES}


NOTHING = row(NONE, NONE, False, NONE)
CONFIG_READ = row({"A"}, NONE, False, NONE)
CONFIG_MANAGER = row({"A"}, {"A"}, True, {"A"})

MATRIX = {
    "hospital.repair.order": {
        "requester": row(AP, {"A"}, True, NONE),
        "leader": row(AP, NONE, True, NONE),
        "worker": row(AP, NONE, True, NONE),
        "desk": row(ALL, ALL, True, NONE),
        "manager": row(ALL, ALL, True, ALL),
        "portal": row({"P"}, NONE, False, NONE),
        "public": NOTHING,
        "storekeeper": row(ALL, NONE, False, NONE),
    },
    "hospital.repair.evaluation": {
        "requester": row({"A"}, {"A"}, True, NONE),
        "leader": row(AP, NONE, False, NONE),
        "worker": row(AP, NONE, False, NONE),
        "desk": row(ALL, NONE, False, NONE),
        "manager": row(ALL, NONE, False, NONE),
        "portal": row({"P"}, {"P"}, True, NONE),
        "public": NOTHING,
        "storekeeper": NOTHING,
    },
    "hospital.repair.complaint": {
        "requester": row({"A"}, NONE, True, NONE),
        "leader": row(AP, NONE, True, NONE),
        "worker": row(AP, NONE, False, NONE),
        "desk": row(ALL, ALL, False, NONE),
        "manager": row(ALL, ALL, False, NONE),
        "portal": row({"P"}, NONE, True, NONE),
        "public": NOTHING,
        "storekeeper": NOTHING,
    },
    "hospital.repair.approval": {
        "requester": row({"A"}, NONE, False, NONE),
        "leader": row(AP, NONE, False, NONE),
        "worker": NOTHING,
        "desk": row(ALL, NONE, False, NONE),
        "manager": row(ALL, NONE, False, NONE),
        "portal": row({"P"}, NONE, False, NONE),
        "public": NOTHING,
        "storekeeper": NOTHING,
    },
    # A: the leader's, to the requester; B: the manager's, to the desk
    "hospital.repair.approval.delegation": {
        "requester": row({"A"}, NONE, True, NONE),
        "leader": row({"A"}, {"A"}, True, {"A"}),
        "worker": row(NONE, NONE, True, NONE),
        "desk": row({"B"}, NONE, True, NONE),
        "manager": row({"A", "B"}, {"A", "B"}, True, {"A", "B"}),
        "portal": NOTHING,
        "public": NOTHING,
        "storekeeper": NOTHING,
    },
    "hospital.repair.zone": same(CONFIG_READ, manager=CONFIG_MANAGER, public=NOTHING),
    "hospital.repair.category": same(CONFIG_READ, manager=CONFIG_MANAGER, public=NOTHING),
    "hospital.repair.category.approval.step": same(
        CONFIG_READ, manager=CONFIG_MANAGER, portal=NOTHING, public=NOTHING),
    "hospital.repair.board": same(NOTHING, manager=CONFIG_MANAGER),
    "hospital.repair.report": {
        "requester": row(AP, NONE, False, NONE),
        "leader": row(AP, NONE, False, NONE),
        "worker": row(AP, NONE, False, NONE),
        "desk": row(ALL, NONE, False, NONE),
        "manager": row(ALL, NONE, False, NONE),
        "portal": NOTHING,
        "public": NOTHING,
        "storekeeper": NOTHING,
    },
    "hospital.repair.order.action.wizard": same(
        row(None, None, True, None), portal=row(None, None, False, None),
        public=row(None, None, False, None), storekeeper=row(None, None, False, None)),
    "hospital.repair.approval.refuse.wizard": same(
        row(None, None, True, None), portal=row(None, None, False, None),
        public=row(None, None, False, None), storekeeper=row(None, None, False, None)),
    "hospital.repair.appraisal": same(
        row(None, None, False, None), manager=row(None, None, True, None)),
    "hospital.repair.appraisal.line": same(
        row(None, None, False, None), manager=row(None, None, True, None)),
    # preventive maintenance and patrols (issue 22): configuration read by the
    # workers and the desk, kept by managers; A in the users' hospital, B in
    # another one
    "hospital.repair.pm.plan": same(
        NOTHING, worker=CONFIG_READ, desk=CONFIG_READ, manager=CONFIG_MANAGER),
    "hospital.repair.checklist.template": same(
        NOTHING, worker=CONFIG_READ, desk=CONFIG_READ, manager=CONFIG_MANAGER),
    "hospital.repair.checklist.template.line": same(
        NOTHING, worker=CONFIG_READ, desk=CONFIG_READ, manager=CONFIG_MANAGER),
    "hospital.repair.patrol.route": same(
        NOTHING, worker=CONFIG_READ, desk=CONFIG_READ, manager=CONFIG_MANAGER),
    "hospital.repair.patrol.checkpoint": same(
        NOTHING, worker=CONFIG_READ, desk=CONFIG_READ, manager=CONFIG_MANAGER),
    # rounds and their visits: A the worker's, B another worker's; only the
    # code (scan, finish) moves them
    "hospital.repair.patrol.round": same(
        NOTHING, worker=row({"A"}, NONE, False, NONE), desk=row({"A", "B"}, NONE, False, NONE),
        manager=row({"A", "B"}, {"A", "B"}, True, {"A", "B"})),
    "hospital.repair.patrol.visit": same(
        NOTHING, worker=row({"A"}, NONE, False, NONE), desk=row({"A", "B"}, NONE, False, NONE),
        manager=row({"A", "B"}, {"A", "B"}, False, {"A", "B"})),
    # checks on orders: A on the worker's order, B on another worker's; filled
    # in by whoever records the order's work, copied by the code only
    "hospital.repair.checklist.line": same(
        NOTHING, worker=row({"A"}, {"A"}, False, NONE),
        desk=row({"A", "B"}, {"A", "B"}, False, NONE),
        manager=row({"A", "B"}, {"A", "B"}, False, NONE)),
    # the OA addon: its settings are the administrator's, managers read them
    "hospital.repair.oa.connection": same(NOTHING, manager=row({"A"}, NONE, False, NONE)),
    "hospital.repair.oa.message": same(NOTHING, manager=row({"A"}, NONE, False, NONE)),
    "hospital.repair.oa.jti": same(NOTHING),
    "hospital.repair.oa.login.ticket": same(NOTHING),
    # the stock addon: A, B, P are lines of orders in progress
    "hospital.repair.material.line": {
        "requester": row(AP, NONE, False, NONE),
        "leader": row(AP, NONE, False, NONE),
        "worker": row(AP, AP, True, AP),
        "desk": row(ALL, ALL, True, ALL),
        "manager": row(ALL, ALL, True, ALL),
        "portal": NOTHING,
        "public": NOTHING,
        "storekeeper": row(ALL, NONE, False, NONE),
    },
    "hospital.repair.price.item": same(
        CONFIG_READ, manager=CONFIG_MANAGER, portal=NOTHING, public=NOTHING),
    # A: department A's (led by the leader), B: department B's; drafts
    "hospital.repair.settlement": same(
        NOTHING, leader=row({"A"}, NONE, False, NONE),
        manager=row({"A", "B"}, {"A", "B"}, True, {"A", "B"})),
}
# the charges of an order follow the rules of its materials; the lines of a
# settlement those of the settlement
MATRIX["hospital.repair.charge.line"] = MATRIX["hospital.repair.material.line"]
MATRIX["hospital.repair.settlement.line"] = MATRIX["hospital.repair.settlement"]

# Transitions: which roles may do them on an order in the state they start
# from. The portal user acts on their own order (line P), the others on the
# requester's (line A), whose worker is the worker.
TRANSITIONS = {
    "submit": ("draft", {"requester", "desk", "manager", "portal"}),
    "accept": ("submitted", {"desk", "manager"}),
    "reject": ("submitted", {"desk", "manager"}),
    "redispatch": ("assigned", {"desk", "manager"}),
    "start": ("assigned", {"worker", "desk", "manager"}),
    "finish": ("in_progress", {"worker", "desk", "manager"}),
    "verify": ("done", {"requester", "desk", "manager", "portal"}),
    "reopen": ("done", {"requester", "desk", "manager", "portal"}),
    "followup": ("done", {"desk", "manager"}),
    "close": ("verified", {"desk", "manager"}),
    "cancel": ("submitted", {"requester", "desk", "manager", "portal"}),
    "urge": ("assigned", {"requester", "leader", "desk", "manager", "portal"}),
}


@tagged("post_install", "-at_install")
class TestSecurityMatrix(SecurityMatrixFixture, HospitalRepairCommon):
    TRANSITIONS = TRANSITIONS

    def test_every_model_has_a_row(self):
        ours = {
            name for name, model in self.env.registry.items()
            if name.startswith("hospital.repair.") and not model._abstract
        }
        self.assertEqual(ours - set(MATRIX), set(), "models without a row in MATRIX")
        for model, rows in MATRIX.items():
            self.assertEqual(set(rows), set(ROLES), model)

    def test_matrix_through_the_orm(self):
        for model, rows in MATRIX.items():
            if model not in self.env:
                continue  # an addon of ours that is not installed
            samples = self.samples.get(model, {})
            for role, cells in rows.items():
                if role == "storekeeper" and not self.has_storekeeper:
                    continue  # without the stock addon: an internal user, checked elsewhere
                user = self.users[role]
                Model = self.env[model].with_user(user)
                with self.subTest(model=model, role=role, op="create"):
                    self.assertEqual(
                        self._attempt(lambda Model=Model, role=role, model=model: Model.create(
                            self._values(model, role))),
                        cells["create"])
                if cells["read"] is None:
                    continue
                with self.subTest(model=model, role=role, op="read"):
                    ids = {rec.id: label for label, rec in samples.items()}
                    try:
                        found = Model.search([("id", "in", list(ids))])
                        found.read(["display_name"])  # found, and readable
                        seen = {ids[rec.id] for rec in found}
                    except AccessError:
                        seen = set()
                    self.assertEqual(seen, cells["read"])
                for op in ("write", "unlink"):
                    with self.subTest(model=model, role=role, op=op):
                        done = {
                            label for label, rec in samples.items()
                            if self._attempt(
                                lambda rec=rec, op=op, model=model, user=user: (
                                    rec.with_user(user).write(self.WRITES[model]) if op == "write"
                                    else rec.with_user(user).unlink()))
                        }
                        self.assertEqual(done, cells[op])

    def test_transitions_through_the_orm(self):
        for action, (state, allowed) in TRANSITIONS.items():
            for role, user in self.users.items():
                if role == "storekeeper" and not self.has_storekeeper:
                    continue
                order = self.by_state["P" if role == "portal" else "A", state]
                with self.subTest(action=action, role=role):
                    self.assertEqual(
                        self._attempt(self._transition_call(action, order.with_user(user))),
                        role in allowed)


@tagged("post_install", "-at_install")
class TestSecurityMatrixHttp(SecurityMatrixFixture, HospitalRepairHttpCommon):
    """A sample of the matrix again, through JSON-2 and the portal routes."""

    TRANSITIONS = TRANSITIONS

    def test_json2_sample(self):
        for role, model in (("requester", "hospital.repair.evaluation"),
                            ("worker", "hospital.repair.complaint"),
                            ("leader", "hospital.repair.approval"),
                            ("requester", "hospital.repair.order")):
            samples = self.samples[model]
            ids = {rec.id: label for label, rec in samples.items()}
            with self.subTest(role=role, model=model, op="read"):
                response = self.json2(self.users[role], model, "search_read",
                                      domain=[("id", "in", list(ids))], fields=["id"])
                self.assertEqual(response.status_code, 200, response.text)
                self.assertEqual({ids[r["id"]] for r in response.json()}, MATRIX[model][role]["read"])
        for role, model, label in (("worker", "hospital.repair.evaluation", "A"),
                                   ("requester", "hospital.repair.order", "B"),
                                   ("leader", "hospital.repair.order", "A")):
            with self.subTest(role=role, model=model, op="write", label=label):
                response = self.json2(self.users[role], model, "write",
                                      ids=self.samples[model][label].ids, vals=self.WRITES[model])
                self.assertEqual(response.status_code == 200, label in MATRIX[model][role]["write"],
                                 response.text)
        for role, action in (("requester", "accept"), ("worker", "start"), ("leader", "cancel")):
            state, allowed = TRANSITIONS[action]
            with self.subTest(role=role, action=action):
                response = self.json2(self.users[role], "hospital.repair.order", f"action_{action}",
                                      ids=self.by_state["A", state].ids)
                self.assertEqual(response.status_code == 200, role in allowed, response.text)

    def test_portal_routes_sample(self):
        self.authenticate("portal_a", "portal_a")
        orders = self.samples["hospital.repair.order"]
        for label, order in orders.items():
            with self.subTest(op="read", label=label):
                response = self.url_open(f"/my/repairs/{order.id}")
                self.assertEqual(response.status_code == 200,
                                 label in MATRIX["hospital.repair.order"]["portal"]["read"])
        for label in ("A", "P"):
            order = self.by_state[label, "submitted"]
            with self.subTest(op="cancel", label=label):
                self.url_open(f"/my/repairs/{order.id}/cancel",
                              data={"csrf_token": http.Request.csrf_token(self)}, allow_redirects=False)
                self.assertEqual(order.state == "cancelled", label == "P")

    def test_board_of_another_hospital(self):
        """The desk opens the big screens of its own hospitals only."""
        self.authenticate("dispatcher", "dispatcher")
        boards = self.samples["hospital.repair.board"]
        for label, board in boards.items():
            with self.subTest(label=label):
                page = self.url_open(f"/repair/board?board_id={board.id}", allow_redirects=False)
                data = self.url_open(f"/repair/board/data?board_id={board.id}")
                self.assertEqual((page.status_code, data.status_code),
                                 (200, 200) if label == "A" else (404, 404))
