#!/usr/bin/env python3
"""Run history and sweep benchmarks through the real `cqrs-sim` binary
(issue 10, "Speed and size"). Prints `key value` lines.

1. Recording overhead: `cqrs-sim run MODEL --out F` against the same with
   `--db DB`, interleaved round by round (the order alternates, so a load
   spike hits both sides alike); medians of wall time and of the child's CPU
   time (user + system, from wait4), and their ratios; the median of each
   round's ratio with a bootstrap 95% interval.
2. Sweep speed-up: `cqrs-sim sweep MODEL --vary ... --jobs 1` against
   `--jobs 2`, interleaved likewise; medians of wall time and the ratio
   jobs1 / jobs2, with the machine's load average before and after.

Usage: bench_cli.py CQRS_SIM [--model FILE] [--rounds N] [--sweep-rounds N]
                    [--vary PATH=FROM:TO:STEPS[:log]] [--duration S] [--skip-record] [--skip-sweep]
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_MODEL = os.path.join(HERE, "..", "..", "resources", "examples", "netflix-viewing.cqrs.json")


def timed(argv):
    """Runs argv; returns (wall seconds, CPU seconds of the child)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(argv)} exited with {code}: {err.strip()}")
    return wall, usage.ru_utime + usage.ru_stime


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def interleave(rounds, a, b):
    """Medians of (wall, cpu) for commands a and b, alternating which goes first."""
    wa, ca, wb, cb = [], [], [], []
    for r in range(rounds):
        order = [(a, wa, ca), (b, wb, cb)]
        if r % 2:
            order.reverse()
        for cmd, walls, cpus in order:
            w, c = cmd()
            walls.append(w)
            cpus.append(c)
    med = statistics.median
    return (med(wa), med(ca), med(wb), med(cb), wa, wb)


def bootstrap_median_interval(values, resamples=4000, seed=1):
    """A 95% interval for the median of values: the 2.5th and 97.5th
    percentiles of the medians of resamples drawn with replacement (fixed
    seed, so that the same figures give the same interval)."""
    rng = random.Random(seed)
    medians = sorted(statistics.median(rng.choices(values, k=len(values)))
                     for _ in range(resamples))
    return medians[int(0.025 * resamples)], medians[int(0.975 * resamples) - 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cqrs_sim")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--rounds", type=int, default=21)
    ap.add_argument("--sweep-rounds", type=int, default=5)
    ap.add_argument("--vary", default="readModels.recommendations.update.interval=10:600:16:log")
    ap.add_argument("--duration", default=None, help="workload.duration for the sweep's runs")
    ap.add_argument("--skip-record", action="store_true")
    ap.add_argument("--skip-sweep", action="store_true")
    args = ap.parse_args()

    print(f"cores {os.cpu_count()}")
    print(f"load_before {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.json")
        db = os.path.join(tmp, "runs.sqlite")
        if not args.skip_record:
            plain = lambda: timed([args.cqrs_sim, "run", args.model, "--out", out])
            recorded = lambda: timed([args.cqrs_sim, "run", args.model, "--out", out, "--db", db])
            recorded()  # the database's creation is not what is measured
            w0, c0, w1, c1, walls0, walls1 = interleave(args.rounds, plain, recorded)
            print(f"record_rounds {args.rounds}")
            print(f"run_wall_median_ms {w0 * 1000:.1f}")
            print(f"run_db_wall_median_ms {w1 * 1000:.1f}")
            print(f"record_wall_ratio {w1 / w0:.4f}")
            # Each round's two runs are back to back: the median of their
            # ratios is not moved by a machine whose speed drifts over the
            # minute the rounds take (the ratio of medians above is).
            paired = statistics.median(b / a for a, b in zip(walls0, walls1))
            print(f"record_wall_ratio_paired {paired:.4f}")
            lo, hi = bootstrap_median_interval([b / a for a, b in zip(walls0, walls1)])
            print(f"record_wall_ratio_paired_ci95 {lo:.4f} {hi:.4f}")
            print(f"record_wall_ratio_fastest {min(walls1) / min(walls0):.4f}")
            print(f"run_cpu_median_ms {c0 * 1000:.1f}")
            print(f"run_db_cpu_median_ms {c1 * 1000:.1f}")
            print(f"record_cpu_ratio {c1 / c0:.4f}")
            print(f"load_after_record {load()}")
        if not args.skip_sweep:
            base = [args.cqrs_sim, "sweep", args.model, "--vary", args.vary, "--out", out]
            if args.duration:
                base += ["--duration", args.duration]
            one = lambda: timed(base + ["--jobs", "1"])
            two = lambda: timed(base + ["--jobs", "2"])
            w1, c1, w2, c2, walls1, walls2 = interleave(args.sweep_rounds, one, two)
            print(f"sweep_rounds {args.sweep_rounds}")
            print(f"sweep_jobs1_wall_median_s {w1:.3f}")
            print(f"sweep_jobs2_wall_median_s {w2:.3f}")
            print(f"sweep_speedup {w1 / w2:.3f}")
            print(f"sweep_speedup_best {min(walls1) / min(walls2):.3f}")
            print(f"sweep_jobs1_cpu_median_s {c1:.3f}")
            print(f"sweep_jobs2_cpu_median_s {c2:.3f}")
            print(f"load_after_sweep {load()}")


if __name__ == "__main__":
    main()
