"""Fitting a cell to recordings: measured V_rest against a swept field (usually [K]ₒ).

Usage (``examples/17_fit.py`` runs it)::

    res = vrest.fit.fit_rest(cell, "data.csv", vary=["Na.P", "Cl.P"],
                             keep_sum={"Na.c_out": "K.c_out"}, ljp=0.0)
    print(res.table()); res.plot("fit.png")

**Data** (:func:`load_data`): a CSV file with one column per swept field, named by its dotted
name (``K.c_out``) with its unit in brackets (``K.c_out [mM]``; no unit: vrest's working unit),
a column ``V`` (membrane potential, mV unless ``V [V]`` etc.) and optionally ``V_sd`` (the
standard error of each V, same unit as V). Lines starting with ``#`` are comments. Several
rows may share a field value (repeated recordings).

**Model**: the cell's resting potential (``V`` of :func:`vrest.solve_rest`, the pump as the cell
describes it) at each data point, computed by :func:`vrest.sweep` (``points="list"``, the
vectorized rest path) with the data's fields set and ``keep_sum`` links applied (K⁺ replacing
Na⁺: ``{"Na.c_out": "K.c_out"}``). A liquid-junction potential ``ljp`` (mV) is subtracted from
the measured values first: V_m = V_measured − LJP.

**Fit**: weighted least squares (:func:`scipy.optimize.least_squares`, trust-region reflective)
of χ² = Σ ((V_model − V_m)/σ)². Positive quantities (permeabilities, conductances, rates,
counts) are fitted as log10 values, within ±:data:`LOG_SPAN` decades of the cell's value; the
others (currents, potentials) linearly within ± :data:`LINEAR_SPAN` × max(|start|, 1 working
unit). Fitting ``Na.P`` and ``Cl.P`` with ``K.P`` fixed is fitting the ratios P_Na/P_K and
P_Cl/P_K (only ratios set V in the GHK equation); the table shows those ratios. σ: ``sigma``
(mV, a number or one per point), else the ``V_sd`` column, else estimated from the scatter of
the residuals (s² = RSS/(n − p); then χ²_min = n − p by construction and no goodness-of-fit
test is possible).

**Confidence intervals** by the profile likelihood (Raue et al. 2009, Bioinformatics 25:1923):
for each parameter, χ²_PL(θᵢ) = min over the others of χ²; the interval is where
Δχ² = χ²_PL − χ²_min stays below the χ²(1) quantile of ``level`` (3.84 for 95 %; pointwise
intervals). A profile that does not reach that threshold on a side within the search range
means the data do not determine the parameter on that side: "upper bound only", "lower bound
only" or "not identifiable (flat profile)" — e.g. P_Cl when Cl⁻ is passively distributed (at
equilibrium it carries no current whatever its permeability).

Units: working units of each field (cm/s, nS, pA, mM, mV).
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import VrestInputError

#: Decades either side of the starting value searched for a log-scale parameter.
LOG_SPAN = 6.0
#: Half-width of the search range of a linear parameter, in units of max(|start|, 1).
LINEAR_SPAN = 20.0
#: Most data rows read from a file.
MAX_ROWS = 100_000
#: Most steps of a profile on each side.
MAX_PROFILE_STEPS = 60
#: Kinds of quantity fitted in log space (must be positive).
LOG_KINDS = (
    "permeability", "conductance", "rate", "dimensionless", "length", "area",
    "specific_capacitance", "concentration",
)  # fmt: skip
#: Column names of the measured potential and of its standard error.
V_COLUMN, SD_COLUMN = "V", "V_sd"

_HEADER = re.compile(r"^\s*([^\[\]]+?)\s*(?:\[\s*([^\[\]]*?)\s*\])?\s*$")


# ---------------------------------------------------------------------------------------------
# data
@dataclass
class FitData:
    """Measured points: ``fields`` (dotted name → values in working units), ``V`` (mV, as
    measured, before any LJP correction), ``V_sd`` (mV or None), ``source`` (file or "data")."""

    fields: dict[str, np.ndarray]
    V: np.ndarray
    V_sd: np.ndarray | None = None
    source: str = "data"

    @property
    def n(self) -> int:
        return len(self.V)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "data") -> FitData:
        """From ``{"K.c_out": [...], "V": [...], "V_sd": [...]}`` (numbers in working units,
        or column names with units in brackets as in a CSV header)."""
        cols: dict[str, list[str]] = {}
        for name, values in data.items():
            try:
                vals = [str(v) for v in np.asarray(values, dtype=object).ravel()]
            except Exception:
                raise VrestInputError(f"{source}: {name}", values, "a column of numbers") from None
            cols[str(name)] = vals
        return _columns(cols, source, None)


def load_data(path: str | os.PathLike[str]) -> FitData:
    """Read a CSV of measured V_rest (see the module docstring for its columns)."""
    from ._io import read_bounded

    src = os.fspath(path)
    try:
        raw = read_bounded(src)
    except OSError as exc:
        raise VrestInputError(src, exc.strerror or str(exc), "a readable CSV file") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise VrestInputError(src, "undecodable bytes", "a UTF-8 text (CSV) file") from None
    rows: list[tuple[int, list[str]]] = []
    lines = [(i + 1, ln) for i, ln in enumerate(text.splitlines())]
    lines = [(i, ln) for i, ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.reader(io.StringIO("\n".join(ln for _, ln in lines)))
    for (lineno, _), row in zip(lines, reader):
        rows.append((lineno, [c.strip() for c in row]))
    if not rows:
        raise VrestInputError(src, "empty", "a header line and data rows")
    if len(rows) - 1 > MAX_ROWS:
        raise VrestInputError(src, f"{len(rows) - 1} rows", f"at most {MAX_ROWS} data rows")
    header = rows[0][1]
    cols: dict[str, list[str]] = {h: [] for h in header}
    if len(cols) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise VrestInputError(f"{src}: column {dup!r}", dup, "each column once")
    lineno_of: list[int] = []
    for lineno, row in rows[1:]:
        if len(row) != len(header):
            raise VrestInputError(
                f"{src}: line {lineno}", ",".join(row)[:60], f"{len(header)} values (the header)"
            )
        for h, v in zip(header, row):
            cols[h].append(v)
        lineno_of.append(lineno)
    return _columns(cols, src, lineno_of)


def _columns(cols: dict[str, list[str]], src: str, lines: list[int] | None) -> FitData:
    """Parse named text columns (header names with optional ``[unit]``) into a FitData."""
    from . import units
    from .sweep.spec import _number, field_kind, field_unit

    parsed: dict[str, tuple[str, np.ndarray]] = {}
    for head, vals in cols.items():
        m = _HEADER.match(head)
        if not m or not m.group(1):
            raise VrestInputError(f"{src}: column {head!r}", head, "NAME or NAME [unit]")
        name, unit = m.group(1).strip(), (m.group(2) or "").strip()
        if name in parsed:
            raise VrestInputError(f"{src}: column {head!r}", head, f"{name} once")
        kind = "voltage" if name in (V_COLUMN, SD_COLUMN) else field_kind(name)
        where = f"{src}: column {head!r}"
        if kind == "celsius":
            conv = lambda s, u=unit, n=name: _number(f"{s} {u}" if u else s, n)  # noqa: E731
        elif unit:
            try:
                factor = float(units.to_working(f"1 {unit}", where, kind))
            except VrestInputError:
                shown = field_unit(name) or "no unit (a plain number)"
                raise VrestInputError(
                    where, unit, f"a unit of {kind} for {name} (working unit: {shown})"
                ) from None
            conv = lambda s, f=factor: float(s) * f  # noqa: E731
        else:
            conv = float
        out = np.empty(len(vals))
        for k, s in enumerate(vals):
            at = f"{where}, line {lines[k]}" if lines else f"{where}, row {k + 1}"
            try:
                x = conv(s)
            except (ValueError, TypeError, VrestInputError):
                raise VrestInputError(at, s, "a finite number") from None
            if not math.isfinite(x):
                raise VrestInputError(at, s, "a finite number (no NaN or empty cells)")
            out[k] = x
        parsed[name] = (head, out)
    if V_COLUMN not in parsed:
        raise VrestInputError(
            f"{src}: column {V_COLUMN!r}", None,
            "a column V with the measured membrane potential (mV)",
            f"columns found: {', '.join(cols) or 'none'}",
        )  # fmt: skip
    fields = {n: v for n, (_, v) in parsed.items() if n not in (V_COLUMN, SD_COLUMN)}
    if not fields:
        raise VrestInputError(
            f"{src}: columns", ", ".join(cols),
            "a column named by the swept field's dotted name, e.g. 'K.c_out [mM]'",
        )  # fmt: skip
    sd = parsed.get(SD_COLUMN, (None, None))[1]
    if sd is not None and np.any(sd <= 0):
        k = int(np.argmax(sd <= 0))
        raise VrestInputError(f"{src}: column {SD_COLUMN!r}, row {k + 1}", sd[k], "a positive mV")
    if len(parsed[V_COLUMN][1]) == 0:
        raise VrestInputError(src, "no rows", "at least one data row")
    return FitData(fields, parsed[V_COLUMN][1], sd, src)


# ---------------------------------------------------------------------------------------------
# result
@dataclass
class FitParam:
    """One fitted parameter: ``value`` and the profile-likelihood interval [``lower``,
    ``upper``] (None where the profile stays below the threshold: no bound on that side), in
    working units (``unit``); ``scale`` "log" or "linear"; ``status`` says whether the data
    determine it; ``profile_x``/``profile_dchi2`` the profile itself."""

    name: str
    unit: str
    scale: str
    start: float
    value: float
    lower: float | None
    upper: float | None
    status: str
    at_bound: bool
    search: tuple[float, float]
    profile_x: np.ndarray = field(repr=False)
    profile_dchi2: np.ndarray = field(repr=False)
    ratio_to: str | None = None
    ratio_factor: float | None = None

    @property
    def identifiable(self) -> bool:
        """True when the interval is bounded on both sides."""
        return self.lower is not None and self.upper is not None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name, "unit": self.unit, "scale": self.scale, "start": self.start,
            "value": self.value, "lower": self.lower, "upper": self.upper,
            "identifiable": self.identifiable, "status": self.status,
            "at_bound": self.at_bound, "search_range": list(self.search),
        }  # fmt: skip
        if self.ratio_to:
            f = self.ratio_factor or 1.0
            d["ratio"] = {
                "to": self.ratio_to, "value": self.value * f,
                "lower": None if self.lower is None else self.lower * f,
                "upper": None if self.upper is None else self.upper * f,
            }  # fmt: skip
        d["profile"] = {"x": _floats(self.profile_x), "dchi2": _floats(self.profile_dchi2)}
        return d


@dataclass
class FitResult:
    """What :func:`fit_rest` found: ``params`` (name → :class:`FitParam`), ``chi2`` at the
    optimum, ``dof`` = n − p, ``p_value`` (of χ² with dof, None when σ was estimated), the
    data (``x``: field → values, ``V_measured``, ``V`` = V_measured − ``ljp``, ``sigma``) with
    ``V_fit`` and ``residuals`` (mV), a smooth ``curve`` of the fitted model, and ``notes``."""

    cell: str
    params: dict[str, FitParam]
    chi2: float
    dof: int
    n: int
    level: float
    threshold: float
    sigma_source: str
    p_value: float | None
    ljp: float
    x: dict[str, np.ndarray]
    V_measured: np.ndarray
    V: np.ndarray
    sigma: np.ndarray
    V_fit: np.ndarray
    keep_sum: dict[str, str]
    nfev: int
    source: str
    notes: list[str]
    curve: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    @property
    def residuals(self) -> np.ndarray:
        """V_m − V_fit (mV)."""
        return self.V - self.V_fit

    def table(self) -> str:
        pct = f"{100 * self.level:g} %"
        lines = [
            f"Fit of {self.cell} to {self.source}: {self.n} points, "
            f"{len(self.params)} parameters, dof = {self.dof}",
            f"  χ² = {self.chi2:.3g} (σ: {self.sigma_source})"
            + (f", p = {self.p_value:.3g}" if self.p_value is not None else "")
            + (f"; LJP {self.ljp:g} mV subtracted" if self.ljp else ""),
            f"  {pct} intervals by profile likelihood (Δχ² = {self.threshold:.3g})",
            "",
            f"  {'parameter':<14}{'value':>12}{'lower':>12}{'upper':>12}  {'unit':<6} status",
        ]
        for p in self.params.values():
            lines.append(
                f"  {p.name:<14}{_g(p.value):>12}{_g(p.lower):>12}{_g(p.upper):>12}  "
                f"{p.unit:<6} {p.status}"
            )
            if p.ratio_to:
                f = p.ratio_factor or 1.0
                lo = None if p.lower is None else p.lower * f
                hi = None if p.upper is None else p.upper * f
                lines.append(
                    f"  {'  ' + p.name + '/' + p.ratio_to:<14}{_g(p.value * f):>12}"
                    f"{_g(lo):>12}{_g(hi):>12}"
                )
        if self.notes:
            lines.append("")
            lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "cell": self.cell, "source": self.source, "n": self.n, "dof": self.dof,
            "chi2": self.chi2, "p_value": self.p_value, "level": self.level,
            "threshold": self.threshold, "sigma_source": self.sigma_source, "ljp_mV": self.ljp,
            "keep_sum": dict(self.keep_sum), "nfev": self.nfev,
            "params": {k: p.to_dict() for k, p in self.params.items()},
            "data": {
                **{k: _floats(v) for k, v in self.x.items()},
                "V_measured": _floats(self.V_measured), "V": _floats(self.V),
                "sigma": _floats(self.sigma), "V_fit": _floats(self.V_fit),
                "residual": _floats(self.residuals),
            },
            "notes": list(self.notes),
        }  # fmt: skip

    def plot(self, path: Any = None) -> Any:
        """Data with error bars and the fitted curve, residuals below, one profile per
        parameter on the right; saved to ``path`` when given. Returns the figure."""
        return plot_fit(self, path)


def _g(x: float | None) -> str:
    return "—" if x is None else f"{x:.4g}"


def _floats(a: Any) -> list[float | None]:
    return [float(v) if math.isfinite(v) else None for v in np.asarray(a, dtype=float).ravel()]


# ---------------------------------------------------------------------------------------------
# model
class _Model:
    """V of the cell at the data points for given parameter values (vectorized sweeps)."""

    def __init__(self, cell: Any, x: dict[str, np.ndarray], keep_sum: dict[str, str]) -> None:
        self.cell, self.keep_sum = cell, keep_sum
        names = list(x)
        rows = np.column_stack([x[n] for n in names])
        uniq, self.inverse = np.unique(rows, axis=0, return_inverse=True)
        self.inverse = np.asarray(self.inverse).ravel()
        self.batches = _batches(uniq)  # sweep axes need distinct values: split into batches
        self.names, self.uniq = names, uniq
        self.nfev = 0

    def values(self, assign: list[str]) -> np.ndarray:
        from .fields import set_fields
        from .sweep import sweep

        self.nfev += 1
        cell = set_fields(self.cell, assign)
        out = np.empty(len(self.uniq))
        for idx in self.batches:
            vary = {n: [float(v) for v in self.uniq[idx, j]] for j, n in enumerate(self.names)}
            ds = sweep(cell, vary, points="list", keep_sum=self.keep_sum or None)
            out[idx] = ds["V"].values
        return out[self.inverse]


def _batches(rows: np.ndarray) -> list[np.ndarray]:
    """Split rows into groups in which every column's values are distinct (greedy)."""
    groups: list[list[int]] = []
    seen: list[list[set[float]]] = []
    for i, row in enumerate(rows):
        for g, s in zip(groups, seen):
            if all(v not in s[j] for j, v in enumerate(row)):
                g.append(i)
                for j, v in enumerate(row):
                    s[j].add(v)
                break
        else:
            groups.append([i])
            seen.append([{v} for v in row])
    return [np.asarray(g) for g in groups]


@dataclass
class _Par:
    name: str
    unit: str
    log: bool
    start: float
    lo: float  # search bounds, in fit coordinates (log10 or linear)
    hi: float

    def to_value(self, u: float) -> float:
        return float(10.0**u) if self.log else float(u)

    def to_u(self, v: float) -> float:
        return math.log10(v) if self.log else float(v)


def _parameters(
    cell: Any, vary: Sequence[str], data: FitData, keep_sum: dict[str, str], bounds: Mapping
) -> list[_Par]:
    from .fields import get_field
    from .sweep.spec import field_kind, field_unit

    if isinstance(vary, str):
        vary = [vary]
    vary = list(vary)
    if not vary:
        raise VrestInputError("vary", vary, "at least one parameter to fit, e.g. Na.P")
    pars = []
    for name in vary:
        if not isinstance(name, str):
            raise VrestInputError("vary", name, "dotted field names, e.g. Na.P")
        if vary.count(name) > 1:
            raise VrestInputError("vary", name, "each parameter once")
        if name in data.fields or name in keep_sum:
            raise VrestInputError(
                "vary", name, "a parameter that is not a data column or a keep_sum follower"
            )
        try:
            v = get_field(cell, name)
        except VrestInputError as exc:
            raise VrestInputError("vary", name, f"a field of this cell ({exc.expected})") from None
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise VrestInputError("vary", name, f"a numeric field (its value is {v!r})")
        kind = field_kind(name)
        log = kind in LOG_KINDS
        if log and v <= 0:
            raise VrestInputError(
                name, v,
                f"a positive starting value to fit in log space (e.g. --set {name}=…)",
            )  # fmt: skip
        if name in bounds:
            try:
                lo, hi = (float(b) for b in bounds[name])
            except (TypeError, ValueError):
                raise VrestInputError(f"bounds.{name}", bounds[name], "(low, high)") from None
            if not (lo < v < hi) or (log and lo <= 0):
                raise VrestInputError(
                    f"bounds.{name}", bounds[name], f"low < {v:g} < high (and low > 0 for a "
                    "log-scale parameter)",
                )  # fmt: skip
            blo, bhi = (math.log10(lo), math.log10(hi)) if log else (lo, hi)
        elif log:
            blo, bhi = math.log10(v) - LOG_SPAN, math.log10(v) + LOG_SPAN
        else:
            span = LINEAR_SPAN * max(abs(v), 1.0)
            blo, bhi = v - span, v + span
        pars.append(_Par(name, field_unit(name), log, float(v), blo, bhi))
    return pars


# ---------------------------------------------------------------------------------------------
# fit
def fit_rest(
    cell: Any,
    data: Any,
    vary: Sequence[str] = ("Na.P", "Cl.P"),
    keep_sum: Mapping[str, str] | None = None,
    ljp: Any = 0.0,
    sigma: Any = None,
    *,
    level: float = 0.95,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    max_nfev: int | None = None,
    profiles: bool = True,
) -> FitResult:
    """Fit the fields ``vary`` of ``cell`` (a Cell, cell file or preset name) to ``data`` (a
    CSV path, a :class:`FitData` or a mapping of columns) by weighted least squares, with
    profile-likelihood intervals at ``level``. ``keep_sum``: follower → driver links applied
    at every point (``{"Na.c_out": "K.c_out"}``). ``ljp``: liquid-junction potential (mV, or
    "15 mV"), subtracted from the measured V. ``sigma``: σ of each V in mV (a number or one
    per point; default: the data's ``V_sd`` column, else estimated from the residuals).
    ``bounds``: search ranges per parameter (working units). ``max_nfev``: most model
    evaluations of the main fit (a fit that does not converge raises, with its last state).
    """
    from scipy import stats

    from . import units
    from .presets import load_preset

    if isinstance(cell, str | os.PathLike):
        cell = load_preset(cell)
    from .cell import Cell

    if not isinstance(cell, Cell):
        raise VrestInputError("cell", type(cell).__name__, "a vrest.Cell or a cell-file path")
    if isinstance(data, str | os.PathLike):
        data = load_data(data)
    elif isinstance(data, Mapping):
        data = FitData.from_mapping(data)
    if not isinstance(data, FitData):
        raise VrestInputError("data", type(data).__name__, "a CSV path, FitData or mapping")
    if not (isinstance(level, float | int) and 0 < level < 1):
        raise VrestInputError("level", level, "a confidence level between 0 and 1, e.g. 0.95")
    keep = {str(k).strip(): str(v).strip() for k, v in (keep_sum or {}).items()}
    for follower, driver in keep.items():
        if driver not in data.fields:
            raise VrestInputError(
                f"keep_sum.{follower}", driver,
                f"a data column (the field it follows): {', '.join(data.fields)}",
            )  # fmt: skip
    ljp_mv = float(units.scalar(units.finite(ljp, "ljp", "voltage"), "ljp", "voltage"))
    pars = _parameters(cell, vary, data, keep, bounds or {})
    n, p = data.n, len(pars)
    Vm = data.V - ljp_mv
    sig, sigma_source = _sigma(sigma, data)
    if n < p or (sig is None and n <= p):
        raise VrestInputError(
            "data", f"{n} points",
            f"more points than fitted parameters ({p}: {', '.join(q.name for q in pars)})"
            + ("; with σ estimated from the residuals, at least p + 1" if sig is None else ""),
        )  # fmt: skip
    for fname in data.fields:
        from .sweep.spec import _check_name

        try:
            _check_name(cell, fname)
        except VrestInputError:
            raise VrestInputError(
                f"{data.source}: column {fname!r}", fname, "a field of this cell, e.g. K.c_out"
            ) from None
    model = _Model(cell, data.fields, keep)
    thr = float(stats.chi2.ppf(level, 1))
    notes: list[str] = []

    def assign(u: np.ndarray) -> list[str]:
        return [f"{q.name}={q.to_value(float(x))!r}" for q, x in zip(pars, u)]

    weights = np.ones(n) if sig is None else 1.0 / sig

    def resid(u: np.ndarray) -> np.ndarray:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                v = model.values(assign(u))
            except VrestInputError:
                return np.full(n, 1e3)
        r = (v - Vm) * weights
        return np.where(np.isfinite(r), r, 1e3)

    u0 = np.array([q.to_u(q.start) for q in pars])
    lo = np.array([q.lo for q in pars])
    hi = np.array([q.hi for q in pars])
    # the data and the cell must work at the start: errors there name the field
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        v0 = model.values(assign(u0))
    if not np.all(np.isfinite(v0)):
        k = int(np.argmax(~np.isfinite(v0)))
        raise VrestInputError(
            "data", {f: float(x[k]) for f, x in data.fields.items()},
            "points where the cell has a resting potential (the model gave NaN here)",
        )  # fmt: skip
    res = _least_squares(resid, u0, lo, hi, max_nfev or 200 * (p + 1))
    if res.status <= 0 or not np.isfinite(res.cost):
        state = ", ".join(f"{q.name}={q.to_value(x):.4g}" for q, x in zip(pars, res.x))
        raise VrestInputError(
            "fit", state,
            "a fit that converges (did not converge; last state shown, "
            f"χ² = {2 * res.cost:.4g} after {res.nfev} evaluations)",
            res.message,
        )  # fmt: skip
    if sig is None:
        rss = 2.0 * res.cost
        s = math.sqrt(rss / (n - p)) if rss > 0 else 1e-6
        sig = np.full(n, s)
        weights = 1.0 / sig
        sigma_source = f"estimated from the residuals, s = {s:.3g} mV"
        notes.append("σ estimated from the residuals: χ² = dof by construction (no goodness-of-"
                     "fit test); the intervals are approximate")  # fmt: skip
    u_hat = np.asarray(res.x, dtype=float)
    chi2_min = float(np.sum(resid(u_hat) ** 2))
    prof: list[tuple[np.ndarray, np.ndarray, float | None, float | None]] = []
    if profiles:
        for _attempt in range(2):
            prof, better = _profiles(resid, u_hat, chi2_min, lo, hi, thr, res.jac)
            if better is None:
                break
            notes.append("the profile found a better optimum; refitted from it")
            res = _least_squares(resid, better, lo, hi, max_nfev or 200 * (p + 1))
            u_hat = np.asarray(res.x, dtype=float)
            chi2_min = float(np.sum(resid(u_hat) ** 2))
    out: dict[str, FitParam] = {}
    kp = _k_permeability(cell, [q.name for q in pars])
    for i, q in enumerate(pars):
        if prof:
            px, pd, l_u, h_u = prof[i]
        else:
            px, pd, l_u, h_u = np.array([u_hat[i]]), np.array([0.0]), None, None
        at_bound = bool(min(u_hat[i] - q.lo, q.hi - u_hat[i]) < 1e-3 * (q.hi - q.lo))
        if l_u is not None and h_u is not None:
            status = "identifiable"
        elif h_u is not None:
            status = "upper bound only (not identifiable: the data allow any smaller value)"
        elif l_u is not None:
            status = "lower bound only (not identifiable: the data allow any larger value)"
        elif profiles:
            status = "not identifiable (flat profile: not determined by the data)"
        else:
            status = "no profile computed"
        if profiles and not (l_u is not None and h_u is not None):
            notes.append(
                f"{q.name}: Δχ² stays below {thr:.3g} over part of the searched range "
                f"{_g(q.to_value(q.lo))}–{_g(q.to_value(q.hi))} {q.unit}: the data do not "
                "determine it there"
                + (" (e.g. an ion passively distributed carries no current at rest)"
                   if q.name.endswith(".P") or q.name.endswith(".g") else "")
            )  # fmt: skip
        ratio_to = ratio = None
        if kp and q.name.endswith(".P") and q.name.split(".")[0] not in ("K", "potassium"):
            ratio_to, ratio = "P_K", 1.0 / kp
        out[q.name] = FitParam(
            q.name, q.unit, "log" if q.log else "linear", q.start, q.to_value(u_hat[i]),
            None if l_u is None else q.to_value(l_u), None if h_u is None else q.to_value(h_u),
            status, at_bound, (q.to_value(q.lo), q.to_value(q.hi)),
            np.array([q.to_value(x) for x in px]), np.asarray(pd), ratio_to, ratio,
        )  # fmt: skip
    dof = n - p
    p_value = None
    if not sigma_source.startswith("estimated") and dof > 0:
        p_value = float(stats.chi2.sf(chi2_min, dof))
        if p_value < 1e-3:
            notes.append(f"χ² = {chi2_min:.3g} for {dof} dof (p = {p_value:.2g}): the model does "
                         "not describe the data within their errors")  # fmt: skip
    v_fit = model.values(assign(u_hat))
    curve = _curve(cell, pars, u_hat, data, keep, assign)
    return FitResult(
        cell.name, out, chi2_min, dof, n, float(level), thr, sigma_source, p_value, ljp_mv,
        dict(data.fields), np.asarray(data.V), Vm, np.asarray(sig), v_fit, keep, model.nfev,
        data.source, notes, curve,
    )  # fmt: skip


def _sigma(sigma: Any, data: FitData) -> tuple[np.ndarray | None, str]:
    from . import units

    if sigma is None:
        if data.V_sd is not None:
            return np.asarray(data.V_sd, dtype=float), "V_sd column"
        return None, "estimated"
    if isinstance(sigma, str):
        s = np.full(data.n, float(units.to_working(sigma, "sigma", "voltage")))
    else:
        try:
            s = np.broadcast_to(np.asarray(sigma, dtype=float), (data.n,)).copy()
        except (ValueError, TypeError):
            raise VrestInputError("sigma", sigma, f"one σ in mV or {data.n} of them") from None
    if not np.all(np.isfinite(s)) or np.any(s <= 0):
        raise VrestInputError("sigma", sigma, "positive, finite σ in mV")
    return s, "given" if np.ptp(s) else f"given, {s[0]:g} mV"


def _k_permeability(cell: Any, varied: list[str]) -> float | None:
    """P_K when it is fixed and positive (then fitted permeabilities are ratios to it)."""
    if any(n.split(".")[0] in ("K", "potassium") and n.endswith(".P") for n in varied):
        return None
    ion = cell.ions.get("K")
    pk = getattr(ion, "P", None) if ion is not None else None
    return float(pk) if pk else None


def _least_squares(resid: Any, x0: np.ndarray, lo: np.ndarray, hi: np.ndarray, nfev: int) -> Any:
    from scipy.optimize import least_squares

    x0 = np.clip(x0, lo + 1e-9, hi - 1e-9)
    return least_squares(
        resid, x0, bounds=(lo, hi), method="trf", max_nfev=nfev, x_scale=1.0,
        diff_step=1e-6, xtol=1e-10, ftol=1e-10, gtol=1e-10,
    )  # fmt: skip


def _profiles(
    resid: Any, u_hat: np.ndarray, chi2_min: float, lo: np.ndarray, hi: np.ndarray,
    thr: float, jac: np.ndarray,
) -> tuple[list, np.ndarray | None]:  # fmt: skip
    """Profile likelihood of each parameter (Raue et al. 2009): step away from the optimum
    on each side, re-fitting the others; find where Δχ² crosses ``thr`` (Brent). Returns the
    profiles and, when a point below χ²_min was met, that better parameter vector."""
    from scipy.optimize import brentq

    p = len(u_hat)
    try:
        se = np.sqrt(np.diag(np.linalg.pinv(jac.T @ jac)))
    except (np.linalg.LinAlgError, ValueError):
        se = np.full(p, np.inf)
    out = []
    best_u, best = None, chi2_min - 1e-3 * max(1.0, thr)
    for i in range(p):
        others = [j for j in range(p) if j != i]
        width = hi[i] - lo[i]
        h_min, h_max = width * 1e-5, width / 12

        def inner(ui: float, warm: np.ndarray, i=i, others=others) -> tuple[float, np.ndarray]:
            full = u_hat.copy()
            full[i] = ui
            if others:
                r = _least_squares(
                    lambda w: resid(_put(full, others, w)), warm, lo[others], hi[others], 100
                )
                w = np.asarray(r.x)
            else:
                w = warm
            full = _put(full, others, w)
            return float(np.sum(resid(full) ** 2)), w

        xs, ds = [u_hat[i]], [0.0]
        bound: dict[int, float | None] = {}
        for direction in (-1, 1):
            s = se[i] if np.isfinite(se[i]) and se[i] > 0 else width / 60
            h = float(np.clip(s / 4, h_min, h_max))
            u, d_prev, warm = u_hat[i], 0.0, u_hat[others]
            bound[direction] = None
            for _ in range(MAX_PROFILE_STEPS):
                limit = lo[i] if direction < 0 else hi[i]
                u_new = u + direction * h
                hit = (u_new - limit) * direction >= 0
                if hit:
                    u_new = limit
                c, w = inner(u_new, warm)
                if c < best:
                    best, best_u = c, _put(_put(u_hat.copy(), [i], [u_new]), others, w)
                d = c - chi2_min
                xs.append(u_new)
                ds.append(d)
                if d >= 2.5 * thr and d - d_prev > thr and h > 4 * h_min and not hit:
                    xs.pop()
                    ds.pop()
                    h /= 4  # overshot: approach the threshold in smaller steps
                    continue
                if d >= thr and bound[direction] is None:
                    wa = warm

                    def f(x: float, wa=wa, inner=inner) -> float:
                        return inner(x, wa)[0] - chi2_min - thr

                    try:
                        a, b = sorted((u, u_new))
                        bound[direction] = float(brentq(f, a, b, xtol=1e-4))
                    except ValueError:  # no sign change after re-fitting: take the step end
                        bound[direction] = float(u_new)
                    xs.append(bound[direction])
                    ds.append(thr)
                if d >= 2.5 * thr or hit:
                    break
                inc = d - d_prev
                if inc < 0.05 * thr:
                    h = min(h * 2, h_max)
                elif inc > 0.5 * thr:
                    h = max(h / 2, h_min)
                u, d_prev, warm = u_new, d, w
        order = np.argsort(xs)
        out.append((np.asarray(xs)[order], np.asarray(ds)[order], bound[-1], bound[1]))
    return out, best_u


def _put(full: np.ndarray, idx: list[int], vals: Any) -> np.ndarray:
    out = np.array(full, dtype=float)
    if idx:
        out[idx] = vals
    return out


def _curve(
    cell: Any, pars: list[_Par], u: np.ndarray, data: FitData, keep: dict[str, str], assign: Any
) -> dict[str, np.ndarray]:
    """The fitted model on a fine grid of the (single) data field, for the figure."""
    if len(data.fields) != 1:
        return {}
    from .fields import set_fields
    from .sweep import sweep

    ((name, x),) = data.fields.items()
    lo_x, hi_x = float(np.min(x)), float(np.max(x))
    if lo_x == hi_x:
        return {}
    grid = np.geomspace(lo_x, hi_x, 200) if lo_x > 0 and hi_x / lo_x > 10 else np.linspace(
        lo_x, hi_x, 200)  # fmt: skip
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = sweep(set_fields(cell, assign(u)), {name: list(grid)}, points="list",
                       keep_sum=keep or None)  # fmt: skip
    except VrestInputError:
        return {}
    out = {"x": grid, "V": ds["V"].values}
    ion = name.split(".")[0]
    if f"E_{ion}" in ds and name.split(".")[-1] in ("c_out", "c_in"):
        out[f"E_{ion}"] = ds[f"E_{ion}"].values
    return out


# ---------------------------------------------------------------------------------------------
# figure
def plot_fit(res: FitResult, path: Any = None) -> Any:
    """The figure of :meth:`FitResult.plot`."""
    from .plotting import _mpl, figure_format, save_figure

    if path is not None:
        figure_format(path)
    plt = _mpl()
    npar = len(res.params)
    fig = plt.figure(figsize=(12, max(6.0, 2.6 * npar)), layout="constrained")
    outer = fig.add_gridspec(1, 2, width_ratios=[1.5, 1])
    left = outer[0].subgridspec(2, 1, height_ratios=[3, 1])
    ax = fig.add_subplot(left[0])
    axr = fig.add_subplot(left[1], sharex=ax)
    xname = next(iter(res.x))
    x = res.x[xname]
    from .sweep.spec import field_unit

    xunit = field_unit(xname)
    label = "data" + (f" (LJP {res.ljp:g} mV subtracted)" if res.ljp else "")
    ax.errorbar(x, res.V, yerr=res.sigma, fmt="o", color="k", ms=5, capsize=2, lw=1, label=label)
    if res.curve:
        ax.plot(res.curve["x"], res.curve["V"], color="C3", lw=2.2, label="fit")
        for k, v in res.curve.items():
            if k.startswith("E_"):
                ax.plot(res.curve["x"], v, ls="--", color="C0", lw=1.3, label=k)
    else:
        order = np.argsort(x)
        ax.plot(x[order], res.V_fit[order], "s-", color="C3", ms=4, label="fit")
    if np.all(x > 0) and x.max() / x.min() > 10:
        ax.set_xscale("log")
    ax.set_ylabel("V (mV)", fontsize=12)
    ptxt = f", p = {res.p_value:.2g}" if res.p_value is not None else ""
    ax.set_title(f"{res.cell}: χ² = {res.chi2:.3g}, dof = {res.dof}{ptxt}", fontsize=12)
    ax.legend(fontsize=10, loc="best")
    ax.grid(alpha=0.3)
    plt.setp(ax.get_xticklabels(), visible=False)
    axr.axhline(0, color="0.4", lw=1)
    axr.errorbar(x, res.residuals, yerr=res.sigma, fmt="o", color="k", ms=4, capsize=2, lw=1)
    axr.set_ylabel("residual (mV)", fontsize=11)
    axr.set_xlabel(f"{xname} ({xunit})" if xunit else xname, fontsize=12)
    axr.grid(alpha=0.3)
    right = outer[1].subgridspec(npar, 1)
    for k, p in enumerate(res.params.values()):
        a = fig.add_subplot(right[k])
        a.plot(p.profile_x, p.profile_dchi2, "o-", color="C2", ms=3, lw=1.5)
        a.axhline(res.threshold, color="C3", ls="--", lw=1,
                  label=f"Δχ² = {res.threshold:.2f} ({100 * res.level:g} %)")  # fmt: skip
        lo = p.lower if p.lower is not None else np.min(p.profile_x)
        hi = p.upper if p.upper is not None else np.max(p.profile_x)
        a.axvspan(lo, hi, color="C2", alpha=0.12)
        a.axvline(p.value, color="k", lw=1)
        px = np.asarray(p.profile_x)
        if p.scale == "log" and px.min() > 0 and px.max() / px.min() > 10:
            a.set_xscale("log")
        else:
            a.ticklabel_format(axis="x", style="sci", scilimits=(-3, 4))
        top = max(2.5 * res.threshold, 1.0)
        a.set_ylim(-0.05 * top, top)
        a.set_xlabel(f"{p.name} ({p.unit})" if p.unit else p.name, fontsize=11)
        a.set_ylabel("Δχ²", fontsize=11)
        if p.identifiable:
            txt = f"{_g(p.value)} [{_g(p.lower)}, {_g(p.upper)}]"
            if p.ratio_to:
                f = p.ratio_factor or 1.0
                txt += f"\nP_{p.name.split('.')[0]}/{p.ratio_to} = {_g(p.value * f)}"
            color = "k"
        else:
            txt = "not determined by the data\n" + p.status.split(" (")[0]
            color = "C3"
        a.set_title(txt, fontsize=10, color=color)
        a.grid(alpha=0.3)
        if k == 0:
            a.legend(fontsize=9, loc="upper right")
    if path is not None:
        save_figure(fig, path)
    return fig
