from odoo.tests import tagged

from .common import HospitalRepairCommon


@tagged("post_install", "-at_install")
class TestOrderPerformance(HospitalRepairCommon):
    def _create_and_dispatch(self, Order, n):
        orders = Order.create([{
            "reporter_name": f"Caller {i}", "contact_phone": "8123", "channel": "phone",
            "zone_id": self.floor_a1.id, "category_id": self.cat_water.id,
            "description": "Lamp broken",
        } for i in range(n)])
        orders.action_submit()
        orders.action_accept()
        orders.flush_model()
        return orders

    def test_create_and_dispatch_query_count(self):
        Order = self.env["hospital.repair.order"].with_user(self.dispatcher).with_context(
            default_reporter_id=False
        )
        self._create_and_dispatch(Order, 1)  # warm the caches
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=QUERIES_ONE, dispatcher=QUERIES_ONE):
            order = self._create_and_dispatch(Order, 1)
        self.assertEqual(order.user_id, self.worker)
        self.env.invalidate_all()
        # a batch costs little more than one order: no query per order and field
        with self.assertQueryCount(__system__=QUERIES_TEN, dispatcher=QUERIES_TEN):
            orders = self._create_and_dispatch(Order, 10)
        self.assertEqual(orders.user_id, self.worker)

    def _request(self, user, func, counted):
        """One call as one HTTP request makes it: an empty record cache, and
        the end-of-transaction work (tracking messages, followers' notices)
        counted with it."""
        self.env.invalidate_all()
        budget = BUDGETS[func.__name__] if counted else 1000
        with self.assertQueryCount(__system__=budget, **{user.login: budget}):
            result = func(user)
            self.env.flush_all()
            self.env.cr.flush()
        return result

    def test_one_order_by_real_users(self):
        """As users make orders, one at a time: the requester reports and
        submits, the desk accepts and the zone's worker is dispatched."""
        def create(user):
            return self.env["hospital.repair.order"].with_user(user).create({
                "zone_id": self.floor_a1.id, "location": "Room 12",
                "category_id": self.cat_water.id, "description": "The tap leaks",
                "contact_phone": "021-64041990",
            })

        def submit(user):
            return order.with_user(user).action_submit()

        def accept(user):
            return order.with_user(user).action_accept()

        def report(user):
            order, errors = self.env["hospital.repair.order"].with_user(user)._portal_create_report({
                "zone_id": self.floor_a1.id, "location": "Room 12", "priority": "normal",
                "category_id": self.cat_water.id, "description": "The tap leaks",
                "contact_phone": "021-64041990",
            }, [])
            self.assertFalse(errors)
            return order

        for counted in (False, True):  # the first warms the caches
            # the report form (portal, QR code): one request creates and submits
            order = self._request(self.requester_a, report, counted)
            self._request(self.dispatcher, accept, counted)
            self.assertEqual((order.state, order.user_id), ("assigned", self.worker))
            # the back office: a draft saved, then submitted
            order = self._request(self.requester_a, create, counted)
            self._request(self.requester_a, submit, counted)
            self._request(self.dispatcher, accept, counted)
            self.assertEqual((order.state, order.user_id), ("assigned", self.worker))


# Measured 33 and 53 on Odoo 19.0 with the three addons: the per-order part is
# the sequence and the worker's assignment notice (one message each).
QUERIES_ONE = 35
QUERIES_TEN = 55
# One order by real users, per request (Odoo 19.0, the three addons): 76
# queries through the report form, 82 through a back-office draft (96 before
# the reporter's notice became the transition's tracked message, 112 before
# issue 25; Odoo's maintenance.request costs 55 created and assigned the same
# way). The report reads the reporter's employee and department (stored for
# the portal's rule), subscribes the reporter and submits; the submit and the
# accept check the rights (the department's roles only when the others do
# not allow) and lock the row; a requester's request also asks the rule for
# their departments and approval steps (a transfer counts at once); the
# accept's one message (about 17 queries of mail's own) tells both the worker
# and the reporter.
BUDGETS = {"report": 29, "create": 19, "submit": 16, "accept": 47}
