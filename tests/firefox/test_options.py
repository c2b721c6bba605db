"""The options page in a real Firefox: pairing with the real server, and host access the user took away."""

from __future__ import annotations

import json

import pytest
from firefox.addon import HOSTS, ORIGIN

pytestmark = pytest.mark.browser


def connection_test(options, server_address: str, token: str) -> str:
    """Fill the form, press Test connection; the state it ends in."""
    options.wait("() => document.body.dataset.ready === 'true'", what="the options page to start")
    options.fill("#server", server_address)
    options.fill("#token", token)
    options.click("#test")
    return options.wait("() => { const s = document.getElementById('connection').dataset.state;"
                        " return s && s !== 'testing' ? s : null; }", what="the connection test to end")


def test_pairing_with_the_real_server(fx, live_server, shot):
    srv = live_server()
    options = fx.page("options.html")
    assert connection_test(options, srv.base, "x" * 43) == "wrong_token"
    assert "did not accept this token" in options.text("#connection")
    assert "token" not in fx.stored(), "a refused token is not saved"

    assert connection_test(options, srv.base, srv.token) == "ok"
    assert "Connected to followup" in options.text("#connection")
    assert fx.stored()["token"] == srv.token and fx.stored()["server"] == srv.base
    shot(options, "firefox-options-paired")

    # Firefox sends Origin: moz-extension://<this install's UUID> on POSTs: /hello with the token paired it
    journal = (srv.data_dir / "db.journal").read_text(encoding="utf-8")
    assert [json.loads(line) for line in journal.splitlines() if ORIGIN in line], "the origin was not paired"
    created = options.call("""async ([base, token]) => (await fetch(base + '/api/v1/contacts', {method: 'POST',
        headers: {Authorization: 'Bearer ' + token, 'Content-Type': 'application/json'}, credentials: 'omit',
        body: JSON.stringify({name: 'Ana Lima'})})).status""", [srv.base, srv.token])
    assert created == 201


def test_without_host_access_the_options_page_says_so_and_asks_for_it(fx, live_server, shot):
    """Firefox lets the user take host access away: every call then fails as if nothing listened, so the page
    must not say "not running" (the server is running) but what to allow, and asking must fix it."""
    srv = live_server()
    fx.run("o => browser.permissions.remove({origins: o})", HOSTS)
    assert not fx.host_access()
    options = fx.page("options.html")
    options.wait_for("#allow-access")  # said as soon as the page opens
    assert connection_test(options, srv.base, srv.token) == "no_access"
    text = options.text("#connection")
    assert "does not let followup reach 127.0.0.1" in text and "not running" not in text
    assert "token" not in fx.stored()
    shot(options, "firefox-options-no-host-access")

    options.click("#allow-access")  # the user's click asks Firefox for it; the test then runs again
    assert options.wait("() => document.getElementById('connection').dataset.state === 'ok'", what="pairing")
    assert fx.host_access(["http://127.0.0.1/*"])  # what the server's address needs, no more
    assert fx.stored()["token"] == srv.token
