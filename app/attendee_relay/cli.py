"""The command line: the same core as the desktop app, driven from a terminal (DESIGN's CLI contract).

Exit codes: 0 every row delivered; 1 some rows refused or failed; 2 bad usage or unreadable input;
3 cannot connect or not authorised. Errors reach the user as one sentence, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from attendee_relay.commands import exit_codes
from attendee_relay.core.errors import InputError, RelayError, SetupError

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line and exits 2, as the contract says."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(exit_codes.BAD_INPUT, f"{self.prog}: {message} (see {self.prog} --help)\n")


class _VersionAction(argparse.Action):
    """``--version``, with the version looked up only when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        from attendee_relay import __version__

        print(f"attendee-relay {__version__}")  # stdout, as argparse's own version action
        parser.exit()


def _lazy(module: str, func: str) -> Handler:
    # Import a command's module only when it runs: `--version` and `--help` stay instant.
    def handler(args: argparse.Namespace) -> int:
        import importlib

        return int(getattr(importlib.import_module(f"attendee_relay.{module}"), func)(args))

    return handler


def build_parser() -> argparse.ArgumentParser:  # noqa: PLR0915 - one flat list of commands reads best
    parser = _Parser(
        prog="attendee-relay",
        description="Deliver attendee lists from CSV/Excel files into event platforms: mapped, "
        "checked, fast, exactly once. Run without arguments to open the desktop app.",
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show the version")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log more detail to the log file"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    # connector ...
    conn = sub.add_parser("connector", help="add, list, show, test or remove connectors")
    csub = conn.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    add = csub.add_parser(
        "add", help="save a connector (settings in the config dir, secrets in the keychain)"
    )
    add.add_argument("name")
    add.add_argument("--platform", required=True, help="10times, 10times-push or influencersoft")
    add.add_argument("--set", action="append", metavar="KEY=VALUE", help="a non-secret setting")
    add.add_argument(
        "--secret",
        action="append",
        metavar="KEY",
        help="a secret's name; its value is read from stdin (one line each) or prompted for",
    )
    add.add_argument(
        "--replace", action="store_true", help="overwrite a connector of the same name"
    )
    add.set_defaults(handler=_lazy("commands.connector_cmds", "run_add"))
    for action, help_text, func in (
        ("list", "list connectors", "run_list"),
        ("show", "show a connector's settings (never its secrets)", "run_show"),
        ("test", "check a connector's settings and secrets against the platform", "run_test"),
        ("remove", "delete a connector and its secrets", "run_remove"),
    ):
        p = csub.add_parser(action, help=help_text)
        if action != "list":
            p.add_argument("name")
        if action in ("list", "show"):
            p.add_argument("--json", action="store_true")
        module = "commands.connector_list" if action == "list" else "commands.connector_cmds"
        p.set_defaults(handler=_lazy(module, func))
    secret = csub.add_parser("secret", help="store or replace one secret of a connector")
    secret.add_argument("name")
    secret.add_argument("key")
    secret.set_defaults(handler=_lazy("commands.connector_cmds", "run_secret"))

    # From a light module: importing import_cmds here made `--version` load the whole pipeline.
    from attendee_relay.commands.source_options import add_source_options

    # map
    m = sub.add_parser("map", help="print the auto-matched mapping of a file as JSON")
    m.add_argument("name")
    m.add_argument("file")
    m.add_argument(
        "--default-country", metavar="CC", help="ISO country for phone numbers without +"
    )
    m.add_argument("--mapping", metavar="M.json", help="start from this mapping, not auto-matching")
    m.add_argument("--template", help="start from a saved template instead of auto-matching")
    m.add_argument("--save-template", metavar="T", help="also save the mapping as template T")
    m.add_argument(
        "--json", action="store_true", help="explain each field: columns, how matched, confidence"
    )
    m.add_argument(
        "--fresh", action="store_true", help="match afresh, ignoring the mapping used last time"
    )
    add_source_options(m)
    m.set_defaults(handler=_lazy("commands.map_cmds", "run_map"))

    # import
    imp = sub.add_parser("import", help="import a CSV/XLSX file through a connector")
    imp.add_argument("name")
    imp.add_argument("file")
    imp.add_argument("--mapping", metavar="M.json", help="a mapping saved as JSON (see `map`)")
    imp.add_argument("--template", help="a mapping template saved for this platform")
    imp.add_argument(
        "--default-country", metavar="CC", help="ISO country for phone numbers without +"
    )
    imp.add_argument("--dry-run", action="store_true", help="check everything, send nothing")
    imp.add_argument(
        "--errors", metavar="OUT.csv", help="write refused and failed rows with reasons"
    )
    imp.add_argument("--json", action="store_true", help="print one JSON object with the counts")
    again = imp.add_mutually_exclusive_group()
    again.add_argument(
        "--force", action="store_true", help="send every row, even those delivered before"
    )
    again.add_argument(
        "--resend-changed",
        action="store_true",
        help="send rows changed since they were delivered, on platforms that cannot update"
        " (10times registers them again)",
    )
    add_source_options(imp)
    imp.set_defaults(handler=_lazy("commands.import_cmds", "run_import"))

    # resume
    res = sub.add_parser("resume", help="continue an interrupted or stopped run")
    res.add_argument("run_id", type=int)
    res.add_argument("--json", action="store_true")
    res.add_argument("--errors", metavar="OUT.csv")
    res.add_argument(
        "--fixes",
        metavar="FIXED.csv",
        help="a corrected copy of the run's error report: its fixed rows are sent in this run",
    )
    res.set_defaults(handler=_lazy("commands.import_cmds", "run_resume"))

    # push
    push = sub.add_parser("push", help="send one test record and show the request and response")
    push.add_argument("name")
    push.add_argument(
        "--field", action="append", metavar="KEY=VALUE", help="a target field's value"
    )
    push.add_argument("--json", action="store_true")
    push.set_defaults(handler=_lazy("commands.push_cmd", "run_push"))

    # login
    login = sub.add_parser("login", help="sign in with OAuth in the browser (GEVME)")
    login.add_argument("name")
    login.add_argument(
        "--timeout", type=float, default=None, metavar="S", help="seconds to wait (default 300)"
    )
    login.add_argument(
        "--no-browser", action="store_true", help="only print the address to open yourself"
    )
    login.set_defaults(handler=_lazy("commands.login_cmd", "run_login"))

    # pull
    pl = sub.add_parser("pull", help="write a platform's records (GEVME attendees) to a CSV")
    pl.add_argument("name")
    pl.add_argument("out", metavar="OUT.csv")
    pl.add_argument(
        "--set",
        action="append",
        metavar="KEY=VALUE",
        help="a setting for this pull (event=ID) or an option (modified_since=2024-03-01)",
    )
    pl.add_argument("--json", action="store_true", help="print one JSON object with the counts")
    pl.set_defaults(handler=_lazy("commands.pull_cmd", "run_pull"))

    # history
    hist = sub.add_parser(
        "history",
        help="list runs, or show one run's rows; `history forget` erases attendees' data",
        description="`history` lists the runs, `history RUN_ID` shows one; `history forget "
        "(--email ADDRESS | --run RUN_ID | --older-than DAYS)` erases attendees' personal data "
        "from the history (counts and the marks that prevent sending twice stay).",
    )
    hist.add_argument("run_id", nargs="?", metavar="RUN_ID | forget")
    forget = hist.add_argument_group("with `forget`")
    forget.add_argument("--email", metavar="ADDRESS", help="every row of this person, all runs")
    forget.add_argument("--run", type=int, metavar="RUN_ID", help="every row of this run")
    forget.add_argument(
        "--older-than", type=int, metavar="DAYS", help="every row of runs older than DAYS days"
    )
    hist.add_argument("--json", action="store_true")
    hist.add_argument("--limit", type=int, default=None, help="show only the newest N runs")
    hist.add_argument("--errors", metavar="OUT.csv", help="write the run's refused and failed rows")
    hist.set_defaults(handler=_lazy("commands.history_cmds", "run_history"))

    # sandbox
    sb = sub.add_parser("sandbox", help="run the local platform simulators until Ctrl-C")
    sb.add_argument("--port", type=int, default=None, help="port to listen on (default: 8765)")
    sb.add_argument("--latency-ms", type=int, default=0, help="delay every answer by this much")
    sb.add_argument(
        "--fault-rate", type=float, default=0.0, help="share of requests that fail (0..1)"
    )
    sb.add_argument(
        "--rate-limit", type=int, default=0, help="requests a minute before 429 (0 = none)"
    )
    sb.set_defaults(handler=_lazy("commands.sandbox_cmd", "run_sandbox"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from attendee_relay.commands.output_streams import prepare_output_streams

    prepare_output_streams()  # a Windows code page or LANG=C never turns output into a crash
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        return _open_desktop_app()
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exit_:  # --help, --version and usage errors end here
        return exit_.code if isinstance(exit_.code, int) else exit_codes.BAD_INPUT
    if args.command is None:
        parser.print_help()
        return exit_codes.OK
    from attendee_relay.core.logging_setup import setup_logging

    try:
        setup_logging(verbose=args.verbose)
        return int(args.handler(args))
    except InputError as err:
        _fail(str(err))
        return exit_codes.BAD_INPUT
    except SetupError as err:
        _fail(str(err))
        return exit_codes.CANNOT_CONNECT
    except RelayError as err:
        _fail(str(err))
        return exit_codes.BAD_INPUT
    except KeyboardInterrupt:
        _fail("Interrupted.")
        return exit_codes.INTERRUPTED
    except BrokenPipeError:
        return exit_codes.OK
    except Exception as err:  # the last line of defence: a sentence, and the details in the log
        import sqlite3

        if isinstance(err, sqlite3.Error):  # the history, outside a run (listing, forgetting)
            from attendee_relay.core import paths
            from attendee_relay.core.history.problems import explain

            log.warning("History database error: %s", err)
            _fail(str(explain(err, paths.history_db_path())))
            return exit_codes.BAD_INPUT
        log.exception("Unexpected error")
        _fail(f"Unexpected error: {type(err).__name__}: {err}. Details are in the log file.")
        return exit_codes.BAD_INPUT


def _fail(message: str) -> None:
    from attendee_relay.core.redaction import registered_redactor

    print(f"attendee-relay: {registered_redactor().text(message)}", file=sys.stderr)


def _open_desktop_app() -> int:
    from attendee_relay.ui.window_check import window_problem

    problem = window_problem()  # Qt would abort with a message nobody sees
    if problem is not None:
        print(f"attendee-relay: {problem}", file=sys.stderr)
        return exit_codes.BAD_INPUT
    try:
        from attendee_relay.ui.app import run_app
    except ImportError as err:
        print(f"attendee-relay: the desktop app cannot start ({err}).", file=sys.stderr)
        build_parser().print_help()
        return exit_codes.BAD_INPUT
    return run_app()
