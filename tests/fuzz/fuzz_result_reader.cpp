// libFuzzer harness: what reads a stored result again. The history keeps each
// run's result and series as JSON text; reopening a run, `cqrs-sim history
// show/compare` and the Compare window parse that text and hand it to the
// Qt-free readers below (the GUI's own drawing is not fuzzed here; what it
// reads comes from sim::resultFromJson, fuzzed here too). There is
// no reader of trace files: the trace format is only written.
// Beyond "no crash": every compare row has one value per run, the compare
// document can be written as text, and decimating a series is idempotent and
// keeps at most the asked number of points; a result the typed reader accepts
// is written back by toJson() to JSON it reads again to the same JSON, and
// a result it refuses comes with a message.
#include <cqrs/history/compare.h>
#include <cqrs/history/series.h>
#include <cqrs/model/challenge.h>
#include <cqrs/sim/result.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void broken(const char *what)
{
    std::fprintf(stderr, "result reader: %s\n", what);
    std::abort();
}

void checkSeries(const cqrs::Json &series, std::size_t maxPoints)
{
    const cqrs::Json once = cqrs::history::decimateSeries(series, maxPoints);
    if (cqrs::history::decimateSeries(once, maxPoints) != once)
        broken("decimating a decimated series changes it");
    (void)cqrs::history::seriesText(series, maxPoints);
    // The arrays the history keeps are no longer than asked.
    if (once.is_object() && once.contains("t") && once["t"].is_array()
        && series.contains("t") && series["t"].is_array() && series["t"].size() > maxPoints
        && once["t"].size() > maxPoints)
        broken("a decimated series keeps more points than asked");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    // As the readers do: a parse error is an absent result.
    cqrs::Json result = cqrs::Json::parse(text.begin(), text.end(), nullptr, false);
    if (result.is_discarded())
        result = cqrs::Json();

    std::string error;
    if (const std::optional<cqrs::sim::Result> typed = cqrs::sim::resultFromJson(result, &error)) {
        const cqrs::Json written = cqrs::sim::toJson(*typed);
        const std::optional<cqrs::sim::Result> again = cqrs::sim::resultFromJson(written);
        // Compared as text: a series point that is not a number (null in the
        // file, NaN when read) never equals itself as a Json number.
        if (!again || cqrs::sim::toJson(*again).dump() != written.dump())
            broken("a result the typed reader accepted does not read back the same");
    } else if (error.empty()) {
        broken("the typed reader refused a result without saying why");
    }

    const std::vector<cqrs::Json> results{result, cqrs::Json::object(), result};
    const std::vector<cqrs::history::CompareRow> rows = cqrs::history::compareResults(results);
    for (const cqrs::history::CompareRow &row : rows) {
        if (row.values.size() != results.size() || row.relative.size() != results.size())
            broken("a compare row without one value per run");
    }
    (void)cqrs::history::compareJson({1, 2, 3}, rows).dump();
    (void)cqrs::history::modelDifferences({result, cqrs::Json::object(), result});

    checkSeries(result, 7);
    if (result.is_object() && result.contains("series"))
        checkSeries(result["series"], 3);

    // Challenge requirements read figures out of results by JSON pointer.
    for (const char *pointer :
         {"/commands/total/latency/p99", "/commands/total/accepted", "/writeSide/utilization",
          "/readModels/user-view/consistencyWindow/p99", "/queries/get-profile/staleRatio",
          "/readModels/x/staleBudget/met", "/readModels/x/rebuilds/0/completed", "", "/"})
        (void)cqrs::metricValue(result, pointer);
    if (result.is_object()) {
        for (const char *section : {"readModels", "queries", "commands", "policies"}) {
            const auto it = result.find(section);
            if (it == result.end() || !it->is_object())
                continue;
            for (const auto &[id, element] : it->items()) {
                if (element.is_object()) {
                    for (const auto &[figure, value] : element.items()) {
                        // Appended, not "/" + std::string(...): GCC 12 -O3 gives a false -Wrestrict there.
                        std::string pointer = "/";
                        pointer.append(section).append("/").append(id).append("/").append(figure);
                        (void)cqrs::metricValue(result, pointer);
                    }
                }
            }
        }
    }
    return 0;
}
