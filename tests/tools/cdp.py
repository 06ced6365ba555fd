"""A small Chrome DevTools Protocol client over aiohttp: headless Chromium as a colleague's browser.

Enough for the web board's tests: open a page, read what the page received on its websockets
(the board's terminal output), press keys, take a screenshot.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
_ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-B]|[=>78DEHM])")


def chromium_path() -> str | None:
    return next((path for path in map(shutil.which, CANDIDATES) if path), None)


class Browser:
    """One headless Chromium with remote debugging on a free port; `page()` is its first tab."""

    def __init__(self, port: int):
        self.port = port
        self.profile = tempfile.mkdtemp(prefix="tracker-chromium-")
        self.process = subprocess.Popen(
            [chromium_path() or "chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--disable-dev-shm-usage", f"--remote-debugging-port={port}",
             f"--user-data-dir={self.profile}", "--window-size=1280,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def page_socket(self, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=1) as answer:
                    pages = [t for t in json.load(answer) if t.get("type") == "page"]
                if pages:
                    return pages[0]["webSocketDebuggerUrl"]
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("Chromium did not start its DevTools endpoint")

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """A DevTools session on one tab."""

    def __init__(self, socket):
        self.socket = socket
        self.counter = 0
        self.waiting: dict[int, asyncio.Future] = {}
        self.frames: list[bytes] = []          # what the page's websockets received
        self.reader = asyncio.get_event_loop().create_task(self._read())

    @classmethod
    async def open(cls, session, url: str) -> "Page":
        return cls(await session.ws_connect(url, max_msg_size=0))

    async def _read(self) -> None:
        async for message in self.socket:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self.waiting:
                self.waiting.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.webSocketFrameReceived":
                frame = data["params"]["response"]
                payload = frame["payloadData"]
                self.frames.append(base64.b64decode(payload) if frame.get("opcode") == 2 else payload.encode())

    async def call(self, method: str, **params) -> dict:
        self.counter += 1
        future = asyncio.get_event_loop().create_future()
        self.waiting[self.counter] = future
        await self.socket.send_json({"id": self.counter, "method": method, "params": params})
        answer = await asyncio.wait_for(future, 30)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def received_text(self) -> str:
        """What the page's websockets brought, terminal escapes removed (a word the terminal draws
        in pieces, e.g. around combining marks, reads whole again)."""
        return _ESCAPES.sub("", b"".join(self.frames).decode("utf-8", "replace"))

    async def wait_for_text(self, *words: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.received_text()
            if all(word in text for word in words):
                return text
            await asyncio.sleep(0.2)
        raise AssertionError(f"the page never showed {words}; it received {len(self.frames)} frames")

    async def focus_terminal(self) -> None:
        """Click into the terminal, as a person does before typing (xterm's input textarea takes keys)."""
        await self.call("Runtime.evaluate", expression="document.querySelector('.xterm-helper-textarea').focus()")

    async def press(self, key: str) -> None:
        """One printable key, as a person types it in the terminal."""
        await self.call("Input.dispatchKeyEvent", type="keyDown", key=key, text=key)
        await self.call("Input.dispatchKeyEvent", type="keyUp", key=key)

    async def screenshot(self, path: Path) -> None:
        shot = await self.call("Page.captureScreenshot", format="png")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))

    async def close(self) -> None:
        self.reader.cancel()
        await self.socket.close()
