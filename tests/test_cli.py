"""The ``vrest`` command line, end to end.

A handful of subprocess runs (``python -m vrest.cli``) check the real program: exit codes,
output formats, files written, and physics computed here from CODATA constants (never copied from
vrest's output). Most bad-input cases run in-process through ``vrest.cli.main`` (which returns
the exit code) to keep the file fast.

The rule for bad input: exit code 2, exactly one line on stderr starting ``vrest: error:`` that
names the field, no traceback, and no output file or temporary file left behind.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import re
import stat
import subprocess
import sys
import warnings
from importlib.resources import files
from pathlib import Path

import pytest
from conftest import F_CODATA, GOOD_TOML, R_CODATA, _sub, assert_one_line_error
from conftest import run_cli as run

# CODATA 2018 exact constants (SI 2019), written out here so the checks do not reuse vrest's own
N_A = 6.02214076e23
K_B = 1.380649e-23
E_CHARGE = 1.602176634e-19
R = N_A * K_B
F = N_A * E_CHARGE
T_BODY = 310.15  # 37 °C in K

CHAPTER = str(files("vrest") / "data" / "chapter_neuron.toml")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def rtf_mV(kelvin: float = T_BODY) -> float:
    return 1e3 * R * kelvin / F


def nernst_mV(c_in: float, c_out: float, z: int, kelvin: float = T_BODY) -> float:
    return rtf_mV(kelvin) / z * math.log(c_out / c_in)


def ion_E(d: dict, name: str) -> float:
    """An ion's Nernst potential from ``rest --json`` (``E_mV``; also reads a bare ``E``, so that
    the physics tests do not depend on the key naming, which has its own test)."""
    ion = d["ions"][name]
    return ion["E_mV"] if "E_mV" in ion else ion["E"]


@pytest.fixture(scope="module")
def chapter_json() -> dict:
    proc = run("rest", CHAPTER, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


# ---------------------------------------------------------------------------------------------
# rest
# ---------------------------------------------------------------------------------------------
def test_rest_table() -> None:
    proc = run("rest", CHAPTER)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    text = proc.stdout
    assert "NESS" in text
    assert "pump contribution" in text
    for sym in ("K⁺", "Na⁺", "Cl⁻"):
        assert sym in text


def test_rest_json_physics(chapter_json: dict) -> None:
    d = chapter_json
    # V steady (currents sum to zero) but Cl⁻ and K⁺ drift: V < E_Cl and no Cl⁻ transporter
    assert d["state"] == "drifting"
    assert {x["ion"] for x in d["drifts"]} == {"K", "Cl"}
    assert isinstance(d["V_mV"], float)
    # Nernst potentials at 37 °C from CODATA R and F (the chapter: E_K ≈ −95, E_Na ≈ +60,
    # E_Cl ≈ −64 mV)
    assert ion_E(d, "K") == pytest.approx(rtf_mV() * math.log(4 / 140), abs=1e-9)
    assert ion_E(d, "Na") == pytest.approx(rtf_mV() * math.log(145 / 15), abs=1e-9)
    assert ion_E(d, "Cl") == pytest.approx(-rtf_mV() * math.log(110 / 10), abs=1e-9)
    # without the pump current: the chord-conductance equation with the file's 100:4:45 nS
    g = {"K": 100.0, "Na": 4.0, "Cl": 45.0}
    E = {"K": nernst_mV(140, 4, 1), "Na": nernst_mV(15, 145, 1), "Cl": nernst_mV(10, 110, -1)}
    v0 = sum(g[n] * E[n] for n in g) / sum(g.values())
    assert d["V_no_pump_mV"] == pytest.approx(v0, abs=1e-9)
    assert d["G_total_nS"] == pytest.approx(149.0, rel=1e-12)
    # the pump's electrogenic contribution ΔV = −I_pump/G (chord model), hyperpolarizing
    assert d["pump_contribution_mV"] == pytest.approx(-d["i_pump_pA"] / 149.0, rel=1e-9)
    assert d["pump_contribution_mV"] < 0
    assert d["V_mV"] == pytest.approx(v0 + d["pump_contribution_mV"], abs=1e-9)
    # balance mode: the pump extrudes the passive Na⁺ influx; 3 Na⁺ out per net charge out,
    # so I_pump = −I_Na/3
    i_na = g["Na"] * (d["V_mV"] - E["Na"])
    assert d["i_pump_pA"] == pytest.approx(-i_na / 3, rel=1e-9)


def test_rest_json_keys_carry_units(chapter_json: dict) -> None:
    """Every key of the JSON carries its unit, the per-ion entries too (as the CSV does)."""
    k = chapter_json["ions"]["K"]
    assert "E_mV" in k, sorted(k)
    assert "c_in_mM" in k and "c_out_mM" in k and "g_nS" in k


def test_rest_csv() -> None:
    """``--csv`` is ``RestResult.to_csv()``: whole-cell numbers (quantity,value), a blank line,
    then the per-ion table."""
    proc = run("rest", CHAPTER, "--csv")
    assert proc.returncode == 0, proc.stderr
    summary_text, table_text = proc.stdout.split("\n\n", 1)
    summary = {r["quantity"]: r["value"] for r in csv.DictReader(io.StringIO(summary_text))}
    assert "V_mV" in summary
    rows = list(csv.DictReader(io.StringIO(table_text)))
    assert [r["ion"] for r in rows] == ["K", "Na", "Cl"]
    by = {r["ion"]: r for r in rows}
    assert float(by["K"]["E_mV"]) == pytest.approx(nernst_mV(140, 4, 1), abs=1e-9)
    assert float(by["Cl"]["E_mV"]) == pytest.approx(nernst_mV(10, 110, -1), abs=1e-9)
    assert float(by["Na"]["c_out_mM"]) == 145.0


def test_rest_plot_and_out(tmp_path: Path, chapter_json: dict) -> None:
    proc = run(
        "rest", CHAPTER, "--json", "--out", "out/report.json", "--plot", "out/x.png", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""  # the report went to the file
    png = tmp_path / "out" / "x.png"
    assert png.read_bytes()[:8] == PNG_SIGNATURE
    assert png.stat().st_size > 1000
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["V_mV"] == chapter_json["V_mV"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.json", "x.png"]


def test_out_text_report(cli, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    code, stdout, err = cli("rest", CHAPTER, "--out", str(out))
    assert code == 0, err
    assert stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "NESS" in text and text.endswith("\n")
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_out_file_has_ordinary_permissions(cli, tmp_path: Path) -> None:
    """An atomically written report gets the permissions any new file gets (0666 & ~umask),
    not the private 0600 of a temporary file."""
    umask = os.umask(0o022)
    try:
        out = tmp_path / "report.txt"
        code, _, err = cli("rest", CHAPTER, "--out", str(out))
        assert code == 0, err
        assert out.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(umask)


def test_block_chloride_hyperpolarizes(chapter_json: dict) -> None:
    """The chapter: with E_Cl above V, Cl⁻ channels depolarize; blocking them hyperpolarizes."""
    proc = run("rest", CHAPTER, "--block", "Cl", "--json")
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    assert d["V_mV"] < chapter_json["V_mV"] - 1.0
    assert d["ions"]["Cl"].get("g_nS", d["ions"]["Cl"].get("g")) == 0.0
    # without Cl⁻ the chord voltage is the K⁺/Na⁺ one, lowered by the pump
    v0 = (100 * nernst_mV(140, 4, 1) + 4 * nernst_mV(15, 145, 1)) / 104
    assert d["V_no_pump_mV"] == pytest.approx(v0, abs=1e-9)


def test_no_pump_leaves_every_gradient_drifting(chapter_json: dict) -> None:
    proc = run("rest", CHAPTER, "--no-pump", "--json")
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    assert d["state"] == "drifting"
    assert {x["ion"] for x in d["drifts"]} == {"K", "Na", "Cl"}
    assert d["i_pump_pA"] == 0.0
    assert d["V_mV"] == pytest.approx(chapter_json["V_no_pump_mV"], abs=1e-9)


def test_celsius_27_warming_hyperpolarizes(chapter_json: dict) -> None:
    """The chapter (§6): warming 27 → 37 °C hyperpolarizes, so V(27 °C) > V(37 °C)."""
    proc = run("rest", CHAPTER, "--celsius", "27", "--json")
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    assert d["celsius"] == 27.0
    assert d["V_mV"] > chapter_json["V_mV"]
    assert ion_E(d, "K") == pytest.approx(nernst_mV(140, 4, 1, 300.15), abs=1e-9)


# ---------------------------------------------------------------------------------------------
# nernst, ghk, iv, chapter, ions
# ---------------------------------------------------------------------------------------------
def test_nernst_potassium_text() -> None:
    proc = run("nernst", "K", "140", "4")
    assert proc.returncode == 0, proc.stderr
    m = re.search(r"=\s*([+-]?\d+\.\d+)\s*mV", proc.stdout)
    assert m, proc.stdout
    assert float(m.group(1)) == pytest.approx(-95.0, abs=0.1)  # the chapter's E_K


@pytest.mark.parametrize(
    ("args", "z", "c_in", "c_out"),
    [
        (("Cl", "10", "110"), -1, 10.0, 110.0),
        (("Ca", "1e-4", "2"), 2, 1e-4, 2.0),
        (("K", "140 mM", "0.004 M"), 1, 140.0, 4.0),
    ],
    ids=["Cl", "Ca", "with units"],
)
def test_nernst_json(cli, args: tuple[str, ...], z: int, c_in: float, c_out: float) -> None:
    code, out, err = cli("nernst", *args, "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["z"] == z
    assert d["E_mV"] == pytest.approx(nernst_mV(c_in, c_out, z), abs=1e-9)


def test_nernst_text_cl_and_ca(cli) -> None:
    code, out, _ = cli("nernst", "Cl", "10", "110")
    assert code == 0 and "-64.09 mV" in out
    code, out, _ = cli("nernst", "Ca", "1e-4", "2")
    assert code == 0 and "+132.3" in out


def test_nernst_celsius_with_unit(cli) -> None:
    """Values with units are accepted on the command line: 310.15 K is 37 °C."""
    code, out, err = cli("nernst", "K", "140", "4", "--celsius", "310.15 K", "--json")
    assert code == 0, err
    assert json.loads(out)["E_mV"] == pytest.approx(nernst_mV(140, 4, 1), abs=1e-9)


def test_ghk_squid_axon() -> None:
    """Kandel, *Principles of Neural Science*: squid axon, [K] 400/20, [Na] 50/440,
    [Cl] 52/560 mM, P_K:P_Na:P_Cl = 1:0.04:0.45 (Hodgkin & Katz 1949) → V ≈ −60 mV."""
    proc = run(
        "ghk",
        "--ion",
        "K",
        "400",
        "20",
        "1",
        "--ion",
        "Na",
        "50",
        "440",
        "0.04",
        "--ion",
        "Cl",
        "52",
        "560",
        "0.45",
        "--celsius",
        "20",
    )
    assert proc.returncode == 0, proc.stderr
    m = re.search(r"V_GHK\s*=\s*([+-]?\d+\.\d+)\s*mV", proc.stdout)
    assert m, proc.stdout
    v = float(m.group(1))
    assert v == pytest.approx(-60.0, abs=1.0)
    num = 20 + 0.04 * 440 + 0.45 * 52  # Σ P·[cation]out + P·[anion]in
    den = 400 + 0.04 * 50 + 0.45 * 560
    exact = rtf_mV(293.15) * math.log(num / den)
    assert v == pytest.approx(exact, abs=0.005)  # printed to 0.01 mV


def test_iv_plot(tmp_path: Path) -> None:
    proc = run("iv", "K", "140", "4", "--plot", "iv.png", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "iv.png").read_bytes()[:8] == PNG_SIGNATURE
    assert "GHK" in proc.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["iv.png"]


def test_iv_csv(cli) -> None:
    code, out, err = cli("iv", "K", "140", "4", "--csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    v = [float(r["V_mV"]) for r in rows]
    assert v[0] == -120.0 and v[-1] == 80.0 and len(v) == 21
    # GHK current density with P = 1e-6 cm/s: J = P z F c x/(1 − e^(−x)) ... in µA/cm²
    for r in rows:
        x = float(r["V_mV"]) * 1e-3 * F / (R * T_BODY)
        fac = 1.0 if x == 0 else x / (1 - math.exp(-x))
        expected = 1e-6 * F * fac * (140 - 4 * math.exp(-x))
        assert float(r["J_ghk_uA_cm2"]) == pytest.approx(expected, rel=1e-5)
    # it reverses at E_K ≈ −95 mV: negative at −100, positive at −90
    j = {float(r["V_mV"]): float(r["J_ghk_uA_cm2"]) for r in rows}
    assert j[-100.0] < 0 < j[-90.0]


def test_chapter_table() -> None:
    proc = run("chapter")
    assert proc.returncode == 0, proc.stderr
    rows = [ln for ln in proc.stdout.splitlines() if re.match(r"§\d", ln)]
    assert len(rows) >= 10
    for ln in rows:
        assert ln.rstrip().endswith("yes"), ln


def test_chapter_json(cli) -> None:
    code, out, err = cli("chapter", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) >= 10
    assert all(r["agrees"] is True for r in rows), [r for r in rows if not r["agrees"]]


def test_ions() -> None:
    proc = run("ions")
    assert proc.returncode == 0, proc.stderr
    names = {ln.split()[0] for ln in proc.stdout.splitlines()[2:] if ln.strip()}
    assert {"K", "Na", "Cl", "Ca", "Mg"} <= names


# ---------------------------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------------------------


# name → (cell file text, names the message must contain)
BAD_FILES = {
    "negative concentration": (
        _sub('c_in = "140 mM"', 'c_in = "-140 mM"'),
        ("ions.K.c_in", "-140", "mM"),
    ),
    "zero concentration": (_sub('c_out = "4 mM"', "c_out_mM = 0"), ("ions.K.c_out", "0", "mM")),
    "NaN": (_sub('c_in = "140 mM"', "c_in_mM = nan"), ("ions.K.c_in", "nan", "mM")),
    "missing unit": (_sub('c_in = "140 mM"', "c_in = 140"), ("ions.K.c_in", "140", "mM")),
    "unknown ion": (
        GOOD_TOML + '[ions.Xq]\nc_in = "1 mM"\nc_out = "2 mM"\ng = "1 nS"\n',
        ("Xq", "valence"),
    ),
    "valence contradicts table": (
        _sub('g = "100 nS"', 'g = "100 nS"\nz = 2'),
        ("ions.K.z", "2", "+1"),
    ),
    "unknown field": (_sub("celsius = 37", "celsius = 37\ncolour = 1"), ("colour",)),
    "below 0 K": (_sub("celsius = 37", "celsius = -300"), ("celsius", "-300", "°C")),
    "malformed": (_sub("[ions.Na]", "[ions.Na"), ("cell.toml", "TOML")),
    "incomplete": (_sub('c_out = "4 mM"\n', ""), ("ions.K.c_out", "mM")),
    "array concentration": (_sub('c_in = "140 mM"', "c_in_mM = [1, 2]"), ("ions.K.c_in", "mM")),
}


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_bad_cell_file(cli, tmp_path: Path, case: str) -> None:
    text, names = BAD_FILES[case]
    cell = tmp_path / "cell.toml"
    cell.write_text(text, encoding="utf-8")
    code, out, err = cli(
        "rest",
        str(cell),
        "--out",
        str(tmp_path / "out" / "report.txt"),
        "--plot",
        str(tmp_path / "out" / "fig.png"),
    )
    assert code == 2
    assert out == ""
    assert_one_line_error(err, *names)
    assert sorted(p.name for p in tmp_path.rglob("*")) in (["cell.toml"], ["cell.toml", "out"])


BAD_ARGS = {
    "negative c_in": (("nernst", "K", "-140", "4"), ("c_in", "-140", "mM")),
    "zero c_out": (("nernst", "K", "140", "0"), ("c_out", "0", "mM")),
    "NaN": (("nernst", "K", "nan", "4"), ("c_in", "nan", "mM")),
    "wrong unit": (("nernst", "K", "140 mV", "4"), ("c_in", "140 mV", "mM")),
    "unknown ion": (("nernst", "Xq", "1", "2"), ("Xq", "valence")),
    "valence contradicts": (("nernst", "K", "140", "4", "--z", "-1"), ("--z", "-1", "+1")),
    "below 0 K": (("nernst", "K", "140", "4", "--celsius", "-300"), ("celsius", "-300", "°C")),
    "ghk negative P": (("ghk", "--ion", "K", "400", "20", "-1"), ("P['K']", "-1", "cm/s")),
    "ghk negative c_in": (
        ("ghk", "--ion", "K", "400", "20", "1", "--ion", "Na", "-50", "440", "0.04"),
        ("c_in['Na']", "-50", "mM"),
    ),
    "ghk unknown ion": (("ghk", "--ion", "Xq", "1", "2", "1"), ("Xq",)),
    "iv negative c_out": (("iv", "K", "140", "-4"), ("c_out", "-4", "mM")),
    "iv bad range": (("iv", "K", "140", "4", "--vmin", "10", "--vmax", "0"), ("--vmin", "mV")),
    "rest below 0 K": (("rest", CHAPTER, "--celsius", "-300"), ("celsius", "-300", "°C")),
    "rest NaN celsius": (("rest", CHAPTER, "--celsius", "nan"), ("celsius", "nan")),
    "rest block unknown ion": (("rest", CHAPTER, "--block", "Xq"), ("Xq",)),
    "rest missing file": (("rest", "no/such/cell.toml"), ("no/such/cell.toml",)),
    "missing argument": (("nernst", "K", "140"), ("c_out",)),
    "bad choice": (("rest", CHAPTER, "--model", "hh"), ("--model", "hh")),
}


@pytest.mark.parametrize("case", list(BAD_ARGS), ids=list(BAD_ARGS))
def test_bad_arguments(cli, case: str) -> None:
    args, names = BAD_ARGS[case]
    code, out, err = cli(*args)
    assert code == 2
    assert out == ""
    assert_one_line_error(err, *names)


def test_bad_input_leaves_no_file_iv(cli, tmp_path: Path) -> None:
    code, _, err = cli(
        "iv",
        "K",
        "140",
        "-4",
        "--csv",
        "--out",
        str(tmp_path / "iv.csv"),
        "--plot",
        str(tmp_path / "iv.png"),
    )
    assert code == 2
    assert_one_line_error(err, "c_out")
    assert list(tmp_path.iterdir()) == []


def test_bad_cell_file_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "cell.toml").write_text(_sub('c_in = "140 mM"', "c_in = 140"), encoding="utf-8")
    proc = run("rest", "cell.toml", "--out", "out/r.txt", "--plot", "out/r.png", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert_one_line_error(proc.stderr, "ions.K.c_in", "140", "mM")
    assert [p.name for p in tmp_path.iterdir()] == ["cell.toml"]


def test_bad_argument_end_to_end() -> None:
    proc = run("nernst", "K", "-140", "4")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert_one_line_error(proc.stderr, "c_in", "-140", "mM")


def test_array_in_cell_file_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "cell.toml").write_text(
        _sub('c_in = "140 mM"', "c_in_mM = [1, 2]"), encoding="utf-8"
    )
    proc = run("rest", "cell.toml", "--out", "r.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "ions.K.c_in")
    assert [p.name for p in tmp_path.iterdir()] == ["cell.toml"]


def test_unsupported_plot_format_writes_nothing(tmp_path: Path) -> None:
    """A plot that cannot be written (unknown format) is bad input: one line, exit 2, and the
    --out report of the same run is not left behind either."""
    proc = run("rest", CHAPTER, "--out", "out/r.txt", "--plot", "out/fig.xyz", cwd=tmp_path)
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "fig.xyz")
    out = tmp_path / "out"
    assert not out.exists() or list(out.iterdir()) == []


def test_absurd_temperature_is_a_warning(tmp_path: Path) -> None:
    """150 °C is outside life: a warning. Without a pump the leaks alone give a finite rest
    (the Nernst potentials scale with T), so the answer is printed."""
    proc = run("rest", CHAPTER, "--no-pump", "--celsius", "150", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines and all(ln.startswith("vrest: warning:") for ln in lines), proc.stderr
    assert "150" in lines[0] and "celsius" in lines[0]
    assert json.loads(proc.stdout)["celsius"] == 150.0


def test_a_pump_scaled_beyond_membrane_breakdown_is_refused(tmp_path: Path) -> None:
    """The chapter neuron's pump, balanced at 37 °C, scaled by Q10 3 to 122 °C carries 191 pA ×
    3^8.5 ≈ 2.2 µA, which would put V near −1.7 V: no membrane holds that (breakdown at a few
    hundred mV). One line naming celsius, exit 2."""
    proc = run("rest", CHAPTER, "--celsius", "122", cwd=tmp_path)
    assert proc.returncode == 2
    err = [ln for ln in proc.stderr.splitlines() if ln.startswith("vrest: error:")]
    assert len(err) == 1 and "celsius" in err[0] and "1000 mV" in err[0]
    proc = run(
        "rest", CHAPTER, "--set", "pump.mode=fixed", "--set", "pump.i_pump=1e6", cwd=tmp_path
    )
    assert proc.returncode == 2 and "pump.i_pump" in proc.stderr


# ---------------------------------------------------------------------------------------------
# issue 6 §6: bad input and output files
# ---------------------------------------------------------------------------------------------
BAD_ARGS_LIMITS = {
    "celsius far beyond life": (
        ("nernst", "K", "140", "4", "--celsius", "1e6"),
        ("--celsius", "1000000.0", "°C", "1000"),
    ),
    "rest celsius far beyond life": (
        ("rest", CHAPTER, "--celsius", "1e6"),
        ("--celsius", "°C", "1000"),
    ),
    "celsius unit only": (
        ("nernst", "K", "140", "4", "--celsius", "K"),
        ("--celsius", "'K'", "number is missing"),
    ),
    "iv infinite vmax": (
        ("iv", "K", "140", "4", "--vmax", "inf"),
        ("--vmin/--vmax/--step", "inf", "mV"),
    ),
    "iv NaN step": (("iv", "K", "140", "4", "--step", "nan"), ("--step", "nan", "mV")),
    "iv tiny step": (
        ("iv", "K", "140", "4", "--step", "1e-300"),
        ("--step", "1e-300", "100001 points", "mV"),
    ),
    "iv beyond 1 V": (("iv", "K", "140", "4", "--vmax", "5000"), ("--vmax", "5000", "1000 mV")),
    "power of ten": (("nernst", "K", "10**400 mM", "4"), ("c_in", "10**400 mM", "mM")),
    "power tower": (("nernst", "K", "9**9**9 mM", "4"), ("c_in", "9**9**9 mM", "mM")),
    "unit only": (("nernst", "K", "mM", "4"), ("c_in", "'mM'", "number is missing")),
    "huge valence": (
        ("nernst", "X", "140", "4", "--z", "99999999999999999999999"),
        ("--z", "99999999999999999999999", "valence", "10"),
    ),
    "ghk same ion twice": (
        ("ghk", "--ion", "K", "140", "4", "1", "--ion", "K", "10", "4", "1"),
        ("--ion", "'K'", "once"),
    ),
    "ghk ion and its alias": (
        ("ghk", "--ion", "K", "140", "4", "1", "--ion", "potassium", "10", "4", "1"),
        ("--ion", "potassium", "same ion"),
    ),
    "ghk only ion absent inside": (
        ("ghk", "--ion", "K", "0", "4", "1"),
        ("c_in['K']", "0.0", "mM"),
    ),
    "long unit string": (
        ("nernst", "K", "1" + " " * 5000 + "mM", "4"),
        ("c_in", "characters", "200"),
    ),
}


@pytest.mark.parametrize("case", list(BAD_ARGS_LIMITS), ids=list(BAD_ARGS_LIMITS))
def test_bad_arguments_limits(cli, case: str) -> None:
    args, names = BAD_ARGS_LIMITS[case]
    code, out, err = cli(*args)
    assert code == 2
    assert out == ""
    assert_one_line_error(err, *names)


def test_ghk_zero_concentration_same_message_text_and_json(cli) -> None:
    """The text and --json forms fail with the same message, naming the ion."""
    args = ("ghk", "--ion", "K", "0", "4", "1")
    code_t, out_t, err_t = cli(*args)
    code_j, out_j, err_j = cli(*args, "--json")
    assert code_t == code_j == 2 and out_t == out_j == ""
    assert err_t == err_j
    assert_one_line_error(err_t, "c_in['K']")


def test_ghk_ion_absent_on_one_side_text_and_json_agree(cli) -> None:
    """Bi-ionic style input (Na⁺ absent inside) is legal in GHK: both forms succeed with the
    same V; the text shows the absent ion's E as n/a (it is infinite) instead of failing
    half-way through the table."""
    args = ("ghk", "--ion", "K", "140", "4", "1", "--ion", "Na", "0", "145", "0.05")
    code, out, err = cli(*args)
    assert code == 0, err
    assert "absent inside" in out
    v_text = float(re.search(r"V_GHK = ([+-]\d+\.\d+) mV", out).group(1))
    code, out, err = cli(*args, "--json")
    assert code == 0, err
    v_json = json.loads(out)["V_ghk_mV"]
    # closed form, monovalent cations: V = RT/F ln((P_K K_o + P_Na Na_o)/(P_K K_i + P_Na Na_i))
    exact = rtf_mV() * math.log((4 + 0.05 * 145) / 140)
    assert v_json == pytest.approx(exact, rel=1e-12)
    assert v_text == pytest.approx(exact, abs=0.005)  # printed to 0.01 mV


def test_nernst_extreme_ratio_finite() -> None:
    """1e-300 / 1e300 mM: ln of the ratio is finite (+36 924 mV), no +inf; the absurd
    concentration is warned about (a subprocess: the test suite turns VrestWarning into an
    error)."""
    proc = run("nernst", "K", "1e-300", "1e300", "--json")
    assert proc.returncode == 0, proc.stderr
    E = json.loads(proc.stdout)["E_mV"]
    assert E == pytest.approx(rtf_mV() * (math.log(1e300) - math.log(1e-300)), rel=1e-12)
    assert proc.stderr.startswith("vrest: warning:") and "c_out" in proc.stderr


def test_megamolar_is_not_silent() -> None:
    """'140 MM' is 1.4e11 mM (megamolar): computed, but with a warning naming the field."""
    proc = run("nernst", "K", "140 MM", "4")
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr
    assert err.startswith("vrest: warning:") and "MM" in err and "c_in" in err


@pytest.mark.parametrize("celsius", ["37 degC", "37 °C", "310.15 K", "98.6 degF"])
def test_temperature_with_offset_units(cli, celsius: str) -> None:
    """'37 degC' was rejected although the error message offered it as an example."""
    code, out, err = cli("nernst", "K", "140", "4", "--celsius", celsius, "--json")
    assert code == 0, err
    assert json.loads(out)["E_mV"] == pytest.approx(nernst_mV(140, 4, 1), rel=1e-9)


def test_every_option_has_help_and_default() -> None:
    """Every argument of every subcommand has help text; every option shows its default."""
    from vrest.cli import _Formatter, build_parser

    parser = build_parser()
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(subs.choices) == {
        "rest",
        "rundown",
        "ness",
        "nernst",
        "ghk",
        "iv",
        "chapter",
        "ions",
        "noise",
        "sweep",
        "scenario",
        "ljp",
        "fit",
        "explore",
    }
    fmt = _Formatter("vrest")
    for name, sub in subs.choices.items():
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help, f"vrest {name} {action.dest}: no help"
            if action.option_strings:
                text = fmt._get_help_string(action)
                assert "(default" in text, f"vrest {name} {action.option_strings}: {text!r}"
        help_text = sub.format_help()
        assert "(default: " in help_text
    rest_help = subs.choices["rest"].format_help()
    assert "--set FIELD=VALUE" in rest_help and "repeatable" in rest_help


def test_ions_shows_sources_and_no_nan(cli) -> None:
    code, out, err = cli("ions")
    assert code == 0, err
    assert "nan" not in out.lower()
    h_row = next(ln for ln in out.splitlines() if ln.startswith("H "))
    assert "—" in h_row
    assert "Shannon" in out and "Marcus" in out and "CRC" in out
    assert "proton" in out  # why H⁺ has no radius
    # every value carries a source number that is listed below the table
    listed = set(re.findall(r"^\[(\d+)\]", out, flags=re.M))
    used = set(re.findall(r"\[(\d+)\]", out.split("Sources:")[0]))
    assert used and used <= listed
    code, out, err = cli("ions", "--csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "nan" not in out.lower()
    h = next(r for r in rows if r["name"] == "H")
    assert h["radius_A"] == "" and "proton" in h["radius_A_source"]
    k = next(r for r in rows if r["name"] == "K")
    assert float(k["radius_A"]) == 1.38 and "Shannon" in k["radius_A_source"]


def test_set_option_is_passed_to_set_fields(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """--set FIELD=VALUE (repeatable) goes to vrest.fields.set_fields right after the cell file
    is read, before --celsius (a stub stands in for the module here)."""
    import types

    seen: dict[str, object] = {}

    def set_fields(cell, assignments):
        seen["assignments"] = list(assignments)
        seen["celsius"] = cell.celsius
        return cell.with_ion("K", c_out=8)

    stub = types.ModuleType("vrest.fields")
    stub.set_fields = set_fields  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vrest.fields", stub)
    code, out, err = cli(
        "rest", CHAPTER, "--set", "K.c_out=8mM", "--set", "Cl.g=0", "--celsius", "30", "--json"
    )
    assert code == 0, err
    assert seen == {"assignments": ["K.c_out=8mM", "Cl.g=0"], "celsius": 37.0}
    d = json.loads(out)
    assert d["ions"]["K"]["c_out_mM"] == 8.0 and d["celsius"] == 30.0


# ---- output files --------------------------------------------------------------------------
def test_out_read_only_file_refused_and_no_plot_written(cli, tmp_path: Path) -> None:
    """A 0444 report is protected (even for root, who runs CI); the --plot of the same run is
    not written either: everything is checked before anything is written."""
    report = tmp_path / "r.txt"
    report.write_text("keep", encoding="utf-8")
    os.chmod(report, 0o444)
    try:
        code, out, err = cli(
            "rest", CHAPTER, "--out", str(report), "--plot", str(tmp_path / "f.png")
        )
        assert code == 2 and out == ""
        assert_one_line_error(err, "--out", "r.txt", "read-only")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["r.txt"]
        assert report.read_text(encoding="utf-8") == "keep"
        assert stat.S_IMODE(report.stat().st_mode) == 0o444
    finally:
        os.chmod(report, 0o644)


def test_iv_read_only_out_writes_no_plot(cli, tmp_path: Path) -> None:
    report = tmp_path / "iv.csv"
    report.write_text("keep", encoding="utf-8")
    os.chmod(report, 0o444)
    try:
        code, _, err = cli(
            "iv", "K", "140", "4", "--csv", "--out", str(report), "--plot", str(tmp_path / "iv.png")
        )
        assert code == 2
        assert_one_line_error(err, "--out", "read-only")
        assert [p.name for p in tmp_path.iterdir()] == ["iv.csv"]
    finally:
        os.chmod(report, 0o644)


def test_out_replacement_keeps_mode_and_symlink(cli, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    os.chmod(real, 0o600)
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    code, _, err = cli("rest", CHAPTER, "--json", "--out", str(link))
    assert code == 0, err
    assert link.is_symlink()
    assert "V_mV" in json.loads(real.read_text(encoding="utf-8"))
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_out_to_a_char_device_keeps_it_a_device(cli, tmp_path: Path) -> None:
    """--out /dev/null once replaced /dev/null by a regular file (as root). A private copy of
    the node (char 1:3) is used here, never the real one."""
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError as exc:
        pytest.skip(f"cannot make a device node: {exc}")
    code, _out, err = cli("rest", CHAPTER, "--out", str(null))
    assert code == 0, err
    assert stat.S_ISCHR(null.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_out_to_fifo_without_reader_fails_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    proc = run("ions", "--out", str(fifo))
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "fifo", "no reader")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo"])
def test_rest_on_a_device_or_fifo_fails_at_once(tmp_path: Path, kind: str) -> None:
    """`vrest rest /dev/zero` read forever and a FIFO blocked: both are refused (run() has a
    timeout, so a regression fails instead of hanging)."""
    if kind == "fifo":
        path = str(tmp_path / "cell.toml")
        os.mkfifo(path)
    else:
        if not os.path.exists(kind):
            pytest.skip("no /dev/zero")
        path = kind
    proc = run("rest", path)
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, path, "not a regular file")


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    """`vrest ... | head -c 10`: no error message, no traceback; status 141 (as SIGPIPE) when
    the pipe closed before the output was written. The I–V table of 100 001 rows (~4 MB) is far
    larger than a pipe buffer, so the pipe is surely closed while vrest writes."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    for args, big in (("iv K 140 4 --vmin -50 --vmax 50 --step 0.001", True), ("ions", False)):
        proc = subprocess.run(
            f'"{sys.executable}" -m vrest.cli {args} 2>err.txt | head -c 10; '
            'echo " rc=${PIPESTATUS[0]}"',
            shell=True,
            executable="/bin/bash",
            cwd=tmp_path,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=120,
            check=False,
        )
        assert (tmp_path / "err.txt").read_text(encoding="utf-8") == "", args
        assert len(proc.stdout.split(" rc=")[0].encode()) == 10
        rc = int(proc.stdout.split(" rc=")[1])
        assert rc == (141 if big else rc) and rc in (0, 141)


@pytest.mark.parametrize(
    "args",
    [
        ("ions",),
        ("rest", CHAPTER),
        ("iv", "K", "140", "4"),
        ("nernst", "K", "140", "4"),
        ("chapter",),
    ],
    ids=["ions", "rest", "iv", "nernst", "chapter"],
)
def test_ascii_output_encoding(args: tuple[str, ...]) -> None:
    """PYTHONIOENCODING=ascii: µ, −, ⁺ are escaped, not a UnicodeEncodeError traceback."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    env["PYTHONIOENCODING"] = "ascii"
    proc = subprocess.run(
        [sys.executable, "-m", "vrest.cli", *args],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr
    proc.stdout.decode("ascii")  # pure ASCII


def test_ascii_output_encoding_json_and_errors() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    env["PYTHONIOENCODING"] = "ascii"
    proc = subprocess.run(
        [sys.executable, "-m", "vrest.cli", "rest", CHAPTER, "--json"],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout.decode("ascii"))  # \\u escapes: still valid JSON
    assert math.isfinite(d["V_mV"])
    proc = subprocess.run(
        [sys.executable, "-m", "vrest.cli", "nernst", "K", "140", "4", "--celsius", "-300"],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr.decode("ascii"), "--celsius", "-300")


def test_unexpected_error_is_one_line(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug still gives one line (exit 1), never a traceback."""
    import vrest.cli as vcli

    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(vcli, "cmd_ions", broken)
    code, out, err = cli("ions")
    assert code == 1 and out == ""
    assert_one_line_error(err, "internal error", "boom")


def test_overflowing_cell_gives_no_infinite_result(cli, tmp_path: Path) -> None:
    """g = 1e308 nS overflows the arithmetic: never a report with -Infinity/NaN (not even valid
    JSON). Either a finite report or one error line."""
    cell = tmp_path / "cell.toml"
    cell.write_text(_sub('g = "100 nS"', 'g = "1e308 nS"'), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        code, out, err = cli("rest", str(cell), "--json")
    if code == 0:
        json.loads(out, parse_constant=lambda c: pytest.fail(f"{c} in the report"))
    else:
        assert code == 2 and out == ""
        assert_one_line_error(err, "finite")


def test_celsius_27_uses_the_pump_q10_and_gives_the_chapter_scenario() -> None:
    """`vrest rest chapter_neuron.toml --celsius 27`: the balance pump is balanced at 37 °C
    (where the cell is described) and its turnover scaled by Q10 3 to 27 °C. By hand, the chord
    balance at 37 °C: V = (Σ g E − I_p)/Σ g with I_p = −(1/3) g_Na (V − E_Na), a 2×2 linear
    system; then I_p(27 °C) = I_p(37 °C)/3 (exact Q10 arithmetic: 1e-9 relative)."""
    rtf = R_CODATA * 310.15 / F_CODATA * 1e3
    E = {
        "K": rtf * math.log(4 / 140),
        "Na": rtf * math.log(145 / 15),
        "Cl": -rtf * math.log(110 / 10),
    }
    g = {"K": 100.0, "Na": 4.0, "Cl": 45.0}
    k = g["Na"] / 3
    V = (sum(g[i] * E[i] for i in g) - k * E["Na"]) / (sum(g.values()) - k)
    ip37 = -k * (V - E["Na"])
    proc = run("rest", CHAPTER, "--celsius", "27", "--json")
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    assert d["i_pump_pA"] == pytest.approx(ip37 / 3.0, rel=1e-9)
    assert round(d["i_pump_pA"], 1) == 63.7
    assert d["ions"]["K"]["g_nS"] == pytest.approx(100 / 1.3, rel=1e-12)
    assert d["state"] == "drifting" and d["reference_celsius"] == 37.0
    # the other direction: warmer than described, the pump speeds up 3^(0.5)-fold
    d42 = json.loads(run("rest", CHAPTER, "--celsius", "42", "--json").stdout)
    assert d42["i_pump_pA"] == pytest.approx(ip37 * 3.0**0.5, rel=1e-9)


def test_set_changes_fields_by_dotted_name() -> None:
    """--set K.c_out=8mM --set Cl.g=0: with Cl⁻ blocked, a balance-pumped K⁺/Na⁺ membrane is a
    NESS at the Mullins–Noda chord potential V = (g_K E_K + (2/3) g_Na E_Na)/(g_K + (2/3) g_Na)."""
    rtf = R_CODATA * 310.15 / F_CODATA * 1e3
    eK, eNa = rtf * math.log(8 / 140), rtf * math.log(145 / 15)
    proc = run("rest", CHAPTER, "--set", "K.c_out=8mM", "--set", "Cl.g=0", "--json")
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    assert d["V_mV"] == pytest.approx((100 * eK + 4 * eNa * 2 / 3) / (100 + 4 * 2 / 3), abs=1e-9)
    assert d["state"] == "NESS"
    bad = run("rest", CHAPTER, "--set", "K.c_out=-8mM")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "K.c_out" in bad.stderr and "mM" in bad.stderr


def test_ten_thousand_ions_with_a_plot_finish(tmp_path: Path) -> None:
    """10 000 ions with --plot took over 300 s before: parsing, solving and plotting are bounded
    (10 currents drawn, the rest lumped). 60 s leaves a 2-core CI machine a wide margin over the
    ~5 s it takes here."""
    import time

    lines = ['name = "many"', "celsius = 37", 'radius = "10 um"']
    for i in range(10_000):
        z = 1 if i % 2 else -1
        lines += [
            f"[ions.X{i}]",
            f"z = {z}",
            f'c_in = "{10 + i % 50} mM"',
            f'c_out = "{5 + i % 30} mM"',
            'g = "0.01 nS"',
        ]
    cell = tmp_path / "many.toml"
    cell.write_text("\n".join(lines) + "\n")
    t = time.perf_counter()
    proc = run(
        "rest", str(cell), "--plot", str(tmp_path / "many.png"), "--out", str(tmp_path / "r.txt")
    )
    assert proc.returncode == 0, proc.stderr
    assert time.perf_counter() - t < 60
    assert (tmp_path / "many.png").stat().st_size > 10_000
    assert "and 9992 more" in (tmp_path / "r.txt").read_text()


def test_rundown_command(tmp_path: Path) -> None:
    """`vrest rundown CELL --hours H --plot F --csv`: the ATP cut as a time course. At the NESS
    neuron nothing moves before the block; afterwards [K]in falls and [Na]in rises."""
    cell = str(Path(__file__).resolve().parents[1] / "examples" / "cells" / "ness_neuron.toml")
    out = tmp_path / "r.png"
    proc = run("rundown", cell, "--hours", "0.1", "--plot", str(out), "--csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert len(rows) == 361  # 0…360 s at 1 s
    first, block, last = rows[0], rows[10], rows[-1]
    k = next(c for c in rows[0] if c.startswith("K"))
    na = next(c for c in rows[0] if c.startswith("Na"))
    assert float(block[k]) == pytest.approx(float(first[k]), rel=1e-9)  # a NESS holds still
    assert float(last[k]) < float(first[k]) and float(last[na]) > float(first[na])
    assert out.stat().st_size > 10_000
    bad = run("rundown", cell, "--hours", "-1")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "hours" in bad.stderr


def test_rundown_from_the_ness_with_water_reports_volume_and_assumptions() -> None:
    """`--start ness` on a cell with [water]: nothing moves before the block (a NESS), the
    table has a volume column, and the report says what was derived (the impermeant anions)."""
    cell = str(Path(__file__).resolve().parents[1] / "examples/cells/chapter_neuron_swelling.toml")
    proc = run("rundown", cell, "--start", "ness", "--hours", "0.2", "--csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    vol = next(c for c in rows[0] if c.startswith("volume"))
    assert float(rows[9][vol]) == pytest.approx(float(rows[0][vol]), rel=1e-9)
    assert float(rows[-1][vol]) > float(rows[0][vol])  # NaCl loads in, water follows
    text = run("rundown", cell, "--start", "ness", "--hours", "0.05").stdout
    assert "impermeant anions inside: derived" in text and "volume" in text


def test_ness_command() -> None:
    """`vrest ness CELL`: the concentrations where every flux balances; solve_rest there says
    NESS, and a balance pump without --constant-pump is refused with one line, exit 2."""
    root = Path(__file__).resolve().parents[1] / "examples" / "cells"
    proc = run("ness", str(root / "chapter_neuron_swelling.toml"), "--json")
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    assert d["rest"]["state"] == "NESS"
    assert d["rest"]["V_mV"] == pytest.approx(d["ness"]["V_mV"], abs=1e-6)
    bad = run("ness", str(root / "chapter_neuron.toml"))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "pump" in bad.stderr
