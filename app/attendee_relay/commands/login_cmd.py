"""`attendee-relay login NAME`: OAuth sign-in in the system browser, tokens to the OS keychain."""

from __future__ import annotations

import argparse
import dataclasses
from urllib.parse import urlsplit

from attendee_relay.commands import exit_codes
from attendee_relay.commands.console import say, warn
from attendee_relay.context import load_connector, oauth_client_of
from attendee_relay.core.errors import InputError, SecretsUnavailable
from attendee_relay.core.oauth import OAuthFlow, TokenStore
from attendee_relay.core.oauth.listener import describe_duration
from attendee_relay.core.secrets import SecretStore


def run_login(args: argparse.Namespace) -> int:
    loaded = load_connector(args.name)
    client = oauth_client_of(loaded)
    if args.timeout is not None:
        if args.timeout <= 0:
            raise InputError("--timeout must be a number of seconds above 0.")
        client = dataclasses.replace(client, timeout_s=args.timeout)
    keychain = SecretStore()
    status = keychain.available()
    if not status.ok:  # find out before the user signs in, not after
        raise SecretsUnavailable(status.message)
    flow = OAuthFlow(client)
    url = flow.start()
    try:
        # Name the server actually asked: authorize_url may point at any OAuth 2.0 server.
        host = urlsplit(url).hostname or loaded.connector.title
        warn(f"Sign in at {host} in your browser. If no browser opens, open this")
        warn("address yourself (on this computer: the answer comes back to it):")
        say(url)
        if not args.no_browser:
            flow.launch_browser(_browser_result)
        warn(
            f"Waiting for the sign-in (up to {describe_duration(client.timeout_s)}; Ctrl-C "
            f"cancels) on {flow.redirect_uri} ..."
        )
        tokens = flow.wait()
    finally:
        flow.close()
    TokenStore(keychain).save(loaded.name, tokens)
    renew = "it renews itself" if tokens.refresh_token else "sign in again when it expires"
    say(
        f"Signed in: connector '{loaded.name}' can now read {loaded.connector.title} "
        f"({renew}); the tokens are in the OS keychain."
    )
    return exit_codes.OK


def _browser_result(opened: bool) -> None:
    if not opened:
        warn("No browser could be started; open the address above in any browser here.")
