"""Headless Chromium driven over the DevTools protocol (no browser download, no extra package)."""

from __future__ import annotations

import asyncio
import itertools
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import websockets

from tests.conftest import free_port

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Page:
    """One tab: evaluate JavaScript and wait for conditions."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self._ids = itertools.count(1)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        call_id = next(self._ids)
        await self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(await self.ws.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(message["error"])
                result: dict[str, Any] = message["result"]
                return result

    async def eval(self, expression: str) -> Any:
        answer = await self.send(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in answer:
            raise RuntimeError(answer["exceptionDetails"])
        return answer["result"].get("value")

    async def goto(self, url: str) -> None:
        await self.send("Page.navigate", url=url)
        await self.wait("document.readyState === 'complete' && !!document.body")

    async def wait(self, condition: str, within: float = 60) -> Any:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            value = await self.eval(
                f"(() => {{ try {{ return {condition}; }} catch (e) {{ return false; }} }})()"
            )
            if value:
                return value
            await asyncio.sleep(0.1)
        raise TimeoutError(condition)

    async def fill(self, element_id: str, value: str) -> None:
        await self.eval(
            f"document.getElementById({json.dumps(element_id)}).value = {json.dumps(value)}"
        )

    async def click(self, element_id: str) -> None:
        await self.eval(f"document.getElementById({json.dumps(element_id)}).click()")

    async def upload(self, selector: str, path: str) -> None:
        """Choose a file in a file input, as a person would through the file dialog."""
        root = await self.send("DOM.getDocument")
        found = await self.send(
            "DOM.querySelector", nodeId=root["root"]["nodeId"], selector=selector
        )
        await self.send("DOM.setFileInputFiles", files=[path], nodeId=found["nodeId"])

    async def text(self, element_id: str) -> str:
        return str(
            await self.eval(f"document.getElementById({json.dumps(element_id)}).textContent")
        )


@asynccontextmanager
async def chromium_page() -> AsyncIterator[Page]:
    """A headless Chromium on a loopback debugging port, stopped by its PID at the end."""
    assert CHROMIUM, "chromium is not installed"
    port = free_port()
    # Chromium's helper processes may still write to the profile a moment after it exits
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        process = subprocess.Popen(  # noqa: ASYNC220 - started once per test
            [
                CHROMIUM,
                *FLAGS,
                f"--remote-debugging-port={port}",
                "--remote-debugging-address=127.0.0.1",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            targets: list[dict[str, Any]] = []
            deadline = time.monotonic() + 30
            while not targets:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as answer:  # noqa: ASYNC210
                        targets = [t for t in json.load(answer) if t.get("type") == "page"]
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(0.2)
            async with websockets.connect(targets[0]["webSocketDebuggerUrl"], max_size=None) as ws:
                page = Page(ws)
                await page.send("Page.enable")
                await page.send("Runtime.enable")
                yield page
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
