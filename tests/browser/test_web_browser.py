"""`atb-tui web --demo` in a real browser: Debian's chromium driven by Playwright.

The server runs as a real subprocess in its own process group (each page load spawns an app
under it); the group is killed whatever happens. textual-serve draws the terminal on a canvas,
so the test reads xterm.js's own screen buffer: the page's script is fetched from our server as
usual and handed to the browser with one line added that exposes the terminal object.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest
from playwright.sync_api import Page, Route, sync_playwright

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),  # two chromiums at once on two cores only slow both down
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Debian's chromium is not installed (apt-get install chromium; .ci/run does it)",
    ),
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--use-gl=swiftshader",
    "--enable-unsafe-swiftshader",
    # This machine has no network: no background calls to Google's hosts.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_SECONDS = 60.0  # generous: under load the first start of the server and app is slow
SCREEN_MS = 60_000  # per screen; a loaded CI machine takes seconds, a broken page forever
EXPOSE_NEEDLE = "this.terminal.open(e),"  # textual-serve 1.1.3's bundle, pinned exactly
EXPOSE_TERMINAL = "this.terminal.open(e),window.__atbTerminal=this.terminal,"
SCREEN_TEXT_JS = """() => {
  const terminal = window.__atbTerminal;
  if (!terminal) return "";
  const buffer = terminal.buffer.active, lines = [];
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i).translateToString(true));
  return lines.join("\\n");
}"""


@dataclass
class WebServer:
    """A running `atb-tui web` and everything it printed so far."""

    process: subprocess.Popen[str]
    url: str
    output: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.url.split("?", 1)[0]


@pytest.fixture
def web_server() -> Iterator[WebServer]:
    process = subprocess.Popen(
        [sys.executable, "-m", "atb_tui", "web", "--demo", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: the apps it spawns die with it
    )
    lines: queue.Queue[str] = queue.Queue()
    output: list[str] = []
    assert process.stdout is not None
    threading.Thread(target=_drain, args=(process.stdout, lines, output), daemon=True).start()
    try:
        yield WebServer(process, _read_url(lines, output), output)
    finally:
        _kill_group(process)


def _drain(stream: IO[str], lines: queue.Queue[str], output: list[str]) -> None:
    # Read to the end, so a chatty child never blocks on a full pipe.
    for line in stream:
        output.append(line)
        lines.put(line)


def _read_url(lines: queue.Queue[str], output: list[str]) -> str:
    deadline = time.monotonic() + START_SECONDS
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if match := re.search(r"http://\S+", line):
            return match.group(0)
    pytest.fail(f"atb-tui web printed no link within {START_SECONDS} s: {''.join(output)!r}")


def _kill_group(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone: nothing to kill
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def _expose_terminal(route: Route) -> None:
    response = route.fetch()  # through our server, with the page's cookie
    script = response.text()
    assert script.count(EXPOSE_NEEDLE) == 1, "textual-serve's bundle changed: update the test"
    route.fulfill(response=response, body=script.replace(EXPOSE_NEEDLE, EXPOSE_TERMINAL))


def _wait_for_screen(page: Page, text: str) -> None:
    """Wait until the terminal shows `text` (xterm's buffer, what the canvas draws)."""
    condition = f"() => ({SCREEN_TEXT_JS})().includes({text!r})"
    try:
        page.wait_for_function(condition, timeout=SCREEN_MS)
    except Exception:
        shown = page.evaluate(SCREEN_TEXT_JS)
        pytest.fail(f"the page never showed {text!r}; it shows:\n{shown}")


def _group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes in the group, from /proc."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(stat.parent.name))
    return members


def _all_exit(pids: list[int], seconds: float) -> bool:
    """Wait for each process to end (a pidfd becomes readable when it does), within `seconds`."""
    deadline = time.monotonic() + seconds
    for pid in pids:
        try:
            handle = os.pidfd_open(pid)
        except ProcessLookupError:
            continue  # already gone
        try:
            ready, _, _ = select.select([handle], [], [], max(deadline - time.monotonic(), 0))
        finally:
            os.close(handle)
        if not ready:
            return False
    return True


def test_the_app_runs_in_chromium_behind_the_one_time_link(web_server: WebServer) -> None:
    assert web_server.url.startswith("http://127.0.0.1:")
    assert _status(web_server.base) == 403, "the page without the token must be refused"
    assert _status(web_server.base + "ws") == 403, "the websocket without the token too"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/static/js/textual.js", _expose_terminal)
            page.goto(web_server.url)
            assert "token=" not in page.url, "the token must leave the address bar"
            _wait_for_screen(page, "Sentiment Lab")  # the workspaces list
            _wait_for_screen(page, "Vision Team")
            page.focus(".xterm-helper-textarea")
            page.keyboard.press("Enter")  # open the first workspace
            _wait_for_screen(page, "Batches  (b)")
            page.keyboard.press("b")
            _wait_for_screen(page, "Toxicity screen")
            page.keyboard.press("Enter")  # open the first batch
            _wait_for_screen(page, "Batch · Toxicity screen")
            _wait_for_screen(page, "60 tasks · 6 task groups")
        finally:
            browser.close()
    assert _status(web_server.url) == 403, "a spent link must not let a second browser in"
    os.kill(web_server.process.pid, signal.SIGTERM)
    assert web_server.process.wait(timeout=30) == 0, "".join(web_server.output)
    assert _all_exit(_group_members(web_server.process.pid), 15), (
        "the app kept running after the server stopped"
    )
