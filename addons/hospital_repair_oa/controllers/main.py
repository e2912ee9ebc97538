import base64
import hashlib
import hmac
import logging
import re
import secrets
import time
from datetime import UTC, datetime
from urllib.parse import unquote, urlencode, urlsplit

import jwt

from odoo import SUPERUSER_ID, http
from odoo.exceptions import AccessDenied
from odoo.http import request

from odoo.addons.web.controllers.utils import _get_login_redirect_url, ensure_db

from ..models.hospital_repair_oa_connection import OaProviderError
from ..models.res_users import CREDENTIAL_TYPE

_logger = logging.getLogger(__name__)

DEFAULT_LANDING = "/odoo"
LEEWAY = 30  # seconds of clock difference tolerated with the OA
MAX_TOKEN_LIFETIME = 120
OIDC_SESSION_KEY = "hospital_repair_oa_oidc"
OIDC_PENDING_MAX = 5  # logins started in other tabs and not finished
OIDC_PENDING_TTL = 600
# the only algorithms a connection can pin; "none" and the HS/RS confusion
# are impossible because the connection's single algorithm is enforced
ALGORITHMS = ("HS256", "RS256")


class SsoError(Exception):
    """Sign-in refused; ``reason`` goes to the log, never to the browser."""

    def __init__(self, reason, code="invalid"):
        super().__init__(reason)
        self.reason = reason
        self.code = code


def safe_local_path(path):
    """``path`` if it is a path on this site, else None: no scheme, no
    host, no protocol-relative ``//``, no backslash (browsers read ``/\\``
    as ``//``), no control characters."""
    if not path:
        return DEFAULT_LANDING
    if not isinstance(path, str) or len(path) > 2048:
        return None
    # judge the percent-decoded form too: a proxy or browser may decode it
    for form in (path, unquote(path)):
        if not form.startswith("/") or form.startswith("//") or "\\" in form:
            return None
        if re.search(r"[\x00-\x1f\x7f\s]", form):
            return None
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return None
    return path


class HospitalRepairOaController(http.Controller):
    # ------------------------------------------------------------------
    # shared by every sign-in path
    # ------------------------------------------------------------------

    def _error_page(self, error):
        _logger.warning("OA sign-in refused (%s): %s", error.code, error.reason)
        response = request.render(
            "hospital_repair_oa.sso_error_page", {"code": error.code}, status=403
        )
        return response

    def _sign_in(self, connection, user, method, redirect):
        """Log ``user`` in through Odoo's session authentication and land on
        ``redirect`` (already checked to be local)."""
        key = request.env["hospital.repair.oa.login.ticket"].sudo()._issue(user, method, connection)
        credential = {"type": CREDENTIAL_TYPE, "login": user.login, "token": key}
        try:
            auth_info = request.session.authenticate(request.env, credential)
        except AccessDenied as exc:
            raise SsoError("session authentication refused", "denied") from exc
        user.sudo().partner_id._message_log(
            body=request.env._(
                "Signed in from the OA connection %(name)s (%(method)s).",
                name=connection.name,
                method=method,
            )
        )
        _logger.info("OA sign-in of %s through %s (%s)", user.login, connection.name, method)
        response = request.redirect(_get_login_redirect_url(auth_info["uid"], redirect), 303)
        response.autocorrect_location_header = False
        return response

    # ------------------------------------------------------------------
    # signed-token link
    # ------------------------------------------------------------------

    @http.route("/hospital_repair_oa/sso", type="http", auth="none", readonly=False, sitemap=False)
    def sso(self, token=None, redirect=None, **kw):
        ensure_db()
        try:
            connection, claims = self._verify_jwt(token)
            target = safe_local_path(claims.get("redirect") or redirect)
            if target is None:
                raise SsoError(f"redirect outside the site: {claims.get('redirect') or redirect!r}", "redirect")
            user = request.env["res.users"].sudo()._hospital_oa_find_user(connection, claims["sub"])
            if not user:
                raise SsoError(f"no user for subject {claims['sub']!r}", "unknown_user")
            return self._sign_in(connection, user, "jwt", target)
        except SsoError as error:
            request.env.cr.rollback()
            return self._error_page(error)

    def _verify_jwt(self, token):
        if not token or not isinstance(token, str) or len(token) > 8192:
            raise SsoError("no token", "invalid")
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise SsoError(f"malformed token: {exc}", "invalid") from exc
        alg = header.get("alg")
        if alg not in ALGORITHMS:
            raise SsoError(f"algorithm {alg!r} refused", "invalid")
        issuer = unverified.get("iss")
        if not isinstance(issuer, str) or not issuer:
            raise SsoError("no issuer", "invalid")
        connection = request.env["hospital.repair.oa.connection"].sudo().search(
            [("jwt_enabled", "=", True), ("jwt_issuer", "=", issuer)], limit=1
        )
        if not connection:
            raise SsoError(f"unknown issuer {issuer!r}", "invalid")
        if alg != connection.jwt_algorithm:
            raise SsoError(f"algorithm {alg} is not the pinned {connection.jwt_algorithm}", "invalid")
        key = connection.jwt_secret if alg == "HS256" else connection.jwt_public_key
        if not key:
            raise SsoError("connection has no key", "invalid")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[connection.jwt_algorithm],
                audience=connection.jwt_audience,
                issuer=connection.jwt_issuer,
                leeway=LEEWAY,
                options={"require": ["iss", "aud", "sub", "iat", "exp", "jti"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise SsoError("token expired", "expired") from exc
        except jwt.PyJWTError as exc:
            raise SsoError(f"token refused: {exc}", "invalid") from exc
        now = datetime.now(UTC).timestamp()
        iat, exp = claims["iat"], claims["exp"]
        if not isinstance(iat, (int, float)) or not isinstance(exp, (int, float)):
            raise SsoError("iat/exp not numeric", "invalid")
        if exp - iat > MAX_TOKEN_LIFETIME or exp <= iat:
            raise SsoError(f"token lifetime {exp - iat}s over {MAX_TOKEN_LIFETIME}s", "invalid")
        if iat > now + LEEWAY:
            raise SsoError("token issued in the future", "invalid")
        if not isinstance(claims["sub"], str) or not isinstance(claims["jti"], str):
            raise SsoError("sub/jti not strings", "invalid")
        expires_at = datetime.fromtimestamp(exp + LEEWAY, UTC).replace(tzinfo=None)
        if not request.env["hospital.repair.oa.jti"].sudo()._consume(connection, claims["jti"], expires_at):
            raise SsoError(f"token {claims['jti']!r} already used", "replay")
        return connection, claims

    # ------------------------------------------------------------------
    # OpenID Connect, authorization code flow with PKCE
    # ------------------------------------------------------------------

    def _connection(self, connection_id, flag):
        try:
            connection_id = int(connection_id)
        except (TypeError, ValueError):
            connection_id = 0
        connection = request.env["hospital.repair.oa.connection"].sudo().browse(connection_id).exists()
        if not connection or not connection.active or not connection[flag]:
            raise SsoError(f"no active connection {connection_id} with {flag}", "invalid")
        return connection

    @http.route("/hospital_repair_oa/oidc/login", type="http", auth="none", readonly=False, sitemap=False)
    def oidc_login(self, connection=None, redirect=None, **kw):
        ensure_db()
        try:
            conn = self._connection(connection, "oidc_enabled")
            target = safe_local_path(redirect)
            if target is None:
                raise SsoError(f"redirect outside the site: {redirect!r}", "redirect")
            try:
                metadata = conn._oidc_discovery()
            except OaProviderError as exc:
                raise SsoError(str(exc), "provider") from exc
            state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            verifier = secrets.token_urlsafe(64)
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            now = time.time()
            pending = [
                p for p in request.session.get(OIDC_SESSION_KEY, []) if p["at"] > now - OIDC_PENDING_TTL
            ][-(OIDC_PENDING_MAX - 1):]
            pending.append({
                "state": state, "nonce": nonce, "verifier": verifier,
                "connection": conn.id, "redirect": target, "at": now,
            })
            request.session[OIDC_SESSION_KEY] = pending
            params = {
                "response_type": "code",
                "client_id": conn.oidc_client_id,
                "redirect_uri": conn._oidc_redirect_uri(),
                "scope": conn.oidc_scope or "openid",
                "state": state,
                "nonce": nonce,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
            endpoint = metadata["authorization_endpoint"]
            sep = "&" if "?" in endpoint else "?"
            return request.redirect(endpoint + sep + urlencode(params), 303, local=False)
        except SsoError as error:
            request.env.cr.rollback()
            return self._error_page(error)

    @http.route("/hospital_repair_oa/oidc/callback", type="http", auth="none", readonly=False, sitemap=False)
    def oidc_callback(self, state=None, code=None, error=None, **kw):
        ensure_db()
        try:
            pending = self._pop_pending_state(state)
            if error or not code:
                raise SsoError(f"provider answered error {error!r}", "denied")
            conn = self._connection(pending["connection"], "oidc_enabled")
            try:
                tokens = conn._oidc_redeem_code(code, pending["verifier"])
                claims = self._verify_id_token(conn, tokens["id_token"], pending["nonce"])
            except OaProviderError as exc:
                raise SsoError(str(exc), "provider") from exc
            identity = claims.get(conn.oidc_claim)
            # a real uid, not just sudo: creating a user writes attachments
            # (avatar) whose access checks need one, as in auth_oauth
            Users = request.env["res.users"].with_user(SUPERUSER_ID)
            user = Users._hospital_oa_find_user(conn, identity if isinstance(identity, str) else None)
            if not user and conn.oidc_create_user and isinstance(identity, str) and identity:
                user = Users._hospital_oa_create_user(conn, identity, claims)
            if not user:
                raise SsoError(f"no user for {conn.oidc_claim}={identity!r}", "unknown_user")
            return self._sign_in(conn, user, "oidc", pending["redirect"])
        except SsoError as exc:
            request.env.cr.rollback()
            return self._error_page(exc)

    def _pop_pending_state(self, state):
        """The login this browser session started with ``state``, removed
        so it cannot be used twice; compared in constant time."""
        pending = request.session.get(OIDC_SESSION_KEY, [])
        found = None
        if isinstance(state, str) and state:
            for entry in pending:
                if hmac.compare_digest(entry["state"].encode(), state.encode()):
                    found = entry
        if not found or found["at"] < time.time() - OIDC_PENDING_TTL:
            raise SsoError("state unknown to this browser session", "state")
        request.session[OIDC_SESSION_KEY] = [e for e in pending if e is not found]
        return found

    def _verify_id_token(self, conn, id_token, nonce):
        algorithms = conn._oidc_algorithm_list()
        try:
            if jwt.get_unverified_header(id_token).get("alg") not in algorithms:
                raise SsoError("ID token signed with an algorithm not allowed", "invalid")
            options = {"require": ["iss", "aud", "sub", "iat", "exp"]}
            decode = {
                "algorithms": algorithms,
                "audience": conn.oidc_client_id,
                "issuer": conn._oidc_discovery()["issuer"],
                "leeway": LEEWAY,
                "options": options,
            }
            try:
                claims = jwt.decode(id_token, conn._oidc_signing_key(id_token), **decode)
            except jwt.InvalidSignatureError:
                # signed with a key newer than our cached set
                claims = jwt.decode(id_token, conn._oidc_signing_key(id_token, refresh=True), **decode)
        except jwt.ExpiredSignatureError as exc:
            raise SsoError("ID token expired", "expired") from exc
        except jwt.PyJWTError as exc:
            raise SsoError(f"ID token refused: {exc}", "invalid") from exc
        if claims["iat"] > time.time() + LEEWAY or claims["iat"] < time.time() - OIDC_PENDING_TTL:
            raise SsoError("ID token issued at an unexpected time", "invalid")
        token_nonce = claims.get("nonce")
        if not isinstance(token_nonce, str) or not hmac.compare_digest(token_nonce.encode(), nonce.encode()):
            raise SsoError("ID token nonce does not match", "invalid")
        aud = claims["aud"]
        if isinstance(aud, list) and len(aud) > 1 and claims.get("azp") != conn.oidc_client_id:
            raise SsoError("ID token for several audiences without our azp", "invalid")
        return claims

    # ------------------------------------------------------------------
    # CAS 2.0 / 3.0
    # ------------------------------------------------------------------

    @http.route("/hospital_repair_oa/cas", type="http", auth="none", readonly=False, sitemap=False)
    def cas(self, connection=None, redirect=None, ticket=None, **kw):
        ensure_db()
        try:
            conn = self._connection(connection, "cas_enabled")
            target = safe_local_path(redirect)
            if target is None:
                raise SsoError(f"redirect outside the site: {redirect!r}", "redirect")
            if not ticket:
                return request.redirect(conn._cas_login_url(target), 303, local=False)
            if not isinstance(ticket, str) or len(ticket) > 256:
                raise SsoError("malformed ticket", "invalid")
            try:
                cas_user = conn._cas_validate(ticket, target)
            except OaProviderError as exc:
                raise SsoError(str(exc), "provider") from exc
            if not cas_user:
                raise SsoError("CAS server refused the ticket", "invalid")
            user = request.env["res.users"].sudo()._hospital_oa_find_user(conn, cas_user)
            if not user:
                raise SsoError(f"no user for CAS user {cas_user!r}", "unknown_user")
            return self._sign_in(conn, user, "cas", target)
        except SsoError as error:
            request.env.cr.rollback()
            return self._error_page(error)
