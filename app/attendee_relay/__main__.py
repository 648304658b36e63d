"""Allow `python -m attendee_relay`."""

from attendee_relay.cli import main

raise SystemExit(main())
