"""The ``vrest`` command line: a thin layer over the library.

    vrest rest CELL.toml [--json | --csv] [--plot FILE.png] [--out FILE] [--celsius T]
                         [--block ION ...] [--no-pump] [--model chord|ghk]
    vrest nernst ION C_IN C_OUT [--z Z] [--celsius T]
    vrest ghk --ion NAME C_IN C_OUT P [--ion ...] [--celsius T]
    vrest iv ION C_IN C_OUT [--P P] [--vmin --vmax --step] [--plot FILE.png] [--csv]
    vrest chapter [--json]
    vrest ions

Plain numbers are in mV, mM, pA, nS, cm/s and °C; values with units ("140 mM", "4e-6 cm/s")
are accepted too. Bad input gives a one-line error and exit code 2, never a traceback. Files are
written atomically.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from typing import Any

from .errors import VrestError

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(
            EXIT_USAGE,
            f"vrest: error: {message} (see 'vrest {self.prog.split()[-1]} -h')\n"
            if " " in self.prog
            else f"vrest: error: {message} (see 'vrest -h')\n",
        )


def _num(text: str, field: str, kind: str) -> Any:
    from . import units

    try:
        return float(text)
    except ValueError:
        return units.to_working(text, field, kind)


def _celsius(text: str) -> float:
    """``--celsius``: a number in °C or a temperature with its unit ("310.15 K")."""
    from . import units

    try:
        return float(text)
    except ValueError:
        return units.celsius(text, "--celsius")


def _check_outputs(args: argparse.Namespace) -> None:
    """Reject a bad --plot or --out path before anything is computed or written."""
    from pathlib import Path

    if getattr(args, "plot", None):
        from .plotting import figure_format

        figure_format(args.plot, "--plot")
    for opt in ("out", "plot"):
        path = getattr(args, opt, None)
        if path and Path(path).is_dir():
            from .errors import VrestInputError

            raise VrestInputError(f"--{opt}", path, "a file path, not a directory")


def _out(args: argparse.Namespace, text: str) -> None:
    if getattr(args, "out", None):
        from ._io import atomic_write_text

        atomic_write_text(args.out, text if text.endswith("\n") else text + "\n")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(text)


# ---- commands -----------------------------------------------------------------------------
def cmd_rest(args: argparse.Namespace) -> int:
    from .cell import load_cell
    from .rest import solve_rest

    _check_outputs(args)
    cell = load_cell(args.cell)
    if args.celsius is not None:
        cell = cell.at_celsius(_celsius(args.celsius))
    if args.block:
        cell = cell.block(*args.block)
    if args.no_pump:
        cell = cell.with_pump(None)
    res = solve_rest(cell, model=args.model)
    if args.json:
        text = json.dumps(res.to_dict(), indent=2, ensure_ascii=False)
    elif args.csv:
        text = res.to_dataframe().to_csv()
    else:
        text = res.table()
    if args.plot:
        res.plot(args.plot)
        print(f"wrote {args.plot}", file=sys.stderr)
    _out(args, text)
    return 0


def cmd_nernst(args: argparse.Namespace) -> int:
    from .ions import ION_TABLE, canonical_name, resolve_valence
    from .nernst import nernst

    z = resolve_valence(args.ion, args.z, "--z")
    ci = _num(args.c_in, "c_in", "concentration")
    co = _num(args.c_out, "c_out", "concentration")
    t = _celsius(args.celsius)
    E = nernst(ci, co, z, celsius=t)
    key = canonical_name(args.ion)
    sym = ION_TABLE[key].symbol if key else args.ion
    if args.json:
        print(
            json.dumps(
                {
                    "ion": key or args.ion,
                    "z": z,
                    "c_in_mM": ci,
                    "c_out_mM": co,
                    "celsius": t,
                    "E_mV": E,
                }
            )
        )
    else:
        print(f"E({sym}) = {E:+.2f} mV   (z = {z:+d}, [in] {ci:g} mM, [out] {co:g} mM, {t:g} °C)")
    return 0


def _ion_args(items: list[list[str]]) -> tuple[dict, dict, dict]:
    P, ci, co = {}, {}, {}
    for name, c_in, c_out, p in items:
        ci[name] = _num(c_in, f"--ion {name} c_in", "concentration")
        co[name] = _num(c_out, f"--ion {name} c_out", "concentration")
        P[name] = _num(p, f"--ion {name} P", "permeability")
    return P, ci, co


def cmd_ghk(args: argparse.Namespace) -> int:
    from .ghk import ghk_voltage
    from .nernst import nernst

    P, ci, co = _ion_args(args.ion)
    t = _celsius(args.celsius)
    V = ghk_voltage(P, ci, co, celsius=t)
    if args.json:
        print(json.dumps({"celsius": t, "P": P, "c_in_mM": ci, "c_out_mM": co, "V_ghk_mV": V}))
        return 0
    from .ions import resolve_valence

    for n in P:
        E = nernst(ci[n], co[n], resolve_valence(n), celsius=t)
        print(f"{n:>5}: P {P[n]:<10g} [in] {ci[n]:<8g} [out] {co[n]:<8g} E {E:+7.2f} mV")
    print(f"V_GHK = {V:+.2f} mV at {t:g} °C")
    return 0


def cmd_iv(args: argparse.Namespace) -> int:
    import numpy as np

    from .ghk import ghk_current_density, ghk_slope_conductance
    from .ions import resolve_valence
    from .nernst import nernst

    _check_outputs(args)
    z = resolve_valence(args.ion, args.z, "--z")
    ci = _num(args.c_in, "c_in", "concentration")
    co = _num(args.c_out, "c_out", "concentration")
    P = _num(args.P, "--P", "permeability")
    t = _celsius(args.celsius)
    if not args.vmin < args.vmax or args.step <= 0:
        from .errors import VrestInputError

        raise VrestInputError(
            "--vmin/--vmax/--step",
            (args.vmin, args.vmax, args.step),
            "vmin < vmax and step > 0, in mV",
        )
    v = np.arange(args.vmin, args.vmax + args.step / 2, args.step)
    J = ghk_current_density(v, ci, co, z, P, celsius=t)
    E = nernst(ci, co, z, celsius=t)
    gE = ghk_slope_conductance(E, ci, co, z, P, celsius=t)
    lin = gE * (v - E)
    if args.plot:
        from .plotting import plot_iv

        plot_iv(
            v,
            {f"GHK {args.ion}": J, f"linear (slope at E = {E:+.1f} mV)": lin},
            args.plot,
            title=f"{args.ion}: [in] {ci:g} mM, [out] {co:g} mM, P {P:g} cm/s, {t:g} °C",
        )
        print(f"wrote {args.plot}", file=sys.stderr)
    if args.csv:
        rows = ["V_mV,J_ghk_uA_cm2,J_linear_uA_cm2"]
        rows += [f"{a:g},{b:.6g},{c:.6g}" for a, b, c in zip(v, J, lin)]
        _out(args, "\n".join(rows))
    else:
        lines = [
            f"GHK I–V of {args.ion} (z {z:+d}), E = {E:+.2f} mV, slope conductance at E "
            f"{gE:.4g} mS/cm²",
            f"{'V mV':>8} {'J_GHK µA/cm²':>14} {'J_linear µA/cm²':>16}",
        ]
        lines += [f"{a:8.1f} {b:14.5g} {c:16.5g}" for a, b, c in zip(v, J, lin)]
        _out(args, "\n".join(lines))
    return 0


def cmd_chapter(args: argparse.Namespace) -> int:
    from .chapter import chapter_numbers, chapter_table

    rows = chapter_numbers()
    if args.json:
        _out(args, json.dumps([r.to_dict() for r in rows], indent=2, ensure_ascii=False))
    else:
        _out(args, chapter_table(rows))
    return 0


def cmd_ions(args: argparse.Namespace) -> int:
    from .ions import ion_table

    df = ion_table()
    _out(args, df.to_csv() if args.csv else df.to_string())
    return 0


# ---- parser -------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="vrest", description="The ionic basis of the resting membrane potential.")
    p.add_argument("--version", action="version", version="vrest 0.1.0")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    r = sub.add_parser("rest", help="full rest analysis of a cell file (TOML)")
    r.add_argument("cell", help="cell file (TOML), e.g. examples/cells/chapter_neuron.toml")
    fmt = r.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON")
    fmt.add_argument("--csv", action="store_true", help="print the per-ion table as CSV")
    r.add_argument("--plot", metavar="FILE", help="draw E_i, V and the I–V curves (png/pdf/svg)")
    r.add_argument("--out", "-o", metavar="FILE", help="write the report to FILE (atomically)")
    r.add_argument("--celsius", help="re-solve at this temperature (°C) with the cell's Q10s")
    r.add_argument("--block", nargs="+", metavar="ION", help="block these ions' channels")
    r.add_argument("--no-pump", action="store_true", help="stop the pump")
    r.add_argument("--model", choices=("chord", "ghk"), help="primary membrane model")
    r.set_defaults(func=cmd_rest)

    n = sub.add_parser("nernst", help="Nernst potential of one ion")
    n.add_argument("ion", help="ion name (K, Na, Cl, Ca, ...) or any name with --z")
    n.add_argument("c_in", help="inside concentration (mM or with unit)")
    n.add_argument("c_out", help="outside concentration (mM or with unit)")
    n.add_argument("--z", type=int, help="valence (checked against the ion table)")
    n.add_argument("--celsius", default="37", help="temperature in °C (default 37)")
    n.add_argument("--json", action="store_true")
    n.set_defaults(func=cmd_nernst)

    g = sub.add_parser("ghk", help="GHK voltage of several ions")
    g.add_argument(
        "--ion",
        nargs=4,
        action="append",
        required=True,
        metavar=("NAME", "C_IN", "C_OUT", "P"),
        help="ion, mM, mM, cm/s (repeat)",
    )
    g.add_argument("--celsius", default="37", help="temperature in °C (default 37)")
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=cmd_ghk)

    iv = sub.add_parser("iv", help="GHK I–V curve of one ion (rectification)")
    iv.add_argument("ion")
    iv.add_argument("c_in")
    iv.add_argument("c_out")
    iv.add_argument("--z", type=int)
    iv.add_argument("--P", default="1e-6", help="permeability in cm/s (default 1e-6)")
    iv.add_argument("--celsius", default="37")
    iv.add_argument("--vmin", type=float, default=-120.0)
    iv.add_argument("--vmax", type=float, default=80.0)
    iv.add_argument("--step", type=float, default=10.0)
    iv.add_argument("--plot", metavar="FILE")
    iv.add_argument("--csv", action="store_true")
    iv.add_argument("--out", "-o", metavar="FILE")
    iv.set_defaults(func=cmd_iv)

    c = sub.add_parser("chapter", help="every number of the chapter's sections 1–7, ours beside")
    c.add_argument("--json", action="store_true")
    c.add_argument("--out", "-o", metavar="FILE")
    c.set_defaults(func=cmd_chapter)

    i = sub.add_parser("ions", help="the ion table with its sources")
    i.add_argument("--csv", action="store_true")
    i.add_argument("--out", "-o", metavar="FILE")
    i.set_defaults(func=cmd_ions)
    return p


_SHOWN: set[str] = set()


def _showwarning(message, category, filename, lineno, file=None, line=None):
    text = str(message)
    if text not in _SHOWN:  # one line per distinct warning
        _SHOWN.add(text)
        print(f"vrest: warning: {text}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``vrest`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    warnings.showwarning = _showwarning
    try:
        return args.func(args)
    except VrestError as exc:
        print(f"vrest: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"vrest: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
