// libFuzzer harness: the engine on small valid models. The model loader
// decides what is valid; the run is clamped to a few simulated seconds and a
// small event budget so that each input runs in milliseconds.
#include <cqrs/model/modeljson.h>
#include <cqrs/model/validation.h>
#include <cqrs/sim/simulation.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    cqrs::ModelLoadResult loaded = cqrs::parseModel(text);
    if (!loaded.ok())
        return 0;
    cqrs::Model &model = *loaded.model;
    model.workload.duration = std::min(model.workload.duration, 5.0);
    model.workload.warmup = std::min(model.workload.warmup, model.workload.duration / 2);
    if (model.workload.sampleInterval)
        model.workload.sampleInterval = std::max(*model.workload.sampleInterval, 0.01);
    if (!(cqrs::expectedEngineEvents(model) <= 200'000))
        return 0;
    try {
        cqrs::sim::SimulationOptions options;
        options.series = size % 2 == 0;
        const cqrs::Json result = cqrs::sim::simulate(model, options);
        (void)cqrs::sim::formatResult(result);
    } catch (const cqrs::sim::SimulationError &) {
        // A refusal with a message is a correct answer.
    }
    return 0;
}
