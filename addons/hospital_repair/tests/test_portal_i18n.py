from odoo.tests import tagged

from .portal_common import HospitalRepairPortalCase


@tagged("post_install", "-at_install")
class TestRepairPortalChinese(HospitalRepairPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["hospital_repair"], ["zh_CN"])
        cls.portal_c.lang = "zh_CN"

    def test_form_and_errors_in_chinese(self):
        self.authenticate("portal_c", "portal_c")
        page = self.url_open("/repair/new").text
        for text in ("我要报修", "地点", "描述", "联系电话", "紧急程度", "提交报修"):
            self.assertIn(text, page)
        response = self._post("/repair/new", self._form_data(description="", contact_phone="1"))
        self.assertEqual(response.status_code, 400)
        self.assertIn("请描述故障情况。", response.text)
        self.assertIn("请输入手机号码", response.text)

    def test_detail_and_notification_in_chinese(self):
        order = self._portal_order(self.portal_c)
        order.with_user(self.dispatcher).action_accept()
        self.authenticate("portal_c", "portal_c")
        page = self.url_open(f"/my/repairs/{order.id}").text
        for text in ("我的报修", "处理进度", "催促", "取消报修", "已派工"):
            self.assertIn(text, page)
        notification = self.env["mail.message"].search([
            ("model", "=", order._name), ("res_id", "=", order.id),
            ("notification_ids.res_partner_id", "in", self.portal_c.partner_id.ids)])
        self.assertIn("正前往处理报修单", notification.body)
        mail = self.env["mail.mail"].sudo().search([
            ("mail_message_id", "=", notification.id),
            ("recipient_ids", "in", self.portal_c.partner_id.ids)])
        self.assertIn("正前往处理报修单", mail.body_html)
