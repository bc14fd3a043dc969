"""``vrest ljp PIPETTE.toml BATH.toml``: the liquid junction potential of two solution files.

    vrest ljp PIPETTE.toml BATH.toml [--method nernst-planck|henderson] [--celsius T]
              [--mobilities FILE.toml] [--json] [--out FILE]

Prints the LJP (bath relative to pipette, mV) and the correction rule V_m = V_measured − LJP.
Wired into :mod:`vrest.cli` by ``add_parser(sub)``.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``ljp`` subcommand to the subparsers object ``sub`` of vrest's parser."""
    from .cli import _Formatter

    text = "liquid junction potential between a pipette and a bath solution (TOML files)"
    p = sub.add_parser("ljp", help=text, description=text, formatter_class=_Formatter)
    p.add_argument("pipette", help='pipette solution: TOML with [solution] ion = "mM" entries')
    p.add_argument("bath", help="bath solution, same format (e.g. examples/solutions/acsf.toml)")
    p.add_argument(
        "--method", choices=("nernst-planck", "henderson"), default="nernst-planck",
        help="stationary Nernst–Planck (Planck junction) or Henderson's equation",
    )  # fmt: skip
    p.add_argument("--celsius", metavar="T", default="25",
                   help="temperature (°C, or with a unit: '298 K')")  # fmt: skip
    p.add_argument(
        "--mobilities", metavar="FILE",
        help="TOML of extra or replacement mobilities ([ions.X] z = .., lambda = λ° "
        "S cm²/mol per equivalent)",
    )  # fmt: skip
    p.add_argument("--json", action="store_true", help="print JSON instead of the text report")
    p.add_argument("--out", "-o", metavar="FILE", help="write the report to FILE, not stdout")
    p.set_defaults(func=cmd_ljp)
    return p


def cmd_ljp(args: argparse.Namespace) -> int:
    from .cli import _celsius, _check_outputs, _emit, _json
    from .ljp import ljp, load_mobilities, load_solution, solution_mobilities

    _check_outputs(args)
    pipette = load_solution(args.pipette)
    bath = load_solution(args.bath)
    mob: dict[str, Any] = {}
    for path in (args.pipette, args.bath):
        mob.update(solution_mobilities(path))
    if args.mobilities:
        mob.update(load_mobilities(args.mobilities))
    res = ljp(pipette, bath, celsius=_celsius(args.celsius), method=args.method,
              mobilities=mob or None)  # fmt: skip
    if args.json:
        text = _json(args, res.to_dict())
    else:
        text = res.table() + (
            f"\n\ncorrect: V_m = V_measured − ({res.value:+.2f} mV) = V_measured "
            f"{'−' if res.value >= 0 else '+'} {abs(res.value):.2f} mV"
        )
    _emit(args, text)
    return 0
