// Work in progress: implemented by its issue.
#include "commands.h"

#include <cstdio>

namespace cqrs::cli {

int runValidate(const std::vector<std::string> &)
{
    std::fputs("cqrs-sim: 'validate' is not implemented yet\n", stderr);
    return kExitFailure;
}

} // namespace cqrs::cli
