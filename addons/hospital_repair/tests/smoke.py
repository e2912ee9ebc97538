"""Smoke checks every addon of the product runs on itself: its views pass
Odoo's validation, its window actions open and its menus load.

Subclass ``AddonSmokeCase`` in an addon's tests and set ``module``.
"""

from odoo.tests import TransactionCase
from odoo.tools.safe_eval import safe_eval


class AddonSmokeCase(TransactionCase):
    module = None

    @classmethod
    def _records(cls, model):
        data = cls.env["ir.model.data"].search(
            [("module", "=", cls.module), ("model", "=", model)]
        )
        return cls.env[model].browse(data.mapped("res_id")).exists()

    def test_views_validate(self):
        views = self._records("ir.ui.view")
        for view in views:
            with self.subTest(view=view.xml_id):
                view._check_xml()
        if self.module == "hospital_repair":
            self.assertTrue(views, "the core addon has views")

    def test_window_actions_open(self):
        """Every window action of the addon opens, for an administrator, in
        each of its view modes, and its first page of records loads."""
        admin_env = self.env(user=self.env.ref("base.user_admin"))
        for action in self._records("ir.actions.act_window"):
            with self.subTest(action=action.xml_id):
                context = safe_eval(action.context or "{}", {"uid": admin_env.uid,
                                                            "active_id": False,
                                                            "active_ids": []})
                model = admin_env[action.res_model].with_context(**context)
                views = [(view.view_id.id, view.view_mode) for view in action.view_ids]
                modes = [mode for mode in action.view_mode.split(",") if mode]
                views += [(action.view_id.id if action.view_id.type == mode else False, mode)
                          for mode in modes if mode not in dict(views).values()]
                result = model.get_views(views + [(False, "search")])
                self.assertTrue(result["views"])
                domain = safe_eval(action.domain or "[]", {"uid": admin_env.uid,
                                                          "context_today": lambda: None})
                if "list" in modes or "kanban" in modes:
                    model.search_fetch(domain, ["display_name"], limit=80)

    def test_menus_load(self):
        menus = self._records("ir.ui.menu")
        admin_env = self.env(user=self.env.ref("base.user_admin"))
        loaded = admin_env["ir.ui.menu"].load_menus(debug=False)
        for menu in menus:
            with self.subTest(menu=menu.complete_name):
                self.assertTrue(
                    menu.id in loaded,
                    f"menu {menu.complete_name} is hidden for an admin (no action, no child?)",
                )
