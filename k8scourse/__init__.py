"""k8scourse — a simulated Kubernetes and Azure for the course "Cloud Platform Operations".

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=3, seed=0)
>>> c.kubectl("get nodes", echo=False).count("Ready")
3

The public names are loaded lazily so that ``import k8scourse`` stays cheap.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:                   # what the lazy names below resolve to, for type checkers
    from .cluster import Cluster
    from .errors import APIError

__version__ = "0.1.0"
__all__ = ["Cluster", "APIError", "__version__", "load_ipython_extension"]

# The front ends log the traceback of an internal error (their last-resort guards) to the
# ``k8scourse`` loggers; without a handler of its own the logging module would print it to stderr,
# that is into the student's notebook. Whoever wants the tracebacks configures logging.
logging.getLogger(__name__).addHandler(logging.NullHandler())

# In the browser (the JupyterLite site of `make lite`), numpy, pandas, the widgets' and the plots'
# packages are loaded from the site when first imported, not when the kernel starts (k8scourse.browser).
if sys.platform == "emscripten":
    from .browser import install as _install_site_finder
    _install_site_finder()


def load_ipython_extension(ip: Any) -> None:
    """``%load_ext k8scourse`` in a notebook: the ``%kubectl``/``%az``/``%%yaml`` magics.

    The widget layer is imported only here, when IPython loads the extension, so ``import k8scourse``
    stays light and engine modules that import the root package do not depend on the widget layer
    (hence ``importlib``: a run-time choice of the notebook, not a static dependency).
    """
    import importlib
    importlib.import_module(f"{__name__}.widgets").load_ipython_extension(ip)


def __getattr__(name: str) -> Any:
    if name == "Cluster":
        from .cluster import Cluster
        return Cluster
    if name == "APIError":
        from .errors import APIError
        return APIError
    raise AttributeError(f"module 'k8scourse' has no attribute {name!r}")
