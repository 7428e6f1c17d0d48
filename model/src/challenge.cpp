// The challenge loader (DESIGN section 8): reads a *.challenge.json document
// with the model loader's rigour. Every problem carries its JSON pointer;
// start and solution are models, loaded by modelFromJson() and their
// diagnostics re-rooted under /start and /solution.
#include "cqrs/model/challenge.h"

#include "cqrs/model/fileio.h"
#include "cqrs/model/modeljson.h"
#include "modelinternal_p.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <limits>
#include <set>
#include <span>

namespace cqrs {

using namespace std::string_view_literals;
using detail::childPath;
using detail::didYouMean;
using detail::quote;
using detail::typeName;

namespace {

using FieldList = std::span<const std::string_view>;

// The documented fields of every object, in canonical (DESIGN) order.
constexpr std::array kTopFields
    = {"format"sv,   "schemaVersion"sv, "id"sv,      "title"sv,   "level"sv,  "minutes"sv,
       "seed"sv,     "brief"sv,         "start"sv,   "fixed"sv,   "budget"sv, "requirements"sv,
       "stresses"sv, "hints"sv,         "debrief"sv, "solution"sv};
constexpr std::array kBudgetFields = {"workers"sv, "consumers"sv};
constexpr std::array kRequirementFields = {"id"sv, "text"sv, "metric"sv, "op"sv, "value"sv};
constexpr std::array kStressFields = {"id"sv, "text"sv, "set"sv};

// Sections of a model that `fixed` may name.
constexpr std::array kFixedSections = {"aggregates"sv, "commands"sv, "events"sv,  "readModels"sv,
                                       "policies"sv,   "queries"sv,  "workload"sv};

constexpr int kMaxMinutes = 1440;

bool contains(FieldList fields, std::string_view name)
{
    return std::find(fields.begin(), fields.end(), name) != fields.end();
}

bool isValidId(std::string_view id)
{
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
               || c == '_' || c == '-';
    });
}

class ChallengeReader
{
public:
    Diagnostics diagnostics;
    int guessesLeft = 100; ///< misspellings named (a person makes a few)

    void error(const std::string &path, std::string message, const std::string &elementId = {})
    {
        Diagnostic d;
        d.path = path;
        d.message = std::move(message);
        d.elementId = elementId;
        d.lossy = true;
        diagnostics.push_back(std::move(d));
    }

    void warning(const std::string &path, std::string message, const std::string &elementId = {})
    {
        Diagnostic d;
        d.severity = Diagnostic::Severity::Warning;
        d.path = path;
        d.message = std::move(message);
        d.elementId = elementId;
        diagnostics.push_back(std::move(d));
    }

    // Checks that `value` is an object; keeps and reports its unknown fields.
    bool object(const Json &value, const std::string &path, FieldList known, Json &extra,
                std::string_view what)
    {
        if (!value.is_object()) {
            error(path, std::string(what) + " must be an object, not " + typeName(value));
            return false;
        }
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (!contains(known, it.key())) {
                extra[it.key()] = it.value();
                warning(childPath(path, it.key()),
                        "unknown field " + quote(it.key())
                            + (guessesLeft-- > 0 ? didYouMean(it.key(), known) : std::string())
                            + " (kept; this version ignores it)");
            }
        }
        return true;
    }

    const Json *member(const Json &obj, std::string_view key, const std::string &path,
                       bool required, std::string_view hint = {})
    {
        const auto it = obj.find(key);
        if (it != obj.end())
            return &*it;
        if (required) {
            std::string message = "missing required field " + quote(key);
            if (!hint.empty())
                message += " (" + std::string(hint) + ")";
            error(childPath(path, key), std::move(message));
        }
        return nullptr;
    }

    bool readString(const Json &obj, std::string_view key, const std::string &path,
                    std::string &out, bool required = false, std::string_view hint = {})
    {
        const Json *v = member(obj, key, path, required, hint);
        if (!v)
            return false;
        if (!v->is_string()) {
            error(childPath(path, key), quote(key) + " must be a string, not " + typeName(*v));
            return false;
        }
        out = v->get<std::string>();
        return true;
    }

    bool readId(const Json &obj, const std::string &path, std::string &out, std::string_view what)
    {
        if (!readString(obj, "id", path, out, true, what))
            return false;
        if (!isValidId(out)) {
            error(childPath(path, "id"), "id " + quote(out) + " must match [A-Za-z0-9_-]+");
            return false;
        }
        return true;
    }

    // An integer within [min, max]; the message says which bound was missed.
    bool readInteger(const Json &obj, std::string_view key, const std::string &path,
                     std::int64_t &out, std::int64_t min, std::int64_t max, bool required = false)
    {
        const Json *v = member(obj, key, path, required);
        if (!v)
            return false;
        const std::string at = childPath(path, key);
        std::int64_t value = 0;
        if (v->is_number_unsigned()) {
            const auto u = v->get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(max)) {
                error(at, quote(key) + " must be at most " + std::to_string(max) + ", not "
                              + v->dump());
                return false;
            }
            value = static_cast<std::int64_t>(u);
        } else if (v->is_number_integer()) {
            value = v->get<std::int64_t>();
        } else if (v->is_number_float()) {
            const double d = v->get<double>();
            if (!std::isfinite(d) || d != std::trunc(d) || d < -9.0e18 || d > 9.0e18) {
                error(at, quote(key) + " must be a whole number, not " + v->dump());
                return false;
            }
            value = static_cast<std::int64_t>(d);
        } else {
            error(at, quote(key) + " must be a whole number, not " + typeName(*v));
            return false;
        }
        if (value < min) {
            error(at, quote(key) + " must be at least " + std::to_string(min) + ", not "
                          + std::to_string(value) + (value < 0 ? " (below zero)" : ""));
            return false;
        }
        if (value > max) {
            error(at, quote(key) + " must be at most " + std::to_string(max) + ", not "
                          + std::to_string(value));
            return false;
        }
        out = value;
        return true;
    }

    bool readStringList(const Json &obj, std::string_view key, const std::string &path,
                        std::vector<std::string> &out, std::string_view what)
    {
        const Json *v = member(obj, key, path, false);
        if (!v)
            return false;
        const std::string at = childPath(path, key);
        if (!v->is_array()) {
            error(at, quote(key) + " must be an array of " + std::string(what) + ", not "
                          + typeName(*v));
            return false;
        }
        bool ok = true;
        for (std::size_t i = 0; i < v->size(); ++i) {
            const Json &item = (*v)[i];
            if (!item.is_string()) {
                error(childPath(at, i),
                      "each of " + quote(key) + " must be a string, not " + typeName(item));
                ok = false;
                continue;
            }
            out.push_back(item.get<std::string>());
        }
        return ok;
    }

    // Model diagnostics under a member of the challenge ("/start", "/solution").
    void adopt(const Diagnostics &modelDiagnostics, const std::string &root, std::string_view what)
    {
        for (const Diagnostic &md : modelDiagnostics) {
            Diagnostic d = md;
            d.path = root + md.path;
            if (md.isError())
                d.message = std::string(what) + ": " + md.message;
            diagnostics.push_back(std::move(d));
        }
    }

    void readChallenge(const Json &doc, Challenge &c);

private:
    bool readHeader(const Json &doc, Challenge &c);
    void readBudget(const Json &doc, Challenge &c);
    void readFixed(const Json &doc, Challenge &c, bool startOk);
    void readRequirements(const Json &doc, Challenge &c, bool startOk);
    void readStresses(const Json &doc, Challenge &c, bool startOk);
    void checkSolution(const Json &doc, Challenge &c);
    void checkMetricElement(const Json &doc, const Challenge &c, const Requirement &r,
                            const std::string &at);
};

// A metric naming an element by id: start or the solution must have it, or
// the requirement could never be met (a typo in an id).
void ChallengeReader::checkMetricElement(const Json &doc, const Challenge &c, const Requirement &r,
                                         const std::string &at)
{
    const std::optional<MetricTarget> target = metricTarget(r.metric);
    if (!target || target->id.empty() || target->id.starts_with('@'))
        return;
    const auto has = [&](const Json &model) {
        const auto section = model.find(target->section);
        if (section == model.end() || !section->is_array())
            return false;
        return std::any_of(section->begin(), section->end(), [&](const Json &element) {
            return element.is_object() && element.value("id", Json()) == Json(target->id);
        });
    };
    if (has(c.startDocument))
        return;
    const auto solution = doc.find("solution");
    if (solution != doc.end() && solution->is_object()) {
        if (!has(*solution))
            error(at,
                  "requirement " + quote(r.id) + ": its metric names " + quote(target->id) + " in "
                      + target->section + ", which neither start nor the solution has",
                  r.id);
        return;
    }
    warning(at,
            "requirement " + quote(r.id) + ": its metric names " + quote(target->id) + " in "
                + target->section + ", which start does not have: an answer must add it",
            r.id);
}

bool ChallengeReader::readHeader(const Json &doc, Challenge &c)
{
    const Json *format
        = member(doc, "format", {}, true,
                 "a challenge file starts with \"format\": \"cqrs-studio/challenge\"");
    if (!format)
        return false;
    if (!format->is_string() || format->get<std::string>() != kChallengeFormat) {
        std::string message
            = "\"format\" must be \"" + std::string(kChallengeFormat) + "\", not "
              + (format->is_string() ? quote(format->get<std::string>()) : typeName(*format));
        if (format->is_string() && format->get<std::string>() == kModelFormat)
            message += ": this is a model file, not a challenge (open it as a model: File > Open "
                       "in the "
                       "application, cqrs-sim run or validate on the command line)";
        error("/format", std::move(message));
        return false;
    }
    std::int64_t version = 0;
    if (!readInteger(doc, "schemaVersion", {}, version, 1, std::numeric_limits<int>::max(), true))
        return false;
    if (version > kChallengeSchemaVersion) {
        error("/schemaVersion", "schemaVersion " + std::to_string(version)
                                    + " is newer than this version of CQRS Studio reads (up to "
                                    + std::to_string(kChallengeSchemaVersion)
                                    + "); update CQRS Studio");
        return false;
    }
    c.schemaVersion = static_cast<int>(version);
    return true;
}

void ChallengeReader::readChallenge(const Json &doc, Challenge &c)
{
    if (!doc.is_object()) {
        error({}, "a challenge file must be a JSON object, not " + typeName(doc));
        return;
    }
    if (!readHeader(doc, c))
        return;
    object(doc, {}, kTopFields, c.extra, "the challenge");
    readId(doc, {}, c.id, "the challenge's id, e.g. \"netflix-viewing\"");
    readString(doc, "title", {}, c.title, true, "what the challenge is called");
    if (readString(doc, "level", {}, c.level)) {
        if (std::none_of(std::begin(kChallengeLevels), std::end(kChallengeLevels),
                         [&](const char *level) { return c.level == level; }))
            error("/level", "\"level\" must be \"beginner\", \"intermediate\" or \"advanced\", not "
                                + quote(c.level));
    }
    std::int64_t integer = 0;
    if (readInteger(doc, "minutes", {}, integer, 1, kMaxMinutes))
        c.minutes = static_cast<int>(integer);
    if (readInteger(doc, "seed", {}, integer, std::numeric_limits<std::int64_t>::min(),
                    std::numeric_limits<std::int64_t>::max()))
        c.seed = integer;
    readString(doc, "brief", {}, c.brief);
    readString(doc, "debrief", {}, c.debrief);
    readStringList(doc, "hints", {}, c.hints, "Markdown texts");

    bool startOk = false;
    if (const Json *start = member(doc, "start", {}, true, "the model the candidate starts from")) {
        c.startDocument = *start;
        if (!start->is_object()) {
            error("/start", "\"start\" must be a model (a JSON object), not " + typeName(*start));
        } else {
            ModelLoadResult loaded = modelFromJson(*start);
            adopt(loaded.diagnostics, "/start", "the start model");
            if (loaded.model) {
                c.start = std::move(*loaded.model);
                startOk = true;
            }
        }
    }
    readBudget(doc, c);
    readFixed(doc, c, startOk);
    readRequirements(doc, c, startOk);
    readStresses(doc, c, startOk);
    checkSolution(doc, c);
}

void ChallengeReader::readBudget(const Json &doc, Challenge &c)
{
    const Json *budget = member(doc, "budget", {}, false);
    if (!budget)
        return;
    if (!object(*budget, "/budget", kBudgetFields, c.budget.extra, "\"budget\""))
        return;
    c.hasBudget = true;
    std::int64_t value = 0;
    if (readInteger(*budget, "workers", "/budget", value, 1, std::numeric_limits<int>::max()))
        c.budget.workers = static_cast<int>(value);
    if (readInteger(*budget, "consumers", "/budget", value, 0, std::numeric_limits<int>::max()))
        c.budget.consumers = static_cast<int>(value);
}

void ChallengeReader::readFixed(const Json &doc, Challenge &c, bool startOk)
{
    if (!readStringList(doc, "fixed", {}, c.fixed,
                        "parts of start (\"commands\", \"workload\", an id, ...)"))
        return;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < c.fixed.size(); ++i) {
        const std::string &part = c.fixed[i];
        const std::string at = childPath("/fixed", i);
        if (!seen.insert(part).second) {
            warning(at, quote(part) + " is listed twice");
            continue;
        }
        if (contains(kFixedSections, part))
            continue;
        if (part == "writeSide" || part == "eventBus" || part == "diagram"
            || part == "experiments") {
            error(at,
                  quote(part)
                      + " cannot be fixed: fix \"aggregates\", \"commands\", \"events\", "
                        "\"readModels\", \"policies\", \"queries\", \"workload\" or an element id");
            continue;
        }
        if (startOk && !c.start.kindOf(part))
            error(at, "\"fixed\" names " + quote(part)
                          + ", which is neither a part of a model (\"commands\", \"queries\", "
                            "\"workload\", ...) "
                            "nor the id of an element of start");
    }
}

void ChallengeReader::readRequirements(const Json &doc, Challenge &c, bool startOk)
{
    const Json *list = member(doc, "requirements", {}, true, "what the answer must achieve");
    if (!list)
        return;
    if (!list->is_array()) {
        error("/requirements", "\"requirements\" must be an array, not " + typeName(*list));
        return;
    }
    if (list->empty()) {
        error("/requirements",
              "\"requirements\" is empty: a challenge needs at least one requirement");
        return;
    }
    if (list->size() > kMaxChallengeRequirements) {
        error("/requirements", "\"requirements\" has " + std::to_string(list->size())
                                   + " entries; a challenge has at most "
                                   + std::to_string(kMaxChallengeRequirements));
        return;
    }
    std::set<std::string> ids;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const Json &item = (*list)[i];
        const std::string at = childPath("/requirements", i);
        Requirement r;
        if (!object(item, at, kRequirementFields, r.extra, "a requirement"))
            continue;
        bool ok = readId(item, at, r.id, "the requirement's id");
        if (ok && !ids.insert(r.id).second) {
            error(childPath(at, "id"), "duplicate requirement id " + quote(r.id), r.id);
            ok = false;
        }
        readString(item, "text", at, r.text);
        if (readString(item, "metric", at, r.metric, true,
                       "a JSON pointer into the result, e.g. "
                       "\"/readModels/@get-user/consistencyWindow/p99\"")) {
            const std::string shape = checkMetricShape(r.metric);
            if (!shape.empty()) {
                error(childPath(at, "metric"), "requirement " + quote(r.id) + ": " + shape, r.id);
                ok = false;
            } else if (startOk) {
                std::string problem;
                if (!resolveMetric(r, c.start, &problem)) {
                    error(childPath(at, "metric"), problem + " in start", r.id);
                    ok = false;
                } else {
                    checkMetricElement(doc, c, r, childPath(at, "metric"));
                }
            }
        } else {
            ok = false;
        }
        std::string op;
        if (readString(item, "op", at, op, true, "one of <=, <, >=, >, ==")) {
            if (const auto parsed = compareOpFromText(op)) {
                r.op = *parsed;
            } else {
                error(childPath(at, "op"),
                      "\"op\" must be one of <=, <, >=, >, ==, not " + quote(op), r.id);
                ok = false;
            }
        } else {
            ok = false;
        }
        if (const Json *value
            = member(item, "value", at, true, "the target the figure is compared with")) {
            if (!value->is_number() || !std::isfinite(value->get<double>())) {
                error(childPath(at, "value"),
                      "\"value\" must be a finite number, not " + typeName(*value), r.id);
                ok = false;
            } else {
                r.value = value->get<double>();
            }
        } else {
            ok = false;
        }
        if (ok)
            c.requirements.push_back(std::move(r));
    }
}

void ChallengeReader::readStresses(const Json &doc, Challenge &c, bool startOk)
{
    const Json *list = member(doc, "stresses", {}, false);
    if (!list)
        return;
    if (!list->is_array()) {
        error("/stresses", "\"stresses\" must be an array, not " + typeName(*list));
        return;
    }
    // Each stress is a whole run (and a model read at load time): bounded.
    if (list->size() > kMaxChallengeStresses) {
        error("/stresses", "\"stresses\" has " + std::to_string(list->size())
                               + " entries; a challenge has at most "
                               + std::to_string(kMaxChallengeStresses));
        return;
    }
    std::set<std::string> ids;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const Json &item = (*list)[i];
        const std::string at = childPath("/stresses", i);
        Stress s;
        if (!object(item, at, kStressFields, s.extra, "a stress"))
            continue;
        bool ok = readId(item, at, s.id, "the stress's id");
        if (ok && s.id == kAsGivenRunId) {
            error(childPath(at, "id"),
                  "\"as-given\" is the name of the run without stress; choose another id", s.id);
            ok = false;
        } else if (ok && !ids.insert(s.id).second) {
            error(childPath(at, "id"), "duplicate stress id " + quote(s.id), s.id);
            ok = false;
        }
        readString(item, "text", at, s.text);
        const Json *set
            = member(item, "set", at, true,
                     "--set paths and their values, e.g. {\"workload.commandRate\": 500}");
        if (!set) {
            ok = false;
        } else if (!set->is_object()) {
            error(childPath(at, "set"),
                  "\"set\" must be an object of --set paths and their values, not "
                      + typeName(*set),
                  s.id);
            ok = false;
        } else {
            for (auto it = set->begin(); it != set->end(); ++it)
                s.set.emplace_back(it.key(), it.value());
            if (s.set.empty())
                warning(childPath(at, "set"), "the stress changes nothing: \"set\" is empty", s.id);
        }
        if (ok && startOk) {
            // Every path must take on start, and start under the stress must stay a model.
            std::string problem;
            const std::optional<Json> stressed
                = prepareRunDocument(c, c.startDocument, c.start, &s, c.judgingSeed(), &problem);
            if (!stressed) {
                error(childPath(at, "set"), problem + " (on start)", s.id);
                ok = false;
            } else {
                const ModelLoadResult loaded = modelFromJson(*stressed);
                for (const Diagnostic &d : loaded.diagnostics) {
                    if (!d.isError())
                        continue;
                    error(childPath(at, "set"),
                          "stress " + quote(s.id) + " makes start invalid: " + d.located(), s.id);
                    ok = false;
                }
            }
        }
        if (ok)
            c.stresses.push_back(std::move(s));
    }
}

void ChallengeReader::checkSolution(const Json &doc, Challenge &c)
{
    const Json *solution = member(doc, "solution", {}, false);
    if (!solution)
        return;
    if (!solution->is_object()) {
        error("/solution",
              "\"solution\" must be a model (a JSON object), not " + typeName(*solution));
        return;
    }
    ModelLoadResult loaded = modelFromJson(*solution);
    adopt(loaded.diagnostics, "/solution", "the solution model");
    if (!loaded.model)
        return;
    const Model &model = *loaded.model;
    if (hasErrors(diagnostics)) {
        // The rest compares the solution with parts that did not load.
        c.solutionDocument = *solution;
        c.solution = model;
        return;
    }
    for (const Diagnostic &d : checkFixedParts(c, model))
        error("/solution", "the solution does not keep the fixed parts: " + d.message, d.elementId);
    const BudgetUse use = budgetUse(c, model);
    if (!use.within())
        error("/solution", "the solution is over budget (" + std::to_string(use.workers)
                               + " workers, " + std::to_string(use.consumers) + " consumers)");
    for (std::size_t i = 0; i < c.requirements.size(); ++i) {
        std::string problem;
        if (!resolveMetric(c.requirements[i], model, &problem))
            error(childPath(childPath({}, "requirements"), i) + "/metric",
                  problem + " in the solution", c.requirements[i].id);
    }
    for (std::size_t i = 0; i < c.stresses.size(); ++i) {
        std::string problem;
        std::optional<Json> stressed
            = prepareRunDocument(c, *solution, model, &c.stresses[i], c.judgingSeed(), &problem);
        const std::string at = childPath(childPath({}, "stresses"), i) + "/set";
        if (!stressed) {
            error(at, problem + " (on the solution)", c.stresses[i].id);
            continue;
        }
        for (const Diagnostic &d : modelFromJson(*stressed).diagnostics) {
            if (d.isError())
                error(at,
                      "stress " + quote(c.stresses[i].id)
                          + " makes the solution invalid: " + d.located(),
                      c.stresses[i].id);
        }
    }
    c.solutionDocument = *solution;
    c.solution = model;
}

// parseJsonText() speaks of model files; here the file is a challenge.
void renameFileKind(Diagnostics &diagnostics)
{
    for (Diagnostic &d : diagnostics) {
        for (std::string_view from : {"a model file"sv}) {
            const auto at = d.message.find(from);
            if (at != std::string::npos)
                d.message.replace(at, from.size(), "a challenge file");
        }
    }
}

} // namespace

ChallengeLoadResult challengeFromJson(const Json &document)
{
    ChallengeLoadResult result;
    try {
        ChallengeReader reader;
        Challenge challenge;
        reader.readChallenge(document, challenge);
        result.diagnostics = std::move(reader.diagnostics);
        if (!hasErrors(result.diagnostics))
            result.challenge = std::move(challenge);
    } catch (const std::exception &e) {
        result.challenge.reset();
        Diagnostic d;
        d.message = std::string("internal error while reading the challenge: ") + e.what();
        result.diagnostics.push_back(std::move(d));
    }
    return result;
}

ChallengeLoadResult parseChallenge(std::string_view text)
{
    JsonParseResult parsed = parseJsonText(text);
    ChallengeLoadResult result;
    if (!parsed.json || hasErrors(parsed.diagnostics)) {
        result.diagnostics = std::move(parsed.diagnostics);
        renameFileKind(result.diagnostics);
        if (!hasErrors(result.diagnostics)) {
            Diagnostic d;
            d.message = "not a valid JSON document";
            result.diagnostics.push_back(std::move(d));
        }
        return result;
    }
    result = challengeFromJson(*parsed.json);
    return result;
}

ChallengeLoadResult loadChallengeFile(const std::string &path)
{
    std::string text;
    std::string error;
    if (!readRegularFile(path, kMaxModelFileBytes, &text, &error)) {
        ChallengeLoadResult result;
        Diagnostic d;
        d.message = "cannot read the challenge: " + error;
        result.diagnostics.push_back(std::move(d));
        return result;
    }
    return parseChallenge(text);
}

std::vector<KnownObject> knownChallengeFields()
{
    auto list = [](FieldList fields) {
        return std::vector<std::string>(fields.begin(), fields.end());
    };
    return {
        KnownObject{"", list(kTopFields)},
        KnownObject{"/budget", list(kBudgetFields)},
        KnownObject{"/requirements/*", list(kRequirementFields)},
        KnownObject{"/stresses/*", list(kStressFields)},
    };
}

} // namespace cqrs
