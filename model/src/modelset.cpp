#include "cqrs/model/modeljson.h"
#include "modelinternal_p.h"
#include "modeljson_p.h"

#include <algorithm>
#include <string>
#include <vector>

namespace cqrs {

using namespace detail;

namespace {

// Applies one override step by step; see applySetOverride().
class Setter
{
public:
    std::string error;

    bool apply(Json &document, std::string_view path, const Json &value)
    {
        std::vector<std::string> segments = splitSetPath(path);
        for (std::size_t i = 0; i < segments.size(); ++i) {
            if (segments[i].empty()) {
                error
                    = std::string(path)
                      + ": empty path segment (use dots between names, e.g. workload.commandRate)";
                return false;
            }
        }

        Json *node = &document;
        std::string schemaPath;
        std::string shown; // the dotted path resolved so far, for messages
        for (std::size_t i = 0; i < segments.size(); ++i) {
            const std::string &seg = segments[i];
            const bool last = i + 1 == segments.size();
            const std::string here = shown.empty() ? seg : shown + "." + seg;
            const KnownDef *known = knownAt(schemaPath);
            if (node->is_object()) {
                const std::string nextSchema
                    = schemaPath == "/diagram/nodes" ? schemaPath + "/*" : schemaPath + "/" + seg;
                if (last && isDistributionPath(schemaPath)
                    && !checkDistributionParameter(*node, seg, here))
                    return false;
                if (!node->contains(seg)) {
                    if (known && !contains(known->fields, seg)) {
                        error = here + ": no field \"" + seg
                                + "\" here (known fields: " + join(known->fields) + ")";
                        return false;
                    }
                    // Only objects can be created on the way; an array needs its element ids.
                    if (!last && knownAt(nextSchema) == nullptr && nextSchema != "/diagram/nodes") {
                        error = here + ": \"" + seg + "\" is not in the model, so "
                                + std::string(path) + " cannot be set";
                        return false;
                    }
                    // A new distribution starts as the default constant 0.
                    (*node)[seg] = isDistributionPath(nextSchema)
                                       ? Json{{"dist", "constant"}, {"value", 0}}
                                       : Json::object();
                }
                node = &(*node)[seg];
                schemaPath = nextSchema;
            } else if (node->is_array()) {
                Json *found = nullptr;
                for (Json &item : *node) {
                    if (item.is_object() && item.contains("id") && item["id"] == seg) {
                        found = &item;
                        break;
                    }
                }
                // Elements without ids (e.g. outages) are addressed by index.
                if (!found && seg.size() < 10
                    && std::all_of(seg.begin(), seg.end(),
                                   [](char c) { return c >= '0' && c <= '9'; })
                    && std::stoul(seg) < node->size()) {
                    found = &(*node)[std::stoul(seg)];
                }
                if (!found) {
                    std::string ids;
                    for (const Json &item : *node) {
                        if (item.is_object() && item.contains("id") && item["id"].is_string())
                            ids += (ids.empty() ? "" : ", ") + item["id"].get<std::string>();
                    }
                    error
                        = here + ": no element with id \"" + seg + "\" in " + shown
                          + (ids.empty() ? std::string(" (it has no ids)") : " (ids: " + ids + ")");
                    return false;
                }
                node = found;
                schemaPath += "/*";
            } else {
                if (isDistributionPath(schemaPath) && node->is_number()) {
                    // A bare number is a constant: only its value can be set.
                    if (seg == "value" && last) {
                        *node = Json{{"dist", "constant"}, {"value", value}};
                        return true;
                    }
                    error = here + ": " + shown + " is the bare number " + node->dump()
                            + " (a constant distribution), which has no \"" + seg
                            + "\"; set the whole distribution instead, e.g. " + shown
                            + "={\"dist\":\"lognormal\",\"median\":0.05,\"p99\":0.5}";
                    return false;
                }
                error = here + ": " + shown + " is " + typeName(*node) + ", which has no field \""
                        + seg + "\"";
                return false;
            }
            shown = here;
            if (last) {
                *node = value;
                return true;
            }
        }
        return true;
    }

private:
    static std::string join(FieldList fields)
    {
        std::string out;
        for (std::string_view f : fields)
            out += (out.empty() ? "" : ", ") + std::string(f);
        return out;
    }

    static bool isDistributionPath(const std::string &schemaPath)
    {
        const KnownDef *def = knownAt(schemaPath);
        return def && def->fields.data() == kDistributionFields.data();
    }

    bool checkDistributionParameter(const Json &dist, const std::string &seg,
                                    const std::string &here)
    {
        if (seg == "dist" || !dist.contains("dist") || !dist["dist"].is_string())
            return true;
        DistKind kind;
        if (!fromString(dist["dist"].get<std::string>(), kind))
            return true;
        Distribution d;
        d.kind = kind;
        if (seg == d.parameterName(0) || (d.parameterCount() == 2 && seg == d.parameterName(1)))
            return true;
        std::string params = d.parameterName(0);
        if (d.parameterCount() == 2)
            params += ", " + std::string(d.parameterName(1));
        error = here + ": a " + std::string(toString(kind)) + " distribution has no parameter \""
                + seg + "\" (it has: " + params
                + "); set the whole distribution to change its kind";
        return false;
    }
};

// The depth limit of a model file (kMaxJsonDepth) holds for --set values too:
// a value at PATH sits inside one container per path segment.
int enclosingLevels(std::string_view path)
{
    return 1 + static_cast<int>(std::count(path.begin(), path.end(), '.'));
}

bool nestsDeeperThan(const Json &value, int levels)
{
    if (!value.is_structured())
        return false;
    if (levels <= 0)
        return true;
    for (const Json &child : value) {
        if (nestsDeeperThan(child, levels - 1))
            return true;
    }
    return false;
}

bool textNestsDeeperThan(std::string_view text, int levels)
{
    NestingScanner nesting;
    for (const char c : text) {
        if (nesting.step(c) > levels)
            return true;
    }
    return false;
}

std::string tooDeepError(std::string_view path)
{
    return std::string(path) + ": the value nests too deep (a model nests at most "
           + std::to_string(kMaxJsonDepth) + " levels of arrays and objects)";
}

/// Whether `text` (spaces around it aside) is a number as JSON writes one:
/// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool isJsonNumber(std::string_view text)
{
    const auto isDigit = [](char c) {
        return c >= '0' && c <= '9';
    };
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < text.size() && isDigit(text[i]))
            ++i;
        return i - from;
    };
    if (i < text.size() && text[i] == '-')
        ++i;
    if (i < text.size() && text[i] == '0')
        ++i;
    else if (i >= text.size() || digits() == 0)
        return false;
    if (i < text.size() && text[i] == '.') {
        ++i;
        if (digits() == 0)
            return false;
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            ++i;
        if (digits() == 0)
            return false;
    }
    return i == text.size();
}

} // namespace

bool applySetOverride(Json &document, std::string_view assignment, std::string *error)
{
    const auto eq = assignment.find('=');
    if (eq == std::string_view::npos) {
        if (error)
            *error
                = std::string(assignment) + ": expected PATH=VALUE, e.g. workload.commandRate=500";
        return false;
    }
    const std::string_view path = assignment.substr(0, eq);
    const std::string_view text = assignment.substr(eq + 1);
    if (textNestsDeeperThan(text, kMaxJsonDepth - enclosingLevels(path))) {
        if (error)
            *error = tooDeepError(path);
        return false;
    }
    Json value = Json::parse(text.begin(), text.end(), nullptr, false);
    if (value.is_discarded()) {
        // A number no double holds ("1e999") read as a string and was
        // refused as "must be a number, not a string".
        if (isJsonNumber(text)) {
            if (error)
                *error = std::string(path) + ": " + std::string(text)
                         + " is beyond the numbers a model holds (about 1.8e308)";
            return false;
        }
        value = std::string(text);
    }
    return applySetOverride(document, path, value, error);
}

bool applySetOverride(Json &document, std::string_view path, const Json &value, std::string *error)
{
    try {
        if (path.empty()) {
            if (error)
                *error = "empty path: expected PATH=VALUE, e.g. workload.commandRate=500";
            return false;
        }
        if (!document.is_object()) {
            if (error)
                *error = std::string(path) + ": the model is not a JSON object";
            return false;
        }
        if (nestsDeeperThan(value, kMaxJsonDepth - enclosingLevels(path))) {
            if (error)
                *error = tooDeepError(path);
            return false;
        }
        Setter setter;
        if (!setter.apply(document, path, value)) {
            if (error)
                *error = setter.error;
            return false;
        }
        return true;
    } catch (const std::exception &e) {
        if (error)
            *error = std::string(path) + ": " + e.what();
        return false;
    }
}

bool applyExperiment(Model &model, const Experiment &experiment, std::string *error)
{
    Json document = modelToJson(model);
    for (const auto &[path, value] : experiment.set) {
        if (!applySetOverride(document, path, value, error))
            return false;
    }
    ModelLoadOptions options;
    options.keepInvalid = true; // the editor's unfinished work keeps its errors
    ModelLoadResult result = modelFromJson(document, options);
    if (!result.model || loadWasLossy(result)) {
        for (const Diagnostic &d : result.diagnostics) {
            if (d.isError() && (d.lossy || !result.model)) {
                if (error)
                    *error = d.located();
                break;
            }
        }
        return false;
    }
    model = std::move(*result.model);
    return true;
}

} // namespace cqrs
