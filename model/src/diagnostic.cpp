#include "cqrs/model/diagnostic.h"

#include <algorithm>

namespace cqrs {

std::string Diagnostic::located() const
{
    if (line > 0)
        return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": "
               + message;
    if (!path.empty())
        return path + ": " + message;
    return message;
}

bool hasErrors(const Diagnostics &diagnostics)
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic &d) { return d.isError(); });
}

} // namespace cqrs
