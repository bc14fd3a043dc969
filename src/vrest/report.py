"""Plain-text reports of result objects (used by the CLI and ``RestResult.table()``)."""

from __future__ import annotations

from typing import Any


def _row(cells: list[str], widths: list[int], left: int) -> str:
    return "  ".join(
        c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))
    )


def format_table(header: list[str], rows: list[list[str]], left: int = 1) -> str:
    """Align a header and rows of strings into columns; the first ``left`` columns are
    left-aligned, the others right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [_row(header, widths, left), _row(["-" * w for w in widths], widths, left)]
    lines += [_row(r, widths, left) for r in rows]
    return "\n".join(lines)


#: The report lists at most this many drifting ions (the fastest first).
MAX_DRIFT_LINES = 12


def current_unit(max_abs_pA: float) -> tuple[str, float]:
    """A readable unit for currents up to ``max_abs_pA`` (pA): ("pA", 1), ("nA", 1e-3) or
    ("µA", 1e-6), so that numbers stay below ~10 000."""
    if max_abs_pA < 1e4:
        return "pA", 1.0
    if max_abs_pA < 1e7:
        return "nA", 1e-3
    return "µA", 1e-6


def num(x: float, spec: str = ".4g", zero: float = 0.0) -> str:
    """``x`` formatted with ``spec``; values with |x| ≤ ``zero`` print as "0" and a negative
    zero loses its sign (no "2.27e-13 pA" for a current that is zero within tolerance)."""
    if x != x:  # NaN
        return "—"
    if abs(x) <= zero:
        return "0"
    out = format(x, spec)
    if out.lstrip("+-").strip("0.e+-") == "":
        return "0"
    return out


def rest_table(r: Any) -> str:
    """The full rest analysis of a :class:`~vrest.rest.RestResult` as text."""
    c = r.cell
    geo = ""
    if c.area_um2 is not None:
        geo = f", area {c.area_um2:.4g} µm², C {c.capacitance_pF:.4g} pF"
    temp = f"{c.celsius:g} °C"
    if c.reference_celsius != c.celsius:
        temp += f", described at {c.reference_celsius:g} °C"
    out = [f"vrest rest analysis: {c.name or 'cell'}  ({temp}{geo})", ""]
    scale = max([abs(i.current) for i in r.ions] + [abs(r.i_pump), 1e-300])
    zero = r.tolerances["net_current_rel"] * scale
    iu, fi = current_unit(scale)
    header = [
        "ion",
        "c_in mM",
        "c_out mM",
        "E mV",
        "g nS",
        "P cm/s",
        "V−E mV",
        f"I {iu}",
        f"I_pump {iu}",
        f"net {iu}",
        "flux fmol/s",
        "P_diss fW",
    ]
    trans = bool(c.transporters)
    if trans:
        header.insert(9, f"I_transp {iu}")
    rows = []
    for i in r.ions:
        row = [
            i.symbol,
            f"{i.c_in:.4g}",
            f"{i.c_out:.4g}",
            num(i.E, "+.2f"),
            f"{i.g:.4g}",
            num(i.P, ".3g"),
            num(i.driving_force, "+.2f"),
            num(i.current * fi, "+.4g", zero * fi),
            num(i.pump_current * fi, "+.4g", zero * fi),
            num(i.net_current * fi, "+.4g", zero * fi),
            num(i.flux * 1e15, "+.4g"),
            num(i.dissipation * 1e15, ".4g"),
        ]
        if trans:
            row.insert(9, num(i.transporter_current * fi, "+.4g", zero * fi))
        rows.append(row)
    out.append(format_table(header, rows))
    out.append("")
    pm = c.pump.mode if c.pump else "none"
    pu, fp = current_unit(abs(r.i_pump))
    e = r.energy
    eff = "—" if e.efficiency != e.efficiency else f"{e.efficiency:.3g}"
    lines = [
        (f"V_rest ({r.model}, primary)", f"{r.V:+.2f} mV"),
        ("V chord conductance", f"{r.V_chord:+.2f} mV"),
        ("V GHK", f"{r.V_ghk:+.2f} mV"),
        ("V without pump current", f"{r.V_no_pump:+.2f} mV"),
        ("pump contribution ΔV_pump", f"{num(r.pump_contribution, '+.2f')} mV"),
        (f"pump current ({pm})", f"{num(r.i_pump * fp, '.4g')} {pu}"),
        ("input conductance G", f"{r.G_total:.4g} nS"),
        ("net membrane current", f"{num(r.net_current * fi, '.3g', zero * fi)} {iu}"),
        ("energy: passive dissipation", f"{num(e.passive, '.4g')} W"),
        (
            "energy: transporters' work on ions" if trans else "energy: pump work on the ions",
            f"{num(e.transporters, '.4g')} W",
        ),
        ("energy: ATP free energy spent", f"{num(e.atp, '.4g')} W"),
        ("energy: pump efficiency", eff),
        ("energy: residual (passive − work)", f"{num(e.residual, '.3g')} W (0 at a NESS)"),
        ("entropy production, channels P/T", f"{num(e.entropy_channels, '.4g')} J/(K·s)"),
        ("entropy production, with pump", f"{num(e.entropy_total, '.4g')} J/(K·s)"),
        ("pump ATP consumption", f"{num(r.atp_rate, '.4g')} ATP/s"),
        ("ΔG_ATP (cytosol)", f"{r.dG_atp:.3g} kJ/mol"),
    ]
    w = max(len(k) for k, _ in lines)
    out += [f"{k.ljust(w)}  {v}" for k, v in lines]
    out += ["", f"state: {r.state_label} — {r.state_explained}", f"  {r.reason}"]
    fastest = sorted(r.drifts, key=lambda d: -abs(d.rate or 0.0))
    out += [f"  - {d.text()}" for d in fastest[:MAX_DRIFT_LINES]]
    if len(fastest) > MAX_DRIFT_LINES:
        out.append(f"  - … and {len(fastest) - MAX_DRIFT_LINES} more drifting ions (see --json)")
    out += ["", "how these numbers were made:"] + [f"  - {n}" for n in r.notes]
    t = r.tolerances
    out.append(
        f"  - zero means below {t['net_current_rel']:g} of the largest ionic current or what "
        f"moves V by {t['net_current_V_resolution_mV']:g} mV (net current), below "
        f"{t['ion_net_flux_rel']:g} of it (an ion's net flux)"
    )
    return "\n".join(out)
