// `cqrs-sim validate MODEL`: warnings on stdout, errors on stderr (DESIGN section 5).
#include "commands.h"

#include <cqrs/model/modeljson.h>
#include <cstdio>
#include <string>

namespace cqrs::cli {

namespace {

// "FILE:LINE:COLUMN: message" for syntax, "FILE: /json/path: message" for content.
std::string describe(const std::string &file, const Diagnostic &d)
{
    if (d.line > 0)
        return file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": "
               + d.message;
    if (!d.path.empty())
        return file + ": " + d.path + ": " + d.message;
    return file + ": " + d.message;
}

} // namespace

int runValidate(const std::vector<std::string> &args)
{
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::fputs("Usage: cqrs-sim validate MODEL\n"
                   "Checks a model file. Exit code 0 when it is valid (warnings on stdout),\n"
                   "2 when it is invalid or cannot be read (errors on stderr).\n",
                   stdout);
        return kExitOk;
    }
    if (args.size() != 1 || args[0].empty() || (args[0].size() > 1 && args[0][0] == '-')) {
        std::fputs("Usage: cqrs-sim validate MODEL\n", stderr);
        return kExitFailure;
    }
    const std::string &file = args[0];
    const ModelLoadResult result = loadModelFile(file);
    if (!result.ok()) {
        bool any = false;
        for (const Diagnostic &d : result.diagnostics) {
            if (d.isError()) {
                std::fprintf(stderr, "%s\n", describe(file, d).c_str());
                any = true;
            }
        }
        if (!any)
            std::fprintf(stderr, "%s: the model is invalid\n", file.c_str());
        return kExitInvalidModel;
    }
    std::printf("%s: valid\n", file.c_str());
    // One warning per line, "FILE: /json/path: message".
    for (const Diagnostic &d : result.diagnostics) {
        if (!d.isError())
            std::printf("%s\n", describe(file, d).c_str());
    }
    std::fflush(stdout);
    return kExitOk;
}

} // namespace cqrs::cli
