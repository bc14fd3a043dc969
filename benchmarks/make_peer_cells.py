#!/usr/bin/env python3
"""Write the Myokit peer's default cell as vrest cell files (run once; the files are committed):

    benchmarks/cells/myokit_default_ghk.toml      (GHK leaks, as myokit_pumpleak.py --leak ghk)
    benchmarks/cells/myokit_default_linear.toml   (linear leaks, as --leak linear)

The peer (../shared/peers/myokit_pumpleak.py, defaults) is a 10 µm sphere at 37 °C with fixed
Na/K/Cl outside (145/5/110 mM) and a cubic kinetic pump
I_p = I_max ([Na]i/([Na]i + 10 mM))³ ([K]o/([K]o + 1.5 mM))², I_max = 1 µA/cm² × area. It derives
its leaks so that t = 0 (V0 = −70 mV, [Na]i 10, [K]i 140 mM) is an exact steady state:
[Cl]i = [Cl]o e^(V0 F/RT) (E_Cl = V0, no Cl⁻ flux), I_Na = −3 I_p0 and I_K = +2 I_p0 at V0 (the
pump's 3 Na⁺ out, 2 K⁺ in per cycle are returned by the leaks), P_Cl = 0.45 P_K (g_Cl = 0.45 g_K).
This script does the same arithmetic with the same constants (CODATA F and R, as the peer) and
writes every number with 17 significant digits, so vrest's rest analysis of the file gives
V = −70 mV and a NESS, and the time course starts where the peer's does.
"""

from __future__ import annotations

import math
from pathlib import Path

F, R = 96485.33212, 8.314462618  # the peer's constants (vrest uses the exact SI values)
V0, NAI, KI, NAO, KO, CLO = -70.0, 10.0, 140.0, 145.0, 5.0, 110.0
CELSIUS, RADIUS_UM, IMAX_UA_CM2, KM_NA, KM_K, CL_RATIO = 37.0, 10.0, 1.0, 10.0, 1.5, 0.45
OUT = Path(__file__).resolve().parent / "cells"


def values() -> dict[str, float]:
    rtf = 1e3 * R * (CELSIUS + 273.15) / F
    area_cm2 = 4 * math.pi * (RADIUS_UM * 1e-4) ** 2
    i_max = IMAX_UA_CM2 * 1e6 * area_cm2  # µA/cm² × cm² = µA → pA
    ip0 = i_max * (NAI / (NAI + KM_NA)) ** 3 * (KO / (KO + KM_K)) ** 2

    def ghk_pA(ci: float, co: float) -> float:  # z = +1, P = 1 cm/s, as the peer's ghk_pA
        u = V0 / rtf
        return 1e6 * area_cm2 * F * u * (ci - co * math.exp(-u)) / (1 - math.exp(-u))

    pk = 2 * ip0 / ghk_pA(KI, KO)
    gk = 2 * ip0 / (V0 - rtf * math.log(KO / KI))
    return {
        "cli": CLO * math.exp(V0 / rtf),
        "i_max": i_max,
        "ip0": ip0,
        "PNa": -3 * ip0 / ghk_pA(NAI, NAO),
        "PK": pk,
        "PCl": CL_RATIO * pk,
        "gNa": -3 * ip0 / (V0 - rtf * math.log(NAO / NAI)),
        "gK": gk,
        "gCl": CL_RATIO * gk,
    }


def toml(leak: str, v: dict[str, float]) -> str:
    ghk = leak == "ghk"
    key, unit = ("P_cm_s", "P") if ghk else ("g_nS", "g")
    lk = {n: v[unit + n] for n in ("Na", "K", "Cl")}
    kind = "GHK" if ghk else "linear (chord)"
    ratio = "P_Cl = 0.45 P_K" if ghk else "g_Cl = 0.45 g_K"
    head = "\n".join(
        [
            "# The Myokit peer's default cell (../shared/peers/myokit_pumpleak.py",
            f"# --leak {leak}), written by benchmarks/make_peer_cells.py: a 10 µm sphere at 37 °C,",
            "# fixed volume and bath, a cubic kinetic Na⁺/K⁺ pump",
            f"# (I_max = 1 µA/cm² × area = {v['i_max']:.6g} pA, K_Na 10 mM, K_K 1.5 mM, no V",
            f"# dependence) and {kind} leaks derived as the peer derives them, so that t = 0 is",
            "# an exact steady state: V0 = −70 mV; [Cl]i = [Cl]o·exp(V0 F/RT) (E_Cl = V0);",
            f"# I_Na = −3 I_p0 and I_K = +2 I_p0 at V0 (I_p0 = {v['ip0']:.6g} pA); {ratio}.",
            "# Numbers to 17 significant digits.",
        ]
    )
    return (
        head
        + f"""
name = "Myokit peer default cell ({"GHK" if ghk else "linear"} leaks)"
description = "myokit_pumpleak.py defaults: leaks balanced at V0 = -70 mV (a NESS)."
celsius = {CELSIUS!r}
radius_um = {RADIUS_UM!r}
specific_capacitance_uF_cm2 = 1.0
model = "{"ghk" if ghk else "chord"}"

[ions.Na]
c_in_mM = {NAI!r}
c_out_mM = {NAO!r}
{key} = {lk["Na"]!r}

[ions.K]
c_in_mM = {KI!r}
c_out_mM = {KO!r}
{key} = {lk["K"]!r}

[ions.Cl]
c_in_mM = {v["cli"]!r}
c_out_mM = {CLO!r}
{key} = {lk["Cl"]!r}

[pump]
mode = "kinetic"
i_max = "{v["i_max"]!r} pA"
km_na = "{KM_NA!r} mM"
km_k = "{KM_K!r} mM"
saturation = "cubic"
voltage = "none"
"""
    )


def main() -> None:
    OUT.mkdir(exist_ok=True)
    v = values()
    for leak in ("ghk", "linear"):
        path = OUT / f"myokit_default_{leak}.toml"
        path.write_text(toml(leak, v), encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
