"""Rest of a whole cell: the steady state, each ion's current and flux, the pump, the energetics,
and a classification of the state (thermodynamic equilibrium / NESS / not steady).

:func:`solve_rest` takes a :class:`~vrest.cell.Cell` and returns a :class:`RestResult`. Both
membrane models are solved for every cell:

* chord: I_i = g_i (V − E_i);  V = (Σ g_i E_i − I_pump)/Σ g_i  (:mod:`vrest.chord`);
* GHK: Σ_i P_i A J_GHK,i(V) + I_pump = 0, solved numerically (:mod:`vrest.ghk`).

An ion given by a conductance g gets the permeability whose GHK slope conductance at E_i equals g,
and an ion given by P gets that slope conductance as its chord g
(:func:`vrest.ghk.permeability_for_conductance`): the two I–V curves touch at E_i. The *primary*
model is GHK when any ion is given by a permeability, else chord; currents, fluxes and energetics
are reported at the primary model's V.

Pump: fixed current, or ``mode="balance"``: the pump rate is solved together with V so that the
pump's Na⁺ efflux equals the passive Na⁺ influx (3 Na⁺ per cycle).

Classification (the chapter, "静息膜电位：一个非平衡稳态"):

* **equilibrium**: every permeant ion at its Nernst potential (no net flux of any ion) and no
  pump current: zero dissipation and zero entropy production;
* **NESS**: the currents sum to zero but individual ion fluxes do not vanish; the pump's ATP keeps
  the gradients (positive dissipation, positive entropy production);
* **not steady**: the currents do not sum to zero at V (V must change), or fluxes flow with no
  pump to restore the gradients (the concentrations run down; V drifts toward 0 mV, in a real cell
  toward a Donnan potential).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from . import units
from ._roots import find_root
from .cell import Cell
from .constants import N_A, F
from .energetics import atp_free_energy, entropy_production, ion_dissipation, pump_work
from .errors import VrestInputError
from .ghk import UA_CM2_UM2_TO_PA, _g_reversal_per_P, _ghk_j_scalar
from .nernst import _nernst
from .pump import pump_cycle_rate, pump_ion_currents

#: |V − E| below this (mV) counts as "at equilibrium".
V_TOL_MV = 1e-6
#: A net current below this fraction of the largest ionic current counts as zero.
I_REL_TOL = 1e-9

STATES = ("equilibrium", "NESS", "not steady")


#: Field of :class:`IonRest` → key with its unit (to_dict, to_dataframe, JSON, CSV).
ION_KEYS = {
    "c_in": "c_in_mM",
    "c_out": "c_out_mM",
    "E": "E_mV",
    "g": "g_nS",
    "P": "P_cm_s",
    "driving_force": "driving_force_mV",
    "current": "current_pA",
    "pump_current": "pump_current_pA",
    "net_current": "net_current_pA",
    "flux": "flux_mol_s",
    "dissipation": "dissipation_W",
    "dcin_dt": "dcin_dt_mM_s",
}


@dataclass(frozen=True)
class IonRest:
    """One ion at rest. Units: c mM, E/V mV, g nS, P cm/s, currents pA (outward positive),
    flux mol/s (efflux positive), dissipation W, dcin_dt mM/s (None without a volume)."""

    name: str
    symbol: str
    z: int
    c_in: float
    c_out: float
    E: float
    g: float
    P: float
    driving_force: float
    current: float
    pump_current: float
    net_current: float
    flux: float
    dissipation: float
    dcin_dt: float | None

    def to_dict(self) -> dict[str, Any]:
        """Plain data with the units in the keys (``E_mV``, ``current_pA`` ...)."""
        return {ION_KEYS.get(k, k): v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class RestResult:
    """The full rest analysis of a cell (see the module docstring). Units: V mV, G nS,
    currents pA, power W, entropy production J K⁻¹ s⁻¹, ATP rate 1/s, ΔG kJ/mol."""

    #: The cell analysed.
    cell: Cell
    #: Primary membrane model, "chord" or "ghk".
    model: str
    #: Resting potential of the primary model (or the imposed V), mV.
    V: float
    V_chord: float
    V_ghk: float
    V_no_pump: float
    V_chord_no_pump: float
    V_ghk_no_pump: float
    #: V − V_no_pump of the primary model, mV (= −I_pump/G_total exactly for chord).
    pump_contribution: float
    #: Membrane conductance at rest, nS: Σ g_i (chord) or the slope conductance dI/dV of the
    #: summed GHK currents at V (GHK), i.e. the input conductance 1/R_in without the pump.
    G_total: float
    i_pump: float
    net_current: float
    ions: tuple[IonRest, ...]
    state: str
    reason: str
    dissipation: float
    entropy_production: float
    pump_work: float
    atp_rate: float
    dG_atp: float
    imposed_V: bool = False
    #: Pump current (pA) of each membrane model: a balance pump runs at a different rate under
    #: the chord and the GHK model, because the passive Na⁺ influx it balances differs.
    i_pump_chord: float = 0.0
    i_pump_ghk: float = 0.0

    @property
    def celsius(self) -> float:
        """Temperature (°C)."""
        return self.cell.celsius

    @property
    def E(self) -> dict[str, float]:
        """Nernst potentials (mV) keyed by ion name."""
        return {i.name: i.E for i in self.ions}

    def ion(self, name: str) -> IonRest:
        """The :class:`IonRest` of ion ``name``."""
        for i in self.ions:
            if i.name == name:
                return i
        raise VrestInputError("ion", name, f"one of {', '.join(i.name for i in self.ions)}")

    @property
    def atp_power(self) -> float:
        """Free energy released by the pump's ATP hydrolysis, W (= ATP/s × |ΔG_ATP|/N_A)."""
        return self.atp_rate * abs(self.dG_atp) * 1e3 / N_A

    @property
    def energy_residual(self) -> float:
        """Pump work on the ions minus passive dissipation, W (zero at a balanced pump–leak
        steady state)."""
        return self.pump_work - self.dissipation

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-serialisable summary with units in the keys."""
        return {
            "cell": self.cell.name,
            "celsius": self.celsius,
            "model": self.model,
            "state": self.state,
            "reason": self.reason,
            "V_mV": self.V,
            "V_chord_mV": self.V_chord,
            "V_ghk_mV": self.V_ghk,
            "V_no_pump_mV": self.V_no_pump,
            "pump_contribution_mV": self.pump_contribution,
            "G_total_nS": self.G_total,
            "i_pump_pA": self.i_pump,
            "net_current_pA": self.net_current,
            "dissipation_W": self.dissipation,
            "entropy_production_J_per_K_s": self.entropy_production,
            "pump_work_W": self.pump_work,
            "atp_rate_per_s": self.atp_rate,
            "dG_atp_kJ_per_mol": self.dG_atp,
            "ions": {
                i.name: {k: v for k, v in i.to_dict().items() if k != "name"} for i in self.ions
            },
        }

    def to_dataframe(self) -> Any:
        """Per-ion table (pandas DataFrame, one row per ion, units in the column names)."""
        import pandas as pd

        rows = [i.to_dict() for i in self.ions]
        for r in rows:
            del r["name"], r["symbol"]
        return pd.DataFrame(rows, index=pd.Index([i.name for i in self.ions], name="ion"))

    def to_csv(self) -> str:
        """The per-ion table as CSV (units in the column names), preceded by one row per
        whole-cell number (V_rest, model, state ...) under the column ``quantity``; no trailing
        blank line."""
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        summary = {k: v for k, v in self.to_dict().items() if k != "ions"}
        w.writerow(["quantity", "value"])
        for k, v in summary.items():
            w.writerow([k, v])
        w.writerow([])
        df = self.to_dataframe()
        w.writerow(["ion", *df.columns])
        for name, row in df.iterrows():
            w.writerow([name, *row.tolist()])
        return buf.getvalue().rstrip("\n")

    def table(self) -> str:
        """A readable text report of the full analysis."""
        from .report import rest_table

        return rest_table(self)

    def plot(self, path: Any = None, **kw: Any) -> Any:
        """E_i and V on a voltage axis, and the I–V curves (matplotlib Figure); saved
        atomically to ``path`` when given."""
        from .plotting import plot_rest

        return plot_rest(self, path, **kw)


# ---------------------------------------------------------------------------------------------
def _membrane(cell: Cell):
    """Per-ion arrays: names, z, c_in, c_out, E (mV), g (nS), P (cm/s); and area used (µm²)."""
    T = cell.celsius
    area = cell.area_um2 or 1.0  # with only conductances, any area gives the same currents
    names, zs, cis, cos, Es, gs, Ps = [], [], [], [], [], [], []
    for n, ion in cell.ions.items():
        E = float(_nernst(ion.c_in, ion.c_out, ion.z, T))
        gE_per_P = float(_g_reversal_per_P(ion.c_in, ion.c_out, ion.z, T))  # mS/cm² per cm/s
        if ion.P is not None:
            P = ion.P
            g = P * gE_per_P * area * 1e-2
        else:
            g = ion.g
            P = (g / (area * 1e-2)) / gE_per_P
        names.append(n)
        zs.append(ion.z)
        cis.append(ion.c_in)
        cos.append(ion.c_out)
        Es.append(E)
        gs.append(g)
        Ps.append(P)
    return names, zs, cis, cos, Es, gs, Ps, area


def _pump_k(cell: Cell) -> float:
    """Balance mode: I_pump = −k·I_Na,passive with k = (n_na − n_k)/n_na."""
    p = cell.pump
    return (p.n_na - p.n_k) / p.n_na


def _solve_chord(cell, names, Es, gs, pump_on=True):
    G = sum(gs)
    if G <= 0:
        raise VrestInputError("g", dict(zip(names, gs)), "at least one open conductance (nS)")
    S = sum(g * E for g, E in zip(gs, Es))
    p = cell.pump if pump_on else None
    if p is None:
        return S / G, 0.0
    if p.mode == "fixed":
        return (S - p.i_pump) / G, p.i_pump
    j = names.index("Na")
    k = _pump_k(cell) * gs[j]
    V = (S - k * Es[j]) / (G - k)
    return V, -k * (V - Es[j])


def _ghk_currents(V, zs, cis, cos, Ps, T, area):
    s = area * UA_CM2_UM2_TO_PA
    return [P * _ghk_j_scalar(V, ci, co, z, T) * s for z, ci, co, P in zip(zs, cis, cos, Ps)]


def _solve_ghk(cell, names, zs, cis, cos, Ps, area, pump_on=True):
    T = cell.celsius
    p = cell.pump if pump_on else None
    if not any(P > 0 for P in Ps):
        raise VrestInputError("P", dict(zip(names, Ps)), "at least one open permeability (cm/s)")
    if p is None or (p.mode == "fixed" and p.i_pump == 0.0):

        def net(v):
            return sum(_ghk_currents(v, zs, cis, cos, Ps, T, area))

        return find_root(net, -150.0, 150.0, xtol=1e-11), 0.0
    if p.mode == "fixed":
        ip = p.i_pump

        def net(v):
            return sum(_ghk_currents(v, zs, cis, cos, Ps, T, area)) + ip

        return find_root(net, -150.0, 150.0, xtol=1e-11), ip
    j = names.index("Na")
    k = _pump_k(cell)

    def net(v):
        cur = _ghk_currents(v, zs, cis, cos, Ps, T, area)
        return sum(cur) - k * cur[j]

    V = find_root(net, -150.0, 150.0, xtol=1e-11)
    return V, -k * _ghk_currents(V, zs, cis, cos, Ps, T, area)[j]


def solve_rest(cell: Cell, *, V: Any = None, model: str | None = None) -> RestResult:
    """Analyse a cell at rest (see the module docstring).

    ``model``: ``"chord"`` or ``"ghk"`` to choose the primary model (default: GHK if any ion is
    given by a permeability, else chord). ``V`` (mV): evaluate the currents at an imposed
    membrane potential instead of the steady state (e.g. to ask how far from steady a voltage is;
    a fixed pump keeps its current, a balancing pump balances the Na⁺ influx at that V)."""
    if not isinstance(cell, Cell):
        raise VrestInputError("cell", type(cell).__name__, "a vrest.Cell (see vrest.load_cell)")
    names, zs, cis, cos, Es, gs, Ps, area = _membrane(cell)
    if model is None:
        model = "ghk" if any(i.P is not None for i in cell.ions.values()) else "chord"
    if model not in ("chord", "ghk"):
        raise VrestInputError("model", model, "'chord' or 'ghk'")
    T = cell.celsius
    V_c, ip_c = _solve_chord(cell, names, Es, gs)
    V_c0, _ = _solve_chord(cell, names, Es, gs, pump_on=False)
    V_g, ip_g = _solve_ghk(cell, names, zs, cis, cos, Ps, area)
    V_g0, _ = _solve_ghk(cell, names, zs, cis, cos, Ps, area, pump_on=False)
    V_rest, ip, V_np = (V_c, ip_c, V_c0) if model == "chord" else (V_g, ip_g, V_g0)
    G_in = sum(gs)
    imposed = V is not None
    if imposed:
        V_rest = float(units.finite(V, "V", "voltage"))
    # currents of the primary model at V_rest
    if model == "chord":
        cur = [g * (V_rest - E) for g, E in zip(gs, Es)]
    else:
        cur = _ghk_currents(V_rest, zs, cis, cos, Ps, T, area)
        h = 1e-3  # mV: central difference, truncation error ~1e-9 relative
        up = _ghk_currents(V_rest + h, zs, cis, cos, Ps, T, area)
        down = _ghk_currents(V_rest - h, zs, cis, cos, Ps, T, area)
        G_in = (sum(up) - sum(down)) / (2 * h)  # pA/mV = nS
    if imposed and cell.pump is not None and cell.pump.mode == "balance":
        ip = -_pump_k(cell) * cur[names.index("Na")]
    n_na, n_k = (cell.pump.n_na, cell.pump.n_k) if cell.pump else (3, 2)
    pshare = pump_ion_currents(ip, n_na, n_k) if cell.pump else {}
    vol = cell.volume_um3
    ions = []
    for n, z, ci, co, E, g, P, I in zip(names, zs, cis, cos, Es, gs, Ps, cur):
        ipump = pshare.get(n, 0.0)
        net = I + ipump
        flux = I * 1e-12 / (z * F)
        dcdt = None if vol is None else -(net * 1e-12 / (z * F)) / (vol * 1e-15) * 1e3
        ions.append(
            IonRest(
                n,
                cell.ions[n].symbol,
                z,
                ci,
                co,
                E,
                g,
                P,
                V_rest - E,
                I,
                ipump,
                net,
                flux,
                float(ion_dissipation(I, V_rest, E)),
                dcdt,
            )
        )
    net_current = sum(cur) + ip
    diss = sum(i.dissipation for i in ions)
    e = {i.name: i.E for i in ions}
    pw = (
        float(pump_work(ip, V_rest, e["Na"], e["K"], n_na, n_k))
        if (ip and "Na" in e and "K" in e)
        else 0.0
    )
    state, reason = _classify(cell, ions, net_current, ip, V_rest)
    # pump contribution of the primary model: exact −I_pump/G for chord, V − V_no_pump for GHK
    dv_pump = (V_rest - V_np) if not imposed else float("nan")
    return RestResult(
        cell=cell,
        model=model,
        V=V_rest,
        V_chord=V_c,
        V_ghk=V_g,
        V_no_pump=V_np,
        V_chord_no_pump=V_c0,
        V_ghk_no_pump=V_g0,
        pump_contribution=dv_pump,
        G_total=G_in,
        i_pump=ip,
        net_current=net_current,
        ions=tuple(ions),
        state=state,
        reason=reason,
        dissipation=diss,
        entropy_production=float(entropy_production(diss, T)),
        pump_work=pw,
        atp_rate=pump_cycle_rate(ip, n_na, n_k),
        dG_atp=float(atp_free_energy(celsius=T)),
        imposed_V=imposed,
        i_pump_chord=ip_c,
        i_pump_ghk=ip_g,
    )


def _fmt_flux(ion: IonRest) -> str:
    return (
        f"{ion.symbol} {'efflux' if ion.flux > 0 else 'influx'} {abs(ion.flux) * 1e15:.3g} fmol/s"
    )


_CARRIERS = {
    ("Cl", "in"): "NKCC1",
    ("Cl", "out"): "KCC2",
    ("K", "in"): "NKCC1",
    ("K", "out"): "KCC2",
    ("Na", "out"): "the Na⁺/K⁺ pump",
    ("Ca", "out"): "PMCA/NCX",
    ("H", "out"): "NHE",
}


def _carrier(ion: IonRest) -> str:
    """'Cl⁻ net efflux 8.7 fmol/s needs uptake (e.g. NKCC1)' for an unbalanced ion."""
    net_flux = ion.net_current * 1e-12 / (ion.z * F)
    need = "in" if net_flux > 0 else "out"
    eg = _CARRIERS.get((ion.name, need))
    return (
        f"{ion.symbol} net {'efflux' if net_flux > 0 else 'influx'} "
        f"{abs(net_flux) * 1e15:.3g} fmol/s needs {'uptake' if need == 'in' else 'extrusion'}"
        + (f" (e.g. {eg})" if eg else "")
    )


def _classify(
    cell: Cell, ions: list[IonRest], net_current: float, ip: float, V: float
) -> tuple[str, str]:
    scale = max([abs(i.current) for i in ions] + [abs(ip), 1e-30])
    cap = cell.capacitance_pF
    if abs(net_current) > I_REL_TOL * scale and abs(net_current) > 1e-12:
        rate = "" if cap is None else f"; dV/dt = −I/C = {-net_current / cap:.3g} mV/ms"
        return "not steady", (
            f"the membrane currents do not sum to zero at V = {V:.2f} mV: net "
            f"{net_current:.3g} pA charges the membrane{rate}"
        )
    open_ions = [i for i in ions if i.g > 0]
    at_eq = all(abs(i.driving_force) < V_TOL_MV for i in open_ions)
    if at_eq and ip == 0.0:
        return "equilibrium", (
            "every permeant ion is at its Nernst potential: no net flux, no "
            "energy needed, zero entropy production"
        )
    moving = [i for i in open_ions if abs(i.driving_force) >= V_TOL_MV]
    flows = ", ".join(_fmt_flux(i) for i in moving)
    if ip > 0.0:
        unbalanced = [i for i in ions if abs(i.net_current) > 1e-6 * scale]
        txt = (
            f"the currents sum to zero but the ions flow ({flows}); the Na⁺/K⁺ pump "
            f"({ip:.3g} pA, {pump_cycle_rate(ip):.3g} ATP/s) spends ATP to keep the "
            "gradients"
        )
        if unbalanced:
            txt += "; not balanced by the pump: " + ", ".join(_carrier(i) for i in unbalanced)
            txt += " (or the concentrations drift)"
        return "NESS", txt
    drift = ""
    if cell.volume_um3 is not None and moving:
        fastest = max(moving, key=lambda i: abs(i.dcin_dt or 0.0) / i.c_in)
        tau = fastest.c_in / abs(fastest.dcin_dt) / 60.0 if fastest.dcin_dt else math.inf
        drift = (
            f"; [{fastest.symbol}]in changes by {fastest.dcin_dt * 60:+.3g} mM/min "
            f"(time scale ~{tau:.3g} min)"
        )
    return "not steady", (
        "the currents sum to zero at this V, but nothing restores the "
        f"gradients: {flows} run them down{drift}; without a pump V drifts "
        "toward 0 mV (a Donnan potential in a real cell)"
    )
