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

std::string escapePointerToken(std::string_view token)
{
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

} // namespace cqrs
