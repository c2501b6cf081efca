"""A headless Chromium harness for the pages the project produces (dbt docs site, segment report).

Uses Debian's `chromium` and `chromium-driver` packages (`make browser-deps` installs them) through
Selenium, with the driver path given explicitly so Selenium Manager never downloads anything. Pages
are served by a local static HTTP server on 127.0.0.1 with a free port the OS picks.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1440,1000", "--hide-scrollbars",
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve `root` over HTTP on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def missing_browser() -> str | None:
    """Why the browser checks cannot run here, or None."""
    absent = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if absent:
        return (f"{' and '.join(absent)} not found: run `make browser-deps` "
                "(installs Debian's chromium and chromium-driver)")
    return None


class Browser:
    """One headless Chromium session with a fresh, empty profile; collects the console log."""

    def __init__(self):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self._profile = tempfile.mkdtemp(prefix="chromium-profile-")
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self._profile}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
        self.driver.set_page_load_timeout(60)
        self.console: list[dict] = []

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self._profile, ignore_errors=True)

    def open(self, url: str) -> None:
        self.driver.get(url)

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def wait_for(self, script: str, timeout: float = 30.0, what: str = "the page"):
        """Poll a JavaScript expression until it returns something truthy; returns that value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.js(f"return ({script});")
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}: {script}")
            time.sleep(0.25)

    def drain_console(self) -> list[dict]:
        """Console entries since the last call (also kept in self.console)."""
        entries = self.driver.get_log("browser")
        self.console.extend(entries)
        return entries

    def screenshot(self, path: Path, element=None) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        (element.screenshot if element is not None else self.driver.save_screenshot)(str(path))
        return path


def console_errors(entries: list[dict], is_known_network_failure: Callable[[dict], bool]) -> list[dict]:
    """The SEVERE console entries, minus network failures the caller explicitly lists as known."""
    return [entry for entry in entries
            if entry.get("level") == "SEVERE"
            and not (entry.get("source") == "network" and is_known_network_failure(entry))]
