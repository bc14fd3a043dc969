"""A human ventricular myocyte at rest: the ten Tusscher–Panfilov 2006 currents as formulas.

ten Tusscher KHWJ, Panfilov AV (2006) Alternans and spiral breakup in a human ventricular
tissue model. *Am J Physiol Heart Circ Physiol* 291:H1088–H1100 ("TTP06"), which keeps the
sarcolemmal currents of ten Tusscher, Noble, Noble & Panfilov (2004) *ibid.* 286:H1573–H1589.
The equations were read from the CellML-derived (Chaste/PyCML) ``TenTusscher06.cpp`` of
Nektar++'s cardiac EP solver and checked term by term against Myokit's hand-curated
``tentusscher-2006.mmt`` (adapted from the CellML file, Oct 2020); the two agree.

The quiescent cell
------------------

At rest every gate sits at its steady state x∞(V) and the concentrations are held at the
model's published initial values (:data:`CELLTYPES`). The current densities, pA/pF (outward
positive; V, E in mV; concentrations in mM; RT/F with R = 8314.472 mJ/(mol·K), T = 310 K,
F = 96485.3415 C/mol as in the CellML file)::

    I_Na   = 14.838 m∞³ h∞ j∞ (V − E_Na)
    I_to   = g_to r∞ s∞ (V − E_K)
    I_Kr   = 0.153 √(K_o/5.4) x_r1∞ x_r2∞ (V − E_K)
    I_Ks   = g_Ks x_s∞² (V − E_Ks),   E_Ks = RT/F ln((K_o + 0.03 Na_o)/(K_i + 0.03 Na_i))
    I_CaL  = g_CaL d∞ f∞ f2∞ fCass∞ 4 (V − 15) F²/(RT)
             · (0.25 Ca_ss e^{2(V−15)F/RT} − Ca_o)/(e^{2(V−15)F/RT} − 1),  g_CaL = 3.98e-5
    I_K1   = 5.405 √(K_o/5.4) x_K1∞(V − E_K) (V − E_K)          (vrest.gating.ik1_ttp06)
    I_NaCa = 1000 (e^{γVF/RT} Na_i³ Ca_o − 2.5 e^{(γ−1)VF/RT} Na_o³ Ca_i)
             / ((87.5³ + Na_o³)(1.38 + Ca_o)(1 + 0.1 e^{(γ−1)VF/RT})),   γ = 0.35
    I_NaK  = 2.724 K_o/(K_o + 1) · Na_i/(Na_i + 40) / (1 + 0.1245 e^{−0.1VF/RT} + 0.0353 e^{−VF/RT})
    I_pCa  = 0.1238 Ca_i/(Ca_i + 0.0005)
    I_pK   = 0.0146 (V − E_K)/(1 + e^{(25 − V)/5.98})
    I_bNa  = 0.00029 (V − E_Na)
    I_bCa  = 0.000592 (V − E_Ca)

with the steady-state gates::

    m∞ = 1/(1 + e^{(−56.86 − V)/9.03})²     h∞ = j∞ = 1/(1 + e^{(V + 71.55)/7.43})²
    r∞ = 1/(1 + e^{(20 − V)/6})             s∞ = 1/(1 + e^{(V + 20)/5})  (endo: V + 28)
    x_r1∞ = 1/(1 + e^{(−26 − V)/7})         x_r2∞ = 1/(1 + e^{(V + 88)/24})
    x_s∞ = 1/(1 + e^{(−5 − V)/14})          d∞ = 1/(1 + e^{(−8 − V)/7.5})
    f∞ = 1/(1 + e^{(V + 20)/7})             f2∞ = 0.67/(1 + e^{(V + 35)/7}) + 0.33
    fCass∞ = 0.6/(1 + (Ca_ss/0.05)²) + 0.4

Cell types (TTP06 and its CellML variants): epicardial g_to = 0.294, g_Ks = 0.392 nS/pF;
endocardial g_to = 0.073, g_Ks = 0.392 with s∞ shifted to V + 28; M cell g_to = 0.294,
g_Ks = 0.098. The resting V is the root of the summed current (:func:`ttp06_rest`).

Units: V, E in mV; concentrations in mM; conductances in nS/pF; currents in pA/pF.

>>> r = ttp06_rest()
>>> round(r["V_rest"], 2)
-85.23
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ._roots import find_root
from .errors import SolverError, VrestInputError
from .gating import TTP06_G_K1, TTP06_K_O_REF

ArrayLike = Any

__all__ = [
    "CELLTYPES",
    "CURRENTS",
    "TTP06_F",
    "TTP06_R",
    "TTP06_T",
    "TTP06Cell",
    "ttp06_cell",
    "ttp06_currents",
    "ttp06_fast_threshold",
    "ttp06_gates",
    "ttp06_net_current",
    "ttp06_rest",
    "ttp06_reversals",
]

#: Gas constant, mJ/(mol·K), temperature, K, and Faraday constant, C/mol (TTP06 CellML).
TTP06_R: float = 8314.472
TTP06_T: float = 310.0
TTP06_F: float = 96485.3415
_RTF = TTP06_R * TTP06_T / TTP06_F  # mV, 26.7138…
_FRT = 1.0 / _RTF

#: Maximal conductances (nS/pF) and pump/exchanger amplitudes (pA/pF), TTP06 (CellML).
G_NA = 14.838
G_KR = 0.153
G_CAL = 3.98e-5  # in the CellML units (L/(F·s)): G_CAL·F²/(RT) = 0.14376 nS/(pF·mM)
P_KNA = 0.03
K_NACA, KM_NAI, KM_CA, K_SAT, ALPHA_NACA, GAMMA_NACA = 1000.0, 87.5, 1.38, 0.1, 2.5, 0.35
P_NAK, K_MK, K_MNA = 2.724, 1.0, 40.0
G_PCA, K_PCA = 0.1238, 0.0005
G_PK = 0.0146
G_BNA = 0.00029
G_BCA = 0.000592

#: The currents, in the order they are reported.
CURRENTS = (
    "I_Na",
    "I_to",
    "I_Kr",
    "I_Ks",
    "I_CaL",
    "I_K1",
    "I_NaCa",
    "I_NaK",
    "I_pCa",
    "I_pK",
    "I_bNa",
    "I_bCa",
)

#: Cell types: the conductances that differ (nS/pF), the s∞ half-point (mV, negated), and the
#: model's initial values (V mV; concentrations mM; Na_o, Ca_o, K_o fixed at 140, 2, 5.4 mM).
#: epi: the CellML epicardial file (as in Nektar++'s TenTusscher06.cpp). endo and M: the
#: CellML endocardial and mid-myocardial variants as quoted by third-party code (pigreads,
#: and a Python port), not read from the CellML files themselves.
CELLTYPES: dict[str, dict[str, float]] = {
    "epi": {
        "g_to": 0.294,
        "g_Ks": 0.392,
        "s_half": 20.0,
        "V0": -85.23,
        "K_i": 136.89,
        "Na_i": 8.604,
        "Ca_i": 0.000126,
        "Ca_ss": 0.00036,
    },
    "endo": {
        "g_to": 0.073,
        "g_Ks": 0.392,
        "s_half": 28.0,
        "V0": -86.709,
        "K_i": 138.4,
        "Na_i": 10.355,
        "Ca_i": 0.00013,
        "Ca_ss": 0.00036,
    },
    "M": {
        "g_to": 0.294,
        "g_Ks": 0.098,
        "s_half": 20.0,
        "V0": -85.423,
        "K_i": 138.52,
        "Na_i": 10.132,
        "Ca_i": 0.000153,
        "Ca_ss": 0.00042,
    },
}


@dataclass(frozen=True)
class TTP06Cell:
    """The fixed state of a quiescent TTP06 myocyte: ``celltype`` and its concentrations (mM).
    ``V0`` is the model's published initial V (mV) for that cell type."""

    celltype: str = "epi"
    K_o: float = 5.4
    Na_o: float = 140.0
    Ca_o: float = 2.0
    K_i: float = 136.89
    Na_i: float = 8.604
    Ca_i: float = 0.000126
    Ca_ss: float = 0.00036
    V0: float = -85.23

    @property
    def g_to(self) -> float:
        return CELLTYPES[self.celltype]["g_to"]

    @property
    def g_Ks(self) -> float:
        return CELLTYPES[self.celltype]["g_Ks"]


def ttp06_cell(celltype: str = "epi", K_o: float = 5.4) -> TTP06Cell:
    """The TTP06 cell of ``celltype`` ("epi", "endo" or "M") with its initial concentrations,
    at ``K_o`` (mM; default the model's 5.4 mM)."""
    if celltype not in CELLTYPES:
        raise VrestInputError("celltype", celltype, f"one of {', '.join(CELLTYPES)}")
    k = float(K_o)
    if not (math.isfinite(k) and k > 0):
        raise VrestInputError("K_o", K_o, "a positive concentration in mM")
    c = CELLTYPES[celltype]
    base = TTP06Cell(
        celltype, K_i=c["K_i"], Na_i=c["Na_i"], Ca_i=c["Ca_i"], Ca_ss=c["Ca_ss"], V0=c["V0"]
    )
    return replace(base, K_o=k)


def ttp06_reversals(cell: TTP06Cell) -> dict[str, float]:
    """E_K, E_Na, E_Ca, E_Ks (mV) from the cell's concentrations, with TTP06's RT/F."""
    return {
        "E_K": _RTF * math.log(cell.K_o / cell.K_i),
        "E_Na": _RTF * math.log(cell.Na_o / cell.Na_i),
        "E_Ca": 0.5 * _RTF * math.log(cell.Ca_o / cell.Ca_i),
        "E_Ks": _RTF * math.log((cell.K_o + P_KNA * cell.Na_o) / (cell.K_i + P_KNA * cell.Na_i)),
    }


def _sig(x: ArrayLike) -> np.ndarray:
    """1/(1 + e^x), overflow-safe."""
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(np.asarray(x, dtype=float)))


def ttp06_gates(V: ArrayLike, cell: TTP06Cell, E_K: float | None = None) -> dict[str, Any]:
    """Steady-state gates at ``V`` (mV): m, h, j, r, s, xr1, xr2, xs, d, f, f2, fCass, xK1."""
    V = np.asarray(V, dtype=float)
    if E_K is None:
        E_K = ttp06_reversals(cell)["E_K"]
    from .gating import _ik1_x_inf

    h = _sig((V + 71.55) / 7.43) ** 2
    return {
        "m": _sig((-56.86 - V) / 9.03) ** 2,
        "h": h,
        "j": h,
        "r": _sig((20.0 - V) / 6.0),
        "s": _sig((V + CELLTYPES[cell.celltype]["s_half"]) / 5.0),
        "xr1": _sig((-26.0 - V) / 7.0),
        "xr2": _sig((V + 88.0) / 24.0),
        "xs": _sig((-5.0 - V) / 14.0),
        "d": _sig((-8.0 - V) / 7.5),
        "f": _sig((V + 20.0) / 7.0),
        "f2": 0.67 * _sig((V + 35.0) / 7.0) + 0.33,
        "fCass": np.full_like(V, 0.6 / (1.0 + (cell.Ca_ss / 0.05) ** 2) + 0.4),
        "xK1": _ik1_x_inf(V, E_K),
    }


def _ghk_cal(V: np.ndarray, cell: TTP06Cell) -> np.ndarray:
    """4 (V − 15) F²/(RT) (0.25 Ca_ss e^{2u} − Ca_o)/(e^{2u} − 1), u = (V − 15) F/RT, with the
    removable singularity at V = 15 mV: (V − 15)/(e^{2u} − 1) → RT/(2F)."""
    u = 2.0 * (V - 15.0) * _FRT
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(u)
        em1 = np.expm1(u)
        small = np.abs(u) < 1e-9
        ratio = np.where(small, 1.0, u / np.where(small, 1.0, em1))  # u/(e^u − 1) → 1
        return 2.0 * TTP06_F * ratio * (0.25 * cell.Ca_ss * e - cell.Ca_o)


def ttp06_currents(
    V: ArrayLike, cell: TTP06Cell, frozen: dict[str, float] | None = None
) -> dict[str, Any]:
    """The twelve sarcolemmal current densities (pA/pF, outward positive) at ``V`` (mV), every
    gate at its steady state (module docstring), except the gates named in ``frozen`` (name →
    value, e.g. ``{"h": 0.74, "j": 0.74}``), which are held there. Broadcasts over ``V``."""
    v = np.asarray(V, dtype=float)
    E = ttp06_reversals(cell)
    x = ttp06_gates(v, cell, E["E_K"])
    for k, val in (frozen or {}).items():
        x[k] = np.full_like(v, float(val))
    sk = math.sqrt(cell.K_o / TTP06_K_O_REF)
    frt = v * _FRT
    with np.errstate(over="ignore"):
        e_g = np.exp(GAMMA_NACA * frt)
        e_g1 = np.exp((GAMMA_NACA - 1.0) * frt)
        naca = (
            K_NACA
            * (e_g * cell.Na_i**3 * cell.Ca_o - ALPHA_NACA * e_g1 * cell.Na_o**3 * cell.Ca_i)
            / ((KM_NAI**3 + cell.Na_o**3) * (KM_CA + cell.Ca_o) * (1.0 + K_SAT * e_g1))
        )
        nak = (
            P_NAK
            * cell.K_o
            / (cell.K_o + K_MK)
            * cell.Na_i
            / (cell.Na_i + K_MNA)
            / (1.0 + 0.1245 * np.exp(-0.1 * frt) + 0.0353 * np.exp(-frt))
        )
        ipk = G_PK * (v - E["E_K"]) * _sig((25.0 - v) / 5.98)
    out = {
        "I_Na": G_NA * x["m"] ** 3 * x["h"] * x["j"] * (v - E["E_Na"]),
        "I_to": cell.g_to * x["r"] * x["s"] * (v - E["E_K"]),
        "I_Kr": G_KR * sk * x["xr1"] * x["xr2"] * (v - E["E_K"]),
        "I_Ks": cell.g_Ks * x["xs"] ** 2 * (v - E["E_Ks"]),
        "I_CaL": G_CAL * x["d"] * x["f"] * x["f2"] * x["fCass"] * _ghk_cal(v, cell),
        "I_K1": TTP06_G_K1 * sk * x["xK1"] * (v - E["E_K"]),
        "I_NaCa": naca,
        "I_NaK": nak,
        "I_pCa": np.full_like(v, G_PCA * cell.Ca_i / (cell.Ca_i + K_PCA)),
        "I_pK": ipk,
        "I_bNa": G_BNA * (v - E["E_Na"]),
        "I_bCa": G_BCA * (v - E["E_Ca"]),
    }
    if v.ndim == 0:
        return {k: float(c) for k, c in out.items()}
    return out


def ttp06_net_current(V: ArrayLike, cell: TTP06Cell, frozen: dict[str, float] | None = None) -> Any:
    """The summed current density (pA/pF) at ``V`` (mV) (``frozen`` as in
    :func:`ttp06_currents`)."""
    c = ttp06_currents(V, cell, frozen)
    return sum(c[k] for k in CURRENTS)


def _first_upward_root(
    f: Any, lo: float, hi: float, step: float, xtol: float, sign: int = 1
) -> float | None:
    """The lowest V in [lo, hi] where ``f`` (vectorised) crosses zero upwards (``sign`` = 1:
    from − to +) or downwards (``sign`` = −1), refined by the Illinois method; None if none."""
    grid = np.arange(lo, hi + 0.5 * step, step)
    y = sign * np.asarray(f(grid), dtype=float)
    idx = np.nonzero((y[:-1] < 0) & (y[1:] >= 0))[0]
    if idx.size == 0:
        return None
    i = int(idx[0])
    if y[i + 1] == 0:
        return float(grid[i + 1])
    return find_root(lambda v: float(f(v)), float(grid[i]), float(grid[i + 1]), xtol=xtol)


def ttp06_rest(cell: TTP06Cell | None = None, *, xtol: float = 1e-12) -> dict[str, Any]:
    """The quiescent TTP06 cell: the most negative V (mV) where the summed steady-state current
    crosses zero from inward to outward (a stable steady state: positive slope).

    The summed current is scanned from E_K − 40 mV to +40 mV in 0.25 mV steps; the first upward
    zero crossing is refined by the Illinois method to ``xtol``. In low K_o the steady-state
    I–V is N-shaped, with three zeros (rest, the steady-state threshold, and a depolarized
    state near −24 mV); below ≈ 0.65 mM (epi) the first two merge and vanish, and the lowest
    zero is the depolarized one (``depolarized`` is then True: V_rest > −40 mV).

    Returns ``V_rest`` (mV), ``E`` (the reversal potentials), ``currents`` (pA/pF at V_rest),
    ``gates`` (at V_rest), ``net`` (the residual, pA/pF), ``g_slope`` (dI/dV by central
    difference, nS/pF), ``depolarized`` and ``cell``."""
    cell = cell or ttp06_cell()
    E = ttp06_reversals(cell)

    def f(v: Any) -> Any:
        return ttp06_net_current(v, cell)

    v = _first_upward_root(f, E["E_K"] - 40.0, 40.0, 0.25, xtol)
    if v is None:  # pragma: no cover - the scan always finds one for 0.1-40 mM
        raise SolverError(f"K_o = {cell.K_o:g} mM: no resting potential found", "K_o")
    dv = 1e-4
    return {
        "V_rest": v,
        "E": E,
        "currents": ttp06_currents(v, cell),
        "gates": {k: float(x) for k, x in ttp06_gates(v, cell, E["E_K"]).items()},
        "net": float(f(v)),
        "g_slope": float((f(v + dv) - f(v - dv)) / (2 * dv)),
        "depolarized": v > -40.0,
        "cell": cell,
    }


#: Gates that follow V instantly in the fast threshold (τ_m ≈ 0.1 ms; x_K1 is instantaneous).
FAST_GATES = ("m", "xK1")


def ttp06_fast_threshold(rest: dict[str, Any], *, xtol: float = 1e-9) -> float | None:
    """The quasi-instantaneous threshold (mV) of the resting cell ``rest`` (from
    :func:`ttp06_rest`): the lowest V above rest where the *fast* I–V — m and x_K1 following V,
    every other gate (h, j, d, f, r, s, x_r, x_s …) frozen at its resting value — turns from
    outward to inward (the unstable zero of the fast–slow reduction; FitzHugh 1960). A brief
    stimulus that carries V past it fires an upstroke. None when the fast I–V never turns
    inward below +20 mV: the cell is inexcitable (Na⁺ channels too inactivated)."""
    cell = rest["cell"]
    frozen = {k: x for k, x in rest["gates"].items() if k not in FAST_GATES}

    def f(v: Any) -> Any:
        return ttp06_net_current(v, cell, frozen)

    return _first_upward_root(f, rest["V_rest"] + 0.5, 20.0, 0.05, xtol, sign=-1)
