from odoo import api, fields, models
from odoo.exceptions import ValidationError

CHECK_KINDS = [
    ("pass_fail", "Pass / Fail"),
    ("number", "Number"),
    ("text", "Text"),
    ("photo", "Photo"),
]


class HospitalRepairChecklistTemplate(models.Model):
    """A list of checks (点检表) for a kind of equipment or place: PM plans
    and patrol checkpoints copy its lines onto their orders and rounds, where
    the worker fills them in."""

    _name = "hospital.repair.checklist.template"
    _description = "Repair Checklist Template"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company)
    line_ids = fields.One2many(
        "hospital.repair.checklist.template.line", "template_id", string="Checks", copy=True)
    note = fields.Text()

    def _line_values(self, equipment=None):
        """The values of the checklist lines this template gives an order or a
        visit: a copy, so that later edits of the template leave the checks
        already recorded alone."""
        return [{
            "sequence": line.sequence,
            "name": line.name,
            "kind": line.kind,
            "required": line.required,
            "min_value": line.min_value,
            "max_value": line.max_value,
            "unit": line.unit,
            "equipment_id": equipment.id if equipment else False,
        } for line in self.line_ids]


class HospitalRepairChecklistTemplateLine(models.Model):
    _name = "hospital.repair.checklist.template.line"
    _description = "Repair Checklist Template Line"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "hospital.repair.checklist.template", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="template_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Check", required=True, translate=True)
    kind = fields.Selection(CHECK_KINDS, required=True, default="pass_fail")
    required = fields.Boolean(default=True)
    min_value = fields.Float(string="Minimum", help="Numbers below are flagged.")
    max_value = fields.Float(string="Maximum", help="Numbers above are flagged.")
    unit = fields.Char()

    @api.constrains("kind", "min_value", "max_value")
    def _check_range(self):
        for line in self.filtered(lambda l: l.kind == "number"):
            if line.min_value > line.max_value:
                raise ValidationError(self.env._(
                    "The minimum of %(check)s is above its maximum.", check=line.name))
