"""Real-browser fixtures: Debian's Chromium with the unpacked extension, driven by Playwright, against the
real `followup serve` on a free loopback port. Saved pages are served at their real URLs by routing.

The toolbar click is the real one: CDP's Extensions.triggerAction (allowed by
--enable-unsafe-extension-debugging) opens the extension's popup on a tab and grants activeTab exactly as
a click on the toolbar icon does. Playwright's own connection does not see that popup, so a second
connection over the DevTools port finds it.
"""

from __future__ import annotations

import json
import os
import re
import socket
import time
from pathlib import Path

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
EXTENSION_ID = "iicepfaegbebhponfhfljfggefpeoflj"  # pinned by the manifest's key
CHROMIUM = os.environ.get("FOLLOWUP_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
PAGES = Path(__file__).resolve().parent / "pages"
SHARED_PAGES = ROOT.parent / "shared" / "pages"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def saved_page(name: str) -> str:
    """A test page: ours in tests/browser/pages, else the project's corpus of real saved pages."""
    for folder in (PAGES, ROOT / "tests" / "pages", SHARED_PAGES):
        matches = sorted(folder.rglob(name)) if folder.exists() else []
        if matches:
            return matches[0].read_text(encoding="utf-8")
    raise FileNotFoundError(name)


class Extension:
    """The loaded extension: its service worker, its pages, the toolbar click, and the sites it sees."""

    def __init__(self, playwright, context, worker, cdp, devtools):
        self.playwright = playwright
        self.context = context
        self.worker = worker
        self.cdp = cdp  # browser-level DevTools session (Playwright's pipe)
        self.devtools = devtools  # the DevTools port's address: other connections see the toolbar popup
        self.remotes = []
        self.popups = []
        self.origin = f"chrome-extension://{EXTENSION_ID}"

    def run(self, expression: str, arg=None):
        """Evaluate in the service worker (promises are awaited)."""
        return self.worker.evaluate(expression, arg)

    def configure(self, **settings) -> None:
        self.run("s => chrome.storage.local.set(s)", settings)

    def pair(self, server) -> None:
        """What a successful pairing leaves in storage: the server's address and its token."""
        self.configure(server=server.base, token=server.token)

    def page(self, path: str):
        """Open one of the extension's pages (options.html, popup.html?...) as a tab."""
        page = self.context.new_page()
        page.goto(f"{self.origin}/{path}")
        return page

    def offline(self) -> None:
        """Drop every route, then refuse the web (a page's images, fonts, trackers) except loopback;
        routes added later by site() take precedence."""
        self.context.unroute_all(behavior="ignoreErrors")
        self.context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])"), lambda route: route.abort())

    def site(self, url: str, html: str) -> None:
        """Serve `html` at `url` (and below it) without the network."""
        self.context.route(url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))

    def visit(self, url: str, html: str):
        self.site(url, html)
        page = self.context.new_page()
        page.goto(url)
        return page

    def click_action(self, page, timeout: float = 10.0):
        """Click the toolbar icon on `page`'s tab; return the popup (a Playwright page)."""
        page.bring_to_front()
        tabs = self.cdp.send("Target.getTargets", {"filter": [{"type": "tab"}]})["targetInfos"]
        tab = next(t for t in reversed(tabs) if t["url"] == page.url)
        self.cdp.send("Extensions.triggerAction", {"id": EXTENSION_ID, "targetId": tab["targetId"]})
        return self.wait_popup(page, timeout)

    def wait_popup(self, page, timeout: float = 10.0):
        """The extension's popup once it is open (however it was opened), as a Playwright page.

        A connection made over the DevTools port after it opened finds it: Playwright attaches to the pages
        that exist when it connects. That connection also points the browser's downloads at its own folder,
        which goes when it closes: tests that save downloads (marked `downloads`) run before any popup test."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            targets = self.cdp.send("Target.getTargets")["targetInfos"]
            if any(t["type"] == "page" and t["url"].startswith(f"{self.origin}/popup.html") for t in targets):
                break
            page.wait_for_timeout(20)
        remote = self.playwright.chromium.connect_over_cdp(self.devtools)
        self.remotes.append(remote)
        for context in remote.contexts:
            for p in context.pages:
                if p.url.startswith(f"{self.origin}/popup.html") and p not in self.popups:
                    self.popups.append(p)
                    p.wait_for_load_state()
                    return p
        raise AssertionError("the toolbar popup did not open")

    def reset(self) -> None:
        """Forget what one test left: settings, notified reminders, badge, notifications, routes, tabs."""
        self.run("""async () => {
            await chrome.storage.local.clear();
            await chrome.storage.session.clear();
            await chrome.action.setBadgeText({text: ""});
            for (const id of Object.keys(await chrome.notifications.getAll())) await chrome.notifications.clear(id);
        }""")
        self.offline()
        for p in self.popups:
            if not p.is_closed():
                p.close()
        for remote in self.remotes:
            remote.close()
        self.popups.clear()
        self.remotes.clear()
        pages = self.context.pages
        for p in pages[1:]:
            p.close()


def pytest_collection_modifyitems(items):
    """Tests that save downloads first (a stable sort: the rest keep their order); see Extension.wait_popup."""
    items.sort(key=lambda item: item.get_closest_marker("downloads") is None)


@pytest.fixture(scope="session")
def extension(tmp_path_factory):
    """Chromium with the unpacked extension loaded, once for the whole run."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    port = free_port()
    with playwright_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            viewport={"width": 1000, "height": 800},
            args=[
                f"--disable-extensions-except={EXTENSION}",
                f"--load-extension={EXTENSION}",
                "--enable-unsafe-extension-debugging",
                f"--remote-debugging-port={port}",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        )
        try:
            workers = [w for w in context.service_workers if w.url.startswith("chrome-extension://")]
            worker = workers[0] if workers else context.wait_for_event("serviceworker", timeout=10000)
            assert worker.url.split("/")[2] == EXTENSION_ID, "the manifest key no longer pins the extension id"
            context.grant_permissions(["clipboard-read", "clipboard-write"])
            ext = Extension(p, context, worker, context.browser.new_browser_cdp_session(), f"http://127.0.0.1:{port}")
            yield ext
        finally:
            context.close()


@pytest.fixture
def ext(extension, request):
    """The extension with nothing configured; whatever a test leaves is cleared after it. When a test
    fails, what its popups and tabs showed is saved in tests/artifacts/failed-<test>-*.png."""
    extension.reset()
    yield extension
    if getattr(request.node, "failed_call", False):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for i, page in enumerate([*extension.popups, *extension.context.pages[1:]]):
            if not page.is_closed():
                try:
                    page.screenshot(path=str(ARTIFACTS / f"failed-{name}-{i}.png"), full_page=True)
                except Exception:  # a page that is going away: nothing to show
                    pass
    extension.reset()


@pytest.fixture
def server(live_server, ext):
    """The real server on a free port, with the extension paired to it."""
    srv = live_server()
    ext.pair(srv)
    return srv


@pytest.fixture
def page_text():
    """Read a saved test page by file name (see saved_page)."""
    return saved_page


@pytest.fixture
def unused_port() -> int:
    """A loopback port nothing listens on."""
    return free_port()


@pytest.fixture
def shot():
    """Save a screenshot of a page into tests/artifacts/ (gitignored) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, **kw) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), **kw)
        return path

    return take


@pytest.fixture
def api(server):
    """Call the real server as a paired client would; assert success and return the JSON answer."""

    def call(method: str, path: str, body=None):
        status, data = server.request(method, f"/api/v1{path}", body=body)
        assert status < 400, f"{method} {path} -> {status}: {json.dumps(data)[:500]}"
        return data

    return call


class Impostor:
    """Another program on a loopback port: answers with `answers[path] = (status, content type, body)`
    and records every request it gets (method, path, body) so a test can see what the extension sent."""

    def __init__(self, answers: dict, port: int = 0):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.seen: list[tuple[str, str, bytes]] = []
        self.authorizations: list[str] = []  # every Authorization header it was sent
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                outer.seen.append((self.command, self.path, self.rfile.read(length) if length else b""))
                if self.headers.get("Authorization"):
                    outer.authorizations.append(self.headers["Authorization"])
                status, ctype, body = answers.get(self.path.split("?")[0], (404, "text/html", "<h1>Not Found</h1>"))
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_OPTIONS = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.seen]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def impostor():
    """Start programs that squat a port (a free one, or `port`; see Impostor); all are stopped after the test."""
    started: list[Impostor] = []

    def start(answers: dict, port: int = 0) -> Impostor:
        started.append(Impostor(answers, port))
        return started[-1]

    yield start
    for imp in started:
        imp.close()


SQUATTER = {  # answers like followup, but cannot know the token: its proof is wrong
    "/api/v1/health": (200, "application/json", {"ok": True, "app": "followup", "version": "9.9"}),
    "/api/v1/hello": (200, "application/json", {"app": "followup", "proof": "0" * 64}),
    "/api/v1/capture": (200, "application/json", {"page": {"kind": "generic", "url": ""}, "candidates": []}),
    "/api/v1/reminders": (200, "application/json", {"reminders": []}),
}


@pytest.fixture
def squatter(impostor):
    """A program on a free port that pretends to be followup without knowing the token."""
    return impostor(SQUATTER)


@pytest.fixture
def squatter_on(impostor):
    """Start the same pretender on a given port (one the real server just left)."""
    return lambda port: impostor(SQUATTER, port)
