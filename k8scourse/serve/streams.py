"""Streaming pod subresources: ``pods/log?follow=true``, ``pods/exec`` and ``pods/attach``.

* **log follow** (``kubectl logs -f``): the log so far (with ``tailLines``, ``sinceSeconds``,
  ``timestamps``), then every new line as simulated time passes — however it passes: the notebook's
  ``cluster.run(…)`` or a live clock. The stream ends when the container stops running or the pod
  goes, as the kubelet's does.
* **exec / attach** over the WebSocket remote-command protocol kubectl 1.30+ speaks
  (``v5.channel.k8s.io``, ``v4.channel.k8s.io`` still accepted): every binary message starts with its
  channel — 0 stdin, 1 stdout, 2 stderr, 3 the final ``Status`` (``Success``, or ``Failure`` with
  reason ``NonZeroExitCode`` and the exit code as a cause, from which kubectl prints ``command
  terminated with exit code N``), 4 terminal resize; v5 adds 255, with which the *client* says it
  closed stdin (the server ends its streams by closing the connection after the Status). The
  command runs in the container (``pods/exec`` through the API server to the kubelet, :mod:`k8scourse.traffic.container_exec`, the runtime's
  shell subset and the traffic model's network tools); a ``sleep`` in it lets simulated time pass.
* **portforward**: the traffic model carries requests, not byte streams, so port forwarding is
  refused with ``400`` and a message that says so.

Deliberate differences: exec is not interactive (stdin is read and ignored; a shell without a
command returns at once), as in the in-kernel kubectl; ``attach`` shows the container's output so
far and returns.
"""

from __future__ import annotations

import asyncio
import json

from aiohttp import WSMsgType, web

from .. import defaults
from ..api.objects import dig
from ..errors import APIError
from ..traffic.container_exec import NeverEnds
from .rest import _TRUE, Reply, StreamRequest, status_reply

PROTOCOLS = ("v5.channel.k8s.io", "v4.channel.k8s.io")
STDOUT, STDERR, ERROR = 1, 2, 3


def _flag(query: dict, key: str) -> bool:
    value = query.get(key, "")
    value = value[0] if isinstance(value, list) else value
    return value in _TRUE


def _param(query: dict, key: str) -> str:
    value = query.get(key, "")
    return value[0] if isinstance(value, list) else value


async def serve_stream(server, request: web.Request, req: StreamRequest, user: str) -> web.StreamResponse:
    if req.kind == "log":
        return await _follow_log(server, request, req)
    if req.kind == "portforward":
        return server._reply(status_reply(APIError.bad_request(
            "port forwarding is not modelled by the simulator: its traffic model carries requests, not byte "
            "streams (use kubectl exec … -- curl, or a Service)")))
    return await _remote_command(server, request, req)


# --------------------------------------------------------------------------- logs -f
async def _follow_log(server, request: web.Request, req: StreamRequest) -> web.StreamResponse:
    api = server.engine.api
    q = req.query
    container = _param(q, "container") or None
    timestamps = _flag(q, "timestamps")

    def tail_lines():
        text = _param(q, "tailLines")
        return int(text) if text.lstrip("-").isdigit() else None

    def first_read():
        since = _param(q, "sinceSeconds")
        shown = api.pod_log(req.namespace, req.name, container, timestamps=timestamps, tail_lines=tail_lines(),
                            since_seconds=int(since) if since.isdigit() else None)
        whole = api.pod_log(req.namespace, req.name, container, timestamps=timestamps)
        return shown, len(whole)

    def later_read(sent: int):
        pod = api.peek("pods", req.name, req.namespace)
        if pod is None:
            return "", sent, True
        try:
            whole = api.pod_log(req.namespace, req.name, container, timestamps=timestamps)
        except APIError:
            return "", sent, True
        name = container or dig(pod, "spec", "containers", default=[{}])[0].get("name")
        state = next((s.get("state") or {} for s in dig(pod, "status", "containerStatuses", default=[]) or []
                      if s.get("name") == name), {})
        return whole[sent:], max(sent, len(whole)), "running" not in state

    try:
        text, sent = await server.call(first_read)
    except APIError as exc:
        return server._reply(status_reply(exc))
    resp = web.StreamResponse(status=200, headers={"Content-Type": "text/plain", "Cache-Control": "no-cache, private"})
    resp.enable_chunked_encoding()
    try:
        await resp.prepare(request)
        if text:
            await resp.write(text.encode())
        while not server._closing:
            await asyncio.sleep(defaults.LOG_FOLLOW_POLL_SECONDS)
            if request.transport is None or request.transport.is_closing():
                break
            more, sent, done = await server.call(later_read, sent)
            if more:
                await resp.write(more.encode())
            if done:
                break
        await resp.write_eof()
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    return resp


# --------------------------------------------------------------------------- exec / attach
async def _remote_command(server, request: web.Request, req: StreamRequest) -> web.StreamResponse:
    engine = server.engine
    q = req.query
    argv = q.get("command", [])
    argv = [argv] if isinstance(argv, str) else list(argv)

    def prepare():
        pod = engine.api.get("pods", req.name, req.namespace)
        phase = dig(pod, "status", "phase", default="Pending")
        if phase in ("Succeeded", "Failed"):
            raise APIError.bad_request(f"cannot exec into a container in a completed pod; current phase is {phase}")
        if not dig(pod, "spec", "nodeName"):
            raise APIError.bad_request(f"pod {req.name} does not have a host assigned")
        specs = dig(pod, "spec", "containers", default=[])
        container = _param(q, "container") or specs[0]["name"]
        known = [c["name"] for c in specs] + [c["name"] for c in dig(pod, "spec", "initContainers", default=[]) or []]
        if container not in known:
            raise APIError.bad_request(f"container {container} is not valid for pod {req.name}")
        if req.kind == "exec" and argv:
            # the kubelet refuses the upgrade when the container is not running: a session without a command
            engine.api.pod_exec(req.namespace, req.name, container, [], lambda stream, text: None)
        return container

    try:
        container = await server.call(prepare)
    except APIError as exc:
        # answered before any upgrade: kubectl then retries over SPDY and gets the same answer
        return server._reply(status_reply(exc))
    offered = [p.strip() for p in request.headers.get("Sec-WebSocket-Protocol", "").split(",") if p.strip()]
    protocol = next((p for p in PROTOCOLS if p in offered), None)
    if request.headers.get("Upgrade", "").lower() != "websocket" or protocol is None:
        return server._reply(Reply(400, APIError.bad_request(
            "upgrade request required: this server speaks the WebSocket remote-command protocols "
            + ", ".join(PROTOCOLS)).status()))
    ws = web.WebSocketResponse(protocols=(protocol,), autoping=True, max_msg_size=defaults.SERVE_MAX_BODY_BYTES)
    await ws.prepare(request)
    # client-go starts reading the connection before it has set up its stream readers, and drops what
    # arrives first ("Unknown stream id 1, discarding message"); a real server's output comes after a
    # round trip to the kubelet, so wait as long before the first byte
    await asyncio.sleep(defaults.EXEC_FIRST_OUTPUT_DELAY_SECONDS)
    chunks: list[tuple[int, bytes]] = []

    def emit(stream: str, text: str) -> None:
        if text:
            chunks.append((STDOUT if stream == "out" else STDERR, text.encode()))

    def run():
        if req.kind == "attach":
            text = engine.api.pod_log(req.namespace, req.name, container)
            emit("out", text)
            return 0
        if not argv:
            return 0
        try:
            return engine.api.pod_exec(req.namespace, req.name, container, argv, emit)
        except NeverEnds:
            emit("err", "the command never ends (the simulator cannot follow it: time only moves when asked)\n")
            return 1

    try:
        status = await server.call(run)
        for channel, data in chunks:
            if channel == STDOUT and not _flag(q, "stdout"):
                continue
            if channel == STDERR and not (_flag(q, "stderr") or _flag(q, "tty")):
                continue
            await ws.send_bytes(bytes([channel]) + data)
        if status:
            result = {"metadata": {}, "status": "Failure",
                      "message": f"command terminated with non-zero exit code: error executing command "
                                 f"[{' '.join(argv)}], exit code {status}",
                      "reason": "NonZeroExitCode",
                      "details": {"causes": [{"reason": "ExitCode", "message": str(status)}]}}
        else:
            result = {"metadata": {}, "status": "Success"}
        await ws.send_bytes(bytes([ERROR]) + json.dumps(result).encode())
        await ws.close()
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    # drain whatever the client still sends (stdin) until it goes
    while not ws.closed:
        msg = await ws.receive(timeout=1)
        if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.ERROR):
            break
    return ws
