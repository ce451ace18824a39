"""Time the opinion map against red-dwarf 0.4.0 on the same planted-group data, in one run.

Run:  .venv/bin/python benchmarks/opinion_map.py --setup      # once: red-dwarf's own venv
      .venv/bin/python benchmarks/opinion_map.py [--sizes 1000x100,10000x500,50000x1000]
            [--huge] [--huge-size 1000000x2000] [--skip-reddwarf] [--real]

``--setup`` creates ``var/bench-venv`` (or ``--venv DIR``) with ``pip install red-dwarf==0.4.0``:
never the project's own venv.

The data (``../shared/reference/opinion-map.md`` B.2): three planted groups of 50 / 30 / 20 %
of participants; each group leans agree or disagree on each statement at random, 15 % of the
statements are consensus (the same lean in every group); a participant votes with the lean
70 %, against it 15 % and passes 15 % of the time; each participant's voting rate is uniform
in [5 %, 25 %] (about 15 % of cells voted). Votes are shuffled, as votes arrive interleaved.

Each implementation runs in a **fresh child process** on the same saved arrays: ours through
``opinion_map.compute(VoteArrays(...))`` in the project's venv, red-dwarf through
``reddwarf.implementations.polis.run_pipeline(votes=[{participant_id, statement_id, vote,
modified}, ...], random_state=0)`` in its own venv (its required input is a list of dicts,
built before the clock starts). Printed per size: the call's wall time, the child's peak RSS
(ru_maxrss, so it includes the interpreter, libraries and input) and its RSS just before the
call, the adjusted Rand index of the clustered participants (≥ 7 votes) against the planted
groups, the k found, and our ratios. ``--huge`` adds the 1,000,000 × 2,000 conversation (ours
only; about 300 million votes, 2.7 GB of input arrays) against its 60 s / 8 GB target.
``--real`` also runs both on the two Pol.is exports in ``../shared/data/polis`` and prints
each one's ARI against Pol.is' own groups.

CPU: each child also reports its own CPU time (all its threads). The machine has 2 cores and
may be shared: wall time then suffers from waiting (multithreaded BLAS and OpenMP spin), CPU
time much less; run it on a quiet machine for the wall-time ratios that the targets use.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "polis"
DEFAULT_VENV = ROOT / "var" / "bench-venv"
SIZES = "1000x100,10000x500,50000x1000"
HUGE = "1000000x2000"
TARGET_SPEEDUP = 30.0
TARGET_MEMORY = 0.25
HUGE_SECONDS = 60.0
HUGE_BYTES = 8 * 1024**3
SHARES = (0.5, 0.3, 0.2)


# --- Data ------------------------------------------------------------------------------------

def generate(n: int, m: int, seed: int = 0, shuffle: bool = True) -> dict[str, np.ndarray]:
    """Planted-group votes (see the module docstring) as compact arrays, in chunks."""
    rng = np.random.default_rng(seed)
    planted = rng.choice(len(SHARES), size=n, p=SHARES).astype(np.int8)
    lean = rng.choice(np.array([-1, 1], dtype=np.int8), size=(len(SHARES), m))
    consensus = rng.random(m) < 0.15
    lean[:, consensus] = lean[0, consensus]
    rate = rng.uniform(0.05, 0.25, size=n).astype(np.float32)
    # Each vote packed into one int64 (participant, statement, value + 1), so that the shuffle
    # runs in place on one array: the 1M × 2,000 case has 300 million votes.
    packed = []
    step = max(1, 20_000_000 // m)
    for start in range(0, n, step):
        stop = min(n, start + step)
        voted = rng.random((stop - start, m), dtype=np.float32) < rate[start:stop, None]
        r, c = np.nonzero(voted)
        del voted
        r += start
        draw = rng.random(len(r), dtype=np.float32)
        with_lean = lean[planted[r], c]
        value = np.where(draw < 0.70, with_lean, np.where(draw < 0.85, -with_lean, 0))
        packed.append((r.astype(np.int64) << 24) | (c.astype(np.int64) << 2) | (value + 1))
    votes = np.concatenate(packed)
    del packed
    if shuffle:
        rng.shuffle(votes)
    participants = np.empty(len(votes), dtype=np.int32)
    statements = np.empty(len(votes), dtype=np.int32)
    values = np.empty(len(votes), dtype=np.int8)
    for start in range(0, len(votes), 20_000_000):
        chunk = votes[start:start + 20_000_000]
        participants[start:start + len(chunk)] = chunk >> 24
        statements[start:start + len(chunk)] = (chunk >> 2) & (2**22 - 1)
        values[start:start + len(chunk)] = (chunk & 3) - 1
    del votes
    return {"participants": participants, "statements": statements, "values": values,
            "planted": planted}


def save(data: dict[str, np.ndarray], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, array in data.items():
        np.save(directory / f"{name}.npy", array)


# --- Children (each measures itself) ---------------------------------------------------------

def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_ours(directory: Path) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from sklearn.metrics import adjusted_rand_score

    from samskap.analysis.opinion_map import VoteArrays, compute

    arrays = {name: np.load(directory / f"{name}.npy")
              for name in ("participants", "statements", "values", "planted")}
    votes = VoteArrays(arrays["participants"], arrays["statements"], arrays["values"])
    before = rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    result = compute(votes, seed=0)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = peak_mb()
    clustered = [p for p, g in result.participants.items() if g is not None]
    ari = adjusted_rand_score(arrays["planted"][clustered],
                              [result.participants[p] for p in clustered])
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "before_mb": before, "ari": ari,
            "k": result.k, "clustered": len(clustered)}


def child_reddwarf(directory: Path) -> dict[str, Any]:
    from reddwarf.implementations.polis import run_pipeline
    from sklearn.metrics import adjusted_rand_score

    arrays = {name: np.load(directory / f"{name}.npy")
              for name in ("participants", "statements", "values", "planted")}
    votes = [{"participant_id": p, "statement_id": s, "vote": v, "modified": i}
             for i, (p, s, v) in enumerate(zip(arrays["participants"].tolist(),
                                               arrays["statements"].tolist(),
                                               arrays["values"].tolist(), strict=True))]
    for name in ("participants", "statements", "values"):
        del arrays[name]
    before = rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    result = run_pipeline(votes=votes, random_state=0)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = peak_mb()
    frame = result.participants_df
    frame = frame[frame["to_cluster"] & frame["cluster_id"].notna()]
    ids = np.asarray(frame.index, dtype=np.int64)
    ari = adjusted_rand_score(arrays["planted"][ids], frame["cluster_id"].astype(int))
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "before_mb": before, "ari": ari,
            "k": int(frame["cluster_id"].nunique()), "clustered": len(ids)}


def child_real(which: str) -> dict[str, Any]:
    """ARI against Pol.is' own groups on the two real exports."""
    import csv

    from sklearn.metrics import adjusted_rand_score

    out: dict[str, Any] = {}
    groups: dict[int, int]
    for name in sorted(os.listdir(DATA)):
        folder = DATA / name
        def table(file: str, folder: Path = folder) -> list[dict[str, str]]:
            with open(folder / file, newline="") as handle:
                return list(csv.DictReader(handle))

        rows = sorted(table("votes.csv"), key=lambda r: int(r["timestamp"]))
        last = {(int(r["voter-id"]), int(r["comment-id"])): (int(r["vote"]), int(r["timestamp"]))
                for r in rows}  # the last vote wins (red-dwarf refuses duplicates)
        moderated = [int(r["comment-id"]) for r in table("comments.csv")
                     if r["moderated"] == "-1"]
        polis = {int(r["participant"]): r["group-id"] for r in table("participants-votes.csv")}
        if which == "ours":
            sys.path.insert(0, str(ROOT))
            from samskap.analysis.opinion_map import compute

            result = compute([(p, s, v) for (p, s), (v, _t) in last.items()],
                             moderated_out=moderated)
            groups = {int(str(p)): g for p, g in result.participants.items() if g is not None}
        else:
            from reddwarf.implementations.polis import run_pipeline

            result = run_pipeline(votes=[{"participant_id": p, "statement_id": s, "vote": v,
                                          "modified": t} for (p, s), (v, t) in last.items()],
                                  mod_out_statement_ids=moderated, random_state=0)
            frame = result.participants_df
            frame = frame[frame["to_cluster"] & frame["cluster_id"].notna()]
            groups = dict(zip(frame.index.tolist(), frame["cluster_id"].astype(int).tolist(),
                              strict=True))
        both = [p for p in groups if polis.get(p)]
        out[name] = {"ari": adjusted_rand_score([polis[p] for p in both],
                                                [groups[p] for p in both]),
                     "compared": len(both), "k": len(set(groups.values()))}
    return out


def run_child(python: Path, mode: str, argument: str, timeout: float) -> dict[str, Any]:
    command = [str(python), str(Path(__file__).resolve()), "--child", mode, argument]
    done = subprocess.run(command, capture_output=True, text=True,  # noqa: S603 (our own script)
                          timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} failed ({done.returncode}): {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- Driver ----------------------------------------------------------------------------------

def setup(venv: Path) -> None:
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True)  # noqa: S603
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet",  # noqa: S603
                    "red-dwarf==0.4.0"], check=True)
    print(f"red-dwarf 0.4.0 installed in {venv}")


def parse_size(text: str) -> tuple[int, int]:
    n, m = text.lower().split("x")
    return int(n), int(m)


def line(name: str, r: dict[str, Any]) -> str:
    return (f"  {name:10} {r['seconds']:8.2f} s (CPU {r['cpu']:7.2f} s)  "
            f"peak {r['peak_mb']:7,.0f} MB (before call {r['before_mb']:7,.0f} MB)  "
            f"ARI {r['ari']:.3f}  k {r['k']}  clustered {r['clustered']:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "ARG"), help=argparse.SUPPRESS)
    parser.add_argument("--setup", action="store_true", help="create red-dwarf's venv")
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV)
    parser.add_argument("--sizes", default=SIZES)
    parser.add_argument("--huge", action="store_true", help="add the 1M × 2,000 case (ours)")
    parser.add_argument("--huge-size", default=HUGE)
    parser.add_argument("--skip-reddwarf", action="store_true")
    parser.add_argument("--real", action="store_true",
                        help="ARI against Pol.is' own groups on the real exports")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()

    if args.child:
        mode, argument = args.child
        if mode == "real-ours":
            print(json.dumps(child_real("ours")))
        elif mode == "real-reddwarf":
            print(json.dumps(child_real("reddwarf")))
        else:
            runner = child_ours if mode == "ours" else child_reddwarf
            print(json.dumps(runner(Path(argument))))
        return
    if args.setup:
        setup(args.venv)
        return

    ours_python = Path(sys.executable)
    reddwarf_python = args.venv / "bin" / "python"
    if not args.skip_reddwarf and not reddwarf_python.exists():
        sys.exit(f"no red-dwarf venv at {args.venv}: run with --setup first "
                 f"(or --skip-reddwarf)")
    sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="opinion-map-bench-") as scratch:
        for n, m in sizes:
            folder = Path(scratch) / f"{n}x{m}"
            started = time.perf_counter()
            data = generate(n, m)
            votes = len(data["values"])
            save(data, folder)
            del data
            print(f"{n:,} × {m:,}: {votes:,} votes ({votes / (n * m):.1%} of cells; generated "
                  f"in {time.perf_counter() - started:.1f} s)", flush=True)
            ours = run_child(ours_python, "ours", str(folder), args.timeout)
            print(line("ours", ours), flush=True)
            if args.skip_reddwarf:
                continue
            theirs = run_child(reddwarf_python, "reddwarf", str(folder), args.timeout)
            print(line("red-dwarf", theirs))
            speed = theirs["seconds"] / ours["seconds"]
            memory = ours["peak_mb"] / theirs["peak_mb"]
            cpu = theirs["cpu"] / ours["cpu"]
            print(f"  ratio      {speed:.1f}× faster (CPU time {cpu:.1f}×), {memory:.2f}× the "
                  f"peak memory, ARI {ours['ari'] - theirs['ari']:+.3f}",
                  flush=True)
            if (n, m) == (50_000, 1_000):
                met = (speed >= TARGET_SPEEDUP and memory <= TARGET_MEMORY
                       and ours["ari"] >= theirs["ari"] - 1e-9)
                print(f"  target (≥{TARGET_SPEEDUP:.0f}× faster, ≤{TARGET_MEMORY:.2f}× memory, "
                      f"ARI no lower): {'met' if met else 'NOT met'}")
        if args.huge:
            n, m = parse_size(args.huge_size)
            folder = Path(scratch) / "huge"
            started = time.perf_counter()
            data = generate(n, m)
            votes = len(data["values"])
            save(data, folder)
            del data
            print(f"{n:,} × {m:,}: {votes:,} votes (generated in "
                  f"{time.perf_counter() - started:.1f} s)", flush=True)
            ours = run_child(ours_python, "ours", str(folder), args.timeout)
            print(line("ours", ours))
            met = ours["seconds"] < HUGE_SECONDS and ours["peak_mb"] * 1024**2 < HUGE_BYTES
            print(f"  target (under {HUGE_SECONDS:.0f} s and 8 GB): "
                  f"{'met' if met else 'NOT met'}")
    if args.real:
        print("Real Pol.is exports, ARI against Pol.is' own groups (participants both cluster):")
        ours_real = run_child(ours_python, "real-ours", "-", args.timeout)
        theirs_real = (None if args.skip_reddwarf else
                       run_child(reddwarf_python, "real-reddwarf", "-", args.timeout))
        for name, r in ours_real.items():
            text = f"  {name:22} ours ARI {r['ari']:.3f} (k {r['k']}, {r['compared']} compared)"
            if theirs_real:
                t = theirs_real[name]
                text += f"; red-dwarf ARI {t['ari']:.3f} (k {t['k']}, {t['compared']} compared)"
            print(text)


if __name__ == "__main__":
    main()
