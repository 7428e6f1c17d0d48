// libFuzzer harness: the `--set PATH=VALUE` parser and the model it produces.
// The input is one assignment applied to a small valid model; the result is
// loaded as `cqrs-sim run` would load it.
#include <cqrs/model/modeljson.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

constexpr const char *kBase = R"({
  "format": "cqrs-studio/model", "schemaVersion": 1, "name": "fuzz",
  "aggregates": [ { "id": "a", "instances": 100 } ],
  "commands": [ { "id": "c", "aggregate": "a", "handlerTime": 0.001, "emits": ["e"],
                  "followUp": { "query": "q", "probability": 0.5, "after": 0.01 } } ],
  "events": [ { "id": "e", "aggregate": "a" } ],
  "eventBus": { "partitions": 4, "publishDelay": { "dist": "exponential", "mean": 0.01 } },
  "readModels": [ { "id": "r", "subscribes": ["e"], "consumers": 2,
                    "update": { "mode": "streaming", "delay": { "dist": "lognormal", "median": 0.05, "p99": 0.5 } },
                    "outages": [ { "at": 5, "duration": 2 } ] } ],
  "policies": [ { "id": "p", "subscribes": ["e"], "issues": "c", "probability": 0.1 } ],
  "queries": [ { "id": "q", "readModel": "r", "consistency": { "strategy": "wait-for-version" } } ],
  "workload": { "duration": 10, "commandRate": 10, "queryRate": 10,
                "rateProfile": [ { "at": 2, "factor": 2 } ], "keys": { "dist": "zipf", "s": 1.1 } }
})";

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const cqrs::Json base = *cqrs::parseJsonText(kBase).json;
    cqrs::Json document = base;
    const std::string assignment(reinterpret_cast<const char *>(data), size);
    std::string error;
    if (cqrs::applySetOverride(document, assignment, &error))
        (void)cqrs::modelFromJson(document);
    return 0;
}
