#!/usr/bin/env bash
# Runs the engine benchmarks of issue 3 in one go and prints a table with
# the ratios against the baselines measured in the same run.
#
#   tests/benchmarks/run-engine-benchmarks.sh [BUILD_DIR] [--check]
#
# BUILD_DIR (default: build/ in the source tree) must already contain a Release build with
# CQRS_BUILD_BENCHMARKS=ON (ninja -C BUILD_DIR bench_engine baseline_minimal_loop);
# this script builds nothing. --check exits 1 when a goal is missed.
# With BUILD_DIR/app/cqrs-sim/cqrs-sim built too, each round also times the
# whole `cqrs-sim run` process (start, parse, run, write the result) on the
# tandem model, against the minimal loop of the same round.
#
# Environment: REPEAT (runs per timed case, best rate kept; default 5),
# COMMANDS (tandem size; default 1000000), BIG_COMMANDS (memory run; default
# 10000000), SIMPY_COMMANDS (default 100000), SEED (default 1),
# PYTHON (default /usr/bin/python3, Debian's interpreter that sees python3-simpy).
set -euo pipefail
if [[ -z "${EPOCHREALTIME:-}" ]]; then
    echo "run-engine-benchmarks.sh: needs bash 5 or later (EPOCHREALTIME)" >&2
    exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
build="$src/build"
check=0
for arg in "$@"; do
    case "$arg" in
    --check) check=1 ;;
    -h | --help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run-engine-benchmarks.sh: unknown option '$arg'" >&2; exit 2 ;;
    *) build=$arg ;;
    esac
done
[[ "$build" = /* ]] || build="$PWD/$build"

REPEAT=${REPEAT:-5}
COMMANDS=${COMMANDS:-1000000}
BIG_COMMANDS=${BIG_COMMANDS:-10000000}
SIMPY_COMMANDS=${SIMPY_COMMANDS:-100000}
SEED=${SEED:-1}
PYTHON=${PYTHON:-/usr/bin/python3}
[[ -x "$PYTHON" ]] || PYTHON=python3

minimal="$build/tests/benchmarks/baseline_minimal_loop"
engine="$build/tests/benchmarks/bench_engine"
cli="$build/app/cqrs-sim/cqrs-sim"
netflix="$src/resources/examples/netflix-viewing.cqrs.json"
for exe in "$minimal" "$engine"; do
    if [[ ! -x "$exe" ]]; then
        echo "run-engine-benchmarks.sh: $exe not found; build it first:" >&2
        echo "  cmake -S $src -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release" >&2
        echo "  ninja -C $build bench_engine baseline_minimal_loop" >&2
        exit 2
    fi
done
if [[ -f "$build/CMakeCache.txt" ]] && ! grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt"; then
    echo "run-engine-benchmarks.sh: warning: $build is not a Release build; figures are meaningless" >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# value FILE KEY: the value of a `key value` line.
value() { awk -v k="$2" '$1 == k { print $2; exit }' "$1"; }

# once NAME ROUND CMD...: runs CMD once, keeps its output as $tmp/NAME.ROUND,
# and as $tmp/NAME when it is the fastest run of NAME so far (highest
# commands_per_second).
once() {
    local name=$1 round=$2
    shift 2
    if ! "$@" > "$tmp/$name.$round" 2> "$tmp/$name.err"; then
        echo "run-engine-benchmarks.sh: '$*' failed:" >&2
        cat "$tmp/$name.err" >&2
        exit 1
    fi
    local rate previous=-1
    rate=$(value "$tmp/$name.$round" commands_per_second)
    [[ -f "$tmp/$name" ]] && previous=$(value "$tmp/$name" commands_per_second)
    if awk -v a="$rate" -v b="$previous" 'BEGIN { exit !(a > b) }'; then
        cp "$tmp/$name.$round" "$tmp/$name"
    fi
}

# median_ratio A B KEY: median over the rounds of A's KEY / B's KEY, each
# ratio taken within one round, so that both sides saw the same machine load.
median_ratio() {
    local i
    for ((i = 1; i <= REPEAT; i++)); do
        awk -v a="$(value "$tmp/$1.$i" "$3")" -v b="$(value "$tmp/$2.$i" "$3")" 'BEGIN { printf "%.6f\n", a / b }'
    done | sort -g | awk '{ r[NR] = $1 } END { print (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }'
}

echo "Engine benchmarks: $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg)"
dirty=""
if [[ -n "$(git -C "$src" status --porcelain -- simulator model 2> /dev/null)" ]]; then
    dirty=" (plus uncommitted changes in simulator/ or model/)"
fi
echo "commit $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)$dirty, build $build, seed $SEED"
echo "$REPEAT rounds, each running the minimal loop, the engine and SimPy back to back; the table shows"
echo "each case's fastest run, the goals use the median over the rounds of the ratio within a round"
echo

have_netflix=0
[[ -f "$netflix" ]] && have_netflix=1
((have_netflix)) || echo "run-engine-benchmarks.sh: $netflix missing; netflix row skipped" >&2
have_simpy=0
if "$PYTHON" -c 'import SimPy.Simulation' 2> /dev/null; then
    have_simpy=1
else
    echo "run-engine-benchmarks.sh: SimPy 2 not importable by $PYTHON (apt install python3-simpy); SimPy row skipped" >&2
fi
have_cli=0
if [[ -x "$cli" ]]; then
    have_cli=1
    "$engine" --model tandem --commands "$COMMANDS" --seed "$SEED" --save-model "$tmp/tandem.cqrs.json"
else
    echo "run-engine-benchmarks.sh: $cli not found; the cqrs-sim row is skipped" >&2
fi
# cli_once ROUND: times `cqrs-sim run` on the tandem model, start to exit; the
# command count is the engine's on the same model and seed. The clock is
# bash's own (EPOCHREALTIME, microseconds), read without starting a process:
# `$(date +%s%N)` added the start of two more processes (about 5 ms here).
cli_once() {
    local start end
    start=${EPOCHREALTIME//[!0-9]/}
    if ! "$cli" run "$tmp/tandem.cqrs.json" --out "$tmp/cli-result.json" 2> "$tmp/cli.err"; then
        echo "run-engine-benchmarks.sh: cqrs-sim run failed:" >&2
        cat "$tmp/cli.err" >&2
        exit 1
    fi
    end=${EPOCHREALTIME//[!0-9]/}
    awk -v c="$(value "$tmp/engine1.$1" commands)" -v ns=$(((end - start) * 1000)) \
        'BEGIN { printf "implementation cqrs-sim\ncommands %d\nwall_seconds %.6f\ncommands_per_second %.1f\n", c, ns / 1e9, c / (ns / 1e9) }' \
        > "$tmp/cli.$1"
}
for ((i = 1; i <= REPEAT; i++)); do
    echo "round $i/$REPEAT: minimal loop, engine (tandem, $COMMANDS commands) ..." >&2
    once minimal "$i" "$minimal" --commands "$COMMANDS" --seed "$SEED"
    once engine1 "$i" "$engine" --model tandem --commands "$COMMANDS" --seed "$SEED"
    if ((have_cli)); then
        echo "round $i/$REPEAT: cqrs-sim run (tandem, whole process) ..." >&2
        cli_once "$i"
    fi
    if ((have_simpy)); then
        echo "round $i/$REPEAT: SimPy ($SIMPY_COMMANDS commands) ..." >&2
        once simpy "$i" "$PYTHON" "$here/simpy_tandem.py" --commands "$SIMPY_COMMANDS" --seed "$SEED"
    fi
    if ((have_netflix)); then
        echo "round $i/$REPEAT: engine, netflix example ..." >&2
        once netflix "$i" "$engine" --model "$netflix" --seed "$SEED"
    fi
done
echo "engine, tandem, $BIG_COMMANDS commands (peak memory) ..." >&2
once engine10 1 "$engine" --model tandem --commands "$BIG_COMMANDS" --seed "$SEED"

row() { # row LABEL FILE
    awk -v label="$1" '
        { v[$1] = $2 }
        END {
            w = "-"
            if (v["mean_window_0"] != "")
                w = sprintf("%.4f %.4f %.4f", v["mean_window_0"], v["mean_window_1"], v["mean_window_2"])
            ev = (v["events"] != "" && v["wall_seconds"] > 0) ? sprintf("%.0f", v["events"] / v["wall_seconds"]) : "-"
            printf "%-34s %10d %8.3f %11.0f %11.0f %11s %8.4f  %-20s %7.1f\n", label, v["commands"], v["wall_seconds"],
                   v["commands_per_second"], v["commands_per_cpu_second"], ev, v["mean_latency"], w, v["peak_kb"] / 1024
        }' "$2"
}
printf "%-34s %10s %8s %11s %11s %11s %8s  %-20s %7s\n" "case" "commands" "wall s" "commands/s" "cmds/CPU-s" "events/s" "latency" "windows rm0 rm1 rm2" "peak MB"
row "minimal loop, tandem" "$tmp/minimal"
row "engine, tandem" "$tmp/engine1"
row "engine, tandem ${BIG_COMMANDS} (memory)" "$tmp/engine10"
((have_netflix)) && row "engine, netflix example" "$tmp/netflix"
((have_simpy)) && row "SimPy $(value "$tmp/simpy" implementation | sed 's/simpy-//'), tandem" "$tmp/simpy"
cat << NOTE
(commands/s: simulated commands per wall-clock second, the goals' measure; cmds/CPU-s: per CPU
 second of the process, which machine load does not inflate; events/s: events taken from the
 future event set per wall second; latency, windows: means in seconds, M/M/1 theory for the
 tandem model 1/(100-80) = 0.0500 s each; netflix: ${netflix#"$src"/}
 with warm-up 0 so that every command counts; SimPy runs fewer commands: compare rates, not times)
NOTE
echo

missed=0
goal() { # goal LABEL VALUE OP LIMIT
    local verdict
    if awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN { exit !((op == ">=") ? v >= l : v <= l) }'; then
        verdict=met
    else
        verdict=MISSED
        missed=1
    fi
    printf "%-44s %9.2f   goal %s %-5s %s\n" "$1" "$2" "$3" "$4" "$verdict"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }

goal "engine / minimal loop (commands/s, tandem)" "$(median_ratio engine1 minimal commands_per_second)" ">=" 0.75
printf "%-44s %9.2f   (fastest runs)\n" "  engine / minimal loop, fastest / fastest" \
    "$(ratio "$(value "$tmp/engine1" commands_per_second)" "$(value "$tmp/minimal" commands_per_second)")"
printf "%-44s %9.2f   (per CPU second, median)\n" "  engine / minimal loop (cmds/CPU-s)" \
    "$(median_ratio engine1 minimal commands_per_cpu_second)"
if ((have_cli)); then
    goal "cqrs-sim run process / minimal loop (tandem)" "$(median_ratio cli minimal commands_per_second)" ">=" 0.75
fi
if ((have_netflix)); then
    goal "netflix / tandem, engine (commands/s)" "$(median_ratio netflix engine1 commands_per_second)" ">=" 0.6
    printf "%-44s %9.2f   (per CPU second, median)\n" "  netflix / tandem (cmds/CPU-s)" \
        "$(median_ratio netflix engine1 commands_per_cpu_second)"
fi
if ((have_simpy)); then
    goal "engine / SimPy (commands/s, tandem)" "$(median_ratio engine1 simpy commands_per_second)" ">=" 50
    printf "%-44s %9.2f   (fastest runs)\n" "  engine / SimPy, fastest / fastest" \
        "$(ratio "$(value "$tmp/engine1" commands_per_second)" "$(value "$tmp/simpy" commands_per_second)")"
    printf "%-44s %9.2f   (per CPU second, median)\n" "  engine / SimPy (cmds/CPU-s)" \
        "$(median_ratio engine1 simpy commands_per_cpu_second)"
    printf "%-44s %9.2f   (for scale, median)\n" "minimal loop / SimPy (commands/s)" \
        "$(median_ratio minimal simpy commands_per_second)"
fi
goal "engine peak memory ${BIG_COMMANDS} / ${COMMANDS} commands" \
    "$(ratio "$(value "$tmp/engine10" peak_kb)" "$(value "$tmp/engine1" peak_kb)")" "<=" 1.3
echo

# Cross-check: every implementation's means against M/M/1 theory (0.05 s),
# tolerance 4 standard errors; one standard error is about 3.5% of the mean
# at 100k commands (measured over seeds) and shrinks with 1/sqrt(commands).
echo "Cross-check of the tandem means against theory (0.0500 s; tolerance 4 standard errors for the run length):"
for name in minimal engine1 engine10 simpy; do
    [[ -f "$tmp/$name" ]] || continue
    awk -v name="$(value "$tmp/$name" implementation) $(value "$tmp/$name" commands)" '
        { v[$1] = $2 }
        END {
            tol = 4 * 0.035 * sqrt(100000 / v["commands"])
            worst = 0
            split("mean_latency mean_window_0 mean_window_1 mean_window_2", keys, " ")
            for (i in keys) {
                if (v[keys[i]] == "") continue
                d = v[keys[i]] / 0.05 - 1
                if (d < 0) d = -d
                if (d > worst) worst = d
            }
            printf "  %-34s worst deviation %5.2f%% (tolerance %4.1f%%) %s\n", name, 100 * worst, 100 * tol,
                   (worst <= tol) ? "ok" : "DISAGREES"
            if (worst > tol) exit 1
        }' "$tmp/$name" || missed=1
done

if ((check && missed)); then
    exit 1
fi
exit 0
