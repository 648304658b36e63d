"""The bundled executable's entry point: the same ``attendee-relay`` command as a pip install."""

import multiprocessing
import sys

from attendee_relay.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless when unused; required if a library spawns workers
    sys.exit(main())
