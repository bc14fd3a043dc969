"""The ``vrest`` command line: a thin layer over the library.

    vrest rest CELL.toml [--json | --csv] [--plot FILE.png] [--out FILE] [--celsius T]
                         [--set FIELD=VALUE ...] [--block ION ...] [--no-pump]
                         [--model chord|ghk]
    vrest ness CELL.toml [--celsius T] [--set FIELD=VALUE ...] [--json] [--plot FILE]
    vrest rundown CELL.toml [--hours H] [--block-at S] [--plot FILE] [--csv | --json]
    vrest nernst ION C_IN C_OUT [--z Z] [--celsius T]
    vrest ghk --ion NAME C_IN C_OUT P [--ion ...] [--celsius T]
    vrest iv ION C_IN C_OUT [--P P] [--vmin --vmax --step] [--plot FILE.png] [--csv]
    vrest chapter [--json]
    vrest ions

Plain numbers are in mV, mM, pA, nS, cm/s and °C; values with units ("140 mM", "4e-6 cm/s")
are accepted too. Bad input gives a one-line error and exit code 2, never a traceback.

Files (``--out``, ``--plot``) are written only after everything is validated and computed, all
together and atomically (see :mod:`vrest._io`: read-only files are refused, symbolic links
followed, devices and FIFOs written in place, nothing left behind on failure or SIGTERM).
Output that cannot be encoded (``PYTHONIOENCODING=ascii``) is escaped, never an error; a closed
pipe (``vrest ions | head -c 10``) ends the program quietly with status 141 (as SIGPIPE would).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import warnings
from typing import Any

from .errors import VrestError, VrestInputError, VrestWarning

EXIT_USAGE = 2
#: Exit status after a closed output pipe: 128 + SIGPIPE, what a program killed by it reports.
EXIT_PIPE = 141
#: Exit status of an unexpected internal error (a bug: please report it).
EXIT_INTERNAL = 1
#: Most points of an I–V curve (``vrest iv``): 100 001 points is 1 µV steps over ±50 mV.
MAX_IV_POINTS = 100_001
#: Largest |V| of an I–V curve, mV: membranes break down (electroporation) well below 1 V.
MAX_IV_MV = 1000.0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(
            EXIT_USAGE,
            f"vrest: error: {message} (see 'vrest {self.prog.split()[-1]} -h')\n"
            if " " in self.prog
            else f"vrest: error: {message} (see 'vrest -h')\n",
        )


class _Formatter(argparse.HelpFormatter):
    """Help text with each option's default: "(default: 37)", "(default: off)" for a flag,
    "(default: none)" for an option that is unused unless given."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if (
            not action.option_strings
            or action.default is argparse.SUPPRESS
            or "(default" in text
            or "%(default)" in text
        ):
            return text
        if action.default is False:
            shown = "off"
        elif action.default is None:
            shown = "none"
        else:
            shown = "%(default)s"
        return f"{text} (default: {shown})"


def _num(text: str, field: str, kind: str) -> Any:
    from . import units

    try:
        return float(text)
    except ValueError:
        return units.to_working(text, field, kind)


def _celsius(text: str) -> float:
    """``--celsius``: a number in °C or a temperature with its unit ("310.15 K"), validated
    (absolute zero, the 1000 °C limit); the out-of-life-range warning is left to the library,
    which gives it once for the computation itself."""
    from . import units

    try:
        value: Any = float(text)
    except ValueError:
        value = text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", VrestWarning)
        return float(units.celsius(value, "--celsius"))


def _check_outputs(args: argparse.Namespace) -> None:
    """Reject a bad --plot or --out path (unknown figure format, directory, read-only file,
    disk device, unwritable directory...) before anything is computed; touches nothing."""
    from ._io import check_output

    if getattr(args, "plot", None):
        from .plotting import figure_format

        figure_format(args.plot, "--plot")
    for opt in ("plot", "out"):
        path = getattr(args, opt, None)
        if path is not None and not path.strip():
            from .errors import VrestInputError

            raise VrestInputError(f"--{opt}", path, "a file name")
        if path:
            check_output(path, f"--{opt}")


def _check_finite_result(d: Any, where: str = "") -> None:
    """Refuse to report an infinite number, or a NaN membrane potential (a silent wrong answer,
    and not even valid JSON): inputs so extreme (conductances near 1e308 nS...) that the
    arithmetic overflowed. Other NaNs mean "undefined" (the efficiency of a stopped pump)."""
    if isinstance(d, dict):
        for k, v in d.items():
            _check_finite_result(v, f"{where}.{k}" if where else str(k))
    elif isinstance(d, list | tuple):
        for k, v in enumerate(d):
            _check_finite_result(v, f"{where}[{k}]")
    elif isinstance(d, float) and (
        math.isinf(d) or (math.isnan(d) and where.rsplit(".", 1)[-1].startswith("V"))
    ):
        raise VrestInputError(
            "cell",
            f"result {where} = {d}",
            "conductances, permeabilities, currents and concentrations small enough for a "
            "finite result",
            "the arithmetic overflowed: are the units right?",
        )


def _figure_writer(fig: Any, path: str) -> Any:
    """A writer that renders ``fig`` into an open binary file the way
    :func:`vrest.plotting.save_figure` does (format from the extension, its dpi)."""
    from .plotting import FIGURE_DPI, figure_format

    fmt = figure_format(path, "--plot")
    return lambda f: fig.savefig(f, format=fmt, dpi=FIGURE_DPI, bbox_inches="tight")


def _emit(args: argparse.Namespace, text: str, fig: Any = None) -> None:
    """Write the figure (``--plot``) and the report (``--out``) together, atomically, once
    everything is computed; then print the report when it did not go to a file."""
    from ._io import write_files

    outputs: list[Any] = []
    if fig is not None:
        outputs.append((args.plot, _figure_writer(fig, args.plot), True, "--plot"))
    out = getattr(args, "out", None)
    if out:
        body = text if text.endswith("\n") else text + "\n"
        outputs.append((out, lambda f: f.write(body), False, "--out"))
    if outputs:
        try:
            write_files(outputs)
        except OSError as exc:  # e.g. a full disk: name the option and the path
            from .errors import VrestInputError

            names = " / ".join(f"{o[3]} {o[0]}" for o in outputs)
            raise VrestInputError(
                names, exc.strerror or str(exc), "a file that can be written", "nothing written"
            ) from None
    sys.stdout.flush()  # whatever stdout holds goes out before the stderr notes (merged streams)
    for path, *_ in outputs:
        print(f"wrote {path}", file=sys.stderr, flush=True)
    if not out:
        print(text)


def _stdout_unicode() -> bool:
    """Whether stdout can encode vrest's symbols (µ, −, ⁺, ²)."""
    try:
        "µ−⁺²₃Ω°—".encode(getattr(sys.stdout, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _json(args: argparse.Namespace, obj: Any, indent: int | None = 2) -> str:
    """JSON text: real symbols in files and on a Unicode terminal, \\u escapes otherwise."""
    ascii_only = not getattr(args, "out", None) and not _stdout_unicode()
    return json.dumps(obj, indent=indent, ensure_ascii=ascii_only)


def _load_cell(args: argparse.Namespace) -> Any:
    """The cell file (or preset name, :mod:`vrest.presets`) of ``args.cell`` with the ``--set``
    assignments applied (in order)."""
    from .fields import set_fields
    from .presets import load_preset

    return set_fields(load_preset(args.cell), getattr(args, "set", None))


# ---- commands -----------------------------------------------------------------------------
def cmd_rest(args: argparse.Namespace) -> int:
    from .rest import solve_rest

    _check_outputs(args)
    cell = _load_cell(args)
    if args.celsius is not None:
        cell = cell.at_celsius(_celsius(args.celsius))
    if args.block:
        cell = cell.block(*args.block)
    if args.no_pump:
        cell = cell.with_pump(None)
    if args.uncertainty == _FROM_CELL:  # --uncertainty alone: the cell file's ± values
        if not cell.uncertainty:
            raise VrestInputError(
                "--uncertainty", None,
                "SIGMAS (e.g. 'K.c_out=0.5mM,Na.g=10%') or ± values in the cell file "
                "(c_out = \"4 ± 0.5 mM\")",
            )  # fmt: skip
        args.uncertainty = ",".join(f"{k}={v}" for k, v in cell.uncertainty)
    res = solve_rest(cell, model=args.model)
    _check_finite_result(res.to_dict())
    if args.json and (args.explain or args.uncertainty):
        from dataclasses import replace as _replace

        from .explain import explain, uncertainty

        d = res.to_dict()
        if args.explain:
            d["explain"] = explain(_replace(res.cell, model=res.model)).to_dict()
        if args.uncertainty:
            d["uncertainty"] = uncertainty(_replace(res.cell, model=res.model),
                                           args.uncertainty).to_dict()  # fmt: skip
        text = _json(args, d)
    elif args.json:
        text = _json(args, res.to_dict())
    elif args.csv:
        text = res.to_csv()
    elif args.explain or args.uncertainty:
        from .explain import explain_text

        text = explain_text(res, args.uncertainty, explain=args.explain or not args.uncertainty)
    else:
        text = res.table()
    if args.measured is not None:
        text = _measured(args, cell, res, text)
    fig = res.plot(None) if args.plot else None  # drawn now, written with the report
    _emit(args, text, fig)
    return 0


#: ``--uncertainty`` given without a spec: use the cell file's ± values.
_FROM_CELL = "@cell"


def _measured(args: argparse.Namespace, cell: Any, res: Any, text: str) -> str:
    """``--measured``: the recorded V corrected for the junction potential (solutions from
    --pipette/--bath or the cell file's [solutions]) beside the model under the same
    conditions (--dialysis, --seal-leak)."""
    from .measure import compare, solutions_of

    sols = solutions_of(args.cell) if os.path.isfile(str(args.cell)) else {}
    pip = args.pipette or sols.get("pipette")
    bath = args.bath or sols.get("bath")
    seal = None
    if args.seal_leak is not None:
        seal = _num(args.seal_leak, "--seal-leak", "conductance")
    cmp = compare(
        cell, _num(args.measured, "--measured", "voltage"), pipette=pip, bath=bath,
        dialysis=args.dialysis, seal_leak=seal, model=args.model,
    )  # fmt: skip
    if args.json:
        d = json.loads(text)
        d["measured"] = cmp.to_dict()
        return _json(args, d)
    return text + "\n\n" + cmp.table()


def cmd_nernst(args: argparse.Namespace) -> int:
    from .ions import ION_TABLE, canonical_name, resolve_valence
    from .nernst import nernst

    z = resolve_valence(args.ion, args.z, "--z")
    ci = _num(args.c_in, "c_in", "concentration")
    co = _num(args.c_out, "c_out", "concentration")
    t = _celsius(args.celsius)
    E = nernst(ci, co, z, celsius=t)
    if not math.isfinite(E):  # pragma: no cover - nernst is finite for valid input
        raise VrestInputError("c_in/c_out", (ci, co), "concentrations with a finite ratio, mM")
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


#: Most ``--ion`` options of ``vrest ghk`` (a membrane has a handful of permeant ions).
MAX_GHK_IONS = 100


def _ion_args(items: list[list[str]]) -> tuple[dict, dict, dict]:
    from .ions import canonical_name

    if len(items) > MAX_GHK_IONS:
        raise VrestInputError("--ion", f"{len(items)} ions", f"at most {MAX_GHK_IONS} ions")
    P, ci, co = {}, {}, {}
    seen: dict[str, str] = {}
    for name, c_in, c_out, p in items:
        key = canonical_name(name) or name
        if key in seen:
            same = f"{seen[key]!r} and {name!r} are the same ion" if seen[key] != name else ""
            raise VrestInputError(
                "--ion", name, "each ion once", same or f"{name!r} is given twice"
            )
        seen[key] = name
        ci[name] = _num(c_in, f"--ion {name} c_in", "concentration")
        co[name] = _num(c_out, f"--ion {name} c_out", "concentration")
        P[name] = _num(p, f"--ion {name} P", "permeability")
    return P, ci, co


def _E_text(c_in: float, c_out: float, z: int, celsius: float) -> str:
    """An ion's Nernst potential for the ghk table; an ion absent on one side (allowed in GHK)
    has none (its E is ±∞), said in words."""
    from .nernst import nernst

    if c_in == 0 or c_out == 0:
        return "E     n/a (absent " + ("inside)" if c_in == 0 else "outside)")
    return f"E {nernst(c_in, c_out, z, celsius=celsius):+7.2f} mV"


def cmd_ghk(args: argparse.Namespace) -> int:
    from .ghk import ghk_voltage
    from .ions import resolve_valence

    P, ci, co = _ion_args(args.ion)
    t = _celsius(args.celsius)
    V = ghk_voltage(P, ci, co, celsius=t)
    if args.json:
        print(json.dumps({"celsius": t, "P": P, "c_in_mM": ci, "c_out_mM": co, "V_ghk_mV": V}))
        return 0
    lines = [
        f"{n:>5}: P {P[n]:<10g} [in] {ci[n]:<8g} [out] {co[n]:<8g} "
        + _E_text(ci[n], co[n], resolve_valence(n), t)
        for n in P
    ]
    lines.append(f"V_GHK = {V:+.2f} mV at {t:g} °C")
    print("\n".join(lines))
    return 0


def cmd_ness(args: argparse.Namespace) -> int:
    """The true NESS of a cell (concentrations, volume, V where every flux balances), and the
    rest analysis there."""
    from .dynamics import solve_ness
    from .rest import solve_rest

    _check_outputs(args)
    cell = _load_cell(args)
    if args.celsius is not None:
        cell = cell.at_celsius(_celsius(args.celsius))
    n = solve_ness(cell, args.model, constant_pump=args.constant_pump)
    res = solve_rest(n.cell, model=args.model)
    if args.json:
        text = _json(args, {"ness": n.to_dict(), "rest": res.to_dict()})
    else:
        lines = [
            f"the NESS of {cell.name or 'the cell'}: every ion's net flux zero "
            f"(largest relative change {n.max_rel_change_per_h:.1g} per hour)",
            f"  V {n.V:+.3f} mV; pump {n.i_pump:.4g} pA"
            + (f"; volume {n.volume_um3:.6g} µm³" if n.volume_um3 is not None else ""),
            "  [X]in: " + ", ".join(f"{k} {v:.5g} mM" for k, v in n.c_in.items()),
            "",
            res.table(),
        ]
        text = "\n".join(lines)
    _emit(args, text, res.plot() if args.plot else None)
    return 0


def _progress(t_done: float, t_end: float) -> None:
    """A one-line progress report on a terminal's stderr (rundown)."""
    frac = t_done / t_end if t_end else 1.0
    bar = "#" * round(20 * frac)
    end = "\n" if t_done >= t_end else ""
    print(f"\rvrest: [{bar:<20}] {100 * frac:3.0f}% of {t_end / 3600:g} h", end=end,
          file=sys.stderr, flush=True)  # fmt: skip


def cmd_rundown(args: argparse.Namespace) -> int:
    from .dynamics import atp_cut, block_and_recovery, k_out_step, protein_synthesis_block

    _check_outputs(args)
    cell = _load_cell(args)
    common = {"hours": args.hours, "log_s": args.log_s, "model": args.model, "start": args.start}
    if sys.stderr.isatty() and not args.no_progress:
        common["progress"] = _progress
    if args.scenario == "block-recovery":
        tc = block_and_recovery(cell, block_at_s=args.block_at, wash_at_s=args.wash_at, **common)
    elif args.scenario == "k-step":
        if args.k_out is None:
            from .errors import VrestInputError

            raise VrestInputError("--k-out", None, "the new [K]o in mM with --scenario k-step")
        k = _num(args.k_out, "--k-out", "concentration")
        tc = k_out_step(cell, k, at_s=args.block_at, **common)
    elif args.scenario == "protein-block":
        if args.half_life_h is None:
            from .errors import VrestInputError

            raise VrestInputError(
                "--half-life-h", None, "the pump protein's half-life in h (hours to days)"
            )
        tc = protein_synthesis_block(cell, args.half_life_h, at_s=args.block_at, **common)
    else:
        tc = atp_cut(cell, block_at_s=args.block_at, **common)
    if args.json:
        text = _json(args, tc.to_dict() if args.samples else tc.summary())
    elif args.csv:
        text = tc.to_csv().rstrip("\n")
    else:
        text = tc.table()
    fig = tc.plot(None, time_axis=args.time_axis) if args.plot else None
    _emit(args, text, fig)
    return 0


def _noise_progress(frac: float) -> None:
    """A one-line progress report on a terminal's stderr (noise, sweep): a fraction done."""
    bar = "#" * round(20 * frac)
    print(f"\rvrest: [{bar:<20}] {100 * frac:3.0f}%", end="\n" if frac >= 1 else "",
          file=sys.stderr, flush=True)  # fmt: skip


def cmd_noise(args: argparse.Namespace) -> int:
    from .noise import noise

    _check_outputs(args)
    cell = _load_cell(args)
    if args.celsius is not None:
        cell = cell.at_celsius(_celsius(args.celsius))

    def time_opt(text: str, opt: str) -> Any:  # "−5" (a Unicode minus) reads as "-5"
        return _num(text.replace("\u2212", "-"), opt, "time")

    kw: dict[str, Any] = {
        "cells": args.cells,
        "duration": time_opt(args.duration, "--duration"),
        "record_dt": time_opt(args.record_dt, "--record-dt"),
        "record": "summary" if args.summary else "trace",
        "seed": args.seed,
    }
    if args.dt is not None:
        kw["dt"] = time_opt(args.dt, "--dt")
    if args.burn is not None:
        kw["burn"] = time_opt(args.burn, "--burn")
    if sys.stderr.isatty() and not args.no_progress and args.method != "lna":
        kw["progress"] = _noise_progress
    if args.summary and args.plot:
        raise VrestInputError("--plot", args.plot, "no --summary (a figure needs the trace)")
    res = noise(cell, args.method, **kw)
    d = res.to_dict()
    _check_finite_result(d)
    text = _json(args, d) if args.json else res.table()
    fig = res.plot(None) if args.plot else None
    _emit(args, text, fig)
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from .sweep import sweep
    from .sweep.files import is_sweep_file, read_sweep_file
    from .sweep.spec import parse_vary

    if is_sweep_file(args.file):
        kw, run = read_sweep_file(args.file)
    else:
        if not args.vary:
            raise VrestInputError("--vary", None, "FIELD=RANGE with a cell file, e.g. "
                                  "--vary K.c_out=1:100:log:50 (or give a sweep file)")  # fmt: skip
        kw, run = {"cell": args.file, "vary": {}}, {}
    if args.vary:
        kw["vary"] = {**kw.get("vary", {}), **parse_vary(args.vary)}
    if args.set:
        from .cell import load_cell
        from .fields import set_fields

        kw["cell"] = set_fields(load_cell(kw["cell"]), args.set)
    for opt in ("analysis", "points", "seed"):
        if getattr(args, opt) is not None:
            kw[opt] = getattr(args, opt)
    if args.keep_sum:
        pairs = dict(x.partition("=")[::2] for x in args.keep_sum)
        kw["keep_sum"] = {k.strip(): v.strip() for k, v in pairs.items()}
    if args.option:
        from .fields import _value

        kw["options"] = {**(kw.get("options") or {}),
                         **{k.strip(): _value(v.strip()) for k, _, v in
                            (o.partition("=") for o in args.option)}}  # fmt: skip
    for opt in ("engine", "workers", "scheduler", "store", "out", "plot", "chunk_size", "var"):
        if getattr(args, opt, None) is not None:
            run[opt] = getattr(args, opt)
    out, plot = run.get("out"), run.get("plot")
    args.out, args.plot = None, plot  # the results file is written below, not as a report
    _check_outputs(args)
    store = run.get("store")
    if out and str(out).endswith(".zarr"):
        store = store or out
    elif out:
        from ._io import check_output

        if not str(out).endswith((".nc", ".csv")):
            raise VrestInputError("--out", out, "a file name ending in .zarr, .nc or .csv")
        check_output(out, "--out")
    progress = _noise_progress if sys.stderr.isatty() and not args.no_progress else None
    ds = sweep(
        **kw, engine=run.get("engine", "inprocess"), scheduler=run.get("scheduler"),
        workers=run.get("workers"), store=store, chunk_size=run.get("chunk_size"),
        progress=progress,
    )  # fmt: skip
    from .sweep.output import summary_text, write_results

    if out and not str(out).endswith(".zarr"):
        write_results(ds, out)
        print(f"wrote {out}", file=sys.stderr)
    fig = ds.vrest.plot(run.get("var")) if plot else None
    text = _json(args, summary_text(ds, as_dict=True)) if args.json else summary_text(ds)
    _emit(args, text, fig)
    return 0


def _scenario_args(tokens: list[str]) -> tuple[dict[str, str], dict[str, Any]]:
    """``--k_out 8mM --plot f.png KEY=VALUE --json`` → (scenario parameters, output options)."""
    params: dict[str, str] = {}
    opts: dict[str, Any] = {"json": False, "plot": None, "out": None}
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t == "--json":
            opts["json"] = True
        elif t.startswith("--"):
            key, eq, val = t[2:].partition("=")
            if not eq:
                if i + 1 >= len(tokens):
                    raise VrestInputError(t, None, f"a value after {t}")
                i += 1
                val = tokens[i]
            if key in ("plot", "out"):
                opts[key] = val
            else:
                params[key.replace("-", "_")] = val
        else:
            key, eq, val = t.partition("=")
            if not eq:
                raise VrestInputError("scenario", t, "--PARAM VALUE or PARAM=VALUE")
            params[key.strip()] = val.strip()
        i += 1
    return params, opts


def cmd_scenario(args: argparse.Namespace) -> int:
    from .scenarios import REGISTRY, run

    if not args.name or args.list:
        lines = ["scenarios (vrest scenario NAME [--PARAM VALUE ...] [--plot F] [--json]):"]
        for name in sorted(REGISTRY):
            sc = REGISTRY[name]
            lines.append(f"  {name:<16} {sc.summary}")
            for k, p in sc.params.items():
                unit = f" {p.unit}" if p.unit else ""
                lines.append(f"      --{k:<14} {p.help} (default {p.default}{unit})")
        print("\n".join(lines))
        return 0
    params, opts = _scenario_args(args.extra or [])
    args.plot, args.out = opts["plot"], opts["out"]
    _check_outputs(args)
    res = run(args.name, **{k: _value_or_text(v) for k, v in params.items()})
    text = _json(args, res.to_dict()) if opts["json"] else res.table()
    fig = res.plot(None) if args.plot else None
    _emit(args, text, fig)
    return 0


def _value_or_text(v: str) -> Any:
    try:
        return float(v)
    except ValueError:
        return v


def cmd_iv(args: argparse.Namespace) -> int:

    from .ghk import ghk_current_density, ghk_slope_conductance
    from .ions import resolve_valence
    from .nernst import nernst

    _check_outputs(args)
    z = resolve_valence(args.ion, args.z, "--z")
    ci = _num(args.c_in, "c_in", "concentration")
    co = _num(args.c_out, "c_out", "concentration")
    P = _num(args.P, "--P", "permeability")
    t = _celsius(args.celsius)
    v = _voltages(args.vmin, args.vmax, args.step)
    J = ghk_current_density(v, ci, co, z, P, celsius=t)
    E = nernst(ci, co, z, celsius=t)
    gE = ghk_slope_conductance(E, ci, co, z, P, celsius=t)
    lin = gE * (v - E)
    if args.csv:
        rows = ["V_mV,J_ghk_uA_cm2,J_linear_uA_cm2"]
        rows += [f"{a:g},{b:.6g},{c:.6g}" for a, b, c in zip(v, J, lin)]
        text = "\n".join(rows)
    else:
        lines = [
            f"GHK I–V of {args.ion} (z {z:+d}), E = {E:+.2f} mV, slope conductance at E "
            f"{gE:.4g} mS/cm²",
            f"{'V mV':>8} {'J_GHK µA/cm²':>14} {'J_linear µA/cm²':>16}",
        ]
        lines += [f"{a:8.1f} {b:14.5g} {c:16.5g}" for a, b, c in zip(v, J, lin)]
        text = "\n".join(lines)
    fig = None
    if args.plot:
        from .plotting import _sub, plot_iv

        fig = plot_iv(
            v,
            {f"GHK {args.ion}": J, f"linear (slope at E = {E:+.1f} mV)": lin},
            None,
            title=f"{args.ion}: [in] {ci:g} mM, [out] {co:g} mM, P {P:g} cm/s, {t:g} °C",
            E={_sub("E", args.ion): float(E)},
        )
    _emit(args, text, fig)
    return 0


def _voltages(vmin: float, vmax: float, step: float) -> Any:
    """The voltages of ``vrest iv``: vmin, vmin + step, ... up to vmax (mV), validated: finite,
    within ±:data:`MAX_IV_MV`, vmin < vmax, step > 0 and at most :data:`MAX_IV_POINTS` points."""
    import numpy as np

    fld = "--vmin/--vmax/--step"
    values = (vmin, vmax, step)
    if not all(math.isfinite(x) for x in values):
        raise VrestInputError(fld, values, "finite numbers in mV")
    if max(abs(vmin), abs(vmax)) > MAX_IV_MV:
        raise VrestInputError(
            fld,
            values,
            f"voltages within ±{MAX_IV_MV:g} mV",
            "membranes break down (electroporation) well below 1 V",
        )
    if not vmin < vmax or not step > 0:
        raise VrestInputError(fld, values, "vmin < vmax and step > 0, in mV")
    n = math.floor((vmax - vmin) / step * (1 + 1e-12)) + 1
    if n > MAX_IV_POINTS:
        raise VrestInputError(
            "--step",
            step,
            f"a step in mV giving at most {MAX_IV_POINTS} points from {vmin:g} to {vmax:g} mV "
            f"(at least {(vmax - vmin) / (MAX_IV_POINTS - 1):.3g} mV)",
            f"this step gives {n:.3g} points",
        )
    return vmin + step * np.arange(n)


def cmd_chapter(args: argparse.Namespace) -> int:
    from .chapter import chapter_numbers, chapter_table

    rows = chapter_numbers()
    if args.json:
        _emit(args, _json(args, [r.to_dict() for r in rows]))
    else:
        _emit(args, chapter_table(rows))
    return 0


def cmd_ions(args: argparse.Namespace) -> int:
    _emit(args, _ions_csv() if args.csv else _ions_text())
    return 0


def _ions_text() -> str:
    """The ion table with a numbered source beside every value (sources listed below it); a
    value the table does not give is "—" with its reason among the sources."""
    from .ions import COLUMNS, SOURCES, ion_rows

    rows = ion_rows()
    used = list(dict.fromkeys(r[f"{c}_source"] for r in rows for c in COLUMNS))
    num = {k: i + 1 for i, k in enumerate(used)}

    def cell(row: dict[str, Any], col: str) -> str:
        v = row[col]
        shown = "—" if v is None else f"{v:g}"
        return f"{shown} [{num[row[f'{col}_source']]}]"

    head = ["ion", "symbol", "z", *(COLUMNS[c][0] for c in COLUMNS)]
    body = [[r["name"], r["symbol"], f"{r['z']:+d}", *(cell(r, c) for c in COLUMNS)] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(head, *body)]
    lines = ["  ".join(x.ljust(w) for x, w in zip(line, widths)).rstrip() for line in [head]]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(x.ljust(w) for x, w in zip(line, widths)).rstrip() for line in body]
    lines.append("")
    lines.append("Sources:")
    lines += [f"[{num[k]}] {SOURCES[k]}" for k in used]
    return "\n".join(lines)


def _ions_csv() -> str:
    """The ion table as CSV: each value followed by its source (an empty value where the table
    gives none, with the reason as its source)."""
    import csv
    import io

    from .ions import COLUMNS, SOURCES, ion_rows

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "symbol", "z", *(x for c in COLUMNS for x in (c, f"{c}_source"))])
    for r in ion_rows():
        vals = [
            x for c in COLUMNS for x in ("" if r[c] is None else r[c], SOURCES[r[f"{c}_source"]])
        ]
        w.writerow([r["name"], r["symbol"], r["z"], *vals])
    return buf.getvalue().rstrip("\n")


# ---- parser -------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="vrest",
        description="The ionic basis of the resting membrane potential.",
        formatter_class=_Formatter,
    )
    p.add_argument("--version", action="version", version="vrest 0.1.0")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def add(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=help, formatter_class=_Formatter)

    r = add("rest", "full rest analysis of a cell file (TOML)")
    r.add_argument("cell", help="cell file (TOML), e.g. examples/cells/chapter_neuron.toml")
    fmt = r.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON instead of the text report")
    fmt.add_argument(
        "--csv", action="store_true", help="print CSV: whole-cell numbers, then the per-ion table"
    )
    r.add_argument(
        "--plot", metavar="FILE", help="draw E_i, V and the I–V curves to FILE (png/pdf/svg...)"
    )
    r.add_argument("--measured", metavar="V",
                   help="a recorded V (mV or '-68mV'), corrected for the liquid junction "
                   "potential and compared with the model")  # fmt: skip
    r.add_argument(
        "--pipette", metavar="FILE", help="pipette solution (default: the file's [solutions])"
    )
    r.add_argument("--bath", metavar="FILE", help="bath solution (default: the file's [solutions])")
    r.add_argument(
        "--dialysis", action="store_true", help="the cell's inside becomes the pipette solution"
    )
    r.add_argument("--seal-leak", metavar="G",
                   help="with --measured: a seal conductance to 0 mV (nS or '0.5 nS')")  # fmt: skip
    r.add_argument(
        "--explain", action="store_true",
        help="each ion's and transporter's share of V (g_i/G·E_i, −I/G) and the sensitivities "
        "dV/dθ of every input",
    )  # fmt: skip
    r.add_argument(
        "--uncertainty", metavar="SPEC", nargs="?", const=_FROM_CELL,
        help="propagate input σ's to V, E_i and dissipation (linear and Monte Carlo), e.g. "
        "'K.c_out=0.5mM,Na.g=10%%,Cl.c_in=10±3mM'; alone: the cell file's ± values",
    )  # fmt: skip
    r.add_argument(
        "--out", "-o", metavar="FILE", help="write the report to FILE (atomically), not stdout"
    )
    r.add_argument(
        "--celsius",
        metavar="T",
        help="move the cell to this temperature (°C, or with a unit: '310 K'): leaks scaled by "
        "q10_leak and the pump's turnover by pump.q10 from the temperature the cell was "
        "described at (default: the cell file's temperature)",
    )
    r.add_argument(
        "--set",
        action="append",
        metavar="FIELD=VALUE",
        help="change one cell field by dotted name, e.g. --set K.c_out=8mM --set Cl.g=0; "
        "applied in this order: --set, --celsius, --block, --no-pump "
        "(repeatable; units as in cell files; fields: celsius, radius, q10_leak, ION.c_in, "
        "ION.c_out, ION.g, ION.P, pump.mode, pump.i_pump, pump.q10, pump=none ...)",
    )
    r.add_argument("--block", nargs="+", metavar="ION", help="block these ions' channels")
    r.add_argument("--no-pump", action="store_true", help="stop the pump")
    r.add_argument(
        "--model",
        choices=("chord", "ghk"),
        help="primary membrane model (default: ghk when any ion is given by a permeability P, "
        "else chord)",
    )
    r.set_defaults(func=cmd_rest)

    n = add("nernst", "Nernst potential of one ion")
    n.add_argument("ion", help="ion name (K, Na, Cl, Ca, ...) or any name with --z")
    n.add_argument("c_in", help="inside concentration (mM, or with a unit: '140 mM')")
    n.add_argument("c_out", help="outside concentration (mM, or with a unit: '4 mM')")
    n.add_argument(
        "--z", type=int, help="valence (checked against the ion table; needed for other ions)"
    )
    n.add_argument("--celsius", default="37", metavar="T", help="temperature in °C (or '310 K')")
    n.add_argument("--json", action="store_true", help="print JSON")
    n.set_defaults(func=cmd_nernst)

    g = add("ghk", "GHK voltage of several ions")
    g.add_argument(
        "--ion",
        nargs=4,
        action="append",
        required=True,
        metavar=("NAME", "C_IN", "C_OUT", "P"),
        help="one permeant ion: name, inside and outside concentration (mM) and permeability "
        "(cm/s; only ratios matter); repeat for each ion (required)",
    )
    g.add_argument("--celsius", default="37", metavar="T", help="temperature in °C (or '310 K')")
    g.add_argument("--json", action="store_true", help="print JSON")
    g.set_defaults(func=cmd_ghk)

    iv = add("iv", "GHK I–V curve of one ion (rectification)")
    iv.add_argument("ion", help="ion name (K, Na, Cl, Ca, ...) or any name with --z")
    iv.add_argument("c_in", help="inside concentration (mM, or with a unit)")
    iv.add_argument("c_out", help="outside concentration (mM, or with a unit)")
    iv.add_argument("--z", type=int, help="valence (checked against the ion table)")
    iv.add_argument("--P", default="1e-6", help="permeability in cm/s")
    iv.add_argument("--celsius", default="37", metavar="T", help="temperature in °C (or '310 K')")
    iv.add_argument("--vmin", type=float, default=-120.0, help="first voltage, mV")
    iv.add_argument("--vmax", type=float, default=80.0, help="last voltage, mV")
    iv.add_argument(
        "--step",
        type=float,
        default=10.0,
        help=f"voltage step, mV (at most {MAX_IV_POINTS} points)",
    )
    iv.add_argument("--plot", metavar="FILE", help="draw the curves to FILE (png/pdf/svg...)")
    iv.add_argument("--csv", action="store_true", help="print CSV instead of a text table")
    iv.add_argument(
        "--out", "-o", metavar="FILE", help="write the table to FILE (atomically), not stdout"
    )
    iv.set_defaults(func=cmd_iv)

    c = add("chapter", "every number of the chapter's sections 1–7, ours beside")
    c.add_argument("--json", action="store_true", help="print JSON")
    c.add_argument(
        "--out", "-o", metavar="FILE", help="write the table to FILE (atomically), not stdout"
    )
    c.set_defaults(func=cmd_chapter)

    i = add("ions", "the ion table with the source of every value")
    i.add_argument("--csv", action="store_true", help="print CSV")
    i.add_argument(
        "--out", "-o", metavar="FILE", help="write the table to FILE (atomically), not stdout"
    )
    i.set_defaults(func=cmd_ions)
    d = add("rundown", "time course of a cell when its pump stops (ATP cut): V and [X]in")
    d.add_argument("cell", help="cell file (TOML), e.g. examples/cells/chapter_neuron.toml")
    d.add_argument(
        "--scenario", choices=("atp-cut", "block-recovery", "k-step", "protein-block"),
        default="atp-cut",
        help="what is done to the cell: atp-cut (the pump stops at --block-at and stays off), "
        "block-recovery (ouabain in at --block-at, out at --wash-at), k-step ([K]o steps to "
        "--k-out at --block-at), protein-block (no new pump protein from --block-at: the pump "
        "decays with --half-life-h)",
    )  # fmt: skip
    d.add_argument("--half-life-h", type=float, metavar="H",
                   help="protein-block: the pump protein's half-life (h)")  # fmt: skip
    d.add_argument("--wash-at", type=float, default=600.0, metavar="S",
                   help="block-recovery: pump restored (s)")  # fmt: skip
    d.add_argument("--k-out", metavar="MM", help="k-step: the new [K]o (mM or with a unit)")
    d.add_argument("--hours", type=float, default=3.0, help="length of the run (h)")
    d.add_argument(
        "--block-at", type=float, default=10.0, metavar="S",
        help="time of the block, or of the [K]o step (s)",
    )  # fmt: skip
    d.add_argument("--log-s", type=float, default=1.0, metavar="S", help="sampling interval (s)")
    dfmt = d.add_mutually_exclusive_group()
    dfmt.add_argument("--json", action="store_true", help="print JSON (the summary)")
    dfmt.add_argument("--csv", action="store_true", help="print CSV: one row per sample")
    d.add_argument("--samples", action="store_true", help="with --json: every sample too")
    d.add_argument("--plot", metavar="FILE", help="draw V and [X]in against time to FILE")
    d.add_argument(
        "--time-axis", choices=("log", "linear"), default="log", help="time axis of --plot"
    )
    d.add_argument(
        "--out", "-o", metavar="FILE", help="write the report to FILE (atomically), not stdout"
    )
    d.add_argument(
        "--set", action="append", metavar="FIELD=VALUE",
        help="change one cell field by dotted name first, e.g. --set K.c_out=8mM",
    )  # fmt: skip
    d.add_argument("--model", choices=("chord", "ghk"), help="leak model (default: the cell's)")
    d.add_argument(
        "--no-progress", action="store_true",
        help="no progress bar on the terminal (it is shown only when stderr is a terminal)",
    )  # fmt: skip
    d.add_argument(
        "--start", choices=("rest", "ness"), default="rest",
        help="start at the rest solution (the cell's concentrations; they may drift) or at the "
        "true NESS (concentrations and volume where every flux balances; needs a kinetic pump "
        "or none)",
    )  # fmt: skip
    d.set_defaults(func=cmd_rundown)
    e = add(
        "ness", "the true NESS of a cell: the concentrations (and volume) where every flux balances"
    )
    e.add_argument("cell", help="cell file (TOML) with a kinetic pump (or none)")
    e.add_argument(
        "--set", action="append", metavar="FIELD=VALUE",
        help="change one cell field by dotted name first, e.g. --set pump.i_max=500pA",
    )  # fmt: skip
    e.add_argument("--celsius", metavar="T", help="move the cell to T (°C) first (Q10s applied)")
    e.add_argument("--model", choices=("chord", "ghk"), help="leak model (default: the cell's)")
    e.add_argument(
        "--constant-pump", action="store_true",
        help="accept a fixed or balance pump (a constant rate: a NESS may not exist)",
    )  # fmt: skip
    efmt = e.add_mutually_exclusive_group()
    efmt.add_argument("--json", action="store_true", help="print JSON")
    e.add_argument("--plot", metavar="FILE", help="draw the rest figure at the NESS to FILE")
    e.add_argument("--out", "-o", metavar="FILE", help="write the report to FILE, not stdout")
    e.set_defaults(func=cmd_ness)
    n = add(
        "noise",
        "membrane-potential noise from stochastic channels: exact, Langevin or linear-noise",
    )
    n.add_argument(
        "cell", help="cell file (TOML) with counted [[channel]] populations (count, gamma)"
    )
    n.add_argument(
        "--method", choices=("exact", "langevin", "lna"), default="exact",
        help="exact: channel by channel, no time step; langevin: the diffusion approximation "
        "(Euler–Maruyama; for ≳1000 channels); lna: the linear-noise approximation (analytic)",
    )  # fmt: skip
    n.add_argument("--cells", type=int, default=1, help="independent cells simulated together")
    n.add_argument("--duration", default="1000", metavar="T",
                   help="simulated time including --burn (ms, or with a unit: 1s)")  # fmt: skip
    n.add_argument(
        "--burn", metavar="T", help="time not recorded first (ms; default 10 × slowest relaxation)"
    )
    n.add_argument(
        "--dt", metavar="T", help="Langevin time step (ms; default from the fastest rate)"
    )
    n.add_argument("--record-dt", default="0.1", metavar="T",
                   help="time between recorded samples of V (ms)")  # fmt: skip
    n.add_argument(
        "--summary", action="store_true", help="keep sums of V only (long runs: no trace or plot)"
    )
    n.add_argument("--seed", type=int, default=None,
                   help="random seed (default: fresh; the seed used is reported)")  # fmt: skip
    n.add_argument("--celsius", metavar="T", help="move the cell to T (°C) first (Q10s applied)")
    n.add_argument(
        "--set", action="append", metavar="FIELD=VALUE",
        help="change one cell field by dotted name first, e.g. --set K2.count=200",
    )  # fmt: skip
    n.add_argument("--json", action="store_true", help="print JSON (σ_V, its error, the LNA, ...)")
    n.add_argument("--plot", metavar="FILE", help="draw trace, histogram and PSD to FILE")
    n.add_argument("--out", "-o", metavar="FILE", help="write the report to FILE, not stdout")
    n.add_argument(
        "--no-progress", action="store_true",
        help="no progress bar on the terminal (it is shown only when stderr is a terminal)",
    )  # fmt: skip
    n.set_defaults(func=cmd_noise)
    w = add("sweep", "vary fields of a cell over a grid or list and run an analysis at each point")
    w.add_argument("file", help="a sweep file (TOML with [vary]) or a cell file with --vary")
    w.add_argument(
        "--vary", action="append", metavar="FIELD=VALUES",
        help="a varied field: FIELD=START:STOP:N, FIELD=START:STOP:log:N or FIELD=V1,V2,… "
        "(also model=chord,ghk and cell=a.toml,b.toml); repeatable",
    )  # fmt: skip
    w.add_argument("--keep-sum", action="append", metavar="FOLLOWER=DRIVER",
                   help="keep FOLLOWER + DRIVER constant, e.g. Na.c_out=K.c_out")  # fmt: skip
    w.add_argument("--analysis", choices=("rest", "ness", "noise", "rundown"),
                   help="what each point runs (default rest)")  # fmt: skip
    w.add_argument("--points", choices=("grid", "list"),
                   help="grid: every combination; list: axes zipped (default grid)")  # fmt: skip
    w.add_argument("--option", action="append", metavar="KEY=VALUE",
                   help="an option of the analysis, e.g. method=exact (noise)")  # fmt: skip
    w.add_argument("--seed", type=int, help="master seed (noise: one seed per point from it)")
    w.add_argument("--set", action="append", metavar="FIELD=VALUE",
                   help="change the base cell first, by dotted name")  # fmt: skip
    w.add_argument("--engine", choices=("inprocess", "dask"),
                   help="in this process, or on dask.distributed (default inprocess)")  # fmt: skip
    w.add_argument("--workers", type=int, help="dask: local worker processes (default: cores)")
    w.add_argument("--scheduler", metavar="ADDRESS",
                   help="dask: an existing scheduler, e.g. tcp://127.0.0.1:8786")  # fmt: skip
    w.add_argument("--store", metavar="DIR.zarr",
                   help="Zarr store written chunk by chunk; rerun to resume")  # fmt: skip
    w.add_argument("--chunk-size", type=int, help="points per task (default: from the size)")
    w.add_argument("--out", "-o", metavar="FILE",
                   help="results: .zarr (the store), .nc (netCDF) or .csv")  # fmt: skip
    w.add_argument("--plot", metavar="FILE", help="draw the sweep to FILE (png/pdf/svg...)")
    w.add_argument("--var", help="the result field to plot (default V, or the first)")
    w.add_argument("--json", action="store_true", help="print a JSON summary")
    w.add_argument(
        "--no-progress", action="store_true",
        help="no progress bar on the terminal (it is shown only when stderr is a terminal)",
    )  # fmt: skip
    w.set_defaults(func=cmd_sweep)
    sc = add("scenario", "run a named scenario (applications, run-down experiments); no name: list")
    sc.add_argument("--list", action="store_true", help="list the scenarios and their parameters")
    sc.add_argument("name", nargs="?", help="the scenario (omit to list them all)")
    sc.add_argument(
        "extra", nargs=argparse.REMAINDER,
        help="--PARAM VALUE (or PARAM=VALUE) for the scenario's parameters, --plot FILE, "
        "--out FILE, --json",
    )  # fmt: skip
    sc.set_defaults(func=cmd_scenario)
    from .cli_ljp import add_parser as _add_ljp

    _add_ljp(sub)
    from .cli_fit import add_parser as _add_fit

    _add_fit(sub)
    from .cli_explore import add_parser as _add_explore

    _add_explore(sub)
    return p


_SHOWN: set[str] = set()


def _showwarning(message, category, filename, lineno, file=None, line=None):
    if issubclass(category, RuntimeWarning):  # numpy float errors: results are checked instead
        return
    text = " ".join(str(message).split())
    if text not in _SHOWN:  # one line per distinct warning
        _SHOWN.add(text)
        print(f"vrest: warning: {text}", file=sys.stderr)


def _safe_streams() -> None:
    """Escape what the output encoding cannot show (PYTHONIOENCODING=ascii, a C locale) instead
    of failing on µ, −, ⁺: e.g. "µ" becomes "\\xb5"."""
    for stream in (sys.stdout, sys.stderr):
        try:
            "µ−⁺²₃Ω°—".encode(getattr(stream, "encoding", None) or "ascii")
        except (UnicodeEncodeError, LookupError):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (AttributeError, ValueError, OSError):
                pass


def _quiet_stdout() -> None:
    """After a closed pipe: point stdout at /dev/null so that the interpreter's final flush
    does not fail again (the recipe of the Python docs, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _error(text: str) -> None:
    try:
        print(f"vrest: error: {' '.join(text.split())}", file=sys.stderr)
    except (OSError, ValueError):
        pass


#: Options whose value may be a negative quantity with a unit ("-68mV"), which argparse would
#: otherwise take for an option.
_SIGNED = ("--measured", "--celsius", "--ljp", "--k-out")


def _join_negative(argv: list[str]) -> list[str]:
    """``["--measured", "-68mV"]`` → ``["--measured=-68mV"]`` (a value that starts with a minus
    and a digit), so that a negative voltage can follow its option as users write it."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        nxt = argv[i + 1] if i + 1 < len(argv) else ""
        if a in _SIGNED and len(nxt) > 1 and nxt[0] in "-−" and (nxt[1].isdigit() or nxt[1] == "."):
            out.append(f"{a}={nxt}")
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``vrest`` command; returns the exit code."""
    _safe_streams()
    try:
        args = build_parser().parse_args(_join_negative(sys.argv[1:] if argv is None else argv))
        warnings.showwarning = _showwarning
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows up here, inside the handlers below
        return code
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PIPE
    except VrestError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except OSError as exc:
        _error(f"{exc.filename or ''}: {exc.strerror or exc}" if exc.filename else str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Warning as exc:  # a VrestWarning turned into an error (python -W error)
        _error(str(exc))
        return EXIT_USAGE
    except RecursionError:
        _error("input nested too deeply")
        return EXIT_USAGE
    except Exception as exc:  # a bug: still one line, never a traceback
        _error(f"internal error ({type(exc).__name__}: {exc}); please report it")
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
