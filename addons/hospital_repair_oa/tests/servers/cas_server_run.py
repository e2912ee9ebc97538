"""CAS 2.0/3.0 server for the tests (django-cas-server).

Run with the .venv-idp python:  cas_server_run.py PORT USER:PASSWORD [...]
Creates its database in a temporary directory, the users given, a service
pattern accepting services on 127.0.0.1, then serves until terminated.
"""

import os
import shutil
import signal
import sys
import tempfile
import warnings
from wsgiref.simple_server import WSGIRequestHandler, make_server

warnings.simplefilter("ignore")


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main():
    port = int(sys.argv[1])
    workdir = tempfile.mkdtemp(prefix="cas-test-")
    os.environ["CAS_TEST_DIR"] = workdir
    os.environ["DJANGO_SETTINGS_MODULE"] = "cas_settings"
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)

    from cas_server.models import ServicePattern
    from django.contrib.auth.models import User
    from django.core.wsgi import get_wsgi_application

    for spec in sys.argv[2:]:
        username, password = spec.split(":", 1)
        User.objects.create_user(username=username, password=password)
    ServicePattern.objects.create(pos=1, name="odoo", pattern=r"^http://127\.0\.0\.1(:\d+)?/.*")

    server = make_server("127.0.0.1", port, get_wsgi_application(), handler_class=QuietHandler)
    # the tests stop the server with SIGTERM: exit cleanly so the database
    # directory is removed
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
    try:
        server.serve_forever()
    finally:
        server.server_close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
