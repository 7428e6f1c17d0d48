// `cqrs-sim validate MODEL`: warnings on stdout, errors on stderr.
#include "commands.h"
#include "simcommon.h"

#include <cqrs/model/modeljson.h>
#include <cstdio>
#include <exception>
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

int runValidate(const std::string &path)
{
    const std::string file = modelName(path);
    std::string text, error;
    if (!readModelText(path, text, error)) {
        std::fprintf(stderr, "%s: cannot open the file: %s\n", file.c_str(), error.c_str());
        return kExitInvalidModel;
    }
    ModelLoadResult result;
    try {
        result = parseModel(text);
    } catch (const std::exception &e) { // out of memory: said as a file that cannot be read
        std::fprintf(stderr, "%s: cannot read the file: %s\n", file.c_str(), e.what());
        return kExitInvalidModel;
    }
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
    std::string report = file + ": valid\n";
    // One warning per line, "FILE: /json/path: message".
    for (const Diagnostic &d : result.diagnostics) {
        if (!d.isError())
            report += describe(file, d) + "\n";
    }
    // A full disk or a closed pipe is said, as run and sweep say it.
    return writeOutput({}, report) ? kExitOk : kExitFailure;
}

} // namespace cqrs::cli
