// Work in progress: implemented by its issue.
#include "commands.h"

#include <cstdio>

namespace cqrs::cli {

int runRun(const std::vector<std::string> &)
{
    std::fputs("cqrs-sim: 'run' is not implemented yet\n", stderr);
    return kExitFailure;
}

} // namespace cqrs::cli
