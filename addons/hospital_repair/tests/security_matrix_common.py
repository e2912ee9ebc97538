"""The records of the security matrix (``test_security_matrix.py``): the
users of each role, and the A/B/P samples of every model of the three
addons, built once per class; the matrix's tables stay in the test file."""

from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError

from ..tools import transition_writes

SCORES = {"score_quality": 4, "score_attitude": 4, "score_timeliness": 4, "score_desk": 4}


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
            for state in {start for start, _roles in cls.TRANSITIONS.values()}
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
        with transition_writes():  # checks are copied by the code only
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
