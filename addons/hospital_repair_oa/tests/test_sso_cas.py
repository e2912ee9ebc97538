import html
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from odoo.tests import TransactionCase, tagged

from odoo.addons.hospital_repair.tests.common import HospitalRepairHttpCommon
from odoo.addons.hospital_repair_oa.models.hospital_repair_oa_connection import (
    OaProviderError,
    parse_cas_response,
)

from .common import (
    FORGED_HOST_CASES,
    OaRecordsMixin,
    free_port,
    start_idp_server,
    stop_process,
    wait_for_port,
)


@tagged("post_install", "-at_install")
class TestSsoCas(OaRecordsMixin, HospitalRepairHttpCommon):
    """Against django-cas-server on 127.0.0.1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        port = free_port()
        cls.server = start_idp_server(
            cls, ["cas_server_run.py", str(port), "wangzr:pw-wangzr", "stranger:pw-stranger"]
        )
        cls.addClassCleanup(stop_process, cls.server)
        wait_for_port(port, cls.server, timeout=60)
        cls.cas_url = f"http://127.0.0.1:{port}/cas"
        cls._create_oa_fixtures()
        cls.conn = cls.env["hospital.repair.oa.connection"].create({
            "name": "OA CAS",
            "allowed_hosts": "127.0.0.1",
            "cas_enabled": True,
            "cas_server_url": cls.cas_url,
            "cas_version": "3",
        })

    def _start(self, redirect=None, headers=None):
        params = {"connection": self.conn.id}
        if redirect:
            params["redirect"] = redirect
        response = self.url_open(
            "/hospital_repair_oa/cas", params=params, allow_redirects=False, headers=headers
        )
        self.assertEqual(response.status_code, 303, response.text[:300])
        login = response.headers["Location"]
        self.assertTrue(login.startswith(self.cas_url + "/login?service="))
        return login

    def _cas_login(self, login_url, username="wangzr", password="pw-wangzr"):
        """The user types their password on the CAS page; returns the
        service URL with its ticket."""
        browser = requests.Session()
        page = browser.get(login_url, timeout=10)
        fields = {
            name: html.unescape(value)
            for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text)
        }
        fields.update(username=username, password=password)
        answer = browser.post(login_url, data=fields, allow_redirects=False, timeout=10)
        self.assertEqual(answer.status_code, 302, answer.text[:300])
        return answer.headers["Location"]

    def assertRefused(self, response, code):
        self.assertEqual(response.status_code, 403)
        self.assertIn("无法从 OA 登录", response.text)
        self.assertIn(f'data-code="{code}"', response.text)
        self.assertFalse(self._session_uid())

    def test_cas3_success_lands_on_requested_page(self):
        target = f"/odoo/hospital.repair.order/{self.order.id}"
        back = self._cas_login(self._start(redirect=target))
        response = self.url_open(back, allow_redirects=False)
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertEqual(urlsplit(response.headers["Location"]).path, target)
        self.assertEqual(self._session_uid(), self.leader_a.id)
        self.assertIn("OA CAS", self.leader_a.partner_id.message_ids[:1].body)
        # a service ticket is single-use
        self.opener.cookies.pop("session_id")
        self.assertRefused(self.url_open(back, allow_redirects=False), "invalid")

    def test_cas2_success(self):
        self.conn.cas_version = "2"
        back = self._cas_login(self._start())
        self.assertEqual(self.url_open(back, allow_redirects=False).status_code, 303)
        self.assertEqual(self._session_uid(), self.leader_a.id)

    def test_forged_ticket(self):
        response = self.url_open(
            "/hospital_repair_oa/cas",
            params={"connection": self.conn.id, "redirect": "/odoo", "ticket": "ST-forged"},
            allow_redirects=False,
        )
        self.assertRefused(response, "invalid")

    def test_ticket_for_another_service(self):
        back = self._cas_login(self._start(redirect="/odoo"))
        ticket = parse_qs(urlsplit(back).query)["ticket"][0]
        response = self.url_open(
            "/hospital_repair_oa/cas",
            params={"connection": self.conn.id, "redirect": "/odoo/action-1", "ticket": ticket},
            allow_redirects=False,
        )
        self.assertRefused(response, "invalid")

    def test_service_is_the_configured_site_url(self):
        """A forged Host / X-Forwarded-Host changes neither the service sent
        to the CAS server nor the one the ticket is validated for."""
        service = self.base_url() + "/hospital_repair_oa/cas?" + urlencode(
            {"connection": self.conn.id, "redirect": "/odoo"}
        )
        for name, proxy_mode, headers in FORGED_HOST_CASES:
            with self.subTest(name), self._proxy_mode(proxy_mode):
                self.opener.cookies.clear()
                login = self._start(redirect="/odoo", headers=headers)
                self.assertEqual(parse_qs(urlsplit(login).query)["service"], [service])
                back = self._cas_login(login)
                response = self.url_open(back, allow_redirects=False, headers=headers)
                self.assertEqual(response.status_code, 303, response.text[:500])
                self.assertEqual(self._session_uid(), self.leader_a.id)
        # it follows the configured site URL, shown on the connection
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", "https://repair.hospital.example/")
        self.opener.cookies.clear()
        login = self._start(redirect="/odoo")
        self.assertEqual(
            parse_qs(urlsplit(login).query)["service"],
            ["https://repair.hospital.example" + service.removeprefix(self.base_url())],
        )
        self.assertEqual(self.conn.site_url, "https://repair.hospital.example")

    def test_ticket_for_another_site_is_refused(self):
        """A ticket the CAS server issued for another site (another port of
        127.0.0.1, the only host the test CAS server serves) is refused, even
        when the request names that site as its host."""
        other = "127.0.0.1:1"
        service = f"http://{other}/hospital_repair_oa/cas?" + urlencode(
            {"connection": self.conn.id, "redirect": "/odoo"}
        )
        for name, proxy_mode, headers in FORGED_HOST_CASES:
            with self.subTest(name), self._proxy_mode(proxy_mode):
                self.opener.cookies.clear()
                back = self._cas_login(f"{self.cas_url}/login?" + urlencode({"service": service}))
                self.assertTrue(back.startswith(service + "&ticket="), back)
                forged = {key: other for key in headers}
                path = urlsplit(back)
                response = self.url_open(
                    f"{path.path}?{path.query}", allow_redirects=False, headers=forged
                )
                self.assertRefused(response, "invalid")

    def test_unknown_user(self):
        back = self._cas_login(self._start(), username="stranger", password="pw-stranger")
        self.assertRefused(self.url_open(back, allow_redirects=False), "unknown_user")

    def test_redirect_to_another_host(self):
        response = self.url_open(
            "/hospital_repair_oa/cas",
            params={"connection": self.conn.id, "redirect": "https://evil.test/"},
            allow_redirects=False,
        )
        self.assertRefused(response, "redirect")


@tagged("post_install", "-at_install")
class TestCasXml(TransactionCase):
    def test_entities_are_not_resolved(self):
        xml = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationSuccess><cas:user>&x;</cas:user></cas:authenticationSuccess>
</cas:serviceResponse>"""
        with self.assertRaises(OaProviderError):
            parse_cas_response(xml)

    def test_failure_and_garbage(self):
        failure = b"""<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationFailure code="INVALID_TICKET">no</cas:authenticationFailure></cas:serviceResponse>"""
        self.assertIsNone(parse_cas_response(failure))
        with self.assertRaises(OaProviderError):
            parse_cas_response(b"<html>not cas</html>")
        with self.assertRaises(OaProviderError):
            parse_cas_response(b"not xml")
