"""The explorer's readouts: the library's numbers for one cell, gathered into small tables and
plot data. Thin: every number comes from a vrest function (:func:`vrest.solve_rest`,
:func:`vrest.explain.explain`, :func:`vrest.sweep`, the I–V curves of :mod:`vrest.plotting`);
this module only picks, scales to a display unit and formats.

Units: mV, mM, pA (or nA/µA where :func:`vrest.report.current_unit` says so), nS, cm/s, fmol/s
(fluxes, efflux positive as in the library), W, J K⁻¹ s⁻¹, ATP/s.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

import vrest
from vrest.explain import Explanation, explain
from vrest.report import current_unit
from vrest.state import V_TOL_MV

MINUS = "−"
#: fmol per mol (fluxes are shown in fmol/s, as the library's own reports do).
FMOL = 1e15
#: Points of the V_rest-against-[K]o curve, and its [K]o range (mM), widened to hold the
#: cell's own [K]o.
KOUT_POINTS = 31
KOUT_RANGE = (1.0, 100.0)


# ---- formatting ----------------------------------------------------------------------------
def fmt(x: Any, spec: str = ".4g", unit: str = "", zero: float = 0.0) -> str:
    """``x`` formatted with ``spec`` (and `` unit``); a real minus sign; NaN/None as "—";
    |x| ≤ ``zero`` as 0 (a number that is zero within the library's tolerance)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if abs(float(x)) <= zero:
        x = 0.0
    text = format(float(x), spec)
    if text.lstrip("+-").strip("0.") in ("", "e", "e+", "e-") or float(text) == 0.0:
        text = format(0.0, spec)  # no "-0.00"
    text = text.replace("-", MINUS)
    return f"{text} {unit}" if unit else text


_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def sci(x: Any, digits: int = 3) -> str:
    """``x`` with ``digits`` significant digits, as 1.19×10⁹ when large or small (a compact
    readout for a projector)."""
    if x is None or not math.isfinite(float(x)):
        return "—"
    x = float(x)
    if x == 0.0 or 1e-3 <= abs(x) < 1e4:
        return fmt(x, f".{digits}g")
    m, e = f"{x:.{digits - 1}e}".split("e")
    return f"{m.replace('-', MINUS)}×10{str(int(e)).translate(_SUP)}"


def parse_sci(text: str) -> float:
    """The number of a readout made by :func:`sci`."""
    text = text.replace(MINUS, "-").split()[0]
    if "×10" not in text:
        return float(text)
    m, e = text.split("×10")
    sup = {v: k for k, v in zip("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")}
    return float(m) * 10.0 ** int("".join(sup[c] for c in e))


def mv(x: Any) -> str:
    """A voltage readout: two decimals in mV (the solver resolves V far below 0.01 mV)."""
    return fmt(x, ".2f", "mV")


def parse(text: str) -> float:
    """The number at the start of a readout made by :func:`fmt` (for tests and round trips)."""
    return float(text.replace(MINUS, "-").split()[0])


# ---- the analysis --------------------------------------------------------------------------
@dataclass(frozen=True)
class Analysis:
    """One cell's rest analysis, with the library's warnings (text); its explanation is
    computed when first asked for (the headline readouts do not wait for it)."""

    cell: vrest.Cell
    result: vrest.RestResult
    warnings: tuple[str, ...] = ()

    @cached_property
    def explanation(self) -> Explanation:
        """:func:`vrest.explain.explain` of the cell: shares and sensitivities, no tornado."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the same cell's warnings are already kept
            return explain(self.cell, tornado=False)


def analyse(cell: vrest.Cell | Callable[[], vrest.Cell]) -> Analysis:
    """:func:`vrest.solve_rest` of ``cell`` (or of the cell a callable builds); the library's
    warnings, from building the cell on, are kept as text to show beside the readouts. Errors
    are the library's own (:class:`vrest.VrestError`)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if callable(cell):
            cell = cell()
        r = vrest.solve_rest(cell)
    texts = tuple(dict.fromkeys(" ".join(str(w.message).split()) for w in caught))
    return Analysis(cell, r, texts)


def model_name(model: str) -> str:
    return {"chord": "chord conductance", "ghk": "GHK"}.get(model, model)


def headline(r: vrest.RestResult) -> list[tuple[str, str, str]]:
    """The big numbers: (label, value, help) for V of both models, the pump's share and the
    ATP rate."""
    prim = r.model
    return [
        (
            "V rest, chord" + (" (primary)" if prim == "chord" else ""),
            mv(r.V_chord),
            "chord-conductance model: V = (Σ g_i E_i − I_pump)/Σ g_i",
        ),
        (
            "V rest, GHK" + (" (primary)" if prim == "ghk" else ""),
            mv(r.V_ghk),
            "GHK current equation: the V where all currents (and the pump) sum to zero",
        ),
        (
            "pump's contribution",
            mv(r.pump_contribution),
            f"V − V without the pump ({model_name(prim)} model); {r.pump_how}",
        ),
        (
            "ATP use (per second)",
            sci(r.atp_rate),
            "pump cycles per second, one ATP each",
        ),
    ]


def geometry_text(cell: vrest.Cell) -> str:
    """Temperature, size, area, capacitance, volume of the cell (from its own properties)."""
    parts = [f"{fmt(cell.celsius, '.4g')} °C"]
    if cell.reference_celsius != cell.celsius:
        parts[0] += f" (described at {fmt(cell.reference_celsius, '.4g')} °C)"
    if cell.radius is not None:
        shape = "cylinder" if cell.length is not None else "sphere"
        parts.append(f"radius {fmt(cell.radius, '.4g', 'µm')} ({shape})")
    if cell.area_um2 is not None:
        parts.append(f"area {fmt(cell.area_um2, '.4g', 'µm²')}")
        parts.append(f"C {fmt(cell.capacitance_pF, '.4g', 'pF')}")
    if cell.volume_um3 is not None:
        parts.append(f"volume {fmt(cell.volume_um3, '.4g', 'µm³')}")
    return " · ".join(parts)


def capacitance_text(cell: vrest.Cell) -> str:
    """The membrane capacitance readout (pF), "—" without an area."""
    return fmt(cell.capacitance_pF, ".4g", "pF")


def direction(ion: Any, zero: float = 0.0) -> str:
    """The passive flux's direction in words (the library's sign: efflux positive); none
    when the current is zero within ``zero`` (pA) or the ion sits at its E."""
    if abs(ion.current) <= zero or abs(ion.driving_force) < V_TOL_MV:
        return "none (at E)"
    return "out (efflux)" if ion.flux > 0 else "in (influx)"


def ion_table(r: vrest.RestResult) -> pd.DataFrame:
    """One row per ion: concentrations, E, g and P, driving force, current, direction, the
    passive and the net (passive + pump + carriers) flux and the dissipation. A current or a
    passive flux is shown as 0 below the library's zero-current tolerance, a net flux below its
    no-drift tolerance (both relative to the largest current, ``r.tolerances``), as the
    library's own report does."""
    scale = max([abs(i.current) for i in r.ions] + [abs(r.i_pump), 1e-300])
    zero_i = r.tolerances["net_current_rel"] * scale
    zero_net = r.tolerances["ion_net_flux_rel"] * scale
    unit, fac = current_unit(max([abs(i.current) for i in r.ions] + [1.0]))
    has_p = r.cell.area_um2 is not None
    rows = []
    for i in r.ions:
        row = {
            "ion": i.symbol,
            "[X]in (mM)": fmt(i.c_in),
            "[X]out (mM)": fmt(i.c_out),
            "E (mV)": fmt(i.E, ".2f"),
            "g (nS)": fmt(i.g, ".4g"),
        }
        if has_p:
            row["P (cm/s)"] = fmt(i.P, ".3g")
        row |= {
            "V − E (mV)": fmt(i.driving_force, ".2f"),
            f"I ({unit})": fmt(i.current * fac, ".4g", zero=zero_i * fac),
            "passive flux": direction(i, zero_i),
            "flux (fmol/s)": fmt(0.0 if abs(i.current) <= zero_i else i.flux * FMOL, ".3g"),
            "net flux (fmol/s)": fmt(
                0.0 if abs(i.net_current) <= zero_net else i.net_flux * FMOL, ".3g"
            ),
            "dissipation (W)": fmt(i.dissipation, ".3g"),
        }
        rows.append(row)
    return pd.DataFrame(rows).set_index("ion")


def energy_table(r: vrest.RestResult) -> pd.DataFrame:
    """The energy books (:class:`vrest.EnergyBooks`) and the ATP rate, one row each."""
    e = r.energy
    rows = [
        ("passive dissipation Σ I_i (V − E_i)", fmt(e.passive, ".3g"), "W"),
        ("pump's work on the ions", fmt(e.transporters, ".3g"), "W"),
        ("free energy of the ATP spent", fmt(e.atp, ".3g"), "W"),
        ("pump efficiency (work / ATP)", fmt(e.efficiency, ".3g"), ""),
        ("residual (passive − work: gradients running down)", fmt(e.residual, ".3g"), "W"),
        ("entropy production, channels (passive / T)", fmt(e.entropy_channels, ".3g"), "J/(K·s)"),
        ("entropy production, total", fmt(e.entropy_total, ".3g"), "J/(K·s)"),
        ("ATP consumption", fmt(r.atp_rate, ".3g"), "ATP/s"),
        ("ΔG of ATP hydrolysis", fmt(r.dG_atp, ".4g"), "kJ/mol"),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value", "unit"]).set_index("quantity")


def why_table(ex: Explanation) -> pd.DataFrame:
    """Each mechanism's share of V (mV): g_k E_k/G for leaks and channels, −I/G for the pump
    and carriers (:func:`vrest.explain.shares_of`), and their sum."""
    rows = []
    for s in ex.shares:
        leak = s.kind in ("ion", "channel")
        rows.append(
            {
                "mechanism": s.name,
                "g chord at rest (nS)": fmt(s.g, ".4g") if leak else "",
                "weight g/G": fmt(s.weight, ".3f") if leak else "",
                "E (mV)": fmt(s.E, ".2f") if leak else "",
                "current (pA)": fmt(s.current, ".4g"),
                "share of V (mV)": fmt(s.share, "+.2f"),
            }
        )
    total = sum(s.share for s in ex.shares)
    rows.append(
        {
            "mechanism": "sum = V",
            "g chord at rest (nS)": fmt(ex.G, ".4g"),
            "weight g/G": "",
            "E (mV)": "",
            "current (pA)": "",
            "share of V (mV)": fmt(total, "+.2f"),
        }
    )
    return pd.DataFrame(rows).set_index("mechanism")


def sensitivity_table(ex: Explanation, top: int = 6) -> pd.DataFrame:
    """The inputs that move V most (largest |elasticity| first, as the library sorts them)."""
    rows = []
    for s in ex.sensitivities[:top]:
        rows.append(
            {
                "input": s.path,
                "value": fmt(s.value, ".4g", s.unit),
                "dV/dθ (mV per unit)": fmt(s.dV, ".4g"),
                "mV per tenfold": fmt(s.per_decade, ".3g"),
                "elasticity": fmt(s.elasticity, ".3f"),
            }
        )
    return pd.DataFrame(rows).set_index("input")


def explain_method(ex: Explanation) -> str:
    return str(ex.to_dict()["method"])


# ---- plot data -----------------------------------------------------------------------------
def ladder_frame(r: vrest.RestResult) -> pd.DataFrame:
    """E of each ion and V of both models on one voltage axis (columns ``label``, ``mv``,
    ``kind``: "E" or "V"), sorted by voltage."""
    rows = [{"label": f"E {i.symbol}", "mv": i.E, "kind": "E"} for i in r.ions]
    rows += [
        {"label": "V rest, chord", "mv": r.V_chord, "kind": "V"},
        {"label": "V rest, GHK", "mv": r.V_ghk, "kind": "V"},
    ]
    df = pd.DataFrame([x for x in rows if math.isfinite(x["mv"])])
    return df.sort_values("mv", ascending=False, kind="stable").reset_index(drop=True)


#: The I–V chart's current axis spans this many times the library's zoom span (1.25 × the
#: largest current at rest), so that the crossing at rest stays readable.
IV_SPAN = 4.0
#: Stride through the rest figure's voltage grid for the page's I–V chart.
IV_STRIDE = 3


def _nice_up(x: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above ``x`` (> 0)."""
    if not (x > 0 and math.isfinite(x)):
        return x
    e = 10.0 ** math.floor(math.log10(x))
    return next(m * e for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * e >= x * (1 - 1e-12))


def iv_frame(r: vrest.RestResult) -> tuple[pd.DataFrame, str, tuple[float, float]]:
    """I–V curves of each ion drawn and the total (with the pump and carriers), under both
    models, as the library's rest figure computes them (:class:`vrest.plotting._Data`):
    columns ``v`` (mV), ``i`` (in the returned unit), ``curve`` and ``model``; the unit; and
    the current axis's range (in that unit)."""
    from vrest.plotting import _Data

    d = _Data(r, None)
    names = {"chord": "chord (linear)", "ghk": "GHK"}
    lim = _nice_up(IV_SPAN * d.span_z)  # a round range: it stays put while a slider moves,
    unit, fac = current_unit(lim)  # so the page redraws the curves in place
    # every IV_STRIDE-th voltage of the figure's grid (and its last): the browser draws fewer
    # points, and the curves stay smooth at a page's resolution
    s = np.r_[np.arange(0, len(d.v) - 1, IV_STRIDE), len(d.v) - 1]
    v = d.v[s]
    parts = []
    for m in d.models:
        for k, j in enumerate(d.shown):
            cur = d.full["ions"][m][k][s]
            parts.append(
                pd.DataFrame({"v": v, "i": cur * fac, "curve": r.ions[j].symbol, "model": names[m]})
            )
        tot = d.full["total"][m][s] * fac
        parts.append(pd.DataFrame({"v": v, "i": tot, "curve": "total", "model": names[m]}))
    return pd.concat(parts, ignore_index=True), unit, (-lim * fac, lim * fac)


def kout_frame(cell: vrest.Cell) -> pd.DataFrame | None:
    """V_rest (both models) and E_K against [K]o on a log grid (columns ``k`` (mM), ``mv``,
    ``curve``), [K]o varied alone by :func:`vrest.sweep` (every other input held: the
    membrane as described, the pump as described). None for a cell without K⁺."""
    if "K" not in cell.ions:
        return None
    k0 = cell.ions["K"].c_out
    lo, hi = min(KOUT_RANGE[0], k0 / 2), max(KOUT_RANGE[1], k0 * 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = vrest.sweep(cell, {"K.c_out": f"{lo:g}:{hi:g}:log:{KOUT_POINTS}"})
    k = ds["K.c_out"].values
    parts = [
        pd.DataFrame({"k": k, "mv": ds["V_chord"].values, "curve": "V rest, chord"}),
        pd.DataFrame({"k": k, "mv": ds["V_ghk"].values, "curve": "V rest, GHK"}),
        pd.DataFrame({"k": k, "mv": ds["E_K"].values, "curve": "E K⁺"}),
    ]
    df = pd.concat(parts, ignore_index=True)
    return df[np.isfinite(df["mv"])]
