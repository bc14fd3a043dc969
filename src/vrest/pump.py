"""The Na⁺/K⁺-ATPase: electrogenic current, its contribution to V, and the Mullins–Noda equation.

Per ATP hydrolysed the pump moves 3 Na⁺ out and 2 K⁺ in (primary active transport), a net
outward charge of one e per cycle, hence an outward (positive) pump current I_pump.

* Electrogenic contribution (the chapter, "泵的电致贡献"):
  ``ΔV_pump = V_with_pump − V_no_pump = −I_pump / G_total`` (< 0: it hyperpolarizes).
* Mullins & Noda, J. Gen. Physiol. 47, 117 (1963): with coupling ratio r = Na⁺/K⁺ pumped
  (3:2 → r = 1.5) and the pump's fluxes balancing the passive ones,
  ``V = (RT/F) ln((r P_K [K]_o + P_Na [Na]_o) / (r P_K [K]_i + P_Na [Na]_i))``.

Units: currents pA, conductances nS, voltages mV, permeabilities cm/s (ratios), mM, °C.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from . import units
from .constants import DEFAULT_CELSIUS, E_CHARGE, ZERO_CELSIUS, F, R
from .errors import VrestInputError
from .temperature import Q10_PUMP_DEFAULT

#: Ions of one kind moved per pump cycle, at most (the Na⁺/K⁺-ATPase moves 3 and 2).
MAX_IONS_PER_CYCLE = 10
#: Luo & Rudy, Circ. Res. 74, 1071 (1994): half-activation of I_NaK by [Na]ᵢ and [K]ₒ (mM).
KM_NA_LR = 10.0
KM_K_LR = 1.5
SATURATIONS = ("luo-rudy", "cubic")


@dataclass(frozen=True)
class Pump:
    """A Na⁺/K⁺ pump.

    ``i_pump``: the pump current in pA (outward positive) at the cell's reference temperature,
    used when ``mode == "fixed"``; its sign follows the net charge per cycle ``n_na − n_k``.
    ``mode``: ``"fixed"`` (given current) or ``"balance"`` (the pump runs exactly as fast as
    needed to extrude the passive Na⁺ influx at rest: ``n_na · rate = Na⁺ influx``, solved
    together with V at the cell's reference temperature; its current is solved, so giving
    ``i_pump`` with it is an error). ``n_na``/``n_k``: ions moved per cycle (3 out, 2 in; an
    electroneutral 1:1 pump moves ions but carries no current, so it can only be "balance").
    ``q10``: temperature coefficient of the pump's turnover (chapter: 2–3; default 3).

    ``mode = "kinetic"``: the current depends on [Na]ᵢ, [K]ₒ and V (:func:`kinetic_current`):
    ``i_max`` (pA, at the reference temperature; the Q10 scales it, not the K_m's), ``km_na``
    and ``km_k`` (mM), ``saturation`` ("luo-rudy": 1/(1 + (K_Na/[Na]ᵢ)^1.5) · [K]ₒ/([K]ₒ + K_K),
    Luo & Rudy 1994; "cubic": ([Na]ᵢ/([Na]ᵢ + K_Na))³ ([K]ₒ/([K]ₒ + K_K))², three Na⁺ and two K⁺
    sites bound independently) and ``voltage`` ("luo-rudy": f_NaK(V); "none"). ``atp_limit``:
    multiply by :func:`atp_limit_factor`, so that the pump slows and stops as the work per cycle
    approaches |ΔG_ATP|.
    """

    i_pump: float = 0.0
    mode: str = "fixed"
    n_na: int = 3
    n_k: int = 2
    q10: float = Q10_PUMP_DEFAULT
    i_max: float = 0.0
    km_na: float = KM_NA_LR
    km_k: float = KM_K_LR
    saturation: str = "luo-rudy"
    voltage: str = "luo-rudy"
    #: A kinetic pump slowed by the thermodynamic brake :func:`atp_limit_factor` (ΔG_ATP).
    atp_limit: bool = False

    def __post_init__(self) -> None:
        if self.mode not in ("fixed", "balance", "kinetic"):
            raise VrestInputError("pump.mode", self.mode, "'fixed', 'balance' or 'kinetic'")
        if self.saturation not in SATURATIONS:
            raise VrestInputError("pump.saturation", self.saturation, f"one of {SATURATIONS}")
        if self.voltage not in ("luo-rudy", "none"):
            raise VrestInputError("pump.voltage", self.voltage, "'luo-rudy' or 'none'")
        for fld, kind in (("km_na", "concentration"), ("km_k", "concentration")):
            v = units.scalar(
                units.positive(getattr(self, fld), f"pump.{fld}", kind), f"pump.{fld}", kind
            )
            object.__setattr__(self, fld, v)
        im = units.scalar(
            units.nonnegative(self.i_max, "pump.i_max", "current"), "pump.i_max", "current"
        )
        object.__setattr__(self, "i_max", im)
        if not isinstance(self.atp_limit, bool):
            raise VrestInputError("pump.atp_limit", self.atp_limit, "true or false")
        if self.atp_limit and self.mode != "kinetic":
            raise VrestInputError("pump.atp_limit", True, 'mode = "kinetic" (a rate law to brake)')
        if self.mode == "kinetic" and (im == 0.0 or self.n_na == self.n_k):
            raise VrestInputError(
                "pump.i_max",
                self.i_max,
                'a maximal pump current > 0 in pA (and n_na ≠ n_k) with mode = "kinetic"',
            )
        for fld in ("n_na", "n_k"):
            v = getattr(self, fld)
            if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= MAX_IONS_PER_CYCLE:
                raise VrestInputError(
                    f"pump.{fld}", v, f"a whole number of ions per cycle, 0 to {MAX_IONS_PER_CYCLE}"
                )
        if self.n_na == 0:
            raise VrestInputError("pump.n_na", self.n_na, "at least 1 Na⁺ per cycle")
        ip = units.scalar(
            units.finite(self.i_pump, "pump.i_pump", "current"),
            "pump.i_pump",
            "current",
            self.i_pump,
        )
        q = self.n_na - self.n_k
        if self.mode == "balance" and ip != 0.0:
            raise VrestInputError(
                "pump.i_pump",
                self.i_pump,
                'no current with mode = "balance" (its current is solved); '
                'use mode = "fixed" to impose one',
            )
        if self.mode == "fixed" and q == 0 and ip != 0.0:
            raise VrestInputError(
                "pump.i_pump",
                self.i_pump,
                'mode = "balance" for an electroneutral (n_na = n_k) '
                "pump: it carries no current to fix its rate by",
            )
        if ip * q < 0:
            raise VrestInputError(
                "pump.i_pump",
                self.i_pump,
                f"a current of the sign of n_na − n_k = {q:+d} in pA (outward positive)",
            )
        object.__setattr__(self, "i_pump", ip)
        q = units.positive(self.q10, "pump.q10", "dimensionless")
        object.__setattr__(self, "q10", units.scalar(q, "pump.q10", "dimensionless", self.q10))

    @property
    def charge_per_cycle(self) -> int:
        """Net elementary charges moved outward per cycle (3 − 2 = 1)."""
        return self.n_na - self.n_k

    def scaled(self, factor: float) -> Pump:
        """A copy whose current is multiplied by ``factor`` (e.g. a Q10 factor)."""
        return replace(self, i_pump=self.i_pump * factor)

    def fixed_rate(self) -> float:
        """Cycles per second of a fixed pump (0 for an electroneutral one)."""
        return pump_cycle_rate(self.i_pump, self.n_na, self.n_k)

    def ion_currents_at_rate(self, rate: float) -> dict[str, float]:
        """Each ion's pump current (pA, outward positive) at ``rate`` cycles/s:
        Na⁺ +n_na·e·rate, K⁺ −n_k·e·rate."""
        return {"Na": self.n_na * rate * E_CHARGE * 1e12, "K": -self.n_k * rate * E_CHARGE * 1e12}

    def ion_currents(self, i_pump: float) -> dict[str, float]:
        """Each ion's share of a pump current ``i_pump`` (pA): Na⁺ +n_na/(n_na−n_k)·I (out),
        K⁺ −n_k/(n_na−n_k)·I (in)."""
        return pump_ion_currents(i_pump, self.n_na, self.n_k)

    def cycle_rate(self, i_pump: float) -> float:
        """Pump cycles (= ATP hydrolysed) per second for a pump current ``i_pump`` in pA."""
        return pump_cycle_rate(i_pump, self.n_na, self.n_k)


def kinetic_current(
    V: Any,
    na_in: Any,
    k_out: Any,
    na_out: float,
    celsius: float,
    i_max: float,
    km_na: float = KM_NA_LR,
    km_k: float = KM_K_LR,
    saturation: str = "luo-rudy",
    voltage: str = "luo-rudy",
) -> Any:
    """Unchecked kernel: the kinetic Na⁺/K⁺ pump current (pA, outward +); broadcasts.

    ``I = i_max · f_NaK(V) · s([Na]ᵢ, [K]ₒ)`` with, for ``saturation = "luo-rudy"``,
    s = 1/(1 + (K_Na/[Na]ᵢ)^1.5) · [K]ₒ/([K]ₒ + K_K), and for ``"cubic"``
    s = ([Na]ᵢ/([Na]ᵢ + K_Na))³ ([K]ₒ/([K]ₒ + K_K))²; with ``voltage = "luo-rudy"``
    f_NaK = 1/(1 + 0.1245 e^(−0.1 VF/RT) + 0.0365 σ e^(−VF/RT)), σ = (e^([Na]ₒ/67.3 mM) − 1)/7
    (Luo & Rudy, Circ. Res. 74, 1071 (1994)), else 1. V mV, concentrations mM, °C."""
    import numpy as np

    if saturation == "cubic":
        s = (na_in / (na_in + km_na)) ** 3 * (k_out / (k_out + km_k)) ** 2
    else:
        s = 1.0 / (1.0 + (km_na / na_in) ** 1.5) * k_out / (k_out + km_k)
    if voltage == "none":
        return i_max * s
    u = np.asarray(V) * (1e-3 * F / (R * (celsius + ZERO_CELSIUS)))
    sigma = (math.exp(na_out / 67.3) - 1.0) / 7.0
    f = 1.0 / (1.0 + 0.1245 * np.exp(-0.1 * u) + 0.0365 * sigma * np.exp(-u))
    return i_max * f * s


def atp_limit_factor(
    V: Any, E_na: Any, E_k: Any, celsius: float, dG_atp: float, n_na: int = 3, n_k: int = 2
) -> Any:
    """The thermodynamic brake on the pump, 1 − exp((W − |ΔG_ATP|)/RT) (dimensionless).

    W = F [n_na (E_Na − V) + n_k (V − E_K)] is the work one cycle does on the ions (J/mol, V and
    E in mV) and ``dG_atp`` the free energy of ATP hydrolysis (kJ/mol, < 0): the factor is ≈ 1
    far from equilibrium, 0 where one ATP just pays for the cycle, and negative beyond (the pump
    runs backward and makes ATP). The flux–force relation of a single-step cycle (Hill, *Free
    Energy Transduction in Biology* (1977); cf. Smith & Crampin, Prog. Biophys. Mol. Biol. 85,
    387 (2004) for the full thermodynamic pump model)."""
    import numpy as np

    W = F * 1e-3 * (n_na * (E_na - V) + n_k * (V - E_k))  # J/mol
    RT = R * (celsius + ZERO_CELSIUS)
    return 1.0 - np.exp((W - abs(dG_atp) * 1e3) / RT)


def pump_ion_currents(i_pump: float, n_na: int = 3, n_k: int = 2) -> dict[str, float]:
    """Na⁺ and K⁺ components (pA, outward positive) of a net pump current ``i_pump`` (pA)."""
    q = n_na - n_k
    if q == 0:
        return {"Na": 0.0, "K": 0.0}
    return {"Na": n_na * i_pump / q, "K": -n_k * i_pump / q}


def pump_cycle_rate(i_pump: float, n_na: int = 3, n_k: int = 2) -> float:
    """Cycles per second (= ATP per second) for net pump current ``i_pump`` (pA)."""
    q = n_na - n_k
    return 0.0 if q == 0 else i_pump * 1e-12 / (q * E_CHARGE)


def pump_contribution(i_pump: Any, G_total: Any) -> Any:
    """The pump's electrogenic contribution to V, ``ΔV = −I_pump / G_total`` in mV
    (``i_pump`` pA outward positive, ``G_total`` nS > 0)."""
    ip = units.finite(i_pump, "i_pump", "current")
    G = units.positive(G_total, "G_total", "conductance")
    return -ip / G


def mullins_noda_voltage(
    P: Mapping[str, Any],
    c_in: Mapping[str, Any],
    c_out: Mapping[str, Any],
    r: float = 1.5,
    celsius: Any = DEFAULT_CELSIUS,
) -> float:
    """Mullins–Noda steady-state potential (mV) for a K⁺/Na⁺ membrane with a pump of coupling
    ratio ``r`` (Na⁺ out per K⁺ in; 3:2 → 1.5).

    ``V = (RT/F) ln((r P_K [K]_o + P_Na [Na]_o) / (r P_K [K]_i + P_Na [Na]_i))``; ``P`` in cm/s
    (ratios suffice) and concentrations in mM, dicts with keys ``"K"`` and ``"Na"``; °C.
    With r = 1 it is the GHK voltage equation for K⁺ and Na⁺."""
    for k in ("K", "Na"):
        for d, fld in ((P, "P"), (c_in, "c_in"), (c_out, "c_out")):
            if k not in d:
                raise VrestInputError(f"{fld}[{k!r}]", None, f"a value for {k} (Mullins–Noda)")
    rr = units.positive(r, "r", "dimensionless")
    pk = units.nonnegative(P["K"], "P['K']", "permeability")
    pna = units.nonnegative(P["Na"], "P['Na']", "permeability")
    ki, ko = (
        units.concentration(c_in["K"], "c_in['K']"),
        units.concentration(c_out["K"], "c_out['K']"),
    )
    nai = units.concentration(c_in["Na"], "c_in['Na']")
    nao = units.concentration(c_out["Na"], "c_out['Na']")
    t = units.celsius(celsius)
    rtf = 1e3 * R * (t + ZERO_CELSIUS) / F
    return rtf * math.log((rr * pk * ko + pna * nao) / (rr * pk * ki + pna * nai))
