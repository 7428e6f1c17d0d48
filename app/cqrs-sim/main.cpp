// cqrs-sim: the headless command line of CQRS Studio (DESIGN section 5).
// Thin: dispatches to one function per sub-command.
#include "commands.h"

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

constexpr const char *kUsage =
    "Usage:\n"
    "  cqrs-sim run MODEL [--seed N] [--duration S] [--set PATH=VALUE]... [--series] [--out FILE]\n"
    "  cqrs-sim validate MODEL\n"
    "  cqrs-sim sweep MODEL --vary PATH=FROM:TO:STEPS[:log] [--jobs N] [--out FILE]\n"
    "  cqrs-sim --help | --version\n"
    "\n"
    "Simulates a CQRS model file (*.cqrs.json) without the desktop application.\n"
    "\n"
    "  run        simulate the model and print the result JSON\n"
    "  validate   check the model; warnings on stdout, errors on stderr\n"
    "  sweep      run once per value of one field, one JSON line per run\n"
    "\n"
    "Exit codes: 0 success (warnings allowed), 2 the model is invalid or cannot\n"
    "be read, 1 anything else.\n";

} // namespace

int main(int argc, char **argv)
{
    using namespace cqrs::cli;
    try {
        std::vector<std::string> args(argv + 1, argv + argc);
        if (args.empty()) {
            std::fputs(kUsage, stderr);
            return kExitFailure;
        }
        const std::string command = args.front();
        args.erase(args.begin());
        if (command == "--help" || command == "-h" || command == "help") {
            std::fputs(kUsage, stdout);
            return kExitOk;
        }
        if (command == "--version") {
            std::printf("cqrs-sim %s\n", CQRS_VERSION);
            return kExitOk;
        }
        if (command == "validate")
            return runValidate(args);
        if (command == "run")
            return runRun(args);
        if (command == "sweep")
            return runSweep(args);
        std::fprintf(stderr, "cqrs-sim: unknown command '%s'\n\n%s", command.c_str(), kUsage);
        return kExitFailure;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "cqrs-sim: %s\n", e.what());
        return kExitFailure;
    } catch (...) {
        std::fputs("cqrs-sim: unexpected error\n", stderr);
        return kExitFailure;
    }
}
