from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # The portal pages show our widgets and mail's chatter: their words
        # must reach the browser in the visitor's language.
        return [*super()._get_translation_frontend_modules_name(), "mail", "hospital_repair"]
