import logging
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lxml import etree

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..adapters import OaDeliveryError, SeeyonAdapter, WeaverAdapter, WebhookAdapter
from ..adapters.base import DEFAULT_TIMEOUT

_logger = logging.getLogger(__name__)

# asymmetric only: a symmetric algorithm would let anyone knowing the
# client secret forge ID tokens, and "none" signs nothing
OIDC_ALGORITHMS = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}


CAS_NS = "http://www.yale.edu/tp/cas"


def parse_cas_response(content):
    """User of a CAS serviceValidate answer, None on authenticationFailure.

    The XML comes from the network: entities are not resolved, no DTD or
    network access, so it cannot read local files or call other hosts."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise OaProviderError(f"CAS answer is not XML: {exc}") from exc
    if root.tag != f"{{{CAS_NS}}}serviceResponse":
        raise OaProviderError(f"unexpected CAS answer {root.tag}")
    success = root.find(f"{{{CAS_NS}}}authenticationSuccess")
    if success is None:
        failure = root.find(f"{{{CAS_NS}}}authenticationFailure")
        if failure is not None:
            _logger.info("CAS refused a ticket: %s %s", failure.get("code"), (failure.text or "").strip())
        return None
    user = success.find(f"{{{CAS_NS}}}user")
    text = "".join(t for t in user.itertext()).strip() if user is not None else ""
    if user is None or len(user) or not text:
        raise OaProviderError("CAS success without a plain user name")
    return text


class OaProviderError(Exception):
    """The identity provider could not be used (unreachable, inconsistent)."""


class HospitalRepairOaConnection(models.Model):
    """One hospital OA: how its users sign in here and where their approval
    to-dos are pushed."""

    _name = "hospital.repair.oa.connection"
    _description = "OA Connection"
    _order = "sequence, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    user_match_field = fields.Selection(
        [("oa_login", "OA Login"), ("login", "Login"), ("email", "Email")],
        string="Match Users On",
        default="oa_login",
        required=True,
        help="Field of the users compared with the identity the OA sends "
        "(JWT subject, CAS user, OpenID claim).",
    )
    allowed_hosts = fields.Text(
        help="Hosts (host or host:port, one a line) this connection may call: "
        "the OA to-do API, the identity provider, the CAS server. Any other host is refused."
    )

    # Signed-token link (/hospital_repair_oa/sso)
    jwt_enabled = fields.Boolean(string="Signed-Token Link")
    jwt_issuer = fields.Char(string="Token Issuer (iss)")
    jwt_audience = fields.Char(string="Token Audience (aud)")
    jwt_algorithm = fields.Selection(
        [("HS256", "HS256 (shared secret)"), ("RS256", "RS256 (public key)")],
        string="Token Algorithm",
        default="HS256",
    )
    jwt_secret = fields.Char(string="Shared Secret", groups="base.group_system")
    jwt_public_key = fields.Text(string="Public Key (PEM)", groups="base.group_system")

    # OpenID Connect (authorization code flow + PKCE)
    oidc_enabled = fields.Boolean(string="OpenID Connect")
    oidc_issuer = fields.Char(
        string="Issuer URL", help="The discovery document is read from <issuer>/.well-known/openid-configuration."
    )
    oidc_client_id = fields.Char(string="Client ID")
    oidc_client_secret = fields.Char(string="Client Secret", groups="base.group_system")
    oidc_scope = fields.Char(string="Scopes", default="openid profile email")
    oidc_claim = fields.Char(
        string="User Claim",
        default="sub",
        help="ID-token claim compared with the users' field chosen in Match Users On "
        "(e.g. sub, preferred_username, employee_number).",
    )
    oidc_algorithms = fields.Char(
        string="Allowed Signing Algorithms", default="RS256", help="Comma-separated, e.g. RS256,ES256."
    )
    oidc_create_user = fields.Boolean(
        string="Create Unknown Users",
        help="Create an internal user (repair requester) for an OA identity matching no user. "
        "Off: such sign-ins are refused.",
    )
    oidc_metadata = fields.Json(readonly=True, copy=False, groups="base.group_system")
    oidc_jwks = fields.Json(string="Cached JWKS", readonly=True, copy=False, groups="base.group_system")

    # CAS 2.0 / 3.0
    cas_enabled = fields.Boolean(string="CAS")
    cas_server_url = fields.Char(
        string="CAS Server URL", help="Prefix of the CAS endpoints, e.g. https://cas.hospital.example/cas"
    )
    cas_version = fields.Selection(
        [("2", "CAS 2.0 (serviceValidate)"), ("3", "CAS 3.0 (p3/serviceValidate)")],
        string="CAS Protocol",
        default="3",
    )

    # To-do push
    push_enabled = fields.Boolean(string="Push Approval To-dos")
    adapter = fields.Selection(
        [
            ("weaver", "Weaver e-cology Unified To-do"),
            ("seeyon", "Seeyon Third-party Pending"),
            ("webhook", "Generic JSON Webhook (Standard Webhooks)"),
        ],
        default="webhook",
        required=True,
    )
    push_url = fields.Char(
        string="To-do API URL",
        help="Webhook: the full URL. Weaver and Seeyon: the OA's base URL, e.g. https://oa.hospital.example",
    )
    weaver_syscode = fields.Char(
        string="Weaver System Code", help="Code of this system in the OA's unified to-do centre."
    )
    seeyon_register_code = fields.Char(string="Seeyon Registration Code")
    seeyon_rest_user = fields.Char(string="Seeyon REST User")
    seeyon_rest_password = fields.Char(string="Seeyon REST Password", groups="base.group_system")
    seeyon_token = fields.Char(
        string="Seeyon REST Token", readonly=True, copy=False, groups="base.group_system",
        help="Token of the REST user, asked again when it expires or the OA refuses it.",
    )
    seeyon_token_expiry = fields.Datetime(readonly=True, copy=False, groups="base.group_system")
    webhook_secret = fields.Char(
        groups="base.group_system", help="Standard Webhooks secret, whsec_<base64>."
    )
    oa_workflow_name = fields.Char(
        string="OA Workflow Name",
        default=lambda self: self.env._("Repair Approval"),
        help="Name of the workflow (type) the to-dos belong to in the OA, the same for every "
        "approver whatever their language: Weaver creates one workflow type per name.",
    )
    oa_fallback_login = fields.Char(
        string="Fallback OA Login",
        help="OA login the to-dos come from when the reporter has none (reported by phone, "
        "portal users): the OA refuses a to-do whose creator it does not know. "
        "Also the sender and receiver of Test Connection.",
    )
    group_step_push = fields.Selection(
        [("each", "To Each Manager Who May Decide"), ("none", "Not Pushed")],
        string="Steps Without Named Approver",
        default="each",
        required=True,
        help="A step without named approver (no logistics leader set: any repair manager may "
        "decide) gets one to-do for each manager who may decide and has an OA login; the "
        "decision clears them all. Not Pushed: such steps stay in this system only.",
    )
    timeout = fields.Integer(string="Timeout (s)", default=DEFAULT_TIMEOUT)
    max_attempts = fields.Integer(default=8, help="Failed attempts before a message is dead.")
    retry_delay = fields.Integer(
        string="First Retry Delay (s)", default=60, help="Doubled after each failure, up to 6 hours."
    )
    link_entry = fields.Selection(
        [("none", "Direct Link"), ("oidc", "OpenID Connect"), ("cas", "CAS")],
        string="To-do Link Sign-in",
        default="none",
        required=True,
        help="How the link carried by a to-do signs the approver in before opening the approval.",
    )
    admin_user_id = fields.Many2one(
        "res.users",
        string="Administrator",
        default=lambda self: self.env.ref("base.user_admin", raise_if_not_found=False),
        help="Gets an activity when a message cannot be delivered.",
    )
    site_url = fields.Char(
        string="Site URL",
        compute="_compute_site_url",
        help="Address of this site, from the system parameter web.base.url: every sign-in "
        "callback (OpenID redirect URI, CAS service) and to-do link is built from it. "
        "Freeze it with the system parameter web.base.url.freeze.",
    )
    message_ids = fields.One2many("hospital.repair.oa.message", "connection_id")
    message_dead_count = fields.Integer(compute="_compute_message_counts")
    message_pending_count = fields.Integer(compute="_compute_message_counts")

    def write(self, vals):
        # documents of the previous provider must not be trusted any more
        if "oidc_issuer" in vals:
            vals = dict(vals, oidc_metadata=False, oidc_jwks=False)
        # a token of other credentials or of another OA must not be sent
        if {"push_url", "seeyon_rest_user", "seeyon_rest_password"} & set(vals):
            vals = dict(vals, seeyon_token=False, seeyon_token_expiry=False)
        return super().write(vals)

    _jwt_issuer_unique = models.UniqueIndex(
        "(jwt_issuer) WHERE jwt_enabled AND active",
        "Another active connection already uses this token issuer.",
    )

    def _compute_site_url(self):
        for conn in self:
            conn.site_url = conn._site_url("")

    def _compute_message_counts(self):
        groups = self.env["hospital.repair.oa.message"]._read_group(
            [("connection_id", "in", self.ids), ("state", "in", ("pending", "dead"))],
            ["connection_id", "state"],
            ["__count"],
        )
        counts = {(conn.id, state): count for conn, state, count in groups}
        for conn in self:
            conn.message_dead_count = counts.get((conn.id, "dead"), 0)
            conn.message_pending_count = counts.get((conn.id, "pending"), 0)

    @api.constrains("jwt_enabled", "jwt_issuer", "jwt_audience", "jwt_algorithm", "jwt_secret", "jwt_public_key")
    def _check_jwt(self):
        for conn in self.sudo().filtered("jwt_enabled"):
            if not (conn.jwt_issuer and conn.jwt_audience and conn.jwt_algorithm):
                raise ValidationError(
                    self.env._("A signed-token link needs an issuer, an audience and an algorithm.")
                )
            if conn.jwt_algorithm == "HS256" and len(conn.jwt_secret or "") < 32:
                # RFC 7518 3.2: an HS256 key shorter than the hash is guessable
                raise ValidationError(self.env._("The shared secret must be at least 32 characters long."))
            if conn.jwt_algorithm == "RS256":
                try:
                    key = serialization.load_pem_public_key((conn.jwt_public_key or "").encode())
                except (ValueError, TypeError) as exc:
                    raise ValidationError(self.env._("The public key is not a PEM public key.")) from exc
                if not isinstance(key, rsa.RSAPublicKey) or key.key_size < 2048:
                    raise ValidationError(self.env._("The public key must be an RSA key of 2048 bits or more."))

    @api.constrains("oidc_enabled", "oidc_issuer", "oidc_client_id", "oidc_claim", "oidc_algorithms")
    def _check_oidc(self):
        for conn in self.filtered("oidc_enabled"):
            if not (conn.oidc_issuer and conn.oidc_client_id and conn.oidc_claim):
                raise ValidationError(
                    self.env._("OpenID Connect needs an issuer URL, a client ID and a user claim.")
                )
            conn._check_url_allowed(conn.oidc_issuer)
            algs = conn._oidc_algorithm_list()
            if not algs or not set(algs) <= OIDC_ALGORITHMS:
                raise ValidationError(
                    self.env._(
                        "Allowed signing algorithms must be among %(algs)s.",
                        algs=", ".join(sorted(OIDC_ALGORITHMS)),
                    )
                )

    @api.constrains("cas_enabled", "cas_server_url", "allowed_hosts")
    def _check_cas(self):
        for conn in self.filtered("cas_enabled"):
            if not conn.cas_server_url:
                raise ValidationError(self.env._("CAS needs the CAS server URL."))
            conn._check_url_allowed(conn.cas_server_url)

    @api.constrains(
        "push_enabled", "push_url", "allowed_hosts", "max_attempts", "timeout",
        "adapter", "weaver_syscode", "seeyon_register_code", "seeyon_rest_user", "oa_workflow_name",
    )
    def _check_push(self):
        for conn in self.filtered("push_enabled"):
            if not conn.push_url:
                raise ValidationError(self.env._("Pushing to-dos needs the OA to-do API URL."))
            conn._check_url_allowed(conn.push_url)
            if conn.adapter == "weaver" and not conn.weaver_syscode:
                raise ValidationError(self.env._("Weaver e-cology needs the system code."))
            if conn.adapter == "seeyon" and not (conn.seeyon_register_code and conn.seeyon_rest_user):
                raise ValidationError(
                    self.env._("Seeyon needs the registration code and the REST user.")
                )
            if not (conn.oa_workflow_name or "").strip():
                raise ValidationError(self.env._("Pushing to-dos needs the OA workflow name."))
            if conn.max_attempts < 1 or conn.timeout < 1:
                raise ValidationError(
                    self.env._("Maximum attempts and timeout must be at least 1.")
                )

    def _allowed_host_set(self):
        self.ensure_one()
        return {
            line.strip().lower()
            for line in (self.allowed_hosts or "").splitlines()
            if line.strip()
        }

    def _check_url_allowed(self, url):
        """Refuse any outgoing URL whose host is not on the allow-list, so a
        wrong (or malicious) setting cannot make the server call elsewhere."""
        self.ensure_one()
        parts = urlsplit(url or "")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValidationError(self.env._("%(url)s is not an http(s) URL.", url=url))
        host = parts.hostname.lower()
        allowed = self._allowed_host_set()
        if host not in allowed and f"{host}:{parts.port}" not in allowed:
            raise ValidationError(
                self.env._(
                    "The host %(host)s is not on the allowed hosts of the OA connection %(name)s.",
                    host=host,
                    name=self.name,
                )
            )

    # ------------------------------------------------------------------
    # addresses of this site given to the identity providers and the OA
    # ------------------------------------------------------------------

    def _site_url(self, path, query=None):
        """Absolute URL of ``path`` (with ``query``) on this site, built from
        the configured site URL (``web.base.url``), never from the request:
        Host and X-Forwarded-Host are whatever the client sends (or a proxy
        passes on), and a callback built from them hands OpenID codes and
        CAS tickets to the host the client named."""
        self.ensure_one()
        url = self.get_base_url().rstrip("/") + path
        return f"{url}?{urlencode(query)}" if query else url

    def _oidc_redirect_uri(self):
        return self._site_url("/hospital_repair_oa/oidc/callback")

    def _cas_service_url(self, target):
        """The CAS service of a sign-in landing on ``target``; rebuilt
        identically on return, since the ticket is bound to this URL."""
        return self._site_url("/hospital_repair_oa/cas", {"connection": self.id, "redirect": target})

    def _cas_login_url(self, target):
        self.ensure_one()
        return self.cas_server_url.rstrip("/") + "/login?" + urlencode({"service": self._cas_service_url(target)})

    # ------------------------------------------------------------------
    # OpenID Connect
    # ------------------------------------------------------------------

    def _oidc_algorithm_list(self):
        return [a.strip() for a in (self.oidc_algorithms or "").split(",") if a.strip()]

    def _http_get_json(self, url):
        """GET a JSON document from an allowed host, no redirects."""
        self._check_url_allowed(url)
        try:
            response = requests.get(url, timeout=self.timeout or 10, allow_redirects=False)
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as exc:
            raise OaProviderError(f"{url}: {exc}") from exc

    def _oidc_discovery(self):
        self.ensure_one()
        conn = self.sudo()
        metadata = conn.oidc_metadata
        if not metadata:
            issuer = conn.oidc_issuer.rstrip("/")
            metadata = conn._http_get_json(issuer + "/.well-known/openid-configuration")
            if not isinstance(metadata, dict) or metadata.get("issuer", "").rstrip("/") != issuer:
                # a document for another issuer: mix-up or misconfiguration
                raise OaProviderError(f"discovery issuer {metadata.get('issuer')!r} is not {issuer!r}")
            for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                conn._check_url_allowed(metadata.get(key))
            conn.oidc_metadata = metadata
        return metadata

    def _oidc_signing_key(self, id_token, refresh=False):
        """The JWKS key for ``id_token``. The cached set is fetched again
        when ``refresh`` or when it has no key for the token's ``kid`` (or,
        without kid, of the token's key type): the provider rotated keys."""
        self.ensure_one()
        conn = self.sudo()
        header = jwt.get_unverified_header(id_token)
        kid, alg = header.get("kid"), header.get("alg") or ""
        kty = {"R": "RSA", "P": "RSA", "E": "EC"}.get(alg[:1])
        for fetch in (refresh or not conn.oidc_jwks, True):
            if fetch:
                conn.oidc_jwks = conn._http_get_json(conn._oidc_discovery()["jwks_uri"])
            keys = [
                k for k in (conn.oidc_jwks or {}).get("keys", [])
                if k.get("use", "sig") == "sig" and (k.get("kid") == kid if kid else k.get("kty") == kty)
            ]
            if len(keys) == 1:
                try:
                    return jwt.PyJWK(keys[0], algorithm=alg).key
                except jwt.PyJWTError as exc:
                    raise OaProviderError(f"unusable JWKS key: {exc}") from exc
            if fetch:
                break
        raise OaProviderError(f"no single signing key {kid or kty!r} in the provider's JWKS")

    def _oidc_redeem_code(self, code, verifier):
        self.ensure_one()
        conn = self.sudo()
        url = conn._oidc_discovery()["token_endpoint"]
        conn._check_url_allowed(url)
        try:
            response = requests.post(
                url,
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    # the same as in the authorization request: the provider compares them
                    "redirect_uri": conn._oidc_redirect_uri(),
                    "code_verifier": verifier,
                    "client_id": conn.oidc_client_id,
                },
                auth=(conn.oidc_client_id, conn.oidc_client_secret or ""),
                timeout=conn.timeout or 10,
                allow_redirects=False,
            )
            answer = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise OaProviderError(f"token endpoint: {exc}") from exc
        if response.status_code != 200 or not answer.get("id_token"):
            raise OaProviderError(f"token endpoint answered {response.status_code}: {response.text[:300]}")
        return answer

    # ------------------------------------------------------------------
    # CAS
    # ------------------------------------------------------------------

    def _cas_validate(self, ticket, target):
        """The CAS user name the server vouches for ``ticket`` (issued for
        exactly the service of ``target``), or None when the server refuses it."""
        self.ensure_one()
        path = "/p3/serviceValidate" if self.cas_version == "3" else "/serviceValidate"
        url = self.cas_server_url.rstrip("/") + path
        self._check_url_allowed(url)
        try:
            response = requests.get(
                url,
                params={"service": self._cas_service_url(target), "ticket": ticket},
                timeout=self.timeout or 10,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise OaProviderError(f"CAS server: {exc}") from exc
        if response.status_code != 200:
            raise OaProviderError(f"CAS server answered {response.status_code}")
        return parse_cas_response(response.content)

    def _get_oa_adapter_class(self):
        """The adapter class of this connection's ``adapter``. Another addon
        adds an OA with ``selection_add`` on ``adapter`` and an override
        returning its class for its key, ``super()`` otherwise (as Odoo's
        SMS providers do with ``_get_sms_api_class``)."""
        self.ensure_one()
        if self.adapter == "weaver":
            return WeaverAdapter
        if self.adapter == "seeyon":
            return SeeyonAdapter
        if self.adapter == "webhook":
            return WebhookAdapter
        raise UserError(self.env._("No adapter is installed for the OA type %s.", self.adapter))

    def _get_adapter(self):
        self.ensure_one()
        # the adapter reads the secrets and caches the Seeyon token
        return self._get_oa_adapter_class()(self.sudo())

    def _approval_path(self, approval):
        """Path (and query) on this site opening the approval's order,
        through the sign-in entry the OA users have."""
        self.ensure_one()
        path = f"/odoo/hospital.repair.order/{approval.order_id.id}"
        if self.link_entry == "none":
            return path
        entry = {"oidc": "oidc/login", "cas": "cas"}[self.link_entry]
        return f"/hospital_repair_oa/{entry}?" + urlencode({"connection": self.id, "redirect": path})

    def _approval_link(self, approval):
        self.ensure_one()
        return self._site_url(self._approval_path(approval))

    def _test_failure_hints(self):
        """What to check, per cause of a failed test (OaDeliveryError.cause)."""
        return {
            "network": self.env._(
                "The OA cannot be reached from this server: check the To-do API URL (host and "
                "port), the network path, the firewall and any proxy between them."
            ),
            "address": self.env._(
                "A server answered, but not the OA's to-do API: check the path of the To-do API URL."
            ),
            "credentials": self.env._(
                "The OA refused the credentials: check the REST user and its password, or the "
                "webhook secret."
            ),
            "code": self.env._(
                "The OA does not know this system: check the registration code (Seeyon) or the "
                "system code (Weaver) and that it is enabled in the OA."
            ),
            "ip": self.env._(
                "The OA refused this server's IP address: add it to the allowed IP addresses of "
                "the system registered in the OA."
            ),
            "login": self.env._(
                "The OA does not know the OA login used by the test (the fallback OA login, or "
                "yours): check it and the OA's user conversion rule."
            ),
            "setting": self.env._(
                "A setting is missing here or in the OA: see the detail below."
            ),
            "answer": self.env._("The OA answered something unexpected: see the detail below."),
        }

    def action_test_connection(self):
        self.ensure_one()
        # the test uses the connection's secrets: their administrators only
        self.check_access("write")
        if not self.push_enabled:
            raise UserError(self.env._("Pushing to-dos is not enabled on this connection."))
        try:
            self._get_adapter().test()
        except ValidationError as exc:
            raise UserError(exc.args[0]) from exc
        except OaDeliveryError as exc:
            raise UserError(self.env._(
                "Connection test failed. %(hint)s\nDetail: %(detail)s",
                hint=self._test_failure_hints()[exc.cause],
                detail=str(exc),
            )) from exc
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "The OA accepted the test calls: URL, network path, credentials and "
                    "registration of this system are right."
                ),
                "sticky": False,
            },
        }

    def action_view_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hospital_repair_oa.hospital_repair_oa_message_action"
        )
        action["domain"] = [("connection_id", "=", self.id)]
        action["context"] = {"default_connection_id": self.id}
        return action
