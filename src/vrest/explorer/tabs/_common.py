"""What the explorer's tabs share: errors shown inline, warnings shown as notes, a stable key of a
cell for caching, projector-sized charts and figures. No physics here: every number a tab shows
comes from a vrest function.
"""

from __future__ import annotations

import contextlib
import io
import json
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import streamlit as st

from vrest.errors import VrestError, VrestWarning

#: Font sizes (px) of chart text: readable on a projector (≥ 12 pt).
AXIS_LABEL, AXIS_TITLE, TITLE = 15, 16, 17
#: Most runs a tab remembers per session (older ones are dropped first).
MAX_KEPT = 8


def cell_key(cell: Any) -> str:
    """A text that identifies the cell's description (its :meth:`vrest.Cell.to_dict`)."""
    return json.dumps(cell.to_dict(), sort_keys=True, default=str)


@contextlib.contextmanager
def guarded(where: Any = None, about: str = "") -> Iterator[list[str]]:
    """Run library code: a :class:`vrest.VrestError` becomes an inline ``st.error`` with the
    library's own message (no traceback); :class:`vrest.VrestWarning` s are collected into the
    yielded list and shown as notes afterwards, each after ``about`` (what they concern)."""
    box = st if where is None else where
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", VrestWarning)
        try:
            yield notes
        except VrestError as exc:
            box.error(str(exc), icon="⚠️")
        finally:
            for w in caught:
                if issubclass(w.category, VrestWarning):
                    notes.append(str(w.message))
    for n in dict.fromkeys(notes):
        box.warning(f"{about}{n}")


@st.cache_resource(max_entries=48, show_spinner=False)
def _cached(kind: str, key: str, _compute: Callable[[], Any]) -> tuple[Any, tuple[str, ...]]:
    """``_compute()`` once per (``kind``, ``key``), shared by every session (a pure function of
    the key), with the :class:`vrest.VrestWarning` s it gave."""
    return _recorded(_compute)


def computed(kind: str, key: str, compute: Callable[[], Any]) -> Any:
    """The value of ``compute()`` for ``key`` (text that fixes every input), computed once and
    then kept (``st.cache_resource``); its warnings are given again on every call, so that a
    kept result still shows its notes. A :class:`vrest.VrestError` is raised, never kept."""
    value, notes = _cached(kind, key, compute)
    _warn(notes)
    return value


def _recorded(compute: Callable[[], Any]) -> tuple[Any, tuple[str, ...]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", VrestWarning)
        value = compute()
    return value, tuple(str(w.message) for w in caught if issubclass(w.category, VrestWarning))


def _warn(notes: tuple[str, ...]) -> None:
    for n in notes:
        warnings.warn(n, VrestWarning, stacklevel=3)


def kept(slot: str, key: str, compute: Callable[[], Any] | None = None) -> Any:
    """A run kept for this session (a run that draws its own progress cannot be shared through
    ``st.cache_resource``): the value kept in ``slot`` for ``key``, else ``compute()`` (kept,
    at most :data:`MAX_KEPT` per slot), else None when ``compute`` is None. Its warnings are
    given again on every call, so that a kept run still shows its notes."""
    store = st.session_state.setdefault(slot, {})
    if key in store:
        value, notes = store[key]
    elif compute is None:
        return None
    else:
        value, notes = _recorded(compute)
        store[key] = (value, notes)
        while len(store) > MAX_KEPT:
            store.pop(next(iter(store)))
    _warn(notes)
    return value


def style(chart: Any) -> Any:
    """An Altair chart with projector-sized text."""
    return (
        chart.configure_axis(labelFontSize=AXIS_LABEL, titleFontSize=AXIS_TITLE, grid=True)
        .configure_legend(labelFontSize=AXIS_LABEL, titleFontSize=AXIS_TITLE, labelLimit=400)
        .configure_title(fontSize=TITLE)
        .configure_header(labelFontSize=AXIS_TITLE, titleFontSize=AXIS_TITLE)
    )


def decades(lo: float, hi: float) -> list[float]:
    """The powers of ten from ``lo`` to ``hi`` (> 0): tick values of a log axis, so that it has
    one grid line per decade instead of nine."""
    import math

    a, b = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    return [10.0**k for k in range(a, b + 1) if lo <= 10.0**k <= hi] or [lo, hi]


def thin(n: int, most: int = 2500) -> slice:
    """A slice that keeps at most about ``most`` of ``n`` samples (for drawing only)."""
    return slice(None, None, max(1, n // most))


def figure_png(draw: Any, dpi: int = 110) -> bytes:
    """PNG bytes of the matplotlib Figure that ``draw()`` returns, drawn with text ≥ 12 pt; the
    figure is closed afterwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context(
        {
            "font.size": 13,
            "axes.titlesize": 14,
            "axes.labelsize": 13,
            "legend.fontsize": 12,
            "xtick.labelsize": 12,
            "ytick.labelsize": 12,
        }
    ):
        fig = draw()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()
