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


def rest_table(r: Any) -> str:
    """The full rest analysis of a :class:`~vrest.rest.RestResult` as text."""
    c = r.cell
    geo = ""
    if c.area_um2 is not None:
        geo = f", area {c.area_um2:.4g} µm², C {c.capacitance_pF:.4g} pF"
    out = [f"vrest rest analysis: {c.name or 'cell'}  ({c.celsius:g} °C{geo})", ""]
    header = [
        "ion",
        "c_in mM",
        "c_out mM",
        "E mV",
        "g nS",
        "P cm/s",
        "V−E mV",
        "I pA",
        "I_pump pA",
        "flux fmol/s",
        "P_diss fW",
    ]
    rows = []
    for i in r.ions:
        rows.append(
            [
                i.symbol,
                f"{i.c_in:.4g}",
                f"{i.c_out:.4g}",
                f"{i.E:+.2f}",
                f"{i.g:.4g}",
                f"{i.P:.3g}",
                f"{i.driving_force:+.2f}",
                f"{i.current:+.4g}",
                f"{i.pump_current:+.4g}",
                f"{i.flux * 1e15:+.4g}",
                f"{i.dissipation * 1e15:.4g}",
            ]
        )
    out.append(format_table(header, rows))
    out.append("")
    pm = c.pump.mode if c.pump else "none"
    lines = [
        ("V_rest (" + r.model + ", primary)", f"{r.V:+.2f} mV"),
        ("V chord conductance", f"{r.V_chord:+.2f} mV"),
        ("V GHK", f"{r.V_ghk:+.2f} mV"),
        ("V without pump current", f"{r.V_no_pump:+.2f} mV"),
        ("pump contribution ΔV_pump", f"{r.pump_contribution:+.2f} mV"),
        ("pump current (" + pm + ")", f"{r.i_pump:.4g} pA"),
        ("total conductance G", f"{r.G_total:.4g} nS"),
        ("net membrane current", f"{r.net_current:.3g} pA"),
        ("passive dissipation", f"{r.dissipation:.4g} W"),
        ("entropy production P/T", f"{r.entropy_production:.4g} J/(K·s)"),
        ("pump ATP consumption", f"{r.atp_rate:.4g} ATP/s"),
        ("pump work on the ions", f"{r.pump_work:.4g} W"),
        ("ΔG_ATP (cytosol)", f"{r.dG_atp:.3g} kJ/mol"),
    ]
    w = max(len(k) for k, _ in lines)
    out += [f"{k.ljust(w)}  {v}" for k, v in lines]
    out += ["", f"state: {r.state}", f"  {r.reason}"]
    return "\n".join(out)
