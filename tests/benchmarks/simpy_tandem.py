#!/usr/bin/python3
"""The tandem benchmark model in SimPy 2.3.1 (Debian's python3-simpy).

Poisson commands at 80/s into one write-side worker (exponential handler
time, mean 0.01 s); each commit emits one event that fans out to three read
models, each with one consumer (exponential apply time, mean 0.01 s, no
delays). One SimPy process per command and per (event, read model) apply,
resources with FIFO queues: the idiomatic SimPy way to write this model.

SimPy is slow, so the harness runs it for fewer commands than the C++
implementations and compares rates (simulated commands per wall-clock
second), not wall times.

Prints `key value` lines, the same keys as the C++ benchmarks.
"""

import argparse
import resource
import sys
import time

try:
    from SimPy.Simulation import Process, Resource, Simulation, hold, release, request
except ImportError:
    sys.stderr.write("simpy_tandem.py: SimPy 2 is not importable; install python3-simpy "
                     "and run with /usr/bin/python3 (Debian's interpreter)\n")
    sys.exit(1)

ARRIVAL_RATE = 80.0
HANDLER_MEAN = 0.01
APPLY_MEAN = 0.01
READ_MODELS = 3


class Stats:
    def __init__(self):
        self.commands = 0
        self.committed = 0
        self.latency_sum = 0.0
        self.applied = [0] * READ_MODELS
        self.window_sum = [0.0] * READ_MODELS


class Apply(Process):
    def run(self, consumer, rm, commit_time, rng, stats):
        yield request, self, consumer
        yield hold, self, rng.expovariate(1.0 / APPLY_MEAN)
        yield release, self, consumer
        stats.applied[rm] += 1
        stats.window_sum[rm] += self.sim.now() - commit_time


class Command(Process):
    def run(self, writer, consumers, rng, stats):
        arrived = self.sim.now()
        yield request, self, writer
        yield hold, self, rng.expovariate(1.0 / HANDLER_MEAN)
        yield release, self, writer
        now = self.sim.now()
        stats.committed += 1
        stats.latency_sum += now - arrived
        for rm, consumer in enumerate(consumers):
            a = Apply(sim=self.sim)
            self.sim.activate(a, a.run(consumer, rm, now, rng, stats))


class Source(Process):
    def run(self, duration, writer, consumers, rng, stats):
        while True:
            yield hold, self, rng.expovariate(ARRIVAL_RATE)
            if self.sim.now() >= duration:
                return
            stats.commands += 1
            c = Command(sim=self.sim)
            self.sim.activate(c, c.run(writer, consumers, rng, stats))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=50000,
                        help="expected number of commands; duration = commands / 80 s")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.commands <= 0:
        parser.error("--commands must be positive")

    import random
    rng = random.Random(args.seed)
    duration = args.commands / ARRIVAL_RATE
    stats = Stats()

    start = time.perf_counter()
    cpu_start = time.process_time()
    sim = Simulation()
    sim.initialize()
    writer = Resource(capacity=1, name="writer", sim=sim)
    consumers = [Resource(capacity=1, name="rm%d" % i, sim=sim) for i in range(READ_MODELS)]
    source = Source(sim=sim)
    sim.activate(source, source.run(duration, writer, consumers, rng, stats))
    sim.simulate(until=duration)
    cpu = time.process_time() - cpu_start
    wall = time.perf_counter() - start

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("implementation simpy-%s" % __import__("SimPy").__version__)
    print("commands %d" % stats.commands)
    print("simulated_seconds %.1f" % duration)
    print("wall_seconds %.6f" % wall)
    print("cpu_seconds %.6f" % cpu)
    print("commands_per_second %.1f" % (stats.commands / wall))
    print("commands_per_cpu_second %.1f" % (stats.commands / cpu))
    print("mean_latency %.6f" % (stats.latency_sum / max(stats.committed, 1)))
    for rm in range(READ_MODELS):
        print("mean_window_%d %.6f" % (rm, stats.window_sum[rm] / max(stats.applied[rm], 1)))
    print("peak_kb %d" % peak_kb)


if __name__ == "__main__":
    main()
