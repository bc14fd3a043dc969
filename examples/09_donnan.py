"""Example 09: the Gibbs–Donnan equilibrium of a cell with impermeant anions.

What it shows:

* The textbook case: a cell holding 150 mM of an impermeant monovalent anion A⁻ in a 100 mM KCl
  bath. At equilibrium [K]_in = [Cl]_in + [A] and [K]_in·[Cl]_in = [K]_out·[Cl]_out (the Donnan
  product), so [K]_in = 200 mM, [Cl]_in = 50 mM, the Donnan ratio r = 2 and the Donnan potential
  V = −(RT/F) ln 2 ≈ −18.5 mV at 37 °C (Donnan 1911; Keener & Sneyd, *Mathematical Physiology*,
  2nd ed., §2.6.3).
* The catch: the inside carries 200 mOsm more particles than the bath, a van 't Hoff pressure
  Π = Δc·RT ≈ 516 kPa (about 5 atm). An animal cell without a wall would swell and burst; the
  Na⁺/K⁺ pump, by keeping Na⁺ effectively impermeant, is what prevents it (the pump–leak model,
  Tosteson & Hoffman, J. Gen. Physiol. 44, 169 (1960)).
* A cell-like mixture (Na⁺, K⁺, Cl⁻ bath; impermeant anions of mean valence −1.2 inside) solved
  numerically, and Donnan's own two-compartment experiment: Na⁺R⁻ 10 mM against NaCl 10 mM,
  equal volumes, where x = c₂²/(c₁ + 2c₂) = 3.33 mM of NaCl crosses.

Run: ``python examples/09_donnan.py``.
"""

from __future__ import annotations

from vrest.donnan import donnan_equilibrium, donnan_two_compartments

CELSIUS = 37.0


def main() -> dict:
    """Compute the example's numbers and return them in a dict."""
    kcl = donnan_equilibrium({"K": 100.0, "Cl": 100.0}, {"A": (150.0, -1)}, celsius=CELSIUS)
    cell = donnan_equilibrium(
        {"Na": 145.0, "K": 5.0, "Cl": 150.0},
        {"anions": (100.0, -1.2)},
        celsius=CELSIUS,
    )
    two = donnan_two_compartments(
        {"Na": 10.0}, {"Na": 10.0, "Cl": 10.0}, 1.0, 1.0, {"R": (10.0, -1)}, celsius=CELSIUS
    )
    return {
        "celsius": CELSIUS,
        "kcl_V_mV": kcl.V,
        "kcl_r": kcl.r,
        "kcl_K_in": kcl.c_in["K"],
        "kcl_Cl_in": kcl.c_in["Cl"],
        "kcl_osmotic_excess_mOsm": kcl.osmotic_excess,
        "kcl_osmotic_pressure_kPa": kcl.osmotic_pressure_kPa,
        "cell_V_mV": cell.V,
        "cell_r": cell.r,
        "cell_c_in": dict(cell.c_in),
        "cell_osmotic_excess_mOsm": cell.osmotic_excess,
        "cell_osmotic_pressure_kPa": cell.osmotic_pressure_kPa,
        "donnan1911_c1": dict(two.c1),
        "donnan1911_c2": dict(two.c2),
        "donnan1911_V_mV": two.V,
        "donnan1911_x_mM": two.c1["Cl"],
    }


if __name__ == "__main__":
    r = main()
    print(f"KCl 100 mM bath, 150 mM A⁻ inside, {r['celsius']:g} °C:")
    print(
        f"  [K]_in = {r['kcl_K_in']:.1f} mM, [Cl]_in = {r['kcl_Cl_in']:.1f} mM, "
        f"r = {r['kcl_r']:.3f}, V_D = {r['kcl_V_mV']:.2f} mV"
    )
    print(
        f"  osmotic excess {r['kcl_osmotic_excess_mOsm']:.0f} mOsm "
        f"= {r['kcl_osmotic_pressure_kPa']:.0f} kPa"
    )
    c = r["cell_c_in"]
    print("cell: bath Na 145, K 5, Cl 150 mM; 100 mM impermeant anions (z = −1.2) inside:")
    print(
        f"  V_D = {r['cell_V_mV']:.2f} mV, r = {r['cell_r']:.3f}; inside Na {c['Na']:.1f}, "
        f"K {c['K']:.2f}, Cl {c['Cl']:.1f} mM"
    )
    print(
        f"  osmotic excess {r['cell_osmotic_excess_mOsm']:.1f} mOsm "
        f"= {r['cell_osmotic_pressure_kPa']:.0f} kPa"
    )
    print(
        f"Donnan (1911), Na⁺R⁻ 10 mM | NaCl 10 mM: x = {r['donnan1911_x_mM']:.3f} mM NaCl "
        f"crosses, ψ1 − ψ2 = {r['donnan1911_V_mV']:.2f} mV"
    )
