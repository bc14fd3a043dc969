"""Liquid junction potentials (LJP) between a pipette solution and a bath solution.

Sign convention (Neher, Methods Enzymol. 207, 123 (1992); Barry & Lynch, J. Membr. Biol. 121,
101 (1991)): the LJP is the potential of the bath relative to the pipette. The membrane potential
is then ``V_m = V_measured − LJP``: a K-gluconate pipette in ACSF gives LJP ≈ +15 mV, so a
reading of −60 mV means V_m ≈ −75 mV.

Two methods, both for any number of ions of any valence, ideal dilute solutions (activity
coefficients 1):

* ``"henderson"``: Henderson's equation (linear mixing of the two solutions across the junction):
  ``LJP = −(RT/F) · [Σ z_j D_j Δc_j / Σ z_j² D_j Δc_j] · ln(Σ z_j² D_j c_j,bath /
  Σ z_j² D_j c_j,pip)`` with ``Δc = c_bath − c_pipette``. It also splits the LJP into per-ion
  contributions (the terms of the first sum).
* ``"nernst-planck"`` (default): the stationary Nernst–Planck junction of Planck (1890), the
  problem solved by JLJP/LJPcalc (Marino et al. 2014, arXiv:1403.3640): a layer with the pipette
  composition at one face and the bath composition at the other, every ion's flux constant
  (steady state), zero electric current and electroneutrality everywhere. Its LJP does not depend
  on the layer's thickness. vrest does not copy LJPcalc's algorithm (which integrates in the
  concentration of one ion and searches the fluxes); it uses an exact reduction (derived in
  :func:`_np_solve`): with the new variable ``dτ = dψ`` (ψ = FV/RT) the equations become linear,
  ``dc/dτ = M c`` with ``M = b (z²)ᵀ − diag(z)``, ``b`` the fluxes scaled by their charge sum, so
  the bath composition is ``exp(τ_L M) c_pipette`` and the LJP is ``(RT/F) τ_L``. The n − 1
  unknowns (the zero-current fluxes and τ_L) are found by Gauss–Newton on the matrix exponential.
  For a single salt, and for univalent ions in general, the result is Planck's.

Mobilities: limiting equivalent conductivities at 25 °C from ``vrest/data/mobilities.toml``
(each value with its source; see that file), converted to D = RTλ/(|z|F²). Only ratios of D
matter; they are assumed independent of temperature, which enters through RT/F. Extend the
table with ``mobilities={"X": {"z": -1, "lambda": 30.0}}`` or a TOML file of ``[ions.X]`` tables
(:func:`load_mobilities`).
"""

from __future__ import annotations

import math
import os
import tomllib
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from . import units
from .constants import ZERO_CELSIUS, F, R
from .errors import SolverError, VrestInputError, VrestWarning

#: The sign convention, in words (reported with every result).
SIGN_CONVENTION = (
    "LJP = potential of the bath relative to the pipette (Neher 1992; Barry & Lynch 1991); "
    "correct a measured potential as V_m = V_measured − LJP"
)
METHODS = ("nernst-planck", "henderson")
#: A solution is electroneutral when |Σ z c| is at most this fraction of its cation charge
#: (Σ z c over cations, mM) plus 1e-9 mM.
ELECTRONEUTRALITY_RTOL = 1e-3
#: Henderson is warned about when ions with |z| > 1 carry more than this fraction of
#: Σ z² |Δc| (the weight of the ions in Henderson's mixing term).
POLYVALENT_WARN_FRACTION = 0.1
#: Most ions in one calculation.
MAX_IONS = 100
_MAX_ITER = 100


@dataclass(frozen=True)
class Mobility:
    """One ion's mobility entry: valence ``z``, limiting equivalent conductivity ``lam``
    (λ°, S cm² mol⁻¹ per equivalent, 25 °C), its ``source`` and what was checked (``status``)."""

    name: str
    z: int
    lam: float
    source: str = "user"
    status: str = "given by the user"

    @property
    def D_1e5_cm2_s(self) -> float:
        """Diffusion coefficient at 25 °C, 10⁻⁵ cm²/s: D = RTλ/(|z|F²)."""
        return R * (25.0 + ZERO_CELSIUS) * self.lam * 1e-4 / (abs(self.z) * F**2) * 1e9


# ---- the mobility table -------------------------------------------------------------------
def _parse_table(data: Any, where: str, default_source: str) -> tuple[dict, dict[str, str]]:
    """``[ions.NAME]`` tables (and optional ``[sources]``) → (name → Mobility, alias → name)."""
    if not isinstance(data, Mapping):
        raise VrestInputError(where, data, "a table of ions")
    ions = data.get("ions", data.get("mobilities"))
    if not isinstance(ions, Mapping) or not ions:
        raise VrestInputError(f"{where}: [ions]", ions, "[ions.NAME] tables with z and lambda")
    table: dict[str, Mobility] = {}
    aliases: dict[str, str] = {}
    for name, entry in ions.items():
        mob = _entry(str(name), entry, f"{where}: ions.{name}", default_source)
        table[mob.name] = mob
        extra = entry.get("aliases", []) if isinstance(entry, Mapping) else []
        if not isinstance(extra, list):
            raise VrestInputError(f"{where}: ions.{name}.aliases", extra, "a list of names")
        for a in (mob.name, *extra):
            aliases[str(a).strip().lower()] = mob.name
    return table, aliases


def _entry(name: str, entry: Any, field_: str, default_source: str = "user") -> Mobility:
    """One mobility given as {"z": .., "lambda": ..}, (z, lambda) or a Mobility."""
    if isinstance(entry, Mobility):
        return entry
    if isinstance(entry, Mapping):
        z, lam = entry.get("z"), entry.get("lambda", entry.get("lam"))
        source = str(entry.get("source", default_source))
        status = str(entry.get("status", "given by the user"))
    elif isinstance(entry, tuple | list) and len(entry) == 2:
        (z, lam), source, status = entry, default_source, "given by the user"
    else:
        raise VrestInputError(
            field_, entry, "a mobility {'z': valence, 'lambda': λ° in S cm²/mol per equivalent}"
        )
    zi = units.valence(z, f"{field_}.z")
    lam_f = units.positive(lam, f"{field_}.lambda", "dimensionless")
    return Mobility(name.strip(), zi, float(lam_f), source, status)


@lru_cache(maxsize=1)
def _builtin() -> tuple[dict[str, Mobility], dict[str, str], dict[str, str]]:
    raw = files("vrest").joinpath("data/mobilities.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    table, aliases = _parse_table(data, "mobilities.toml", "")
    return table, aliases, dict(data.get("sources", {}))


def mobility_table() -> dict[str, Mobility]:
    """The built-in mobility table (name → :class:`Mobility`); see ``data/mobilities.toml``."""
    return dict(_builtin()[0])


def mobility_sources() -> dict[str, str]:
    """Source key → reference, for the ``source`` of each built-in :class:`Mobility`."""
    return dict(_builtin()[2])


def _read_toml(path: str | os.PathLike[str], what: str) -> dict[str, Any]:
    from ._io import read_bounded

    if not isinstance(path, str | os.PathLike) or not str(path).strip():
        raise VrestInputError(what, path, "a path to a TOML file")
    try:
        raw = read_bounded(path)
    except OSError as exc:
        raise VrestInputError(
            what, str(path), "a readable TOML file", exc.strerror or str(exc)
        ) from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        hint = " ".join(str(exc).split())[:160]
        raise VrestInputError(f"{path}", "(file contents)", "valid TOML", hint) from None


def load_mobilities(path: str | os.PathLike[str]) -> dict[str, Mobility]:
    """A user's mobility table: a TOML file of ``[ions.NAME]`` tables with ``z`` and
    ``lambda`` (λ°, S cm² mol⁻¹ per equivalent), optionally ``source``, ``status``, ``aliases``
    (the format of ``vrest/data/mobilities.toml``)."""
    table, aliases = _parse_table(_read_toml(path, "mobilities"), str(path), "user file")
    for a, name in aliases.items():  # aliases become names of their own
        if a != name.lower():
            table.setdefault(a, table[name])
    return table


def _user_table(mobilities: Any) -> dict[str, Mobility]:
    if mobilities is None:
        return {}
    if isinstance(mobilities, str | os.PathLike):
        return {k.lower(): v for k, v in load_mobilities(mobilities).items()}
    if not isinstance(mobilities, Mapping):
        raise VrestInputError(
            "mobilities", mobilities, "a dict ion → {'z': .., 'lambda': ..} or a TOML path"
        )
    out = {}
    builtin, aliases, _ = _builtin()
    for name, entry in mobilities.items():
        if isinstance(entry, int | float) and not isinstance(entry, bool):
            key = aliases.get(str(name).strip().lower())
            if key is None:
                raise VrestInputError(
                    f"mobilities[{name!r}]",
                    entry,
                    "{'z': valence, 'lambda': λ°}: the valence of an ion not in the table",
                )
            entry = {"z": builtin[key].z, "lambda": entry}
        out[str(name).strip().lower()] = _entry(str(name), entry, f"mobilities[{name!r}]")
    return out


def _lookup(name: str, user: dict[str, Mobility]) -> Mobility:
    key = name.strip().lower()
    builtin, aliases, _ = _builtin()
    if key in user:
        return user[key]
    canon = aliases.get(key)
    if canon is not None and canon.lower() in user:
        return user[canon.lower()]
    if canon is not None:
        return builtin[canon]
    raise VrestInputError(
        "ion",
        name,
        "an ion with a known mobility",
        f"{name!r} is not in the mobility table; give it, e.g. "
        f"mobilities={{'{name}': {{'z': -1, 'lambda': 30.0}}}} (λ° in S cm²/mol per "
        "equivalent) or --mobilities FILE.toml",
    )


# ---- solutions -----------------------------------------------------------------------------
def _concentrations(sol: Any, which: str) -> dict[str, float]:
    if not isinstance(sol, Mapping):
        raise VrestInputError(which, sol, "a dict ion → concentration in mM")
    if len(sol) > MAX_IONS:
        raise VrestInputError(which, f"{len(sol)} ions", f"at most {MAX_IONS} ions")
    out: dict[str, float] = {}
    for name, c in sol.items():
        if not isinstance(name, str) or not name.strip():
            raise VrestInputError(f"{which} ion name", name, "a non-empty name, e.g. 'K'")
        fld = f"{which}.{name}"
        try:
            v = units.nonnegative(c, fld, "concentration")
        except VrestInputError as exc:
            if exc.field == fld and "non-negative" in exc.expected:
                raise VrestInputError(
                    fld, c, "a concentration ≥ 0 in mM (0: absent from this solution)"
                ) from None
            raise
        out[name.strip()] = float(units.scalar(v, fld, "concentration", c))
    return out


def load_solution(path: str | os.PathLike[str]) -> dict[str, float]:
    """The ``[solution]`` table of a TOML file: ion = concentration (a number in mM or a
    string with its unit, "125 mM", "0.125 M") → dict ion → mM. Other top-level keys (``name``,
    ``notes``, ``[mobilities.X]`` for ions missing from the table) are allowed."""
    data = _read_toml(path, "solution")
    sol = data.get("solution")
    if not isinstance(sol, Mapping) or not sol:
        raise VrestInputError(
            f"{path}: [solution]", sol, 'a [solution] table of ion = "mM" entries'
        )
    try:
        return _concentrations(sol, "solution")
    except VrestInputError as exc:
        raise VrestInputError(f"{path}: {exc.field}", exc.value, exc.expected, exc.hint) from None


def solution_mobilities(path: str | os.PathLike[str]) -> dict[str, Mobility]:
    """The optional ``[mobilities.X]`` tables of a solution file (empty dict if none)."""
    data = _read_toml(path, "solution")
    if "mobilities" not in data:
        return {}
    table, _ = _parse_table({"ions": data["mobilities"]}, str(path), "solution file")
    return table


# ---- result --------------------------------------------------------------------------------
@dataclass
class LJPResult:
    """An LJP (``value`` in mV, bath relative to pipette) and how it was obtained."""

    value: float
    method: str
    celsius: float
    ions: list[dict[str, Any]]
    net_charge_mM: dict[str, float]
    contributions: dict[str, float] | None = None
    sign_convention: str = SIGN_CONVENTION
    notes: list[str] = field(default_factory=list)

    def corrected(self, V_measured: float) -> float:
        """The membrane potential from a measured one (mV): ``V_measured − LJP``."""
        return float(V_measured) - self.value

    def to_dict(self) -> dict[str, Any]:
        return {
            "ljp_mV": self.value,
            "method": self.method,
            "celsius": self.celsius,
            "sign_convention": self.sign_convention,
            "correction": "V_m = V_measured - LJP",
            "contributions_mV": self.contributions,
            "net_charge_mM": self.net_charge_mM,
            "ions": self.ions,
            "notes": self.notes,
        }

    def table(self) -> str:
        lines = [
            f"LJP = {self.value:+.2f} mV  ({self.method}, {self.celsius:g} °C)",
            f"  {self.sign_convention}",
            f"  e.g. a measured −60.0 mV is V_m = {self.corrected(-60.0):+.1f} mV",
            "",
            f"  {'ion':<18}{'z':>3}{'λ° S cm²/mol':>14}{'pipette mM':>12}{'bath mM':>10}"
            + ("  contribution mV" if self.contributions else ""),
        ]
        for row in self.ions:
            line = (
                f"  {row['ion']:<18}{row['z']:>+3d}{row['lambda']:>14.4g}"
                f"{row['pipette_mM']:>12.4g}{row['bath_mM']:>10.4g}"
            )
            if self.contributions:
                line += f"  {self.contributions[row['ion']]:>+15.3f}"
            lines.append(line)
        lines.append(
            "  net charge Σzc (mM): pipette "
            f"{self.net_charge_mM['pipette']:+.3g}, bath {self.net_charge_mM['bath']:+.3g}"
        )
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


# ---- the calculation -----------------------------------------------------------------------
def _check_neutral(c: np.ndarray, z: np.ndarray, which: str) -> float:
    net = float(z @ c)
    cations = float(np.sum(np.where(z > 0, z * c, 0.0)))
    anions = float(np.sum(np.where(z < 0, -z * c, 0.0)))
    if abs(net) > ELECTRONEUTRALITY_RTOL * max(cations, anions) + 1e-9:
        more = "cation" if net > 0 else "anion"
        raise VrestInputError(
            which,
            f"cations {cations:g} mM, anions {anions:g} mM (charge equivalents)",
            "an electroneutral solution (Σ z·c = 0)",
            f"{abs(net):.4g} mM more {more} charge; add the missing counter-ion (e.g. the "
            "cation of a titrant such as KOH or NaOH) or correct the recipe",
        )
    return round(net, 9) + 0.0


def _henderson(c0, cL, z, D) -> tuple[float, np.ndarray]:
    """Dimensionless Henderson LJP (in units of RT/F) and its per-ion terms."""
    dc = cL - c0
    alpha = float(np.sum(z * z * D * c0))
    beta = float(np.sum(z * z * D * dc))
    # ∫0^1 dx/(α + βx) = ln(1 + β/α)/β, → 1/α as β → 0
    x = beta / alpha if alpha > 0 else math.inf
    if math.isinf(x):
        raise VrestInputError("pipette", "no ions", "a pipette solution with ions")
    integral = (math.log1p(x) / x if abs(x) > 1e-12 else 1.0 - x / 2) / alpha
    terms = -(z * D * dc) * integral
    return float(np.sum(terms)), terms


def _expm(P: np.ndarray) -> np.ndarray:
    """exp of a stack of small matrices (..., n, n): scaling and squaring with a degree-16
    Taylor polynomial (relative error ~1e-16 after scaling to norm ≤ 1/4); many times faster
    than scipy.linalg.expm on stacks of 10×10 matrices."""
    norm = float(np.max(np.sum(np.abs(P), axis=-1))) if P.size else 0.0
    s = max(0, math.ceil(math.log2(norm / 0.25))) if norm > 0.25 else 0
    A = P / 2.0**s
    eye = np.broadcast_to(np.eye(P.shape[-1]), P.shape)
    E = eye + A / 16.0
    for k in range(15, 0, -1):  # Horner: I + A/1 (I + A/2 (I + ...))
        E = eye + (A @ E) / k
    for _ in range(s):
        E = E @ E
    return E


def _np_solve(c0: np.ndarray, cL: np.ndarray, z: np.ndarray, D: np.ndarray) -> float:
    """Dimensionless stationary Nernst–Planck LJP ψ_L − ψ_0 (ψ = FV/RT).

    Planck's junction on 0 ≤ x ≤ 1: J_j = −D_j (c_j' + z_j c_j ψ') constant, Σ z_j J_j = 0,
    Σ z_j c_j = 0, c(0) = c0, c(1) = cL. With a_j = −J_j/D_j, c_j' = a_j − z_j c_j ψ', and
    Σ z c' = 0 gives ψ' = A/S with A = Σ z_j a_j and S = Σ z_j² c_j. In τ = ψ (dτ = A dx/S):
    dc_j/dτ = b_j S − z_j c_j with b = a/A, i.e. dc/dτ = M c, M = b (z²)ᵀ − diag(z). Hence
    cL = exp(τ_L M) c0 and the LJP is τ_L. Unknowns: q = τ_L b with Σ z_j D_j q_j = 0 (zero
    current; n − 1 free components), τ_L = Σ z_j q_j. Equations: exp(P) c0 = cL with
    P = q (z²)ᵀ − (z·q) diag(z) (n − 1 independent: Σ z c is conserved by M).
    """
    expm = _expm
    n = len(z)
    scale = float(np.sum(z * z * (c0 + cL))) / 2
    c0s, cLs = c0 / scale, cL / scale
    z2 = z * z
    # orthonormal basis of {q : Σ z D q = 0}
    w = (z * D) / np.linalg.norm(z * D)
    basis = np.linalg.svd(np.eye(n) - np.outer(w, w))[0][:, : n - 1]
    # start: Henderson-like linear profiles (mean concentrations), zero current exact
    cm = (c0s + cLs) / 2
    dc = cLs - c0s
    tau_h = -float(np.sum(z * D * dc)) / float(np.sum(z2 * D * cm))
    q0 = (dc + z * cm * tau_h) / float(np.sum(z2 * cm))
    u = basis.T @ q0
    eye = np.eye(n)

    def mats(us: np.ndarray) -> np.ndarray:  # us: (k, n-1) → P: (k, n, n)
        qs = us @ basis.T
        taus = qs @ z
        return qs[:, :, None] * z2[None, None, :] - taus[:, None, None] * (z * eye)[None]

    def resid(us: np.ndarray) -> np.ndarray:
        return expm(mats(us)) @ c0s - cLs

    r = resid(u[None])[0]
    cost = float(r @ r)
    h = 1e-7
    for _ in range(_MAX_ITER):
        if math.sqrt(cost) < 1e-12:
            break
        pert = u[None] + h * np.vstack([np.zeros(n - 1), np.eye(n - 1)])
        rs = resid(pert)
        J = (rs[1:] - rs[0]).T / h
        step = np.linalg.lstsq(J, -rs[0], rcond=None)[0]
        lam = 1.0
        while lam > 1e-6:  # backtracking: the cost must fall
            trial = u + lam * step
            rt = resid(trial[None])[0]
            ct = float(rt @ rt)
            if np.isfinite(ct) and ct < cost:
                break
            lam /= 2
        else:
            break
        u, r, cost = trial, rt, ct
        if float(np.max(np.abs(lam * step))) < 1e-14:
            break
    if not math.sqrt(cost) < 1e-9:
        raise SolverError(
            f"the Nernst–Planck junction did not converge (residual {math.sqrt(cost):.2g} of "
            "the scaled concentrations); try method='henderson'",
            "pipette/bath",
        )
    P = mats(u[None])[0]
    # the path from pipette to bath must stay physical (no negative concentration inside)
    s = np.linspace(0.0, 1.0, 17)[1:-1]
    path = expm(s[:, None, None] * P[None]) @ c0s
    if float(np.min(path)) < -1e-8:
        raise SolverError(
            "the Nernst–Planck solution found passes through negative concentrations; "
            "try method='henderson'",
            "pipette/bath",
        )
    return float(z @ (basis @ u))


def ljp(
    pipette: Mapping[str, Any],
    bath: Mapping[str, Any],
    celsius: Any = 25.0,
    method: str = "nernst-planck",
    mobilities: Any = None,
) -> LJPResult:
    """The liquid junction potential (mV) of ``bath`` relative to ``pipette``.

    ``pipette`` and ``bath`` map ion names (``"K"``, ``"Gluconate"``, aliases such as
    ``"K+"``) to concentrations in mM (or strings with units); an ion missing from one solution
    is absent there. Each solution must be electroneutral. ``method`` is ``"nernst-planck"``
    (stationary Nernst–Planck/Planck junction, default) or ``"henderson"``. ``mobilities``
    adds or overrides table entries: ``{"X": {"z": -1, "lambda": 30.0}}`` (λ° in S cm² mol⁻¹
    per equivalent), ``{"K": 73.5}`` for a known ion, or a TOML path (:func:`load_mobilities`).

    Correct a measured potential with ``V_m = V_measured − LJP`` (:meth:`LJPResult.corrected`).

    >>> r = ljp({"K": 150, "Cl": 150}, {"K": 15, "Cl": 15})
    >>> round(r.value, 2)          # KCl 150 | 15 mM: (t₊ − t₋)(RT/F) ln 10, Cl⁻ a bit faster
    -1.12
    """
    if not isinstance(method, str) or method.strip().lower() not in METHODS:
        raise VrestInputError("method", method, "'nernst-planck' or 'henderson'")
    method = method.strip().lower()
    t = float(units.celsius(celsius))
    user = _user_table(mobilities)
    cp = _concentrations(pipette, "pipette")
    cb = _concentrations(bath, "bath")
    names: list[str] = []
    mob: dict[str, Mobility] = {}
    for which, sol in (("pipette", cp), ("bath", cb)):
        canon_sol: dict[str, str] = {}
        for name in sol:
            m = _lookup(name, user)
            key = m.name
            if key in canon_sol:
                raise VrestInputError(
                    which,
                    name,
                    "each ion once",
                    f"{canon_sol[key]!r} and {name!r} are the same ion",
                )
            canon_sol[key] = name
            if key not in mob:
                mob[key] = m
                names.append(key)
    c0 = np.array([_get(cp, mob[k], user) for k in names])
    cL = np.array([_get(cb, mob[k], user) for k in names])
    keep = (c0 > 0) | (cL > 0)
    if not keep.any():
        raise VrestInputError("pipette/bath", "no ions", "solutions with ions")
    z = np.array([mob[k].z for k in names], dtype=float)
    lam = np.array([mob[k].lam for k in names])
    D = lam / np.abs(z)
    net = {"pipette": _check_neutral(c0, z, "pipette"), "bath": _check_neutral(cL, z, "bath")}
    if not (c0[keep] > 0).any():
        raise VrestInputError("pipette", "no ions", "a pipette solution with ions")
    if not (cL[keep] > 0).any():
        raise VrestInputError("bath", "no ions", "a bath solution with ions")
    rt_f = 1e3 * R * (t + ZERO_CELSIUS) / F
    kz, kD, k0, kL = z[keep], D[keep] / D[keep].max(), c0[keep], cL[keep]
    notes: list[str] = []
    contributions = None
    if np.array_equal(k0, kL):
        value = 0.0
        terms = np.zeros_like(kz)
    elif method == "henderson":
        psi, terms = _henderson(k0, kL, kz, kD)
        value = rt_f * psi
        poly = np.abs(kz) > 1
        weight = np.abs(kz * kz * (kL - k0))
        frac = float(weight[poly].sum() / weight.sum())
        if frac > POLYVALENT_WARN_FRACTION:
            msg = (
                f"polyvalent ions carry {100 * frac:.0f}% of the junction's z²·Δc: Henderson's "
                "linear-mixing assumption is known to be poor there; use "
                "method='nernst-planck'"
            )
            notes.append(msg)
            warnings.warn(msg, VrestWarning, stacklevel=2)
    else:
        value = rt_f * _np_solve(k0, kL, kz, kD)
        terms = None
    if method == "henderson":
        full = np.zeros(len(names))
        full[keep] = rt_f * terms
        contributions = {k: float(v) for k, v in zip(names, full)}
    unverified = [k for k in names if mob[k].status.startswith("unverified")]
    if unverified:
        notes.append("mobility not cross-checked (see mobilities.toml): " + ", ".join(unverified))
    rows = [
        {
            "ion": k,
            "z": mob[k].z,
            "lambda": mob[k].lam,
            "D_1e5_cm2_s": mob[k].D_1e5_cm2_s,
            "pipette_mM": float(c0[i]),
            "bath_mM": float(cL[i]),
            "source": mob[k].source,
            "status": mob[k].status,
        }
        for i, k in enumerate(names)
    ]
    return LJPResult(float(value), method, t, rows, net, contributions, notes=notes)


def _get(sol: dict[str, float], m: Mobility, user: dict[str, Mobility]) -> float:
    for name, c in sol.items():
        if _lookup(name, user).name == m.name:
            return c
    return 0.0


def ljp_file(pipette_path: str | Path, bath_path: str | Path, **kwargs: Any) -> LJPResult:
    """:func:`ljp` of two solution files (:func:`load_solution`)."""
    return ljp(load_solution(pipette_path), load_solution(bath_path), **kwargs)
