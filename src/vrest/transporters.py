"""Secondary active transporters driven by their thermodynamic force: NKCC1, KCC2 and any
cotransporter or exchanger given by its stoichiometry.

A transporter moves, per cycle, n_i ions of each kind *inward* (n_i < 0: outward). The free
energy one cycle releases, per mole of cycles and divided by F, is its driving force

    D = Σ_i n_i z_i (E_i − V)        (mV; for an electroneutral carrier Σ n_i z_i = 0 and
                                        D = Σ_i n_i z_i E_i does not depend on V)

and, as in the pump–leak models of Kay and colleagues (Düsterwald, Currin, Burman, Akerman, Kay
& Raimondo, eLife 7:e39575 (2018); Kay, Physiol. Rep. 5:e13243 (2017)), the cycle rate is
proportional to it: j = g·D, with g in nS so that j is in pA (charge-equivalents per cycle).
Each ion then carries the current I_i = −n_i z_i j (pA, outward positive): an inward cation flux
is an inward (negative) current, an inward Cl⁻ flux an outward (positive) one.

* NKCC1: 1 Na⁺ + 1 K⁺ + 2 Cl⁻ in: D = E_Na + E_K − 2 E_Cl (> 0 in neurons: it loads Cl⁻);
* KCC2: 1 K⁺ + 1 Cl⁻ out: D = E_Cl − E_K (it extrudes Cl⁻ while E_Cl > E_K).

A primary pump that hydrolyses ``atp`` ATP per cycle adds their free energy to the drive,
D = Σ_i n_i z_i (E_i − V) + atp·|ΔG_ATP|/F, so that it pumps uphill until the ions' work per cycle
equals what the ATP releases (a "linear" thermodynamic pump, as in Gradmann, Hansen & Slayman's
models of plant and fungal H⁺ pumps):

* HATPase: the plasma-membrane H⁺-ATPase of plants and fungi, 1 H⁺ out per ATP (Palmgren,
  Annu. Rev. Plant Physiol. Plant Mol. Biol. 52, 817 (2001)): D = V − E_H + |ΔG_ATP|/F; it
  stops at V = E_H − |ΔG_ATP|/F (about E_H − 520 mV) and drives V far below E_K.

The carrier stops where D = 0 (its thermodynamic set point) and never runs against its force;
the free energy it dissipates, g·D², is positive (second law). g scales with temperature by the
transporter's ``q10`` (default 1: no temperature dependence unless given).

Units: mV, mM, nS, pA, °C.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import units
from ._tables import table_kwargs
from .errors import VrestInputError

#: Known carriers: ions moved inward per cycle (negative: outward), with the source.
KINDS: dict[str, dict[str, int]] = {
    "NKCC1": {"Na": 1, "K": 1, "Cl": 2},  # Russell, Physiol. Rev. 80, 211 (2000)
    "KCC2": {"K": -1, "Cl": -1},  # Payne et al., Trends Neurosci. 26, 199 (2003)
    "HATPase": {"H": -1},  # Palmgren, Annu. Rev. Plant Physiol. Plant Mol. Biol. 52, 817 (2001)
}
#: ATP hydrolysed per cycle by the primary pumps among :data:`KINDS`.
KIND_ATP = {"HATPase": 1}
KIND_TEXT = {
    "NKCC1": "Na⁺–K⁺–2Cl⁻ cotransporter (1 Na⁺, 1 K⁺, 2 Cl⁻ in)",
    "KCC2": "K⁺–Cl⁻ cotransporter (1 K⁺, 1 Cl⁻ out)",
    "HATPase": "plasma-membrane H⁺-ATPase (1 H⁺ out per ATP)",
}


@dataclass(frozen=True)
class Transporter:
    """A carrier of ``kind`` (a key of :data:`KINDS`, or ``"custom"`` with ``stoichiometry``:
    ion → ions moved inward per cycle) with strength ``g`` (nS: pA of cycle rate per mV of
    driving force) at the cell's reference temperature, scaled by ``q10``. ``name`` (default:
    the kind) is its dotted-name prefix (``NKCC1.g``)."""

    kind: str
    g: float
    name: str = ""
    q10: float = 1.0
    stoichiometry: Mapping[str, int] = field(default_factory=dict)
    #: ATP hydrolysed per cycle (a primary pump; 0 for a cotransporter or exchanger).
    atp: int | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if self.kind not in KINDS and self.kind != "custom":
            raise VrestInputError(
                "transporter.type", self.kind, f"one of {', '.join(KINDS)} or 'custom'"
            )
        name = self.name or self.kind
        if not isinstance(name, str) or not name.isidentifier():
            raise VrestInputError(
                "transporter.name", name, "a name such as NKCC1 (letters, digits, _)"
            )
        set_(self, "name", name)
        f = f"{name}.g"
        set_(self, "g", units.scalar(units.nonnegative(self.g, f, "conductance"), f, "conductance"))
        q = units.positive(self.q10, f"{name}.q10", "dimensionless")
        set_(self, "q10", float(q))
        if self.kind == "custom":
            st = dict(self.stoichiometry)
            if not st or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in st.values()
            ):
                raise VrestInputError(
                    f"{name}.stoichiometry",
                    st,
                    "ions moved inward per cycle, e.g. {Na = 3, Ca = -1}",
                )
        else:
            if self.stoichiometry and dict(self.stoichiometry) != KINDS[self.kind]:
                raise VrestInputError(
                    f"{name}.stoichiometry",
                    dict(self.stoichiometry),
                    f"{KINDS[self.kind]} for {self.kind}",
                )
            st = KINDS[self.kind]
        set_(self, "stoichiometry", dict(st))
        atp = KIND_ATP.get(self.kind, 0) if self.atp is None else self.atp
        if self.kind != "custom" and atp != KIND_ATP.get(self.kind, 0):
            raise VrestInputError(
                f"{name}.atp", self.atp, f"{KIND_ATP.get(self.kind, 0)} for {self.kind}"
            )
        if not isinstance(atp, int) or isinstance(atp, bool) or not 0 <= atp <= 10:
            raise VrestInputError(f"{name}.atp", atp, "a whole number of ATP per cycle, 0 to 10")
        set_(self, "atp", atp)

    @property
    def ions(self) -> tuple[str, ...]:
        """The ions it moves."""
        return tuple(self.stoichiometry)

    def drive(
        self, E: Mapping[str, float], z: Mapping[str, int], V: float, atp_mV: float = 0.0
    ) -> float:
        """Driving force D = Σ n_i z_i (E_i − V) + atp·|ΔG_ATP|/F in mV (``atp_mV`` is
        |ΔG_ATP|/F in mV; only a primary pump uses it)."""
        ions = sum(n * z[i] * (E[i] - V) for i, n in self.stoichiometry.items())
        return ions + self.atp * atp_mV

    def ion_currents(
        self, E: Mapping[str, float], z: Mapping[str, int], V: float, factor: float = 1.0
    ) -> dict[str, float]:
        """Each ion's current (pA, outward +) at V: I_i = −n_i z_i g·factor·D."""
        j = self.g * factor * self.drive(E, z, V)
        return {i: -n * z[i] * j for i, n in self.stoichiometry.items()}

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"type": self.kind, "name": self.name, "g_nS": self.g, "q10": self.q10}
        if self.kind == "custom":
            d["stoichiometry"] = dict(self.stoichiometry)
            d["atp"] = self.atp
        return d


def transporter_from_mapping(d: Any, where: str, strict_units: bool = False) -> Transporter:
    """A :class:`Transporter` from a ``[[transporter]]`` table (:func:`vrest._tables.table_kwargs`):
    ``type``, ``g`` with its unit or ``g_nS``, and the optional fields of :class:`Transporter`."""
    if isinstance(d, Transporter):
        return d
    kw = table_kwargs(
        d,
        where,
        {"g": "nS"},
        ("name", "q10", "stoichiometry", "atp"),
        f"one of {', '.join(KINDS)} or 'custom'",
        strict_units,
    )
    return Transporter(**kw)


def q10_of(t: Transporter, celsius: float, reference: float) -> float:
    """The factor on ``t``'s g at ``celsius`` for a description at ``reference`` (°C)."""
    return float(t.q10 ** ((celsius - reference) / 10.0)) if t.q10 != 1.0 else 1.0


def set_point_text(t: Transporter) -> str:
    """Its thermodynamic set point in words (where D = 0)."""
    if t.kind == "NKCC1":
        return "E_Cl = (E_Na + E_K)/2"
    if t.kind == "KCC2":
        return "E_Cl = E_K"
    if t.kind == "HATPase":
        return "V = E_H − |ΔG_ATP|/F"
    return "Σ n_i z_i (E_i − V) = 0"


__all__ = ["KINDS", "Transporter", "set_point_text", "transporter_from_mapping"]
