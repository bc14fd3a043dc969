# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Problem 23 (combined): How small must a cell be before channel noise matters for GABA?
#
# Combines channel noise (§8, problem 15) with the GABA shift (§9, problem 17). Whether GABA
# depolarizes or hyperpolarizes depends on the sign of the driving force E_GABA − V_rest. In a
# small compartment V fluctuates by σ_V; when σ_V becomes comparable with |E_GABA − V_rest| the
# sign of the GABA response at a given moment is no longer certain.
#
# Criterion (ours, stated): noise **matters** when σ_V reaches **half** the driving force,
# σ_V = |E_GABA − V_rest|/2. Then V lies on the other side of E_GABA 2.3 % of the time (the
# Gaussian tail beyond 2σ).
#
# Noise model: the chapter's small cell (problem 15: 80 two-state K⁺ channels of 10 pS, open
# probability 0.5, τ_c = 1 ms in a sphere of radius 2 µm, leaks at the chapter's ratio) scaled to
# other radii at the **same channel density** (N ∝ r², leaks ∝ area, C ∝ area). Driving forces:
# the immature and mature neurons of scenario `gaba-shift`.
#
# 1. Compute σ_V against the radius with the LNA (`radius`, `sigma`: arrays, µm and mV) and show
#    σ_V ∝ 1/r.
# 2. For each stage find the radius `r_star` (dict, µm) where σ_V = |E_GABA − V_rest|/2, by hand
#    from the 1/r law, and the channel count there (`N_star`, dict); for the mature neuron also
#    read it off the LNA curve (`r_star_lna`).
# 3. At the mature r*, check the LNA (`sigma_lna_m`) against an exact simulation (`sigma_exact`
#    ± `se_exact`): how good is the LNA with so few channels?

# %% [markdown]
# ## Physics
#
# From problem 15, for N two-state channels (open probability p, conductance γ, correlation
# time τ_c) with leaks G = 1.49 Nγp and membrane time constant τ_m = C/G:
#
# $$\sigma_V = \frac{|V^* - E_K|}{1.49\,Np}\sqrt{Np(1-p)\,\frac{\tau_c}{\tau_c + \tau_m}}.$$
#
# At fixed channel density ρ, N = 4πr²ρ and C = 4πr²c_m, so G ∝ r², τ_m is the same at every
# radius, V* does not change, and
#
# $$\sigma_V(r) = \sigma_V(r_0)\,\frac{r_0}{r}
# \quad\Rightarrow\quad r^* = r_0\,\frac{\sigma_V(r_0)}{\tfrac12|E_{GABA} - V_{rest}|}.$$
#
# The LNA (linearized, Gaussian) is accurate for many channels; with a handful of channels the
# exact σ_V is larger (V is a nonlinear function of the open count; problem 15).
# Assumptions: the noise of the chapter's cell stands for the noise of both neurons (their
# V* − E_K differ somewhat; only the order of magnitude of r* is asked); GABA_A channels
# themselves closed; a sphere (a spine head or a small soma).

# %% tags=["solution"]
import matplotlib.pyplot as plt
import numpy as np

import vrest
from vrest.fields import set_fields
from vrest.presets import load_preset
from vrest.scenarios import run

plt.rcParams.update({"font.size": 12})
base = load_preset("chapter_noise")
R0, N0 = 2.0, 80  # µm, channels (the chapter's cell)


def at_density(N):
    """The chapter cell with N channels and the radius that keeps the channel density."""
    r = float(R0 * np.sqrt(N / N0))
    g_k = N * 0.010 * 0.5  # mean K⁺ conductance, nS (γ 10 pS, p 0.5)
    c = set_fields(base, [f"radius={r!r}"]).with_channel("K80", count=N)
    return r, c.with_ion("Na", g=0.04 * g_k).with_ion("Cl", g=0.45 * g_k)


Ns = np.array([5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10240])
radius, sigma = [], []
for N in Ns:
    r, c = at_density(int(N))
    radius.append(r)
    sigma.append(vrest.noise(c, "lna").sigma_V)
radius, sigma = np.array(radius), np.array(sigma)
sigma0 = sigma[Ns == N0][0]

gaba = {s: {k: v for k, (v, _) in run("gaba-shift", stage=s).numbers.items()}
        for s in ("immature", "mature")}  # fmt: skip
drive = {s: abs(g["E_GABA"] - g["V_rest"]) for s, g in gaba.items()}
r_star = {s: R0 * sigma0 / (0.5 * d) for s, d in drive.items()}  # by hand, the 1/r law
# read off the LNA curve (log-log interpolation); only the mature r* lies on it: the immature
# one would need fewer channels than the curve's smallest count (5)
r_star_lna = float(
    np.exp(np.interp(np.log(0.5 * drive["mature"]), np.log(sigma[::-1]), np.log(radius[::-1])))
)
N_star = {s: N0 * (r / R0) ** 2 for s, r in r_star.items()}
for s in drive:
    print(f"{s:9s}: |E_GABA − V| = {drive[s]:5.2f} mV → r* = {r_star[s]:.3f} µm, "
          f"{N_star[s]:.2f} channels")  # fmt: skip
print(f"mature r* read off the LNA curve: {r_star_lna:.3f} µm")

# %% tags=["solution"]
# the LNA with few channels: an exact simulation at the mature r* (nearest whole channel count)
N_m = round(N_star["mature"])
r_m, c_m = at_density(N_m)
ex = vrest.noise(c_m, "exact", cells=20, duration=500.0, seed=23)
sigma_exact, se_exact, sigma_lna_m = ex.sigma_V, ex.sigma_V_se, ex.lna_sigma_V
print(f"{N_m} channels (r = {r_m:.2f} µm): exact σ_V {sigma_exact:.3f} ± {se_exact:.3f} mV, "
      f"LNA {sigma_lna_m:.3f} mV ({100 * (sigma_exact / sigma_lna_m - 1):+.0f} %)")  # fmt: skip

# %% [markdown] tags=["solution"]
# **Discussion.** The mature neuron's GABA response sits only ~4 mV below V_rest, so at the
# chapter cell's channel density σ_V reaches half of it in a sphere of ≈ 0.6 µm radius (about
# seven K⁺ channels) — the size of a large dendritic spine head or a thin-axon varicosity, not
# of a soma. The immature neuron's ~24 mV driving force would need a compartment holding a
# quarter of one channel: at this density channel noise never blurs its depolarizing GABA.
# With so few channels the LNA underestimates σ_V by several percent (part 3), which moves r*
# up by as much — the conclusion stands.

# %% tags=["check"]
# 1. σ_V·r is the same at every radius (fixed density: exact in the LNA, 1e-6 relative).
assert (abs(sigma * radius / (sigma[0] * radius[0]) - 1) < 1e-6).all()
# 2. r* from the 1/r law = r* read off the LNA curve (a pure power law: 1e-6 relative).
assert abs(r_star_lna / r_star["mature"] - 1) < 1e-6, (r_star_lna, r_star["mature"])
# The mature neuron (small driving force) is sensitive below a radius of order 1 µm; the
# immature one (driving force 5× larger) only below a fraction of one channel: never, at this
# density.
assert 0.3 < r_star["mature"] < 1.0, r_star
assert N_star["immature"] < 1 < N_star["mature"], N_star
# 3. With ~7 channels the exact σ_V exceeds the LNA (the nonlinearity) but by less than 30 %
#    (about 20 % at 10 slow channels in vrest's channel-noise example): the r* estimate holds to
#    that accuracy. Statistical error: 4 standard errors.
assert sigma_lna_m - 4 * se_exact < sigma_exact < 1.3 * sigma_lna_m + 4 * se_exact

# %% tags=["solution"]
fig, ax = plt.subplots(figsize=(9, 5.5), layout="constrained")
r_line = np.geomspace(0.08, 30, 50)
ax.loglog(r_line, sigma0 * R0 / r_line, color="0.6", ls="--", lw=1, label="1/r law (by hand)")
ax.loglog(radius, sigma, "k-o", ms=4, label="σ_V (LNA), 5 to 10240 channels")
for s, col in (("immature", "C3"), ("mature", "C0")):
    ax.axhline(0.5 * drive[s], color=col, ls="--",
               label=f"{s}: ½|E_GABA − V_rest| = {0.5 * drive[s]:.1f} mV")  # fmt: skip
    ax.axvline(r_star[s], color=col, ls=":", lw=1.5)
    ax.text(r_star[s] * 1.08, 0.06, f"r* {r_star[s]:.2f} µm", color=col, fontsize=11,
            rotation=90, va="bottom")  # fmt: skip
ax.errorbar([r_m], [sigma_exact], yerr=[2 * se_exact], fmt="s", color="C0", mfc="none", ms=9,
            capsize=3, label=f"exact, {N_m} channels (±2 SE)")  # fmt: skip
ax.plot([R0], [sigma0], "*", color="C2", ms=14, label="the chapter's cell (2 µm, 80 channels)")
ax.axvspan(0.08, R0 * np.sqrt(1 / N0), color="0.88", label="fewer than 1 channel")
ax.set_xlim(0.08, 30)
ax.set_ylim(0.05, 40)
ax.set_xlabel("cell radius (µm)")
ax.set_ylabel("σ_V (mV)")
ax.set_title("Channel noise against the GABA driving force (same channel density)")
ax.legend(fontsize=10.5, loc="upper right")
plt.show()
