from odoo import api, fields, models



class HospitalRepairEvaluation(models.Model):
    """The reporter's satisfaction with one order (满意度评价)."""

    _name = "hospital.repair.evaluation"
    _description = "Repair Evaluation"
    _order = "id desc"

    order_id = fields.Many2one(
        "hospital.repair.order", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    user_id = fields.Many2one(related="order_id.user_id", store=True, string="Worker")
    duty_user_id = fields.Many2one(related="order_id.duty_user_id", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Evaluated By", default=lambda self: self.env.user.partner_id
    )
    score_quality = fields.Integer(string="Quality")
    score_attitude = fields.Integer(string="Attitude")
    score_timeliness = fields.Integer(string="Timeliness")
    score_desk = fields.Integer(string="Service Desk")
    score_average = fields.Float(
        compute="_compute_score_average", store=True, aggregator="avg"
    )
    comment = fields.Text()

    _order_unique = models.UniqueIndex("(order_id)")
    _scores_range = models.Constraint(
        "CHECK (score_quality BETWEEN 1 AND 5 AND score_attitude BETWEEN 1 AND 5"
        " AND score_timeliness BETWEEN 1 AND 5 AND score_desk BETWEEN 1 AND 5)",
        "Scores go from 1 to 5 stars.",
    )

    @api.depends("score_quality", "score_attitude", "score_timeliness", "score_desk")
    def _compute_score_average(self):
        for evaluation in self:
            evaluation.score_average = (
                evaluation.score_quality
                + evaluation.score_attitude
                + evaluation.score_timeliness
                + evaluation.score_desk
            ) / 4.0
