"""The Docker engine (daemon) on the student's machine: local images, containers, registry logins.

Models the parts of Docker the lecture's ACR workflow uses — build an image, tag it with the
registry's login server, ``az acr login``, push, and run it elsewhere:

* the image store holds tagged images (``docker images``); a tag is a name for an image ID, and
  several tags may name one image;
* registry credentials live where Docker keeps them, ``~/.docker/config.json`` (in ``az.files``):
  ``az acr login`` and ``docker login`` write the registry's entry there, ``docker push`` and
  ``docker pull`` of ``*.azurecr.io`` images need it (otherwise ``unauthorized: authentication
  required, visit https://aka.ms/acr/authorization for more information.``);
* containers started by ``docker run`` run their image's program (the same programs pods and ACI
  containers run: :mod:`k8scourse.runtime.launch`) on the subscription's simulated clock;
  ``-p 8080:80`` publishes a port on ``localhost`` that ``curl localhost:8080`` reaches.

:class:`~k8scourse.cloud.docker.cli.Docker` is the command-line front end
(``Docker(az)("build -t app:v1 .")``); the sub-commands live in :mod:`k8scourse.cloud.docker.commands`.

Deliberate differences: one engine per :class:`~k8scourse.azure.Azure` (the student's
laptop); ``docker images`` shows compressed sizes (real Docker shows the larger unpacked size);
pull/push progress shows each layer's final state only; ACR tokens never expire (real ones last 3
hours).

>>> human_duration(59_000), human_duration(61_000), human_duration(3 * 86_400_000)
('59 seconds', 'About a minute', '3 days')
"""

from __future__ import annotations

import hashlib
import json
import weakref
from dataclasses import dataclass, field

from ...api.duration import docker_human_duration as human_duration
from ...runtime.images import normalize
from ..files import read_text, write_text
from ..layers import StoredImage

CONFIG_PATH = ".docker/config.json"
_ENGINES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# Upload bandwidth for pushes (the download side is the runtime's IMAGE_PULL_BYTES_PER_S).
PUSH_BYTES_PER_S = 5_000_000

_ADJECTIVES = ("admiring", "brave", "clever", "dreamy", "eager", "focused", "gallant", "happy", "jolly",
               "keen", "loving", "modest", "nifty", "quirky", "serene", "trusting", "vibrant", "wizardly")
_NAMES = ("babbage", "curie", "darwin", "einstein", "feynman", "goldberg", "hopper", "kepler", "lovelace",
          "meitner", "noether", "pasteur", "ritchie", "shannon", "tesla", "turing", "wozniak", "yonath")


def tabulate(rows: list[list[str]]) -> str:
    """Docker's tabwriter layout: min width 10, padding 3, last column unpadded."""
    if not rows:
        return ""
    widths = [max(10, max(len(r[i]) for r in rows) + 3) for i in range(len(rows[0]))]
    return "".join("".join(c.ljust(w) for c, w in zip(r[:-1], widths)) + r[-1] + "\n" for r in rows)


@dataclass
class LocalContainer:
    id: str
    name: str
    image: str                    # as typed
    command: str
    program: object
    created_ms: int
    ports: list = field(default_factory=list)      # [(host port, container port)]
    files: dict = field(default_factory=dict)      # the image's files (pages a web server serves)
    removed: bool = False


class DockerEngine:
    """What ``dockerd`` holds for one student."""

    def __init__(self, az):
        self.az = az
        self.images: dict[str, StoredImage] = {}      # normalised reference -> image
        self.containers: list[LocalContainer] = []
        self.cache: dict = {}

    @property
    def now_ms(self) -> int:
        return self.az.sim.now_ms

    # ------------------------------------------------------------------ images
    def find(self, ref: str) -> StoredImage | None:
        """A local image by name[:tag] or by (a prefix of) its ID."""
        img = self.images.get(normalize(ref)) if ref else None
        if img is None and ref and all(c in "0123456789abcdef" for c in ref.removeprefix("sha256:")):
            short = ref.removeprefix("sha256:")
            img = next((i for i in self.images.values() if i.image_id[7:].startswith(short)), None)
        return img

    def store(self, ref: str, image: StoredImage) -> StoredImage:
        named = image.renamed(ref)
        self.images[named.info.reference] = named
        return named

    # ------------------------------------------------------------------ credentials
    def config(self) -> dict:
        text = read_text(self.az, "~/" + CONFIG_PATH)
        try:
            return json.loads(text) if text else {"auths": {}}
        except json.JSONDecodeError:
            return {"auths": {}}

    def logged_in(self, server: str) -> bool:
        return server.lower() in {k.lower() for k in self.config().get("auths", {})}

    def login(self, server: str, identity_token: bool = True) -> None:
        cfg = self.config()
        token = hashlib.sha256(f"{server}:{self.now_ms}".encode()).hexdigest()[:32]
        entry = {"auth": "MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwOg==", "identitytoken": token} \
            if identity_token else {"auth": token}
        cfg.setdefault("auths", {})[server.lower()] = entry
        write_text(self.az, "~/" + CONFIG_PATH, json.dumps(cfg, indent=1, sort_keys=True) + "\n")

    def logout(self, server: str) -> bool:
        cfg = self.config()
        removed = cfg.get("auths", {}).pop(server.lower(), None) is not None
        write_text(self.az, "~/" + CONFIG_PATH, json.dumps(cfg, indent=1, sort_keys=True) + "\n")
        return removed

    # ------------------------------------------------------------------ containers
    def new_name(self) -> str:
        n = len(self.containers)
        h = int(hashlib.sha256(f"name{n}{self.az.sim.seed}".encode()).hexdigest(), 16)
        name = f"{_ADJECTIVES[h % len(_ADJECTIVES)]}_{_NAMES[(h // 97) % len(_NAMES)]}"
        return name if all(c.name != name for c in self.containers) else f"{name}{n}"

    def container(self, key: str) -> LocalContainer | None:
        for c in self.containers:
            if not c.removed and (c.name == key or (len(key) >= 3 and c.id.startswith(key))):
                return c
        return None

    def running(self, c: LocalContainer) -> bool:
        p = c.program
        p.run_until(self.now_ms)
        return p.exit_ms is None or p.exit_ms > self.now_ms


class DockerError(Exception):
    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def _opts(args, valued=(), flags=(), stop_at_positional=False):
    """(options {name: [values]}, positionals) — ``-t x``, ``--tag=x``, ``-dp 80:80`` unbundled."""
    opts: dict = {}
    pos: list = []
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if pos and stop_at_positional:
            pos.append(a)
            continue
        if a.startswith("--") and "=" in a:
            name, value = a.split("=", 1)
            opts.setdefault(name, []).append(value)
        elif a in valued:
            if i >= len(args):
                raise DockerError(f"flag needs an argument: '{a.lstrip('-')}' in {a}")
            opts.setdefault(a, []).append(args[i])
            i += 1
        elif a in flags:
            opts.setdefault(a, []).append(True)
        elif a.startswith("-") and not a.startswith("--") and len(a) > 2 and all(f"-{c}" in flags + valued for c in a[1:]):
            for c in a[1:-1]:
                opts.setdefault(f"-{c}", []).append(True)
            args = args[:i] + [f"-{a[-1]}"] + args[i:]
        elif a.startswith("-") and a != "-":
            raise DockerError(f"unknown flag: {a}\nSee 'docker --help'.", 125)
        else:
            pos.append(a)
    return opts, pos


def _first(opts, *names, default=None):
    for n in names:
        if opts.get(n):
            return opts[n][-1]
    return default


def engine(az) -> DockerEngine:
    """The Docker engine of this subscription's student machine (created on first use)."""
    eng = _ENGINES.get(az)
    if eng is None:
        eng = _ENGINES[az] = DockerEngine(az)
    return eng


def _localhost_resolver(az, host: str, port: int, path: str):
    """``curl localhost:8080`` reaches a ``docker run -p 8080:80`` container."""
    if host not in ("localhost", "127.0.0.1"):
        return None
    from ..http import Answer, page, server_header
    eng = _ENGINES.get(az)
    for c in (eng.containers if eng else []):
        for hp, cp in c.ports:
            if hp == port and not c.removed and eng.running(c):
                status = c.program.http_get(cp, path if path != "HEAD" else "/", eng.now_ms, client="172.17.0.1")
                if not isinstance(status, int):
                    return Answer("refused")
                body = page(c.program.name, c.files, c.id[:12]) or ""
                return Answer("response", status, body if status == 200 else "",
                              [("Server", server_header(c.program.name))] if server_header(c.program.name) else [])
    return Answer("refused")


def _register() -> None:
    from ..http import register_resolver
    register_resolver(_localhost_resolver)


_register()
