"""Exact stochastic simulation of channel-state counts coupled to V.

Between channel transitions V obeys a linear ODE with constant coefficients (the background is
linear, :mod:`vrest.noise.model`, and the open counts do not change), so it relaxes
exponentially and is advanced exactly:

    V(t + τ) = V∞ + (V(t) − V∞) e^(−τ G/C),   G = G_bg + Σ γ_p O_p,
    V∞ = (G_bg E_bg + Σ γ_p O_p E_p)/G.

* **Voltage-independent rates** (two-state channels): the transitions form a Markov jump
  process with constant total rate a = Σ_p [α_p (N_p − O_p) + β_p O_p] between events, so
  Gillespie's direct method is exact (Gillespie 1977): τ ~ Exp(a), then one transition
  chosen with probability ∝ its rate.
* **Voltage-dependent rates** (HH schemes): the total rate a(V(t)) changes along the
  exponential path. The engine uses thinning (Lewis & Shedler 1979; the exact method of
  Anderson, Ermentrout & Thomas 2015, J Comput Neurosci 38:67): every HH rate is monotonic in
  V and V(t) stays between V(t₀) and V∞, so λ = Σ_e n_src(e) mult_e max(r_e(V(t₀)), r_e(V∞))
  bounds a(V(t)) until the next event; candidates come at rate λ and are accepted with
  probability a(V(t))/λ. No time step, no discretization error.

V is recorded at t_k = burn + k·record_dt (exact, from the same exponential), or only its
running sums (``record="summary"``). Random numbers: one xoshiro256++ stream per cell
(:mod:`vrest.noise._rng`), so cell k's path depends only on (seed, k). Two engines: a compiled
one (numba, cells in parallel) and a plain-Python reference that consumes the same random
numbers in the same order; tests check that they agree.

Units: mV, nS, pF, ms, 1/ms.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from . import _rng
from .langevin import _record as _rec
from .schemes import MAX_BASE, base_rates


@numba.njit(cache=True)
def _cell_exact(
    c, t0, t1, V, counts, rng, P, code, N, gam, E, a, b, phi, soff, nst, opn, toff, ntr,
    src, dst, mult, rate, C, G_bg, E_bg, burn, rec_dt, n_rec, out, summ, vdep,
):  # fmt: skip
    """Advance cell ``c`` from ``t0`` to ``t1``; returns (V, transitions). See the module."""
    V = float(V)
    base = np.zeros((P, MAX_BASE))
    base2 = np.zeros((P, MAX_BASE))
    for p in range(P):
        base_rates(code[p], V, a[p], b[p], phi[p], base[p])
    t = t0 + 0.0
    n_tr = 0
    Vinf = 0.0
    kk = 0.0
    tau = 0.0
    G = 0.0
    num = 0.0
    # index of the next record time ≥ t0
    k = 0
    if t0 > burn:
        k = math.ceil((t0 - burn) / rec_dt - 1e-9)
    while True:  # returns after the loop: t reached t1
        G = G_bg
        num = G_bg * E_bg
        for p in range(P):
            o = counts[c, soff[p] + opn[p]]
            G += gam[p] * o
            num += gam[p] * o * E[p]
        Vinf = num / G
        kk = G / C
        lam = 0.0
        if vdep:
            for p in range(P):
                base_rates(code[p], V, a[p], b[p], phi[p], base[p])
                base_rates(code[p], Vinf, a[p], b[p], phi[p], base2[p])
                for e in range(toff[p], toff[p] + ntr[p]):
                    r = max(base[p, rate[e]], base2[p, rate[e]])
                    lam += counts[c, soff[p] + src[e]] * mult[e] * r
        else:
            for p in range(P):
                for e in range(toff[p], toff[p] + ntr[p]):
                    lam += counts[c, soff[p] + src[e]] * mult[e] * base[p, rate[e]]
        if lam > 0.0:
            tau = _rng.exponential(rng, c) / lam
        else:
            tau = math.inf
        tc = t + tau
        # records in [t, min(tc, t1))
        while k < n_rec:
            tk = burn + k * rec_dt
            if tk >= tc or tk >= t1:
                break
            _rec(out, summ, c, k, Vinf + (V - Vinf) * math.exp(-kk * (tk - t)))
            k += 1
        if tc >= t1:
            break
        V = Vinf + (V - Vinf) * math.exp(-kk * tau)
        t = tc
        u = _rng.uniform(rng, c) * lam
        if vdep:
            for p in range(P):
                base_rates(code[p], V, a[p], b[p], phi[p], base[p])
        chosen_p = -1
        chosen_e = -1
        for p in range(P):
            for e in range(toff[p], toff[p] + ntr[p]):
                r = counts[c, soff[p] + src[e]] * mult[e] * base[p, rate[e]]
                if u < r:
                    chosen_p = p
                    chosen_e = e
                    break
                u -= r
            if chosen_e >= 0:
                break
        if chosen_e >= 0:  # accepted (always, for voltage-independent rates)
            counts[c, soff[chosen_p] + src[chosen_e]] -= 1
            counts[c, soff[chosen_p] + dst[chosen_e]] += 1
            n_tr += 1
    return Vinf + (V - Vinf) * math.exp(-kk * (t1 - t)), n_tr


@numba.njit(cache=True, parallel=True)
def _run_one_two_state(
    t0, t1, V, counts, rng, N, vinf, decay, inv_lam, p_open, burn, rec_dt, n_rec, out, summ,
    n_tr,
):  # fmt: skip
    """One two-state population: Gillespie with per-open-count tables (V∞(o), G(o)/C,
    1/a(o) and the chance that the next event is an opening), so an event costs one
    exponential, one uniform and one exp()."""
    for c in numba.prange(V.shape[0]):
        v = V[c]
        o = counts[c, 1]
        t = t0
        k = 0
        if t0 > burn:
            k = math.ceil((t0 - burn) / rec_dt - 1e-9)
        m = 0
        tk = burn + k * rec_dt
        while True:
            tc = t + _rng.exponential(rng, c) * inv_lam[o]
            vi = vinf[o]
            kk = decay[o]
            while k < n_rec and tk < tc and tk < t1:
                _rec(out, summ, c, k, vi + (v - vi) * math.exp(-kk * (tk - t)))
                k += 1
                tk = burn + k * rec_dt
            if tc >= t1:
                v = vi + (v - vi) * math.exp(-kk * (t1 - t))
                break
            v = vi + (v - vi) * math.exp(-kk * (tc - t))
            t = tc
            if _rng.uniform(rng, c) <= p_open[o]:
                o += 1
            else:
                o -= 1
            m += 1
        V[c] = v
        counts[c, 1] = o
        counts[c, 0] = N - o
        n_tr[c] += m


@numba.njit(cache=True, parallel=True)
def _run_exact(
    t0, t1, V, counts, rng, P, code, N, gam, E, a, b, phi, soff, nst, opn, toff, ntr,
    src, dst, mult, rate, C, G_bg, E_bg, burn, rec_dt, n_rec, out, summ, vdep, n_tr,
):  # fmt: skip
    for c in numba.prange(V.shape[0]):
        v, m = _cell_exact(
            c, t0, t1, V[c], counts, rng, P, code, N, gam, E, a, b, phi, soff, nst, opn,
            toff, ntr, src, dst, mult, rate, C, G_bg, E_bg, burn, rec_dt, n_rec, out, summ,
            vdep,
        )  # fmt: skip
        V[c] = v
        n_tr[c] += m


def run(arrays: dict, t0: float, t1: float, state: dict, out: np.ndarray, summ: np.ndarray) -> None:
    """Advance every cell from ``t0`` to ``t1`` (ms) with the compiled engine; ``arrays`` from
    :func:`vrest.noise.engine.flatten`, ``state`` holds ``V``, ``counts``, ``rng``, ``n_tr``
    (updated in place); ``out`` (cells × n_rec, or cells × 0 for summaries) and ``summ``."""
    A = arrays
    if A["P"] == 1 and A["code"][0] == 0:
        n = int(A["N"][0])
        o = np.arange(n + 1, dtype=float)
        G = A["G_bg"] + A["gamma"][0] * o
        rate_up, rate_down = A["a"][0] * (n - o), A["b"][0] * o
        lam = rate_up + rate_down
        with np.errstate(divide="ignore", invalid="ignore"):
            inv_lam = np.where(lam > 0, 1.0 / lam, np.inf)
            p_open = np.where(lam > 0, rate_up / lam, 0.0)
        _run_one_two_state(
            t0, t1, state["V"], state["counts"], state["rng"], n,
            (A["G_bg"] * A["E_bg"] + A["gamma"][0] * o * A["E"][0]) / G, G / A["C"], inv_lam,
            p_open, A["burn"], A["rec_dt"], A["n_rec"], out, summ, state["n_tr"],
        )  # fmt: skip
        return
    _run_exact(
        t0, t1, state["V"], state["counts"], state["rng"], A["P"], A["code"], A["N"],
        A["gamma"], A["E"], A["a"], A["b"], A["phi"], A["soff"], A["nst"], A["open"],
        A["toff"], A["ntr"], A["src"], A["dst"], A["mult"], A["rate"], A["C"], A["G_bg"],
        A["E_bg"], A["burn"], A["rec_dt"], A["n_rec"], out, summ, A["vdep"], state["n_tr"],
    )  # fmt: skip


def run_reference(
    arrays: dict, t0: float, t1: float, state: dict, out: np.ndarray, summ: np.ndarray
) -> None:
    """The same simulation in plain Python (one event at a time, NumPy for the rates): slow,
    written independently of the compiled kernel, drawing the same random numbers in the same
    order (one exponential per candidate, one uniform per event)."""
    from .schemes import base_rates_np

    A = arrays
    P = A["P"]
    for c in range(state["V"].shape[0]):
        V = float(state["V"][c])
        cnt = state["counts"][c]
        t = t0
        k = 0 if t0 <= A["burn"] else math.ceil((t0 - A["burn"]) / A["rec_dt"] - 1e-9)

        def rates_at(v: float) -> list[np.ndarray]:
            return [
                base_rates_np(A["code"][p], v, A["a"][p], A["b"][p], A["phi"][p])
                for p in range(P)
            ]

        edges = [
            (p, e) for p in range(P) for e in range(A["toff"][p], A["toff"][p] + A["ntr"][p])
        ]

        def occ(p: int, e: int, cnt: np.ndarray = cnt) -> int:
            return int(cnt[A["soff"][p] + A["src"][e]])

        while True:
            o = [cnt[A["soff"][p] + A["open"][p]] for p in range(P)]
            G = A["G_bg"] + sum(A["gamma"][p] * o[p] for p in range(P))
            num = A["G_bg"] * A["E_bg"] + sum(A["gamma"][p] * o[p] * A["E"][p] for p in range(P))
            Vinf = num / G
            kk = G / A["C"]
            r0 = rates_at(V)
            if A["vdep"]:
                r1 = rates_at(Vinf)
                lam = sum(
                    occ(p, e) * A["mult"][e] * max(r0[p][A["rate"][e]], r1[p][A["rate"][e]])
                    for p, e in edges
                )
            else:
                lam = sum(occ(p, e) * A["mult"][e] * r0[p][A["rate"][e]] for p, e in edges)
            tau = _rng.exponential(state["rng"], c) / lam if lam > 0 else math.inf
            tc = t + tau
            while k < A["n_rec"]:
                tk = A["burn"] + k * A["rec_dt"]
                if tk >= tc or tk >= t1:
                    break
                vk = Vinf + (V - Vinf) * math.exp(-kk * (tk - t))
                if out.shape[1] > 0:
                    out[c, k] = vk
                else:
                    d = vk - summ[c, 3]
                    summ[c, :3] += (1.0, d, d * d)
                k += 1
            if tc >= t1:
                state["V"][c] = Vinf + (V - Vinf) * math.exp(-kk * (t1 - t))
                break
            V = Vinf + (V - Vinf) * math.exp(-kk * tau)
            t = tc
            u = _rng.uniform(state["rng"], c) * lam
            r0 = rates_at(V)
            for p, e in edges:
                r = occ(p, e) * A["mult"][e] * r0[p][A["rate"][e]]
                if u < r:
                    cnt[A["soff"][p] + A["src"][e]] -= 1
                    cnt[A["soff"][p] + A["dst"][e]] += 1
                    state["n_tr"][c] += 1
                    break
                u -= r
