"""Issue 10 — H⁺ pumps and proton-motive force: plants, Neurospora and acidophiles.

* ``root-hair``: an electrogenic H⁺-ATPase holds an Arabidopsis root hair at about −190 mV, tens
  of mV below E_K at 1–10 mM [K]ₒ (Lew 1991, 1996);
* ``neurospora-atp-cut``: stopping the pump (an ATP cut) takes Neurospora from about −200 mV to
  about −50 mV (Slayman 1965);
* ``acidophile``: at pH 2 an acidophile holds Δψ inside-positive (+10 mV, Cox et al. 1979) by
  K⁺ uptake; a valinomycin-like rise of P_K turns it negative.

Conventions: Δψ = ψ_in − ψ_out, ΔpH = pH_in − pH_out, Δp = Δψ − Z·ΔpH (Z = ln10·RT/F);
Δp < 0 drives H⁺ in.

Run:  python examples/15_plants_acidophiles.py [figure-folder]
(without a folder the figures go to a temporary directory, printed).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from vrest.scenarios import acidophiles, plants


def main(folder: str | Path | None = None) -> dict:
    out = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="vrest_plants_"))
    out.mkdir(parents=True, exist_ok=True)
    results = {
        "scenario_plants_root_hair": plants.ROOT_HAIR.run(),
        "scenario_plants_neurospora": plants.NEUROSPORA.run(),
        "scenario_acidophile": acidophiles.ACIDOPHILE.run(),
    }
    for stem, r in results.items():
        r.plot(out / f"{stem}.png")
    return {
        "folder": str(out),
        **{stem: {k: v for k, (v, _) in r.numbers.items()} for stem, r in results.items()},
        "text": "\n\n".join(r.text for r in results.values()),
    }


if __name__ == "__main__":
    r = main(sys.argv[1] if len(sys.argv) > 1 else None)
    print(r["text"])
    print(f"\nfigures in {r['folder']}")
