#pragma once

#include <string>
#include <vector>

namespace cqrs::cli {

/// Exit codes of the command line (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitInvalidModel = 2;

/// What `run` and `sweep` share: the model and the overrides applied to it
/// before validation, and where the output goes. Values are kept as typed
/// so that each command can name the option in its message.
struct ModelOptions
{
    std::string model;
    std::vector<std::string> sets; ///< PATH=VALUE, in the order given
    std::string seed;              ///< empty: the model's workload.seed
    std::string duration;          ///< empty: the model's workload.duration
    std::string out;               ///< empty: standard output
};

struct RunOptions
{
    ModelOptions model;
    bool series = false;
};

struct SweepOptions
{
    ModelOptions model;
    std::string vary; ///< PATH=FROM:TO:STEPS[:log]
    std::string jobs; ///< empty: 1
};

int runValidate(const std::string &modelFile);
int runRun(const RunOptions &options);
int runSweep(const SweepOptions &options);

} // namespace cqrs::cli
