"""The Langevin (diffusion) approximation of channel noise, by Euler–Maruyama.

Each population's state fractions x (one per Markov state, Σx = 1) follow the chemical
Langevin equation of its scheme, channel-based as in Orio & Soudry (2012, PLoS ONE 7:e36670)
and Pu & Thomas (2020, Neural Comput 32:1775): one independent Wiener process per reversible
edge i ⇄ j of the scheme (forward rate r_ij, backward r_ji),

    dx_j = −dx_i = (r_ij x_i − r_ji x_j) dt + √((r_ij x_i + r_ji x_j)/N) dW_ij,

which has the Markov chain's mean and, to order 1/N, its covariance; for the two-state channel
it is Fox & Lu's (1994) equation. No subunit-noise shortcut is used for n⁴ or m³h (Fox 1997's
is wrong; Goldwyn & Shea-Brown 2011). V follows

    C dV/dt = −G_bg (V − E_bg) − Σ_p N_p γ_p clip(x_open,p, 0, 1) (V − E_p).

Itô convention, Euler–Maruyama with a fixed step dt: every increment uses the state at the
start of the step, and ξ ~ N(0, 1) per edge per step (one xoshiro256++ stream per cell,
:mod:`vrest.noise._rng`). Boundary handling: fractions may step slightly outside [0, 1]; the
noise amplitude uses max(x, 0) under the square root (so it stays real) and the conductance
uses x_open clipped to [0, 1] (as NEURON's and Brian2's Fox–Lu peers do); nothing else is
truncated, so Σx = 1 is kept exactly.

Accuracy: Euler–Maruyama's stationary variance of a linear relaxation at rate k is off by a
relative k·dt/2, so dt is refused when dt × (fastest rate) > :data:`MAX_DT_RATE`. Below about
1000 channels the exact method is both faster and accurate (Pezo, Soudry & Orio 2014, Front
Comput Neurosci 8:139); the Langevin equation also misses the discreteness that matters for
tens of channels. Two engines: compiled (numba; a tight loop for one two-state population,
a general one otherwise) and a NumPy reference vectorized over cells that consumes the same
normal numbers in the same order; tests check that they agree.

Units: mV, nS, pF, ms, 1/ms.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from . import _rng
from .schemes import MAX_BASE, base_rates

#: Largest accepted dt × fastest rate (Euler–Maruyama variance error ≈ half of it: 2.5 %).
MAX_DT_RATE = 0.05


@numba.njit(cache=True, inline="always")
def _record(out: np.ndarray, summ: np.ndarray, c: int, k: int, v: float) -> None:
    """Store record ``k`` of cell ``c``: the value, or its running sums (summary mode)."""
    if out.shape[1] > 0:
        out[c, k] = v
    else:
        d = v - summ[c, 3]
        summ[c, 0] += 1.0
        summ[c, 1] += d
        summ[c, 2] += d * d


#: Cells advanced together by one thread in the two-state kernel: their steps are independent,
#: so the CPU overlaps them (each step's square root and normal draw wait on the previous step
#: of the same cell only).
LANES = 8


@numba.njit(cache=True, parallel=True)
def _run_two_state(
    n0, n1, V, x, rng, N, gam, E, a, b, C, G_bg, E_bg, dt, burn_n, rec_every, n_rec, out, summ
):  # fmt: skip
    """One two-state population (Fox–Lu): steps n0 … n1 − 1 of every cell, :data:`LANES`
    cells at a time; the steps run in stretches between record times."""
    g_all = N * gam
    inv_n = 1.0 / N
    sdt = math.sqrt(dt)
    dt_c = dt / C
    cells = V.shape[0]
    n_blocks = (cells + LANES - 1) // LANES
    for blk in numba.prange(n_blocks):
        c0 = blk * LANES
        w = min(LANES, cells - c0)
        vl = np.empty(LANES)
        xl = np.empty(LANES)
        for j in range(w):
            vl[j] = V[c0 + j]
            xl[j] = x[c0 + j, 1]
        n = n0
        while n < n1:
            if n >= burn_n:
                q = n - burn_n
                k = q // rec_every
                if q == k * rec_every:
                    if k < n_rec:
                        for j in range(w):
                            _record(out, summ, c0 + j, k, vl[j])
                    nxt = min(n1, n + rec_every)
                else:
                    nxt = min(n1, burn_n + (k + 1) * rec_every)
            else:
                nxt = min(n1, burn_n)
            for _ in range(n, nxt):
                for j in range(w):
                    xc = xl[j]
                    v = vl[j]
                    xo = min(max(xc, 0.0), 1.0)
                    amp = math.sqrt((a * max(1.0 - xc, 0.0) + b * max(xc, 0.0)) * inv_n) * sdt
                    i_m = G_bg * (v - E_bg) + g_all * xo * (v - E)
                    xl[j] = xc + (a - (a + b) * xc) * dt + amp * _rng.normal(rng, c0 + j)
                    vl[j] = v - i_m * dt_c
            n = nxt
        for j in range(w):
            V[c0 + j] = vl[j]
            x[c0 + j, 1] = xl[j]
            x[c0 + j, 0] = 1.0 - xl[j]


@numba.njit(cache=True, parallel=True)
def _run_general(
    n0, n1, V, x, rng, P, code, N, gam, E, a, b, phi, soff, nst, opn, toff, ntr,
    src, dst, mult, rate, C, G_bg, E_bg, dt, burn_n, rec_every, n_rec, out, summ, vdep,
):  # fmt: skip
    """Any populations: steps n0 … n1 − 1 of every cell (module docstring)."""
    sdt = math.sqrt(dt)
    S = x.shape[1]
    for c in numba.prange(V.shape[0]):
        base = np.zeros((P, MAX_BASE))
        dx = np.zeros(S)
        for p in range(P):
            base_rates(code[p], V[c], a[p], b[p], phi[p], base[p])
        v = V[c]
        for n in range(n0, n1):
            if n >= burn_n:
                q = n - burn_n
                if q % rec_every == 0 and q // rec_every < n_rec:
                    _record(out, summ, c, q // rec_every, v)
            i_m = G_bg * (v - E_bg)
            for p in range(P):
                if vdep:
                    base_rates(code[p], v, a[p], b[p], phi[p], base[p])
                o = soff[p]
                xo = min(max(x[c, o + opn[p]], 0.0), 1.0)
                i_m += N[p] * gam[p] * xo * (v - E[p])
                for e in range(toff[p], toff[p] + ntr[p], 2):
                    i = o + src[e]
                    j = o + dst[e]
                    rf = mult[e] * base[p, rate[e]]
                    rb = mult[e + 1] * base[p, rate[e + 1]]
                    xi = x[c, i]
                    xj = x[c, j]
                    var = (rf * max(xi, 0.0) + rb * max(xj, 0.0)) / N[p]
                    d = (rf * xi - rb * xj) * dt + math.sqrt(var) * sdt * _rng.normal(rng, c)
                    dx[i] -= d
                    dx[j] += d
            for s in range(S):
                x[c, s] += dx[s]
                dx[s] = 0.0
            v = v - i_m * dt / C
        V[c] = v


def run(arrays: dict, n0: int, n1: int, state: dict, out: np.ndarray, summ: np.ndarray) -> None:
    """Advance every cell by steps ``n0`` … ``n1`` − 1 with the compiled engine; ``state``
    holds ``V`` and ``x`` (fractions, cells × states) and ``rng`` (updated in place)."""
    A = arrays
    if A["P"] == 1 and A["code"][0] == 0:
        _run_two_state(
            n0, n1, state["V"], state["x"], state["rng"], float(A["N"][0]), A["gamma"][0],
            A["E"][0], A["a"][0], A["b"][0], A["C"], A["G_bg"], A["E_bg"], A["dt"],
            A["burn_n"], A["rec_every"], A["n_rec"], out, summ,
        )  # fmt: skip
        return
    _run_general(
        n0, n1, state["V"], state["x"], state["rng"], A["P"], A["code"], A["N"].astype(float),
        A["gamma"], A["E"], A["a"], A["b"], A["phi"], A["soff"], A["nst"], A["open"],
        A["toff"], A["ntr"], A["src"], A["dst"], A["mult"], A["rate"], A["C"], A["G_bg"],
        A["E_bg"], A["dt"], A["burn_n"], A["rec_every"], A["n_rec"], out, summ, A["vdep"],
    )  # fmt: skip


def run_reference(
    arrays: dict, n0: int, n1: int, state: dict, out: np.ndarray, summ: np.ndarray
) -> None:
    """The same Euler–Maruyama scheme in NumPy, vectorized over cells: each cell's normals
    for the whole stretch are drawn first from its stream (:func:`vrest.noise._rng.fill_normals`),
    in the order the compiled loop uses them (step by step, population by population, edge by
    edge)."""
    from .schemes import base_rates_np

    A = arrays
    P, cells = A["P"], state["V"].shape[0]
    edges = [(p, e) for p in range(P) for e in range(A["toff"][p], A["toff"][p] + A["ntr"][p], 2)]
    steps = n1 - n0
    xi = np.empty((cells, steps * len(edges)))
    for c in range(cells):
        _rng.fill_normals(state["rng"], c, xi[c])
    xi = xi.reshape(cells, steps, len(edges))
    V, x = state["V"], state["x"]
    for s in range(steps):
        n = n0 + s
        if n >= A["burn_n"] and (n - A["burn_n"]) % A["rec_every"] == 0:
            k = (n - A["burn_n"]) // A["rec_every"]
            if k < A["n_rec"]:
                if out.shape[1] > 0:
                    out[:, k] = V
                else:
                    d = V - summ[:, 3]
                    summ[:, 0] += 1.0
                    summ[:, 1] += d
                    summ[:, 2] += d * d
        i_m = A["G_bg"] * (V - A["E_bg"])
        dx = np.zeros_like(x)
        for q, (p, e) in enumerate(edges):
            o = A["soff"][p]
            if e == A["toff"][p]:
                xo = np.clip(x[:, o + A["open"][p]], 0.0, 1.0)
                i_m = i_m + A["N"][p] * A["gamma"][p] * xo * (V - A["E"][p])
            base = np.array(
                [base_rates_np(A["code"][p], v, A["a"][p], A["b"][p], A["phi"][p]) for v in V]
            )
            rf = A["mult"][e] * base[:, A["rate"][e]]
            rb = A["mult"][e + 1] * base[:, A["rate"][e + 1]]
            i, j = o + A["src"][e], o + A["dst"][e]
            xi_, xj = x[:, i], x[:, j]
            var = (rf * np.maximum(xi_, 0) + rb * np.maximum(xj, 0)) / A["N"][p]
            d = (rf * xi_ - rb * xj) * A["dt"] + np.sqrt(var) * math.sqrt(A["dt"]) * xi[:, s, q]
            dx[:, i] -= d
            dx[:, j] += d
        x += dx
        V -= i_m * A["dt"] / A["C"]
