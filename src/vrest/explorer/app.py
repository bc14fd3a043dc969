"""The vrest explorer: a Streamlit page over the library (``vrest explore`` serves it).

Run by hand: ``streamlit run src/vrest/explorer/app.py --server.address=127.0.0.1``.

Thin: every number on the page comes from a vrest function (:mod:`.readouts`); the inputs change
the cell only through the library's dotted-name grammar (:mod:`.state`), so a bad value shows
the library's own message. Importing this module draws nothing: the page is :func:`main`, run
when Streamlit executes the file as ``__main__``.

Speed: Streamlit reruns the script on every change. The analysis of a cell (a few ms) and the
curves are cached by the cell's inputs; the tabs are lazy (only the open tab runs), and the tabs'
own long computations sit behind Run buttons.
"""

from __future__ import annotations

import hashlib
import json
import math
import warnings
from typing import Any

import streamlit as st

import vrest
from vrest.explorer import charts, readouts, state
from vrest.explorer.tabs import TABS

SS = st.session_state
REST_TAB = "At rest"


# ---- cached library calls ------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _choices() -> dict[str, str]:
    return state.preset_choices()


@st.cache_resource(show_spinner=False, max_entries=64)
def _preset(name: str) -> vrest.Cell:
    return vrest.presets.load_preset(name)


@st.cache_resource(show_spinner=False, max_entries=256)
def _analysis(base_id: str, _base: vrest.Cell, assigned: tuple[str, ...]) -> readouts.Analysis:
    return readouts.analyse(lambda: state.build_cell(_base, assigned))


@st.cache_resource(show_spinner=False, max_entries=64)
def _iv(base_id: str, assigned: tuple[str, ...], _r: vrest.RestResult) -> tuple[Any, str]:
    return readouts.iv_frame(_r)


@st.cache_resource(show_spinner="Computing V rest against [K⁺] outside…", max_entries=64)
def _kout(base_id: str, assigned: tuple[str, ...], _cell: vrest.Cell) -> Any:
    return readouts.kout_frame(_cell)


def _internal(where: str, exc: Exception) -> str:
    """A bug's one-line message (never a traceback on the page)."""
    return f"{where}: internal error ({type(exc).__name__}: {exc}); please report it"


# ---- session: the base cell and the widget values --------------------------------------------
def _base() -> vrest.Cell:
    if SS.base_kind == "upload":
        return SS.upload_cell
    return _preset(SS.preset)


def _base_id() -> str:
    if SS.base_kind == "upload":
        return f"upload:{SS.upload_hash}"
    return f"preset:{SS.preset}"


def _fill_defaults(base: vrest.Cell, values: dict[str, Any]) -> dict[str, Any]:
    """A pump current (pA) and density (pA/pF) to start from when the base has none: the
    base's own pump current at rest (a balance pump's solved current), else 100 pA."""
    if values.get("pump_current") is None:
        cur = 100.0
        if base.pump is not None:
            try:
                ip = _analysis(_base_id(), base, ()).result.i_pump
                cur = float(f"{ip:.4g}") if math.isfinite(ip) and ip > 0 else cur
            except vrest.VrestError:
                pass
        values["pump_current"] = cur
    if values.get("pump_density") is None:
        c = base.capacitance_pF
        values["pump_density"] = float(f"{values['pump_current'] / c:.3g}") if c else 1.0
    return values


def _reset(values: dict[str, Any] | None = None, extra: list[str] | None = None) -> None:
    """Start the widgets from ``values`` (default: the base cell's own), with slider options
    around the base's values that hold the values given."""
    base = _base()
    vals = _fill_defaults(base, dict(values or state.slots_of(base)))
    ref = state.slots_of(base)
    opts: dict[str, list[float]] = {}
    s = state.strength_field(base)
    for name in base.ions:
        k = f"{name}.{s}"
        opts[k] = state.with_value(state.log_options(ref[k], zero=True), vals[k])
    sf = state.size_field(base)
    if sf is not None:
        opts[sf] = state.with_value(state.log_options(ref[sf]), vals[sf])
    t = vals["celsius"]  # finite: the library's and state.from_query's checks
    SS.t_range = (float(min(0.0, math.floor(t))), float(max(45.0, math.ceil(t))))
    SS.vals, SS.opts, SS.extra = vals, opts, list(extra or [])
    for k in [k for k in SS if isinstance(k, str) and k.startswith("w:") and k != "w:preset"]:
        if k != "w:upload":
            del SS[k]


def _init() -> None:
    query = st.query_params.to_dict()
    name, values, extra = state.from_query(query, _choices())
    SS.base_kind, SS.preset = "preset", name
    SS["w:preset"] = name
    SS.upload_error, SS.upload_notes = "", []
    SS.link_error = state.preset_problem(query, _choices()) or ""
    twice = {k: st.query_params.get_all(k) for k in query}
    SS.link_notes = [
        f"{k} is given {len(v)} times in the link ({', '.join(repr(x[:40]) for x in v)}): "
        f"the last one, {v[-1][:40]!r}, is used"
        for k, v in twice.items()
        if len(v) > 1
    ]
    _reset(values, extra)


def _on_preset() -> None:
    SS.base_kind, SS.preset = "preset", SS["w:preset"]
    SS.upload_error, SS.upload_notes, SS.link_error, SS.link_notes = "", [], "", []
    _reset()


def _on_upload() -> None:
    f = SS.get("w:upload")
    if f is None:
        return
    data = f.getvalue()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", vrest.VrestWarning)
            cell = state.load_upload(data, f.name)
    except vrest.VrestError as exc:
        SS.upload_error = str(exc)
        return
    except Exception as exc:  # a bug: one line, never a traceback
        SS.upload_error = _internal(f.name, exc)
        return
    notes = [str(w.message) for w in caught if issubclass(w.category, vrest.VrestWarning)]
    SS.upload_error, SS.link_error, SS.link_notes = "", "", []
    SS.upload_notes = list(dict.fromkeys(notes))
    SS.base_kind, SS.upload_cell, SS.upload_name = "upload", cell, f.name
    SS.upload_hash = hashlib.sha256(data).hexdigest()[:16]
    _reset()


def _key(slot: str) -> str:
    """The widget key of ``slot``, (re)filled from the kept values: Streamlit forgets the
    state of a widget that was not drawn in the last run."""
    k = f"w:{slot}"
    if k not in SS:
        SS[k] = SS.vals[slot]
    return k


def _keep(slot: str, value: Any) -> None:
    """Keep a widget's value; a user's change of it drops the link's extra assignments to the
    same field (so a bad value from the link is fixed from the sidebar)."""
    if value != SS.vals.get(slot) and SS.extra:
        SS.extra = [a for a in SS.extra if _extra_slot(a) != _extra_slot(slot)]
    SS.vals[slot] = value


def _extra_slot(name: str) -> str:
    """The field an extra assignment (``K.c_out=5 mM``) or a slot sets; the pump is one."""
    path = name.partition("=")[0].strip()
    return "pump" if path == "pump" or path.startswith(("pump.", "pump_")) else path


# ---- sidebar ---------------------------------------------------------------------------------
def _conc_step(x: float) -> float:
    """A +/− step for a concentration input: a tenth of its decade (4 mM → 0.1 mM)."""
    return 10.0 ** math.floor(math.log10(x)) / 10.0 if x > 0 and math.isfinite(x) else 0.1


def _fmt_g(x: float) -> str:
    return "0 (blocked)" if x == 0 else f"{x:.3g} nS"


def _fmt_p(x: float) -> str:
    return "0 (blocked)" if x == 0 else f"{x:.3g} cm/s"


def _sidebar(base: vrest.Cell, choices: dict[str, str]) -> None:
    st.header("Cell")
    st.selectbox("Preset cell", list(choices), format_func=choices.get, key="w:preset",
                 on_change=_on_preset)  # fmt: skip
    st.file_uploader(
        "Or upload a cell file (.toml)", key="w:upload", on_change=_on_upload,
        help="A vrest cell file: [ions.X] tables with c_in, c_out and g or P, units given.",
    )  # fmt: skip
    if SS.upload_error:
        st.error(SS.upload_error)
    for note in SS.get("upload_notes", []):
        st.warning(note)
    if SS.base_kind == "upload":
        st.caption(f"Using the uploaded file **{SS.upload_name}** (pick a preset to leave it).")
    ref = state.slots_of(base)
    s = state.strength_field(base)
    for name, ion in base.ions.items():
        sym = ion.symbol
        st.subheader(sym, divider="gray")
        c1, c2 = st.columns(2)
        for col, fld, where in ((c1, "c_in", "inside"), (c2, "c_out", "outside")):
            slot = f"{name}.{fld}"
            v = col.number_input(f"[{sym}] {where} (mM)", key=_key(slot), format="%.4g",
                                 step=_conc_step(ref[slot]))  # fmt: skip
            _keep(slot, v)
        slot = f"{name}.{s}"
        label = f"g {sym} (nS, log scale)" if s == "g" else f"P {sym} (cm/s, log scale)"
        v = st.select_slider(label, options=SS.opts[slot], key=_key(slot),
                             format_func=_fmt_g if s == "g" else _fmt_p)  # fmt: skip
        _keep(slot, v)
    st.subheader("Temperature and size", divider="gray")
    lo, hi = SS.t_range
    _keep("celsius", st.slider("Temperature (°C)", lo, hi, step=0.1, key=_key("celsius"),
                               format="%.1f °C"))  # fmt: skip
    sf = state.size_field(base)
    if sf == "radius":
        label, fmt = "Cell radius (µm, log scale)", (lambda x: f"{x:.3g} µm")
    else:
        label, fmt = "Membrane area (µm², log scale)", (lambda x: f"{x:.3g} µm²")
    if sf is None:
        st.caption("The cell file gives no radius or area: no size, capacitance or volume.")
    else:
        _keep(sf, st.select_slider(label, options=SS.opts[sf], key=_key(sf), format_func=fmt))
    st.subheader("Na⁺/K⁺ pump", divider="gray")
    modes = state.pump_modes(base)
    if SS.vals["pump_mode"] not in modes:
        SS.vals["pump_mode"] = modes[-1]
        SS.pop("w:pump_mode", None)
    mode = st.radio("Pump mode", modes, format_func=state.PUMP_MODES.get, key=_key("pump_mode"))
    _keep("pump_mode", mode)
    if mode == "current":
        v = st.number_input("Pump current (pA, outward +)", key=_key("pump_current"),
                            format="%.4g", step=10.0)  # fmt: skip
        _keep("pump_current", v)
    elif mode == "density":
        v = st.number_input("Pump current density (pA/pF)", key=_key("pump_density"),
                            format="%.3g", step=0.1)  # fmt: skip
        _keep("pump_density", v)
        st.caption("Current = density × membrane capacitance (pF) of the cell.")
    if SS.extra:
        st.caption("Also applied, from the link: " + ", ".join(f"`{a}`" for a in SS.extra))


def _downloads(an: readouts.Analysis) -> None:
    r = an.result
    stem = (SS.preset if SS.base_kind == "preset" else "cell").replace(" ", "_")
    st.header("Download")
    st.download_button("Cell file (TOML)", state.cell_to_toml(an.cell), f"{stem}.toml",
                       mime="application/toml", on_click="ignore",
                       key="dl_toml")  # fmt: skip
    st.download_button("Results (CSV)", r.to_csv() + "\n", f"{stem}_rest.csv", mime="text/csv",
                       on_click="ignore", key="dl_csv")  # fmt: skip
    st.download_button(
        "Results (JSON)", json.dumps(r.to_dict(), indent=2, ensure_ascii=False) + "\n",
        f"{stem}_rest.json", mime="application/json", on_click="ignore", key="dl_json",
    )  # fmt: skip
    if SS.base_kind == "upload":
        st.caption("Share: a link cannot carry an uploaded file; share the cell file instead.")
    else:
        st.caption("Share: the page address holds every input (copy it from the address bar).")


# ---- main area ------------------------------------------------------------------------------
def _state_box(r: vrest.RestResult) -> None:
    text = f"**{r.state_label}** — {r.state_explained}.\n\n{r.reason}"
    if r.state in ("equilibrium", "NESS"):
        st.success(text)
    elif r.state == "drifting":
        st.info(text)
    else:
        st.warning(text)


def _rest_tab(an: readouts.Analysis, base_id: str, assigned: tuple[str, ...]) -> None:
    r, cell = an.result, an.cell
    model = readouts.model_name(r.model)
    lad = readouts.ladder_frame(r)
    st.vega_lite_chart(
        charts.ladder_spec(lad, r.V, model), height=charts.ladder_height(lad),
        alt="E of each ion and V rest on one voltage axis",
    )  # fmt: skip
    st.markdown("#### Each ion")
    st.table(readouts.ion_table(r))
    if r.drifts:
        st.markdown("**What drifts** (" + readouts.model_name(r.model) + " model):")
        st.markdown("\n".join(f"- {d.text()}" for d in r.drifts))
    c1, c2 = st.columns(2)
    with c1:
        df, unit, y_range = _iv(base_id, assigned, r)
        st.vega_lite_chart(charts.iv_spec(df, unit, y_range, r.V, model), theme=None)
        st.caption("Solid: GHK; dashed: chord (linear). Total = ions + pump + carriers.")
    with c2:
        kdf = _kout(base_id, assigned, cell)
        if kdf is not None:
            st.vega_lite_chart(charts.kout_spec(kdf, cell.ions["K"].c_out, r.V, model), theme=None)
            st.caption("[K⁺] outside varied alone; the membrane and the pump as described.")
    c1, c2 = st.columns(2)
    with c1:
        st.markdown("#### Energy books")
        st.table(readouts.energy_table(r))
    with c2:
        ex = an.explanation
        st.markdown(f"#### Why V is here ({model} model)")
        st.table(readouts.why_table(ex))
        st.caption(readouts.explain_method(ex))
        st.markdown("**Inputs that move V most**")
        st.table(readouts.sensitivity_table(ex))
    st.markdown("#### Models and assumptions")
    st.markdown("\n".join(f"- {n}" for n in r.notes))


def _tabs(an: readouts.Analysis, base_id: str, assigned: tuple[str, ...]) -> None:
    titles = [REST_TAB, *(t for t, _ in TABS)]
    tabs = st.tabs(titles, key="w_tab", on_change="rerun")
    with tabs[0]:
        if tabs[0].open is not False:
            try:
                _rest_tab(an, base_id, assigned)
            except vrest.VrestError as exc:
                st.error(str(exc))
            except Exception as exc:  # a bug: one line, never a traceback
                st.error(_internal(REST_TAB, exc))
    for tab, (title, render) in zip(tabs[1:], TABS):
        with tab:
            if tab.open is False:
                continue
            try:
                render(an.cell)
            except vrest.VrestError as exc:
                st.error(str(exc))
            except Exception as exc:  # a bug in a tab: one line, never a traceback
                st.error(f"{title}: internal error ({type(exc).__name__}: {exc}); please report it")


def main() -> None:
    """Draw the explorer page."""
    st.set_page_config(page_title="vrest explorer", layout="wide")
    st.set_option("client.toolbarMode", "viewer")  # no developer menu on a projected page
    choices = _choices()
    if "vals" not in SS:
        _init()
    base = _base()
    with st.sidebar:
        _sidebar(base, choices)
    st.title(f"{base.name or 'Cell'} at rest")
    if SS.get("link_error"):
        st.error(SS.link_error)
    for note in SS.get("link_notes", []):
        st.warning(note)
    try:
        assigned = (*state.assignments(base, SS.vals), *SS.extra)
        an = _analysis(_base_id(), base, assigned)
    except vrest.VrestError as exc:
        st.error(str(exc))
        st.caption("Fix the value in the sidebar: the readouts come back at once.")
        if SS.extra:
            st.caption(
                "Values from the link (listed at the foot of the sidebar) stay applied until "
                "you change their field in the sidebar or pick a cell again."
            )
        return
    except Exception as exc:  # a bug: one line, never a traceback
        st.error(f"internal error ({type(exc).__name__}: {exc}); please report it")
        return
    q = state.to_query(SS.preset if SS.base_kind == "preset" else None, assigned)
    if st.query_params.to_dict() != q:
        st.query_params.from_dict(q)
    r, cell = an.result, an.cell
    st.caption(
        f"{readouts.geometry_text(cell)} · primary model: {readouts.model_name(r.model)} · "
        "V = V_in − V_out, outward current positive"
    )
    for col, (label, value, help_) in zip(st.columns(4), readouts.headline(r)):
        col.metric(label, value, help=help_)
    _state_box(r)
    for w in an.warnings:
        st.warning(w)
    with st.sidebar:
        _downloads(an)
    _tabs(an, _base_id(), assigned)


if __name__ == "__main__":
    main()
