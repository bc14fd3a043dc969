"""``vrest fit``: fit fields of a cell to measured V_rest (see :mod:`vrest.fit`).

vrest fit CELL.toml DATA.csv --vary Na.P --vary Cl.P [--keep-sum Na.c_out=K.c_out]
          [--ljp 15mV] [--sigma 1mV] [--level 0.95] [--set FIELD=VALUE ...]
          [--plot fit.png] [--json] [--out FILE]
"""

from __future__ import annotations

import argparse
from typing import Any

from .errors import VrestInputError


def cmd_fit(args: argparse.Namespace) -> int:
    from .cli import _check_outputs, _emit, _json, _load_cell
    from .fit import fit_rest, load_data

    _check_outputs(args)
    if not args.vary:
        raise VrestInputError("--vary", None, "a field to fit, e.g. --vary Na.P (repeatable)")
    keep: dict[str, str] = {}
    for text in args.keep_sum or ():
        follower, sep, driver = text.partition("=")
        if not sep or not follower.strip() or not driver.strip():
            raise VrestInputError("--keep-sum", text, "FOLLOWER=DRIVER, e.g. Na.c_out=K.c_out")
        keep[follower.strip()] = driver.strip()
    cell = _load_cell(args)
    data = load_data(args.data)
    sigma: Any = None
    if args.sigma is not None:
        try:
            sigma = float(args.sigma)
        except ValueError:
            sigma = args.sigma
    res = fit_rest(
        cell, data, vary=args.vary, keep_sum=keep or None, ljp=_mv(args.ljp), sigma=sigma,
        level=args.level,
    )  # fmt: skip
    text = _json(args, res.to_dict()) if args.json else res.table()
    fig = res.plot(None) if args.plot else None
    _emit(args, text, fig)
    return 0


def _mv(text: str | None) -> Any:
    if text is None:
        return 0.0
    try:
        return float(text)
    except ValueError:
        return text  # "15mV", "0.015 V": converted (and checked) by fit_rest


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``fit`` subcommand to an argparse subparsers object."""
    from .cli import _Formatter

    help_ = "fit fields of a cell (permeabilities, conductances, pump current) to measured V_rest"
    f = sub.add_parser("fit", help=help_, description=help_, formatter_class=_Formatter)
    f.add_argument("cell", help="cell file (TOML) or preset name")
    f.add_argument(
        "data",
        help="CSV: a column per swept field by dotted name with its unit ('K.c_out [mM]'), "
        "V (mV) and optionally V_sd (mV)",
    )
    f.add_argument(
        "--vary", action="append", metavar="FIELD",
        help="a field to fit, e.g. Na.P (positive quantities in log space); repeatable",
    )  # fmt: skip
    f.add_argument("--keep-sum", action="append", metavar="FOLLOWER=DRIVER",
                   help="keep FOLLOWER + DRIVER constant, e.g. Na.c_out=K.c_out")  # fmt: skip
    f.add_argument(
        "--ljp",
        metavar="MV",
        help="liquid-junction potential subtracted from V (mV, or '15mV') (default: 0)",
    )
    f.add_argument(
        "--sigma",
        metavar="MV",
        help="σ of each V in mV (default: the V_sd column, else from the residuals)",
    )
    f.add_argument("--level", type=float, default=0.95,
                   help="confidence level of the profile-likelihood intervals")  # fmt: skip
    f.add_argument(
        "--set",
        action="append",
        metavar="FIELD=VALUE",
        help="change the cell first (e.g. a starting value: --set Cl.P=1e-6)",
    )
    f.add_argument("--plot", metavar="FILE", help="draw data, fit, residuals and profiles")
    f.add_argument("--out", "-o", metavar="FILE", help="write the report to FILE, not stdout")
    f.add_argument("--json", action="store_true", help="print JSON instead of the table")
    f.set_defaults(func=cmd_fit)
    return f
