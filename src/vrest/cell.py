"""The description of a cell: ions, conductances or permeabilities, pump, temperature, geometry.

A :class:`Cell` is built in Python (plain floats in mV, mM, nS, pA, µm, cm/s, °C; pint quantities
or unit strings accepted) or read from a TOML file (:func:`load_cell`) where every dimensional
value carries its unit, either in the value (``c_in = "140 mM"``) or in the field name
(``c_in_mM = 140``). Everything is validated on construction; errors name the field, the value
and the expected unit. Cells are immutable: :meth:`Cell.block`, :meth:`Cell.at_celsius`,
:meth:`Cell.with_ion` … return modified copies.

TOML schema::

    name = "Chapter neuron"            # optional text: name, description, source
    celsius = 37                        # °C (or "310 K")
    radius = "10 um"                    # sphere radius (µm)   | area = "1257 um^2"
    # length = "500 um"                 # with radius: a cylinder (axon, muscle fibre)
    specific_capacitance = "1 uF/cm^2"  # optional, default 1 µF/cm²
    q10_leak = 1.3                      # optional, Q10 of all leak conductances

    [ions.K]                            # one table per ion (name from the ion table, or give z)
    c_in = "140 mM"
    c_out = "4 mM"
    g = "10 nS"                         # g (nS, chord) or P (cm/s, GHK); the other is derived
                                        # once, here, at these concentrations (or give both)
    # z = 1                             # optional, checked against the ion table

    [pump]                              # optional Na⁺/K⁺ pump
    mode = "balance"                    # or "fixed" with i_pump = "20 pA"
    q10 = 3.0

    [impermeant]                        # optional: the fixed (impermeant) anions inside
    c = "133 mM"                        # at the described volume, or amount = "15000 fmol"
    z = -1.09                           # their mean charge (non-integer allowed)

    [water]                             # optional: water follows osmotic gradients (time
    P_f = "20 um/s"                     # courses model the volume); osmotic permeability
    wall = "none"                       # or a stiffness, e.g. wall = "10 kPa" (see Water)
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import units
from ._tables import table_fields
from .channels import Channel, channel_from_mapping
from .constants import DEFAULT_CELSIUS
from .errors import CellFileError, VrestInputError
from .ghk import MS_CM2_UM2_TO_NS, _g_reversal_per_P
from .ions import ION_TABLE, canonical_name, resolve_valence
from .pump import Pump
from .temperature import Q10_LEAK_DEFAULT, _q10_factor
from .transporters import Transporter, transporter_from_mapping


@dataclass(frozen=True)
class IonSpec:
    """One permeant ion of a cell: concentrations (mM), valence, a conductance ``g`` (nS, chord
    model) and a permeability ``P`` (cm/s, GHK model), both at the cell's reference temperature.

    A cell is described with ``g`` or ``P`` (or both); :class:`Cell` derives the missing one
    *once*, at the concentrations given with it (the GHK slope conductance at E_i equals g,
    :func:`vrest.ghk.permeability_for_conductance`), and keeps both fixed afterwards: a membrane
    does not change because the bath did. In a cell without an area (given by conductances
    only) ``P`` is the permeability of a nominal 1 µm² patch, since the GHK model needs only the
    product P·A; results report no P for such a cell.
    """

    name: str
    c_in: float
    c_out: float
    z: int
    g: float | None = None
    P: float | None = None

    @property
    def symbol(self) -> str:
        ion = ION_TABLE.get(self.name)
        return ion.symbol if ion else self.name

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"c_in_mM": self.c_in, "c_out_mM": self.c_out, "z": self.z}
        if self.g is not None:
            d["g_nS"] = self.g
        if self.P is not None:
            d["P_cm_s"] = self.P
        return d


# field name → (unit kind, validator) for ion entries; unit-suffixed aliases map to the same field
_ION_FIELDS = {
    "c_in": "concentration",
    "c_out": "concentration",
    "g": "conductance",
    "P": "permeability",
}
_SUFFIXES = {
    "c_in_mM": "c_in",
    "c_out_mM": "c_out",
    "g_nS": "g",
    "P_cm_s": "P",
    "radius_um": "radius",
    "length_um": "length",
    "area_um2": "area",
    "i_pump_pA": "i_pump",
    "i_max_pA": "i_max",
    "km_na_mM": "km_na",
    "km_k_mM": "km_k",
    "specific_capacitance_uF_cm2": "specific_capacitance",
    "celsius": "celsius",
}


def _ion_spec(name: str, spec: Any, strict_units: bool) -> IonSpec:
    if isinstance(spec, IonSpec):
        return spec
    if not isinstance(spec, Mapping):
        raise VrestInputError(f"ions.{name}", spec, "a table with c_in, c_out and g or P")
    vals: dict[str, Any] = {}
    for key, val in spec.items():
        fld = _SUFFIXES.get(key, key)
        if fld not in (*_ION_FIELDS, "z"):
            raise VrestInputError(
                f"ions.{name}.{key}", val, "one of c_in, c_out, g, P, z (or c_in_mM, g_nS, P_cm_s…)"
            )
        if fld in vals:
            raise VrestInputError(f"ions.{name}.{key}", val, f"{fld} given once")
        if strict_units and key == fld and fld != "z" and not isinstance(val, str):
            unit = units.WORKING_UNITS[_ION_FIELDS[fld]][1]
            raise VrestInputError(
                f"ions.{name}.{key}",
                val,
                f'a unit, e.g. "{val} {unit}" or {key}_{_tag(fld)} = {val}',
                "the unit is missing",
            )
        vals[fld] = val
    key = canonical_name(name) or name
    z = resolve_valence(key, vals.get("z"), f"ions.{name}.z")
    for fld in ("c_in", "c_out"):
        if fld not in vals:
            raise VrestInputError(f"ions.{name}.{fld}", None, "a concentration in mM")
    if "g" not in vals and "P" not in vals:
        raise VrestInputError(f"ions.{name}", None, "a conductance g (nS) or permeability P (cm/s)")
    f = f"ions.{name}"

    def one(fld: str, kind: str) -> float | None:
        if fld not in vals:
            return None
        check = units.concentration if kind == "concentration" else units.nonnegative
        args = (
            (vals[fld], f"{f}.{fld}")
            if kind == "concentration"
            else (vals[fld], f"{f}.{fld}", kind)
        )
        x = units.scalar(check(*args), f"{f}.{fld}", kind, vals[fld])
        if kind == "permeability" and x > P_MAX_CM_S:
            raise VrestInputError(
                f"{f}.{fld}", vals[fld], f"a permeability up to {P_MAX_CM_S:g} cm/s",
                "beyond free diffusion across a membrane's thickness (D/L ≈ 2e-5 cm²/s / 2 nm)",
            )  # fmt: skip
        return x

    return IonSpec(
        name=key,
        c_in=one("c_in", "concentration"),
        c_out=one("c_out", "concentration"),
        z=z,
        g=one("g", "conductance"),
        P=one("P", "permeability"),
    )


#: The largest permeability a cell may have (cm/s): an ion diffusing freely across a layer as
#: thin as a membrane, D/L ≈ 2e-5 cm²/s / 2e-7 cm = 100 cm/s; real membranes stay below ~1e-3.
P_MAX_CM_S = 100.0


def _positive1(value: Any, field: str, kind: str) -> float:
    """One positive, finite number in the working unit of ``kind``."""
    return units.scalar(units.positive(value, field, kind), field, kind, value)


def _tag(fld: str) -> str:
    return {"c_in": "mM", "c_out": "mM", "g": "nS", "P": "cm_s"}[fld]


#: Partial molar volume of water (cm³/mol): 18.0 (18.07 at 37 °C; Finkelstein, *Water
#: Movement through Lipid Bilayers, Pores, and Plasma Membranes* (1987)).
V_WATER_CM3_MOL = 18.0
#: Largest |mean charge| of an impermeant species (elementary charges per particle).
MAX_IMPERMEANT_Z = 10.0
_AMOUNT_FMOL = {"fmol": 1.0, "amol": 1e-3, "pmol": 1e3, "nmol": 1e6, "umol": 1e9, "µmol": 1e9}
_PRESSURE_KPA = {"kPa": 1.0, "Pa": 1e-3, "MPa": 1e3, "bar": 100.0, "mmHg": 0.133322387415}


def _other_quantity(value: Any, field: str, table: Mapping[str, float], unit: str) -> float:
    """A positive finite number in ``unit`` (fmol, kPa: kinds the unit module does not have)
    from a plain number (already in ``unit``) or a string with one of ``table``'s units (or any
    unit pint converts to ``unit``)."""
    expected = f"a positive, finite number in {unit}"
    if isinstance(value, str):
        num, u = units.split_quantity(value, field, expected)
        if num is None:
            raise VrestInputError(field, value, expected, "the number is missing")
        if not u:
            raise VrestInputError(field, value, f"a unit (e.g. {unit})", "the unit is missing")
        factor = table.get(u)
        if factor is None:
            try:
                factor = float(units.ureg().Quantity(1.0, u).to(unit).magnitude)
            except Exception:  # pint: unknown unit, wrong dimension
                raise VrestInputError(field, value, f"a quantity convertible to {unit}") from None
        v = num * factor
    elif units._is_quantity(value):
        try:
            v = float(value.to(unit).magnitude)
        except Exception:
            raise VrestInputError(field, value, f"a quantity convertible to {unit}") from None
    elif isinstance(value, int | float) and not isinstance(value, bool):
        v = float(value)
    else:
        raise VrestInputError(field, value, expected)
    if not 0 < v < math.inf:
        raise VrestInputError(field, value, expected)
    return v


@dataclass(frozen=True)
class Impermeant:
    """The impermeant (fixed) solutes inside a cell: proteins, nucleic acids, metabolites, as
    one species with a mean charge ``z`` per particle (usually negative and non-integer, e.g.
    −1.2; 0 for an uncharged osmolyte), given either as ``c`` (mM at the cell's described
    volume) or as ``amount`` (fmol, the whole cell's: needs a radius). They never cross the
    membrane: a time course with water flux keeps their amount and dilutes them as it swells.

    A cell whose volume is modelled (:class:`Water`) without an ``[impermeant]`` table gets one
    derived from electroneutrality and isotonicity, as Düsterwald et al. (eLife 7, e39575
    (2018)) do (:mod:`vrest.dynamics.model`)."""

    z: float
    c: float | None = None
    amount: float | None = None

    def __post_init__(self) -> None:
        if (self.c is None) == (self.amount is None):
            raise VrestInputError(
                "impermeant", {"c": self.c, "amount": self.amount},
                "either c (mM at the described volume) or amount (fmol), not both",
            )  # fmt: skip
        z = self.z
        if isinstance(z, bool) or not isinstance(z, int | float) or not math.isfinite(z):
            raise VrestInputError(
                "impermeant.z", z, "the mean charge per particle, a plain number (e.g. -1.2)"
            )
        if abs(z) > MAX_IMPERMEANT_Z:
            raise VrestInputError(
                "impermeant.z", z, f"a mean charge within ±{MAX_IMPERMEANT_Z:g} per particle"
            )
        object.__setattr__(self, "z", float(z))
        if self.c is not None:
            c = units.concentration(self.c, "impermeant.c")
            object.__setattr__(self, "c", units.scalar(c, "impermeant.c", "concentration"))
        else:
            amount = _other_quantity(self.amount, "impermeant.amount", _AMOUNT_FMOL, "fmol")
            object.__setattr__(self, "amount", amount)

    def amount_fmol(self, volume_um3: float) -> float:
        """The amount in fmol (c mM × volume µm³ = amol; 1 fmol = 1000 amol)."""
        return self.amount if self.amount is not None else self.c * volume_um3 * 1e-3

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"z": self.z}
        if self.c is not None:
            d["c_mM"] = self.c
        else:
            d["amount_fmol"] = self.amount
        return d


@dataclass(frozen=True)
class Water:
    """Water flux across the membrane, for time courses that model the cell's volume.

    ``P_f``: the osmotic water permeability (µm/s; "20 um/s" or "2e-3 cm/s" in files). Cells
    without aquaporins have a few to ~20 µm/s, red cells and kidney epithelia 100–500 µm/s
    (Finkelstein 1987; Verkman, J. Membr. Biol. 173, 73 (2000)). The volume w (µm³) follows

        dw/dt = P_f · A · v_w · (osm_in − osm_out − ΔP/RT)

    with A the membrane area (µm², fixed: the membrane unfolds as the cell swells), v_w =
    18 cm³/mol the partial molar volume of water, osmolarities in mM (= mol/m³, so v_w·Δosm is
    a pure number), ΔP/RT the hydrostatic pressure as an osmolarity (Kay, Physiol. Rep. 5,
    e13162 (2017); Hille, *Ion Channels of Excitable Membranes*, 3rd ed. (2001), ch. 21).

    ``wall``: None (default, no wall: a bare animal cell, which swells without bound when its
    pump stops in a bath without impermeants: Tosteson & Hoffman, J. Gen. Physiol. 44, 169
    (1960)) or a stiffness k (kPa) of an elastic wall or membrane tension giving a
    hydrostatic pressure ΔP = k (w/w₀ − 1) beyond the described volume w₀ and none below it
    (a slack membrane). 1 mOsm at 37 °C is 2.58 kPa; plant and bacterial walls reach
    10⁴ kPa."""

    P_f: float
    wall: float | None = None

    def __post_init__(self) -> None:
        pf = units.positive(self.P_f, "water.P_f", "permeability")  # cm/s
        pf = units.scalar(pf, "water.P_f", "permeability", self.P_f)
        if isinstance(self.P_f, int | float) and not isinstance(self.P_f, bool):
            pf = float(self.P_f)  # a plain number is already in µm/s
        else:
            pf *= 1e4  # cm/s → µm/s
        if not 0 < pf < math.inf:
            raise VrestInputError("water.P_f", self.P_f, "a positive, finite P_f in µm/s")
        object.__setattr__(self, "P_f", pf)
        w = self.wall
        if isinstance(w, str) and w.strip().lower() == "none":
            w = None
        if w is not None:
            w = _other_quantity(w, "water.wall", _PRESSURE_KPA, "kPa")
        object.__setattr__(self, "wall", w)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"P_f_um_s": self.P_f}
        d["wall"] = "none" if self.wall is None else f"{self.wall!r} kPa"
        return d


def _impermeant_from(value: Any, strict: bool) -> Impermeant | None:
    if value is None or isinstance(value, Impermeant):
        return value
    kw = table_fields(
        value, "impermeant", {"c": "mM", "amount": "fmol"}, ("z",), strict,
        "a table with c (mM) or amount (fmol), and z",
    )  # fmt: skip
    if "z" not in kw:
        raise VrestInputError(
            "impermeant.z", None, "the mean charge per particle (e.g. -1.2): needed for the "
            "inside's charge (or leave out [impermeant] to derive it)",
        )  # fmt: skip
    return Impermeant(**kw)


def _water_from(value: Any, strict: bool) -> Water | None:
    if value is None or isinstance(value, Water):
        return value
    if isinstance(value, str) and value.strip().lower() == "none":
        return None
    kw = table_fields(
        value, "water", {"P_f": "um/s", "wall": "kPa"}, (), strict,
        'a table with P_f (µm/s) and wall, or "none"',
    )  # fmt: skip
    if "P_f" not in kw:
        raise VrestInputError("water.P_f", None, "an osmotic water permeability in µm/s")
    return Water(**kw)


@dataclass(frozen=True)
class Cell:
    """A cell at rest.

    ``ions``: dict ion name → :class:`IonSpec` or dict with ``c_in``, ``c_out`` (mM) and ``g``
    (nS) or ``P`` (cm/s), optional ``z``. ``celsius``: temperature (°C). ``radius`` (µm, a
    sphere) or ``area`` (µm²): membrane geometry, needed for permeabilities and capacitance.
    ``length`` (µm) with ``radius``: a cylinder (lateral area 2πrL, volume πr²L), e.g. a
    length of axon or a muscle fibre. ``specific_capacitance``: µF/cm².
    ``pump``: a :class:`~vrest.pump.Pump` (or a dict of its fields) or None.
    ``q10_leak``: Q10 of the leak conductances/permeabilities.
    ``reference_celsius``: the temperature (°C) at which g, P and the pump were described
    (default: ``celsius``). At any other temperature the leaks are scaled by
    ``q10_leak^((T − T_ref)/10)`` and the pump's turnover by its own Q10 (a balance pump is
    balanced at T_ref), as in the chapter's temperature section; :meth:`at_celsius` moves a cell.
    ``model``: the primary membrane model, ``"chord"`` or ``"ghk"`` (default: GHK when any ion
    is given by P alone, else chord); both are always solved.
    ``impermeant``: an :class:`Impermeant` (or a dict ``{"c": mM | "amount": fmol, "z": …}``)
    or None: the fixed anions inside (used by time courses: charge and osmotic balance).
    ``water``: a :class:`Water` (or ``{"P_f": µm/s, "wall": kPa | "none"}``) or None (default:
    fixed volume): time courses then model the cell's volume. The rest analysis ignores both.
    """

    ions: Mapping[str, Any]
    celsius: float = DEFAULT_CELSIUS
    radius: float | None = None
    area: float | None = None
    length: float | None = None
    specific_capacitance: float = 1.0
    pump: Pump | None = None
    q10_leak: float = Q10_LEAK_DEFAULT
    reference_celsius: float | None = None
    model: str | None = None
    transporters: Any = ()
    channels: Any = ()
    name: str = ""
    description: str = ""
    source: str = ""
    impermeant: Any = None
    water: Any = None
    #: One-standard-deviation uncertainties of inputs, as a cell file wrote them
    #: (``c_out = "4 ± 0.5 mM"`` → ``("K.c_out", "0.5 mM")``); used by ``vrest rest
    #: --uncertainty`` (:mod:`vrest.explain`). Not part of the physics.
    uncertainty: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    _strict_units: bool = field(default=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        s = self._strict_units
        if not isinstance(self.ions, Mapping) or not self.ions:
            raise VrestInputError("ions", self.ions, "at least one ion, e.g. {'K': {...}}")
        ions: dict[str, IonSpec] = {}
        for name, spec in self.ions.items():
            ion = _ion_spec(str(name), spec, s)
            if ion.name in ions:
                raise VrestInputError(f"ions.{name}", spec, f"{ion.name} listed once")
            ions[ion.name] = ion
        set_ = object.__setattr__
        set_(self, "ions", ions)
        set_(
            self,
            "celsius",
            units.scalar(units.celsius(self.celsius), "celsius", "dimensionless", self.celsius),
        )
        if self.radius is not None and self.area is not None:
            raise VrestInputError(
                "radius", self.radius, "either radius (µm) or area (µm²), not both"
            )
        if self.radius is not None:
            set_(self, "radius", _positive1(self.radius, "radius", "length"))
        if self.area is not None:
            set_(self, "area", _positive1(self.area, "area", "area"))
        if self.length is not None:
            if self.radius is None:
                raise VrestInputError("length", self.length, "a radius (µm) with the length")
            set_(self, "length", _positive1(self.length, "length", "length"))
        set_(
            self,
            "specific_capacitance",
            _positive1(self.specific_capacitance, "specific_capacitance", "specific_capacitance"),
        )
        set_(self, "q10_leak", _positive1(self.q10_leak, "q10_leak", "dimensionless"))
        tref = self.celsius if self.reference_celsius is None else self.reference_celsius
        set_(
            self,
            "reference_celsius",
            units.scalar(
                units.celsius(tref, "reference_celsius"), "reference_celsius", "dimensionless", tref
            ),
        )
        _check_q10_range(self)
        if isinstance(self.pump, Mapping):
            set_(self, "pump", _pump_from_mapping(self.pump))
        elif self.pump is not None and not isinstance(self.pump, Pump):
            raise VrestInputError("pump", self.pump, "a vrest.Pump, a dict of its fields, or None")
        if any(i.P is not None and i.g is None for i in ions.values()) and self.area_um2 is None:
            raise VrestInputError(
                "radius", None, "a radius (µm) or area (µm²): permeabilities need the membrane area"
            )
        if self.pump is not None and self.pump.mode == "balance" and "Na" not in ions:
            raise VrestInputError("pump.mode", "balance", "an Na ion in the cell to balance")
        if self.pump is not None and self.pump.mode == "kinetic" and not {"Na", "K"} <= set(ions):
            raise VrestInputError("pump.mode", "kinetic", "Na and K ions in the cell")
        if self.pump is not None and not {"Na", "K"} <= set(ions):  # its books need E_Na, E_K
            raise VrestInputError(
                "pump", self.pump.mode, "Na and K ions in the cell for a Na⁺/K⁺ pump"
            )
        set_(self, "transporters", self._transporters(ions))
        set_(self, "channels", self._channels(ions))
        if self.model is None:
            only_p = any(i.P is not None and i.g is None for i in ions.values())
            set_(self, "model", "ghk" if only_p else "chord")
        elif self.model not in ("chord", "ghk"):
            raise VrestInputError("model", self.model, "'chord' or 'ghk'")
        set_(self, "ions", {n: self._complete(i) for n, i in ions.items()})
        set_(self, "impermeant", _impermeant_from(self.impermeant, s))
        set_(self, "water", _water_from(self.water, s))
        if self.impermeant is not None and self.impermeant.amount is not None:
            if self.volume_um3 is None:
                raise VrestInputError(
                    "impermeant.amount", self.impermeant.amount,
                    "a cell with a radius (its volume), or c (mM) instead of an amount",
                )  # fmt: skip
        if self.water is not None and self.volume_um3 is None:
            raise VrestInputError(
                "water", self.water, "a cell with a radius (µm): water flux changes its volume"
            )
        set_(self, "_strict_units", False)  # strictness applies to the file, not to copies

    def _transporters(self, ions: Mapping[str, IonSpec]) -> tuple[Transporter, ...]:
        """Validated transporters: each moves ions of this cell; names unique, and neither an
        ion's name nor "pump" (they are dotted-name prefixes)."""
        items = self.transporters
        if isinstance(items, Mapping | Transporter):
            items = [items]
        out: list[Transporter] = []
        for k, t in enumerate(items or ()):
            tr = transporter_from_mapping(t, f"transporter[{k}]", self._strict_units)
            missing = [i for i in tr.ions if i not in ions]
            if missing:
                raise VrestInputError(
                    f"{tr.name}",
                    tr.kind,
                    f"a cell with the ions it moves ({', '.join(tr.ions)})",
                    f"missing: {', '.join(missing)}",
                )
            if tr.name in ions or tr.name == "pump" or tr.name in [o.name for o in out]:
                raise VrestInputError(
                    f"transporter[{k}].name",
                    tr.name,
                    "a name not used by an ion, the pump or another transporter",
                )
            out.append(tr)
        return tuple(out)

    def _channels(self, ions: Mapping[str, IonSpec]) -> tuple[Channel, ...]:
        """Validated gated channels: each carries an ion of this cell (or is a fixed-reversal
        leak); names unique among ions, transporters, channels and "pump"."""
        items = self.channels
        if isinstance(items, Mapping | Channel):
            items = [items]
        taken = {*ions, "pump", *(t.name for t in self.transporters)}
        out: list[Channel] = []
        for k, c in enumerate(items or ()):
            ch = channel_from_mapping(c, f"channel[{k}]", self._strict_units)
            if ch.ion is not None and ch.ion not in ions:
                raise VrestInputError(
                    ch.name, ch.kind, f"a cell with the ion it carries ({ch.ion})", "missing"
                )
            if ch.name in taken:
                raise VrestInputError(
                    f"channel[{k}].name",
                    ch.name,
                    "a name not used by an ion, the pump, a transporter or another channel",
                )
            taken.add(ch.name)
            out.append(ch)
        return tuple(out)

    def channel(self, name: str) -> Channel:
        """The channel population called ``name``."""
        for c in self.channels:
            if c.name == name:
                return c
        raise VrestInputError(
            "channel", name, f"one of {', '.join(c.name for c in self.channels) or '(none)'}"
        )

    def with_channel(self, name: str, **changes: Any) -> Cell:
        """A copy with channel population ``name`` changed (e.g. ``g=0`` blocks it)."""
        ch = self.channel(name)  # an unknown name raises
        if ch.count is not None and "g" in changes and not {"count", "gamma"} & set(changes):
            raise VrestInputError(
                f"{name}.g", changes["g"], f"{name}.count or {name}.gamma (g = count × gamma)"
            )
        if ch.count is not None and {"count", "gamma"} & set(changes) and "g" not in changes:
            changes = {**changes, "g": None}  # g follows count × gamma
        cs = [replace(x, **changes) if x.name == name else x for x in self.channels]
        return replace(self, channels=tuple(cs))

    def transporter(self, name: str) -> Transporter:
        """The transporter called ``name``."""
        for t in self.transporters:
            if t.name == name:
                return t
        raise VrestInputError(
            "transporter",
            name,
            f"one of {', '.join(t.name for t in self.transporters) or '(none)'}",
        )

    def with_transporter(self, name: str, **changes: Any) -> Cell:
        """A copy with transporter ``name`` changed (e.g. ``g=5``)."""
        self.transporter(name)  # an unknown name raises
        ts = [replace(x, **changes) if x.name == name else x for x in self.transporters]
        return replace(self, transporters=tuple(ts))

    def _complete(self, ion: IonSpec) -> IonSpec:
        """``ion`` with the missing g or P derived at its own concentrations and the reference
        temperature (slope conductance of the GHK channel at E_i equals g)."""
        if ion.g is not None and ion.P is not None:
            return ion
        per_p = float(_g_reversal_per_P(ion.c_in, ion.c_out, ion.z, self.reference_celsius))
        scale = per_p * (self.area_um2 or 1.0) * MS_CM2_UM2_TO_NS  # nS per (cm/s)
        if ion.g is None:
            return replace(ion, g=ion.P * scale)
        return replace(ion, P=ion.g / scale if scale > 0 else 0.0)

    # ---- geometry -------------------------------------------------------------------------
    @property
    def area_um2(self) -> float | None:
        """Membrane area in µm² (given, or 4πr² for a sphere of ``radius``), or None."""
        if self.area is not None:
            return self.area
        if self.radius is not None and self.length is not None:
            return 2.0 * math.pi * self.radius * self.length
        if self.radius is not None:
            return 4.0 * math.pi * self.radius**2
        return None

    @property
    def volume_um3(self) -> float | None:
        """Volume in µm³ (µm³ = 1e-15 L): sphere 4/3 πr³, cylinder πr²L; None without radius."""
        if self.radius is None:
            return None
        if self.length is not None:
            return math.pi * self.radius**2 * self.length
        return 4.0 / 3.0 * math.pi * self.radius**3

    @property
    def capacitance_pF(self) -> float | None:
        """Membrane capacitance C = c_m · A in pF (µF/cm² × µm² × 1e-2), or None."""
        a = self.area_um2
        return None if a is None else self.specific_capacitance * a * 1e-2

    # ---- modified copies ------------------------------------------------------------------
    def with_ion(self, name: str, **changes: Any) -> Cell:
        """A copy with ion ``name`` changed (e.g. ``c_out=10``, ``g=0``; units as in
        :class:`Cell`). The membrane stays as described: changing a concentration keeps both g
        and P; setting ``g`` re-derives ``P`` from it (at the ion's new concentrations) and vice
        versa; ``g=0`` or ``P=0`` closes the channel in both models."""
        key = canonical_name(name) or name
        if key not in self.ions:
            raise VrestInputError("ion", name, f"one of this cell's ions: {', '.join(self.ions)}")
        changes = {_SUFFIXES.get(k, k): v for k, v in changes.items()}
        old = {_SUFFIXES.get(k, k): v for k, v in self.ions[key].to_dict().items()}
        if "g" in changes and "P" not in changes:
            old.pop("P", None)
        if "P" in changes and "g" not in changes:
            old.pop("g", None)
        ion = _ion_spec(f"{key}", old | changes, False)
        if "g" not in changes and "P" not in changes:
            ion = replace(ion, g=self.ions[key].g, P=self.ions[key].P)
        for fld, other in (("g", "P"), ("P", "g")):
            if fld in changes and other not in changes and getattr(ion, fld) == 0.0:
                ion = replace(ion, **{other: 0.0})
        return replace(self, ions=dict(self.ions) | {key: ion})

    def block(self, *names: str) -> Cell:
        """A copy with the channels of each ion in ``names`` blocked (g or P set to 0)."""
        cell = self
        for n in names:
            ion = cell.ions.get(canonical_name(n) or n)
            if ion is None:
                raise VrestInputError("ion", n, f"one of this cell's ions: {', '.join(cell.ions)}")
            cell = cell.with_ion(n, g=0.0, P=0.0)
        return cell

    def with_pump(self, pump: Pump | Mapping[str, Any] | None) -> Cell:
        """A copy with another pump (or None: the pump stopped)."""
        return replace(self, pump=pump)

    def at_celsius(
        self, celsius: Any, q10_leak: float | None = None, q10_pump: float | None = None
    ) -> Cell:
        """The same cell moved to another temperature (°C). The description stays at its
        ``reference_celsius``: at T the leak g and P are scaled by ``q10_leak^((T − T_ref)/10)``
        and the pump's turnover by ``q10_pump^((T − T_ref)/10)`` (a balance pump keeps the rate
        it has when balanced at T_ref), as in the chapter's temperature section. Optional
        ``q10_leak``/``q10_pump`` replace the cell's. Nernst potentials follow T by themselves.
        The moved cell is, honestly, not at a steady state of its concentrations (the pump no
        longer matches the leaks); :func:`vrest.solve_rest` says so."""
        t = units.scalar(units.celsius(celsius, "celsius"), "celsius", "dimensionless", celsius)
        ql = self.q10_leak if q10_leak is None else q10_leak
        pump = self.pump
        if pump is not None and q10_pump is not None:
            pump = replace(pump, q10=q10_pump)
        return replace(self, celsius=t, pump=pump, q10_leak=ql)

    @property
    def leak_factor(self) -> float:
        """``q10_leak^((T − T_ref)/10)``: the factor on every g and P at ``celsius``."""
        return _q10_factor(self.q10_leak, self.celsius, self.reference_celsius)

    # ---- I/O ------------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, strict_units: bool = False) -> Cell:
        """Build a cell from a dict shaped like the TOML schema (see the module docstring)."""
        if not isinstance(data, Mapping):
            raise VrestInputError("cell", data, "a table of cell fields")
        allowed = {
            "name",
            "description",
            "source",
            "celsius",
            "radius",
            "area",
            "length",
            "specific_capacitance",
            "q10_leak",
            "reference_celsius",
            "model",
            "ions",
            "pump",
            "transporter",
            "transporters",
            "channel",
            "channels",
            "impermeant",
            "water",
            "solutions",  # read by vrest.measure (pipette and bath files), not by the Cell
        }
        kw: dict[str, Any] = {}
        for key, val in data.items():
            fld = _SUFFIXES.get(key, key)
            if fld == "solutions":
                continue
            if fld not in allowed:
                raise VrestInputError(key, val, f"one of the fields {', '.join(sorted(allowed))}")
            if (
                strict_units
                and key == fld
                and fld in ("radius", "area", "length", "specific_capacitance")
                and not isinstance(val, str)
            ):
                raise VrestInputError(
                    key,
                    val,
                    f'a unit, e.g. "{val} {_UNIT_HINT[fld][0]}" ({_UNIT_HINT[fld][1]})',
                    "the unit is missing",
                )
            kw[fld] = val
        if "ions" not in kw:
            raise VrestInputError("ions", None, "an [ions.NAME] table for each permeant ion")
        if "transporter" in kw:
            if "transporters" in kw:
                raise VrestInputError("transporter", None, "[[transporter]] tables only once")
            kw["transporters"] = kw.pop("transporter")
        if "channel" in kw:
            if "channels" in kw:
                raise VrestInputError("channel", None, "[[channel]] tables only once")
            kw["channels"] = kw.pop("channel")
        if isinstance(kw.get("pump"), Mapping):
            kw["pump"] = _pump_from_mapping(kw["pump"], strict_units)
        if "impermeant" in kw:
            kw["impermeant"] = _impermeant_from(kw["impermeant"], strict_units)
        if "water" in kw:
            kw["water"] = _water_from(kw["water"], strict_units)
        return cls(**kw, _strict_units=strict_units)

    def to_dict(self) -> dict[str, Any]:
        """The cell as plain data in working units (unit-suffixed keys), TOML/JSON friendly."""
        d: dict[str, Any] = {
            "name": self.name,
            "celsius": self.celsius,
            "reference_celsius": self.reference_celsius,
            "model": self.model,
        }
        if self.radius is not None:
            d["radius_um"] = self.radius
        if self.area is not None:
            d["area_um2"] = self.area
        if self.length is not None:
            d["length_um"] = self.length
        d["specific_capacitance_uF_cm2"] = self.specific_capacitance
        d["q10_leak"] = self.q10_leak
        d["ions"] = {n: i.to_dict() for n, i in self.ions.items()}
        if self.area_um2 is None:  # P of a cell without area is nominal (see IonSpec)
            for ion in d["ions"].values():
                ion.pop("P_cm_s", None)
        if self.transporters:
            d["transporter"] = [t.to_dict() for t in self.transporters]
        if self.channels:
            d["channel"] = [c.to_dict() for c in self.channels]
        if self.pump is not None:
            p = self.pump
            d["pump"] = {"mode": p.mode, "n_na": p.n_na, "n_k": p.n_k, "q10": p.q10}
            if p.mode == "fixed":
                d["pump"]["i_pump_pA"] = p.i_pump
            if p.mode == "kinetic":
                d["pump"] |= {
                    "i_max_pA": p.i_max,
                    "km_na_mM": p.km_na,
                    "km_k_mM": p.km_k,
                    "saturation": p.saturation,
                    "voltage": p.voltage,
                    "atp_limit": p.atp_limit,
                }
        if self.impermeant is not None:
            d["impermeant"] = self.impermeant.to_dict()
        if self.water is not None:
            d["water"] = self.water.to_dict()
        return d

    def solve(self, **kw: Any) -> Any:
        """Shortcut for :func:`vrest.rest.solve_rest` (returns a RestResult)."""
        from .rest import solve_rest

        return solve_rest(self, **kw)


def _check_q10_range(cell: Cell) -> None:
    """Every Q10 factor of ``cell`` (leaks, pump) between its reference temperature and its
    temperature must lie within 1e±300: no rate changes by more."""
    dT = cell.celsius - cell.reference_celsius
    for name, q in (("q10_leak", cell.q10_leak), ("pump.q10", getattr(cell.pump, "q10", 1.0))):
        if abs(math.log10(q) * dT / 10.0) > 300.0:
            raise VrestInputError(
                "reference_celsius" if dT else name,
                cell.reference_celsius,
                f"a temperature step over which {name} = {q:g} scales a rate by less than 1e300",
                f"celsius {cell.celsius:g} °C",
            )


_UNIT_HINT = {
    "radius": ("um", "µm"),
    "length": ("um", "µm"),
    "area": ("um^2", "µm²"),
    "specific_capacitance": ("uF/cm^2", "µF/cm²"),
}


def _pump_from_mapping(d: Mapping[str, Any], strict_units: bool = False) -> Pump:
    allowed = {
        "mode",
        "i_pump",
        "n_na",
        "n_k",
        "q10",
        "i_max",
        "km_na",
        "km_k",
        "saturation",
        "voltage",
        "atp_limit",
    }
    kw: dict[str, Any] = {}
    for key, val in d.items():
        fld = _SUFFIXES.get(key, key)
        if fld not in allowed:
            raise VrestInputError(f"pump.{key}", val, f"one of {', '.join(sorted(allowed))}")
        unitless = key == fld and not isinstance(val, str)  # i_max_pA = 250 carries its unit
        if strict_units and fld in ("i_max", "km_na", "km_k") and unitless:
            unit = "pA" if fld == "i_max" else "mM"
            raise VrestInputError(
                f"pump.{key}", val, f'a unit, e.g. "{val} {unit}"', "the unit is missing"
            )
        if strict_units and fld == "i_pump" and key == fld and not isinstance(val, str):
            raise VrestInputError(
                "pump.i_pump", val, f'a unit, e.g. "{val} pA" or i_pump_pA', "the unit is missing"
            )
        kw[fld] = val
    if kw.get("mode", "fixed") == "fixed" and "i_pump" not in kw:
        raise VrestInputError("pump.i_pump", None, 'a pump current in pA (or mode = "balance")')
    if "i_pump" in kw:
        kw["i_pump"] = units.nonnegative(kw["i_pump"], "pump.i_pump", "current")
    return Pump(**kw)


_PM = re.compile(
    r"^\s*(?P<v>[-+]?[0-9.]+(?:[eE][-+]?\d+)?)\s*(?P<u1>[^\s±+/0-9.][^±]*?)?\s*(?:±|\+/-)\s*"
    r"(?P<s>[0-9.]+(?:[eE][-+]?\d+)?)\s*(?P<u2>\S.*?)?\s*$"
)


def _split_uncertainties(data: Any) -> tuple[Any, tuple[tuple[str, str], ...]]:
    """``"4 ± 0.5 mM"`` (or ``"4 mM ± 0.5 mM"``, ``+/-``) in an ion's ``c_in``, ``c_out``,
    ``g`` or ``P`` or in ``celsius``: the value ``"4 mM"`` for the cell and the σ
    ``("K.c_out", "0.5 mM")`` for :mod:`vrest.explain`. Other fields are left alone."""
    if not isinstance(data, Mapping):
        return data, ()
    sig: list[tuple[str, str]] = []

    def split(path: str, text: Any) -> Any:
        if not isinstance(text, str) or ("±" not in text and "+/-" not in text):
            return text
        m = _PM.match(text)
        if m is None:
            raise VrestInputError(path, text, "a value ± its standard deviation, e.g. '4 ± 0.5 mM'")
        unit = (m["u1"] or m["u2"] or "").strip()
        sig.append((path, f"{m['s']} {m['u2'] or unit}".strip()))
        return f"{m['v']} {unit}".strip()

    out = dict(data)
    if "celsius" in out:
        out["celsius"] = split("celsius", out["celsius"])
    ions = out.get("ions")
    if isinstance(ions, Mapping):
        new_ions = {}
        for name, spec in ions.items():
            if isinstance(spec, Mapping):
                spec = {k: (split(f"{name}.{k}", v) if k in ("c_in", "c_out", "g", "P") else v)
                        for k, v in spec.items()}  # fmt: skip
            new_ions[name] = spec
        out["ions"] = new_ions
    return out, tuple(sig)


def load_cell(path: str | Path) -> Cell:
    """Read and validate a cell file (TOML). Every problem raises :class:`CellFileError` naming
    the file, the field, the value and the expected unit.

    Only a regular file of at most 1 MiB (:data:`vrest._io.MAX_READ_BYTES`) is read: a device
    (``/dev/zero``), a FIFO or a directory is refused at once instead of read forever, and
    pathological TOML (integers of thousands of digits, nesting thousands deep) is a
    :class:`CellFileError` too."""
    import os

    from ._io import MAX_READ_BYTES, read_bounded

    if not isinstance(path, str | os.PathLike):
        raise CellFileError(
            "load_cell", "path", path, "a path to a cell file (TOML), e.g. 'cell.toml'"
        )
    p = Path(path)
    try:
        raw = read_bounded(p, MAX_READ_BYTES)
    except OSError as exc:
        raise CellFileError(
            str(p), "", str(p), "a readable cell file (TOML)", exc.strerror or str(exc)
        ) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:  # TOMLDecodeError, int digit limit
        hint = " ".join(str(exc).split())
        if len(hint) > 160:
            hint = hint[:157] + "..."
        raise CellFileError(str(p), "", "(file contents)", "valid TOML", hint) from None
    except RecursionError:
        raise CellFileError(
            str(p), "", "(file contents)", "valid TOML", "tables or arrays nested too deeply"
        ) from None
    try:
        data, sigmas = _split_uncertainties(data)
        cell = Cell.from_dict(data, strict_units=True)
        return replace(cell, uncertainty=sigmas) if sigmas else cell
    except CellFileError:
        raise
    except VrestInputError as exc:
        raise CellFileError(str(p), exc.field, exc.value, exc.expected, exc.hint) from None
    except RecursionError:
        raise CellFileError(
            str(p), "", "(file contents)", "values nested at most a few levels deep"
        ) from None
