"""Markov schemes of single channels: states, transitions and their rates.

Three schemes, each a continuous-time Markov chain on the states of one channel:

* ``two_state``: C ⇄ O with opening rate α and closing rate β (1/ms), voltage-independent.
  Stationary open probability p_O = α/(α + β); correlation time τ_c = 1/(α + β).
* ``hh_k``: the Hodgkin–Huxley K⁺ channel as four independent n gates, i.e. five states
  n₀ … n₄ (the number of activated gates), open in n₄ only:
  nᵢ → nᵢ₊₁ at (4 − i) α_n(V), nᵢ₊₁ → nᵢ at (i + 1) β_n(V). Stationary: Binomial(4, n∞), so
  p_O = n∞⁴ (HH 1952's deterministic n⁴).
* ``hh_na``: the HH Na⁺ channel, three m gates and one h gate: eight states mᵢhⱼ
  (i = 0…3 activated m gates, j = 0/1 h), open in m₃h₁: m transitions at (3 − i) α_m and
  (i + 1) β_m in each h row, h transitions at α_h (h₀ → h₁) and β_h (h₁ → h₀). Stationary:
  Binomial(3, m∞) × Bernoulli(h∞), p_O = m∞³h∞.

These are the channel-based ("Markov chain") forms of HH's gates (Skaugen & Walløe 1979;
Chow & White 1996; Goldwyn & Shea-Brown 2011, PLoS Comput Biol 7:e1002247): their mean obeys
HH's equations exactly, and each channel flips as a whole, so no subunit-noise shortcut is
used (Fox 1997's subunit Langevin is wrong for n⁴ and m³h; Goldwyn & Shea-Brown 2011).

The HH rates are those of :mod:`vrest.gating` (HH 1952 in today's convention, 6.3 °C);
:func:`hh_rate` is their compiled twin, tested equal to :func:`vrest.gating.hh_rates`. Every
rate is multiplied by the temperature factor φ = Q10^((T − T_ref)/10) (HH: Q10 = 3,
T_ref = 6.3 °C; two-state: the channel's ``rate_q10`` from the cell's reference temperature).

A scheme is stored as arrays of directed transitions (``src`` → ``dst`` at rate
``mult · base[rate]``), the form every engine (exact, Langevin, linear-noise) reads.
Units: V in mV, rates in 1/ms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np

#: Kind → integer code used by the compiled engines.
KIND_CODE: dict[str, int] = {"two_state": 0, "hh_k": 1, "hh_na": 2}


@dataclass(frozen=True)
class Scheme:
    """One channel's Markov scheme: state names, the open state, and directed transitions
    ``src[e] → dst[e]`` at rate ``mult[e] · base[rate[e]]`` (1/ms; ``base`` from
    :func:`base_rates`)."""

    kind: str
    states: tuple[str, ...]
    open_state: int
    src: np.ndarray
    dst: np.ndarray
    mult: np.ndarray
    rate: np.ndarray
    rate_names: tuple[str, ...]

    @property
    def n_states(self) -> int:
        return len(self.states)

    @property
    def code(self) -> int:
        return KIND_CODE[self.kind]

    def generator(self, base: np.ndarray) -> np.ndarray:
        """The generator matrix Q (1/ms; Q[i, j] = rate i → j, rows sum to 0) for the base
        rates ``base`` (1/ms)."""
        Q = np.zeros((self.n_states, self.n_states))
        for s, d, m, r in zip(self.src, self.dst, self.mult, self.rate):
            Q[s, d] += m * base[r]
        Q[np.diag_indices_from(Q)] = -Q.sum(axis=1)
        return Q

    def stationary(self, base: np.ndarray) -> np.ndarray:
        """The stationary occupancy π (πQ = 0, Σπ = 1) for the base rates ``base``: solved as a
        linear system with the normalisation replacing one balance equation."""
        Q = self.generator(base)
        A = np.vstack([Q.T[:-1], np.ones(self.n_states)])
        b = np.zeros(self.n_states)
        b[-1] = 1.0
        return np.linalg.solve(A, b)


def _scheme(kind: str, states: list[str], open_state: str, edges: list, names: tuple) -> Scheme:
    idx = {s: i for i, s in enumerate(states)}
    src, dst, mult, rate = zip(*[(idx[a], idx[b], m, r) for a, b, m, r in edges])
    return Scheme(
        kind,
        tuple(states),
        idx[open_state],
        np.array(src, dtype=np.int64),
        np.array(dst, dtype=np.int64),
        np.array(mult, dtype=float),
        np.array(rate, dtype=np.int64),
        names,
    )


def _hh_k() -> Scheme:
    states = [f"n{i}" for i in range(5)]
    edges = []
    for i in range(4):
        edges += [(f"n{i}", f"n{i + 1}", 4 - i, 0), (f"n{i + 1}", f"n{i}", i + 1, 1)]
    return _scheme("hh_k", states, "n4", edges, ("alpha_n", "beta_n"))


def _hh_na() -> Scheme:
    states = [f"m{i}h{j}" for j in range(2) for i in range(4)]
    edges = []
    for j in range(2):
        for i in range(3):
            edges += [(f"m{i}h{j}", f"m{i + 1}h{j}", 3 - i, 0)]
            edges += [(f"m{i + 1}h{j}", f"m{i}h{j}", i + 1, 1)]
    for i in range(4):
        edges += [(f"m{i}h0", f"m{i}h1", 1, 2), (f"m{i}h1", f"m{i}h0", 1, 3)]
    return _scheme("hh_na", states, "m3h1", edges, ("alpha_m", "beta_m", "alpha_h", "beta_h"))


SCHEMES: dict[str, Scheme] = {
    "two_state": _scheme(
        "two_state", ["C", "O"], "O", [("C", "O", 1, 0), ("O", "C", 1, 1)], ("alpha", "beta")
    ),
    "hh_k": _hh_k(),
    "hh_na": _hh_na(),
}

#: Most base rates of any scheme (the engines' scratch size).
MAX_BASE = 4


@numba.njit(cache=True)
def _g(u: float) -> float:
    """u/(1 − e^(−u)), g(0) = 1 (the removable singularity of α_n and α_m)."""
    if u == 0.0:
        return 1.0
    return u / -math.expm1(-u)


@numba.njit(cache=True)
def hh_rate(which: int, V: float) -> float:
    """HH 1952 rate number ``which`` (0 α_n, 1 β_n, 2 α_m, 3 β_m, 4 α_h, 5 β_h) at ``V`` (mV),
    1/ms at 6.3 °C: the formulas of :mod:`vrest.gating`, compiled."""
    if which == 0:
        return 0.1 * _g((V + 55.0) / 10.0)
    if which == 1:
        return 0.125 * math.exp(-(V + 65.0) / 80.0)
    if which == 2:
        return 1.0 * _g((V + 40.0) / 10.0)
    if which == 3:
        return 4.0 * math.exp(-(V + 65.0) / 18.0)
    if which == 4:
        return 0.07 * math.exp(-(V + 65.0) / 20.0)
    return 1.0 / (1.0 + math.exp(-(V + 35.0) / 10.0))


@numba.njit(cache=True)
def base_rates(code: int, V: float, a: float, b: float, phi: float, out: np.ndarray) -> None:
    """Write the base rates (1/ms) of scheme ``code`` at ``V`` (mV) into ``out``: two-state
    (α, β) = (``a``, ``b``), already at temperature; HH kinds times ``phi``."""
    if code == 0:
        out[0] = a
        out[1] = b
    elif code == 1:
        out[0] = hh_rate(0, V) * phi
        out[1] = hh_rate(1, V) * phi
    else:
        out[0] = hh_rate(2, V) * phi
        out[1] = hh_rate(3, V) * phi
        out[2] = hh_rate(4, V) * phi
        out[3] = hh_rate(5, V) * phi


def base_rates_np(code: int, V: float, a: float, b: float, phi: float) -> np.ndarray:
    """:func:`base_rates` as a new array (the reference engines' form)."""
    out = np.zeros(MAX_BASE)
    base_rates(code, V, a, b, phi, out)
    return out


def base_rate_slopes(code: int, V: float, phi: float) -> np.ndarray:
    """d(base rate)/dV (1/(ms·mV)) of scheme ``code`` at ``V``: zero for the two-state
    channel, the analytic HH slopes of :func:`vrest.gating._hh_rate_slopes` times φ."""
    out = np.zeros(MAX_BASE)
    if code == 0:
        return out
    from ..gating import _hh_rate_slopes

    s = _hh_rate_slopes(V)
    keys = ("alpha_n", "beta_n") if code == 1 else ("alpha_m", "beta_m", "alpha_h", "beta_h")
    for k, key in enumerate(keys):
        out[k] = float(s[key]) * phi
    return out
