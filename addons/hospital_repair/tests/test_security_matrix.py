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

from datetime import date, datetime, timedelta

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests import tagged

from ..tools import transition_writes
from .common import HospitalRepairCommon, HospitalRepairHttpCommon

ROLES = ("requester", "leader", "worker", "desk", "manager", "portal", "public", "storekeeper")
ALL, AP, NONE = {"A", "B", "P"}, {"A", "P"}, set()
SCORES = {"score_quality": 4, "score_attitude": 4, "score_timeliness": 4, "score_desk": 4}


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


class _Rollback(Exception):
    pass


class SecurityMatrixFixture:
    """Users of each role, and the A/B/P records of every model."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.users = {
            "requester": cls.requester_a, "leader": cls.leader_a, "worker": cls.worker,
            "desk": cls.dispatcher, "manager": cls.manager, "portal": cls.portal_a,
            "public": env.ref("base.public_user"),
            "storekeeper": cls.storekeeper,
        }
        # B lies in building B, worked by A2's worker: nothing of the worker's
        cls.building_b.user_id = cls.worker_a2
        line = {"A": (cls.requester_a, cls.floor_a1), "B": (cls.requester_b, cls.floor_b1),
                "P": (cls.portal_a, cls.floor_a1)}
        cls.line = line

        def order(label, state, **vals):
            reporter, zone = line[label]
            new = env["hospital.repair.order"].with_user(cls.dispatcher).create(dict({
                "reporter_id": reporter.id, "zone_id": zone.id, "category_id": cls.cat_water.id,
                "description": f"{label} {state}", "contact_phone": "8123", "channel": "portal",
            }, **vals))
            steps = ["submit", "accept", "start", "finish", "verify"]
            targets = {"draft": 0, "submitted": 1, "assigned": 2, "in_progress": 3, "done": 4,
                       "verified": 5, "to_approve": 1}
            for step in steps[:targets[state]]:
                who = {"start": new.user_id, "finish": new.user_id}.get(step, cls.dispatcher)
                args = ("success",) if step == "finish" else ()
                getattr(new.with_user(who), f"action_{step}")(*args)
            return new

        cls.order = order
        cls.has_storekeeper = bool(env.ref(
            "hospital_repair_stock.group_repair_storekeeper", raise_if_not_found=False))
        # the orders of each state, for the transitions
        cls.by_state = {
            (label, state): order(label, state)
            for label in ("A", "P")
            for state in {start for start, _roles in TRANSITIONS.values()}
        }
        submitted = {label: order(label, "submitted") for label in "ABP"}
        verified = {label: order(label, "verified") for label in "ABP"}
        cls.unrated = {label: order(label, "verified") for label in "AP"}
        to_approve = {
            label: order(label, "to_approve", category_id=cls.cat_pressure.id) for label in "ABP"
        }
        Evaluation, Complaint = env["hospital.repair.evaluation"], env["hospital.repair.complaint"]
        evaluations = {label: Evaluation.with_user(line[label][0])._submit(verified[label], SCORES, "")
                       for label in "ABP"}
        complaints = {label: Complaint.with_user(line[label][0])._submit(verified[label], "Slow")
                      for label in "ABP"}
        today = fields.Date.context_today(env.user)
        Delegation = env["hospital.repair.approval.delegation"]
        delegations = {
            "A": Delegation.create({"user_id": cls.leader_a.id, "substitute_id": cls.requester_a.id,
                                    "date_from": today + timedelta(days=30),
                                    "date_to": today + timedelta(days=31)}),
            "B": Delegation.create({"user_id": cls.manager.id, "substitute_id": cls.dispatcher.id,
                                    "date_from": today + timedelta(days=30),
                                    "date_to": today + timedelta(days=31)}),
        }
        zones = {"A": cls.area_a1, "B": cls.zone_other}
        # one approval step: the manager's new one is the second
        categories = {"A": cls.cat_furniture, "B": cls.cat_other}
        Board = env["hospital.repair.board"]
        boards = {"A": Board.create({"name": "Matrix Board"}),
                  "B": Board.create({"name": "Other Board", "company_id": cls.company_2.id})}
        cls.samples = {
            "hospital.repair.order": submitted,
            # the analysis has one row per order, of the order's id
            "hospital.repair.report": {
                label: env["hospital.repair.report"].browse(rec.id) for label, rec in submitted.items()},
            "hospital.repair.evaluation": evaluations,
            "hospital.repair.complaint": complaints,
            "hospital.repair.approval": {
                label: rec.approval_ids.filtered(lambda s: s.state == "pending")
                for label, rec in to_approve.items()
            },
            "hospital.repair.approval.delegation": delegations,
            "hospital.repair.zone": zones,
            "hospital.repair.category": categories,
            "hospital.repair.category.approval.step": {
                label: category.approval_step_ids[:1] for label, category in categories.items()
            },
            "hospital.repair.board": boards,
        }
        cls.samples.update(cls._maintenance_samples(order))
        if "hospital.repair.oa.connection" in env:
            Connection = env["hospital.repair.oa.connection"]
            connections = {"A": Connection.create({"name": "Matrix OA"}),
                           "B": Connection.create({"name": "Other OA", "company_id": cls.company_2.id})}
            cls.samples["hospital.repair.oa.connection"] = connections
            cls.samples["hospital.repair.oa.message"] = {"A": env["hospital.repair.oa.message"].create({
                "connection_id": connections["A"].id, "approval_id": cls.samples[
                    "hospital.repair.approval"]["A"].id, "order_id": to_approve["A"].id,
                "step_key": "matrix", "action": "create", "idempotency_key": "matrix-1",
            })}
            cls.samples["hospital.repair.oa.jti"] = {"A": env["hospital.repair.oa.jti"].create({
                "connection_id": connections["A"].id, "jti": "matrix",
                "expires_at": fields.Datetime.now() + timedelta(hours=1),
            })}
            cls.samples["hospital.repair.oa.login.ticket"] = {
                "A": env["hospital.repair.oa.login.ticket"].create({
                    "user_id": cls.requester_a.id, "key_hash": "matrix", "method": "jwt",
                    "expires_at": fields.Datetime.now() + timedelta(minutes=1),
                })}

        if "hospital.repair.material.line" in env:
            cls._stock_samples(order)

    @classmethod
    def _stock_samples(cls, order):
        """The stock addon's records: materials and charges of orders in
        progress, price items of each hospital, settlements of A and B."""
        env = cls.env
        running = {label: order(label, "in_progress") for label in "ABP"}
        cls.running = running
        product = env["product.product"].create({"name": "Matrix Lamp", "is_storable": True})
        cls.matrix_product = product
        Line, Charge = env["hospital.repair.material.line"], env["hospital.repair.charge.line"]
        Settlement = env["hospital.repair.settlement"]
        settlements = {label: Settlement.create({
            "department_id": department.id, "date_from": date(2026, 1, 1),
            "date_to": date(2026, 1, 31)}) for label, department in (("A", cls.dept_a),
                                                                       ("B", cls.dept_b))}
        spare = {label: order(label, "verified") for label in "AB"}
        cls.spare_order = order("A", "verified")
        with transition_writes():
            cls.samples.update({
                "hospital.repair.material.line": {label: Line.create({
                    "order_id": rec.id, "product_id": product.id, "product_uom_qty": 1})
                    for label, rec in running.items()},
                "hospital.repair.charge.line": {label: Charge.create({
                    "order_id": rec.id, "name": "Item", "price_unit": 5.0})
                    for label, rec in running.items()},
                "hospital.repair.price.item": {label: env["hospital.repair.price.item"].create({
                    "name": "Item", "price": 5.0, "category_id": category.id})
                    for label, category in (("A", cls.cat_furniture), ("B", cls.cat_other))},
                "hospital.repair.settlement": settlements,
                "hospital.repair.settlement.line": {
                    label: env["hospital.repair.settlement.line"].create({
                        "settlement_id": settlement.id, "order_id": spare[label].id})
                    for label, settlement in settlements.items()},
            })

    @classmethod
    def _maintenance_samples(cls, order):
        env = cls.env
        on_2 = {"company_id": cls.company_2.id}
        Template = env["hospital.repair.checklist.template"]
        templates = {"A": Template.create({"name": "Matrix Checklist", "line_ids": [
                         (0, 0, {"name": "Check"})]}),
                     "B": Template.create(dict(on_2, name="Other Checklist", line_ids=[
                         (0, 0, {"name": "Check"})]))}
        Plan = env["hospital.repair.pm.plan"]
        plans = {"A": Plan.create({"name": "Matrix Plan", "zone_id": cls.floor_a1.id,
                                   "category_id": cls.cat_water.id}),
                 "B": Plan.create(dict(on_2, name="Other Plan", zone_id=cls.zone_other.id,
                                       category_id=cls.cat_other.id))}
        Route = env["hospital.repair.patrol.route"]
        checkpoint = {"zone_id": cls.floor_a1.id, "category_id": cls.cat_water.id}
        routes = {"A": Route.create({"name": "Matrix Route", "user_id": cls.worker.id,
                                     "checkpoint_ids": [(0, 0, checkpoint)]}),
                  "B": Route.create(dict(on_2, name="Other Route", user_id=cls.worker.id,
                                         checkpoint_ids=[(0, 0, {
                                             "zone_id": cls.zone_other.id,
                                             "category_id": cls.cat_other.id})]))}
        # rounds of one hospital: the worker's, and worker A2's
        round_route_b = Route.create({"name": "A2 Route", "user_id": cls.worker_a2.id,
                                      "checkpoint_ids": [(0, 0, checkpoint)]})
        Round = env["hospital.repair.patrol.round"]
        rounds = {"A": Round.create({"route_id": routes["A"].id, "date": date(2026, 3, 2)}),
                  "B": Round.create({"route_id": round_route_b.id, "date": date(2026, 3, 2)})}
        Line = env["hospital.repair.checklist.line"]
        lines = {label: Line.create({"order_id": order(label, "assigned").id, "name": "Check",
                                     "kind": "text"}) for label in "AB"}
        return {
            "hospital.repair.checklist.template": templates,
            "hospital.repair.checklist.template.line": {
                label: template.line_ids for label, template in templates.items()},
            "hospital.repair.pm.plan": plans,
            "hospital.repair.patrol.route": routes,
            "hospital.repair.patrol.checkpoint": {
                label: route.checkpoint_ids for label, route in routes.items()},
            "hospital.repair.patrol.round": rounds,
            "hospital.repair.patrol.visit": {
                label: rnd.visit_ids for label, rnd in rounds.items()},
            "hospital.repair.checklist.line": lines,
        }

    # what each role writes, and creates, on each model
    WRITES = {
        "hospital.repair.pm.plan": {"name": "Rewritten"},
        "hospital.repair.checklist.template": {"name": "Rewritten"},
        "hospital.repair.checklist.template.line": {"name": "Rewritten"},
        "hospital.repair.checklist.line": {"value_text": "Rewritten"},
        "hospital.repair.patrol.route": {"name": "Rewritten"},
        "hospital.repair.patrol.checkpoint": {"sequence": 99},
        "hospital.repair.patrol.round": {"date_started": datetime(2026, 3, 2, 1, 0)},
        "hospital.repair.patrol.visit": {"date_scanned": datetime(2026, 3, 2, 1, 0)},
        "hospital.repair.order": {"description": "Rewritten"},
        "hospital.repair.report": {"name": "Rewritten"},
        "hospital.repair.evaluation": {"comment": "Rewritten"},
        "hospital.repair.complaint": {"resolution": "Rewritten"},
        "hospital.repair.approval": {"comment": "Rewritten"},
        "hospital.repair.approval.delegation": {"note": "Rewritten"},
        "hospital.repair.zone": {"name": "Rewritten"},
        "hospital.repair.category": {"name": "Rewritten"},
        "hospital.repair.category.approval.step": {"sequence": 99},
        "hospital.repair.board": {"name": "Rewritten"},
        "hospital.repair.oa.connection": {"name": "Rewritten"},
        "hospital.repair.oa.message": {"last_error": "Rewritten"},
        "hospital.repair.oa.jti": {"jti": "rewritten"},
        "hospital.repair.oa.login.ticket": {"method": "rewritten"},
        "hospital.repair.material.line": {"product_uom_qty": 2},
        "hospital.repair.charge.line": {"quantity": 2},
        "hospital.repair.price.item": {"price": 9.0},
        "hospital.repair.settlement": {"payer": "Rewritten"},
        "hospital.repair.settlement.line": {"amount_items": 9.0},
    }

    def _create_vals(self, model, role):
        """The record ``role`` would legitimately create (its own)."""
        user = self.users[role]
        label = "P" if role == "portal" else "A"
        today = fields.Date.context_today(self.env.user)
        return {
            "hospital.repair.order": {
                "zone_id": self.floor_a1.id, "category_id": self.cat_water.id,
                "description": "New", "contact_phone": "8123"},
            "hospital.repair.evaluation": dict(SCORES, order_id=self.unrated[label].id),
            "hospital.repair.complaint": {"order_id": self.unrated[label].id, "description": "New"},
            "hospital.repair.approval": {"order_id": self.unrated[label].id,
                                         "role": "logistics_leader", "approver_id": user.id},
            "hospital.repair.approval.delegation": {
                "user_id": user.id, "substitute_id": self.requester_b.id,
                "date_from": today + timedelta(days=60), "date_to": today + timedelta(days=61)},
            "hospital.repair.zone": {"name": "New Zone"},
            "hospital.repair.category": {"name": "New Category"},
            "hospital.repair.category.approval.step": {
                "category_id": self.samples["hospital.repair.category"]["A"].id,
                "role": "logistics_leader"},
            "hospital.repair.board": {"name": "New Board"},
            "hospital.repair.report": {"name": "New"},
            "hospital.repair.order.action.wizard": {
                "order_ids": [(6, 0, self.by_state["A", "submitted"].ids)], "action": "reject"},
            "hospital.repair.approval.refuse.wizard": {
                "approval_id": self.samples["hospital.repair.approval"]["A"].id, "reason": "No"},
            "hospital.repair.appraisal": {"date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)},
            "hospital.repair.appraisal.line": {"user_id": self.worker.id, "appraisal_id": self.env[
                "hospital.repair.appraisal"].create({"date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)}).id},
            "hospital.repair.pm.plan": {
                "name": "New", "zone_id": self.floor_a1.id, "category_id": self.cat_water.id},
            "hospital.repair.checklist.template": {"name": "New"},
            "hospital.repair.checklist.template.line": {
                "template_id": self.samples["hospital.repair.checklist.template"]["A"].id,
                "name": "New"},
            "hospital.repair.checklist.line": {
                "order_id": self.samples["hospital.repair.order"]["A"].id, "name": "New"},
            "hospital.repair.patrol.route": {"name": "New", "user_id": self.worker.id},
            "hospital.repair.patrol.checkpoint": {
                "route_id": self.samples["hospital.repair.patrol.route"]["A"].id,
                "zone_id": self.floor_a1.id, "category_id": self.cat_water.id},
            "hospital.repair.patrol.round": {
                "route_id": self.samples["hospital.repair.patrol.route"]["A"].id,
                "date": date(2026, 3, 9)},
            "hospital.repair.patrol.visit": {
                "round_id": self.samples["hospital.repair.patrol.round"]["A"].id,
                "checkpoint_id": self.samples["hospital.repair.patrol.checkpoint"]["A"].id},
            "hospital.repair.oa.connection": {"name": "New OA"},
            "hospital.repair.oa.message": {
                "connection_id": self.samples.get("hospital.repair.oa.connection", {}).get("A", self.env[
                    "res.users"]).id, "step_key": "new", "action": "create", "idempotency_key": "new"},
            "hospital.repair.oa.jti": {"jti": "new", "expires_at": fields.Datetime.now()},
            "hospital.repair.oa.login.ticket": {"user_id": user.id, "key_hash": "new", "method": "x",
                                                "expires_at": fields.Datetime.now()},
            "hospital.repair.material.line": lambda: {
                "order_id": self.running[label].id, "product_id": self.matrix_product.id},
            "hospital.repair.charge.line": lambda: {
                "order_id": self.running[label].id, "name": "New", "price_unit": 1.0},
            "hospital.repair.price.item": {"name": "New", "price": 1.0,
                                           "category_id": self.cat_water.id},
            "hospital.repair.settlement": {"department_id": self.dept_a.id,
                                           "date_from": date(2026, 2, 1), "date_to": date(2026, 2, 28)},
            "hospital.repair.settlement.line": lambda: {
                "settlement_id": self.samples["hospital.repair.settlement"]["A"].id,
                "order_id": self.spare_order.id},
        }[model]

    def _values(self, model, role):
        vals = self._create_vals(model, role)
        return vals() if callable(vals) else vals

    def _attempt(self, func):
        """Whether ``func`` goes through; rolled back either way."""
        self.env.cr.clear()
        try:
            with self.env.cr.savepoint():
                func()
                raise _Rollback()
        except _Rollback:
            return True
        except (AccessError, UserError, ValidationError, MissingError):
            return False
        finally:
            self.env.cr.clear()

    def _transition_call(self, action, order):
        args = {
            "reject": {"reason": "Out of scope"},
            "redispatch": {"user": self.worker_a2, "reason": "Closer"},
            "finish": {"result": "success"},
            "reopen": {"reason": "Leaks again"},
            "followup": {"result": "satisfied"},
        }.get(action, {})
        return lambda: getattr(order, f"action_{action}")(**args)


@tagged("post_install", "-at_install")
class TestSecurityMatrix(SecurityMatrixFixture, HospitalRepairCommon):
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
