"""Gibbs–Donnan equilibrium with impermeant charged species of any valence.

Permeant ions distribute across the membrane until each is at equilibrium (its Nernst potential
equals the membrane potential), while impermeant charged species (proteins, nucleic acids,
metabolites: "fixed" charge) stay where they are. With V = ψ_in − ψ_out (mV) and u = FV/RT,

    c_in,i = c_out,i · exp(−z_i u)        (Boltzmann / Nernst, for every permeant ion i)
    Σ_i z_i c_in,i + Σ_X z_X c_X = 0       (electroneutrality inside)

The Donnan ratio r = exp(−FV/RT) = [K⁺]_in/[K⁺]_out = [Cl⁻]_out/[Cl⁻]_in; an ion of valence z
has c_in/c_out = r^z. For a KCl bath and monovalent ions, [K]_in·[Cl]_in = [K]_out·[Cl]_out (the
Donnan product). With only monovalent permeant ions the electroneutrality condition is a
quadratic in r, C r² + Q r − A = 0 (C, A: summed bath cations and anions, Q: the impermeant
charge concentration inside), solved in closed form; any valences are solved by bracketing the
(monotonic) net charge.

The impermeant particles and the extra counter-ions make the inside hyperosmotic: the osmotic
excess Δc (mOsm = mM of particles, ideal solution) corresponds to the van 't Hoff pressure
Π = Δc·R·T (Δc in mol/m³ = mM gives Π in Pa; reported in kPa).

Two compartments of finite volume (Donnan, Z. Elektrochem. 17, 572 (1911)): the total amount of
each permeant ion is conserved, n_i = c1_i·V1 + c2_i·V2, and c1_i = c2_i·exp(−z_i u) with
u = F(ψ1 − ψ2)/RT, so c1_i = n_i / (V1 + V2 e^(z_i u)); electroneutrality of compartment 1 (and
of the whole system) fixes u. Volumes are fixed (no water movement).

References: F. G. Donnan (1911), above; Keener & Sneyd, *Mathematical Physiology* I, 2nd ed.
(2009), §2.6.3; Hille, *Ion Channels of Excitable Membranes*, 3rd ed. (2001), ch. 1; J. H. van 't
Hoff, Z. Phys. Chem. 1, 481 (1887).

Units: concentrations mM, V in mV, temperature °C, pressure kPa; volumes in any one unit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from . import units
from ._roots import find_root
from .constants import DEFAULT_CELSIUS, ZERO_CELSIUS, R, rt_over_f
from .errors import SolverError, VrestInputError
from .ions import ION_TABLE, canonical_name, resolve_valence

__all__ = [
    "DonnanResult",
    "DonnanTwoCompartmentResult",
    "donnan_equilibrium",
    "donnan_two_compartments",
    "osmotic_pressure",
]

#: Relative tolerance on electroneutrality of the inputs (Σ z c vs Σ |z| c).
_NEUTRAL_RTOL = 1e-6
#: Largest exponent passed to exp inside the root finders (keeps them finite and monotonic).
_EXP_MAX = 700.0


def _exp(x: float) -> float:
    return math.exp(min(x, _EXP_MAX))


def _osmotic_pressure(delta_c: Any, celsius: Any) -> Any:
    """Unchecked kernel: van 't Hoff Π = Δc·R·T in kPa for Δc in mOsm (= mol/m³)."""
    return 1e-3 * delta_c * R * (celsius + ZERO_CELSIUS)


def osmotic_pressure(delta_c: Any, celsius: Any = DEFAULT_CELSIUS) -> Any:
    """Van 't Hoff osmotic pressure Π = Δc·R·T in kPa (ideal dilute solution).

    ``delta_c``: osmolarity difference in mOsm (mM of particles; 1 mM = 1 mol/m³), any sign;
    ``celsius`` in °C. Broadcasts. 1 mOsm at 37 °C is 2.58 kPa (19.3 mmHg).
    Reference: van 't Hoff, Z. Phys. Chem. 1, 481 (1887).
    """
    dc = units.finite(delta_c, "delta_c", "concentration")
    t = units.celsius(celsius)
    return _osmotic_pressure(dc, t)


def _equilibrium_ratio(z: float, V: float, celsius: float) -> float:
    """c_in/c_out = exp(−zFV/RT) of an ion at equilibrium at V (mV) — the Nernst relation
    solved for the concentration ratio."""
    return _exp(-z * V / rt_over_f(celsius))


# --------------------------------------------------------------------------------------------
# input checking


def _permeant(
    conc: Mapping[str, Any], z: Mapping[str, Any] | None, fld: str, allow_zero: bool = False
) -> tuple[dict[str, float], dict[str, int]]:
    if not isinstance(conc, Mapping):
        raise VrestInputError(fld, conc, "a dict of concentrations in mM keyed by ion name")
    z = z or {}
    cs: dict[str, float] = {}
    zs: dict[str, int] = {}
    seen: dict[str, str] = {}
    for name, c in conc.items():
        f = f"{fld}[{name!r}]"
        key = canonical_name(name) or str(name)
        if key in seen:
            raise VrestInputError(
                f,
                name,
                "each ion once",
                f"{seen[key]!r} and {name!r} are the same ion ({key}); give its concentration once",
            )
        seen[key] = name
        val = units.nonnegative(c, f, "concentration") if allow_zero else units.concentration(c, f)
        if np.ndim(val):
            raise VrestInputError(f, c, "a single concentration in mM")
        cs[name] = float(val)
        if z.get(name) is None and canonical_name(name) is None:
            raise VrestInputError(
                f"z[{name!r}]",
                None,
                f"the valence of {name!r}, which is not in the ion table ({', '.join(ION_TABLE)})",
            )
        zs[name] = resolve_valence(name, z.get(name), f"z[{name!r}]")
    return cs, zs


def _impermeant(
    imp: Mapping[str, Any] | None, fld: str
) -> tuple[dict[str, float], dict[str, float]]:
    """Impermeant species: name → (concentration mM, valence) or name → concentration for an ion
    of the table. The valence may be zero (an uncharged osmolyte) or non-integer (the mean
    charge per molecule of a polyelectrolyte)."""
    if imp is None:
        return {}, {}
    if not isinstance(imp, Mapping):
        raise VrestInputError(fld, imp, "a dict name → (concentration in mM, valence)")
    cs: dict[str, float] = {}
    zs: dict[str, float] = {}
    for name, spec in imp.items():
        f = f"{fld}[{name!r}]"
        if isinstance(spec, tuple | list):
            if len(spec) != 2:
                raise VrestInputError(f, spec, "a pair (concentration in mM, valence)")
            c, zval = spec
            zf = units.finite(zval, f"{f}.z", "dimensionless")
            if np.ndim(zf):
                raise VrestInputError(f"{f}.z", zval, "a single valence (a plain number)")
            if canonical_name(name) is not None:  # an ion of the table: its valence
                resolve_valence(name, zval, f"{f}.z")
            zs[name] = float(zf)
        else:
            c = spec
            if canonical_name(name) is None:
                raise VrestInputError(
                    f, spec, "a pair (concentration in mM, valence): not an ion of the table"
                )
            zs[name] = float(resolve_valence(name, None, f"{f}.z"))
        val = units.concentration(c, f)
        if np.ndim(val):
            raise VrestInputError(f, c, "a single concentration in mM")
        cs[name] = float(val)
    return cs, zs


def _no_overlap(permeant: Mapping[str, Any], imp: Mapping[str, Any], fld: str) -> None:
    perm = {canonical_name(k) or k for k in permeant}
    for k in imp:
        if (canonical_name(k) or k) in perm:
            raise VrestInputError(
                f"{fld}[{k!r}]", imp[k], f"a species not also listed as permeant ({k!r})"
            )


def _charge(c: Mapping[str, float], z: Mapping[str, float]) -> tuple[float, float]:
    """(Σ z c, Σ |z| c)."""
    return sum(z[k] * c[k] for k in c), sum(abs(z[k]) * c[k] for k in c)


# --------------------------------------------------------------------------------------------
# results


class _ResultMixin:
    """``to_dict`` / ``to_dataframe`` shared by the Donnan results (each defines ``_rows``: one
    dict per species)."""

    _rows: Any

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python dict of every field (nested dicts copied)."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]

    def _scalars(self) -> dict[str, Any]:
        return {k: v for k, v in self.to_dict().items() if not isinstance(v, dict)}

    def to_dataframe(self) -> Any:
        """A pandas DataFrame with one row per species (units in the column names); the scalar
        results (V, r, osmotic values...) are in ``df.attrs``."""
        import pandas as pd

        df = pd.DataFrame(self._rows()).set_index("species")
        df.attrs.update(self._scalars())
        return df


def _species_rows(z, imp_z, perm, imp, cols, ratio_col) -> list[dict[str, Any]]:
    """One row per species for ``to_dataframe``: permeant ions (concentrations on both sides and
    their ratio), then impermeant species (ratio NaN). ``perm``/``imp`` are (side-1, side-2)
    dicts in mM; ``cols`` the two concentration column names."""
    a, b = perm
    rows = [
        {
            "species": k,
            "z": z[k],
            "permeant": True,
            cols[0]: a[k],
            cols[1]: b[k],
            ratio_col: a[k] / b[k],
        }
        for k in a
    ]
    ia, ib = imp
    rows += [
        {
            "species": k,
            "z": imp_z[k],
            "permeant": False,
            cols[0]: ia.get(k, 0.0),
            cols[1]: ib.get(k, 0.0),
            ratio_col: math.nan,
        }
        for k in {**ia, **ib}
    ]
    return rows


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, np.floating):
        return float(v)
    if isinstance(v, np.integer):
        return int(v)
    return v


@dataclass(frozen=True)
class DonnanResult(_ResultMixin):
    """Donnan equilibrium of a cell in an infinite bath.

    ``V``: Donnan potential ψ_in − ψ_out (mV). ``r``: Donnan ratio exp(−FV/RT) (c_in/c_out of a
    monovalent cation; c_in/c_out = r^z for valence z). ``c_in``/``c_out``: permeant ions (mM),
    ``z`` their valences. ``impermeant_in``/``impermeant_out`` (mM) with valences
    ``impermeant_z``. ``osmotic_excess``: inside minus outside osmolarity (mOsm, ideal);
    ``osmotic_pressure_kPa``: its van 't Hoff pressure Δc·RT. ``method``: ``"closed"`` or
    ``"numeric"``.
    """

    V: float
    r: float
    c_in: dict[str, float]
    c_out: dict[str, float]
    z: dict[str, int]
    impermeant_in: dict[str, float]
    impermeant_out: dict[str, float]
    impermeant_z: dict[str, float]
    osmotic_excess: float
    osmotic_pressure_kPa: float
    celsius: float
    method: str = field(default="numeric")

    def _rows(self) -> list[dict[str, Any]]:
        return _species_rows(
            self.z,
            self.impermeant_z,
            (self.c_in, self.c_out),
            (self.impermeant_in, self.impermeant_out),
            ("c_in_mM", "c_out_mM"),
            "ratio_in_out",
        )


@dataclass(frozen=True)
class DonnanTwoCompartmentResult(_ResultMixin):
    """Donnan equilibrium between two closed compartments of fixed volumes.

    ``V``: ψ1 − ψ2 (mV). ``r``: exp(−FV/RT) (c1/c2 of a monovalent cation; r^z for valence z).
    ``c1``/``c2``: permeant ions at equilibrium (mM), ``z`` their valences;
    ``impermeant1``/``impermeant2`` (mM) with valences ``impermeant_z``; ``vol1``/``vol2`` the
    volumes (any one unit). ``osmotic_difference``: osmolarity of 1 minus that of 2 (mOsm, ideal);
    ``osmotic_pressure_kPa``: its van 't Hoff pressure.
    """

    V: float
    r: float
    c1: dict[str, float]
    c2: dict[str, float]
    z: dict[str, int]
    impermeant1: dict[str, float]
    impermeant2: dict[str, float]
    impermeant_z: dict[str, float]
    vol1: float
    vol2: float
    osmotic_difference: float
    osmotic_pressure_kPa: float
    celsius: float

    def _rows(self) -> list[dict[str, Any]]:
        return _species_rows(
            self.z,
            self.impermeant_z,
            (self.c1, self.c2),
            (self.impermeant1, self.impermeant2),
            ("c1_mM", "c2_mM"),
            "ratio_1_2",
        )


# --------------------------------------------------------------------------------------------
# cell in an infinite bath


def _closed_form_r(cations: float, anions: float, q: float) -> float:
    """Positive root r of C r² + Q r − A = 0 (monovalent permeant ions), computed stably."""
    if cations == 0.0:
        return anions / q
    if anions == 0.0:
        return -q / cations
    s = math.sqrt(q * q + 4.0 * cations * anions)
    return 2.0 * anions / (q + s) if q >= 0 else (s - q) / (2.0 * cations)


def donnan_equilibrium(
    c_out: Mapping[str, Any],
    impermeant: Mapping[str, Any] | None,
    z: Mapping[str, int] | None = None,
    celsius: Any = DEFAULT_CELSIUS,
    *,
    impermeant_out: Mapping[str, Any] | None = None,
    method: str = "auto",
) -> DonnanResult:
    """Donnan equilibrium of a cell in an infinite bath; returns a :class:`DonnanResult`.

    ``c_out``: bath concentrations (mM) of the permeant ions, keyed by ion name (valence from the
    ion table unless ``z`` gives it). ``impermeant``: impermeant species inside, name →
    ``(concentration mM, valence)`` (valence any real number, 0 for an uncharged osmolyte) or
    name → concentration for an ion of the table. ``impermeant_out``: impermeant species in the
    bath, same form (default none). The bath must be electroneutral. ``celsius`` in °C.

    Every permeant ion is at equilibrium at the Donnan potential V: ``c_in = c_out e^(−zFV/RT)``,
    and the inside is electroneutral: ``Σ z c_in + Σ z_X c_X = 0``. ``method``: ``"closed"``
    (monovalent permeant ions: the quadratic ``C r² + Q r − A = 0`` for r = e^(−FV/RT)),
    ``"numeric"`` (bracketing root, any valences) or ``"auto"`` (closed when possible).

    Classic check (KCl bath c, impermeant monovalent anion at A inside):
    ``[K]_in = A/2 + √(A²/4 + c²)``, ``[K]_in[Cl]_in = c²``. References: Donnan (1911);
    Keener & Sneyd (2009) §2.6.3.

    >>> res = donnan_equilibrium({"K": 100, "Cl": 100}, {"A": (150, -1)})
    >>> round(res.c_in["K"], 9), round(res.c_in["Cl"], 9)
    (200.0, 50.0)
    """
    cout, zs = _permeant(c_out, z, "c_out")
    if not cout:
        raise VrestInputError("c_out", c_out, "at least one permeant ion (mM)")
    imp_in, z_in = _impermeant(impermeant, "impermeant")
    imp_out, z_out = _impermeant(impermeant_out, "impermeant_out")
    imp_z = {**z_out, **z_in}
    _no_overlap(cout, imp_in, "impermeant")
    _no_overlap(cout, imp_out, "impermeant_out")
    for k in set(z_in) & set(z_out):
        if z_in[k] != z_out[k]:
            raise VrestInputError(
                f"impermeant_out[{k!r}].z", z_out[k], f"the same valence as inside, {z_in[k]:g}"
            )
    t = units.celsius(celsius)
    if np.ndim(t):
        raise VrestInputError("celsius", celsius, "a single temperature in °C")

    # electroneutral bath
    net_out, tot_out = _charge(cout, zs)
    q_out, qa_out = _charge(imp_out, z_out)
    if abs(net_out + q_out) > _NEUTRAL_RTOL * (tot_out + qa_out):
        raise VrestInputError(
            "c_out",
            dict(c_out),
            "an electroneutral bath, Σ z·c = 0 (mM)",
            f"net charge {net_out + q_out:+g} mM; list the bath's other ions, or its impermeant "
            "ones in impermeant_out",
        )
    q, _ = _charge(imp_in, z_in)  # fixed charge concentration inside, mM
    # the inside's net charge falls monotonically from f(−∞) to f(+∞) as V rises; a root needs
    # f(−∞) > 0 (permeant cations, or q > 0) and f(+∞) < 0 (permeant anions, or q < 0)
    has_cat = any(zs[k] > 0 for k in cout)
    has_an = any(zs[k] < 0 for k in cout)
    if not ((has_cat or q > 0) and (has_an or q < 0)):
        raise VrestInputError(
            "c_out",
            dict(c_out),
            "permeant ions of the sign opposite to the impermeant charge "
            f"({q:+g} mM inside), so that the inside can be electroneutral",
        )

    if method == "auto":
        method = "closed" if all(abs(v) == 1 for v in zs.values()) else "numeric"
    rtf = rt_over_f(t)
    if method == "closed":
        if any(abs(v) != 1 for v in zs.values()):
            raise VrestInputError("method", method, "'numeric' for permeant ions with |z| > 1")
        cat = sum(c for k, c in cout.items() if zs[k] > 0)
        an = sum(c for k, c in cout.items() if zs[k] < 0)
        r = _closed_form_r(cat, an, q)
        V = -rtf * math.log(r)
    elif method == "numeric":
        scale = tot_out + abs(q) or 1.0

        def net(v: float) -> float:
            return (
                sum(zs[k] * c * _equilibrium_ratio(zs[k], v, t) for k, c in cout.items()) + q
            ) / scale

        try:
            V = find_root(net, -100.0, 100.0, xtol=1e-12)
        except SolverError as exc:  # pragma: no cover - excluded by the checks above
            raise VrestInputError("impermeant", impermeant, "a solvable Donnan system") from exc
        r = _equilibrium_ratio(1, V, t)
    else:
        raise VrestInputError("method", method, "'auto', 'closed' or 'numeric'")

    cin = {k: c * _equilibrium_ratio(zs[k], V, t) for k, c in cout.items()}
    excess = (sum(cin.values()) + sum(imp_in.values())) - (
        sum(cout.values()) + sum(imp_out.values())
    )
    return DonnanResult(
        V=float(V),
        r=float(r),
        c_in=cin,
        c_out=dict(cout),
        z=dict(zs),
        impermeant_in=imp_in,
        impermeant_out=imp_out,
        impermeant_z=imp_z,
        osmotic_excess=float(excess),
        osmotic_pressure_kPa=float(_osmotic_pressure(excess, t)),
        celsius=float(t),
        method=method,
    )


# --------------------------------------------------------------------------------------------
# two compartments of finite volume


def donnan_two_compartments(
    c1: Mapping[str, Any],
    c2: Mapping[str, Any],
    vol1: Any = 1.0,
    vol2: Any = 1.0,
    impermeant1: Mapping[str, Any] | None = None,
    impermeant2: Mapping[str, Any] | None = None,
    z: Mapping[str, int] | None = None,
    celsius: Any = DEFAULT_CELSIUS,
) -> DonnanTwoCompartmentResult:
    """Donnan equilibrium between two closed compartments; returns a
    :class:`DonnanTwoCompartmentResult`.

    ``c1``, ``c2``: initial concentrations (mM) of the permeant ions in compartments 1 and 2,
    keyed by ion name (an ion missing from one dict starts at 0 there; valences from the ion
    table unless ``z`` gives them). ``vol1``, ``vol2``: the (fixed) volumes, positive numbers in
    any one unit. ``impermeant1``, ``impermeant2``: impermeant species in each compartment, name →
    ``(concentration mM, valence)`` as in :func:`donnan_equilibrium`. The whole system must be
    electroneutral. ``celsius`` in °C.

    Amounts n_i = c1_i·vol1 + c2_i·vol2 are conserved and every permeant ion is at equilibrium:
    ``c1_i = c2_i e^(−z_i FV/RT)``, V = ψ1 − ψ2, so ``c1_i = n_i/(vol1 + vol2 e^(z_i FV/RT))``;
    V is the root of compartment 1's net charge (monotonic in V).

    Classic check (Donnan 1911; equal volumes, Na⁺R⁻ at c₁ in 1, NaCl at c₂ in 2): x = c₂²/(c₁ +
    2c₂) of NaCl moves into compartment 1.
    """
    names = (
        list(dict.fromkeys([*c1, *c2]))
        if isinstance(c1, Mapping) and isinstance(c2, Mapping)
        else None
    )
    if names is None:
        raise VrestInputError("c1", c1, "dicts c1 and c2 of concentrations in mM by ion name")
    c1v, z1 = _permeant(c1, z, "c1", allow_zero=True)
    c2v, z2 = _permeant(c2, z, "c2", allow_zero=True)
    zs = {**z2, **z1}
    v1 = float(units.positive(vol1, "vol1", "dimensionless"))
    v2 = float(units.positive(vol2, "vol2", "dimensionless"))
    imp1, zi1 = _impermeant(impermeant1, "impermeant1")
    imp2, zi2 = _impermeant(impermeant2, "impermeant2")
    _no_overlap(zs, imp1, "impermeant1")
    _no_overlap(zs, imp2, "impermeant2")
    for k in set(zi1) & set(zi2):
        if zi1[k] != zi2[k]:
            raise VrestInputError(
                f"impermeant2[{k!r}].z", zi2[k], f"the same valence as in compartment 1, {zi1[k]:g}"
            )
    t = units.celsius(celsius)
    if np.ndim(t):
        raise VrestInputError("celsius", celsius, "a single temperature in °C")

    n = {k: c1v.get(k, 0.0) * v1 + c2v.get(k, 0.0) * v2 for k in names}
    for k, nk in n.items():
        if nk <= 0:
            raise VrestInputError(
                f"c1[{k!r}]",
                c1.get(k, 0.0),
                f"a positive amount of {k} in at least one compartment (mM)",
            )
    q1 = sum(zi1[k] * c for k, c in imp1.items()) * v1  # fixed charge amount in 1
    q2 = sum(zi2[k] * c for k, c in imp2.items()) * v2
    net_all = sum(zs[k] * nk for k, nk in n.items()) + q1 + q2
    tot_all = sum(abs(zs[k]) * nk for k, nk in n.items()) + abs(q1) + abs(q2)
    if abs(net_all) > _NEUTRAL_RTOL * tot_all:
        raise VrestInputError(
            "c1",
            dict(c1),
            "an electroneutral system, Σ z·c·vol = 0 over both compartments",
            f"net charge {net_all:+g} mM·(volume unit)",
        )
    # compartment 1's charge falls monotonically with V, from (all cations in 1, all anions in 2)
    # at V → −∞ to (all anions in 1, all cations in 2) at V → +∞: a finite root needs a sign change
    q_lo = q1 + sum(zs[k] * nk for k, nk in n.items() if zs[k] > 0)
    q_hi = q1 + sum(zs[k] * nk for k, nk in n.items() if zs[k] < 0)
    if not (q_lo > _NEUTRAL_RTOL * tot_all and q_hi < -_NEUTRAL_RTOL * tot_all):
        raise VrestInputError(
            "c1",
            dict(c1),
            "permeant ions of both signs (or enough counter-ions) so that both compartments can "
            "be electroneutral at a finite potential",
        )

    def conc1(k: str, v: float) -> float:
        # c1 = n/(vol1 + vol2·c2/c1), c2/c1 = e^(+zFV/RT)
        return n[k] / (v1 + v2 * _equilibrium_ratio(-zs[k], v, t))

    def charge1(v: float) -> float:
        return (q1 + v1 * sum(zs[k] * conc1(k, v) for k in names)) / tot_all

    try:
        V = find_root(charge1, -100.0, 100.0, xtol=1e-12)
    except SolverError as exc:  # pragma: no cover - excluded by the check above
        raise VrestInputError("c1", dict(c1), "a solvable Donnan system") from exc

    c1e = {k: conc1(k, V) for k in names}
    # c2 = n/(vol1·c1/c2 + vol2), c1/c2 = e^(−zFV/RT)
    c2e = {k: n[k] / (v1 * _equilibrium_ratio(zs[k], V, t) + v2) for k in names}
    osm = (sum(c1e.values()) + sum(imp1.values())) - (sum(c2e.values()) + sum(imp2.values()))
    return DonnanTwoCompartmentResult(
        V=float(V),
        r=float(_equilibrium_ratio(1, V, t)),
        c1=c1e,
        c2=c2e,
        z={k: zs[k] for k in names},
        impermeant1=imp1,
        impermeant2=imp2,
        impermeant_z={**zi2, **zi1},
        vol1=v1,
        vol2=v2,
        osmotic_difference=float(osm),
        osmotic_pressure_kPa=float(_osmotic_pressure(osm, t)),
        celsius=float(t),
    )
