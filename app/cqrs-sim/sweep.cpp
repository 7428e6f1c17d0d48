// Work in progress: implemented by its issue.
#include "commands.h"

#include <cstdio>

namespace cqrs::cli {

int runSweep(const std::vector<std::string> &)
{
    std::fputs("cqrs-sim: 'sweep' is not implemented yet\n", stderr);
    return kExitFailure;
}

} // namespace cqrs::cli
