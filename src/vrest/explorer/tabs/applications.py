"""Explorer tab: the applications — the named scenarios of :mod:`vrest.scenarios` (cardiac
hyperkalemia, the GABA shift in development, plant and fungal H⁺-ATPases, acidophiles), each with
its declared parameters turned into widgets (units in the labels), its numbers, report, tables
and figure, exactly as ``vrest.scenarios.run(name, **params)`` returns them.

The run-down scenarios live in the run-down tab. Units: as each parameter says.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import vrest
from vrest.explorer.tabs._common import computed, figure_png, guarded

#: Scenarios that take about a second or more: their widgets sit in a form with a Run button.
COSTLY = frozenset({"gaba-shift"})


def names() -> list[str]:
    """The application scenarios (every registered scenario but the run-down experiments)."""
    from vrest.scenarios import REGISTRY

    return [n for n, s in REGISTRY.items() if not s.run_fn.__module__.endswith(".rundown")]


def label(name: str, p: Any) -> str:
    """A widget label: the parameter's name and unit."""
    return f"{name} ({p.unit})" if p.unit else name


def widget(where: Any, scenario: str, name: str, p: Any) -> Any:
    """One widget for parameter ``p`` of ``scenario``: a select box for a word with choices, a
    text box for another word, a whole-number or a decimal input otherwise. Bounds are not
    enforced here: the library checks every value and says what it expects."""
    key = f"app_{scenario}_{name}"
    text = p.help + (
        ""
        if p.lo is None and p.hi is None
        else f" (from {'−∞' if p.lo is None else f'{p.lo:g}'} to "
        f"{'∞' if p.hi is None else f'{p.hi:g}'} {p.unit})"
    )
    if p.kind == "text":
        if p.choices:
            return where.selectbox(
                label(name, p), p.choices, index=p.choices.index(p.default), key=key, help=text
            )
        return where.text_input(label(name, p), value=str(p.default), key=key, help=text)
    if isinstance(p.default, int) and not isinstance(p.default, bool):
        return int(where.number_input(label(name, p), value=p.default, step=1, key=key, help=text))
    return float(
        where.number_input(label(name, p), value=float(p.default), format="%g", key=key, help=text)
    )


def run(name: str, params: dict[str, Any]) -> Any:
    """``vrest.scenarios.run(name, **params)``, computed once (``st.cache_resource``)."""
    from vrest.scenarios import run as run_scenario

    key = f"{name}|{sorted(params.items())!r}"
    return computed("scenario", key, lambda: run_scenario(name, **params))


def _figure(name: str, params: dict[str, Any], res: Any) -> bytes | None:
    if res.figure is None:
        return None
    key = f"{name}|{sorted(params.items())!r}"
    return computed("scenario-png", key, lambda: figure_png(res.figure))


def _show(name: str, params: dict[str, Any], res: Any) -> None:
    import pandas as pd

    png = _figure(name, params, res)
    if png is not None:
        st.image(png, caption=f"{name}: the scenario's figure", width="stretch")
    rows = [{"quantity": k, "value": float(v), "unit": u} for k, (v, u) in res.numbers.items()]
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        column_config={"value": st.column_config.NumberColumn(format="%.6g")},
    )
    st.markdown("**Report: what was computed, the model and its assumptions, the sources**")
    st.code(res.text, language=None, wrap_lines=True)
    if res.tables:
        with st.expander("Data tables"):
            for tname, table in res.tables.items():
                st.markdown(f"`{tname}`")
                st.dataframe(pd.DataFrame(table), hide_index=True)


@st.fragment
def _tab() -> None:
    from vrest.scenarios import REGISTRY

    st.markdown(
        "The chapter's applications as named scenarios: each states its model, assumptions "
        "and sources. Change a parameter to rerun it."
    )
    choices = names()
    name = st.selectbox(
        "Scenario",
        choices,
        key="app_scenario",
        format_func=lambda n: f"{n} — {REGISTRY[n].summary}",
    )
    sc = REGISTRY[name]
    st.caption("Sources: " + "; ".join(sc.sources))
    costly = name in COSTLY
    box = st.form(f"app_form_{name}") if costly else st.container()
    with box:
        cols = st.columns(3)
        params = {k: widget(cols[i % 3], name, k, p) for i, (k, p) in enumerate(sc.params.items())}
        pressed = st.form_submit_button("Run", type="primary") if costly else True
    done = st.session_state.setdefault("app_submitted", {})
    if pressed:
        done[name] = params
    if name not in done:
        st.info("This scenario takes a second or two: set its parameters and press **Run**.")
        return
    params = done[name]
    res = None
    with guarded():
        if costly and pressed:
            with st.spinner(f"Running {name}…"):
                res = run(name, params)
        else:
            res = run(name, params)
    if res is not None:
        _show(name, params, res)


def render(cell: vrest.Cell) -> None:
    """Draw the applications tab into the current Streamlit container. The scenarios bring
    their own preset cells, so ``cell`` (the main page's) is not used here."""
    del cell
    _tab()
