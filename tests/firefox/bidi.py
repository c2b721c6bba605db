"""A small WebDriver BiDi client for stock Firefox: start it headless on a fresh profile, install the unpacked
extension, and drive tabs (navigate, run a function, wait, click, fill, screenshot) over one websocket.

Playwright 1.65 cannot drive Debian's Firefox ESR over BiDi (it calls emulation.setMediaFeaturesOverride,
which ESR 153 does not have) and there is no geckodriver: docs/firefox-testing.md has the recipe.
"""

from __future__ import annotations

import base64
import json
import queue
import re
import subprocess
import threading
import time
from pathlib import Path

LISTENING = re.compile(r"WebDriver BiDi listening on (ws://\S+)")


class BiDiError(Exception):
    """A command the browser answered with an error, or a script that threw."""


class Firefox:
    """Headless Firefox on `profile` with its WebDriver BiDi endpoint; `prefs` go into the profile's user.js."""

    def __init__(self, executable: str, profile: Path, prefs: dict, timeout: float = 30.0):
        profile.mkdir(parents=True, exist_ok=True)
        lines = [f"user_pref({json.dumps(k)}, {json.dumps(v)});" for k, v in prefs.items()]
        (profile / "user.js").write_text("\n".join(lines) + "\n", encoding="utf-8")
        # --remote-allow-system-access: without it BiDi refuses to navigate a tab to moz-extension:// pages
        self.proc = subprocess.Popen(
            [executable, "-headless", "-no-remote", "-profile", str(profile),
             "--remote-debugging-port=0", "--remote-allow-system-access"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        self.log: list[str] = []  # what Firefox printed on stderr, kept for failure messages
        found: queue.Queue[str] = queue.Queue()
        self.drain = threading.Thread(target=self._drain, args=(found,), daemon=True)
        self.drain.start()
        try:
            self.url = found.get(timeout=timeout) + "/session"
        except queue.Empty:
            self.stop()
            raise RuntimeError("Firefox did not open its WebDriver BiDi port:\n" + "".join(self.log[-30:])) from None

    def _drain(self, found: queue.Queue) -> None:
        for line in self.proc.stderr:  # keep reading so the pipe never fills and blocks Firefox
            self.log.append(line)
            m = LISTENING.search(line)
            if m:
                found.put(m.group(1))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.drain.join(timeout=5)  # it ends at the pipe's end of file
        self.proc.stderr.close()


class Session:
    """One BiDi session over a websocket: commands are answered by id; events are kept in `events`."""

    def __init__(self, websocket):
        self.ws = websocket
        self.last_id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, timeout: float = 30.0) -> dict:
        self.last_id += 1
        ident = self.last_id
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params or {}}))
        deadline = time.monotonic() + timeout
        while True:
            message = json.loads(self.ws.recv(timeout=max(0.01, deadline - time.monotonic())))
            if message.get("id") == ident:
                if message.get("type") == "error":
                    raise BiDiError(f"{method}: {message.get('error')}: {message.get('message')}")
                return message["result"]
            self.events.append(message)


class Tab:
    """A top-level browsing context (a tab) and what a test does in it."""

    def __init__(self, session: Session, context: str):
        self.session = session
        self.context = context

    def goto(self, url: str) -> Tab:
        self.session.send("browsingContext.navigate", {"context": self.context, "url": url, "wait": "complete"})
        return self

    @property
    def url(self) -> str:
        return self.call("() => location.href")

    def call(self, function: str, arg=None, *, gesture: bool = False):
        """Run `function(arg)` (JavaScript source; may be async) in the page; its JSON-able result.
        `gesture`: as if the user had just clicked (what permissions.request and the clipboard need)."""
        wrapper = (f"async function (arg) {{ const value = await ({function})(JSON.parse(arg));"
                   " return JSON.stringify(value === undefined ? null : value); }")
        result = self.session.send("script.callFunction", {
            "functionDeclaration": wrapper,
            "arguments": [{"type": "string", "value": json.dumps(arg)}],
            "target": {"context": self.context},
            "awaitPromise": True,
            "userActivation": gesture,
        })
        if result["type"] == "exception":
            raise BiDiError(f"{function[:80]}: {result['exceptionDetails']['text']}")
        return json.loads(result["result"]["value"])

    def wait(self, predicate: str, arg=None, timeout: float = 10.0, what: str = ""):
        """Poll `predicate(arg)` until it returns something truthy; return that (a DOM node comes back as {}:
        return a boolean or a string instead)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.call(predicate, arg)
            except BiDiError:  # the page is still loading or navigating
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or predicate} on {self.url}")
            time.sleep(0.05)

    def wait_for(self, selector: str, timeout: float = 10.0) -> None:
        self.wait("s => !!document.querySelector(s)", selector, timeout, what=selector)

    def text(self, selector: str) -> str:
        """The visible text of the first element matching `selector` ("" if there is none)."""
        return self.call("s => document.querySelector(s)?.innerText ?? ''", selector)

    def texts(self, selector: str) -> list[str]:
        return self.call("s => [...document.querySelectorAll(s)].map(e => e.innerText)", selector)

    def attr(self, selector: str, name: str):
        return self.call("([s, n]) => document.querySelector(s)?.getAttribute(n) ?? null", [selector, name])

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the first element matching `selector` (a user gesture: what
        permissions.request needs; script's userActivation is not enough for that in Firefox)."""
        self.wait_for(selector)
        self.call("s => document.querySelector(s).scrollIntoView({block: 'center'})", selector)
        [node] = self.session.send("browsingContext.locateNodes", {
            "context": self.context, "locator": {"type": "css", "value": selector}, "maxNodeCount": 1})["nodes"]
        element = {"type": "element", "element": {"sharedId": node["sharedId"]}}
        self.session.send("input.performActions", {"context": self.context, "actions": [{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "x": 0, "y": 0, "origin": element},
                        {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}],
        }]})

    def fill(self, selector: str, value: str) -> None:
        """Set a field as typing would: the value, then input and change events."""
        self.wait_for(selector)
        self.call("""([s, v]) => { const e = document.querySelector(s); e.focus(); e.value = v;
            e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); }""",
                  [selector, value])

    def screenshot(self, path: Path) -> Path:
        """The whole document as a PNG."""
        data = self.session.send("browsingContext.captureScreenshot", {"context": self.context, "origin": "document"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self.session.send("browsingContext.close", {"context": self.context})

