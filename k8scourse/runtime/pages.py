r"""What the runtime's web-server programs serve: default pages, 404 bodies and Server headers.

The bodies are the images' real default documents (nginx's *Welcome to nginx!*, Apache's *It
works!*, the ACI quick-start page, hello-app's three lines, http-echo's ``-text``, agnhost's
``serve-hostname``/``netexec`` answers). Whoever delivers an HTTP request to a program — ``curl``
from outside Azure (:mod:`k8scourse.cloud.http`), ``docker run -p`` on localhost, or the cluster's
traffic model (:mod:`k8scourse.traffic`) — builds the answer from here, so one image answers the
same everywhere.

A web server with a document root serves files: :func:`image_files` are the files its image
ships (``/usr/share/nginx/html/index.html`` …) and seed each container's writable layer; a path
is looked up under the document root in the container's files (a volume mounted over the root
hides the image's page — the lecture's ``htdocs`` shared with a content manager); without
the container's files the default page is served.

>>> page("nginx").splitlines()[3]
'<title>Welcome to nginx!</title>'
>>> page("http-echo", argv=["/http-echo", "-text=blue", "-listen=:9376"])
'blue\n'
>>> page("agnhost", hostname="web-1", argv=["/agnhost", "serve-hostname"])
'web-1'
"""

from __future__ import annotations

ACI_HELLOWORLD = """<html>
<head>
  <title>Welcome to Azure Container Instances!</title>
</head>
<style>
h1 {
    color: darkblue;
    font-family:arial, sans-serif;
    font-weight: lighter;
}
</style>

<body>

<div align="center">
<h1>Welcome to Azure Container Instances!</h1>
</div>

</body>
</html>
"""

NGINX = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""

HTTPD = "<html><body><h1>It works!</h1></body></html>\n"

# program name (k8scourse.runtime.images) -> (document root file, default page, Server header)
SITES = {
    "aci-helloworld": ("/usr/src/app/index.html", ACI_HELLOWORLD, ""),
    "nginx": ("/usr/share/nginx/html/index.html", NGINX, "nginx/1.27.4"),
    "echoserver": ("/usr/share/nginx/html/index.html", NGINX, "nginx/1.10.0"),
    "httpd": ("/usr/local/apache2/htdocs/index.html", HTTPD, "Apache/2.4.63 (Unix)"),
    "hello-app": ("", "Hello, world!\nVersion: 1.0.0\nHostname: {hostname}\n", ""),
    "http-echo": ("", "hello-world\n", ""),
}


# Other files the images' working directories hold (what ``ls`` inside the container shows).
BASE_FILES = {
    "aci-helloworld": {"/usr/src/app/index.js": "// an Express app serving index.html on port 80\n",
                       "/usr/src/app/package.json": '{"name": "aci-helloworld", "main": "index.js"}\n'},
    "nginx": {"/usr/share/nginx/html/50x.html": "<h1>An error occurred.</h1>\n",
              "/etc/nginx/nginx.conf": "user  nginx;\nworker_processes  auto;\n"},
}


# Directories an image ships (empty), and files that are symlinks to the process's stdout/stderr in
# the official images (read as empty: ``/var/log/nginx/access.log -> /dev/stdout``).
BASE_DIRS = {"nginx": ("/var/log/nginx", "/var/cache/nginx"), "httpd": ("/usr/local/apache2/logs",)}
STDIO_LINKS = {"nginx": ("/var/log/nginx/access.log", "/var/log/nginx/error.log")}
_IMAGE_FILES: dict[str, dict] = {}


def image_files(program: str) -> dict:
    """The files an image of catalogue program ``program`` ships that the simulator knows (shared; do not modify).

    >>> sorted(image_files("nginx"))[:3]
    ['/etc/nginx/nginx.conf', '/usr/share/nginx/html/50x.html', '/usr/share/nginx/html/index.html']
    """
    if program not in _IMAGE_FILES:
        files = dict(BASE_FILES.get(program, {}))
        site = SITES.get(program)
        if site and site[0]:
            files[site[0]] = site[1]
        _IMAGE_FILES[program] = files
    return _IMAGE_FILES[program]


def doc_root(program: str) -> str:
    """The document root of a web server program ("" when it serves no files)."""
    site = SITES.get(program)
    return site[0].rsplit("/", 1)[0] if site and site[0] else ""


def doc_file(program: str, path: str) -> str:
    """The file a GET of ``path`` reads ("" when the program serves no files)."""
    root = doc_root(program)
    if not root:
        return ""
    path = "/" + path.split("?", 1)[0].lstrip("/")
    return root + path + ("index.html" if path.endswith("/") else "")


def page(program: str, files: dict | None = None, hostname: str = "localhost", argv: list | None = None,
         path: str = "/") -> str | None:
    """The page a web server image serves at ``path`` (the file under its document root if present)."""
    argv = list(argv or [])
    if program == "http-echo":
        for arg in argv[1:]:
            if arg.lstrip("-").startswith("text="):
                return arg.split("=", 1)[1] + "\n"
    if program == "agnhost":
        mode = argv[1] if len(argv) > 1 else "pause"
        if mode == "serve-hostname":
            return hostname
        if mode == "netexec":
            return hostname if path.startswith("/hostname") else "NOW: 2025-01-01 00:00:00.000000000 +0000 UTC"
        return "ok"
    site = SITES.get(program)
    if site is None:
        return None
    default = site[1]
    target = doc_file(program, path)
    if getattr(files, "rootfs", False) and target:
        if target in files:
            return files[target]
        return listing(target.rsplit("/", 1)[0], files, path) if program == "httpd" else None
    if files and target and target in files:
        return files[target]
    return default.replace("{hostname}", hostname)


def listing(directory: str, files: dict, path: str) -> str:
    """Apache's ``Options Indexes`` page for a directory without index.html."""
    prefix = directory.rstrip("/") + "/"
    names = sorted({f[len(prefix):].split("/", 1)[0] + ("/" if "/" in f[len(prefix):] else "")
                    for f in files if f.startswith(prefix)})
    shown = path.split("?", 1)[0] or "/"
    items = "".join(f'<li><a href="{n}"> {n}</a></li>\n' for n in names)
    return (f'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<html>\n <head>\n  <title>Index of {shown}'
            f'</title>\n </head>\n <body>\n<h1>Index of {shown}</h1>\n<ul>{items}</ul>\n</body></html>\n')


def forbidden(program: str) -> str:
    """The body of a 403 answer (nginx: a directory without index.html)."""
    return ("<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden"
            "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


def not_found(program: str, path: str, status: int = 404) -> str:
    """The body of a 404 answer (``status`` 403: nginx's Forbidden page)."""
    if status == 403 and program in ("nginx", "echoserver"):
        return forbidden(program)
    if program in ("nginx", "echoserver"):
        return ("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found"
                "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
    if program == "httpd":
        return ("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n"
                "</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n"
                "</body></html>\n")
    if program == "hello-app":
        return "404 page not found\n"
    return f"Cannot GET {path}\n"


def server_header(program: str) -> str:
    return SITES.get(program, ("", "", ""))[2]
