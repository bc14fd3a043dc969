"""The ion table: charge, ionic radius, hydration free energy and diffusion coefficient.

Sources (each column has one source so the table is internally consistent):

* ``radius_A``: crystal ionic radius for coordination number 6, Å. R. D. Shannon, Acta Cryst.
  A32, 751–767 (1976). H⁺ has no meaningful bare radius (None). HCO₃⁻ and NH₄⁺ (polyatomic, not
  in Shannon's table) are the thermochemical radii of Y. Marcus, *Ion Properties* (Dekker, 1997).
* ``dG_hyd_kJ_mol``: standard molar Gibbs free energy of hydration, kJ/mol. Y. Marcus,
  J. Chem. Soc. Faraday Trans. 87, 2995–2999 (1991), table 1 (H⁺ = −1056 kJ/mol convention).
* ``D_1e5_cm2_s``: limiting diffusion coefficient in water at 25 °C, 10⁻⁵ cm²/s.
  CRC Handbook of Chemistry and Physics, 97th ed., "Ionic conductivity and diffusion at
  infinite dilution" (from Y.-H. Li & S. Gregory, Geochim. Cosmochim. Acta 38, 703 (1974)).

The chapter's numbers (K⁺ 1.38 Å, Na⁺ 1.02 Å) are Shannon's radii.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .errors import VrestInputError
from .units import valence as _valence


@dataclass(frozen=True)
class Ion:
    """One ion species: ``name`` (e.g. ``"K"``), ``symbol`` (``"K⁺"``), valence ``z``,
    ``radius_A`` (Å), ``dG_hyd_kJ_mol`` (kJ/mol), ``D_1e5_cm2_s`` (10⁻⁵ cm²/s at 25 °C)."""

    name: str
    symbol: str
    z: int
    radius_A: float | None
    dG_hyd_kJ_mol: float | None
    D_1e5_cm2_s: float | None
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("aliases")
        return d


ION_TABLE: dict[str, Ion] = {
    ion.name: ion
    for ion in (
        Ion("K", "K⁺", 1, 1.38, -295.0, 1.957, ("K+", "potassium")),
        Ion("Na", "Na⁺", 1, 1.02, -365.0, 1.334, ("Na+", "sodium")),
        Ion("Cl", "Cl⁻", -1, 1.81, -340.0, 2.032, ("Cl-", "chloride")),
        Ion("Ca", "Ca²⁺", 2, 1.00, -1505.0, 0.792, ("Ca2+", "Ca++", "calcium")),
        Ion("Mg", "Mg²⁺", 2, 0.72, -1830.0, 0.706, ("Mg2+", "Mg++", "magnesium")),
        Ion("H", "H⁺", 1, None, -1056.0, 9.311, ("H+", "proton", "hydrogen")),
        Ion("HCO3", "HCO₃⁻", -1, 1.56, -335.0, 1.185, ("HCO3-", "bicarbonate")),
        Ion("Li", "Li⁺", 1, 0.76, -475.0, 1.029, ("Li+", "lithium")),
        Ion("Rb", "Rb⁺", 1, 1.52, -275.0, 2.072, ("Rb+", "rubidium")),
        Ion("Cs", "Cs⁺", 1, 1.67, -250.0, 2.056, ("Cs+", "cesium", "caesium")),
        Ion("NH4", "NH₄⁺", 1, 1.48, -285.0, 1.957, ("NH4+", "ammonium")),
        Ion("Br", "Br⁻", -1, 1.96, -315.0, 2.080, ("Br-", "bromide")),
    )
}

_ALIASES: dict[str, str] = {}
for _ion in ION_TABLE.values():
    for _a in (_ion.name, *_ion.aliases):
        _ALIASES[_a.lower()] = _ion.name


def canonical_name(name: str) -> str | None:
    """The table's name for ``name`` (``"K+"``, ``"potassium"`` → ``"K"``), or None if unknown."""
    return _ALIASES.get(str(name).strip().lower())


def get_ion(name: str) -> Ion:
    """Look up an ion by name or alias; unknown names raise :class:`VrestInputError`."""
    key = canonical_name(name)
    if key is None:
        raise VrestInputError(
            "ion", name, f"one of {', '.join(ION_TABLE)} (or give its valence z explicitly)"
        )
    return ION_TABLE[key]


def resolve_valence(name: str | None, z: Any = None, field: str = "z") -> int:
    """Valence of ion ``name``: ``z`` when given (checked against the table), else the table's.

    A ``z`` that contradicts the table, or an unknown ion without ``z``, raises
    :class:`VrestInputError`."""
    if z is not None:
        zi = _valence(z, field)
        if name is not None:
            key = canonical_name(name)
            if key is not None and ION_TABLE[key].z != zi:
                raise VrestInputError(
                    field, z, f"the valence of {ION_TABLE[key].symbol}, {ION_TABLE[key].z:+d}"
                )
        return zi
    if name is None:
        raise VrestInputError(field, None, "a valence (no ion name given to look it up)")
    key = canonical_name(name)
    if key is None:
        raise VrestInputError(
            field,
            None,
            f"the valence of {name!r}, which is not in the ion table ({', '.join(ION_TABLE)})",
        )
    return ION_TABLE[key].z


#: Sources of the table's values: key → reference (see the module docstring).
SOURCES: dict[str, str] = {
    "shannon": "R. D. Shannon, Acta Cryst. A32, 751–767 (1976): crystal ionic radius, "
    "coordination number 6",
    "marcus97": "Y. Marcus, Ion Properties (Dekker, 1997): thermochemical radius of a "
    "polyatomic ion",
    "no_radius": "none: a bare proton has no ionic radius (about 1e-5 Å; in water it is H₃O⁺), "
    "so none is given",
    "marcus91": "Y. Marcus, J. Chem. Soc. Faraday Trans. 87, 2995–2999 (1991), table 1 "
    "(H⁺ = −1056 kJ/mol convention)",
    "crc": "CRC Handbook of Chemistry and Physics, 97th ed., ionic conductivity and diffusion at "
    "infinite dilution, 25 °C (Li & Gregory 1974)",
}

#: Column of :class:`Ion` → (heading with unit, default source key).
COLUMNS: dict[str, tuple[str, str]] = {
    "radius_A": ("radius Å", "shannon"),
    "dG_hyd_kJ_mol": ("ΔG_hyd kJ/mol", "marcus91"),
    "D_1e5_cm2_s": ("D 10⁻⁵ cm²/s", "crc"),
}

_SOURCE_EXCEPTIONS = {
    ("H", "radius_A"): "no_radius",
    ("HCO3", "radius_A"): "marcus97",
    ("NH4", "radius_A"): "marcus97",
}


def value_source(name: str, column: str) -> str:
    """Key in :data:`SOURCES` of the value ``column`` (a key of :data:`COLUMNS`) of ion
    ``name``."""
    key = canonical_name(name) or name
    return _SOURCE_EXCEPTIONS.get((key, column), COLUMNS[column][1])


def ion_rows() -> list[dict[str, Any]]:
    """The ion table as plain rows (no pandas): each value beside the key of its source in
    :data:`SOURCES`; a value the table does not give (the H⁺ radius) is None, with a source
    saying why."""
    rows = []
    for ion in ION_TABLE.values():
        row: dict[str, Any] = {"name": ion.name, "symbol": ion.symbol, "z": ion.z}
        for col in COLUMNS:
            row[col] = getattr(ion, col)
            row[f"{col}_source"] = value_source(ion.name, col)
        rows.append(row)
    return rows


def ion_table() -> Any:
    """The ion table as a pandas DataFrame (one row per ion, units in the column names)."""
    import pandas as pd

    rows = [ion.to_dict() for ion in ION_TABLE.values()]
    return pd.DataFrame(rows).set_index("name")
