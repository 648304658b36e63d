"""Allow ``python -m attendee_relay.sandbox [--port N]``: the simulators until Ctrl-C."""

from attendee_relay.sandbox.cli import main

raise SystemExit(main())
