"""Plots render Hangul: the plotting module registers a Korean font and no glyph goes missing."""

from __future__ import annotations

import io
import warnings

import matplotlib
import pytest
from matplotlib import font_manager

from k8scourse.i18n import set_language
from k8scourse.widgets import plots


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def render(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def test_the_korean_font_is_registered_at_import():
    assert plots.KOREAN_FONT in matplotlib.rcParams["font.family"]
    path = font_manager.findfont(font_manager.FontProperties(family=plots.KOREAN_FONT), fallback_to_default=False)
    assert path.endswith("NanumGothic.ttf") and "koreanize_matplotlib" in path
    assert plots.register_korean_font() == plots.KOREAN_FONT                       # a second call is harmless
    assert list(matplotlib.rcParams["font.family"]).count(plots.KOREAN_FONT) == 1


def test_korean_plots_render_without_missing_glyphs():
    import pandas as pd
    set_language("ko")
    frames = [
        plots.density_and_cost(plots.density_table(range(1, 41, 5))),
        plots.rollout_progress(pd.DataFrame({"time": [0, 5, 10], "desired": [3, 3, 3], "updated": [1, 2, 3],
                                             "ready": [0, 1, 3], "available": [0, 1, 3], "old": [3, 2, 0]})),
        plots.usage_over_time(pd.DataFrame({"time": [0, 10], "node": ["a", "a"], "namespace": ["d", "d"],
                                            "name": ["p", "p"], "cpu_m": [1, 5], "memory_bytes": [1, 2]}), by="node"),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # "Glyph 54028 (\\N{HANGUL SYLLABLE PA}) missing from font(s) …" fails
        for fig in frames:
            assert render(fig).startswith(b"\x89PNG")
    assert frames[0].texts[0].get_text() == "컨테이너 vs VM: 밀도와 비용"
    assert frames[1].axes[0].get_title() == "롤아웃 진행"


def test_without_the_fallback_hangul_would_be_missing():
    """The check above can fail: with the default family alone, the same Hangul title warns."""
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plots.new_figure((3, 2))
        ax.set_title("파드와 노드")
        with pytest.warns(UserWarning, match="missing from font"):
            render(fig)
