#pragma once

// Traces for the tests of the engine and of the GUI: one command's journey
// taken by the engine itself, stepping only until the trace is complete.
// Needs the simulator library (Cqrs::Simulator, or Cqrs::Ui which links it).

#include <cqrs/model/model.h>
#include <cqrs/sim/simulation.h>
#include <cqrs/sim/trace.h>
#include <optional>
#include <string>

namespace cqrs::testing {

/// The trace `request` asks of a run of `model`, as complete as the run makes it.
inline sim::Trace traceOf(const Model &model, const sim::TraceRequest &request)
{
    sim::SimulationOptions options;
    options.trace = request;
    sim::Simulation s(model, options);
    while (!s.trace()->complete && s.step()) {
    }
    return *s.trace();
}

/// The trace of the first command of `commandType` (any type when empty)
/// issued at or after `at` simulated seconds (the first command at all
/// without `at`).
inline sim::Trace traceOf(const Model &model, std::optional<double> at,
                          const std::string &commandType = {})
{
    return traceOf(model, sim::TraceRequest(at, commandType));
}

} // namespace cqrs::testing
