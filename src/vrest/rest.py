"""Rest of a whole cell: the steady state, each ion's current and flux, the pump, the energy
books, and what kind of state it is (:mod:`vrest.state`).

:func:`solve_rest` takes a :class:`~vrest.cell.Cell` and returns a :class:`RestResult`. Both
membrane models are solved for every cell (:mod:`vrest.membrane`):

* chord: I_i = g_i (V − E_i);  V = (Σ g_i E_i − I_pump)/Σ g_i  (:mod:`vrest.chord`);
* GHK: Σ_i P_i A J_GHK,i(V) + I_pump = 0, solved numerically (:mod:`vrest.ghk`).

One membrane: an ion described by g has its P derived once, when the cell is described, so that
the GHK slope conductance at E_i equals g (and an ion described by P gets that g); both stay
fixed when concentrations change. The two I–V curves touch at E_i and part away from it (GHK
rectification), so V_chord and V_GHK differ. The chord equation is *exact* for the GHK membrane
when each g_i is the GHK chord conductance I_i/(V − E_i) at V_GHK (reported per ion as
``g_chord_at_ghk``): the gap V_chord − V_GHK comes from the convention of matching slopes at E_i,
not from physics. Where that conversion is ill-conditioned (the GHK chord conductance at rest
differs from g by more than 2×), the result says so and asks for P.

The *primary* model (``cell.model``; GHK when any ion is given by P alone, else chord) gives the
currents, fluxes, energy books and the state.

Pump: a fixed current, or ``mode="balance"``: its rate is solved together with V so that its Na⁺
efflux equals the passive Na⁺ influx, at the cell's reference temperature; at another temperature
its turnover is scaled by its Q10 and the leaks by theirs (the chapter's temperature section).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any

from . import units
from .cell import Cell
from .constants import E_CHARGE, N_A, F
from .energetics import _cycle_work_mV, _ion_power, atp_free_energy
from .errors import SolverError, VrestInputError, VrestWarning
from .membrane import MODELS, Membrane, Steady, atp_mV, steady
from .state import (
    FLUX_REL_TOL,
    I_REL_TOL,
    STATE_EXPLAINED,
    STATE_LABELS,
    STATES,
    V_RES_MV,
    V_TOL_MV,
    Drift,
    EnergyBooks,
    classify,
    dcin_dt,
    drift_of,
)
from .transporters import KIND_TEXT, set_point_text

#: GHK chord conductance at rest / g outside [1/3, 3] → the g ↔ P conversion is
#: ill-conditioned for that ion (say so, ask for P). A monovalent ion with a tenfold gradient
#: 140 mV from its E (Na⁺ in a neuron) sits at ≈ 2.3× by the convention itself; a divalent ion
#: with a 10⁴-fold gradient (Ca²⁺) is at ≈ 40×, where the conversion decides the answer.
ILL_RATIO = 3.0

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
    "transporter_current": "transporter_current_pA",
    "net_current": "net_current_pA",
    "flux": "flux_mol_s",
    "net_flux": "net_flux_mol_s",
    "dissipation": "dissipation_W",
    "dcin_dt": "dcin_dt_mM_s",
    "g_chord_at_ghk": "g_chord_at_ghk_nS",
}


@dataclass(frozen=True)
class IonRest:
    """One ion at rest, under the primary model. Units: c mM, E/V mV, g nS, P cm/s (NaN for a
    cell without area), currents pA (outward positive), ``flux`` (passive) and ``net_flux``
    (passive + pump) mol/s (efflux positive: I/(zF)), dissipation W, dcin_dt mM/s (None without
    a volume), ``g_chord_at_ghk``: the GHK chord conductance I_GHK/(V − E) at V_GHK, nS (the g
    that makes the chord equation exact for the GHK membrane; NaN at V_GHK = E)."""

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
    net_flux: float
    dissipation: float
    dcin_dt: float | None
    g_chord_at_ghk: float
    #: Current through the cotransporters (NKCC1, KCC2 ...), pA, outward +.
    transporter_current: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data with the units in the keys (``E_mV``, ``current_pA`` ...)."""
        return {ION_KEYS.get(k, k): v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class ChannelRest:
    """A gated channel population at rest: its ``gates`` at their steady state, the conductance
    open at V (``g_open``, nS), its ``current`` (pA, outward +), the ``ion`` it carries (None for
    a fixed-reversal leak) and the reversal ``E`` it is driven from (mV)."""

    name: str
    kind: str
    ion: str | None
    gates: dict[str, float]
    g_open: float
    current: float
    E: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ion": self.ion,
            "gates": dict(self.gates),
            "g_open_nS": self.g_open,
            "current_pA": self.current,
            "E_mV": self.E,
        }


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
    #: Pump current of the primary model, pA (outward +).
    i_pump: float
    #: Net membrane current at V, pA (0 within tolerance at a steady V).
    net_current: float
    ions: tuple[IonRest, ...]
    #: One of "equilibrium", "NESS", "drifting", "not steady" (:mod:`vrest.state`).
    state: str
    #: Why, in words, with each drifting ion and what would hold it.
    reason: str
    #: Ions whose amounts change (state "drifting"), with rate, time constant and end point.
    drifts: tuple[Drift, ...]
    #: The energy books (W): passive dissipation, transporter work, ATP, residual, entropy.
    energy: EnergyBooks
    #: Pump cycles per second (= ATP per second) of the primary model.
    atp_rate: float
    #: ΔG of ATP hydrolysis in the cytosol, kJ/mol (Lehninger's erythrocyte ATP/ADP/Pi).
    dG_atp: float
    #: The models and assumptions that produced these numbers, in words.
    notes: tuple[str, ...] = ()
    imposed_V: bool = False
    #: Pump current (pA) of each membrane model: a balance pump runs at a different rate under
    #: the chord and the GHK model, because the passive Na⁺ influx it balances differs.
    i_pump_chord: float = 0.0
    i_pump_ghk: float = 0.0
    #: How the pump's rate was set (text).
    pump_how: str = "no pump"
    #: Gated channel populations at rest: gates, open conductance, current.
    channels: tuple[ChannelRest, ...] = ()
    tolerances: dict[str, float] = field(
        default_factory=lambda: {
            "net_current_rel": I_REL_TOL,
            "net_current_V_resolution_mV": V_RES_MV,
            "ion_net_flux_rel": FLUX_REL_TOL,
            "V_minus_E_mV": V_TOL_MV,
        }
    )

    @property
    def celsius(self) -> float:
        """Temperature (°C)."""
        return self.cell.celsius

    @property
    def state_label(self) -> str:
        """The state in words, e.g. "V steady, concentrations drifting"."""
        return STATE_LABELS[self.state]

    @property
    def state_explained(self) -> str:
        """One line on what the state means."""
        return STATE_EXPLAINED[self.state]

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

    # energy books, flat (kept for the chapter's §7 wording)
    @property
    def dissipation(self) -> float:
        """Passive (channel) dissipation Σ I_i (V − E_i), W."""
        return self.energy.passive

    @property
    def entropy_production(self) -> float:
        """Entropy production of the channels, passive dissipation / T, J K⁻¹ s⁻¹ (the
        chapter's §7 quantity; ``energy.entropy_total`` adds the pump's own losses)."""
        return self.energy.entropy_channels

    @property
    def pump_work(self) -> float:
        """Work of the pump on the ions, W."""
        return self.energy.transporters

    @property
    def atp_power(self) -> float:
        """Free energy released by the pump's ATP hydrolysis, W (= ATP/s × |ΔG_ATP|/N_A)."""
        return self.energy.atp

    @property
    def energy_residual(self) -> float:
        """Passive dissipation minus the transporters' work, W: the rate at which the gradients
        lose free energy (0 at a NESS); the sign of :class:`vrest.energetics.EnergyBalance`."""
        return self.energy.residual

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-serialisable summary with units in the keys; an undefined number (NaN:
        a model with no steady V, the efficiency of a stopped pump, P without an area) is
        None (JSON null), explained in ``notes``."""
        return _nan_to_none(self._dict())

    def _dict(self) -> dict[str, Any]:
        return {
            "cell": self.cell.name,
            "celsius": self.celsius,
            "reference_celsius": self.cell.reference_celsius,
            "model": self.model,
            "state": self.state,
            "state_label": self.state_label,
            "reason": self.reason,
            "V_mV": self.V,
            "V_chord_mV": self.V_chord,
            "V_ghk_mV": self.V_ghk,
            "V_no_pump_mV": self.V_no_pump,
            "pump_contribution_mV": self.pump_contribution,
            "G_total_nS": self.G_total,
            "i_pump_pA": self.i_pump,
            "i_pump_chord_pA": self.i_pump_chord,
            "i_pump_ghk_pA": self.i_pump_ghk,
            "pump": self.pump_how,
            "net_current_pA": self.net_current,
            "dissipation_W": self.dissipation,
            "entropy_production_J_per_K_s": self.entropy_production,
            "pump_work_W": self.pump_work,
            "atp_rate_per_s": self.atp_rate,
            "dG_atp_kJ_per_mol": self.dG_atp,
            "energy": self.energy.to_dict(),
            "drifts": [d.to_dict() for d in self.drifts],
            "channels": {c.name: c.to_dict() for c in self.channels},
            "notes": list(self.notes),
            "tolerances": dict(self.tolerances),
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
        w.writerow(["quantity", "value"])
        for k, v in self.to_dict().items():
            if k in ("ions", "drifts", "notes", "energy", "tolerances", "channels"):
                continue
            w.writerow([k, "" if v is None else v])
        for k, v in _nan_to_none(self.energy.to_dict()).items():
            w.writerow([k, "" if v is None else v])
        w.writerow([])
        rows = [_nan_to_none(i.to_dict()) for i in self.ions]
        cols = [k for k in rows[0] if k not in ("name", "symbol")]
        w.writerow(["ion", *cols])
        for r in rows:
            w.writerow([r["name"], *("" if r[k] is None else r[k] for k in cols)])
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
def solve_rest(cell: Cell, *, V: Any = None, model: str | None = None) -> RestResult:
    """Analyse a cell at rest (see the module docstring).

    ``model``: ``"chord"`` or ``"ghk"`` to choose the primary model (default: ``cell.model``).
    ``V`` (mV): evaluate the currents at an imposed membrane potential instead of the steady
    state (e.g. to ask how far from steady a voltage is; the pump keeps the rate it has at
    rest)."""
    if not isinstance(cell, Cell):
        raise VrestInputError("cell", type(cell).__name__, "a vrest.Cell (see vrest.load_cell)")
    model = cell.model if model is None else model
    if model not in MODELS:
        raise VrestInputError("model", model, "'chord' or 'ghk'")
    imposed = V is not None
    if imposed:
        V = units.finite_scalar(V, "V", "voltage")
    mem = Membrane.of(cell)
    unsolved: list[str] = []
    sol = {m: _steady_or_nan(cell, mem, m, model, True, unsolved) for m in MODELS}
    sol0 = {m: _steady_or_nan(cell, mem, m, model, False, unsolved) for m in MODELS}
    main = sol[model]
    V_rest = V if imposed else main.V
    pump_rate, ip = main.rate, main.i_pump
    if not imposed:
        _check_physical(cell, model, V_rest, ip)
    cur = mem.currents(V_rest, model)
    other_current = 0.0
    if mem.chans:  # gated channels are passive channels: their ion currents join each ion's
        ccur, other_current = mem.channel_currents(V_rest)
        cur = cur + ccur
    cur = cur.tolist()
    for n, c in zip(mem.names, cur):
        if not math.isfinite(c):
            raise VrestInputError(
                f"ions.{n}.g",
                cell.ions[n].g,
                "a conductance (nS) or permeability whose current at rest is finite",
                f"its current at V = {V_rest:.4g} mV overflows",
            )
    G_in = mem.slope_conductance(V_rest, model)
    shares = cell.pump.ion_currents_at_rate(pump_rate) if cell.pump else {}
    tcur = mem.transport(V_rest).tolist() if mem.trans else [0.0] * len(mem.names)
    # GHK chord conductances at V_GHK: the g that makes the chord equation exact
    Vg = sol["ghk"].V
    Ig = mem.currents(Vg, "ghk")
    with_area = cell.area_um2 is not None
    ions, nets = [], []
    for j, n in enumerate(mem.names):
        z, E, I = int(mem.z[j]), float(mem.E[j]), cur[j]
        ipump = shares.get(n, 0.0)
        net = I + ipump + tcur[j]
        nets.append(net)
        dv = Vg - E
        ions.append(
            IonRest(
                name=n,
                symbol=cell.ions[n].symbol,
                z=z,
                c_in=float(mem.c_in[j]),
                c_out=float(mem.c_out[j]),
                E=E,
                g=float(mem.g[j]),
                P=float(mem.PA[j] / cell.area_um2) if with_area else math.nan,
                driving_force=V_rest - E,
                current=I,
                pump_current=ipump,
                net_current=net,
                flux=I * 1e-12 / (z * F),
                net_flux=net * 1e-12 / (z * F),
                dissipation=float(_ion_power(I, V_rest, E)),
                dcin_dt=dcin_dt(net, z, mem.volume),
                g_chord_at_ghk=float(Ig[j] / dv) if abs(dv) > V_TOL_MV else math.nan,
                transporter_current=tcur[j],
            )
        )
    net_current = sum(cur) + ip + sum(tcur) + other_current
    chan_rest = _channel_rest(cell, mem, V_rest)
    gated = {c.ion for c in chan_rest if c.ion is not None and c.g_open > 0}
    fixed = [c for c in chan_rest if c.ion is None and c.g_open > 0]
    state = classify(
        currents=cur + [c.current for c in fixed],
        net_ion_currents=nets,
        driving_forces=[i.driving_force for i in ions] + [V_rest - c.E for c in fixed],
        open_=[i.g > 0 or i.name in gated for i in ions] + [True] * len(fixed),
        net_current=net_current,
        pump_rate=pump_rate,
        G=G_in,
    )
    scale = max([abs(c) for c in cur] + [1e-300])
    drifts = ()
    if state == "drifting":
        drifts = tuple(
            drift_of(mem, j, V_rest, model, ions[j].pump_current)
            for j in range(len(ions))
            if abs(nets[j]) > FLUX_REL_TOL * scale
        )
    dG = float(atp_free_energy(celsius=cell.celsius))
    leak_W = sum(c.current * (V_rest - c.E) for c in chan_rest if c.ion is None) * 1e-15
    carrier_atp = sum(  # ATP/s of primary carriers (H⁺-ATPase): atp × j / e
        t.atp * j * 1e-12 / E_CHARGE
        for t, j in zip(cell.transporters, mem.transporter_rates(V_rest) if mem.trans else [])
    )
    energy = _energy(cell, ions, V_rest, pump_rate, dG, leak_W, carrier_atp)
    notes = _notes(cell, model, main.how, ions, sol, V_rest) + tuple(unsolved)
    notes += tuple(_channel_note(c) for c in chan_rest)
    return RestResult(
        cell=cell,
        model=model,
        V=V_rest,
        V_chord=sol["chord"].V,
        V_ghk=sol["ghk"].V,
        V_no_pump=sol0[model].V,
        V_chord_no_pump=sol0["chord"].V,
        V_ghk_no_pump=sol0["ghk"].V,
        pump_contribution=(main.V - sol0[model].V) if not imposed else math.nan,
        G_total=G_in,
        i_pump=ip,
        net_current=0.0 if state != "not steady" else net_current,
        ions=tuple(ions),
        state=state,
        reason=_reason(state, cell, ions, drifts, net_current, ip, pump_rate, V_rest),
        drifts=drifts,
        energy=energy,
        atp_rate=pump_rate,
        dG_atp=dG,
        notes=notes,
        imposed_V=imposed,
        i_pump_chord=sol["chord"].i_pump,
        i_pump_ghk=sol["ghk"].i_pump,
        pump_how=main.how,
        channels=chan_rest,
    )


def _channel_note(c: ChannelRest) -> str:
    from .channels import KINDS

    gates = ", ".join(f"{k}∞ {v:.4g}" for k, v in c.gates.items())
    carried = f"{c.ion}" if c.ion else "no tracked ion (its ions are not followed)"
    return (
        f"{c.name}: {KINDS[c.kind][1]}{'; gates at their steady state: ' + gates if gates else ''}"
        f"; open {c.g_open:.4g} nS, {c.current:+.4g} pA, carries {carried}; ohmic in both models"
    )


def _channel_rest(cell: Cell, mem: Membrane, V: float) -> tuple[ChannelRest, ...]:
    out = []
    k = mem.index("K")
    k_out = mem.c_out[k] if k is not None else None
    for ch, j, g in mem.chans:
        E = ch.E if j is None else float(mem.E[j])
        g_open = g * float(ch.open_fraction(V, E, k_out))
        out.append(
            ChannelRest(ch.name, ch.kind, ch.ion, ch.gates(V, E), g_open, g_open * (V - E), E)
        )
    return tuple(out)


def _steady_or_nan(cell, mem, m, primary, pump_on, unsolved):
    """The steady state of model ``m``; if the *other* model has none (e.g. a pump current
    no GHK current can balance within ±10 V), NaN and a note, not a failed analysis."""
    try:
        return steady(cell, mem, m, pump_on)
    except SolverError as exc:
        what = f"{'GHK' if m == 'ghk' else 'chord'} model{'' if pump_on else ' without pump'}"
        if m == primary:
            raise SolverError(
                f"{cell.name or 'cell'}: no steady V for the {what}: {exc}; check the pump "
                "(pump.i_pump, or celsius far from reference_celsius with pump.q10) against the "
                "leaks (g or P)"
            ) from None
        unsolved.append(f"the {what} has no steady V ({exc}); its numbers are NaN")
        return Steady(math.nan, math.nan, math.nan, "no steady V")


#: |V| beyond this (mV) is no resting potential: lipid membranes break down (electroporation)
#: at a few hundred mV; the result is refused (the CLI's ``iv`` uses the same bound).
V_MAX_MV = 1000.0
#: |V| beyond this (mV) is reported with a warning: above the ~0.3–0.5 V at which bilayers
#: break down (Weaver & Chizmadzhev, Bioelectrochem. Bioenerg. 41, 135 (1996)).
V_BREAKDOWN_MV = 300.0


def _check_physical(cell: Cell, model: str, V: float, ip: float) -> None:
    """Refuse a steady V beyond :data:`V_MAX_MV` (a pump current or temperature the leaks
    cannot carry), naming the field to look at; warn beyond :data:`V_BREAKDOWN_MV`."""
    if abs(V) <= V_BREAKDOWN_MV:
        return
    if not (math.isfinite(V) and math.isfinite(ip)):
        big = max(cell.ions, key=lambda n: cell.ions[n].g)
        raise VrestInputError(
            f"ions.{big}.g",
            cell.ions[big].g,
            "conductances and permeabilities small enough for a finite result (nS, cm/s)",
            "the arithmetic overflowed: are the units right?",
        )
    if cell.pump is not None and ip:
        if cell.celsius != cell.reference_celsius:
            field, value = "celsius", f"{cell.celsius:g} °C"
            why = (
                f"the pump's turnover, scaled by pump.q10 {cell.pump.q10:g} from "
                f"{cell.reference_celsius:g} °C, carries {ip:.3g} pA"
            )
        else:
            field, value = "pump.i_pump", f"{ip:.4g} pA"
            why = f"a pump current of {ip:.3g} pA"
    else:
        field, value, why = "ions", ", ".join(cell.ions), "these leaks"
    text = (
        f"{why}, which puts V at {V:.4g} mV in the {model} model, beyond the few hundred mV at "
        "which a lipid membrane breaks down: no physical resting potential"
    )
    if not abs(V) <= V_MAX_MV:
        raise VrestInputError(field, value, f"inputs that give |V| ≤ {V_MAX_MV:g} mV", text)
    warnings.warn(f"{field} = {value}: {text}", VrestWarning, stacklevel=4)


def size_transporter(cell: Cell, name: str, ion: str, *, g_max: float = 1e6) -> float:
    """The strength g (nS) of transporter ``name`` at which ``ion``'s net flux at rest is zero
    (everything else as described; V, a balance pump and the other ions re-solved with it).
    E.g. how much NKCC1 holds the chapter neuron's 10 mM Cl⁻ — and with Na⁺ balanced by a
    balance pump and the currents summing to zero, K⁺ then balances too: a NESS.

    Raises :class:`VrestInputError` when no g in [0, ``g_max``] does it (the carrier's set
    point lies on the wrong side of the ion's gradient)."""
    from ._roots import find_root

    cell.transporter(name)
    if ion not in cell.ions:
        raise VrestInputError("ion", ion, f"one of this cell's ions: {', '.join(cell.ions)}")

    def net(g: float) -> float:
        r = solve_rest(cell.with_transporter(name, g=max(g, 0.0)))
        return r.ion(ion).net_current

    f0 = net(0.0)
    hi = 1.0
    while net(hi) * f0 > 0:
        hi *= 4.0
        if hi > g_max:
            raise VrestInputError(
                f"{name}.g",
                f"0…{g_max:g} nS",
                f"a strength that holds {ion}",
                f"{name} cannot: its set point is on the wrong side of {ion}'s gradient",
            )
    return find_root(net, 0.0, hi, xtol=1e-12, what=f"{ion}'s net current", fields=f"{name}.g")


def _nan_to_none(d: Any) -> Any:
    if isinstance(d, dict):
        return {k: _nan_to_none(v) for k, v in d.items()}
    if isinstance(d, list):
        return [_nan_to_none(v) for v in d]
    return None if isinstance(d, float) and math.isnan(d) else d


def _energy(
    cell: Cell,
    ions: list[IonRest],
    V: float,
    rate: float,
    dG: float,
    leak_W: float = 0.0,
    carrier_atp: float = 0.0,
) -> EnergyBooks:
    T = cell.celsius + 273.15
    passive = sum(i.dissipation for i in ions) + leak_W  # leaks of no tracked ion included
    # cotransporters: work on the ions Σ I_i (E_i − V) ≤ 0 (they dissipate g·D²)
    cot = sum(i.transporter_current * (i.E - V) for i in ions) * 1e-15  # pA·mV → W
    work, atp, eff = 0.0, 0.0, math.nan
    if cell.pump is not None:
        e = {i.name: i.E for i in ions}
        eK = e.get("K", V)  # without K⁺ in the cell its transport does no work
        work = (
            rate
            * E_CHARGE
            * float(_cycle_work_mV(V, e["Na"], eK, cell.pump.n_na, cell.pump.n_k))
            * 1e-3
        )
        atp = rate * abs(dG) * 1e3 / N_A
        eff = work / atp if atp > 0 else math.nan  # the pump's own efficiency
    work += cot
    atp += carrier_atp * abs(dG) * 1e3 / N_A  # ATP burnt by primary carriers (H⁺-ATPase)
    residual = passive - work
    if abs(residual) <= FLUX_REL_TOL * max(passive, abs(work)):  # balanced within tolerance
        residual = 0.0
    return EnergyBooks(
        passive=passive,
        transporters=work,
        atp=atp,
        efficiency=eff,
        residual=residual,
        entropy_channels=passive / T,
        entropy_total=(passive + atp - work) / T,
    )


def _fmt_flux(ion: IonRest) -> str:
    return (
        f"{ion.symbol} {'efflux' if ion.flux > 0 else 'influx'} {abs(ion.flux) * 1e15:.3g} fmol/s"
    )


#: At most this many ions are named in a sentence (a cell may have thousands).
_NAMED = 8


def _first(items, fmt) -> str:
    """``fmt`` of the first :data:`_NAMED` items, joined, with "and N more" after."""
    items = list(items)
    text = ", ".join(fmt(i) for i in items[:_NAMED])
    return text + (f" and {len(items) - _NAMED} more" if len(items) > _NAMED else "")


def _reason(state, cell, ions, drifts, net_current, ip, rate, V) -> str:
    moving = [i for i in ions if i.current != 0 and abs(i.driving_force) >= V_TOL_MV]
    flows = _first(sorted(moving, key=lambda i: -abs(i.flux)), _fmt_flux)
    pump = ""
    if cell.pump is not None and rate > 0:
        p = cell.pump
        pump = f"the {p.n_na} Na⁺ : {p.n_k} K⁺ pump ({ip:.3g} pA, {rate:.3g} ATP/s) spends ATP"
    if state == "not steady":
        cap = cell.capacitance_pF
        dvdt = "" if cap is None else f"; dV/dt = −I/C = {-net_current / cap:.3g} mV/ms"
        return (
            f"the membrane currents do not sum to zero at V = {V:.2f} mV: a net "
            f"{net_current:.3g} pA charges the membrane{dvdt}"
        )
    if state == "equilibrium":
        return (
            "every permeant ion is at its Nernst potential: no net flux, no energy needed, "
            "zero entropy production"
        )
    if state == "NESS":
        return (
            f"the currents sum to zero and every ion's net flux is zero: the ions flow "
            f"({flows}) and {pump or 'transport'} to keep the gradients"
        )
    txt = f"the currents sum to zero, so V is steady, but ions flow ({flows})"
    if pump:
        txt += f"; {pump}, yet not every ion is balanced"
    else:
        txt += "; no pump restores the gradients: V drifts toward 0 mV (in a real cell toward a "
        txt += "Donnan potential, while the cell swells)"
    names = _first(drifts, lambda d: d.symbol)
    return txt + (f"; drifting: {names}" if names else "")


def _notes(
    cell: Cell, model: str, pump_how: str, ions: list[IonRest], sol: dict, V: float
) -> tuple:
    other = "ghk" if model == "chord" else "chord"
    name = {"chord": "chord conductance, I = g (V − E)", "ghk": "GHK current equation"}
    notes = [
        f"primary model: {name[model]}; the {name[other].split(',')[0]} model is solved beside "
        f"it (V {sol[other].V:+.2f} mV) with "
        + ("P derived from g" if model == "chord" else "g derived from P")
        + " once, at the concentrations the cell was described with (slopes match at E_i)",
        "activities taken equal to concentrations; CODATA 2018 R and F",
        f"pump: {pump_how}" if cell.pump is not None else "no pump",
    ]
    E = {i.name: i.E for i in ions}
    z = {i.name: i.z for i in ions}
    a_mV = atp_mV(cell.celsius)
    for t in cell.transporters:
        src = "with ATP: a linear thermodynamic pump" if t.atp else "Düsterwald et al. 2018"
        notes.append(
            f"{t.name}: {KIND_TEXT.get(t.kind, 'custom carrier ' + str(t.stoichiometry))}, "
            f"g {t.g:.4g} nS, rate ∝ its driving force D = {t.drive(E, z, V, a_mV):+.2f} mV"
            f" ({src}); it stops (D = 0) where {set_point_text(t)}"
        )
    if abs(cell.celsius - cell.reference_celsius) > 20:
        notes.append(
            f"Q10s extrapolated over {cell.celsius - cell.reference_celsius:+g} °C; they are "
            "measured over 10–20 °C and rarely hold much beyond"
        )
    if cell.celsius != cell.reference_celsius:
        notes.append(
            f"leaks × Q10 {cell.q10_leak:g}^(ΔT/10) = ×{cell.leak_factor:.4g}: described at "
            f"{cell.reference_celsius:g} °C, solved at {cell.celsius:g} °C"
        )
    if cell.pump is not None:
        notes.append(
            "ΔG_ATP from cytosolic ATP 2.25, ADP 0.25, Pi 1.65 mM (Lehninger, erythrocyte)"
        )
    for i in ions:
        gc = i.g_chord_at_ghk
        if i.g > 0 and math.isfinite(gc) and not (1 / ILL_RATIO <= gc / i.g <= ILL_RATIO):
            given = "g" if cell.ions[i.name].P is None or model == "chord" else "P"
            msg = (
                f"ions.{i.name}: the g ↔ P conversion is ill-conditioned: the GHK chord "
                f"conductance at V_GHK is {gc:.3g} nS against g = {i.g:.3g} nS "
                f"(×{gc / i.g:.3g}); "
                + ("give P for this ion" if given == "g" else "give g for this ion")
                + " to describe both models"
            )
            notes.append(msg)
            warnings.warn(msg, VrestWarning, stacklevel=3)
    return tuple(notes)


__all__ = ["STATES", "IonRest", "RestResult", "size_transporter", "solve_rest"]
