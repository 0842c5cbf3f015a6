"""Plots for the course, with matplotlib: usage over time, rollout progress, density and cost.

Every function takes a pandas DataFrame (so students can build or filter one themselves), returns a
:class:`matplotlib.figure.Figure` of a **fixed size** (strict nbval compares the figure's text,
``<Figure size 800x400 with 1 Axes>``), and never touches pyplot's global state — a returned figure
is shown once, as the cell's value.

* :func:`usage_over_time` — the long-format frame of ``cluster.usage(...)`` /
  ``Accounting.history(...)`` (columns ``time``, ``node``/``namespace``/``name``, ``cpu_m``,
  ``memory_bytes``), one line per node, pod or namespace;
* :func:`rollout_progress` — a frame with ``time`` and any of ``desired``, ``updated``, ``ready``,
  ``available``, ``old`` (replica counts sampled during ``kubectl rollout``);
* :func:`density_and_cost` — containers vs VMs: machines needed and monthly cost as the number of
  workloads grows; :func:`density_table` computes such a frame from a workload and a VM size.

>>> import pandas as pd
>>> df = pd.DataFrame({"time": [0, 10, 20] * 2, "node": ["a"] * 3 + ["b"] * 3,
...                    "name": ["a"] * 3 + ["b"] * 3, "cpu_m": [1, 5, 3, 2, 2, 8], "memory_bytes": [2**20] * 6})
>>> usage_over_time(df, by="node")
<Figure size 800x400 with 1 Axes>
>>> density_and_cost(density_table(range(1, 41, 5)))
<Figure size 1000x400 with 2 Axes>

**Hangul.** Labels follow the catalogue's language, so in Korean they are Hangul, which matplotlib's
own DejaVu Sans lacks. Importing this module registers NanumGothic (SIL Open Font License 1.1),
shipped by the ``koreanize-matplotlib`` wheel of the ``course`` extra, and adds it to
``font.family`` *after* the default family: Latin text looks as before, and each glyph DejaVu Sans
lacks falls back to NanumGothic (matplotlib's per-glyph font fallback). Only the font files are
used; that package's own import, which would switch every text to NanumGothic, is not run.

>>> KOREAN_FONT in matplotlib.rcParams["font.family"]
True
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..i18n import MESSAGES, t

USAGE_SIZE = (8, 4)
ROLLOUT_SIZE = (8, 4)
DENSITY_SIZE = (10, 4)
HOURS_PER_MONTH = 730
KOREAN_FONT = "NanumGothic"          # the family name inside koreanize-matplotlib's NanumGothic*.ttf
KOREAN_FONT_PACKAGE = "koreanize_matplotlib"


def register_korean_font() -> str | None:
    """Register NanumGothic with matplotlib and add it to ``font.family`` as the Hangul fallback.

    Returns the family name, or ``None`` when the font package is not installed (then Hangul
    shows as empty boxes with "Glyph missing" warnings, as before). Safe to call twice.
    """
    spec = importlib.util.find_spec(KOREAN_FONT_PACKAGE)    # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    fonts = sorted((Path(next(iter(spec.submodule_search_locations))) / "fonts").glob(f"{KOREAN_FONT}*.ttf"))
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in fonts:
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))
    if not fonts:
        return None
    family = list(matplotlib.rcParams["font.family"])
    if KOREAN_FONT not in family:
        matplotlib.rcParams["font.family"] = family + [KOREAN_FONT]
    return KOREAN_FONT


def new_figure(size: tuple[float, float], ncols: int = 1):
    """A figure of exactly ``size`` inches at 100 dpi with an Agg canvas, and its axes."""
    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols)
    return fig, axes


def figure_png(fig) -> bytes:
    """The PNG bytes of a figure (for ``ipywidgets.Image``)."""
    import io
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _no_data(ax) -> None:
    ax.text(0.5, 0.5, t("plot.no_data"), ha="center", va="center", transform=ax.transAxes)


def usage_over_time(frame, by: str = "node", metric: str = "cpu", figsize=USAGE_SIZE):
    """CPU (millicores) or memory (MiB) over simulated time, one line per ``by`` value.

    ``by``: ``node``, ``pod`` (``namespace/name``), ``namespace`` (summed) or any column name.
    """
    fig, ax = new_figure(figsize)
    column = "cpu_m" if metric == "cpu" else "memory_bytes"
    if frame is None or len(frame) == 0:
        _no_data(ax)
        return fig
    data = frame.copy()
    if by == "pod":
        data["_key"] = data["namespace"].astype(str) + "/" + data["name"].astype(str)
    elif by == "namespace":
        data["_key"] = data["namespace"].astype(str)
    else:
        data["_key"] = data[by].astype(str)
    series = data.groupby(["_key", "time"], sort=True)[column].sum()
    scale = 1 if metric == "cpu" else 1 / 1048576
    for key in sorted(series.index.get_level_values(0).unique()):
        part = series.loc[key]
        ax.plot(list(part.index), [v * scale for v in part.values], label=key, drawstyle="steps-post")
    ax.set_xlabel(t("plot.time_s"))
    ax.set_ylabel(t("plot.cpu_m") if metric == "cpu" else t("plot.memory_mib"))
    ax.set_title(t("plot.usage_title", by=t(f"plot.by.{by}") if f"plot.by.{by}" in MESSAGES else by))
    if series.index.get_level_values(0).nunique() <= 12:
        ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def rollout_progress(frame, figsize=ROLLOUT_SIZE):
    """Replica counts over time during a rollout (columns ``time`` + desired/updated/ready/...)."""
    fig, ax = new_figure(figsize)
    columns = [c for c in ("desired", "updated", "ready", "available", "old") if frame is not None and c in frame]
    if frame is None or len(frame) == 0 or not columns:
        _no_data(ax)
        return fig
    for c in columns:
        ax.plot(list(frame["time"]), list(frame[c]), label=t(f"plot.rollout.{c}"), drawstyle="steps-post",
                linestyle="--" if c in ("desired", "old") else "-")
    ax.set_xlabel(t("plot.time_s"))
    ax.set_ylabel(t("plot.replicas"))
    ax.set_title(t("plot.rollout_title"))
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    return fig


def density_table(workloads=range(1, 51), cpu_m: int = 250, memory_mib: int = 256,
                  vm_vcpus: int = 2, vm_memory_gib: float = 7, vm_hourly: float = 0.146,
                  reserved_fraction: float = 0.15, pods_per_node: int = 110):
    """Containers vs VMs for ``workloads`` copies of one small service.

    VMs: one workload per VM (the pre-container habit). Containers: workloads packed onto nodes of
    the same size by their requests, after ``reserved_fraction`` of each node goes to the system.
    """
    import pandas as pd
    usable_cpu = vm_vcpus * 1000 * (1 - reserved_fraction)
    usable_mem = vm_memory_gib * 1024 * (1 - reserved_fraction)
    per_node = max(1, min(int(usable_cpu // cpu_m), int(usable_mem // memory_mib), pods_per_node))
    rows = []
    for n in workloads:
        nodes = math.ceil(n / per_node)
        rows.append({"workloads": n, "vms_needed": n, "nodes_needed": nodes,
                     "vm_cost": round(n * vm_hourly * HOURS_PER_MONTH, 2),
                     "container_cost": round(nodes * vm_hourly * HOURS_PER_MONTH, 2)})
    return pd.DataFrame(rows)


def density_and_cost(frame, figsize=DENSITY_SIZE):
    """Machines needed and monthly cost vs number of workloads, VMs against containers."""
    fig, (left, right) = new_figure(figsize, ncols=2)
    if frame is None or len(frame) == 0:
        _no_data(left)
        _no_data(right)
        return fig
    x = list(frame["workloads"])
    left.plot(x, list(frame["vms_needed"]), label=t("plot.vms"), marker="o", markersize=3)
    left.plot(x, list(frame["nodes_needed"]), label=t("plot.containers"), marker="o", markersize=3,
              drawstyle="steps-post")
    left.set_xlabel(t("plot.workloads"))
    left.set_ylabel(t("plot.machines"))
    left.legend(fontsize=8)
    if "vm_cost" in frame and "container_cost" in frame:
        right.plot(x, list(frame["vm_cost"]), label=t("plot.vms"))
        right.plot(x, list(frame["container_cost"]), label=t("plot.containers"), drawstyle="steps-post")
        right.legend(fontsize=8)
    else:
        _no_data(right)
    right.set_xlabel(t("plot.workloads"))
    right.set_ylabel(t("plot.cost"))
    fig.suptitle(t("plot.density_title"))
    fig.tight_layout()
    return fig


def register_png_formatter(ip=None) -> None:
    """Let IPython show a returned Figure as a PNG (what matplotlib-inline does for pyplot)."""
    if ip is None:
        try:
            from IPython import get_ipython
        except ImportError:     # pragma: no cover
            return
        ip = get_ipython()
    if ip is None:
        return
    formatter = ip.display_formatter.formatters["image/png"]
    formatter.for_type(Figure, figure_png)


register_korean_font()
register_png_formatter()
