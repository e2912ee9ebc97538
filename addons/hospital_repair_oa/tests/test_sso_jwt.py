import time
import uuid
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from odoo.tests import tagged

from odoo.addons.hospital_repair.tests.common import HospitalRepairHttpCommon
from odoo.addons.hospital_repair_oa.controllers.main import safe_local_path

from .common import FORGED_HOST_CASES, OaRecordsMixin

SECRET = "s3cret-shared-with-the-oa-0123456789abcdef"


@tagged("post_install", "-at_install")
class TestSsoJwt(OaRecordsMixin, HospitalRepairHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_oa_fixtures()
        cls.rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public_pem = cls.rsa_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()
        Connection = cls.env["hospital.repair.oa.connection"]
        cls.conn_hs = Connection.create({
            "name": "泛微 OA",
            "jwt_enabled": True,
            "jwt_issuer": "https://oa.hospital.test",
            "jwt_audience": "hospital-repair",
            "jwt_algorithm": "HS256",
            "jwt_secret": SECRET,
        })
        cls.conn_rs = Connection.create({
            "name": "致远 OA",
            "jwt_enabled": True,
            "jwt_issuer": "https://seeyon.hospital.test",
            "jwt_audience": "hospital-repair",
            "jwt_algorithm": "RS256",
            "jwt_public_key": public_pem,
            "user_match_field": "login",
        })

    def _claims(self, **overrides):
        now = int(time.time())
        claims = {
            "iss": "https://oa.hospital.test",
            "aud": "hospital-repair",
            "sub": "wangzr",
            "iat": now,
            "exp": now + 60,
            "jti": uuid.uuid4().hex,
            "redirect": f"/odoo/hospital.repair.order/{self.order.id}",
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def _token(self, key=SECRET, algorithm="HS256", **overrides):
        return jwt.encode(self._claims(**overrides), key, algorithm=algorithm)

    def _open(self, token, headers=None, **params):
        return self.url_open(
            "/hospital_repair_oa/sso", params={"token": token, **params}, allow_redirects=False,
            headers=headers,
        )

    def assertSignedIn(self, response, user, path):
        self.assertEqual(response.status_code, 303, response.text[:500])
        location = urlsplit(response.headers["Location"])
        self.assertIn(location.netloc, ("", urlsplit(self.base_url()).netloc))
        self.assertEqual(location.path, path)
        self.assertEqual(self._session_uid(), user.id)

    def assertRefused(self, response, code):
        self.assertEqual(response.status_code, 403)
        self.assertIn("无法从 OA 登录", response.text)
        self.assertIn("Sign-in from the OA refused", response.text)
        self.assertIn(f'data-code="{code}"', response.text)
        self.assertFalse(self._session_uid(), "a refused sign-in must not leave a session")

    # ------------------------------------------------------------------

    def test_hs256_success_lands_on_approval_and_is_logged(self):
        logs_before = self.env["res.users.log"].search_count([("create_uid", "=", self.leader_a.id)])
        response = self._open(self._token())
        self.assertSignedIn(response, self.leader_a, f"/odoo/hospital.repair.order/{self.order.id}")
        self.assertEqual(
            self.env["res.users.log"].search_count([("create_uid", "=", self.leader_a.id)]),
            logs_before + 1,
        )
        note = self.leader_a.partner_id.message_ids[:1]
        self.assertIn("泛微 OA", note.body)
        # the landing page opens for the signed-in user
        page = self.url_open(response.headers["Location"])
        self.assertEqual(page.status_code, 200)

    def test_rs256_success_default_landing(self):
        token = self._token(
            key=self.rsa_key, algorithm="RS256", iss="https://seeyon.hospital.test",
            sub="leader_a", redirect=None,
        )
        self.assertSignedIn(self._open(token), self.leader_a, "/odoo")

    def test_redirect_query_parameter_is_used_when_token_has_none(self):
        response = self._open(
            self._token(redirect=None), redirect="/odoo/action-hospital_repair.hospital_repair_order_action"
        )
        self.assertSignedIn(response, self.leader_a, "/odoo/action-hospital_repair.hospital_repair_order_action")

    def test_wrong_signature(self):
        self.assertRefused(self._open(self._token(key="another-secret-of-32-bytes-or-more!")), "invalid")

    def test_rs256_token_signed_by_another_key(self):
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        token = self._token(key=other, algorithm="RS256", iss="https://seeyon.hospital.test", sub="leader_a")
        self.assertRefused(self._open(token), "invalid")

    def test_algorithm_confusion_hs256_on_rs256_connection(self):
        # HS256 keyed with the RS256 connection's public key must not pass
        token = self._token(
            key="x" * 40, algorithm="HS256", iss="https://seeyon.hospital.test", sub="leader_a"
        )
        self.assertRefused(self._open(token), "invalid")

    def test_alg_none(self):
        token = jwt.encode(self._claims(), None, algorithm="none")
        self.assertRefused(self._open(token), "invalid")

    def test_wrong_audience(self):
        self.assertRefused(self._open(self._token(aud="another-app")), "invalid")

    def test_wrong_issuer(self):
        self.assertRefused(self._open(self._token(iss="https://evil.test")), "invalid")

    def test_expired(self):
        now = int(time.time())
        self.assertRefused(self._open(self._token(iat=now - 300, exp=now - 200)), "expired")

    def test_lifetime_over_120_seconds(self):
        now = int(time.time())
        self.assertRefused(self._open(self._token(iat=now, exp=now + 600)), "invalid")

    def test_missing_jti(self):
        self.assertRefused(self._open(self._token(jti=None)), "invalid")

    def test_replayed_jti(self):
        token = self._token()
        self.assertSignedIn(self._open(token), self.leader_a, f"/odoo/hospital.repair.order/{self.order.id}")
        self.opener.cookies.clear()
        self.assertRefused(self._open(token), "replay")

    def test_unknown_user(self):
        self.assertRefused(self._open(self._token(sub="nobody")), "unknown_user")

    def test_inactive_user_refused(self):
        self.leader_a.active = False
        self.assertRefused(self._open(self._token()), "unknown_user")

    def test_redirect_to_another_host(self):
        for target in (
            "//evil.test/x", "https://evil.test/", "/\\evil.test", "javascript:alert(1)",
            "/%0d%0aSet-Cookie:x", "/%2F%2Fevil.test",
        ):
            with self.subTest(target=target):
                self.opener.cookies.clear()
                self.assertRefused(self._open(self._token(redirect=target)), "redirect")
        self.opener.cookies.clear()
        self.assertRefused(self._open(self._token(redirect=None), redirect="//evil.test"), "redirect")

    def test_landing_ignores_a_forged_host(self):
        """The landing redirect is a path on this site: a forged Host /
        X-Forwarded-Host cannot turn it into a link to another host."""
        for name, proxy_mode, headers in FORGED_HOST_CASES:
            with self.subTest(name), self._proxy_mode(proxy_mode):
                self.opener.cookies.clear()
                response = self._open(self._token(), headers=headers)
                self.assertSignedIn(response, self.leader_a, f"/odoo/hospital.repair.order/{self.order.id}")
                self.assertNotIn("evil.test", response.headers["Location"])

    def test_safe_local_path(self):
        self.assertEqual(safe_local_path(None), "/odoo")
        self.assertEqual(safe_local_path("/odoo/action-1?x=1#y"), "/odoo/action-1?x=1#y")
        for bad in ("//a.b", "http://a.b/", "odoo", "/a\\b", "/\t/a.b", " /a", "/a\nb"):
            self.assertIsNone(safe_local_path(bad), bad)
