from . import test_smoke
from . import test_sso_jwt
from . import test_outbox
from . import test_sso_oidc
from . import test_sso_cas
from . import test_adapters
from . import test_security
from . import test_approval_outbox
