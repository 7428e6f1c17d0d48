// libFuzzer harness: the challenge loader (cqrs/model/challenge.h). Any text
// must load or be refused with diagnostics; a challenge that loads must keep
// the promises the loader makes about it (docs/challenges.md): its start is
// a valid model that survives the canonical writer, every requirement's
// metric has the shape of a result figure and resolves on start, start keeps
// the fixed parts, and every judged run (as given and under each stress) can
// be prepared on start, as written and as the editor saves it, and loads.
#include <cqrs/model/challenge.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/model/validation.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void broken(const char *promise, const std::string &detail = {})
{
    std::fprintf(stderr, "loaded challenge breaks a promise: %s %s\n", promise, detail.c_str());
    std::abort();
}

// Every judged run of `answer` can be prepared and loads as a model.
void checkRuns(const cqrs::Challenge &c, const cqrs::Json &document, const cqrs::Model &answer,
               const char *what)
{
    std::string error;
    const std::optional<cqrs::Json> asGiven
        = cqrs::prepareRunDocument(c, document, answer, nullptr, c.judgingSeed(), &error);
    if (!asGiven)
        broken(what, "as given: " + error);
    if (!cqrs::modelFromJson(*asGiven).ok())
        broken(what, "as given does not load");
    for (const cqrs::Stress &s : c.stresses) {
        const std::optional<cqrs::Json> stressed
            = cqrs::prepareRunDocument(c, document, answer, &s, c.judgingSeed(), &error);
        if (!stressed)
            broken(what, s.id + ": " + error);
        if (cqrs::hasErrors(cqrs::modelFromJson(*stressed).diagnostics))
            broken(what, s.id + " makes it invalid");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const cqrs::ChallengeLoadResult loaded = cqrs::parseChallenge(text);
    if (!loaded.ok()) {
        if (!cqrs::hasErrors(loaded.diagnostics))
            broken("refused without an error");
        return 0;
    }
    const cqrs::Challenge &c = *loaded.challenge;
    if (c.requirements.empty())
        broken("no requirements");

    // Start: valid, and a fixed point of the canonical writer.
    if (cqrs::hasErrors(cqrs::validateModel(c.start)))
        broken("start does not validate");
    const std::string canonical = cqrs::serializeModel(c.start);
    const cqrs::ModelLoadResult reread = cqrs::parseModel(canonical);
    if (!reread.ok())
        broken("start as written does not load again");
    if (cqrs::serializeModel(*reread.model) != canonical)
        broken("start's canonical form is not a fixed point");

    // Requirements: metric shapes and "@" references.
    for (const cqrs::Requirement &r : c.requirements) {
        if (!cqrs::checkMetricShape(r.metric).empty() || !cqrs::metricTarget(r.metric))
            broken("metric shape", r.metric);
        std::string error;
        const std::optional<std::string> pointer = cqrs::resolveMetric(r, c.start, &error);
        if (!pointer)
            broken("metric does not resolve on start", error);
        (void)cqrs::metricUnit(r.metric);
        (void)cqrs::metricValue(cqrs::Json::object(), *pointer);
    }
    if (!cqrs::checkFixedParts(c, c.start).empty())
        broken("start lacks its own fixed parts");
    (void)cqrs::fixedElementIds(c);
    (void)cqrs::budgetUse(c, c.start);

    // The judged runs, on start as written and as the editor saves it.
    checkRuns(c, c.startDocument, c.start, "start as written");
    checkRuns(c, cqrs::modelToJson(c.start), c.start, "start as saved");
    if (c.solution) {
        if (!cqrs::checkFixedParts(c, *c.solution).empty())
            broken("the solution lacks the fixed parts");
        if (!cqrs::budgetUse(c, *c.solution).within())
            broken("the solution is over budget");
        checkRuns(c, *c.solutionDocument, *c.solution, "solution");
    }
    return 0;
}
