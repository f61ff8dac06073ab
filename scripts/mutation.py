"""Mutation testing of named modules against their own tests, within a time box (mutmut 3).

Usage (through ``scripts/mutation.sh``, which runs this at the lowest CPU priority)::

    scripts/mutation.sh astrolabe_fab/geometry/projection.py parts/plate.py
    scripts/mutation.sh --minutes 20 --tests tests/parts/test_plate.py parts/plate.py

mutmut reads its configuration only from ``pyproject.toml`` in the directory it runs in, so each
run happens in a scratch directory ``.mutation/<modules>/``: it links the package, the tests and
the example files, and holds a copy of ``pyproject.toml`` whose ``[tool.mutmut]`` table gets, on
top of the project's settings, the modules to mutate (``only_mutate``) and the tests to run
(``pytest_add_cli_args_test_selection``). The tests of a module come from
``[tool.astrofab.mutation.tests]`` or, by default, ``tests/<package>/test_<module>.py``. mutmut
then runs, for each mutant, only the selected tests that call the mutated function.

The report gives per module: killed (a test failed, or the mutant timed out or crashed),
survived (the tests passed, or no selected test calls the function), the equivalent mutants
listed in ``tests/MUTATION.md`` (left out of the rate), the mutants the time box left
unchecked, and the kill rate killed / (checked - equivalent); then every survivor with its diff.
Exit code 0 also when mutants survive: the rate is for people to read, not a gate.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "astrolabe_fab"
SCRATCH = ROOT / ".mutation"
EQUIVALENTS_FILE = ROOT / "tests" / "MUTATION.md"
#: Top-level entries linked into the scratch directory (besides the package and the tests).
LINKED = ("examples", "templates", "scripts", "benchmarks", "README.md")
#: mutmut's exit codes (mutmut/stats.py) grouped into what the report counts.
KILLED_CODES = {1, 3, 36, 37, 24, -24, 152, 255, -9, -11}  # failed, timeout, type check, crash
SURVIVED_CODES = {0, 5, 33}  # tests passed, or no selected test reaches the function
NAME_RE = re.compile(r"`([\w.ǁ]+__mutmut_\d+)`")


@dataclass
class ModuleResult:
    """Counts and survivor names of one module."""

    path: str
    killed: int = 0
    survivors: list[str] = field(default_factory=list)
    equivalent: list[str] = field(default_factory=list)
    unchecked: int = 0
    other: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        checked = self.killed + len(self.survivors) + len(self.other)
        return None if checked == 0 else self.killed / checked


def module_path(arg: str) -> str:
    """'parts/plate.py', 'astrolabe_fab/parts/plate.py' or 'parts.plate' -> package path."""
    path = Path(arg if arg.endswith(".py") else arg.replace(".", "/") + ".py")
    if path.parts[0] != PACKAGE:
        path = Path(PACKAGE, *path.parts)
    if not (ROOT / path).is_file():
        raise SystemExit(f"mutation.sh: no module {arg!r} (looked for {path})")
    return path.as_posix()


def project_config() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def tests_for(module: str, config: dict) -> list[str]:
    """The tests of a module: the pyproject table, else tests/<package>/test_<name>.py."""
    table = config.get("tool", {}).get("astrofab", {}).get("mutation", {}).get("tests", {})
    if module in table:
        return list(table[module])
    rel = Path(module).relative_to(PACKAGE)
    guess = Path("tests", *rel.parts[:-1], f"test_{rel.stem}.py")
    if (ROOT / guess).is_file():
        return [guess.as_posix()]
    raise SystemExit(
        f"mutation.sh: no tests known for {module}: add it to [tool.astrofab.mutation.tests] in"
        " pyproject.toml, or pass --tests"
    )


def _toml_value(value: object) -> str:
    """A TOML literal for strings, numbers, booleans and lists of them (JSON spells them alike)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value)


def scratch_pyproject(config: dict, modules: list[str], tests: list[str]) -> str:
    """The project's pyproject.toml with [tool.mutmut] completed for this run."""
    text = (ROOT / "pyproject.toml").read_text()
    # drop the project's own [tool.mutmut] table; it is written again below, completed
    text = re.sub(r"(?ms)^\[tool\.mutmut\]\n.*?(?=^\[)", "", text)
    settings = dict(config.get("tool", {}).get("mutmut", {}))
    settings["only_mutate"] = modules
    settings["pytest_add_cli_args_test_selection"] = tests
    lines = ["", "[tool.mutmut]"] + [f"{k} = {_toml_value(v)}" for k, v in settings.items()]
    return text.rstrip("\n") + "\n" + "\n".join(lines) + "\n"


def prepare(workdir: Path, config: dict, modules: list[str], tests: list[str], fresh: bool) -> None:
    if fresh and workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    # the package and the tests are copied, never linked: nothing mutmut writes can reach the
    # source tree (the copies are refreshed on every run)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for name in (PACKAGE, "tests"):
        copy = workdir / name
        if copy.is_symlink():
            copy.unlink()
        elif copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(ROOT / name, copy, ignore=ignore)
    for name in LINKED:
        link = workdir / name
        if (ROOT / name).exists() and not link.is_symlink():
            link.symlink_to(ROOT / name)
    (workdir / "pyproject.toml").write_text(scratch_pyproject(config, modules, tests))
    if not fresh and (workdir / "mutants").exists():
        # mutmut copies sources once and the tests on every run; refresh the sources it will
        # not re-mutate (a changed module is re-mutated on its own: its mtime moved)
        for module in modules:
            copy = workdir / "mutants" / module
            if copy.exists() and copy.stat().st_mtime < (ROOT / module).stat().st_mtime:
                copy.unlink()


def run_mutmut(workdir: Path, minutes: float, children: int) -> bool:
    """Run mutmut in ``workdir`` until done or the time box ends; True when it finished."""
    log = workdir / "mutmut.log"
    mutmut = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or shutil.which("mutmut")
    if mutmut is None:
        raise SystemExit("mutation.sh: mutmut is not installed: pip install -e '.[mutation]'")
    cmd = [mutmut, "run", "--max-children", str(children)]
    env = {**os.environ, "ASTROFAB_WORKERS": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    with open(log, "w") as out:
        proc = subprocess.Popen(
            cmd, cwd=workdir, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        try:
            proc.wait(timeout=minutes * 60.0)
        except subprocess.TimeoutExpired:
            print(f"time box of {minutes:g} min reached: stopping mutmut (its results are kept)")
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            return False
    if proc.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-25:]
        print("\n".join(tail))
        raise SystemExit(f"mutation.sh: mutmut failed (exit {proc.returncode}); log: {log}")
    return True


def fingerprint(modules: list[str]) -> dict[str, str]:
    """SHA-256 of each module's source, to prove a run left the source tree untouched."""
    return {m: hashlib.sha256((ROOT / m).read_bytes()).hexdigest() for m in modules}


def listed_equivalents() -> set[str]:
    if not EQUIVALENTS_FILE.is_file():
        return set()
    return set(NAME_RE.findall(EQUIVALENTS_FILE.read_text()))


def collect(workdir: Path, modules: list[str], equivalents: set[str]) -> list[ModuleResult]:
    results = []
    for module in modules:
        res = ModuleResult(module)
        meta = workdir / "mutants" / (module + ".meta")
        codes = json.loads(meta.read_text())["exit_code_by_key"] if meta.is_file() else {}
        for name, code in sorted(codes.items(), key=lambda kv: _natural(kv[0])):
            if code is None:
                res.unchecked += 1
            elif code in KILLED_CODES:
                res.killed += 1
            elif name in equivalents:
                res.equivalent.append(name)
            elif code in SURVIVED_CODES:
                res.survivors.append(name)
            elif code == 34:  # skipped by a pragma
                continue
            else:
                res.other.append(name)
        results.append(res)
    return results


def _natural(name: str) -> tuple[str, int]:
    stem, _, number = name.rpartition("__mutmut_")
    return stem, int(number) if number.isdigit() else 0


def show(workdir: Path, name: str) -> str:
    """The mutant's changed lines (from ``mutmut show``)."""
    mutmut = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or "mutmut"
    out = subprocess.run(
        [mutmut, "show", name], cwd=workdir, capture_output=True, text=True, check=False
    ).stdout
    changed = [
        line
        for line in out.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    return "\n".join("      " + line.rstrip() for line in changed)


def report(workdir: Path, results: list[ModuleResult], equivalents: set[str]) -> None:
    head = f"{'module':44} {'killed':>6} {'surv.':>6} {'equiv.':>6} {'unchk.':>6}  kill rate"
    print(head)
    for r in results:
        rate = "-" if r.rate is None else f"{100.0 * r.rate:.1f} %"
        print(
            f"{r.path:44} {r.killed:6d} {len(r.survivors) + len(r.other):6d}"
            f" {len(r.equivalent):6d} {r.unchecked:6d}  {rate}"
        )
    for r in results:
        if not (r.survivors or r.other):
            continue
        print(f"\nsurvivors in {r.path} (mutmut show NAME, run in {workdir}):")
        for name in r.survivors + r.other:
            print(f"  {name}")
            print(show(workdir, name))
    seen = {n for r in results for n in r.equivalent}
    prefixes = tuple(r.path.removesuffix(".py").replace("/", ".") + "." for r in results)
    stale = sorted(n for n in equivalents - seen if n.startswith(prefixes))
    if stale:
        print("\nlisted in tests/MUTATION.md but not surviving (killed, unchecked or renamed):")
        print("\n".join(f"  {n}" for n in stale))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="+", help="e.g. parts/plate.py or astrolabe_fab/...")
    parser.add_argument("--tests", nargs="+", help="tests to run instead of the configured ones")
    parser.add_argument("--minutes", type=float, help="time box (default from pyproject)")
    parser.add_argument("--children", type=int, default=2, help="parallel mutants (default 2)")
    parser.add_argument(
        "--resume", action="store_true", help="keep earlier results of the same modules"
    )
    parser.add_argument(
        "--report", action="store_true", help="only print the report of the last run"
    )
    args = parser.parse_args()
    config = project_config()
    options = config.get("tool", {}).get("astrofab", {}).get("mutation", {})
    modules = [module_path(m) for m in args.modules]
    tests = args.tests or list(dict.fromkeys(t for m in modules for t in tests_for(m, config)))
    minutes = args.minutes or float(options.get("time_box_minutes", 30))
    slug = "+".join(Path(m).relative_to(PACKAGE).with_suffix("").as_posix() for m in modules)
    workdir = SCRATCH / slug.replace("/", "-")
    if not args.report:
        print(f"mutating {', '.join(modules)}\nagainst  {' '.join(tests)}")
        print(f"time box {minutes:g} min")
        before = fingerprint(modules)
        prepare(workdir, config, modules, tests, fresh=not args.resume)
        start = time.time()
        finished = run_mutmut(workdir, minutes, args.children)
        changed = [m for m, digest in fingerprint(modules).items() if before[m] != digest]
        if changed:
            raise SystemExit(
                f"mutation.sh: the source of {', '.join(changed)} changed during the run"
            )
        status = "finished" if finished else "stopped"
        print(f"mutmut {status} after {time.time() - start:.0f} s")
        print()
    equivalents = listed_equivalents()
    report(workdir, collect(workdir, modules, equivalents), equivalents)


if __name__ == "__main__":
    main()
