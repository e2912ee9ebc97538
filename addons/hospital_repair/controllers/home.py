from odoo.addons.portal.controllers.web import Home
from odoo.addons.web.controllers.utils import is_user_internal


class HospitalRepairHome(Home):
    """Portal users (clinical staff without backend access) log in to their
    repairs, where their work is, rather than to the portal's home."""

    def _login_redirect(self, uid, redirect=None):
        if not redirect and not is_user_internal(uid):
            redirect = "/my/repairs"
        return super()._login_redirect(uid, redirect=redirect)
