"""The HTTP(S) listener of a served cluster: aiohttp on loopback, in a thread of its own.

kube-apiserver speaks HTTP/2 and HTTP/1.1; without ALPN ``h2`` Go clients (kubectl, client-go)
fall back to HTTP/1.1, which is all this server offers: chunked responses carry watch streams and
followed logs, and the ``Upgrade: websocket`` handshake carries ``exec``/``attach``
(:mod:`k8scourse.serve.streams`). The event loop runs in a daemon thread, so a notebook kernel
stays responsive while kubectl talks to its cluster.

The engine is single-threaded: every call into it (:class:`~k8scourse.serve.rest.RestAPI`) runs on
one worker thread while holding the engine's lock (``engine.lock``, which the notebook's handle and
the live clock take too), so requests never interleave with anything else. Watch events are produced on whichever thread writes and are handed
to the loop with ``call_soon_threadsafe``.

Only loopback addresses are ever bound, and a connection from any other peer is refused.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import ipaddress
import json
import threading
import time

from aiohttp import web

from .. import defaults
from ..apiserver.impersonation import impersonate
from ..errors import APIError, SimulationError
from ..i18n import t
from .auth import Authenticator
from .reply import encode
from .rest import Reply, RestAPI, StreamRequest, WatchRequest, status_reply
from .watch import WatchSession

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


def check_loopback(host: str) -> None:
    """Refuse to bind anything but a loopback address."""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SimulationError(t("sim.loopback_only", host=repr(host)))


def _dumps(body) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


class HTTPServer:
    """One served engine: ``start()`` listens, ``stop()`` closes every connection."""

    def __init__(self, engine, *, host: str = "127.0.0.1", port: int = 0, ssl_context=None,
                 authenticator: Authenticator | None = None, lock=None):
        check_loopback(host)
        self.engine = engine
        self.rest = RestAPI(engine)
        self.host, self.port = host, port
        self.ssl_context = ssl_context
        self.auth = authenticator or Authenticator(engine, token=None)
        self.lock = lock if lock is not None else engine.lock
        self._worker = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="k8scourse-api")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._closing = False

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "HTTPServer":
        self._thread = threading.Thread(target=self._run, name="k8scourse-serve", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=30)
        if self._error is not None:
            raise SimulationError(t("sim.cannot_listen", host=self.host, port=self.port, error=self._error))
        return self

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._listen())
        except BaseException as exc:        # noqa: BLE001 - reported to the starting thread
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        loop.run_forever()
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()

    async def _listen(self) -> None:
        app = web.Application(client_max_size=defaults.MAX_REQUEST_BODY_BYTES, handler_args={"max_field_size": 65536})
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, ssl_context=self.ssl_context)
        await site.start()
        sockets = site._server.sockets if site._server else []      # the bound port when 0 was asked
        if sockets:
            self.port = sockets[0].getsockname()[1]

    def stop(self) -> None:
        if self._loop is None or self._closing:
            return
        self._closing = True            # streams end at their next tick

        async def shutdown():
            await self._runner.cleanup()        # closes the listener and every connection
            asyncio.get_running_loop().stop()
        asyncio.run_coroutine_threadsafe(shutdown(), self._loop)
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._worker.shutdown(wait=False)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._closing

    # ------------------------------------------------------------------ engine calls
    def _locked(self, fn, *args):
        with self.lock:
            return fn(*args)

    async def call(self, fn, *args):
        """Run ``fn(*args)`` on the engine's worker thread, holding the engine's lock."""
        return await asyncio.get_running_loop().run_in_executor(self._worker, self._locked, fn, *args)

    # ------------------------------------------------------------------ requests
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        peer = request.transport.get_extra_info("peername") if request.transport else None
        if not peer or not ipaddress.ip_address(peer[0].split("%")[0]).is_loopback:
            raise web.HTTPForbidden()
        ssl_object = request.transport.get_extra_info("ssl_object") if request.transport else None
        client_cert = (ssl_object.getpeercert(binary_form=True) or b"") if ssl_object is not None else b""
        user = await self.call(self.auth.authenticate, request.headers.get("Authorization", ""), client_cert)
        if user is None and not self.auth.public(request.path):
            return self._reply(Reply(401, APIError("Unauthorized", 401, "Unauthorized").status()))
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:       # past the API server's limit: its own 413 Status
            from ..apiserver.limits import too_large
            return self._reply(Reply(413, too_large().status()))
        query: dict = {}
        for key in request.query:
            values = request.query.getall(key)
            query[key] = values if len(values) > 1 else values[0]
        # the User-Agent names a write's field manager when the request gives no fieldManager
        headers = {"Accept": request.headers.get("Accept", ""),
                   "Content-Type": request.headers.get("Content-Type", ""),
                   "User-Agent": request.headers.get("User-Agent", "")}
        try:
            if user is not None:
                user = await self.call(self._impersonated, user, request.headers)
            name = user.name if user is not None else "system:anonymous"
            result = await self.call(self.rest.handle, request.method, request.path, query, headers, body, name, user)
        except APIError as exc:
            name, result = "system:anonymous", status_reply(exc)
        except Exception as exc:                 # noqa: BLE001 - a client gets a Status, never a traceback
            name, result = "system:anonymous", status_reply(APIError.internal(f"{type(exc).__name__}: {exc}"))
        if isinstance(result, WatchRequest):
            return await self._watch(request, result)
        if isinstance(result, StreamRequest):
            from .streams import serve_stream
            return await serve_stream(self, request, result, name)
        return self._reply(result)

    def _impersonated(self, user, headers):
        """The user a request acts as: ``kubectl --as/--as-group/--as-uid`` send ``Impersonate-*`` headers."""
        extra = {key[len("Impersonate-Extra-"):].lower(): headers.getall(key)
                 for key in headers if key.lower().startswith("impersonate-extra-")}
        return impersonate(self.engine.api.authorizer, user, headers.get("Impersonate-User", ""),
                           headers.getall("Impersonate-Group", []), headers.get("Impersonate-Uid", ""), extra)

    @staticmethod
    def _reply(reply: Reply) -> web.Response:
        headers = {"Cache-Control": "no-cache, private", **reply.headers}
        if isinstance(reply.body, (bytes, bytearray)):
            data = bytes(reply.body)
        elif isinstance(reply.body, str):
            data = reply.body.encode()
        else:
            data = encode(reply.body)
        headers["Content-Type"] = reply.content_type
        return web.Response(status=reply.status, body=data, headers=headers)

    async def _watch(self, request: web.Request, req: WatchRequest) -> web.StreamResponse:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        session = WatchSession(self.engine.api, req)

        def deliver(event: dict) -> None:
            loop.call_soon_threadsafe(queue.put_nowait, event)

        try:
            initial = await self.call(session.start, deliver)
        except APIError as exc:
            return self._reply(status_reply(exc))
        ctype = "application/json;as=Table;v=v1;g=meta.k8s.io" if req.table else "application/json"
        resp = web.StreamResponse(status=200, headers={"Content-Type": ctype, "Cache-Control": "no-cache, private"})
        resp.enable_chunked_encoding()
        try:
            await resp.prepare(request)
            for event in initial:
                await resp.write(self._event_bytes(session, event))
            if req.send_initial and req.bookmarks:
                mark = session.bookmark()
                mark["object"]["metadata"]["annotations"] = {"k8s.io/initial-events-end": "true"}
                await resp.write(_dumps(mark) + b"\n")
            deadline = time.monotonic() + (req.timeout_s or defaults.WATCH_TIMEOUT_SECONDS)
            last_sent = time.monotonic()
            while not self._closing:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    event = await asyncio.wait_for(queue.get(), timeout=min(remaining, 1.0))
                except asyncio.TimeoutError:
                    if request.transport is None or request.transport.is_closing():
                        break
                    if req.bookmarks and time.monotonic() - last_sent >= defaults.WATCH_BOOKMARK_SECONDS:
                        await resp.write(_dumps(session.bookmark()) + b"\n")
                        last_sent = time.monotonic()
                    continue
                await resp.write(self._event_bytes(session, event))
                last_sent = time.monotonic()
            await resp.write_eof()
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            try:
                await self.call(session.stop)
            except (RuntimeError, asyncio.CancelledError):        # the server is shutting down
                with self.lock:
                    session.stop()
        return resp

    def _event_bytes(self, session: WatchSession, event: dict) -> bytes:
        return _dumps(session.encode(event, self.engine.sim.clock.unix_ms())) + b"\n"
