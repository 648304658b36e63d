"""The one aiohttp application that serves every simulator under its own path prefix.

A connector's ``base_url`` is ``http://127.0.0.1:PORT/<prefix>``:

- ``/10times`` + ``/v1/register``
- ``/influencersoft/<account>`` + ``/api/addupdatelead``
- ``/push/<anything>`` (the whole URL is the receiver's)
- ``/expoplatform`` + ``/api/v2/account/<endpoint>``
- ``/ivvy`` + ``/api/1.0/<namespace>?action=<action>`` (every call's signature checked)
- ``/gevme`` + ``/oauth/authorize``, ``/oauth/access_token``, ``/events/{event}/attendees``
"""

from __future__ import annotations

from aiohttp import web

from attendee_relay.sandbox import (
    control,
    expoplatform,
    gevme,
    influencersoft,
    ivvy,
    oauth_server,
    push,
    tentimes,
)
from attendee_relay.sandbox.runtime import SandboxRuntime
from attendee_relay.sandbox.simulation import simulate_platform
from attendee_relay.sandbox.web_common import RUNTIME_KEY

TENTIMES_PREFIX = "/10times"
INFLUENCERSOFT_PREFIX = "/influencersoft"
PUSH_PREFIX = "/push"
EXPOPLATFORM_PREFIX = "/expoplatform"
IVVY_PREFIX = "/ivvy"
GEVME_PREFIX = "/gevme"


def build_app(runtime: SandboxRuntime) -> web.Application:
    """An application serving all simulators and the ``/_sandbox`` control API."""
    app = web.Application(middlewares=[simulate_platform])
    app[RUNTIME_KEY] = runtime
    app.router.add_post(f"{TENTIMES_PREFIX}/v1/register", tentimes.register)
    app.router.add_post(
        INFLUENCERSOFT_PREFIX + "/{account}/api/addupdatelead", influencersoft.add_update_lead
    )
    app.router.add_post(PUSH_PREFIX + "/{tail:.*}", push.receive)
    app.router.add_post(EXPOPLATFORM_PREFIX + "/api/v2/account/{endpoint}", expoplatform.handle)
    app.router.add_post(IVVY_PREFIX + "/api/1.0/{namespace}", ivvy.handle)
    oauth_server.add_oauth_routes(app, GEVME_PREFIX)
    gevme.add_gevme_routes(app, GEVME_PREFIX)
    control.add_control_routes(app)
    return app
