#pragma once

#include <string>
#include <vector>

namespace cqrs::cli {

/// Exit codes of the command line (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitInvalidModel = 2;
/// `check`: an answer that does not meet every requirement within budget.
inline constexpr int kExitNotMet = 3;
/// A history database that cannot be read, or an unknown run id (DESIGN section 7).
inline constexpr int kExitBadHistory = 2;

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
    bool warnings = true; ///< print the warnings that change the run (sweep: until one is printed)
    bool *warned = nullptr; ///< set when such a warning was printed
};

struct RunOptions
{
    ModelOptions model;
    bool series = false;
    std::string db;   ///< record into this history; empty: CQRS_STUDIO_DB, if set
    std::string name; ///< the recorded run's name; empty: the model's name
};

struct SweepOptions
{
    ModelOptions model;
    std::string vary; ///< PATH=FROM:TO:STEPS[:log]
    std::string jobs; ///< empty: 1
    std::string db;   ///< record every point into this history; empty: CQRS_STUDIO_DB, if set
};

/// `history list|show|compare|delete`.
struct HistoryOptions
{
    std::string db; ///< empty: CQRS_STUDIO_DB, else the application's default file
    std::vector<std::string> ids;
    bool json = false;
    bool model = false;  ///< show: the model as run
    bool series = false; ///< show: the stored series
};

/// `check CHALLENGE MODEL` or `check CHALLENGE --solution`.
struct CheckOptions
{
    std::string challenge;
    std::string model;     ///< empty with --solution
    bool solution = false; ///< judge the challenge's own solution
    std::string seed;      ///< empty: the challenge's seed, else 1
    std::string jobs;      ///< empty: hardware threads, at most the number of runs
    bool json = false;
};
/// `trace`: the model's options, which command to follow.
struct TraceOptions
{
    ModelOptions model;
    std::string at;         ///< empty: the warm-up end
    std::string type;       ///< empty: any command type
    std::string reaching;   ///< empty: any; else a read model or policy its events must reach
    bool staleRead = false; ///< only a command whose journey has a stale read
};
/// `trace` ran, but no command of the type was issued at or after the time.
inline constexpr int kExitNothingToTrace = 3;

int runValidate(const std::string &modelFile);
int runRun(const RunOptions &options);
int runSweep(const SweepOptions &options);
int runHistoryList(const HistoryOptions &options);
int runHistoryShow(const HistoryOptions &options);
int runHistoryCompare(const HistoryOptions &options);
int runHistoryDelete(const HistoryOptions &options);
int runCheck(const CheckOptions &options);
int runTrace(const TraceOptions &options);

} // namespace cqrs::cli
