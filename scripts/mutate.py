#!/usr/bin/env python3
"""A small mutation check of vrest's test suite, run on demand (not in CI, not collected by pytest).

Each entry of MUTATIONS plants one realistic single-spot bug in src/vrest (a wrong unit factor, a
dropped valence, a flipped sign, a loosened tolerance ...). For each one this script copies a
snapshot of the working tree (src/, tests/, examples/, README.md, pyproject.toml ...) into a
temporary directory, applies the mutation there, and runs the test suite on the copy with
``PYTHONPATH`` pointing at the copied src/. The working tree itself is never modified, so it is
safe to run while others edit it. A mutation is

* **killed** when some test fails (good: the suite notices the bug),
* **survived** when the whole suite passes (a hole in the tests: add a test that pins it),
* **timeout** when the run exceeds ``--timeout`` (counted as killed, reported separately),
* **stale** when its exact old text is no longer in the file (the source moved on: update the
  entry), or **ambiguous** when the old text occurs more than once (make it unique).

First the unmutated snapshot is run once (the baseline); tests that already fail there are
deselected in the mutation runs, so a half-finished edit elsewhere does not "kill" everything.
tests/test_style.py (ruff) is not run on mutants: a lint complaint is not a behavioural check.

Usage (from the repository root, with the project's venv)::

    .venv/bin/python scripts/mutate.py               # all mutations, 2 at a time, report only
    .venv/bin/python scripts/mutate.py --list        # show the mutations and whether they apply
    .venv/bin/python scripts/mutate.py --only ghk    # those whose file or text mentions "ghk"
    .venv/bin/python scripts/mutate.py --strict      # exit 1 if any mutation survives or is stale
    .venv/bin/python scripts/mutate.py --jobs 1 --timeout 300
    .venv/bin/python scripts/mutate.py --tests tests/test_pin_scales.py   # one file's kills

The exit code is 0 (a report) unless ``--strict``. A full run takes 5–10 minutes on 2 cores.
See docs/testing.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: What a test run needs from the working tree (copied into each sandbox).
COPY = ["src", "tests", "examples", "README.md", "pyproject.toml", ".ci", "scripts", "docs"]
IGNORE = shutil.ignore_patterns(
    "__pycache__", "*.pyc", ".hypothesis", ".pytest_cache", "*.egg-info", "*.png", "*.svg"
)
PYTEST = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-seed=0"]
MAX_JOBS = 2


@dataclass(frozen=True)
class Mutation:
    file: str  # path under src/vrest
    old: str  # exact text, which must occur exactly once in the file
    new: str
    what: str  # the bug, in words


M = Mutation
MUTATIONS: list[Mutation] = [
    # ---- ghk.py ------------------------------------------------------------------------------
    M("ghk.py", "UA_CM2_UM2_TO_PA = 1e-2", "UA_CM2_UM2_TO_PA = 1e-1",
      "GHK current µA/cm² × µm² → pA factor 10× too large"),
    M("ghk.py", "MS_CM2_UM2_TO_NS = 1e-2", "MS_CM2_UM2_TO_NS = 1e-3",
      "mS/cm² × µm² → nS factor 10× too small"),
    M("ghk.py", "    out = z * F * fac * num", "    out = F * fac * num",
      "GHK current kernel: z² → z (valence dropped once)"),
    M("ghk.py", "return z * F * (x / math.expm1(x)) * (c_in * math.exp(x) - c_out)",
      "return F * (x / math.expm1(x)) * (c_in * math.exp(x) - c_out)",
      "scalar GHK kernel, V < 0 branch: z² → z"),
    M("ghk.py", "        z\n        * z\n        * F\n", "        z\n        * F\n",
      "GHK slope conductance at E: z² → z"),
    M("ghk.py", "    return (jp - jm) / (2 * h)", "    return (jp - jm) / h",
      "ghk_slope_conductance: central difference divided by h, not 2h"),
    M("ghk.py", "qa, qc = qa + 4 * p * ci, qc - 4 * p * co",
      "qa, qc = qa + 2 * p * ci, qc - 2 * p * co",
      "GHK voltage quadratic: divalent weight 4 → 2"),
    M("ghk.py", "x = np.asarray(z * V * (1e-3 * F / R) / (celsius + ZERO_CELSIUS), dtype=float)",
      "x = np.asarray(z * V * (1e-3 * F / R) / (celsius + 273.0), dtype=float)",
      "GHK kernel: 0 °C = 273.0 K"),
    # ---- nernst.py ---------------------------------------------------------------------------
    M("nernst.py", "(celsius + ZERO_CELSIUS) / z * _log_ratio(c_out, c_in)",
      "(celsius + ZERO_CELSIUS) * _log_ratio(c_out, c_in)",
      "Nernst: valence dropped"),
    M("nernst.py", "(celsius + ZERO_CELSIUS) / z * _log_ratio(c_out, c_in)",
      "(celsius + ZERO_CELSIUS) / z * _log_ratio(c_in, c_out)",
      "Nernst: concentrations swapped (sign flip)"),
    M("nernst.py", "return z * F * (V - _nernst(c_in, c_out, z, celsius)) * 1e-6",
      "return z * F * (V - _nernst(c_in, c_out, z, celsius)) * 1e-3",
      "Δμ̃: J/mol·mV → kJ/mol factor 1e-3 instead of 1e-6"),
    # ---- chord.py ----------------------------------------------------------------------------
    M("chord.py", "v = ((gv * ev).sum(axis=-1) - ip) / G", "v = ((gv * ev).sum(axis=-1) + ip) / G",
      "chord voltage: pump current sign flipped"),
    M("chord.py", "cur = gv * (v - ev)", "cur = gv * (ev - v)",
      "chord currents: driving force E − V"),
    # ---- pump.py -----------------------------------------------------------------------------
    M("pump.py", '"K": -n_k * i_pump / q}', '"K": n_k * i_pump / q}',
      "pump K⁺ share outward instead of inward"),
    M("pump.py", "return 0.0 if q == 0 else i_pump * 1e-12 / (q * E_CHARGE)",
      "return 0.0 if q == 0 else i_pump * 1e-9 / (q * E_CHARGE)",
      "pump cycle rate: pA taken as nA"),
    M("pump.py", "    return -ip / G\n", "    return ip / G\n",
      "pump contribution −I/G → +I/G"),
    M("pump.py", "(rr * pk * ko + pna * nao) / (rr * pk * ki + pna * nai)",
      "(pk * ko + rr * pna * nao) / (pk * ki + rr * pna * nai)",
      "Mullins–Noda: coupling ratio on the wrong ion"),
    # ---- energetics.py -----------------------------------------------------------------------
    M("energetics.py", "PA_MV_TO_W = 1e-15", "PA_MV_TO_W = 1e-12",
      "pA·mV → W factor 1e-12"),
    M("energetics.py", "return n_na * (E_na - V) + n_k * (V - E_k)",
      "return n_na * (V - E_na) + n_k * (V - E_k)",
      "pump work per cycle: Na⁺ term sign flipped"),
    M("energetics.py", "return _scalar_out(p / kelvin(t))", "return _scalar_out(p / t)",
      "entropy production P/T with T in °C"),
    M("energetics.py", "rt = R * kelvin(t) * 1e-3  # kJ/mol", "rt = R * t * 1e-3  # kJ/mol",
      "ΔG_ATP: RT with T in °C"),
    M("energetics.py", "atp = -i_na * 1e-12 / (nn * E_CHARGE)", "atp = -i_na * 1e-12 / E_CHARGE",
      "Attwell–Laughlin ATP/s: n_na dropped"),
    M("energetics.py", "q = cap * 1e-12 * dv * 1e-3", "q = cap * 1e-12 * dv",
      "charge for a voltage step: mV taken as V"),
    # ---- temperature.py ----------------------------------------------------------------------
    M("temperature.py", "f = np.power(q, (np.asarray(t) - t0) / 10.0)",
      "f = np.power(q, (t0 - np.asarray(t)) / 10.0)",
      "Q10 factor inverted (T0 − T)"),
    # ---- selectivity.py ----------------------------------------------------------------------
    M("selectivity.py", "ratio = np.exp(dg / _rt_kj(t))", "ratio = np.exp(-dg / _rt_kj(t))",
      "P ratio from ΔΔG: sign of the exponent"),
    M("selectivity.py", "return 1e-3 * R * (celsius + ZERO_CELSIUS)",
      "return 1e-3 * R * celsius", "RT in kJ/mol with T in °C"),
    M("selectivity.py", "ratio = -j_ref / j_test", "ratio = -j_test / j_ref",
      "bi-ionic permeability ratio inverted"),
    # ---- donnan.py ---------------------------------------------------------------------------
    M("donnan.py", "return 1e-3 * delta_c * R * (celsius + ZERO_CELSIUS)",
      "return delta_c * R * (celsius + ZERO_CELSIUS)", "osmotic pressure Pa instead of kPa"),
    M("donnan.py", "V = -rtf * math.log(r)", "V = rtf * math.log(r)",
      "Donnan potential sign"),
    M("donnan.py", "s = math.sqrt(q * q + 4.0 * cations * anions)",
      "s = math.sqrt(q * q + 2.0 * cations * anions)", "Donnan quadratic discriminant 4 → 2"),
    # ---- cell.py -----------------------------------------------------------------------------
    M("cell.py", "return 4.0 * math.pi * self.radius**2", "return 2.0 * math.pi * self.radius**2",
      "sphere area 2πr²"),
    M("cell.py", "return 4.0 / 3.0 * math.pi * self.radius**3", "return math.pi * self.radius**3",
      "sphere volume πr³"),
    M("cell.py", "return 2.0 * math.pi * self.radius * self.length",
      "return math.pi * self.radius * self.length", "cylinder area πrL"),
    M("cell.py", "self.specific_capacitance * a * 1e-2", "self.specific_capacitance * a * 1e-3",
      "capacitance µF/cm² × µm² → pF factor 1e-3"),
    # ---- membrane.py (the cell's currents and steady V) --------------------------------------
    M("membrane.py", "f = _q10_factor(cell.q10_leak, T, cell.reference_celsius)",
      "f = _q10_factor(cell.q10_leak, cell.reference_celsius, T)",
      "leak Q10 applied the wrong way"),
    M("membrane.py", "g=np.array([i.g for i in ions], dtype=float) * f,",
      "g=np.array([i.g for i in ions], dtype=float),",
      "leak Q10 not applied to the chord conductances"),
    M("membrane.py", "PA=np.array([i.P for i in ions], dtype=float) * (area or 1.0) * f,",
      "PA=np.array([i.P for i in ions], dtype=float) * (area or 1.0),",
      "leak Q10 not applied to the GHK permeabilities"),
    M("membrane.py",
      'if model == "chord":\n            return float(np.sum(self.g))\n        h = 1e-3',
      'if True:\n            return float(np.sum(self.g))\n        h = 1e-3',
      "GHK input conductance G_total = Σg instead of the slope at V"),
    M("membrane.py", "V = (S - k * self.E[j]) / (G - k)", "V = (S - k * self.E[j]) / (G + k)",
      "balance pump (chord): sign in the denominator"),
    M("membrane.py", "f = _q10_factor(p.q10, cell.celsius, cell.reference_celsius)",
      "f = _q10_factor(cell.q10_leak, cell.celsius, cell.reference_celsius)",
      "pump turnover scaled with the leak Q10"),
    # ---- rest.py -----------------------------------------------------------------------------
    M("rest.py", "flux=I * 1e-12 / (z * F),", "flux=I * 1e-12 / F,",
      "molar flux I/F: valence dropped (Cl⁻ efflux reported as influx)"),
    M("rest.py", "net_flux=net * 1e-12 / (z * F),", "net_flux=net * 1e-12 / F,",
      "net molar flux: valence dropped"),
    M("rest.py", "atp = rate * abs(dG) * 1e3 / N_A", "atp = rate * abs(dG) / N_A",
      "ATP power: kJ/mol taken as J/mol"),
    M("rest.py", "T = cell.celsius + 273.15", "T = cell.celsius",
      "energy books: entropy over °C"),
    # ---- state.py (classification and drift) -------------------------------------------------
    M("state.py", "V_TOL_MV = 1e-8", "V_TOL_MV = 1e-2",
      "equilibrium tolerance |V − E| < 10 µV"),
    M("state.py", "I_REL_TOL = 1e-9", "I_REL_TOL = 1e-4",
      "net-current tolerance 1e-4 of the largest current"),
    M("state.py", "tol = max(I_REL_TOL * scale, abs(G) * V_RES_MV, 1e-12)",
      "tol = max(I_REL_TOL * scale, abs(G) * V_RES_MV, 1e-2)",
      "absolute net-current floor 0.01 pA"),
    M("state.py", "V_RES_MV = 1e-9", "V_RES_MV = 1e-3",
      "net current judged against a 1 µV shift at the input conductance"),
    M("state.py", "if at_e and pump_rate == 0.0:", "if at_e:",
      "equilibrium even with a pump running"),
    M("state.py", "for n in net_ion_currents):", "for n in currents):",
      "NESS test on the passive currents instead of the net ion currents"),
    M("state.py", "return -(net_current * 1e-12 / (z * F)) / (volume_um3 * 1e-15) * 1e3 + 0.0",
      "return (net_current * 1e-12 / (z * F)) / (volume_um3 * 1e-15) * 1e3 + 0.0",
      "d[X]in/dt sign flipped"),
    # ---- transporters (cotransporters in the membrane) ----------------------------------------
    M("transporters.py", '"NKCC1": {"Na": 1, "K": 1, "Cl": 2}',
      '"NKCC1": {"Na": 1, "K": 1, "Cl": 1}', "NKCC1 moving one Cl⁻ instead of two"),
    M("membrane.py", "out[idx] -= nz * j", "out[idx] += nz * j",
      "transporter currents with the wrong sign"),
    M("membrane.py", "j = g * float(np.dot(nz, self.E[idx] - V))",
      "j = g * float(np.dot(nz, self.E[idx]))",
      "electrogenic carrier's drive without its V term"),
    M("rest.py", "net = I + ipump + tcur[j]", "net = I + ipump",
      "net ion flux ignoring the transporters"),
    M("rest.py", "cot = sum(i.transporter_current * (i.E - V) for i in ions) * 1e-15",
      "cot = 0.0", "energy books without the carriers' dissipation"),
    # ---- gated channels and the time-domain model ---------------------------------------------
    M("membrane.py", "g * (float(np.dot(nz, self.E[idx] - V)) + a)",
      "g * float(np.dot(nz, self.E[idx] - V))", "a primary pump (H⁺-ATPase) without its ATP"),
    M("channels.py", "return n**4", "return n**3", "HH K⁺ conductance n³ instead of n⁴"),
    M("channels.py", "return m**3 * h", "return m**3", "HH Na⁺ without inactivation h"),
    M("channels.py", "np.sqrt(k_out / TTP06_K_O_REF)", "(k_out / TTP06_K_O_REF)",
      "I_K1 linear in [K]o instead of its square root"),
    M("gating.py", '"beta_n": 0.125 * np.exp(-(V + 65.0) / 80.0)',
      '"beta_n": 0.125 * np.exp(-(V + 65.0) / 8.0)', "HH β_n slope 8 mV instead of 80"),
    M("dynamics/model.py", "out[0] = -MV_PER_S * float(np.sum(I)) / self.C",
      "out[0] = MV_PER_S * float(np.sum(I)) / self.C", "C dV/dt with the wrong sign"),
    M("dynamics/model.py", "out[1:] = -MM_PER_S * I / (self.mem.z * F * self.vol)",
      "out[1:] = -MM_PER_S * I / (F * self.vol)", "concentration change without the valence"),
]


@dataclass
class Outcome:
    mutation: Mutation
    status: str  # killed | survived | timeout | stale | ambiguous | error
    detail: str = ""
    seconds: float = 0.0


def _copy_tree(dst: Path, src_root: Path) -> None:
    dst.mkdir(parents=True)
    for name in COPY:
        s = src_root / name
        if s.is_dir():
            shutil.copytree(s, dst / name, ignore=IGNORE, symlinks=True)
        elif s.is_file():
            shutil.copy2(s, dst / name)


def _run_pytest(tree: Path, extra: list[str], timeout: float) -> tuple[int | None, str, float]:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"), PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTEST_ADDOPTS", None)
    t0 = time.perf_counter()
    try:
        p = subprocess.run(
            [sys.executable, *PYTEST, *extra],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return None, "", time.perf_counter() - t0
    return p.returncode, p.stdout + p.stderr, time.perf_counter() - t0


def _failures(output: str) -> list[str]:
    """Node ids (or paths, for collection errors) of the FAILED/ERROR lines of a -rfE summary."""
    out = []
    for line in output.splitlines():
        for tag in ("FAILED ", "ERROR "):
            if line.startswith(tag):
                out.append(line[len(tag) :].split(" - ")[0].strip())
    return out


def _deselect_args(nodes: list[str]) -> list[str]:
    args = []
    for n in nodes:
        args += [f"--deselect={n}"] if "::" in n else [f"--ignore={n}"]
    return args


def _apply(tree: Path, m: Mutation) -> str | None:
    """Apply ``m`` inside ``tree``; return None, or 'stale'/'ambiguous'."""
    path = tree / "src" / "vrest" / m.file
    if not path.is_file():
        return "stale"
    text = path.read_text()
    n = text.count(m.old)
    if n != 1:
        return "stale" if n == 0 else "ambiguous"
    path.write_text(text.replace(m.old, m.new, 1))
    return None


def _check(base: Path, work: Path, i: int, m: Mutation, extra: list[str], timeout: float):
    tree = work / f"m{i:03d}"
    try:
        shutil.copytree(base, tree, ignore=IGNORE, symlinks=True)
        bad = _apply(tree, m)
        if bad:
            return Outcome(m, bad, "old text found 0 times" if bad == "stale" else "found >1 times")
        rc, out, secs = _run_pytest(tree, ["-x", *extra], timeout)
        if rc is None:
            return Outcome(m, "timeout", f"> {timeout:.0f} s", secs)
        if rc == 0:
            return Outcome(m, "survived", "", secs)
        if rc in (1, 2, 3):
            fails = _failures(out)
            return Outcome(m, "killed", fails[0] if fails else f"pytest exit {rc}", secs)
        return Outcome(m, "error", f"pytest exit {rc}: {out.strip().splitlines()[-1:]}", secs)
    finally:
        shutil.rmtree(tree, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=MAX_JOBS, help="parallel runs (1 or 2)")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per run")
    ap.add_argument("--only", default=None, help="run mutations whose file/text/what has this")
    ap.add_argument("--list", action="store_true", help="list the mutations and exit")
    ap.add_argument("--strict", action="store_true", help="exit 1 on a survivor or stale entry")
    ap.add_argument(
        "--tests", nargs="+", default=[], help="run only these test paths (default: the suite)"
    )
    a = ap.parse_args(argv)
    jobs = max(1, min(a.jobs, MAX_JOBS))
    muts = [
        m
        for m in MUTATIONS
        if a.only is None or any(a.only.lower() in s.lower() for s in (m.file, m.old, m.what))
    ]
    if a.list:
        for i, m in enumerate(muts, 1):
            path = ROOT / "src" / "vrest" / m.file
            n = path.read_text().count(m.old) if path.is_file() else 0
            ok = {0: "STALE", 1: "ok"}.get(n, "AMBIGUOUS")
            print(f"{i:3d} {ok:9s} {m.file:15s} {m.what}")
        return 0

    with tempfile.TemporaryDirectory(prefix="vrest-mutate-") as tmp:
        work = Path(tmp)
        base = work / "base"
        _copy_tree(base, ROOT)  # one snapshot of a tree others may be editing
        print(f"snapshot of {ROOT} in {base}; baseline run ...", flush=True)
        rc, out, secs = _run_pytest(base, ["-rfE", *a.tests], timeout=a.timeout or 900)
        if rc is None:
            print("baseline timed out", file=sys.stderr)
            return 2
        failing = _failures(out)
        style = ["--ignore=tests/test_style.py"]
        extra = style + _deselect_args([f for f in failing if "test_style.py" not in f])
        extra += a.tests
        print(f"baseline: exit {rc} in {secs:.1f} s; {len(failing)} failing test(s) deselected")
        for f in failing:
            print(f"  already failing: {f}")
        timeout = a.timeout or max(120.0, 5 * secs)
        outcomes: list[Outcome] = []
        with ThreadPoolExecutor(max_workers=jobs) as ex:
            futs = {
                ex.submit(_check, base, work, i, m, extra, timeout): m
                for i, m in enumerate(muts, 1)
            }
            for k, fut in enumerate(as_completed(futs), 1):
                o = fut.result()
                outcomes.append(o)
                det = f"  ({o.detail})" if o.detail else ""
                print(
                    f"[{k:2d}/{len(muts)}] {o.status.upper():9s} {o.mutation.file:15s} "
                    f"{o.mutation.what}{det}  {o.seconds:.0f} s",
                    flush=True,
                )

    def of(status: str) -> list[Outcome]:
        return [o for o in outcomes if o.status == status]

    states = ("killed", "timeout", "survived", "stale", "ambiguous", "error")
    counts = {s: len(of(s)) for s in states}
    print("\n" + ", ".join(f"{v} {k}" for k, v in counts.items()))
    ran = counts["killed"] + counts["timeout"] + counts["survived"]
    if ran:
        score = (counts["killed"] + counts["timeout"]) / ran
        print(f"mutation score: {score:.0%} of {ran} applicable mutations killed")
    for status in ("survived", "stale", "ambiguous", "error"):
        if of(status):
            print(f"\n{status.upper()}:")
            for o in of(status):
                m = o.mutation
                print(f"  {m.file}: {m.what}\n      {m.old!r} → {m.new!r}")
    bad = counts["survived"] + counts["stale"] + counts["ambiguous"] + counts["error"]
    return 1 if (a.strict and bad) else 0


if __name__ == "__main__":
    sys.exit(main())
