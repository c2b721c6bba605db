"""The `followup` command: serve the local API, show the pairing token, and read the data from a terminal."""

from __future__ import annotations

import argparse
import ipaddress
import os
import signal
import sys
from pathlib import Path

from . import __version__
from .paths import InsecurePermissions, data_dir, ensure_token

LOOPBACK_NAMES = {"localhost"}
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad input from the command line: printed without a traceback, exit code 2."""


def _loopback(host: str) -> str:
    if host in LOOPBACK_NAMES:
        return "127.0.0.1"
    try:
        addr = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        raise UsageError(f"--host {host!r} is not an IP address; followup only listens on 127.0.0.1 or ::1") from None
    if not addr.is_loopback:
        raise UsageError(
            f"refusing to listen on {host}: followup serves your private data and only binds to loopback "
            "(127.0.0.1 or ::1)"
        )
    return str(addr)


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the API server on loopback with waitress (never Flask's development server)."""
    import waitress

    from .app import create_app, warm_up
    from .memory import pin_malloc_threshold
    from .storage import AlreadyRunning

    host = _loopback(args.host)
    if not 1 <= args.port <= 65535:
        raise UsageError("--port must be between 1 and 65535")
    pin_malloc_threshold()  # before the database is read: its buffer is the large block that would raise it
    try:
        app = create_app({"DATA_DIR": args.data_dir, "PORT": args.port})
    except AlreadyRunning as exc:
        print(f"followup: {exc}", file=sys.stderr)
        return 1
    store = app.extensions["followup.store"]
    for notice in store.notices:
        print(f"followup: NOTICE: {notice}", file=sys.stderr)
    token = app.extensions["followup.token"].get()
    extension = Path(__file__).resolve().parent.parent / "extension"
    print(
        f"followup {__version__} serving http://127.0.0.1:{args.port}/api/v1  (data: {app.config['DATA_DIR']})\n"
        f"\nPairing token: {token}\n\n"
        "To connect the browser extension:\n"
        f"  1. Chrome/Chromium: chrome://extensions -> Developer mode -> Load unpacked -> {extension}\n"
        f"     Firefox: about:debugging -> This Firefox -> Load Temporary Add-on -> {extension}/manifest.json\n"
        "  2. Open the extension's options, paste the token above, press 'Test connection'.\n"
        "Stop with Ctrl+C.",
        flush=True,
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    warm_up(app)
    try:
        waitress.serve(
            app, host=host, port=args.port, threads=args.threads, ident="followup",
            connection_limit=64, channel_timeout=30, max_request_body_size=64 * 1024 * 1024,
            clear_untrusted_proxy_headers=True, _quiet=True,
        )
    finally:
        store.close()
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    """Print the pairing token (creating it on first use), or replace it with --rotate."""
    token = ensure_token(data_dir(args.data_dir), rotate=args.rotate)
    if args.rotate:
        print("New token (the running server uses it at once; paste it into the extension's options):", file=sys.stderr)
    print(token)
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    """Print ready-to-send drafts for a contact (and interview); works while the server runs."""
    from .drafts.terminal import BadInput, write_drafts

    try:
        out, notes = write_drafts(data_dir(args.data_dir), args.contact, args.interview, args.kind,
                                  args.reason, args.detail, args.variant, args.json)
    except BadInput as exc:
        raise UsageError(str(exc)) from None
    if out:
        print(out)
    if notes:
        print(notes, file=sys.stderr)
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    """Print the reminders grouped overdue / due / upcoming (safe while the server runs)."""
    from .rules.terminal import BadInput, due_text

    try:
        print(due_text(data_dir(args.data_dir), args.at, args.horizon))
    except BadInput as exc:
        raise UsageError(str(exc)) from None
    return 0


def cmd_export_ics(args: argparse.Namespace) -> int:
    """Write the reminders still to do as an iCalendar file, or print it (safe while the server runs)."""
    from .rules.terminal import BadInput, export_ics

    try:
        note = export_ics(data_dir(args.data_dir), args.at, args.horizon, args.output)
    except BadInput as exc:
        raise UsageError(str(exc)) from None
    if note:
        print(note, file=sys.stderr)
    return 0


def cmd_capture(args: argparse.Namespace) -> int:
    """Print who capture finds on a saved page (the API's answer), or the page trimmed as the extension sends it."""
    import json

    from .capture import capture
    from .capture.trim import trim_html

    if not args.url.startswith(("http://", "https://")):
        raise UsageError(f"--url must be the page's http(s) address, not {args.url!r}")
    try:
        html = Path(args.file).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    if args.trim:
        print(trim_html(html))
    else:
        print(json.dumps(capture(args.url, html, title=args.title, selection=args.selection), ensure_ascii=False, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="followup",
        description="A local, private assistant for following up after job interviews. "
        "Data stays on this machine: --data-dir, else $FOLLOWUP_DATA_DIR, else the platform's user data directory.",
    )
    parser.add_argument("--version", action="version", version=f"followup {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, func, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("--data-dir", metavar="DIR", help="where the data lives (default: $FOLLOWUP_DATA_DIR or the user data dir)")
        p.set_defaults(func=func)
        return p

    p = command("serve", cmd_serve, "Serve the API for the browser extension on 127.0.0.1 and print the pairing token.")
    p.add_argument("--port", type=int, default=int(os.environ.get("FOLLOWUP_PORT", 5317)), help="port (default 5317)")
    p.add_argument("--host", default="127.0.0.1", help="loopback address to bind: 127.0.0.1 (default) or ::1; anything else is refused")
    p.add_argument("--threads", type=int, default=4, help="worker threads (default 4)")

    p = command("token", cmd_token, "Print the pairing token to paste into the extension's options.")
    p.add_argument("--rotate", action="store_true", help="replace the token with a new one (re-pair the extension)")

    p = command("draft", cmd_draft, "Print follow-up drafts for a contact and interview (safe while the server runs).")
    p.add_argument("--contact", required=True, metavar="ID", help="the contact's id")
    p.add_argument("--interview", metavar="ID", help="the interview's id (needed for every kind but keep_in_touch and after_connect)")
    p.add_argument("--kind", metavar="KIND", help="thank_you, linkedin_note, status_check, rejection_reply, offer_thanks, "
                   "keep_in_touch or after_connect (default: every kind that fits now)")
    p.add_argument("--reason", metavar="REASON", help="keep_in_touch: future_opportunities, congratulation, article or update")
    p.add_argument("--detail", metavar="TEXT", help="keep_in_touch: what to congratulate, the article's link, or your news")
    p.add_argument("--variant", type=int, default=0, metavar="N", help="another phrasing (0, 1, 2...)")
    p.add_argument("--json", action="store_true", help="print the drafts as the API returns them")

    p = command("due", cmd_due, "Print the reminders: overdue, due and upcoming (safe while the server runs).")
    p.add_argument("--at", metavar="ISO", help="the moment to ask about, ISO 8601 with offset (default: now)")
    p.add_argument("--horizon", type=int, default=7, metavar="DAYS", help="how many days ahead to look (default 7)")

    p = command("export-ics", cmd_export_ics, "Export the reminders still to do as an iCalendar (.ics) file.")
    p.add_argument("--at", metavar="ISO", help="the moment to export from, ISO 8601 with offset (default: now)")
    p.add_argument("--horizon", type=int, default=30, metavar="DAYS", help="how many days ahead (default 30)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")

    p = command("capture", cmd_capture, "Show who capture finds on a saved page (the DOM saved from the browser).")
    p.add_argument("file", metavar="FILE", help="the page's HTML")
    p.add_argument("--url", required=True, help="the address the page was at")
    p.add_argument("--title", help="the tab's title, as the extension sends it")
    p.add_argument("--selection", help="text selected on the page")
    p.add_argument("--trim", action="store_true", help="print the page trimmed as the extension sends it instead")

    from .transfer import commands as transfer  # import-linkedin, import-vcf, export-contacts, backup, restore

    transfer.register(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"followup: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InsecurePermissions as exc:
        print(f"followup: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
