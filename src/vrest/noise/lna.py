"""The linear-noise approximation (LNA) of channel noise: σ_V, covariances and power spectra.

Linearize the model of :mod:`vrest.noise.model` about its deterministic rest (V*, x*), with
x_p the fraction of population p's channels in each state. For large N the fluctuations
y = (δx, δV) obey the Ornstein–Uhlenbeck equation (van Kampen's system-size expansion)

    dy = A y dt + B dW,    D = B Bᵀ,

* channel rows: A_xx = Qᵀ(V*), A_xV = Σ_e (d rate_e/dV) x*_src(e) (e_dst − e_src);
  D_p = (1/N_p) Σ_e rate_e x*_src(e) (e_dst − e_src)(e_dst − e_src)ᵀ (every directed
  transition e a Poisson stream of jumps);
* the V row: A_VV = −G_total/C, A_V,open(p) = −N_p γ_p (V* − E_p)/C; no noise of its own.

One state per population is eliminated (fractions sum to 1), so A is stable. The stationary
covariance Σ solves the Lyapunov equation A Σ + Σ Aᵀ + D = 0 (scipy's Bartels–Stewart
solver); σ_V² = Σ_VV. The one-sided power spectral density of V is

    S_V(f) = 2 [H(f) D H(f)*]_VV,   H(f) = (2πi f − A)⁻¹,

so that ∫₀^∞ S_V df = σ_V²: under voltage clamp the channel current's PSD is a sum of
Lorentzians, one per relaxation mode of Qᵀ; V's is that filtered by the membrane,
1/|G + iωC|², with the channels' voltage dependence folded in. Returned in mV²/Hz.

For one two-state population with voltage-independent rates it reduces to the closed form
(:func:`sigma_v_two_state`)

    σ_V² = (γ (V* − E)/G)² N p (1 − p) · τ_c/(τ_c + τ_m),

τ_c = 1/(α + β), τ_m = C/G, G = G_total (the membrane low-pass filters the channel noise).
The thermal (Johnson–Nyquist) floor of a capacitor, σ² = k_B T/C, is reported beside it.

References: van Kampen, *Stochastic Processes in Physics and Chemistry* (2007) ch. X;
DeFelice, *Introduction to Membrane Noise* (1981); Steinmetz et al., J Comput Neurosci 9:133
(2000); Goldwyn & Shea-Brown, PLoS Comput Biol 7:e1002247 (2011).
Units: mV, nS, pF, ms; frequencies in Hz, PSD in mV²/Hz.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..constants import K_B, ZERO_CELSIUS
from .model import NoiseModel
from .schemes import base_rate_slopes


@dataclass(frozen=True)
class Linearization:
    """``A`` (1/ms) and ``D`` (1/ms, units² of each coordinate) of the OU process; the last
    coordinate is V (mV); ``labels`` name the coordinates; ``open_rows`` the index of each
    population's open-state fraction (or −1 when it is the eliminated state)."""

    A: np.ndarray
    D: np.ndarray
    labels: tuple[str, ...]


def linearize(m: NoiseModel) -> Linearization:
    """The drift matrix A and diffusion matrix D of the LNA of ``m`` (module docstring)."""
    V = m.V_rest
    blocks_A, blocks_D, labels, couplings, dv_rows = [], [], [], [], []
    for p in m.pops:
        s = p.scheme
        base = p.base(V)
        x = s.stationary(base)
        Q = s.generator(base)
        dbase = base_rate_slopes(s.code, V, p.phi)
        n = s.n_states
        Axx = Q.T.copy()
        AxV = np.zeros(n)
        D = np.zeros((n, n))
        for src, dst, mult, r in zip(s.src, s.dst, s.mult, s.rate):
            v = np.zeros(n)
            v[src], v[dst] = -1.0, 1.0
            AxV += mult * dbase[r] * x[src] * v
            D += mult * base[r] * x[src] * np.outer(v, v) / p.N
        # eliminate state 0: x0 = 1 − Σ others  ⇒  δx = M δy, M = [−1…; I]
        M = np.vstack([-np.ones(n - 1), np.eye(n - 1)])
        blocks_A.append(Axx[1:] @ M)
        blocks_D.append(D[1:, 1:])
        dv_rows.append(AxV[1:])
        coup = np.zeros(n - 1)  # d(dV/dt)/dy through the open fraction
        k = s.open_state
        g_drive = -p.N * p.gamma * (V - p.E) / m.C
        coup += g_drive * M[k]
        couplings.append(coup)
        labels += [f"{p.name}.{st}" for st in s.states[1:]]
    size = sum(b.shape[0] for b in blocks_A) + 1
    A = np.zeros((size, size))
    D = np.zeros((size, size))
    i = 0
    for Ab, Db, dv, coup in zip(blocks_A, blocks_D, dv_rows, couplings):
        k = Ab.shape[0]
        A[i : i + k, i : i + k] = Ab
        D[i : i + k, i : i + k] = Db
        A[i : i + k, -1] = dv
        A[-1, i : i + k] = coup
        i += k
    A[-1, -1] = -m.G_total / m.C
    return Linearization(A, D, (*labels, "V"))


def covariance(m: NoiseModel) -> np.ndarray:
    """Stationary covariance Σ of the LNA (A Σ + Σ Aᵀ + D = 0); last coordinate V (mV²)."""
    from scipy.linalg import solve_continuous_lyapunov  # numba has imported scipy.linalg

    lin = linearize(m)
    S = solve_continuous_lyapunov(lin.A, -lin.D)
    return 0.5 * (S + S.T)


def sigma_v(m: NoiseModel) -> float:
    """σ_V (mV) of the LNA: √Σ_VV."""
    return float(np.sqrt(max(covariance(m)[-1, -1], 0.0)))


def psd_v(m: NoiseModel, f_hz: np.ndarray) -> np.ndarray:
    """One-sided PSD of V (mV²/Hz) at frequencies ``f_hz`` (Hz): 2 [H D H*]_VV with
    H = (iω − A)⁻¹, ω = 2π f in rad/ms; ×1e-3 converts per (1/ms) to per Hz."""
    lin = linearize(m)
    f = np.atleast_1d(np.asarray(f_hz, dtype=float))
    n = lin.A.shape[0]
    out = np.empty(f.shape)
    eye = np.eye(n)
    for k, fk in enumerate(f):
        w = 2 * np.pi * fk * 1e-3
        h = np.linalg.solve((1j * w) * eye - lin.A, eye)[-1]  # row V of H
        out[k] = 2.0 * float(np.real(h @ lin.D @ h.conj())) * 1e-3
    return out


def mean_bias(m: NoiseModel) -> float:
    """The O(1/N) shift of the mean V from V* (mV) that the product γ O (V − E) causes: from
    the exact stationary balance ⟨C dV/dt⟩ = 0 with ⟨x⟩ = x*,

        ⟨V⟩ − V* = −Σ_p N_p γ_p cov(x_open,p, V) / G_total,

    with the covariance from the LNA. Exact for voltage-independent rates (⟨x⟩ = x* holds
    exactly then, and only the covariance is approximated); for voltage-dependent rates the
    shift of ⟨x⟩ adds another term of the same order, not included."""
    lin = linearize(m)
    S = covariance(m)
    shift = 0.0
    i = 0
    for p in m.pops:
        n = p.scheme.n_states
        k = p.scheme.open_state
        # cov(x_open, V): x_open = y[k-1] if k > 0, else 1 − Σ y
        if k > 0:
            cov = S[i + k - 1, -1]
        else:
            cov = -float(np.sum(S[i : i + n - 1, -1]))
        shift -= p.N * p.gamma * cov
        i += n - 1
    del lin
    return float(shift / m.G_total)


def thermal_sigma_v(C_pF: float, celsius: float) -> float:
    """The thermal (kT/C) voltage noise of a capacitance ``C_pF`` (pF) at ``celsius`` (°C):
    √(k_B T/C) in mV (Johnson 1928; Nyquist 1928)."""
    return float(np.sqrt(K_B * (celsius + ZERO_CELSIUS) / (C_pF * 1e-12)) * 1e3)


def sigma_v_two_state(
    N: float, gamma: float, V: float, E: float, G: float, C: float, alpha: float, beta: float
) -> float:
    """Closed-form LNA σ_V (mV) of N two-state channels (γ nS, reversal E mV, rates α, β
    1/ms) in a membrane of total conductance ``G`` (nS) and capacitance ``C`` (pF) at rest
    ``V`` (mV):

        σ_V² = (γ (V − E)/G)² N p (1 − p) τ_c/(τ_c + τ_m),  p = α/(α+β), τ_c = 1/(α+β),
        τ_m = C/G.
    """
    p = alpha / (alpha + beta)
    tau_c = 1.0 / (alpha + beta)
    tau_m = C / G
    var = (gamma * (V - E) / G) ** 2 * N * p * (1 - p) * tau_c / (tau_c + tau_m)
    return float(np.sqrt(var))
