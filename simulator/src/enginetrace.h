#pragma once

// What the engine keeps while it follows one command (SimulationOptions::trace):
// the Trace being filled and the in-flight things that belong to it.
// Internal: not installed, not API. The hooks are Engine members in
// enginetrace.cpp; a run without a trace request has none of this.

#include "cqrs/sim/trace.h"

#include <cstdint>
#include <vector>

namespace cqrs::sim {

struct TraceState
{
    enum class Phase { Waiting, Following, Done };

    Trace trace;
    Phase phase = Phase::Waiting;
    int commandType = -1; ///< -1: any
    std::vector<char> reaches; ///< per command type: its events reach the requested consumer (empty: no such request)
    bool staleRead = false;    ///< TraceRequest::staleRead
    bool notified = false; ///< the sink has had traceFinished()

    // While following.
    std::uint32_t job = 0xffffffffu; ///< the command's job while in the write side
    std::uint32_t aggregate = 0;
    bool windowOpen = false;          ///< from its arrival until its events are all applied
    std::uint32_t ownFollowUp = 0xffffffffu;

    struct PendingDelivery
    {
        std::uint64_t serial = 0; ///< Message::serial (unique while in flight)
        std::uint32_t event = 0;
        std::uint32_t delivery = 0;
        std::uint32_t group = 0;
    };
    std::vector<PendingDelivery> deliveries; ///< not yet applied

    struct PendingRead
    {
        std::uint32_t followUp = 0;
        std::size_t read = 0;
    };
    std::vector<PendingRead> reads; ///< follow-ups issued in the window, not yet served

    std::vector<int> queryAggregate; ///< per query type: the aggregate of its keys, -1 none

    // Per group, the outage or rebuild going on: its start (kept from the run's
    // start, so that one in progress when the command arrives is listed), and
    // its entry in trace.interruptions once following (-1 none).
    std::vector<double> downSince, rebuildSince; ///< -1: none going on
    std::vector<int> openOutage, openRebuild;
};

} // namespace cqrs::sim
