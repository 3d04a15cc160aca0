"""One interop-matrix cell driven by the real Python MCP client (`mcp` 2.3.0, pinned by
scripts/ensure-interop-venv.mjs), run by test/interop/matrix.test.ts.

It follows the same procedure as the TypeScript cells (test/interop/cell-procedure.ts) and prints
what it observed as one JSON line on stdout; the TypeScript test judges it. It judges nothing
itself, so one procedure and one set of assertions cover every client.

    python_client.py '<config json>'

config: {"transport": "stdio"|"http", "mode": "auto"|"legacy"|"2026-07-28", "url": ...,
         "command": ..., "args": [...], "env": {...}, "calls": CELL_CALLS (the same calls the
         TypeScript cells make), "witness": origin, "slowTool": name, "slowMs": N}
"""

from __future__ import annotations

import json
import sys
import time
import traceback
import urllib.request
from typing import Any

import anyio
from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters


def describe(error: BaseException) -> str:
    """A one-line account of an exception, unwrapping exception groups (anyio task groups raise them)."""
    if isinstance(error, BaseExceptionGroup):
        return "; ".join(describe(inner) for inner in error.exceptions)
    return f"{type(error).__name__}: {error}"


def tool_result(result: Any) -> dict[str, Any]:
    texts = [block.text for block in result.content if getattr(block, "type", None) == "text"]
    return {"ok": True, "isError": bool(result.is_error), "text": "\n".join(texts)}


async def call(client: Client, spec: dict[str, Any]) -> dict[str, Any]:
    try:
        return tool_result(await client.call_tool(spec["name"], spec["arguments"]))
    except Exception as error:  # a JSON-RPC error is an observation, not a crash
        return {"ok": False, "error": describe(error)}


def witness_record(origin: str, ms: int) -> dict[str, bool]:
    with urllib.request.urlopen(f"{origin}/__witness/slow?ms={ms}", timeout=5) as answer:
        return json.loads(answer.read())


async def wait_until_arrived(origin: str, ms: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if (await anyio.to_thread.run_sync(witness_record, origin, ms))["arrived"]:
            return True
        await anyio.sleep(0.05)
    return False


async def cancellation(client: Client, config: dict[str, Any]) -> dict[str, Any]:
    """Start the slow call, cancel it once the upstream has it, then check the client still works."""
    ms = config["slowMs"]
    ended: dict[str, Any] = {"callEnded": "pending"}
    started = time.monotonic()

    async def slow_call(scope: anyio.CancelScope) -> None:
        with scope:
            try:
                result = await client.call_tool(config["slowTool"], {"ms": ms})
                ended.update(callEnded="result", detail=tool_result(result)["text"][:200])
            except Exception as error:
                ended.update(callEnded="error", detail=describe(error))
        if scope.cancelled_caught:
            ended.update(callEnded="cancelled", detail="cancel scope cancelled")
        ended["msToEnd"] = round((time.monotonic() - started) * 1000)

    scope = anyio.CancelScope()
    async with anyio.create_task_group() as group:
        group.start_soon(slow_call, scope)
        arrived = await wait_until_arrived(config["witness"], ms, 15)
        # Cancelling the caller's scope is how a Python client gives a request up: the SDK sends
        # notifications/cancelled (2025 era, and stdio) or closes the request's stream (2026 HTTP).
        scope.cancel()
    afterwards = await call(client, config["calls"]["afterCancel"])
    return {"arrived": arrived, **ended, "afterwards": afterwards}


async def run(config: dict[str, Any]) -> dict[str, Any]:
    if config["transport"] == "http":
        server: Any = config["url"]
    else:
        server = StdioServerParameters(command=config["command"], args=config["args"], env=config["env"])
    report: dict[str, Any] = {"connected": {"ok": False}}
    try:
        async with Client(server, mode=config["mode"]) as client:
            if config["mode"] not in ("auto", "legacy"):
                # A pinned mode adopts its version without asking the server (see Client.mode), so
                # the version the client reports proves nothing about the server: ask it, on the
                # wire (session.discover() would answer from the adopted result).
                try:
                    raw = await client.session.send_discover(config["mode"])
                    offered = raw.get("supportedVersions", [])
                except Exception as error:
                    report["connected"] = {"ok": False, "error": f"server/discover: {describe(error)}"}
                    return report
                if config["mode"] not in offered:
                    report["connected"] = {"ok": False, "error": f"server/discover offers {offered}, not {config['mode']}"}
                    return report
            report["connected"] = {"ok": True, "protocolVersion": client.protocol_version}
            pages, names, cursor = 0, [], None
            try:
                while True:
                    page = await client.list_tools(cursor=cursor)
                    pages += 1
                    names += [tool.name for tool in page.tools]
                    cursor = page.next_cursor
                    if cursor is None or pages >= 100:
                        break
                report["list"] = {"pages": pages, "names": names}
            except Exception as error:
                report["list"] = {"pages": pages, "names": names, "error": describe(error)}
            for step in ("call", "argumentError", "upstreamError"):
                report[step] = await call(client, config["calls"][step])
            report["cancellation"] = await cancellation(client, config)
    except BaseException as error:  # noqa: BLE001 — a failed connect or teardown is reported, not raised
        report.setdefault("failure", describe(error))
        if not report["connected"]["ok"]:
            report["connected"] = {"ok": False, "error": describe(error)}
        traceback.print_exc(file=sys.stderr)
    return report


def main() -> None:
    config = json.loads(sys.argv[1])
    report = anyio.run(run, config)
    sys.stdout.write(json.dumps(report) + "\n")


if __name__ == "__main__":
    main()
