"""Real-Firefox fixtures: Debian's Firefox ESR, headless, with the unpacked extension installed over WebDriver
BiDi, against the real `followup serve` on a free loopback port. Pages to capture are served by a small HTTP
server on loopback; Firefox sends everything else to a dead proxy, so nothing leaves the machine.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from firefox.addon import ADDON_ID, ARTIFACTS, EXTENSION, FIREFOX, HOSTS, ORIGIN, UUID
from firefox.bidi import BiDiError, Firefox, Session, Tab
from firefox.records import call_api

websockets_client = pytest.importorskip("websockets.sync.client")
ConnectionClosed = pytest.importorskip("websockets.exceptions").ConnectionClosed

PREFS = {
    "extensions.webextensions.uuids": json.dumps({ADDON_ID: UUID}),
    # a permissions.request() is granted without the doorhanger a headless browser cannot click
    "extensions.webextOptionalPermissionPrompts": False,
    "browser.startup.page": 0,
    "browser.shell.checkDefaultBrowser": False,
    "browser.aboutwelcome.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    # everything but loopback goes to a port where nothing listens: the tests never reach the network
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": 9,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": 9,
    "network.proxy.no_proxies_on": "127.0.0.1,localhost",
}


class Extension:
    """The installed extension in Firefox: its pages as tabs, its storage and permissions, other tabs."""

    origin = ORIGIN

    def __init__(self, session: Session, firefox: Firefox, installed: dict):
        self.session = session
        self.firefox = firefox
        self.installed = installed  # what webExtension.install answered
        self.control = self.page("options.html")  # an extension page to reach chrome.* from

    def tabs(self) -> list[dict]:
        return self.session.send("browsingContext.getTree", {"maxDepth": 0})["contexts"]

    def open(self, url: str) -> Tab:
        """A new tab on `url`, loaded."""
        context = self.session.send("browsingContext.create", {"type": "tab"})["context"]
        return Tab(self.session, context).goto(url)

    def page(self, path: str) -> Tab:
        """One of the extension's pages (options.html, popup.html?...) as a tab."""
        return self.open(f"{ORIGIN}/{path}")

    def run(self, function: str, arg=None, **kw):
        """Run `function(arg)` in an extension page, where chrome.* and browser.* are."""
        return self.control.call(function, arg, **kw)

    def configure(self, **settings) -> None:
        self.run("s => chrome.storage.local.set(s)", settings)

    def pair(self, server) -> None:
        """What a successful pairing leaves in storage: the server's address and its token."""
        self.configure(server=server.base, token=server.token)

    def background(self, call: str, arg=None):
        """Call into the background page's test handle: `call` is an expression on `followup` and `arg`,
        e.g. "followup.checkReminders()"; awaited."""
        return self.run(f"async (arg) => {{ const {{followup}} = await browser.runtime.getBackgroundPage();"
                        f" return await {call}; }}", arg)

    def stored(self) -> dict:
        return self.run("() => chrome.storage.local.get(null)")

    def host_access(self, origins=tuple(HOSTS)) -> bool:
        return self.run("o => browser.permissions.contains({origins: o})", list(origins))

    def grant_hosts(self) -> None:
        """Give host access back as a user's click would (permissions.request runs only inside one)."""
        self.run("""o => { const b = document.createElement('button'); b.id = 'test-grant'; b.textContent = 'grant';
            b.addEventListener('click', () => browser.permissions.request({origins: o})); document.body.prepend(b); }""", HOSTS)
        self.control.click("#test-grant")
        self.control.wait("o => browser.permissions.contains({origins: o})", HOSTS, what="host access")

    def chrome_window(self) -> Tab:
        """The browser window itself (browser.xhtml), reachable because Firefox runs with system access."""
        [window] = self.session.send("browsingContext.getTree", {"moz:scope": "chrome", "maxDepth": 0})["contexts"]
        return Tab(self.session, window["context"])

    def click_action(self, tab: Tab, timeout: float = 10.0) -> Popup:
        """Click the toolbar icon on `tab`: Firefox's own triggerAction, which the click on the button calls
        (it grants activeTab and opens the popup panel). Returns the open popup."""
        self.session.send("browsingContext.activate", {"context": tab.context})
        self.chrome_window().call("""(id) => {
            const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
            const extension = ExtensionParent.GlobalManager.getExtension(id);
            ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(window);
        }""", ADDON_ID)
        popup = Popup(self)
        popup.wait("doc => doc.readyState === 'complete'", timeout=timeout, what="the toolbar popup")
        return popup

    def reset(self) -> None:
        """Forget what one test left: settings, badge, notifications, host access taken away, the popup, and
        tabs other than the control page."""
        for tab in self.tabs():
            if tab["context"] != self.control.context:
                Tab(self.session, tab["context"]).close()
        self.control.goto(f"{ORIGIN}/options.html")
        # an open popup would make the next toolbar click close it (the click toggles it)
        self.control.wait("() => { browser.extension.getViews({type: 'popup'}).forEach(v => v.close());"
                          " return browser.extension.getViews({type: 'popup'}).length === 0; }", what="the popup to close")
        self.run("""async () => {
            await chrome.storage.local.clear();
            await chrome.storage.session?.clear();
            await chrome.action.setBadgeText({text: ""});
            for (const id of Object.keys(await chrome.notifications.getAll())) await chrome.notifications.clear(id);
        }""")
        if not self.host_access():
            self.grant_hosts()


class Popup:
    """The toolbar popup Firefox opened: a panel BiDi does not list, so it is driven through its window,
    which the extension's own pages reach (browser.extension.getViews)."""

    def __init__(self, ext: Extension):
        self.ext = ext

    def call(self, function: str, arg=None):
        """Run `function(popupDocument, arg)` (JavaScript source; may be async); its JSON-able result."""
        return self.ext.run(f"""async (arg) => {{
            const [view] = browser.extension.getViews({{type: 'popup'}});
            if (!view) throw new Error('no popup is open');
            return ({function})(view.document, arg);
        }}""", arg)

    def wait(self, predicate: str, arg=None, timeout: float = 10.0, what: str = ""):
        return self.ext.control.wait(f"""async (arg) => {{
            const [view] = browser.extension.getViews({{type: 'popup'}});
            return view ? ({predicate})(view.document, arg) : null;
        }}""", arg, timeout, what=what or predicate)

    def text(self, selector: str) -> str:
        return self.call("(doc, s) => doc.querySelector(s)?.innerText ?? ''", selector)

    def texts(self, selector: str) -> list[str]:
        return self.call("(doc, s) => [...doc.querySelectorAll(s)].map(e => e.innerText)", selector)

    def click(self, selector: str) -> None:
        self.wait("(doc, s) => !!doc.querySelector(s)", selector, what=selector)
        self.call("(doc, s) => doc.querySelector(s).click()", selector)

    def screenshot(self, path: Path) -> Path:
        """A still of the popup: its DOM (scripts left out, field values kept) in a tab of the extension's
        origin, so its own style sheets apply; BiDi cannot capture the panel itself."""
        html = self.call("""doc => {
            const copy = doc.documentElement.cloneNode(true);
            copy.querySelectorAll('script, link[rel=modulepreload]').forEach(e => e.remove());
            const live = doc.querySelectorAll('input, textarea'), kept = copy.querySelectorAll('input, textarea');
            live.forEach((e, i) => { if (e.type === 'checkbox' || e.type === 'radio') { if (e.checked) kept[i].setAttribute('checked', ''); }
                else if (e.tagName === 'TEXTAREA') kept[i].textContent = e.value; else kept[i].setAttribute('value', e.value); });
            return '<!doctype html>' + copy.outerHTML;
        }""")
        still = self.ext.open(f"{ORIGIN}/options.html")  # at the root like popup.html: links resolve alike
        still.call("html => { document.open(); document.write(html); document.close(); }", html)
        try:
            return still.screenshot(path)
        finally:
            still.close()


@pytest.fixture(scope="session")
def firefox(tmp_path_factory):
    """Firefox with the unpacked extension installed (temporarily, as about:debugging does), once per run."""
    if not Path(FIREFOX).exists():
        pytest.fail(f"{FIREFOX} is missing: install Debian's Firefox ESR (apt-get install -y firefox-esr)")
    browser = Firefox(FIREFOX, tmp_path_factory.mktemp("firefox-profile"), PREFS)
    try:
        # no keepalive pings: their payload comes from the global `random`, which a ping thread would change
        # under any hypothesis test running meanwhile (a flaky "do not use random inside strategies")
        with websockets_client.connect(browser.url, max_size=None, open_timeout=10, ping_interval=None) as ws:
            session = Session(ws)
            session.send("session.new", {"capabilities": {}})
            installed = session.send("webExtension.install", {"extensionData": {"type": "path", "path": str(EXTENSION)}})
            assert installed == {"extension": ADDON_ID}
            first = session.send("browsingContext.getTree", {"maxDepth": 0})["contexts"]
            ext = Extension(session, browser, installed)
            for tab in first:  # the start-up tab
                Tab(session, tab["context"]).close()
            yield ext
            with contextlib.suppress(BiDiError, TimeoutError, ConnectionClosed):  # going away: stop() makes sure
                session.send("browser.close", timeout=10)
    finally:
        browser.stop()


@pytest.fixture
def fx(firefox, request):
    """The extension with nothing configured; whatever a test leaves is cleared after it. When a test fails,
    its tabs and popup are saved in tests/artifacts/failed-firefox-<test>-*.png."""
    firefox.reset()
    yield firefox
    if getattr(request.node, "failed_call", False):
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for i, tab in enumerate(firefox.tabs()):
            with contextlib.suppress(BiDiError):  # a tab that is going away: nothing to show
                Tab(firefox.session, tab["context"]).screenshot(ARTIFACTS / f"failed-firefox-{name}-{i}.png")
        if firefox.run("() => browser.extension.getViews({type: 'popup'}).length"):
            Popup(firefox).screenshot(ARTIFACTS / f"failed-firefox-{name}-popup.png")
    firefox.reset()


@pytest.fixture
def server(live_server, fx):
    """The real server on a free port, with the extension paired to it."""
    srv = live_server()
    fx.pair(srv)
    return srv


@pytest.fixture
def api(server):
    """Call the real server as a paired client would; assert success and return the JSON answer."""

    return lambda method, path, body=None: call_api(server, method, path, body)


@pytest.fixture
def shot():
    """Save a screenshot of a tab into tests/artifacts/ (gitignored) and return its path."""

    def take(tab, name: str) -> Path:
        return tab.screenshot(ARTIFACTS / f"{name}.png")

    return take


class Site:
    """A web site on a loopback port: `pages[path] = html`; records the paths it was asked for."""

    def __init__(self, pages: dict[str, str]):
        self.seen: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.seen.append(self.path)
                html = pages.get(self.path.split("?")[0])
                data = (html if html is not None else "<h1>Not Found</h1>").encode()
                self.send_response(200 if html is not None else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def site():
    """Start loopback web sites (see Site); all are stopped after the test."""
    started: list[Site] = []

    def start(pages: dict[str, str]) -> Site:
        started.append(Site(pages))
        return started[-1]

    yield start
    for s in started:
        s.close()
