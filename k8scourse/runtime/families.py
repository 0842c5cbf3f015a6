"""Image families: what an image's container does, whatever tag or registry mirror it comes from.

Every tag of a repository behaves like its family (``nginx:1.25-alpine``, ``nginx:stable-perl`` and
``public.ecr.aws/nginx/nginx:mainline`` are all nginx): the family gives the image config a
container starts from (ENTRYPOINT, CMD, USER, ENV, exposed ports) and the behaviour in
:mod:`k8scourse.runtime.programs` that the command line selects. The configs are those of the
images' Dockerfiles in the ``docker-library`` repositories and the projects that publish them.

Sizes are the compressed (amd64) download of the default variant and of the variants a family
publishes (``alpine``, ``slim`` …), approximate: :func:`size_of` spreads them ±5 % per tag,
deterministically from the reference, so two tags of one family do not weigh the same.

Images outside any family behave as a **generic Linux image**: a command given in the pod runs in a
POSIX shell; without one the image's own process (unknown to the simulator) runs until stopped.

>>> family_of("docker.io/library/nginx").program, family_of("docker.io/library/alpine").cmd
('nginx', ('/bin/sh',))
>>> size_of("docker.io/library/nginx:1.25-alpine", family_of("docker.io/library/nginx"), "1.25-alpine") < 30_000_000
True
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

MB = 1_000_000
PATH = ("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")


@dataclass(frozen=True)
class Family:
    """The image config and behaviour shared by every tag of a repository."""
    program: str                       # behaviour name in k8scourse.runtime.programs
    entrypoint: tuple = ()             # ENTRYPOINT
    cmd: tuple = ()                    # CMD
    ports: tuple = ()                  # ports the default process listens on
    env: tuple = ()                    # ENV as (name, value)
    user: str = ""                     # USER ("" = root, as most official images)
    size: int = 50 * MB                # compressed size of the default variant
    variants: dict = field(default_factory=dict)   # variant word in the tag -> size of that variant
    extras: dict = field(default_factory=dict)     # add-on word in the tag (perl, otel) -> bytes added
    shell: bool = True                 # the image has /bin/sh (distroless/scratch images do not)
    userland: str = "debian"           # its base system: debian (dash, coreutils), busybox, alpine, bash
    tools: frozenset = frozenset()     # tools it adds (``name:gnu`` = present but not the modelled one)


# The tools of the buildpack-deps images the full language images are built on: curl, and GNU wget
# (not BusyBox's: present, but not the one the simulator models).
_BUILDPACK = frozenset({"curl", "wget:gnu", "git", "ps:procps"})
FAMILIES: dict[str, Family] = {
    # web servers
    "nginx": Family("nginx", ("/docker-entrypoint.sh",), ("nginx", "-g", "daemon off;"), (80,), (PATH,),
                    size=72 * MB, variants={"alpine": 20 * MB, "alpine-slim": 5 * MB},
                    extras={"perl": 28 * MB, "otel": 9 * MB}, tools=frozenset({"curl"})),
    "httpd": Family("httpd", (), ("httpd-foreground",), (80,), (PATH, ("HTTPD_PREFIX", "/usr/local/apache2")),
                    size=58 * MB, variants={"alpine": 22 * MB}),
    "hello-world": Family("hello-world", (), ("/hello",), size=2_500, shell=False),
    # databases and brokers
    "redis": Family("redis", ("docker-entrypoint.sh",), ("redis-server",), (6379,), (PATH,), size=45 * MB,
                    variants={"alpine": 17 * MB}),
    "mysql": Family("mysql", ("docker-entrypoint.sh",), ("mysqld",), (3306,), (PATH,), size=165 * MB,
                    variants={"oracle": 165 * MB, "debian": 160 * MB}),
    "mariadb": Family("mysql", ("docker-entrypoint.sh",), ("mariadbd",), (3306,), (PATH,), size=110 * MB),
    "postgres": Family("postgres", ("docker-entrypoint.sh",), ("postgres",), (5432,), (PATH,), size=152 * MB,
                       variants={"alpine": 105 * MB}),
    "mongo": Family("server", ("docker-entrypoint.sh",), ("mongod",), (27017,), (PATH,), size=276 * MB),
    "memcached": Family("server", ("docker-entrypoint.sh",), ("memcached",), (11211,), (PATH,), size=30 * MB,
                        variants={"alpine": 5 * MB}, user="memcache"),
    "rabbitmq": Family("server", ("docker-entrypoint.sh",), ("rabbitmq-server",), (5672,), (PATH,), size=93 * MB,
                       variants={"alpine": 75 * MB}),
    "wordpress": Family("httpd", ("docker-entrypoint.sh",), ("apache2-foreground",), (80,), (PATH,),
                        size=250 * MB),
    # base operating systems: CMD is a shell, which reads an empty stdin and exits 0
    "busybox": Family("shell", (), ("sh",), size=2_200_000, userland="busybox"),
    "alpine": Family("shell", (), ("/bin/sh",), size=3_600_000, userland="alpine"),
    "debian": Family("shell", (), ("bash",), size=48 * MB, variants={"slim": 28 * MB}),
    "ubuntu": Family("shell", (), ("/bin/bash",), size=29 * MB),
    "fedora": Family("shell", (), ("/bin/bash",), size=65 * MB, userland="bash"),
    "centos": Family("shell", (), ("/bin/bash",), size=75 * MB, userland="bash"),
    "rockylinux": Family("shell", (), ("/bin/bash",), size=70 * MB, userland="bash"),
    "almalinux": Family("shell", (), ("/bin/bash",), size=70 * MB, userland="bash"),
    "amazonlinux": Family("shell", (), ("/bin/bash",), size=62 * MB, userland="bash"),
    "oraclelinux": Family("shell", (), ("/bin/bash",), size=90 * MB, userland="bash"),
    "archlinux": Family("shell", (), ("/usr/bin/bash",), size=140 * MB, userland="bash"),
    "bash": Family("shell", ("docker-entrypoint.sh",), ("bash",), size=6_300_000),
    # languages: CMD is the interpreter's REPL (or a shell), which exits at once on an empty stdin
    "python": Family("python", (), ("python3",), env=(PATH, ("LANG", "C.UTF-8")), size=372 * MB,
                     variants={"slim": 45 * MB, "alpine": 18 * MB}, tools=_BUILDPACK),
    "node": Family("node", ("docker-entrypoint.sh",), ("node",), env=(PATH,), size=390 * MB,
                   variants={"slim": 70 * MB, "alpine": 50 * MB}, tools=_BUILDPACK),
    "perl": Family("perl", (), ("perl5", "-de0"), size=332 * MB, variants={"slim": 40 * MB}, tools=_BUILDPACK),
    "golang": Family("shell", (), ("bash",), env=(PATH,), size=280 * MB, variants={"alpine": 72 * MB},
                     tools=_BUILDPACK),
    "ruby": Family("shell", (), ("irb",), size=330 * MB, variants={"slim": 70 * MB, "alpine": 40 * MB},
                   tools=_BUILDPACK),
    "php": Family("shell", ("docker-php-entrypoint",), ("php", "-a"), size=180 * MB,
                  variants={"alpine": 35 * MB}),
    "openjdk": Family("shell", (), ("jshell",), size=200 * MB, variants={"slim": 130 * MB}),
    "eclipse-temurin": Family("shell", (), ("jshell",), size=160 * MB, variants={"alpine": 140 * MB}),
    "rust": Family("shell", (), ("bash",), size=520 * MB, variants={"slim": 290 * MB, "alpine": 280 * MB}),
    # test and sample images of the course and of the kubernetes.io examples
    "nginx-slim": Family("nginx", (), ("nginx", "-g", "daemon off;"), (80,), size=18 * MB),
    "echoserver": Family("echoserver", (), ("nginx", "-g", "daemon off;"), (8080,), size=46 * MB),
    "stress": Family("stress", (), ("stress", "--help"), size=4 * MB, userland="busybox"),
    "vish-stress": Family("vish-stress", ("/stress",), ("-logtostderr",), size=1_500_000, shell=False),
    "aci-helloworld": Family("aci-helloworld", (), ("node", "/usr/src/app/index.js"), (80,), size=27 * MB),
    "pause": Family("pause", ("/pause",), (), size=320_000, shell=False),
    "http-echo": Family("http-echo", ("/http-echo",), (), (5678,), size=2_700_000, shell=False),
    "hello-app": Family("hello-app", ("/hello-app",), (), (8080,), size=4_500_000, shell=False),
    "node-hello": Family("hello-app", (), ("node", "server.js"), (8080,), size=254 * MB),
    "agnhost": Family("agnhost", ("/agnhost",), ("pause",), size=56 * MB, userland="alpine",
                      tools=frozenset({"curl", "dig", "host", "nslookup:bind", "nc", "netcat-openbsd", "bash", "ip",
                                       "ss", "iperf"})),
    "hpa-example": Family("httpd", (), ("apache2-foreground",), (80,), size=176 * MB),
    "coredns": Family("coredns", ("/coredns",), (), (53, 8080, 8181, 9153), size=18 * MB, shell=False),
    "curl": Family("shell", ("/entrypoint.sh",), ("curl",), size=12 * MB, user="curl_user", userland="alpine",
                   tools=frozenset({"curl"})),
}
# The programs each family's images have on $PATH (by program name), besides their userland's tools.
BINARIES = {
    "nginx": {"nginx"}, "echoserver": {"nginx"}, "httpd": {"httpd-foreground", "apache2-foreground", "httpd"},
    "redis": {"redis-server", "redis-cli"}, "mysql": {"mysqld", "mariadbd", "mysql", "mysqladmin"},
    "postgres": {"postgres", "psql", "pg_isready"}, "python": {"python", "python3", "pip"},
    "perl": {"perl", "perl5"}, "node": {"node", "npm"}, "aci-helloworld": {"node"},
    "hello-app": {"hello-app", "node"}, "http-echo": {"http-echo"}, "agnhost": {"agnhost"}, "pause": {"pause"},
    "coredns": {"coredns"}, "hello-world": {"hello"}, "stress": {"stress"}, "vish-stress": {"stress"},
}
# Official images (docker.io/library/NAME) with no family of their own run as a long-lived daemon.
DAEMON = Family("daemon", size=80 * MB)
# Repositories outside any family: the generic Linux image (a BusyBox-like userland).
GENERIC = Family("generic", size=50 * MB, userland="busybox")

# Repositories outside docker.io/library whose family the course knows (the canonical name).
REPOSITORIES = {
    "registry.k8s.io/nginx-slim": "nginx-slim",
    "registry.k8s.io/nginx": "nginx-slim",
    "registry.k8s.io/busybox": "busybox",
    "registry.k8s.io/pause": "pause",
    "k8s.gcr.io/pause": "pause",
    "k8s.gcr.io/echoserver": "echoserver",
    "registry.k8s.io/echoserver": "echoserver",
    "registry.k8s.io/e2e-test-images/agnhost": "agnhost",
    "registry.k8s.io/hpa-example": "hpa-example",
    "registry.k8s.io/coredns/coredns": "coredns",
    "mcr.microsoft.com/oss/v2/kubernetes/coredns": "coredns",          # AKS's build of CoreDNS
    "docker.io/polinux/stress": "stress",
    "docker.io/vish/stress": "vish-stress",
    "docker.io/microsoft/aci-helloworld": "aci-helloworld",
    "mcr.microsoft.com/azuredocs/aci-helloworld": "aci-helloworld",
    "docker.io/hashicorp/http-echo": "http-echo",
    "gcr.io/google-samples/hello-app": "hello-app",
    "us-docker.pkg.dev/google-samples/containers/gke/hello-app": "hello-app",
    "gcr.io/google-samples/node-hello": "node-hello",
    "docker.io/curlimages/curl": "curl",
    # mirrors of official images under other names (same image, same tags)
    "public.ecr.aws/nginx/nginx": "nginx",
    "mcr.microsoft.com/oss/nginx/nginx": "nginx",
}
# Registry paths that serve Docker Hub's official images under another prefix: prefix -> what follows
# is an official name (public.ecr.aws/docker/library/busybox = busybox).
OFFICIAL_MIRRORS = ("public.ecr.aws/docker/library/",)
# USER of the images of a whole namespace (Bitnami's containers run as the non-root user 1001).
NAMESPACE_USERS = {"docker.io/bitnami/": "1001"}
# Mirrors whose tag set is Docker Hub's (the publisher pushes the same tags there).
MIRROR_OF = {"public.ecr.aws/nginx/nginx": "nginx"}


def family_of(repository: str, official: bool = False) -> Family:
    """The family of a canonical repository name (``docker.io/library/nginx``)."""
    if repository.startswith("docker.io/library/"):
        name = repository[len("docker.io/library/"):]
        return FAMILIES.get(name, DAEMON)
    for prefix in OFFICIAL_MIRRORS:
        if repository.startswith(prefix):
            return FAMILIES.get(repository[len(prefix):], DAEMON)
    key = REPOSITORIES.get(repository)
    if key is not None:
        return FAMILIES[key]
    if official:
        return DAEMON
    user = next((u for prefix, u in NAMESPACE_USERS.items() if repository.startswith(prefix)), "")
    return replace(GENERIC, user=user) if user else GENERIC


def variant_words(tag: str) -> list[str]:
    """The words after the version in a tag: ``1.25.3-alpine3.19-perl`` → ``['alpine', 'perl']``."""
    words = []
    for part in tag.split("-"):
        word = part.rstrip("0123456789.")
        if word and not part[:1].isdigit():
            words.append(word)
    return words


def size_of(reference: str, family: Family, tag: str) -> int:
    """Compressed size of the image (deterministic: the family's figure, spread ±5 % by the reference)."""
    words = variant_words(tag)
    base = family.size
    for i, word in enumerate(words):
        pair = "-".join(words[i:i + 2])
        if pair in family.variants:
            base = family.variants[pair]
            break
        if word in family.variants:
            base = family.variants[word]
            break
    base += sum(family.extras.get(w, 0) for w in words)
    spread = int(hashlib.sha256(reference.encode()).hexdigest()[:8], 16) % 1001 - 500    # -500 … 500
    return max(1000, base + base * spread // 10_000)


def userland_of(family: Family, tag: str) -> tuple[str, frozenset]:
    """(userland, extra tools) of one tag: ``-alpine`` variants are Alpine, ``-slim`` ones drop the extras."""
    words = variant_words(tag)
    if "alpine" in words and family.userland in ("debian", "bash"):
        return "alpine", family.tools - {"wget:gnu", "git", "ps:procps"}
    if "slim" in words:
        return family.userland, frozenset()
    return family.userland, family.tools
