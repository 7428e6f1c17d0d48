// cqrs-sim: the headless command line of CQRS Studio. Thin: CLI11 parses the
// sub-commands and their options, one function per sub-command does the work.
#include "commands.h"

#include <CLI/CLI.hpp>
#include <cqrs/sim/simulation.h>

#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace cqrs::cli;

constexpr const char *kExitCodes =
    "Exit codes: 0 success (warnings allowed), 2 the model is invalid or cannot\n"
    "be read, 1 anything else.";

constexpr const char *kHistoryExitCodes =
    "Exit codes: 0 success, 2 the history database cannot be read or a run ID is\n"
    "unknown, 1 anything else.";

// CLI11 writes a positional that takes several values as "ID(2x)" in the
// usage line and "ID TEXT x 2" in the list: this one writes "ID ID..." and
// "ID..." (the description says how many).
class HelpFormatter : public CLI::Formatter
{
public:
    std::string make_option_usage(const CLI::Option *opt) const override
    {
        if (opt->get_expected_max() <= 1)
            return CLI::Formatter::make_option_usage(opt);
        const std::string name = make_option_name(opt, true);
        std::string out;
        for (int i = 1; i < opt->get_expected_min(); ++i)
            out += name + " ";
        out += name + "...";
        return opt->get_required() ? out : "[" + out + "]";
    }
    std::string make_option_opts(const CLI::Option *opt) const override
    {
        if (!opt->get_positional() || opt->get_expected_max() <= 1)
            return CLI::Formatter::make_option_opts(opt);
        return opt->get_required() ? " REQUIRED" : "";
    }
};

// An empty file name (`--out ""`, a script's unset variable) is a mistake,
// not a request for stdout or for the default database.
std::string notEmpty(const std::string &file)
{
    return file.empty() ? std::string("the file name is empty") : std::string();
}

void addDbOption(CLI::App *command, std::string &db, const char *what)
{
    command->add_option("--db", db, what)->type_name("FILE")->check(notEmpty);
}

void addModelOptions(CLI::App *command, ModelOptions &options)
{
    command->add_option("MODEL", options.model, "the model file (*.cqrs.json), or - for standard input")->required();
    command->add_option("--seed", options.seed, "override workload.seed (integer)")->type_name("N");
    command->add_option("--duration", options.duration, "override workload.duration (seconds > 0)")
        ->type_name("S");
    command
        ->add_option("--set", options.sets,
                     "override one field before validation, e.g.\n"
                     "--set readModels.user-view.update.delay=0.2 --set workload.commandRate=500")
        ->type_name("PATH=VALUE")
        ->allow_extra_args(false);
    command->add_option("--out", options.out, "write to FILE (atomically) instead of stdout")
        ->type_name("FILE")
        ->check(notEmpty);
}

// Unknown options and surplus arguments are collected (allow_extras) so that
// the message can say which of the two it is.
int reportExtras(const CLI::App &command)
{
    for (const std::string &arg : command.remaining()) {
        if (arg.size() > 1 && arg[0] == '-') {
            std::fprintf(stderr, "cqrs-sim %s: unknown option '%s'\n\n%s", command.get_name().c_str(),
                         arg.c_str(), command.help("cqrs-sim").c_str());
            return kExitFailure;
        }
    }
    std::fprintf(stderr, "cqrs-sim %s: more than one MODEL ('%s')\n", command.get_name().c_str(),
                 command.remaining().front().c_str());
    return kExitFailure;
}

// "validate, run, sweep, ..." in the order of the help.
std::string subcommandList(const CLI::App &command)
{
    std::string list;
    for (const CLI::App *sub : command.get_subcommands({}))
        list += (list.empty() ? "" : ", ") + sub->get_name();
    return list;
}

// A command word that names no command (`cqrs-sim bogus`, `cqrs-sim history
// bogus`), an option before the command that its level lacks, or no command
// at all: CLI11 says only that a subcommand is required. Returns the level
// (cqrs-sim or cqrs-sim history) whose command is missing or unknown, with
// the word (empty when missing); null when the words name a command that
// takes no further command.
const CLI::App *unknownSubcommand(const CLI::App &app, int argc, char **argv, std::string &word, std::string &name)
{
    const CLI::App *level = &app;
    name = "cqrs-sim";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (!arg.empty() && arg[0] == '-') {
            // Neither level has an option that takes a value.
            if (!level->get_option_no_throw(arg.substr(0, arg.find('=')))) {
                word = arg;
                return level;
            }
            continue;
        }
        const CLI::App *sub = nullptr;
        for (const CLI::App *candidate : level->get_subcommands({})) {
            if (candidate->check_name(arg))
                sub = candidate;
        }
        if (!sub) {
            word = arg;
            return level;
        }
        if (sub->get_subcommands({}).empty())
            return nullptr; // a command with options and arguments of its own
        level = sub;
        name += " " + sub->get_name();
    }
    return level; // no command word at all: word stays empty
}

// CLI11's counts said as the rest of cqrs-sim says things: "--vary: At
// Most 1 required but received 2" reads "--vary is given 2 times; give it
// once", "ID: At least 2 required but received 1" reads "ID: 2 or
// more are needed, 1 was given". Any other message is kept.
std::string countProblem(const std::string &message)
{
    // "WHAT: At Most 1 required but received 2" (no std::regex: GCC 12 warns
    // inside it under the sanitizers' build)
    constexpr std::string_view kAt = ": At ", kReceived = " required but received ";
    const std::size_t at = message.rfind(kAt);
    const std::size_t required = message.find(kReceived, at == std::string::npos ? 0 : at);
    if (at == std::string::npos || required == std::string::npos)
        return message;
    const std::string what = message.substr(0, at);
    const std::size_t kindAt = at + kAt.size();
    const std::string kind = message.substr(kindAt, message.find(' ', kindAt) - kindAt); // Most, least
    const std::size_t limitAt = kindAt + kind.size() + 1;
    const std::string limit = message.substr(limitAt, required - limitAt);
    const std::string given = message.substr(required + kReceived.size());
    const auto number = [](const std::string &text) {
        return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
    };
    if (!number(limit) || !number(given) || (kind != "Most" && kind != "least"))
        return message;
    if (kind == "Most")
        return what + " is given " + given + " times; give it "
               + (limit == "1" ? std::string("once") : "at most " + limit + " times");
    return what + ": " + limit + " or more are needed, " + given + (given == "1" ? " was" : " were") + " given";
}

// Help and --version are not errors; everything else is a usage error
// (exit 1) with the command's help on stderr.
int reportParseError(const CLI::App &app, const CLI::ParseError &error, int argc, char **argv)
{
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
        return app.exit(error);
    std::string word, levelName;
    const CLI::App *level = unknownSubcommand(app, argc, argv, word, levelName);
    if (level && (!word.empty() || std::string(error.what()).find("subcommand is required") != std::string::npos)) {
        const std::string parents = levelName.substr(0, levelName.rfind(' '));
        const std::string problem = word.empty()   ? std::string("a command is required")
                                    : word[0] == '-' ? "unknown option '" + word + "'"
                                                     : "unknown command '" + word + "'";
        std::fprintf(stderr, "%s: %s (the commands are: %s)\n\n%s", levelName.c_str(), problem.c_str(),
                     subcommandList(*level).c_str(), level == &app ? app.help().c_str() : level->help(parents).c_str());
        return kExitFailure;
    }
    // The innermost command given (`history list` is two deep).
    const CLI::App *command = &app;
    std::string name = "cqrs-sim";
    for (bool deeper = true; deeper;) {
        deeper = false;
        for (const CLI::App *sub : command->get_subcommands()) {
            command = sub;
            name += " " + sub->get_name();
            deeper = true;
            break;
        }
    }
    const std::string parents = name.substr(0, name.rfind(' '));
    std::fprintf(stderr, "%s: %s\n\n%s", name.c_str(), countProblem(error.what()).c_str(),
                 command == &app ? app.help().c_str() : command->help(parents).c_str());
    return kExitFailure;
}

} // namespace

int main(int argc, char **argv)
{
    CLI::App app("Simulates a CQRS model file (*.cqrs.json) without the desktop application.", "cqrs-sim");
    app.formatter(std::make_shared<HelpFormatter>());
    app.footer("Exit codes: 0 success (warnings allowed), 2 the model (or challenge, or history\n"
               "database) is invalid or cannot be read, 3 check: a requirement is not met or the\n"
               "answer is over budget, trace: no matching command was issued, 1 anything else.\n"
               "cqrs-sim COMMAND --help says more.");
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("cqrs-sim ") + CQRS_VERSION);

    std::string validateModel;
    CLI::App *validate = app.add_subcommand("validate", "check the model; warnings on stdout, errors on stderr");
    validate->add_option("MODEL", validateModel, "the model file (*.cqrs.json), or - for standard input")->required();
    validate->footer("Exit code 0 when the model is valid (warnings on stdout), 2 when it is\n"
                     "invalid or cannot be read (errors on stderr), 1 on a usage error.");

    RunOptions run;
    CLI::App *runCommand = app.add_subcommand("run", "simulate the model and print the result JSON");
    addModelOptions(runCommand, run.model);
    runCommand->add_flag("--series", run.series, "add per-interval time series");
    addDbOption(runCommand, run.db,
                "record the run in this history database as well\n"
                "(default: the file named by CQRS_STUDIO_DB, when set)");
    runCommand->add_option("--name", run.name, "the recorded run's name (default: the model's name)")
        ->type_name("NAME");
    runCommand->footer(std::string(kExitCodes) + "\nWith --db, a history database that cannot be read is exit 2.");

    SweepOptions sweep;
    CLI::App *sweepCommand = app.add_subcommand("sweep", "run once per value of one field, one JSON line per run");
    addModelOptions(sweepCommand, sweep.model);
    sweepCommand
        ->add_option("--vary", sweep.vary,
                     "the field and its values: STEPS values from FROM to TO inclusive\n"
                     "(STEPS >= 2; ':log' spaces them geometrically, FROM and TO > 0)")
        ->type_name("PATH=FROM:TO:STEPS[:log]")
        ->required();
    sweepCommand->add_option("--jobs", sweep.jobs, "runs in parallel (default 1, at most 64)")->type_name("N");
    addDbOption(sweepCommand, sweep.db,
                "record every point (with the sweep's id and its value) in this history\n"
                "database (default: the file named by CQRS_STUDIO_DB, when set)");
    sweepCommand->footer(std::string("Prints one JSON line per run in value order: {\"value\": v, \"result\": {...}}.\n"
                                     "Example, on the shipped user-profile example:\n"
                                     "  cqrs-sim sweep user-profile.cqrs.json --vary "
                                     "readModels.user-view.update.delay.p99=0.1:10:20:log --jobs 2\n")
                         + kExitCodes);

    CheckOptions check;
    CLI::App *checkCommand = app.add_subcommand("check", "judge an answer to a challenge: requirements x runs, budget, score");
    checkCommand->add_option("CHALLENGE", check.challenge, "the challenge file (*.challenge.json)")->required();
    checkCommand->add_option("MODEL", check.model, "the answer, a model file (*.cqrs.json), or - for standard input");
    checkCommand->add_flag("--solution", check.solution, "judge the challenge's own solution instead of MODEL");
    checkCommand->add_option("--seed", check.seed, "the seed of every run (default: the challenge's seed, else 1)")
        ->type_name("N");
    checkCommand->add_option("--jobs", check.jobs, "runs in parallel (default: the number of processors)")
        ->type_name("N");
    checkCommand->add_flag("--json", check.json,
                           "print one JSON object: challenge, score, withinBudget, budget, runs");
    checkCommand->footer("The answer runs as given and once under each stress of the challenge.\n"
                         "Exit codes: 0 every requirement met in every run within budget, 3 not,\n"
                         "2 the challenge or the answer is invalid or cannot be read (the message\n"
                         "names which), 1 anything else.");

    TraceOptions trace;
    CLI::App *traceCommand = app.add_subcommand("trace", "follow one command through the run, print its journey as JSON");
    addModelOptions(traceCommand, trace.model);
    traceCommand->add_option("--at", trace.at, "follow the first command issued at or after T (default: the warm-up end)")
        ->type_name("T");
    traceCommand->add_option("--type", trace.type, "only a command of this type (a command id; default: any)")
        ->type_name("COMMAND");
    traceCommand->add_option("--reaching", trace.reaching,
                             "only a command whose events this read model or policy consumes (an id; default: any)")
        ->type_name("ID");
    traceCommand->add_flag("--stale-read", trace.staleRead,
                           "follow commands one after another until one's journey has a stale read");
    traceCommand->footer(std::string(kExitCodes)
                         + "\nAlso 2 when --type names no command of the model or one never issued, --reaching\n"
                           "names no read model or policy of the model or one no issued command reaches (or\n"
                           "the --type command does not), or --at is not before the end of the run; 3 when\n"
                           "no such command was issued at or after T before the run ended.");

    for (CLI::App *command : {validate, runCommand, sweepCommand, checkCommand, traceCommand})
        command->allow_extras();

    HistoryOptions historyOptions;
    CLI::App *historyCommand = app.add_subcommand("history", "list, show, compare and delete recorded runs");
    historyCommand->require_subcommand(1);
    historyCommand->footer("The database is --db FILE, else the file named by CQRS_STUDIO_DB, else the\n"
                           "application's own history ($XDG_DATA_HOME/CQRS Studio/CQRS Studio/runs.sqlite).\n"
                           + std::string(kHistoryExitCodes));
    const char *dbHelp = "the history database (default: CQRS_STUDIO_DB, else the application's)";
    CLI::App *listCommand = historyCommand->add_subcommand("list", "list the recorded runs, newest first");
    addDbOption(listCommand, historyOptions.db, dbHelp);
    listCommand->add_flag("--json", historyOptions.json,
                          "one JSON object per line: id, status, name, model, seed, startedAt,\n"
                          "finishedAt (and sweep, value for the points of a sweep)");
    CLI::App *showCommand = historyCommand->add_subcommand("show", "print a run's result exactly as --out wrote it");
    showCommand->add_option("ID", historyOptions.ids, "the run's number")->required()->expected(1);
    addDbOption(showCommand, historyOptions.db, dbHelp);
    CLI::Option *showModel = showCommand->add_flag("--model", historyOptions.model, "print the model as run instead");
    showCommand->add_flag("--series", historyOptions.series, "print the stored series (at most 2,000 points each) instead")
        ->excludes(showModel);
    CLI::App *compareCommand = historyCommand->add_subcommand("compare", "key figures of two or more runs side by side");
    compareCommand->add_option("ID", historyOptions.ids, "the runs' numbers, two or more; the first is the reference")
        ->required()
        ->expected(2, 64);
    addDbOption(compareCommand, historyOptions.db, dbHelp);
    compareCommand->add_flag("--json", historyOptions.json,
                             "print {\"runs\": [ids], \"rows\": [{\"path\", \"values\", \"relative\"}]}");
    CLI::App *deleteCommand = historyCommand->add_subcommand("delete", "delete runs (all or none)");
    deleteCommand->add_option("ID", historyOptions.ids, "the runs' numbers, one or more")->required()->expected(1, 100000);
    addDbOption(deleteCommand, historyOptions.db, dbHelp);
    for (CLI::App *command : {listCommand, showCommand, compareCommand, deleteCommand})
        command->footer(kHistoryExitCodes);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &error) {
        return reportParseError(app, error, argc, argv);
    }

    try {
        for (CLI::App *command : {validate, runCommand, sweepCommand, checkCommand, traceCommand}) {
            if (command->parsed() && !command->remaining().empty())
                return reportExtras(*command);
        }
        if (validate->parsed())
            return runValidate(validateModel);
        if (runCommand->parsed())
            return runRun(run);
        if (checkCommand->parsed())
            return runCheck(check);
        if (traceCommand->parsed())
            return runTrace(trace);
        if (historyCommand->parsed()) {
            if (listCommand->parsed())
                return runHistoryList(historyOptions);
            if (showCommand->parsed())
                return runHistoryShow(historyOptions);
            if (compareCommand->parsed())
                return runHistoryCompare(historyOptions);
            return runHistoryDelete(historyOptions);
        }
        return runSweep(sweep);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "cqrs-sim: %s\n", cqrs::sim::describeRunFailure(e).c_str());
        return kExitFailure;
    } catch (...) {
        std::fputs("cqrs-sim: unexpected error\n", stderr);
        return kExitFailure;
    }
}
