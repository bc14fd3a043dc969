"""The explorer's tabs: each entry is ``(title, render)``; ``render(cell)`` draws one tab.

``cell`` is the :class:`vrest.Cell` built from the main page's inputs; every tab draws into the
current Streamlit container (the app calls ``render(cell)`` inside ``with tab:``).
"""

from __future__ import annotations

from collections.abc import Callable

import vrest
from vrest.explorer.tabs import applications, ljp, noise, rundown

TABS: list[tuple[str, Callable[[vrest.Cell], None]]] = [
    ("Run-down", rundown.render),
    ("Channel noise", noise.render),
    ("Applications", applications.render),
    ("LJP correction", ljp.render),
]

__all__ = ["TABS"]
