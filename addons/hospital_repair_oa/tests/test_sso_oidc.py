import json
from urllib.parse import parse_qs, urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from odoo import http
from odoo.tests import tagged

from odoo.addons.hospital_repair.tests.common import HospitalRepairHttpCommon

from .common import (
    FORGED_HOST_CASES,
    OaRecordsMixin,
    free_port,
    start_idp_server,
    stop_process,
    wait_for_port,
)


@tagged("post_install", "-at_install")
class TestSsoOidc(OaRecordsMixin, HospitalRepairHttpCommon):
    """Against oidc-provider-mock (PKCE enforced) on 127.0.0.1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        port = free_port()
        cls.provider = start_idp_server(cls, ["oidc_provider.py", str(port), "wangzr", "newcomer"])
        cls.addClassCleanup(stop_process, cls.provider)
        wait_for_port(port, cls.provider)
        cls.issuer = f"http://127.0.0.1:{port}"
        cls._create_oa_fixtures()
        cls.conn = cls.env["hospital.repair.oa.connection"].create({
            "name": "统一身份认证",
            "allowed_hosts": "127.0.0.1",
            "oidc_enabled": True,
            "oidc_issuer": cls.issuer,
            "oidc_client_id": "hospital-repair",
            "oidc_client_secret": "client-secret",
            "oidc_scope": "openid email profile",
            "oidc_claim": "sub",
        })

    def _start(self, redirect=None, headers=None):
        params = {"connection": self.conn.id}
        if redirect:
            params["redirect"] = redirect
        response = self.url_open(
            "/hospital_repair_oa/oidc/login", params=params, allow_redirects=False, headers=headers
        )
        self.assertEqual(response.status_code, 303, response.text[:300])
        authorize = response.headers["Location"]
        self.assertTrue(authorize.startswith(self.issuer + "/oauth2/authorize?"))
        query = parse_qs(urlsplit(authorize).query)
        self.assertEqual(query["code_challenge_method"], ["S256"])
        self.assertTrue(query["nonce"][0] and query["state"][0])
        return authorize

    def _provider_login(self, authorize, sub="wangzr"):
        """The user signs in on the provider; returns the callback URL."""
        response = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
        self.assertEqual(response.status_code, 302, response.text[:300])
        return response.headers["Location"]

    def _callback(self, url, headers=None):
        return self.url_open(url, allow_redirects=False, headers=headers)

    def assertRefused(self, response, code):
        self.assertEqual(response.status_code, 403)
        self.assertIn("无法从 OA 登录", response.text)
        self.assertIn(f'data-code="{code}"', response.text)
        self.assertFalse(self._session_uid())

    def test_success_lands_on_requested_page(self):
        target = f"/odoo/hospital.repair.order/{self.order.id}"
        callback = self._provider_login(self._start(redirect=target))
        response = self._callback(callback)
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertEqual(urlsplit(response.headers["Location"]).path, target)
        self.assertEqual(self._session_uid(), self.leader_a.id)
        self.assertIn("统一身份认证", self.leader_a.partner_id.message_ids[:1].body)
        # the state was consumed: replaying the callback is refused
        self.opener.cookies.pop("session_id")
        self.assertRefused(self._callback(callback), "state")

    def test_redirect_uri_is_the_configured_site_url(self):
        """A forged Host / X-Forwarded-Host does not change the redirect URI
        sent to the provider."""
        redirect_uri = self.base_url() + "/hospital_repair_oa/oidc/callback"
        for name, proxy_mode, headers in FORGED_HOST_CASES:
            with self.subTest(name), self._proxy_mode(proxy_mode):
                self.opener.cookies.clear()
                authorize = self._start(headers=headers)
                self.assertEqual(parse_qs(urlsplit(authorize).query)["redirect_uri"], [redirect_uri])
                callback = self._provider_login(authorize)
                self.assertTrue(callback.startswith(redirect_uri + "?"), callback)
                response = self._callback(callback, headers=headers)
                self.assertEqual(response.status_code, 303, response.text[:500])
                self.assertNotIn("evil.test", response.headers["Location"])
                self.assertEqual(self._session_uid(), self.leader_a.id)
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", "https://repair.hospital.example")
        self.assertEqual(
            parse_qs(urlsplit(self._start()).query)["redirect_uri"],
            ["https://repair.hospital.example/hospital_repair_oa/oidc/callback"],
        )

    def test_code_is_redeemed_with_the_configured_redirect_uri(self):
        """The provider compares the redirect URI of the code's redemption with
        the authorization's: a forged host on the callback must not change it."""
        for name, proxy_mode, headers in FORGED_HOST_CASES:
            with self.subTest(name), self._proxy_mode(proxy_mode):
                self.opener.cookies.clear()
                callback = self._provider_login(self._start())
                # the browser's session: requests would send the forged host's cookies
                session = {"session_id": self.opener.cookies["session_id"]}
                response = self.url_open(callback, allow_redirects=False, headers=headers, cookies=session)
                self.assertEqual(response.status_code, 303, response.text[:500])
                sid = response.cookies["session_id"]
                self.assertEqual(http.root.session_store.get(sid).get("uid"), self.leader_a.id)

    def test_pkce_verifier_is_per_login(self):
        first = self._start()
        second = self._start()
        challenge = lambda url: parse_qs(urlsplit(url).query)["code_challenge"][0]
        self.assertNotEqual(challenge(first), challenge(second))
        # both logins of this session can complete, each with its own verifier
        self.assertEqual(self._callback(self._provider_login(second)).status_code, 303)
        self.assertEqual(self._session_uid(), self.leader_a.id)

    def test_forged_state(self):
        callback = self._provider_login(self._start())
        forged = callback.replace("state=", "state=x")
        self.assertRefused(self._callback(forged), "state")

    def test_state_from_another_browser(self):
        callback = self._provider_login(self._start())
        self.opener.cookies.clear()  # the attacker's browser has no such login pending
        self.assertRefused(self._callback(callback), "state")

    def test_unknown_user_is_not_created_by_default(self):
        callback = self._provider_login(self._start(), sub="newcomer")
        self.assertRefused(self._callback(callback), "unknown_user")
        self.assertFalse(self.env["res.users"].search([("login", "=", "newcomer@hospital.test")]))

    def test_unknown_user_created_when_allowed(self):
        self.conn.oidc_create_user = True
        callback = self._provider_login(self._start(), sub="newcomer")
        response = self._callback(callback)
        self.assertEqual(response.status_code, 303, response.text[:500])
        user = self.env["res.users"].search([("oa_login", "=", "newcomer")])
        self.assertEqual(user.login, "newcomer@hospital.test")
        self.assertTrue(user.has_group("hospital_repair.group_repair_requester"))
        self.assertFalse(user.has_group("hospital_repair.group_repair_manager"))
        self.assertEqual(self._session_uid(), user.id)

    def test_rotated_key_refetches_jwks(self):
        self._start()  # discovery cached
        old = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
        old_jwk = json.loads(RSAAlgorithm.to_jwk(old))
        self.conn.sudo().oidc_jwks = {"keys": [dict(old_jwk, kid="old", use="sig")]}
        callback = self._provider_login(self._start())
        self.assertEqual(self._callback(callback).status_code, 303)
        self.assertNotEqual(self.conn.sudo().oidc_jwks["keys"][0].get("kid"), "old")

    def test_unknown_key_type_refetches_jwks(self):
        self._start()
        self.conn.sudo().oidc_jwks = {"keys": [{"kty": "EC", "crv": "P-256", "kid": "ec", "x": "AA", "y": "AA"}]}
        callback = self._provider_login(self._start())
        self.assertEqual(self._callback(callback).status_code, 303)

    def test_wrong_issuer_is_refused(self):
        authorize = self._start()  # discovery cached
        conn = self.conn.sudo()
        conn.oidc_metadata = dict(conn.oidc_metadata, issuer=self.issuer + "/another-realm")
        self.assertRefused(self._callback(self._provider_login(authorize)), "invalid")

    def test_discovery_of_another_issuer_is_refused(self):
        self.conn.oidc_issuer = self.issuer + "/realm"
        response = self.url_open(
            "/hospital_repair_oa/oidc/login", params={"connection": self.conn.id}, allow_redirects=False
        )
        self.assertRefused(response, "provider")

    def test_symmetric_algorithm_cannot_be_allowed(self):
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.conn.oidc_algorithms = "HS256"

    def test_redirect_to_another_host(self):
        response = self.url_open(
            "/hospital_repair_oa/oidc/login",
            params={"connection": self.conn.id, "redirect": "//evil.test/"},
            allow_redirects=False,
        )
        self.assertRefused(response, "redirect")
