// `cqrs-sim validate MODEL`: warnings on stdout, errors on stderr.
#include "commands.h"
#include "simcommon.h"

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

int runValidate(const std::string &file)
{
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
    std::string text = file + ": valid\n";
    // One warning per line, "FILE: /json/path: message".
    for (const Diagnostic &d : result.diagnostics) {
        if (!d.isError())
            text += describe(file, d) + "\n";
    }
    // A full disk or a closed pipe is said, as run and sweep say it.
    return writeOutput({}, text) ? kExitOk : kExitFailure;
}

} // namespace cqrs::cli
