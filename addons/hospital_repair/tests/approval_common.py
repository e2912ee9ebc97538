class ApprovalMixin:
    """For tests of the approval flow, on top of the fixture
    (``HospitalRepairCommon`` or ``HospitalRepairHttpCommon``): the head of
    logistics is the logistics leader of the settings, and helpers to
    report an order of the approval category.

    The route of an order reported by requester_a2 (赵护士) of 心内科, the
    fixture's category cat_pressure::

        department_leader: her direct leader head_nurse_a (周护士长), whose
            leader is leader_a (王主任), the department's leader, whose
            leader is vice_president (白副院长)
        logistics_leader: logistics_head (陆处长)
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.repair_logistics_leader_id = cls.logistics_head

    def _submit(self, reporter=None, category=None, **vals):
        """An order of the approval category (or ``category``) reported and
        submitted by ``reporter`` (requester_a2 by default)."""
        reporter = reporter or self.requester_a2
        order = self.env["hospital.repair.order"].with_user(reporter).create({
            "zone_id": self.floor_a1.id,
            "category_id": (category or self.cat_pressure).id,
            "description": "Autoclave leaks",
            "reporter_id": reporter.id,
            **vals,
        })
        order.action_submit()
        return order.with_user(self.env.user)

    def _approval_activities(self, order):
        activity_type = self.env.ref("hospital_repair.mail_activity_type_repair_approval")
        return order.sudo().activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
