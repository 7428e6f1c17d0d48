#pragma once

// Small helpers shared by the engine benchmark and the minimal-loop baseline.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include <time.h>

namespace cqrs::bench {

/// The tandem benchmark model: Poisson commands into one worker, one event
/// per commit fanned out to three single-consumer read models.
inline constexpr double kArrivalRate = 80.0;
inline constexpr double kHandlerMean = 0.01;
inline constexpr double kApplyMean = 0.01;
inline constexpr int kReadModels = 3;

/// Peak resident set size of this process in kB (VmHWM), -1 when unknown.
inline long peakRssKb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0)
            return std::strtol(line.c_str() + 6, nullptr, 10);
    }
    return -1;
}

/// CPU seconds used by this process so far: unlike wall time, not inflated
/// when other processes compete for the cores.
inline double cpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

/// Parses a positive integer option value; exits 2 with a message otherwise.
inline std::int64_t parsePositive(const char *option, const char *text)
{
    char *end = nullptr;
    const long long value = std::strtoll(text, &end, 10);
    if (end == text || *end != '\0' || value <= 0) {
        std::fprintf(stderr, "%s: expected a positive integer, got '%s'\n", option, text);
        std::exit(2);
    }
    return value;
}

} // namespace cqrs::bench
