"""Many pump–leak cells at once: :func:`simulate_many` integrates N cells as ONE stiff system.

The cells share the ions (the same names and valences; each cell has its own concentrations,
size, leaks, temperature, leak model and pump) and one :class:`~vrest.dynamics.Protocol`. Each
cell has the equations of :mod:`vrest.dynamics.model` at fixed volume (states V and each
[X]ᵢ); the cells do not interact, so the Jacobian of the whole system is block-diagonal, one
(n+1)×(n+1) block per cell.

**How.** The right-hand side and the analytic Jacobian blocks are evaluated for all cells at
once on (N, n) NumPy arrays (no Python loop over cells; the GHK cells are put first so each leak
model is a slice). Two integrators:

* ``method="Rodas4"`` (default; NumPy only, so no SciPy import): the Rosenbrock method Rodas4
  (Hairer & Wanner, *Solving Ordinary Differential Equations II*, 2nd ed. (1996), VI.4;
  stiffly accurate, L-stable, order 4 with an order-3 error estimate), run on all cells at once
  but with **each cell's own step size and error control** (the RMS over its states of
  error/(atol + rtol·|y|), as for a single cell). Each step inverts all N blocks
  I/(γh) − J of size (n+1) at once (NumPy's batched ``inv``); every step ends exactly on the
  next log time or protocol event, so the samples are not interpolated (and thousands of log
  times cost at least as many steps).
* ``method="BDF"``: SciPy's BDF (as :func:`~vrest.dynamics.simulate`) on the whole state vector
  (cell-major: V₀, [X]₀…, V₁, …), the block-diagonal Jacobian handed over as a sparse CSC
  matrix whose pattern is built once, and the Newton matrix factored block by block (batched
  inverse) instead of by a general sparse LU. All cells share the steps (BDF's RMS error norm
  over all states); samples come from its dense output.

The start state (V where the currents sum to zero, the rest V of :func:`vrest.solve_rest`) is
found for all cells at once by a safeguarded Newton iteration (cells with a fixed or balance
pump, whose constant rate comes from the rest analysis, go through
:func:`vrest.membrane.steady` one by one).

**Scope.** Leaks (chord or GHK, per cell), the Na⁺/K⁺ pump (none, fixed, balance or kinetic,
per cell), fixed volume, fixed bath but for the protocol's [K]ₒ steps (applied to every cell).
Cells with cotransporters or gated channels are refused: use
:func:`~vrest.dynamics.simulate` one cell at a time for them.

**Output.** :class:`BatchCourse`: the samples at ``log_times_s`` only, ``V[cell, t]`` and
``c_in[ion][cell, t]``, in the caller's order of cells.

>>> import vrest
>>> from vrest.dynamics import Protocol, simulate_many
>>> base = vrest.load_cell("examples/cells/ness_neuron.toml").to_dict()
>>> cells = [vrest.Cell.from_dict(base | {"radius_um": r}) for r in (10.0, 30.0)]
>>> res = simulate_many(cells, Protocol.atp_cut(10), 3600.0, log_times_s=[0, 10, 600, 3600])
>>> res.V[:, 2].round(1)   # V (mV) 10 min after the block: the small cell has run down
array([-13.7, -84.7])
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..constants import E_CHARGE, ZERO_CELSIUS, F, R
from ..errors import SolverError, VrestError, VrestInputError
from ..ghk import UA_CM2_UM2_TO_PA, _ghk_j
from ..membrane import MODELS, V_BRACKET, Membrane, steady
from ..temperature import _q10_factor
from .protocol import Protocol

#: Default relative tolerance, and absolute tolerances of V (mV) and of each [X]ᵢ as a fraction
#: of max([X]ᵢ, [X]ₒ): the same as :func:`vrest.dynamics.simulate`'s.
RTOL = 1e-8
ATOL_V_MV = 1e-7
ATOL_C_REL = 1e-10
METHODS = ("Rodas4", "BDF")
#: pA/pF → mV/s and −I (pA)/(z F vol (µm³)) → mM/s (see :mod:`vrest.dynamics.model`).
MV_PER_S = 1e3
MM_PER_S = 1e6
#: Central-difference step (mV) for dI/dV of the GHK leaks.
_DV = 1e-3
#: The Newton iteration for the start V stops at this step (mV).
_V_TOL = 1e-12


# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class BatchCourse:
    """The time courses of N cells under one protocol, sampled at the same times.

    ``t`` (n_t,) s; ``V`` (N, n_t) mV; ``c_in`` ion → (N, n_t) mM; ``V0`` (N,) the start V
    (mV, the rest V); ``models`` each cell's leak model; ``stats`` the solver's counts and
    ``wall_s`` (the integration only) and ``setup_s`` (equations and start states)."""

    t: np.ndarray
    V: np.ndarray
    c_in: dict[str, np.ndarray]
    V0: np.ndarray
    models: tuple[str, ...]
    protocol: Protocol
    rtol: float
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.c_in)

    def __len__(self) -> int:
        return self.V.shape[0]

    def cell(self, i: int) -> dict[str, np.ndarray]:
        """Cell ``i``'s samples as columns (units in the names, as TimeCourse.columns)."""
        cols = {"t_s": self.t, "V_mV": self.V[i]}
        cols.update({f"{n}_in_mM": c[i] for n, c in self.c_in.items()})
        return cols

    def to_xarray(self) -> Any:
        """An xarray Dataset: ``V`` (cell, t), ``c_in`` (ion, cell, t), units in attrs.
        Needs xarray (``pip install xarray``)."""
        try:
            import xarray as xr
        except ImportError:
            raise VrestError(
                "BatchCourse.to_xarray needs xarray, which is not installed: pip install xarray"
            ) from None
        coords = {
            "cell": ("cell", np.arange(len(self))),
            "t": ("t", self.t, {"units": "s", "long_name": "time"}),
            "ion": ("ion", list(self.names)),
            "model": ("cell", list(self.models)),
        }
        data = {
            "V": (("cell", "t"), self.V, {"units": "mV", "long_name": "membrane potential"}),
            "c_in": (
                ("ion", "cell", "t"),
                np.stack([self.c_in[n] for n in self.names]),
                {"units": "mM", "long_name": "inside concentration"},
            ),
        }
        return xr.Dataset(data, coords=coords, attrs={"protocol": self.protocol.describe()})


# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class _Cells:
    """The equations of N cells as arrays: (N,) per cell, (N, n) per cell and ion. The GHK
    cells come first (``cells[:ng]``), so each leak model works on a slice (no copies)."""

    names: tuple[str, ...]
    z: np.ndarray  # (n,)
    ng: int  # the number of GHK cells
    g: np.ndarray  # (N, n) nS
    PA: np.ndarray  # (N, n) pA per (µA/cm² per cm/s)
    T: np.ndarray  # (N,) °C
    rtf: np.ndarray  # (N,) RT/F in mV
    C: np.ndarray  # (N,) pF
    vol: np.ndarray  # (N,) µm³
    c_in0: np.ndarray  # (N, n) mM
    c_out0: np.ndarray  # (N, n) mM
    shares: np.ndarray  # (N, n) pA per cycle/s (Na⁺ +n_na·e, K⁺ −n_k·e)
    rate0: np.ndarray  # (N,) constant pump rate (1/s) of fixed and balance pumps
    kin: np.ndarray  # (N,) bool: a kinetic pump
    i_max: np.ndarray  # (N,) pA (kinetic, Q10 applied)
    km_na: np.ndarray  # (N,) mM
    km_k: np.ndarray  # (N,) mM
    cubic: np.ndarray  # (N,) bool: cubic saturation (else Luo–Rudy)
    lr_v: np.ndarray  # (N,) bool: Luo–Rudy f_NaK(V)
    q: np.ndarray  # (N,) n_na − n_k
    na: int | None
    k: int | None
    kx: np.ndarray  # (N, n) x per mV: zF/RT
    pzf: np.ndarray  # (N, n) P A z F (pA per mM)

    @property
    def N(self) -> int:
        return len(self.C)

    @property
    def dc(self) -> np.ndarray:
        """(N, n) d[X]ᵢ/dt (mM/s) per pA of I_X: −1e6/(z F vol)."""
        return -MM_PER_S / (self.z * F * self.vol[:, None])

    def subset(self, m: np.ndarray) -> _Cells:
        """The cells ``m`` (a boolean mask that keeps the GHK cells first)."""
        vals: dict[str, Any] = {}
        for f_ in self.__dataclass_fields__:
            v = getattr(self, f_)
            vals[f_] = v[m] if isinstance(v, np.ndarray) and v.shape[:1] == (self.N,) else v
        vals["ng"] = int(np.count_nonzero(m[: self.ng]))
        return _Cells(**vals)

    # ---- currents ------------------------------------------------------------------------
    def ghk(self, V: np.ndarray, c: np.ndarray, co: np.ndarray, sl: slice) -> np.ndarray:
        """GHK currents (pA) of the cells ``sl`` at V (cells,): P A z F x (c − c_o e^−x) /
        (1 − e^−x), x = zFV/RT (:func:`vrest.ghk._ghk_j` without its generality: a few
        fused array operations; the removable singularity x = 0 is patched where it occurs)."""
        kx = self.kx[sl]
        x = V[:, None] * kx
        e = np.exp(-x)
        with np.errstate(all="ignore"):
            out = self.pzf[sl] * x * (c - co * e) / (1.0 - e)
        zero = x == 0.0
        if zero.any():
            out[zero] = (self.pzf[sl] * (c - co))[zero]
        return out

    def leak(self, V: np.ndarray, c: np.ndarray, co: np.ndarray) -> np.ndarray:
        """(N, n) leak currents (pA, outward +) at V (N,), c and co (N, n)."""
        g, N = self.ng, self.N
        if g == N:
            return self.ghk(V, c, co, slice(None))
        E = (self.rtf[g:, None] / self.z) * np.log(co[g:] / c[g:])
        chord = self.g[g:] * (V[g:, None] - E)
        if g == 0:
            return chord
        I = np.empty_like(c)
        I[g:] = chord
        I[:g] = self.ghk(V[:g], c[:g], co[:g], slice(0, g))
        return I

    def kinetic(self, V: np.ndarray, na: np.ndarray, co: np.ndarray) -> tuple[np.ndarray, ...]:
        """The kinetic pumps' cycle rate (1/s, level 1; 0 for other cells) and its derivatives
        in [Na]ᵢ and V (:func:`vrest.pump.kinetic_current` over (n_na − n_k)·e)."""
        kmn, ko = self.km_na, co[:, self.k]
        fk = ko / (ko + self.km_k)
        a = na / (na + kmn)
        s_cub = a**3 * fk**2
        ds_cub = 3 * a**2 * kmn / (na + kmn) ** 2 * fk**2
        r = (kmn / na) ** 1.5
        s_lr = fk / (1.0 + r)
        ds_lr = fk * 1.5 * r / na / (1.0 + r) ** 2
        s = np.where(self.cubic, s_cub, s_lr)
        ds = np.where(self.cubic, ds_cub, ds_lr)
        kin = self.kin
        scale = np.where(kin, self.i_max * 1e-12 / (self.q * E_CHARGE), 0.0)
        s, ds = np.where(kin, s, 0.0), np.where(kin, ds, 0.0)  # no NaN from the other cells
        if not self.lr_v.any():
            return scale * s, scale * ds, np.zeros_like(V)
        u = V / self.rtf
        sigma = (np.exp(co[:, self.na] / 67.3) - 1.0) / 7.0
        e1 = 0.1245 * np.exp(-0.1 * u)
        e2 = 0.0365 * sigma * np.exp(-u)
        fl = 1.0 / (1.0 + e1 + e2)
        f = np.where(self.lr_v, fl, 1.0)
        df = np.where(self.lr_v, fl**2 * (0.1 * e1 + e2) / self.rtf, 0.0)
        return scale * f * s, scale * f * ds, scale * df * s

    def rate(self, V: np.ndarray, c: np.ndarray, co: np.ndarray, level: Any) -> np.ndarray:
        """(N,) pump cycle rate (1/s), the protocol's level (a number or one per cell)
        included."""
        if not np.any(level):
            return np.zeros_like(V)
        r = self.rate0
        if self.kin.any():
            r = r + self.kinetic(V, c[:, self.na], co)[0]
        return level * r

    def currents(self, V: np.ndarray, c: np.ndarray, co: np.ndarray, level: Any) -> np.ndarray:
        """(N, n) each ion's total current (pA): leak + pump share."""
        I = self.leak(V, c, co)
        if np.any(level):
            I += self.rate(V, c, co, level)[:, None] * self.shares
        return I

    # ---- the ODE -------------------------------------------------------------------------
    def rhs(self, Y: np.ndarray, co: np.ndarray, level: Any, dc: np.ndarray) -> np.ndarray:
        """dY/dt for Y (N, n+1) = (V, [X]ᵢ…) per cell: mV/s and mM/s (``dc`` = :attr:`dc`)."""
        I = self.currents(Y[:, 0], Y[:, 1:], co, level)
        out = np.empty_like(Y)
        out[:, 0] = I.sum(axis=1)
        out[:, 0] *= -MV_PER_S / self.C
        np.multiply(I, dc, out=out[:, 1:])
        return out

    def jac_blocks(self, Y: np.ndarray, co: np.ndarray, level: Any) -> np.ndarray:
        """(N, n+1, n+1) ∂(dY/dt)/∂Y per cell: analytic, but for dI/dV of the GHK leaks
        (central differences, ~1e-9 relative, as :meth:`PumpLeak.jac`)."""
        V, c = Y[:, 0], Y[:, 1:]
        N, n = c.shape
        g = self.ng
        M = np.zeros((N, n, n + 1))  # ∂I_i/∂(V, c_k), pA per mV and pA per mM
        diag = np.arange(n)
        if g < N:  # chord: I = g (V − E), E = (RT/zF) ln(co/c)
            M[g:, :, 0] = self.g[g:]
            M[g:, diag, diag + 1] = self.g[g:] * self.rtf[g:, None] / (self.z * c[g:])
        if g:  # GHK: linear in c
            v, cg, cog, sl = V[:g], c[:g], co[:g], slice(0, g)
            up = self.ghk(v + _DV, cg, cog, sl)
            dn = self.ghk(v - _DV, cg, cog, sl)
            M[:g, :, 0] = (up - dn) / (2 * _DV)
            M[:g, diag, diag + 1] = self.PA[:g] * _ghk_j(
                v[:, None], 1.0, 0.0, self.z, self.T[:g, None]
            )
        if np.any(level) and self.kin.any():
            _, dna, dv = self.kinetic(V, c[:, self.na], co)
            M[:, :, 0] += self.shares * (level * dv)[:, None]
            M[:, :, 1 + self.na] += self.shares * (level * dna)[:, None]
        J = np.empty((N, n + 1, n + 1))
        J[:, 0, :] = (-MV_PER_S / self.C)[:, None] * M.sum(axis=1)
        J[:, 1:, :] = M * self.dc[:, :, None]
        return J


def _as_models(model: Any, cells: Sequence[Any]) -> tuple[str, ...]:
    if model is None:
        models = tuple(getattr(c, "model", None) for c in cells)
    elif isinstance(model, str):
        models = (model,) * len(cells)
    else:
        models = tuple(model)
        if len(models) != len(cells):
            raise VrestInputError(
                "model", f"{len(models)} models", f"one model per cell ({len(cells)})"
            )
    for m in models:
        if m not in MODELS:
            raise VrestInputError("model", m, "'chord' or 'ghk' (or one of them per cell)")
    return models


def _build(cells: Sequence[Any], models: tuple[str, ...]) -> tuple[_Cells, list[int]]:
    """The arrays of :class:`_Cells` for ``cells`` (already in the solver's order, GHK first;
    constant pump rates still 0) and the indices of the cells with a fixed or balance pump."""
    from ..cell import Cell

    N = len(cells)
    first = cells[0]
    if not isinstance(first, Cell):
        raise VrestInputError("cells", type(first).__name__, "a sequence of vrest.Cell")
    names = tuple(first.ions)
    n = len(names)
    z = np.array([first.ions[x].z for x in names], dtype=float)
    g, PA = np.empty((N, n)), np.empty((N, n))
    ci, co = np.empty((N, n)), np.empty((N, n))
    T, C, vol = np.empty(N), np.empty(N), np.empty(N)
    shares, rate0 = np.zeros((N, n)), np.zeros(N)
    kin, cubic, lr_v = np.zeros(N, bool), np.zeros(N, bool), np.zeros(N, bool)
    i_max, km_na, km_k, q = np.zeros(N), np.ones(N), np.ones(N), np.ones(N)
    na = names.index("Na") if "Na" in names else None
    k = names.index("K") if "K" in names else None
    constant: list[int] = []
    e12 = E_CHARGE * 1e12
    for i, cell in enumerate(cells):
        if not isinstance(cell, Cell):
            raise VrestInputError("cells", type(cell).__name__, "a sequence of vrest.Cell")
        ions = cell.ions
        if len(ions) != n or any(x not in ions or ions[x].z != z[j] for j, x in enumerate(names)):
            raise VrestInputError(
                "cells", f"{cell.name or 'a cell'}: {', '.join(ions)}",
                f"the same ions (and valences) in every cell: {', '.join(names)}",
            )  # fmt: skip
        if getattr(cell, "channels", ()) or getattr(cell, "transporters", ()):
            raise VrestInputError(
                "cells", cell.name or "a cell",
                "leaks and a pump only (no gated channels, no cotransporters): use "
                "vrest.dynamics.simulate for such a cell",
            )  # fmt: skip
        Cp, v = cell.capacitance_pF, cell.volume_um3
        if Cp is None or v is None:
            raise VrestInputError(
                "radius", cell.radius, "a radius (µm) in every cell: a time course needs C, volume"
            )
        T[i], C[i], vol[i] = cell.celsius, Cp, v
        f = _q10_factor(cell.q10_leak, cell.celsius, cell.reference_celsius)
        area = cell.area_um2 or 1.0
        for j, x in enumerate(names):  # as vrest.membrane.Membrane.of
            ion = ions[x]
            g[i, j] = ion.g * f
            PA[i, j] = (math.nan if ion.P is None else ion.P) * area * f * UA_CM2_UM2_TO_PA
            ci[i, j], co[i, j] = ion.c_in, ion.c_out
        p = cell.pump
        if p is None:
            continue
        shares[i, na] = p.n_na * e12
        if k is not None:
            shares[i, k] = -p.n_k * e12
        q[i] = p.n_na - p.n_k
        if p.mode == "kinetic":
            kin[i] = True
            i_max[i] = p.i_max * _q10_factor(p.q10, cell.celsius, cell.reference_celsius)
            km_na[i], km_k[i] = p.km_na, p.km_k
            cubic[i], lr_v[i] = p.saturation == "cubic", p.voltage == "luo-rudy"
        else:  # fixed or balance: the constant rate of the rest analysis (set in _start)
            constant.append(i)
    rtf = 1e3 * R * (T + ZERO_CELSIUS) / F
    ng = sum(m == "ghk" for m in models)
    kx = z / rtf[:, None]
    pzf = PA * z * F
    eq = _Cells(names, z, ng, g, PA, T, rtf, C, vol, ci, co, shares, rate0, kin, i_max,
                km_na, km_k, cubic, lr_v, q, na, k, kx, pzf)  # fmt: skip
    return eq, constant


def _start(eq: _Cells, cells: Sequence[Any], models: tuple[str, ...], constant: list[int]):
    """The start V (N,) of every cell: the rest V of :func:`vrest.solve_rest` (Σ I = 0 with
    the pump). Fixed and balance pumps: :func:`vrest.membrane.steady` one by one (it also gives
    their constant rate, stored in ``eq.rate0``); the others all at once (:func:`_steady_v`)."""
    V = np.full(eq.N, np.nan)
    for i in constant:
        cell = cells[i]
        st = steady(cell, Membrane.of(cell), models[i])
        eq.rate0[i] = st.rate
        V[i] = st.V
    todo = np.isnan(V)
    if todo.any():
        V[todo] = _steady_v(eq.subset(todo))
    for i in np.nonzero(np.isnan(V))[0]:  # no root in the first bracket: the scalar finder
        V[i] = steady(cells[i], Membrane.of(cells[i]), models[i]).V  # widens it (or says why)
    return V


def _steady_v(eq: _Cells) -> np.ndarray:
    """V (mV) where Σ I = 0 for each cell of ``eq`` (no pump or a kinetic one): safeguarded
    Newton inside [−150, 150] mV (the net current rises with V), to 1e-12 mV; NaN where that
    bracket holds no root."""
    c, co = eq.c_in0, eq.c_out0
    lo = np.full(eq.N, V_BRACKET[0])
    hi = np.full(eq.N, V_BRACKET[1])

    def net(v: np.ndarray) -> np.ndarray:
        return eq.currents(v, c, co, 1.0).sum(axis=1)

    with np.errstate(all="ignore"):
        ok = (net(lo) < 0) & (net(hi) > 0)
        V = 0.5 * (lo + hi)
        for _ in range(200):
            f = net(V)
            lo = np.where(f < 0, V, lo)
            hi = np.where(f > 0, V, hi)
            d = (net(V + _DV) - net(V - _DV)) / (2 * _DV)
            Vn = V - f / d
            Vn = np.where((Vn > lo) & (Vn < hi), Vn, 0.5 * (lo + hi))  # NaN: bisect too
            Vn = np.where(f == 0, V, Vn)
            done = np.abs(Vn - V) <= _V_TOL * (1.0 + np.abs(V))
            V = Vn
            if done.all():
                break
    return np.where(ok, V, np.nan)


def _block_bdf(BDF: Any, splu: Any, N: int, m: int) -> Any:
    """SciPy's BDF with the Newton matrix I − cJ factored block by block: it is
    block-diagonal (N blocks of m × m), so each block is inverted at once with NumPy's
    batched ``inv`` and a solve is one batched matrix–vector product, O(N), instead of a
    general sparse LU (SuperLU) and its triangular solves, which cost several times more here.
    A singular block falls back to SuperLU for that factorization."""

    class BlockBDF(BDF):  # type: ignore[misc, valid-type]
        def __init__(self, *a: Any, **kw: Any) -> None:
            super().__init__(*a, **kw)

            def lu(A: Any) -> Any:
                self.nlu += 1
                A = A.tocoo()
                blocks = np.zeros((N, m, m))
                blocks[A.row // m, A.row % m, A.col % m] = A.data
                try:
                    return np.linalg.inv(blocks)
                except np.linalg.LinAlgError:
                    return splu(A.tocsc())

            def solve_lu(LU: Any, b: np.ndarray) -> np.ndarray:
                if isinstance(LU, np.ndarray):
                    return np.matmul(LU, b.reshape(N, m, 1)).reshape(b.shape)
                return LU.solve(b)

            if getattr(self, "lu", None) is not None and getattr(self, "I", None) is not None:
                self.lu, self.solve_lu = lu, solve_lu  # else SciPy's own (a newer SciPy)

    return BlockBDF


# ---------------------------------------------------------------------------------------------
# Rodas4 (Hairer & Wanner, Solving ODEs II, 2nd ed. (1996), section VI.4): a stiffly accurate,
# L-stable Rosenbrock method of order 4 with 6 stages and an embedded order-3 error estimate, in
# the form  G K_i = f(Y + Σ_j a_ij K_j) + Σ_j (c_ij / h) K_j,  G = I/(γ h) − J,
# Y_new = Y + Σ_j m_j K_j, error = K_6 (as in KPP's Rosenbrock integrators, Sandu et al.).
_GAMMA = 0.25
_A = (
    (),
    (1.544,),
    (0.9466785280815826, 0.2557011698983284),
    (3.314825187068521, 2.896124015972201, 0.9986419139977817),
    (1.221224509226641, 6.019134481288629, 12.53708332932087, -0.687886036105895),
    (1.221224509226641, 6.019134481288629, 12.53708332932087, -0.687886036105895, 1.0),
)
_C = (
    (),
    (-5.6688,),
    (-2.430093356833875, -0.2063599157091915),
    (-0.1073529058151375, -9.594562251023355, -20.47028614809616),
    (7.496443313967647, -10.24680431464352, -33.99990352819905, 11.7089089320616),
    (8.083246795921522, -7.981132988064893, -31.52159432874371, 16.31930543123136,
     -6.058818238834054),
)  # fmt: skip
#: Step-size control: first step (s) at t = 0 and after every event, the bounds of the factor
#: h_new/h (and after two rejections in a row) and the safety factor.
_H0 = 1e-5
_FAC_MIN, _FAC_MAX, _FAC_REJ, _SAFE = 0.2, 6.0, 0.1, 0.9
#: At most this many steps (of the slowest cell) per run.
_MAX_STEPS = 200_000


def _rodas(eq: _Cells, Y: np.ndarray, stops: np.ndarray, what: dict[str, Any]) -> dict[str, Any]:
    """Integrate every cell of ``eq`` from Y (N, m) at t = 0 through the ``stops`` (sorted
    times > 0, the last the end) with Rodas4, each cell with its own steps and its own error
    control (the RMS over its states of error / (atol + rtol·|y|)), every stop hit exactly.

    ``what``: ``levels`` and ``c_out`` (the pump level and (N, n) bath of each protocol segment),
    ``is_cut`` (per stop: an event, where the next segment starts), ``out_index`` (per stop: the
    sample index, or −1), ``out`` (N, m, samples) to fill, ``rtol``, ``atol`` (N, m), ``order``
    (the caller's cell indices, for messages). Returns the counts."""
    N, m = Y.shape
    rtol, atol, out, order = what["rtol"], what["atol"], what["out"], what["order"]
    levels = np.asarray(what["levels"], dtype=float)
    c_out = np.stack(what["c_out"])  # (segments, N, n)
    is_cut, out_index = what["is_cut"], what["out_index"]
    dc = eq.dc
    cells = np.arange(N)
    eye = np.eye(m)
    nS = len(stops)
    t = np.zeros(N)
    h = np.full(N, min(_H0, stops[0]))
    k = np.zeros(N, dtype=int)  # each cell's next stop
    seg = np.zeros(N, dtype=int)  # each cell's protocol segment
    rej_last = np.zeros(N, dtype=bool)
    rej_more = np.zeros(N, dtype=bool)
    n_acc = np.zeros(N, dtype=int)
    n_rej = np.zeros(N, dtype=int)
    iters = 0
    while True:
        act = k < nS
        if not act.any():
            break
        iters += 1
        if iters > _MAX_STEPS:
            i = int(np.argmax(act))
            raise SolverError(
                f"the batch needed more than {_MAX_STEPS} steps (cells[{order[i]}] at "
                f"t = {t[i]:.6g} s)",
                "ions.*.g/P, pump",
            )
        target = stops[np.minimum(k, nS - 1)]
        left = target - t
        clamped = h >= left
        hh = np.where(act, np.minimum(h, left), 1.0)  # finished cells: a dummy step
        lv = levels[seg]
        co = c_out[seg, cells]
        F0 = eq.rhs(Y, co, lv, dc)
        G = (1.0 / (_GAMMA * hh))[:, None, None] * eye - eq.jac_blocks(Y, co, lv)
        try:
            Gi = np.linalg.inv(G)
        except np.linalg.LinAlgError:  # I/(γh) − J singular for some cell: halve every step
            h = 0.5 * hh
            continue
        K: list[np.ndarray] = []
        for i in range(6):
            if i == 0:
                rhs = F0.copy()
            else:
                Ys = Y + sum(a * Kj for a, Kj in zip(_A[i], K))
                rhs = eq.rhs(Ys, co, lv, dc)
            for c, Kj in zip(_C[i], K):
                rhs += (c / hh)[:, None] * Kj
            K.append(np.einsum("nij,nj->ni", Gi, rhs))
        Ynew = Ys + K[5]  # stiffly accurate: m_j = a_6j, m_6 = 1
        scale = atol + rtol * np.maximum(np.abs(Y), np.abs(Ynew))
        with np.errstate(all="ignore"):
            err = np.sqrt(np.mean((K[5] / scale) ** 2, axis=1))
            err = np.where(np.isfinite(err) & np.isfinite(Ynew).all(axis=1), err, np.inf)
            fac = np.clip(_SAFE * np.maximum(err, 1e-10) ** -0.25, _FAC_MIN, _FAC_MAX)
        acc = act & (err <= 1.0)
        rej = act & ~acc
        n_acc += acc
        n_rej += rej
        if np.any(Ynew[acc, 1:] <= 0):
            i = int(np.nonzero(acc & (Ynew[:, 1:] <= 0).any(axis=1))[0][0])
            raise SolverError(
                f"a concentration reached 0 in cells[{order[i]}] near t = {t[i] + hh[i]:.6g} s; "
                "the cell cannot lose more than it holds (check the leaks, the pump and the run "
                "length)",
                "ions.*.c_in",
            )
        Y = np.where(acc[:, None], Ynew, Y)
        reached = acc & clamped
        t = np.where(reached, target, np.where(acc, t + hh, t))
        h_acc = np.where(rej_last, np.minimum(hh * fac, hh), hh * fac)
        h_acc = np.where(reached, np.maximum(h_acc, h), h_acc)  # cut short for a stop
        h_rej = np.where(rej_more, hh * _FAC_REJ, hh * fac)
        h = np.where(acc, h_acc, np.where(rej, h_rej, h))
        rej_more = np.where(acc, False, np.where(rej, rej_last, rej_more))
        rej_last = np.where(acc, False, rej | rej_last)
        tiny = act & (h <= 1e-14 * np.maximum(1.0, np.abs(t)))
        if tiny.any():
            i = int(np.argmax(tiny))
            if not (np.all(np.isfinite(Ynew[i])) and np.all(Ynew[i, 1:] > 0)):
                raise SolverError(
                    f"a concentration reached 0 in cells[{order[i]}] at t = {t[i]:.6g} s; the "
                    "cell cannot lose more than it holds (check the leaks, the pump and the run "
                    "length)",
                    "ions.*.c_in",
                )
            raise SolverError(
                f"the step size of cells[{order[i]}] fell below 1e-14 at t = {t[i]:.6g} s",
                "ions.*.g/P, pump",
            )
        if reached.any():
            r = np.nonzero(reached)[0]
            kr = k[r]
            oi = out_index[kr]
            w = oi >= 0
            out[r[w], :, oi[w]] = Y[r[w]]
            cut = r[is_cut[kr]]
            seg[cut] += 1  # an event: the next protocol segment, and a fresh first step
            h[cut] = _H0
            rej_last[cut] = rej_more[cut] = False
            k[r] += 1
    return {
        "steps_per_cell_median": float(np.median(n_acc)),
        "steps_per_cell_max": int(n_acc.max()),
        "rejected_total": int(n_rej.sum()),
        "iterations": iters,
        "nfev": 6 * iters,
        "njev": iters,
    }


# ---------------------------------------------------------------------------------------------
def simulate_many(
    cells: Sequence[Any],
    protocol: Protocol | None = None,
    t_end_s: float = 3600.0,
    *,
    log_times_s: Sequence[float] | None = None,
    model: str | Sequence[str] | None = None,
    rtol: float = RTOL,
    atol_v: float = ATOL_V_MV,
    atol_c_rel: float = ATOL_C_REL,
    method: str = "Rodas4",
) -> BatchCourse:
    """The time courses of many ``cells`` under one ``protocol``, from t = 0 to ``t_end_s`` (s),
    integrated together as one stiff system (see the module docstring).

    Each cell starts at its rest state (V of :func:`vrest.solve_rest`, [X]ᵢ from the cell), as
    :func:`vrest.dynamics.simulate` with ``start="rest"``, and the results agree with it cell
    by cell to the integration tolerance. ``log_times_s``: the sample times (s, in
    [0, t_end_s]; sorted, duplicates dropped; default: 0, every event time and t_end_s).
    ``model``: "chord" or "ghk" for all cells, one per cell, or None (each cell's own).
    ``rtol``: relative tolerance; ``atol_v`` (mV) and ``atol_c_rel`` (× max([X]ᵢ, [X]ₒ) per
    cell and ion): absolute tolerances; the defaults are :func:`~vrest.dynamics.simulate`'s.
    ``method``: "Rodas4" (default: NumPy only, every cell its own steps, which end on every log
    time, so thousands of log times cost thousands of steps) or "BDF" (SciPy's, one set of steps
    for all cells, samples from its dense output)."""
    if isinstance(cells, (str, bytes, Mapping)) or not isinstance(cells, Sequence) or not cells:
        raise VrestInputError("cells", type(cells).__name__, "a non-empty sequence of vrest.Cell")
    protocol = Protocol() if protocol is None else protocol
    if not isinstance(protocol, Protocol):
        raise VrestInputError("protocol", protocol, "a vrest.dynamics.Protocol")
    t_end = _positive(t_end_s, "t_end_s", "a run length > 0 in s")
    rtol = _positive(rtol, "rtol", "a relative tolerance > 0")
    atol_v = _positive(atol_v, "atol_v", "an absolute tolerance > 0 (mV)")
    atol_c_rel = _positive(atol_c_rel, "atol_c_rel", "a relative absolute tolerance > 0")
    if method not in METHODS:
        raise VrestInputError("method", method, f"one of {', '.join(METHODS)}")
    if log_times_s is None:
        grid = np.array(sorted({0.0, *(t for t in protocol.times() if t < t_end), t_end}))
    else:
        try:
            grid = np.unique(np.asarray(log_times_s, dtype=float).ravel())
        except (TypeError, ValueError):
            grid = np.array([math.nan])
        if not grid.size or not (np.all(np.isfinite(grid)) and grid[0] >= 0 and grid[-1] <= t_end):
            raise VrestInputError("log_times_s", log_times_s, f"times in [0, {t_end:g}] s")
    models = _as_models(model, cells)

    setup = time.perf_counter()
    # the solver's order: GHK cells first (stable), so each leak model is a slice
    order = np.argsort([m != "ghk" for m in models], kind="stable")
    eq, constant = _build([cells[i] for i in order], tuple(models[i] for i in order))
    if protocol.has("pump") and any(c.pump is None for c in cells):
        raise VrestInputError("protocol", protocol.describe(), "cells with a pump to act on")
    if protocol.has("k_out") and eq.k is None:
        raise VrestInputError("protocol", protocol.describe(), "cells with K⁺ for [K]o steps")
    V0 = _start(eq, [cells[i] for i in order], tuple(models[i] for i in order), constant)
    N, n = eq.c_in0.shape
    m = n + 1
    Y0 = np.column_stack([V0, eq.c_in0])
    atol = np.column_stack([np.full(N, atol_v), atol_c_rel * np.maximum(eq.c_in0, eq.c_out0)])
    cuts = [0.0, *(t for t in protocol.times() if 0.0 < t < t_end), t_end]
    levels, c_out = [], []
    for a in cuts[:-1]:
        co = eq.c_out0.copy()
        k_new = protocol.k_out_at(a, None)
        if k_new is not None:
            co[:, eq.k] = k_new
        levels.append(protocol.level_at(a))
        c_out.append(co)
    out = np.empty((N, m, grid.size))
    out[:, :, grid == 0.0] = Y0[:, :, None]
    setup = time.perf_counter() - setup

    wall = time.perf_counter()
    if method == "BDF":
        stats = _run_bdf(eq, Y0, grid, cuts, levels, c_out, out, rtol, atol, order)
    else:
        stops = np.unique(np.concatenate([grid[grid > 0], cuts[1:]]))
        what = {
            "levels": levels,
            "c_out": c_out,
            "is_cut": np.isin(stops, cuts[1:-1]),
            "out_index": np.array([int(np.searchsorted(grid, s)) if s in grid else -1
                                   for s in stops]),
            "out": out,
            "rtol": rtol,
            "atol": atol,
            "order": order,
        }  # fmt: skip
        with np.errstate(all="ignore"):  # a rejected trial step may leave the domain
            stats = _rodas(eq, Y0, stops, what)
    stats["method"] = method
    stats["setup_s"] = setup
    stats["wall_s"] = time.perf_counter() - wall
    back = np.empty(N, dtype=int)
    back[order] = np.arange(N)  # the caller's order again
    out = out[back]
    return BatchCourse(
        t=grid,
        V=out[:, 0, :],
        c_in={x: out[:, 1 + j, :] for j, x in enumerate(eq.names)},
        V0=V0[back],
        models=models,
        protocol=protocol,
        rtol=rtol,
        stats=stats,
    )


def _run_bdf(eq, Y0, grid, cuts, levels, c_out, out, rtol, atol, order) -> dict[str, Any]:
    """SciPy's BDF on the whole batch, piece by piece between the events (as
    :func:`vrest.dynamics.simulate`), with the block-diagonal Jacobian as a sparse matrix."""
    try:
        from scipy.integrate import BDF, solve_ivp
        from scipy.sparse import csc_matrix
        from scipy.sparse.linalg import splu
    except ImportError:
        raise VrestError(
            "method='BDF' needs SciPy, which is not installed: pip install scipy "
            "(or use method='Rodas4')"
        ) from None
    N, m = Y0.shape
    dc = eq.dc
    # CSC pattern of the block-diagonal Jacobian, built once: column (cell, b) holds the rows
    # (cell, 0…m−1), so the data are the blocks transposed, flattened.
    indices = np.repeat(np.arange(N) * m, m * m) + np.tile(np.arange(m), N * m)
    indptr = np.arange(N * m + 1) * m
    method = _block_bdf(BDF, splu, N, m)
    y = Y0.ravel()
    atol = atol.ravel()
    t_end = cuts[-1]
    stats: dict[str, Any] = {"nfev": 0, "njev": 0, "nlu": 0}
    for (a, b), level, co in zip(itertools.pairwise(cuts), levels, c_out):

        def fun(_t: float, yy: np.ndarray, lv: float = level, c_o: np.ndarray = co) -> Any:
            return eq.rhs(yy.reshape(N, m), c_o, lv, dc).reshape(-1)

        def jac(_t: float, yy: np.ndarray, lv: float = level, c_o: np.ndarray = co) -> Any:
            J = eq.jac_blocks(yy.reshape(N, m), c_o, lv)
            data = J.transpose(0, 2, 1).reshape(-1)
            return csc_matrix((data, indices, indptr), shape=(N * m, N * m))

        def empty(_t: float, yy: np.ndarray) -> float:
            return float(np.min(yy.reshape(N, m)[:, 1:]))

        empty.terminal = True  # type: ignore[attr-defined]
        empty.direction = -1  # type: ignore[attr-defined]
        last = b == t_end
        out[:, :, grid == a] = y.reshape(N, m)[:, :, None]  # exact at the segment's start
        inside = (grid > a) & ((grid <= b) if last else (grid < b))
        # t_eval: the samples inside the segment, and its end b (the next segment's start)
        t_eval = np.append(grid[inside & (grid < b)], b)
        with np.errstate(all="ignore"):
            sol = solve_ivp(
                fun, (a, b), y, method=method, jac=jac, rtol=rtol, atol=atol,
                t_eval=t_eval, events=empty,
            )  # fmt: skip
        _check(sol, a, b, N, m, order)
        for key in ("nfev", "njev", "nlu"):
            stats[key] += int(getattr(sol, key))
        yy = sol.y.reshape(N, m, -1)
        bad = ~np.isfinite(yy).all(axis=(1, 2)) | (yy[:, 1:] <= 0).any(axis=(1, 2))
        if bad.any():
            raise SolverError(
                f"a sample of cells[{int(order[np.argmax(bad)])}] left the physical range "
                f"(a concentration ≤ 0 or a non-finite state) between {a:g} and {b:g} s",
                "ions.*.c_in",
            )
        out[:, :, inside] = yy if (last and grid[-1] == b) else yy[:, :, :-1]
        y = sol.y[:, -1].copy()
    return stats


def _check(sol: Any, a: float, b: float, N: int, m: int, order: np.ndarray) -> None:
    if sol.status == 1:
        t = float(sol.t_events[0][0])
        Y = sol.y_events[0][0].reshape(N, m)
        i = int(order[np.argmin(Y[:, 1:].min(axis=1))])
        raise SolverError(
            f"a concentration reached 0 in cells[{i}] at t = {t:.6g} s; the cell cannot lose "
            "more than it holds (check the leaks, the pump and the run length)",
            "ions.*.c_in",
        )
    if sol.status != 0:
        raise SolverError(
            f"the time course of the batch failed between {a:g} and {b:g} s ({sol.message})",
            "ions.*.g/P, pump",
        )


def _positive(x: Any, field_: str, expected: str) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise VrestInputError(field_, x, expected) from None
    if isinstance(x, bool) or not (math.isfinite(v) and v > 0):
        raise VrestInputError(field_, x, expected)
    return v
