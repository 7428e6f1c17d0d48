#pragma once

#include <string>
#include <vector>

namespace cqrs::cli {

/// Exit codes of DESIGN section 5.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitInvalidModel = 2;

/// Each takes the arguments after its sub-command name.
int runValidate(const std::vector<std::string> &args);
int runRun(const std::vector<std::string> &args);
int runSweep(const std::vector<std::string> &args);

} // namespace cqrs::cli
