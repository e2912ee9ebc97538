"""OpenID provider for the tests: oidc-provider-mock, with PKCE enforced.

Run with the .venv-idp python:  oidc_provider.py PORT SUBJECT [SUBJECT ...]
The mock accepts PKCE parameters but does not check them; authlib's own
RFC 7636 extension is added here so a wrong or missing code_verifier is
refused like a production provider would.
"""

import logging
import os
import sys
import warnings

warnings.simplefilter("ignore")
os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http on 127.0.0.1

import uvicorn
from authlib.oauth2.rfc6749 import InvalidRequestError
from authlib.oauth2.rfc7636 import CodeChallenge
from oidc_provider_mock import User, _app, app

challenges = {}


class RequiredCodeChallenge(CodeChallenge):
    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE with S256 is required")
        super().validate_code_challenge(grant, redirect_uri)

    def get_authorization_code_challenge(self, authorization_code):
        return challenges.get(authorization_code.code, (None, None))[0]

    def get_authorization_code_challenge_method(self, authorization_code):
        return challenges.get(authorization_code.code, (None, None))[1]


_save = _app.AuthorizationCodeGrant.save_authorization_code


def save_authorization_code(self, code, request):
    data = request.payload.data
    challenges[code] = (data.get("code_challenge"), data.get("code_challenge_method"))
    return _save(self, code, request)


_app.AuthorizationCodeGrant.save_authorization_code = save_authorization_code
_openid_call = _app.OpenIDCode.__call__


def openid_code_with_pkce(self, grant):
    _openid_call(self, grant)
    RequiredCodeChallenge(required=True)(grant)


_app.OpenIDCode.__call__ = openid_code_with_pkce


def main():
    port = int(sys.argv[1])
    users = [
        User(sub=sub, claims={"email": f"{sub}@hospital.test", "name": sub, "employee_number": sub})
        for sub in sys.argv[2:]
    ]
    logging.basicConfig(level=logging.WARNING)
    uvicorn.run(
        app(require_nonce=True, user_claims=users),
        interface="wsgi",
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
