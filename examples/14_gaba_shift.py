"""Development: the GABA shift (the scenario ``gaba-shift``).

1. Immature and mature neurons (``examples/cells/immature_neuron.toml``, ``mature_neuron.toml``):
   the same membrane, NKCC1 high / KCC2 low versus the reverse. Their true NESS
   (:func:`vrest.dynamics.solve_ness`) holds [Cl]i at 27 mM and 6 mM (the ~25–30 vs ~5–7 mM of
   Ben-Ari 2002 and Kaila et al. 2014): GABA depolarizes the first and hyperpolarizes the second.
2. E_GABA with HCO₃⁻ (P_HCO3/P_Cl = 0.2, Bormann, Hamill & Sakmann 1987; E_HCO3 from pHi 7.2 and
   pHo 7.4, equal pCO₂ assumed), in the GHK form and the conductance-weighted linear form: the
   same 0.2 gives different E_GABA.
3. Shunting: with 30 % of the mature KCC2, E_GABA lies between V_rest and threshold; GABA then
   depolarizes on its own but lowers the V an excitatory input reaches.
4. E_Cl and E_GABA against KCC2 strength (a NESS per point: the rest sweep holds [Cl]i fixed).

Run: ``python examples/14_gaba_shift.py [--outdir DIR] [--docs]`` (default ``out/``; ``--docs``
also writes ``docs/figures/scenario_gaba_*.png``). Units: mV, mM, nS, pA.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import vrest
from vrest.scenarios import gaba as S
from vrest.scenarios.base import REGISTRY

HERE = Path(__file__).parent
DOCS = HERE.parent / "docs" / "figures"


def _m(x: float) -> str:
    return f"{x:+.1f} mV".replace("-", "−")


def main(outdir: Path = Path("out"), docs: bool = False) -> dict:
    outdir.mkdir(parents=True, exist_ok=True)
    sc = REGISTRY["gaba-shift"]
    out: dict = {}
    for stage in ("immature", "mature"):
        # the cell file is the scenario's cell
        f = vrest.load_cell(HERE / "cells" / f"{stage}_neuron.toml")
        assert f.transporter("KCC2").g == S.stage_cell(stage).transporter("KCC2").g
        r = sc.run(stage=stage)
        n = {k: v for k, (v, _) in r.numbers.items()}
        out[stage] = n
        sign = "depolarizes" if n["gaba_depolarizes"] else "hyperpolarizes"
        print(f"{stage:9s} [Cl]i = {n['Cl_in']:5.2f} mM  V_rest {_m(n['V_rest'])}  "
              f"E_Cl {_m(n['E_Cl'])}  E_GABA GHK {_m(n['E_GABA_ghk'])} / linear "
              f"{_m(n['E_GABA_linear'])}  V − E_GABA {_m(n['driving_force'])}: "
              f"GABA {sign}")  # fmt: skip
        print(f"          P_HCO3/P_Cl = 0.2 is g_HCO3/g_Cl = "
              f"{n['g_ratio_equivalent_to_p_ratio']:.3f}; E_GABA = V_rest at KCC2 = "
              f"{n['kcc2_at_E_GABA_equals_V']:.2f}× mature")  # fmt: skip
        r.plot(outdir / f"scenario_gaba_{stage}.png")
        if docs:
            r.plot(DOCS / f"scenario_gaba_{stage}.png")
    print(f"E_HCO3 = {_m(out['mature']['E_HCO3'])} (pHi 7.2, pHo 7.4, 37 °C)")
    # 3. shunting by a depolarizing GABA
    r = sc.run(stage="mature", kcc2_scale=0.3)
    n = {k: v for k, (v, _) in r.numbers.items()}
    out["shunt"] = n
    print(f"shunting (mature, KCC2 × 0.3): V_rest {_m(n['V_rest'])} < E_GABA {_m(n['E_GABA'])} "
          f"< threshold −50 mV; the input reaching −50 mV alone reaches "
          f"{_m(n['V_exc_with_GABA'])} with 2 nS of GABA")  # fmt: skip
    r.plot(outdir / "scenario_gaba_shunting.png")
    if docs:
        r.plot(DOCS / "scenario_gaba_shunting.png")
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--outdir", type=Path, default=Path("out"), help="where the figures go")
    ap.add_argument("--docs", action="store_true", help="also write docs/figures/scenario_gaba_*")
    a = ap.parse_args()
    main(a.outdir, a.docs)
