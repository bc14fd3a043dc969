"""Explorer tab: the liquid junction potential (LJP) between a pipette and a bath solution, and
a measured V corrected by it and set beside the model's V_rest.

The LJP comes from :func:`vrest.ljp.ljp` (the stationary Nernst–Planck junction and Henderson's
equation, both shown; sign: the bath relative to the pipette, ``V_m = V_measured − LJP``); the
comparison from :func:`vrest.measure.compare`. The solutions are editable tables (ion → mM) that
start from the files in ``examples/solutions``. Units: mM, mV, °C, nS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

import vrest
from vrest.errors import VrestInputError
from vrest.explorer.tabs._common import guarded

#: Solution files offered as presets.
SOLUTIONS = Path(vrest.__file__).resolve().parents[2] / "examples" / "solutions"
METHODS = {"nernst-planck": "stationary Nernst–Planck (Planck)", "henderson": "Henderson"}
DEFAULT_PIPETTE, DEFAULT_BATH = "k_gluconate_pipette", "acsf"


def presets() -> dict[str, Path]:
    """Solution files by name (file stem)."""
    if not SOLUTIONS.is_dir():
        return {}
    return {p.stem: p for p in sorted(SOLUTIONS.glob("*.toml"))}


def solution_title(path: Path) -> str:
    """The ``name`` a solution file gives itself (else its file name)."""
    import tomllib

    try:
        name = tomllib.loads(path.read_text(encoding="utf-8")).get("name")
    except (OSError, ValueError):
        name = None
    return f"{name} ({path.stem})" if isinstance(name, str) and name else path.stem


def table_to_solution(df: Any, which: str) -> dict[str, Any]:
    """An edited table (columns ``ion``, ``mM``) as the dict ion → mM that :func:`vrest.ljp.ljp`
    reads; rows left wholly empty are skipped, an ion named twice is refused."""
    import math

    out: dict[str, Any] = {}
    for ion, c in zip(df["ion"], df["mM"]):
        name = "" if ion is None or (isinstance(ion, float) and math.isnan(ion)) else str(ion)
        empty_c = c is None or (isinstance(c, float) and math.isnan(c))
        if not name.strip() and empty_c:
            continue
        if name.strip() in out:
            raise VrestInputError(which, name, "each ion once")
        out[name.strip()] = float("nan") if empty_c else c
    return out


def _editor(where: Any, title: str, which: str, default: str) -> dict[str, Any]:
    import pandas as pd

    from vrest.ljp import load_solution

    files = presets()
    names = [*files, "(empty)"]
    choice = where.selectbox(
        f"{title}: start from",
        names,
        index=names.index(default) if default in names else 0,
        key=f"ljp_{which}_preset",
        format_func=lambda n: solution_title(files[n]) if n in files else n,
    )
    sol = {} if choice == "(empty)" else load_solution(files[choice])
    df = pd.DataFrame(  # typed columns: an empty table is still text → number
        {
            "ion": pd.Series(list(sol), dtype="object"),
            "mM": pd.Series([float(v) for v in sol.values()], dtype="float64"),
        }
    )
    edited = where.data_editor(
        df,
        num_rows="dynamic",
        hide_index=True,
        key=f"ljp_{which}_{choice}",
        column_config={
            "ion": st.column_config.TextColumn("ion", help="K, Na, Cl, Gluconate, HEPES, …"),
            "mM": st.column_config.NumberColumn("concentration (mM)", format="%g"),
        },
        width="stretch",
    )
    return table_to_solution(edited, which)


def _ion_table(res: Any) -> None:
    import pandas as pd

    rows = []
    for r in res.ions:
        row = {
            "ion": r["ion"],
            "z": r["z"],
            "λ° (S cm²/mol)": r["lambda"],
            "pipette (mM)": r["pipette_mM"],
            "bath (mM)": r["bath_mM"],
        }
        if res.contributions:
            row["Henderson term (mV)"] = res.contributions[r["ion"]]
        row["mobility source"] = r["source"]
        rows.append(row)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


@st.fragment
def _tab(cell: vrest.Cell) -> None:
    from vrest.ljp import ljp
    from vrest.measure import compare

    st.markdown(
        "A patch pipette's solution meets the bath at the pipette tip; their ions diffuse at "
        "different speeds and leave a liquid junction potential (LJP) in every reading of V."
    )
    left, right = st.columns(2)
    pip = bath = None
    with guarded():
        pip = _editor(left, "Pipette", "pipette", DEFAULT_PIPETTE)
    with guarded():
        bath = _editor(right, "Bath", "bath", DEFAULT_BATH)
    c1, c2, c3 = st.columns(3)
    celsius = c1.number_input(
        "Temperature (°C)",
        value=float(cell.celsius),
        step=1.0,
        format="%g",
        key="ljp_celsius",
        help="of the recording; the model cell is moved there too (its Q10s)",
    )
    method = c2.radio(
        "Method for the correction", list(METHODS), format_func=METHODS.get, key="ljp_method"
    )
    measured = c3.number_input(
        "Measured V (mV, as recorded)", value=-68.0, step=1.0, format="%g", key="ljp_measured"
    )
    o1, o2 = st.columns(2)
    dialysis = o1.checkbox(
        "Whole-cell dialysis (the pipette solution becomes the inside)", key="ljp_dialysis"
    )
    seal = o2.number_input(
        "Seal leak to 0 mV (nS; 0: none)",
        min_value=0.0,
        value=0.0,
        step=0.1,
        format="%g",
        key="ljp_seal",
    )
    if pip is None or bath is None:
        return
    with guarded():
        both = {m: ljp(pip, bath, celsius=celsius, method=m) for m in METHODS}
        res = both[method]
        m = st.columns(2)
        for col, (k, r) in zip(m, both.items()):
            col.metric(f"LJP, {METHODS[k]}", f"{r.value:+.2f} mV")
        st.caption(f"Sign: {res.sign_convention}.")
        model_cell = cell if celsius == cell.celsius else cell.at_celsius(celsius)
        comp = compare(
            model_cell,
            measured,
            pipette=pip,
            bath=bath,
            method=method,
            dialysis=dialysis,
            seal_leak=seal if seal > 0 else None,
        )
        n = st.columns(4)
        n[0].metric("measured", f"{comp.measured:+.2f} mV")
        n[1].metric("V_m = measured − LJP", f"{comp.corrected:+.2f} mV")
        n[2].metric(f"model V_rest ({cell.name or 'cell'})", f"{comp.model:+.2f} mV")
        n[3].metric("corrected − model", f"{comp.difference:+.2f} mV")
        notes = list(comp.notes)
        if model_cell is not cell:
            notes.append(
                f"the model cell is moved from {cell.celsius:g} °C to {celsius:g} °C "
                "(leaks and pump scaled by their Q10s)"
            )
        for note in [*notes, *res.notes]:
            st.caption(f"• {note}")
        _ion_table(both["henderson"] if method == "henderson" else res)


def render(cell: vrest.Cell) -> None:
    """Draw the LJP-correction tab for ``cell`` into the current Streamlit container."""
    _tab(cell)
