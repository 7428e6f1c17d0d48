// The tandem benchmark model as a minimal hand-written event loop: the
// reference the engine's speed is compared against. Nothing but a
// std::priority_queue of (time, type, sequence) events, one small PRNG
// (xoshiro256**, the engine's generator, so that the comparison measures the
// engine's machinery and not a choice of generator) with exponential sampling
// by inversion, and FIFO queues of arrival times; no statistics beyond
// the running sums needed for the cross-check (which also keep the optimiser
// from removing the work).
//
// Usage: baseline_minimal_loop [--commands N] [--seed S]
// Prints `key value` lines (see run-engine-benchmarks.sh).

#include "benchutil.h"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <functional>
#include <queue>
#include <vector>

namespace {

using namespace cqrs::bench;

enum EventType : std::uint32_t { Arrival, WriteDone, ApplyDone0 };

/// xoshiro256** (Blackman, Vigna), seeded through splitmix64.
class Xoshiro
{
public:
    explicit Xoshiro(std::uint64_t seed)
    {
        for (std::uint64_t &word : m_s) {
            std::uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            word = z ^ (z >> 31);
        }
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    /// Exponential with the given mean; the uniform is in (0, 1], safe for log().
    double exponential(double mean)
    {
        return -mean * std::log(static_cast<double>((next() >> 11) + 1) * 0x1.0p-53);
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t m_s[4];
};

struct Event
{
    double time;
    std::uint32_t type; // Arrival, WriteDone, or ApplyDone0 + read model
    std::uint64_t seq;  // insertion order breaks ties deterministically

    bool operator>(const Event &other) const
    {
        if (time != other.time)
            return time > other.time;
        return seq > other.seq;
    }
};

struct Totals
{
    std::int64_t commands = 0;
    std::int64_t committed = 0;
    std::int64_t events = 0;
    double latencySum = 0;
    std::array<std::int64_t, kReadModels> applied{};
    std::array<double, kReadModels> windowSum{};
};

Totals run(std::int64_t expectedCommands, std::uint64_t seed)
{
    const double duration = double(expectedCommands) / kArrivalRate;
    Xoshiro rng(seed);
    auto interArrival = [](Xoshiro &g) { return g.exponential(1.0 / kArrivalRate); };
    auto handler = [](Xoshiro &g) { return g.exponential(kHandlerMean); };
    auto apply = [](Xoshiro &g) { return g.exponential(kApplyMean); };

    std::priority_queue<Event, std::vector<Event>, std::greater<>> fes;
    std::uint64_t seq = 0;
    auto schedule = [&](double t, std::uint32_t type) { fes.push({t, type, seq++}); };

    std::deque<double> writeQueue; // arrival times; the front one is in service
    std::array<std::deque<double>, kReadModels> readQueues; // commit times

    Totals totals;
    schedule(interArrival(rng), Arrival);
    while (!fes.empty()) {
        const Event ev = fes.top();
        if (ev.time > duration)
            break;
        fes.pop();
        ++totals.events;
        const double now = ev.time;
        switch (ev.type) {
        case Arrival:
            ++totals.commands;
            writeQueue.push_back(now);
            if (writeQueue.size() == 1)
                schedule(now + handler(rng), WriteDone);
            schedule(now + interArrival(rng), Arrival);
            break;
        case WriteDone:
            ++totals.committed;
            totals.latencySum += now - writeQueue.front();
            writeQueue.pop_front();
            if (!writeQueue.empty())
                schedule(now + handler(rng), WriteDone);
            for (int rm = 0; rm < kReadModels; ++rm) {
                readQueues[rm].push_back(now);
                if (readQueues[rm].size() == 1)
                    schedule(now + apply(rng), ApplyDone0 + rm);
            }
            break;
        default: {
            const int rm = int(ev.type - ApplyDone0);
            ++totals.applied[rm];
            totals.windowSum[rm] += now - readQueues[rm].front();
            readQueues[rm].pop_front();
            if (!readQueues[rm].empty())
                schedule(now + apply(rng), ev.type);
            break;
        }
        }
    }
    return totals;
}

} // namespace

int main(int argc, char **argv)
{
    std::int64_t commands = 1'000'000;
    std::uint64_t seed = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--commands") == 0 && i + 1 < argc) {
            commands = parsePositive("--commands", argv[++i]);
        } else if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            seed = std::uint64_t(parsePositive("--seed", argv[++i]));
        } else {
            std::fprintf(stderr, "usage: %s [--commands N] [--seed S]\n", argv[0]);
            return 2;
        }
    }

    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = cpuSeconds();
    const Totals t = run(commands, seed);
    const double cpu = cpuSeconds() - cpuStart;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::printf("implementation minimal-loop\n");
    std::printf("commands %lld\n", static_cast<long long>(t.commands));
    std::printf("simulated_seconds %.1f\n", double(commands) / kArrivalRate);
    std::printf("events %lld\n", static_cast<long long>(t.events));
    std::printf("wall_seconds %.6f\n", wall);
    std::printf("cpu_seconds %.6f\n", cpu);
    std::printf("commands_per_second %.1f\n", double(t.commands) / wall);
    std::printf("commands_per_cpu_second %.1f\n", double(t.commands) / cpu);
    std::printf("mean_latency %.6f\n", t.latencySum / double(t.committed > 0 ? t.committed : 1));
    for (int rm = 0; rm < kReadModels; ++rm) {
        std::printf("mean_window_%d %.6f\n", rm,
                    t.windowSum[rm] / double(t.applied[rm] > 0 ? t.applied[rm] : 1));
    }
    std::printf("peak_kb %ld\n", peakRssKb());
    return 0;
}
