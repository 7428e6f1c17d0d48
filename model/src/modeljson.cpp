#include "cqrs/model/modeljson.h"

#include "cqrs/model/fileio.h"
#include "cqrs/model/validation.h"
#include "modelinternal_p.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <fstream>
#include <limits>
#include <span>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_set>

namespace cqrs {

using namespace std::string_view_literals;
using detail::childPath;
using detail::quote;
using detail::typeName;

namespace detail {

std::string quote(std::string_view text)
{
    // Json::dump escapes control characters and quotes.
    std::string s = Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
    if (s.size() > 60)
        s = s.substr(0, 56) + "...\"";
    return s;
}

std::string typeName(const Json &value)
{
    switch (value.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
        return "a number";
    case Json::value_t::string:
        return "a string";
    case Json::value_t::array:
        return "an array";
    case Json::value_t::object:
        return "an object";
    default:
        return "binary data";
    }
}

} // namespace detail

namespace {

using FieldList = std::span<const std::string_view>;

// The documented fields of every object, in canonical (DESIGN) order. The
// loader reads these, the writer writes in this order, and
// knownModelFields() exposes them to the schema test.
constexpr std::array kTopFields
    = {"format"sv,   "schemaVersion"sv, "name"sv,      "description"sv, "aggregates"sv,
       "commands"sv, "events"sv,        "writeSide"sv, "eventBus"sv,    "readModels"sv,
       "policies"sv, "queries"sv,       "workload"sv,  "experiments"sv, "diagram"sv};
constexpr std::array kAggregateFields = {"id"sv, "name"sv, "instances"sv};
constexpr std::array kCommandFields
    = {"id"sv,         "name"sv,  "aggregate"sv, "share"sv,    "handlerTime"sv,
       "rejectRate"sv, "emits"sv, "fields"sv,    "followUp"sv, "validatesAgainst"sv};
constexpr std::array kFieldSpecFields = {"name"sv, "type"sv};
constexpr std::array kFollowUpFields = {"query"sv, "probability"sv, "after"sv};
constexpr std::array kEventFields = {"id"sv, "name"sv, "aggregate"sv, "fields"sv};
constexpr std::array kWriteSideFields = {"workers"sv, "maxRetries"sv};
constexpr std::array kEventBusFields
    = {"partitions"sv, "publishDelay"sv, "duplicateRate"sv, "ordering"sv};
constexpr std::array kReadModelFields
    = {"id"sv,        "name"sv,    "store"sv,    "subscribes"sv, "consumers"sv,  "update"sv,
       "applyTime"sv, "outages"sv, "rebuilds"sv, "idempotent"sv, "staleBudget"sv};
constexpr std::array kPolicyFields
    = {"id"sv,        "name"sv,   "subscribes"sv, "issues"sv,  "probability"sv,
       "consumers"sv, "update"sv, "applyTime"sv,  "outages"sv, "idempotent"sv};
constexpr std::array kUpdateFields = {"mode"sv, "delay"sv, "interval"sv, "offset"sv};
constexpr std::array kOutageFields = {"at"sv, "duration"sv};
constexpr std::array kRebuildFields = {"at"sv};
constexpr std::array kStaleBudgetFields = {"p99"sv};
constexpr std::array kQueryFields
    = {"id"sv, "name"sv, "readModel"sv, "share"sv, "readTime"sv, "consistency"sv};
constexpr std::array kConsistencyFields = {"strategy"sv, "pollInterval"sv, "timeout"sv};
constexpr std::array kWorkloadFields
    = {"duration"sv,    "warmup"sv,    "seed"sv, "commandRate"sv,
       "rateProfile"sv, "queryRate"sv, "keys"sv, "sampleInterval"sv};
constexpr std::array kRateStepFields = {"at"sv, "factor"sv};
constexpr std::array kKeysFields = {"dist"sv, "s"sv};
constexpr std::array kExperimentFields = {"title"sv, "description"sv, "set"sv};
constexpr std::array kDiagramFields = {"nodes"sv, "notes"sv};
constexpr std::array kNodeFields = {"x"sv, "y"sv};
constexpr std::array kNoteFields = {"text"sv, "x"sv, "y"sv};
constexpr std::array kDistributionFields
    = {"dist"sv, "value"sv, "mean"sv, "min"sv, "max"sv, "stddev"sv, "median"sv, "p99"sv};

struct KnownDef
{
    std::string_view path;
    FieldList fields;
};

// Schema paths ("*" = any array element or map key) of every known object.
const std::array kKnownObjects = {
    KnownDef{""sv, kTopFields},
    KnownDef{"/aggregates/*"sv, kAggregateFields},
    KnownDef{"/commands/*"sv, kCommandFields},
    KnownDef{"/commands/*/handlerTime"sv, kDistributionFields},
    KnownDef{"/commands/*/fields/*"sv, kFieldSpecFields},
    KnownDef{"/commands/*/followUp"sv, kFollowUpFields},
    KnownDef{"/commands/*/followUp/after"sv, kDistributionFields},
    KnownDef{"/events/*"sv, kEventFields},
    KnownDef{"/events/*/fields/*"sv, kFieldSpecFields},
    KnownDef{"/writeSide"sv, kWriteSideFields},
    KnownDef{"/eventBus"sv, kEventBusFields},
    KnownDef{"/eventBus/publishDelay"sv, kDistributionFields},
    KnownDef{"/readModels/*"sv, kReadModelFields},
    KnownDef{"/readModels/*/update"sv, kUpdateFields},
    KnownDef{"/readModels/*/update/delay"sv, kDistributionFields},
    KnownDef{"/readModels/*/applyTime"sv, kDistributionFields},
    KnownDef{"/readModels/*/outages/*"sv, kOutageFields},
    KnownDef{"/readModels/*/rebuilds/*"sv, kRebuildFields},
    KnownDef{"/readModels/*/staleBudget"sv, kStaleBudgetFields},
    KnownDef{"/policies/*"sv, kPolicyFields},
    KnownDef{"/policies/*/update"sv, kUpdateFields},
    KnownDef{"/policies/*/update/delay"sv, kDistributionFields},
    KnownDef{"/policies/*/applyTime"sv, kDistributionFields},
    KnownDef{"/policies/*/outages/*"sv, kOutageFields},
    KnownDef{"/queries/*"sv, kQueryFields},
    KnownDef{"/queries/*/readTime"sv, kDistributionFields},
    KnownDef{"/queries/*/consistency"sv, kConsistencyFields},
    KnownDef{"/workload"sv, kWorkloadFields},
    KnownDef{"/workload/rateProfile/*"sv, kRateStepFields},
    KnownDef{"/workload/keys"sv, kKeysFields},
    KnownDef{"/experiments/*"sv, kExperimentFields},
    KnownDef{"/diagram"sv, kDiagramFields},
    KnownDef{"/diagram/nodes/*"sv, kNodeFields},
    KnownDef{"/diagram/notes/*"sv, kNoteFields},
};

const KnownDef *knownAt(std::string_view schemaPath)
{
    for (const KnownDef &def : kKnownObjects) {
        if (def.path == schemaPath)
            return &def;
    }
    return nullptr;
}

bool contains(FieldList fields, std::string_view name)
{
    return std::find(fields.begin(), fields.end(), name) != fields.end();
}

// ---------------------------------------------------------------------------
// Text: UTF-8, depth, syntax

struct TextPosition
{
    int line = 1;
    int column = 1;
};

// 1-based line and column (in characters, not bytes) of a byte offset.
TextPosition positionOf(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    TextPosition pos;
    for (std::size_t i = 0; i < offset; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++pos.line;
            pos.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++pos.column;
        }
    }
    return pos;
}

Diagnostic syntaxError(std::string_view text, std::size_t offset, std::string message)
{
    const TextPosition pos = positionOf(text, offset);
    Diagnostic d;
    d.line = pos.line;
    d.column = pos.column;
    d.message = std::move(message);
    return d;
}

// Follows how deep JSON text nests, one ASCII character at a time, ignoring
// brackets inside strings. Shared by the file's pre-scan and the --set
// value check, so both count levels the same way.
struct NestingScanner
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;

    /// The depth after c (never below 0).
    int step(char c)
    {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
        return depth;
    }
};

// One cheap pass before nlohmann sees the text: invalid UTF-8, NUL bytes and
// nesting depth (so a 200,000-deep array neither recurses nor allocates).
bool prescanText(std::string_view text, Diagnostics &diagnostics)
{
    NestingScanner nesting;
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c == 0) {
                diagnostics.push_back(syntaxError(
                    text, i, "the file contains a NUL byte: it is binary data, not JSON text"));
                return false;
            }
            if (nesting.step(static_cast<char>(c)) > kMaxJsonDepth) {
                diagnostics.push_back(syntaxError(
                    text, i,
                    "arrays and objects nest deeper than " + std::to_string(kMaxJsonDepth)
                        + " levels; a model file never needs that"));
                return false;
            }
            ++i;
            continue;
        }
        nesting.escaped = false;
        std::size_t length = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0)
                lo = 0xA0; // overlong
            else if (c == 0xED)
                hi = 0x9F; // UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F; // above U+10FFFF
        }
        bool ok = length > 0 && i + length <= n;
        for (std::size_t k = 1; ok && k < length; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + k]);
            if (k == 1 ? (cc < lo || cc > hi) : (cc < 0x80 || cc > 0xBF))
                ok = false;
        }
        if (!ok) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", c);
            diagnostics.push_back(syntaxError(text, i,
                                              std::string("invalid UTF-8 (byte ") + hex
                                                  + "): a model file must be UTF-8 text"));
            return false;
        }
        i += length;
    }
    return true;
}

// Builds the document like nlohmann's own DOM parser and also notices
// duplicate keys, which nlohmann would silently merge (the last one wins).
class DomBuilder
{
public:
    explicit DomBuilder(Json &root)
        : m_dom(root, false)
    {}

    bool null() { return onValue() && m_dom.null(); }
    bool boolean(bool value) { return onValue() && m_dom.boolean(value); }
    bool number_integer(Json::number_integer_t value)
    {
        return onValue() && m_dom.number_integer(value);
    }
    bool number_unsigned(Json::number_unsigned_t value)
    {
        return onValue() && m_dom.number_unsigned(value);
    }
    bool number_float(Json::number_float_t value, const Json::string_t &text)
    {
        return onValue() && m_dom.number_float(value, text);
    }
    bool string(Json::string_t &value) { return onValue() && m_dom.string(value); }
    bool binary(Json::binary_t &value) { return onValue() && m_dom.binary(value); }
    bool start_object(std::size_t size)
    {
        if (!onValue())
            return false;
        m_frames.push_back(Frame{true, {}, {}, 0});
        return m_dom.start_object(size);
    }
    bool key(Json::string_t &name)
    {
        Frame &frame = m_frames.back();
        frame.key = name;
        if (!frame.keys.insert(name).second)
            m_duplicates.push_back(currentPath());
        return m_dom.key(name);
    }
    bool end_object()
    {
        m_frames.pop_back();
        return m_dom.end_object();
    }
    bool start_array(std::size_t size)
    {
        if (!onValue())
            return false;
        m_frames.push_back(Frame{false, {}, {}, 0});
        return m_dom.start_array(size);
    }
    bool end_array()
    {
        m_frames.pop_back();
        return m_dom.end_array();
    }
    bool parse_error(std::size_t position, const std::string &,
                     const nlohmann::detail::exception &ex)
    {
        m_failed = true;
        m_errorPosition = position;
        m_errorMessage = ex.what();
        return false;
    }

    bool failed() const { return m_failed; }
    std::size_t errorPosition() const { return m_errorPosition; }
    const std::string &errorMessage() const { return m_errorMessage; }
    const std::vector<std::string> &duplicates() const { return m_duplicates; }
    bool tooManyValues() const { return m_tooManyValues; }

private:
    struct Frame
    {
        bool isObject = false;
        std::unordered_set<std::string> keys;
        std::string key;
        std::size_t count = 0;
    };

    bool onValue()
    {
        if (!m_frames.empty() && !m_frames.back().isObject)
            ++m_frames.back().count;
        if (++m_values <= kMaxJsonValues)
            return true;
        if (!m_failed) {
            m_failed = true;
            m_tooManyValues = true;
            m_errorMessage = "the file holds more than " + std::to_string(kMaxJsonValues)
                             + " JSON values; a model file never needs that many";
        }
        return false;
    }

    std::string currentPath() const
    {
        std::string path;
        for (const Frame &frame : m_frames) {
            path = frame.isObject ? childPath(path, frame.key)
                                  : childPath(path, frame.count == 0 ? 0 : frame.count - 1);
        }
        return path;
    }

    nlohmann::detail::json_sax_dom_parser<Json> m_dom;
    std::vector<Frame> m_frames;
    std::vector<std::string> m_duplicates;
    std::size_t m_values = 0;
    bool m_tooManyValues = false;
    bool m_failed = false;
    std::size_t m_errorPosition = 0;
    std::string m_errorMessage;
};

// "[json.exception.parse_error.101] parse error at line 1, column 4: syntax
// error ..." -> "syntax error ..." (we compute line and column ourselves).
std::string cleanParseMessage(std::string message)
{
    if (message.starts_with("[json.exception.")) {
        const auto close = message.find("] ");
        if (close != std::string::npos)
            message.erase(0, close + 2);
    }
    if (message.starts_with("parse error")) {
        const auto column = message.find("column ");
        const auto colon = message.find(": ", column == std::string::npos ? 0 : column);
        if (colon != std::string::npos)
            message.erase(0, colon + 2);
    }
    return message;
}

// ---------------------------------------------------------------------------
// Reading the document into a Model

class Reader
{
public:
    Diagnostics diagnostics;
    std::vector<std::string> brokenPaths;
    detail::ValidateOptions validateOptions;
    bool stopped = false; ///< the document cannot be judged further
    bool lenient = false; ///< ModelLoadOptions::keepInvalid
    bool headerOk = false; ///< right format and a schemaVersion this build reads

    // The loader's own errors are never found again by validateModel(): lossy.
    void error(const std::string &path, const std::string &elementId, std::string message)
    {
        Diagnostic d;
        d.severity = Diagnostic::Severity::Error;
        d.path = path;
        d.elementId = elementId;
        d.message = std::move(message);
        d.lossy = true;
        diagnostics.push_back(std::move(d));
        brokenPaths.push_back(path);
    }

    // A value of the wrong type: the model keeps the field's default.
    void replaced(const std::string &path, const std::string &elementId, std::string message)
    {
        if (lenient)
            message += " (replaced by the default)";
        error(path, elementId, std::move(message));
        diagnostics.back().replacedByDefault = lenient;
    }

    // A list item of the wrong type: the list keeps the other items.
    void leftOut(const std::string &path, const std::string &elementId, std::string message)
    {
        if (lenient)
            message += " (left out)";
        error(path, elementId, std::move(message));
    }

    void warning(const std::string &path, const std::string &elementId, std::string message)
    {
        Diagnostic d;
        d.severity = Diagnostic::Severity::Warning;
        d.path = path;
        d.elementId = elementId;
        d.message = std::move(message);
        diagnostics.push_back(std::move(d));
    }

    // Checks that `value` is an object, keeps and reports its unknown fields.
    bool object(const Json &value, const std::string &path, const std::string &id, FieldList known,
                Json &extra, std::string_view what)
    {
        if (!value.is_object()) {
            replaced(path, id, std::string(what) + " must be an object, not " + typeName(value));
            return false;
        }
        // Elements name themselves: their own id is where the problem belongs.
        std::string owner = id;
        if (owner.empty()) {
            if (const auto own = value.find("id"); own != value.end() && own->is_string())
                owner = own->get<std::string>();
        }
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (!contains(known, it.key())) {
                extra[it.key()] = it.value();
                warning(childPath(path, it.key()), owner,
                        "unknown field " + quote(it.key())
                            + " (kept when saving; this version ignores it)");
            }
        }
        return true;
    }

    const Json *member(const Json &obj, std::string_view key, const std::string &path,
                       const std::string &id, bool required, std::string_view hint = {})
    {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) {
                std::string message = "missing required field " + quote(key);
                if (!hint.empty())
                    message += " (" + std::string(hint) + ")";
                error(childPath(path, key), id, std::move(message));
            }
            return nullptr;
        }
        return &*it;
    }

    bool readString(const Json &obj, std::string_view key, const std::string &path,
                    const std::string &id, std::string &out, bool required = false,
                    std::string_view hint = {})
    {
        const Json *v = member(obj, key, path, id, required, hint);
        if (!v)
            return false;
        if (!v->is_string()) {
            replaced(childPath(path, key), id, quote(key) + " must be a string, not " + typeName(*v));
            return false;
        }
        out = v->get<std::string>();
        return true;
    }

    bool readNumber(const Json &value, const std::string &path, const std::string &id,
                    std::string_view key, double &out)
    {
        if (!value.is_number()) {
            replaced(path, id, quote(key) + " must be a number, not " + typeName(value));
            return false;
        }
        const double d = value.get<double>();
        if (!std::isfinite(d)) {
            replaced(path, id, quote(key) + " must be a finite number");
            return false;
        }
        out = d;
        return true;
    }

    bool readDouble(const Json &obj, std::string_view key, const std::string &path,
                    const std::string &id, double &out, bool required = false)
    {
        const Json *v = member(obj, key, path, id, required);
        return v && readNumber(*v, childPath(path, key), id, key, out);
    }

    bool readInt64(const Json &obj, std::string_view key, const std::string &path,
                   const std::string &id, std::int64_t &out, std::int64_t min, std::int64_t max,
                   bool required = false)
    {
        const Json *v = member(obj, key, path, id, required);
        if (!v)
            return false;
        const std::string at = childPath(path, key);
        if (v->is_number_integer() && !v->is_number_unsigned()) {
            out = v->get<std::int64_t>();
        } else if (v->is_number_unsigned()) {
            const auto u = v->get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                replaced(at, id, quote(key) + " is too large: " + std::to_string(u));
                return false;
            }
            out = static_cast<std::int64_t>(u);
        } else if (v->is_number_float()) {
            const double d = v->get<double>();
            if (!std::isfinite(d) || d != std::trunc(d)) {
                replaced(at, id, quote(key) + " must be a whole number, not " + v->dump());
                return false;
            }
            if (d < -9.0e18 || d > 9.0e18) {
                replaced(at, id, quote(key) + (d < 0 ? " is too small: " : " is too large: ") + v->dump());
                return false;
            }
            out = static_cast<std::int64_t>(d);
        } else {
            replaced(at, id, quote(key) + " must be a whole number, not " + typeName(*v));
            return false;
        }
        out = std::clamp(out, min, max);
        return true;
    }

    bool readInt(const Json &obj, std::string_view key, const std::string &path,
                 const std::string &id, int &out)
    {
        std::int64_t v = 0;
        if (!readInt64(obj, key, path, id, v, std::numeric_limits<std::int64_t>::min(),
                       std::numeric_limits<std::int64_t>::max()))
            return false;
        if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
            replaced(childPath(path, key), id, quote(key) + " is out of range: " + std::to_string(v));
            return false;
        }
        out = static_cast<int>(v);
        return true;
    }

    bool readBool(const Json &obj, std::string_view key, const std::string &path,
                  const std::string &id, bool &out)
    {
        const Json *v = member(obj, key, path, id, false);
        if (!v)
            return false;
        if (!v->is_boolean()) {
            replaced(childPath(path, key), id,
                  quote(key) + " must be true or false, not " + typeName(*v));
            return false;
        }
        out = v->get<bool>();
        return true;
    }

    bool readIdList(const Json &obj, std::string_view key, const std::string &path,
                    const std::string &id, std::vector<std::string> &out, bool required,
                    std::string_view hint = {})
    {
        const Json *v = member(obj, key, path, id, required, hint);
        if (!v)
            return false;
        const std::string at = childPath(path, key);
        if (!v->is_array()) {
            replaced(at, id, quote(key) + " must be an array of ids, not " + typeName(*v));
            return false;
        }
        out.clear();
        bool ok = true;
        for (std::size_t i = 0; i < v->size(); ++i) {
            const Json &item = (*v)[i];
            if (!item.is_string()) {
                leftOut(childPath(at, i), id, "an id must be a string, not " + typeName(item));
                ok = false;
                continue;
            }
            out.push_back(item.get<std::string>());
        }
        return ok;
    }

    template<typename Enum, std::size_t N>
    bool readEnum(const Json &obj, std::string_view key, const std::string &path,
                  const std::string &id, Enum &out, const std::array<Enum, N> &values,
                  bool required = false)
    {
        std::string text;
        if (!readString(obj, key, path, id, text, required))
            return false;
        std::string allowed;
        for (Enum e : values) {
            if (toString(e) == text) {
                out = e;
                return true;
            }
            allowed += (allowed.empty() ? "" : ", ") + std::string(toString(e));
        }
        replaced(childPath(path, key), id,
              "unknown " + std::string(key) + " " + quote(text) + " (expected one of: " + allowed
                  + ")");
        return false;
    }

    bool readDistribution(const Json &obj, std::string_view key, const std::string &path,
                          const std::string &id, Distribution &out)
    {
        const Json *v = member(obj, key, path, id, false);
        if (!v)
            return false;
        return readDistributionValue(*v, childPath(path, key), id, key, out);
    }

    bool readDistributionValue(const Json &v, const std::string &path, const std::string &id,
                               std::string_view key, Distribution &out)
    {
        if (v.is_number()) {
            double value = 0;
            if (!readNumber(v, path, id, key, value))
                return false;
            out = Distribution::constant(value);
            return true;
        }
        if (!v.is_object()) {
            replaced(path, id,
                  quote(key)
                      + " must be a distribution (a number, or an object such as "
                        "{\"dist\": \"exponential\", \"mean\": 0.01}), not "
                      + typeName(v));
            return false;
        }
        Distribution d;
        std::string distName;
        if (!readString(v, "dist", path, id, distName, true,
                        "constant, exponential, uniform, normal or lognormal"))
            return false;
        if (!fromString(distName, d.kind)) {
            replaced(childPath(path, "dist"), id,
                  "unknown distribution " + quote(distName)
                      + " (expected constant, exponential, uniform, normal or lognormal)");
            return false;
        }
        bool ok = true;
        for (int i = 0; i < d.parameterCount(); ++i) {
            double &target = i == 0 ? d.p1 : d.p2;
            if (!readDouble(v, d.parameterName(i), path, id, target, true))
                ok = false;
        }
        for (auto it = v.begin(); it != v.end(); ++it) {
            const std::string &name = it.key();
            if (name == "dist" || name == d.parameterName(0)
                || (d.parameterCount() == 2 && name == d.parameterName(1)))
                continue;
            d.extra[name] = it.value();
            if (contains(kDistributionFields, name)) {
                warning(childPath(path, name), id,
                        quote(name) + " is not a parameter of a " + distName
                            + " distribution (kept when saving; ignored)");
            } else {
                warning(childPath(path, name), id,
                        "unknown field " + quote(name)
                            + " (kept when saving; this version ignores it)");
            }
        }
        if (ok)
            out = std::move(d);
        return ok;
    }

    template<typename T, typename Fn>
    void readArray(const Json &obj, std::string_view key, const std::string &path,
                   const std::string &id, std::vector<T> &out, Fn readItem, bool *broken = nullptr)
    {
        const Json *v = member(obj, key, path, id, false);
        if (!v)
            return;
        const std::string at = childPath(path, key);
        if (!v->is_array()) {
            replaced(at, id, quote(key) + " must be an array, not " + typeName(*v));
            if (broken)
                *broken = true;
            return;
        }
        out.clear();
        out.reserve(v->size());
        for (std::size_t i = 0; i < v->size(); ++i) {
            out.emplace_back();
            readItem((*v)[i], childPath(at, i), out.back());
        }
    }

    // id and name of an element; returns the id for diagnostics.
    template<typename T>
    std::string readIdentity(const Json &obj, const std::string &path, T &element)
    {
        std::string id;
        if (const auto it = obj.find("id"); it != obj.end() && it->is_string())
            id = it->template get<std::string>();
        readString(obj, "id", path, id, element.id, true, "a unique id such as \"user-view\"");
        if (!readString(obj, "name", path, id, element.name))
            element.name = element.id;
        return id;
    }

    void readFieldSpecs(const Json &obj, const std::string &path, const std::string &id,
                        std::vector<FieldSpec> &out)
    {
        readArray(obj, "fields", path, id, out,
                  [&](const Json &v, const std::string &at, FieldSpec &f) {
                      if (!object(v, at, id, kFieldSpecFields, f.extra, "a field"))
                          return;
                      readString(v, "name", at, id, f.name, true);
                      readString(v, "type", at, id, f.type);
                  });
    }

    void readAggregate(const Json &v, const std::string &path, Aggregate &a)
    {
        if (!object(v, path, {}, kAggregateFields, a.extra, "an aggregate"))
            return;
        const std::string id = readIdentity(v, path, a);
        readInt64(v, "instances", path, id, a.instances, std::numeric_limits<std::int64_t>::min(),
                  std::numeric_limits<std::int64_t>::max());
    }

    void readCommand(const Json &v, const std::string &path, Command &c)
    {
        if (!object(v, path, {}, kCommandFields, c.extra, "a command"))
            return;
        const std::string id = readIdentity(v, path, c);
        readString(v, "aggregate", path, id, c.aggregate, true, "the id of an aggregate");
        readDouble(v, "share", path, id, c.share);
        readDistribution(v, "handlerTime", path, id, c.handlerTime);
        readDouble(v, "rejectRate", path, id, c.rejectRate);
        readIdList(v, "emits", path, id, c.emits, false);
        readFieldSpecs(v, path, id, c.fields);
        if (const Json *f = member(v, "followUp", path, id, false)) {
            const std::string at = childPath(path, "followUp");
            FollowUp followUp;
            if (object(*f, at, id, kFollowUpFields, followUp.extra, "\"followUp\"")) {
                readString(*f, "query", at, id, followUp.query, true, "the id of a query");
                readDouble(*f, "probability", at, id, followUp.probability);
                readDistribution(*f, "after", at, id, followUp.after);
                c.followUp = std::move(followUp);
            }
        }
        readString(v, "validatesAgainst", path, id, c.validatesAgainst);
    }

    void readEvent(const Json &v, const std::string &path, Event &e)
    {
        if (!object(v, path, {}, kEventFields, e.extra, "an event"))
            return;
        const std::string id = readIdentity(v, path, e);
        readString(v, "aggregate", path, id, e.aggregate, true, "the id of an aggregate");
        readFieldSpecs(v, path, id, e.fields);
    }

    void readConsumer(const Json &v, const std::string &path, const std::string &id,
                      ConsumerSpec &c)
    {
        readIdList(v, "subscribes", path, id, c.subscribes, true, "the ids of events");
        readInt(v, "consumers", path, id, c.consumers);
        if (const Json *u = member(v, "update", path, id, false)) {
            const std::string at = childPath(path, "update");
            UpdateSpec update;
            if (object(*u, at, id, kUpdateFields, update.extra, "\"update\"")) {
                static constexpr std::array modes = {UpdateMode::Streaming, UpdateMode::Batch};
                readEnum(*u, "mode", at, id, update.mode, modes);
                readDistribution(*u, "delay", at, id, update.delay);
                readDouble(*u, "interval", at, id, update.interval,
                           update.mode == UpdateMode::Batch);
                readDouble(*u, "offset", at, id, update.offset);
                c.update = std::move(update);
            }
        }
        readDistribution(v, "applyTime", path, id, c.applyTime);
        readArray(v, "outages", path, id, c.outages,
                  [&](const Json &o, const std::string &at, Outage &outage) {
                      if (!object(o, at, id, kOutageFields, outage.extra, "an outage"))
                          return;
                      readDouble(o, "at", at, id, outage.at, true);
                      readDouble(o, "duration", at, id, outage.duration, true);
                  });
        readBool(v, "idempotent", path, id, c.idempotent);
    }

    void readReadModel(const Json &v, const std::string &path, ReadModel &r)
    {
        if (!object(v, path, {}, kReadModelFields, r.extra, "a read model"))
            return;
        const std::string id = readIdentity(v, path, r);
        readString(v, "store", path, id, r.store);
        readConsumer(v, path, id, r);
        readArray(v, "rebuilds", path, id, r.rebuilds,
                  [&](const Json &o, const std::string &at, Rebuild &rebuild) {
                      if (!object(o, at, id, kRebuildFields, rebuild.extra, "a rebuild"))
                          return;
                      readDouble(o, "at", at, id, rebuild.at, true);
                  });
        if (const Json *b = member(v, "staleBudget", path, id, false)) {
            const std::string at = childPath(path, "staleBudget");
            StaleBudget budget;
            if (object(*b, at, id, kStaleBudgetFields, budget.extra, "\"staleBudget\"")) {
                readDouble(*b, "p99", at, id, budget.p99, true);
                r.staleBudget = std::move(budget);
            }
        }
    }

    void readPolicy(const Json &v, const std::string &path, Policy &p)
    {
        if (!object(v, path, {}, kPolicyFields, p.extra, "a policy"))
            return;
        const std::string id = readIdentity(v, path, p);
        readConsumer(v, path, id, p);
        readString(v, "issues", path, id, p.issues, true, "the id of the command it issues");
        readDouble(v, "probability", path, id, p.probability);
    }

    void readQuery(const Json &v, const std::string &path, Query &q)
    {
        if (!object(v, path, {}, kQueryFields, q.extra, "a query"))
            return;
        const std::string id = readIdentity(v, path, q);
        readString(v, "readModel", path, id, q.readModel, true, "the id of a read model");
        readDouble(v, "share", path, id, q.share);
        readDistribution(v, "readTime", path, id, q.readTime);
        if (const Json *c = member(v, "consistency", path, id, false)) {
            const std::string at = childPath(path, "consistency");
            Consistency consistency;
            if (object(*c, at, id, kConsistencyFields, consistency.extra, "\"consistency\"")) {
                static constexpr std::array strategies
                    = {Strategy::Eventual, Strategy::WaitForVersion, Strategy::ReadFromWriteModel,
                       Strategy::OptimisticUi};
                readEnum(*c, "strategy", at, id, consistency.strategy, strategies, true);
                readDouble(*c, "pollInterval", at, id, consistency.pollInterval);
                readDouble(*c, "timeout", at, id, consistency.timeout);
                q.consistency = std::move(consistency);
            }
        }
    }

    void readWorkload(const Json &v, const std::string &path, Workload &w)
    {
        if (!object(v, path, {}, kWorkloadFields, w.extra, "\"workload\""))
            return;
        readDouble(v, "duration", path, {}, w.duration, true);
        readDouble(v, "warmup", path, {}, w.warmup);
        readInt64(v, "seed", path, {}, w.seed, std::numeric_limits<std::int64_t>::min(),
                  std::numeric_limits<std::int64_t>::max());
        readDouble(v, "commandRate", path, {}, w.commandRate);
        readArray(v, "rateProfile", path, {}, w.rateProfile,
                  [&](const Json &o, const std::string &at, RateStep &step) {
                      if (!object(o, at, {}, kRateStepFields, step.extra, "a rate step"))
                          return;
                      readDouble(o, "at", at, {}, step.at, true);
                      readDouble(o, "factor", at, {}, step.factor, true);
                  });
        readDouble(v, "queryRate", path, {}, w.queryRate);
        if (const Json *k = member(v, "keys", path, {}, false)) {
            const std::string at = childPath(path, "keys");
            KeySpec keys;
            if (object(*k, at, {}, kKeysFields, keys.extra, "\"keys\"")) {
                static constexpr std::array dists = {KeyDist::Uniform, KeyDist::Zipf};
                readEnum(*k, "dist", at, {}, keys.dist, dists, true);
                readDouble(*k, "s", at, {}, keys.s, keys.dist == KeyDist::Zipf);
                w.keys = std::move(keys);
            }
        }
        double sampleInterval = 0;
        if (readDouble(v, "sampleInterval", path, {}, sampleInterval))
            w.sampleInterval = sampleInterval;
    }

    void readDiagram(const Json &v, const std::string &path, Diagram &d)
    {
        if (!object(v, path, {}, kDiagramFields, d.extra, "\"diagram\""))
            return;
        if (const Json *nodes = member(v, "nodes", path, {}, false)) {
            const std::string at = childPath(path, "nodes");
            if (!nodes->is_object()) {
                replaced(at, {},
                      "\"nodes\" must be an object keyed by element id, not " + typeName(*nodes));
            } else {
                for (auto it = nodes->begin(); it != nodes->end(); ++it) {
                    const std::string nodePath = childPath(at, it.key());
                    NodePosition node;
                    if (!object(it.value(), nodePath, it.key(), kNodeFields, node.extra,
                                "a node position"))
                        continue;
                    readDouble(it.value(), "x", nodePath, it.key(), node.x);
                    readDouble(it.value(), "y", nodePath, it.key(), node.y);
                    d.nodes[it.key()] = std::move(node);
                }
            }
        }
        readArray(v, "notes", path, {}, d.notes,
                  [&](const Json &o, const std::string &at, Note &note) {
                      if (!object(o, at, {}, kNoteFields, note.extra, "a note"))
                          return;
                      readString(o, "text", at, {}, note.text);
                      readDouble(o, "x", at, {}, note.x);
                      readDouble(o, "y", at, {}, note.y);
                  });
    }

    void readModel(const Json &doc, Model &m)
    {
        if (!doc.is_object()) {
            error({}, {},
                  "the top level must be a JSON object (a CQRS Studio model), not "
                      + typeName(doc));
            stopped = true;
            return;
        }
        object(doc, {}, {}, kTopFields, m.extra, "the model");

        // A foreign or newer document: its other fields cannot be judged.
        bool formatOk = false;
        if (const Json *format
            = member(doc, "format", {}, {}, true,
                     "a model file starts with \"format\": \"cqrs-studio/model\"")) {
            if (!format->is_string()) {
                error("/format", {},
                      "\"format\" must be the string \"cqrs-studio/model\", not "
                          + typeName(*format));
                stopped = true;
                return;
            }
            if (format->get<std::string>() != kModelFormat) {
                error("/format", {},
                      "format is " + quote(format->get<std::string>())
                          + ", not \"cqrs-studio/model\": this is not a CQRS Studio model file");
                stopped = true;
                return;
            }
            formatOk = true;
        }
        std::int64_t version = 0;
        if (readInt64(doc, "schemaVersion", {}, {}, version,
                      std::numeric_limits<std::int64_t>::min(),
                      std::numeric_limits<std::int64_t>::max(), true)) {
            if (version > kModelSchemaVersion) {
                error(
                    "/schemaVersion", {},
                    "schemaVersion " + std::to_string(version)
                        + " is newer than this build understands ("
                        + std::to_string(kModelSchemaVersion)
                        + "): the file is from a newer CQRS Studio; update CQRS Studio to open it");
                stopped = true;
                return;
            }
            if (version < 1) {
                error("/schemaVersion", {},
                      "schemaVersion must be 1 or higher, not " + std::to_string(version));
            } else {
                m.schemaVersion = static_cast<int>(version);
                headerOk = formatOk;
            }
        }
        readString(doc, "name", {}, {}, m.name);
        readString(doc, "description", {}, {}, m.description);

        readArray(
            doc, "aggregates", {}, {}, m.aggregates,
            [&](const Json &v, const std::string &at, Aggregate &a) { readAggregate(v, at, a); },
            &validateOptions.brokenAggregates);
        readArray(
            doc, "commands", {}, {}, m.commands,
            [&](const Json &v, const std::string &at, Command &c) { readCommand(v, at, c); },
            &validateOptions.brokenCommands);
        readArray(
            doc, "events", {}, {}, m.events,
            [&](const Json &v, const std::string &at, Event &e) { readEvent(v, at, e); },
            &validateOptions.brokenEvents);
        if (const Json *w = member(doc, "writeSide", {}, {}, false)) {
            if (object(*w, "/writeSide", {}, kWriteSideFields, m.writeSide.extra,
                       "\"writeSide\"")) {
                readInt(*w, "workers", "/writeSide", {}, m.writeSide.workers);
                readInt(*w, "maxRetries", "/writeSide", {}, m.writeSide.maxRetries);
            }
        }
        if (const Json *b = member(doc, "eventBus", {}, {}, false)) {
            if (object(*b, "/eventBus", {}, kEventBusFields, m.eventBus.extra, "\"eventBus\"")) {
                readInt(*b, "partitions", "/eventBus", {}, m.eventBus.partitions);
                readDistribution(*b, "publishDelay", "/eventBus", {}, m.eventBus.publishDelay);
                readDouble(*b, "duplicateRate", "/eventBus", {}, m.eventBus.duplicateRate);
                static constexpr std::array orderings = {Ordering::Partition, Ordering::None};
                readEnum(*b, "ordering", "/eventBus", {}, m.eventBus.ordering, orderings);
            }
        }
        readArray(
            doc, "readModels", {}, {}, m.readModels,
            [&](const Json &v, const std::string &at, ReadModel &r) { readReadModel(v, at, r); },
            &validateOptions.brokenReadModels);
        readArray(
            doc, "policies", {}, {}, m.policies,
            [&](const Json &v, const std::string &at, Policy &p) { readPolicy(v, at, p); },
            &validateOptions.brokenPolicies);
        readArray(
            doc, "queries", {}, {}, m.queries,
            [&](const Json &v, const std::string &at, Query &q) { readQuery(v, at, q); },
            &validateOptions.brokenQueries);
        if (const Json *w
            = member(doc, "workload", {}, {}, true, "at least {\"duration\": seconds}"))
            readWorkload(*w, "/workload", m.workload);
        readArray(doc, "experiments", {}, {}, m.experiments,
                  [&](const Json &v, const std::string &at, Experiment &e) {
                      readExperiment(v, at, e);
                  });
        if (const Json *d = member(doc, "diagram", {}, {}, false))
            readDiagram(*d, "/diagram", m.diagram);
    }

    void readExperiment(const Json &v, const std::string &path, Experiment &e)
    {
        if (!object(v, path, {}, kExperimentFields, e.extra, "an experiment"))
            return;
        readString(v, "title", path, {}, e.title, true,
                   "what the experiment changes, e.g. \"Batch the search index every 10 s\"");
        readString(v, "description", path, {}, e.description);
        const Json *set = member(v, "set", path, {}, true,
                                 "--set paths and their values, e.g. {\"workload.commandRate\": 500}");
        if (!set)
            return;
        const std::string at = childPath(path, "set");
        if (!set->is_object()) {
            replaced(at, {},
                     "\"set\" must be an object of --set paths and their values, not "
                         + typeName(*set));
            return;
        }
        for (auto it = set->begin(); it != set->end(); ++it)
            e.set.emplace_back(it.key(), it.value());
        if (e.set.empty())
            warning(at, {}, "the experiment changes nothing: \"set\" is empty");
    }
};

bool isUnder(const std::string &path, const std::string &prefix)
{
    if (prefix.empty())
        return true;
    return path.size() >= prefix.size() && path.compare(0, prefix.size(), prefix) == 0
           && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

// Applies one override step by step; see applySetOverride().
class Setter
{
public:
    std::string error;

    bool apply(Json &document, std::string_view path, const Json &value)
    {
        std::vector<std::string> segments;
        std::size_t start = 0;
        while (true) {
            const std::size_t dot = path.find('.', start);
            segments.emplace_back(path.substr(
                start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
            if (dot == std::string_view::npos)
                break;
            start = dot + 1;
        }
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

// Applies every experiment as the CLI's `--set` would and reports, at the
// experiment, a path that does not resolve or a result that is not a valid
// model. Warnings: the model itself still runs.
void checkExperiments(const Json &document, const Model &model, bool modelValid,
                      Diagnostics &out)
{
    if (model.experiments.empty() || !document.is_object())
        return;
    Json base = document;
    base.erase("experiments");
    auto warn = [&out](const std::string &path, std::string message) {
        Diagnostic d;
        d.severity = Diagnostic::Severity::Warning;
        d.path = path;
        d.message = std::move(message);
        out.push_back(std::move(d));
    };
    for (std::size_t i = 0; i < model.experiments.size(); ++i) {
        const Experiment &e = model.experiments[i];
        const std::string at = childPath(childPath(std::string(), "experiments"), i);
        Json changed = base;
        bool applied = true;
        for (const auto &[path, value] : e.set) {
            std::string error;
            if (!applySetOverride(changed, path, value, &error)) {
                warn(childPath(childPath(at, "set"), path),
                     "experiment " + quote(e.title) + " cannot be applied: " + error);
                applied = false;
            }
        }
        if (!applied || !modelValid || e.set.empty())
            continue;
        const ModelLoadResult result = modelFromJson(changed);
        for (const Diagnostic &d : result.diagnostics) {
            if (d.isError()) {
                warn(at, "experiment " + quote(e.title) + " makes the model invalid: " + d.located());
                break;
            }
        }
    }
}

} // namespace

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


// ---------------------------------------------------------------------------

JsonParseResult parseJsonText(std::string_view text)
{
    JsonParseResult result;
    try {
        if (text.size() > kMaxModelFileBytes) {
            Diagnostic d;
            d.message = "the file is too large (" + std::to_string(text.size())
                        + " bytes; the limit is " + std::to_string(kMaxModelFileBytes) + ")";
            result.diagnostics.push_back(std::move(d));
            return result;
        }
        if (text.starts_with("\xEF\xBB\xBF"))
            text.remove_prefix(3);
        if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
            Diagnostic d;
            d.line = 1;
            d.column = 1;
            d.message = text.empty() ? "the file is empty: expected a JSON object"
                                     : "the file contains only whitespace: expected a JSON object";
            result.diagnostics.push_back(std::move(d));
            return result;
        }
        if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
            result.diagnostics.push_back(syntaxError(
                text, 0, "the file is UTF-16 text; a model file must be UTF-8 (save it as UTF-8)"));
            return result;
        }
        if (!prescanText(text, result.diagnostics))
            return result;

        Json root;
        DomBuilder builder(root);
        Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json,
                        true, false);
        if (builder.tooManyValues()) {
            Diagnostic d;
            d.message = builder.errorMessage();
            result.diagnostics.push_back(std::move(d));
            return result;
        }
        if (builder.failed()) {
            // nlohmann counts the offending character as read.
            std::size_t offset = builder.errorPosition() > 0 ? builder.errorPosition() - 1 : 0;
            if (offset >= text.size()) {
                // At the end of input, point just after the last real character.
                const auto lastChar = text.find_last_not_of(" \t\r\n");
                offset = lastChar == std::string_view::npos ? 0 : lastChar + 1;
            }
            result.diagnostics.push_back(syntaxError(
                text, offset, "invalid JSON: " + cleanParseMessage(builder.errorMessage())));
            return result;
        }
        for (const std::string &path : builder.duplicates()) {
            Diagnostic d;
            d.path = path;
            const auto slash = path.rfind('/');
            d.message = "duplicate key \"" + path.substr(slash + 1)
                        + "\": a key may appear only once in an object";
            result.diagnostics.push_back(std::move(d));
        }
        result.json = std::move(root);
    } catch (const std::exception &e) {
        result.json.reset();
        Diagnostic d;
        d.message = std::string("cannot parse the file: ") + e.what();
        result.diagnostics.push_back(std::move(d));
    } catch (...) {
        result.json.reset();
        Diagnostic d;
        d.message = "cannot parse the file";
        result.diagnostics.push_back(std::move(d));
    }
    return result;
}

bool loadWasLossy(const ModelLoadResult &result)
{
    return std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                       [](const Diagnostic &d) { return d.isError() && d.lossy; });
}

ModelLoadResult modelFromJson(const Json &document)
{
    return modelFromJson(document, ModelLoadOptions());
}

ModelLoadResult modelFromJson(const Json &document, const ModelLoadOptions &loadOptions)
{
    ModelLoadResult result;
    try {
        Reader reader;
        reader.lenient = loadOptions.keepInvalid;
        Model model;
        reader.readModel(document, model);
        const bool loaderErrors = hasErrors(reader.diagnostics);
        result.diagnostics = std::move(reader.diagnostics);
        if (!reader.stopped) {
            detail::ValidateOptions options = reader.validateOptions;
            options.skipPredictions = loaderErrors;
            for (Diagnostic &d : detail::validateModel(model, options)) {
                const bool suppressed
                    = std::any_of(reader.brokenPaths.begin(), reader.brokenPaths.end(),
                                  [&](const std::string &broken) {
                                      return !broken.empty() && isUnder(d.path, broken);
                                  });
                if (!suppressed)
                    result.diagnostics.push_back(std::move(d));
            }
        }
        if (!reader.stopped)
            checkExperiments(document, model, !hasErrors(result.diagnostics), result.diagnostics);
        if (!hasErrors(result.diagnostics)
            || (loadOptions.keepInvalid && !reader.stopped && reader.headerOk))
            result.model = std::move(model);
    } catch (const std::exception &e) {
        result.model.reset();
        Diagnostic d;
        d.message = std::string("internal error while reading the model: ") + e.what();
        result.diagnostics.push_back(std::move(d));
    } catch (...) {
        result.model.reset();
        Diagnostic d;
        d.message = "internal error while reading the model";
        result.diagnostics.push_back(std::move(d));
    }
    return result;
}

ModelLoadResult parseModel(std::string_view text)
{
    return parseModel(text, ModelLoadOptions());
}

ModelLoadResult parseModel(std::string_view text, const ModelLoadOptions &options)
{
    JsonParseResult parsed = parseJsonText(text);
    if (!parsed.json) {
        ModelLoadResult result;
        result.diagnostics = std::move(parsed.diagnostics);
        return result;
    }
    ModelLoadResult result = modelFromJson(*parsed.json, options);
    if (!parsed.json->is_object()) {
        // Point at the value that should have been an object.
        if (text.starts_with("\xEF\xBB\xBF"))
            text.remove_prefix(3);
        const auto first = text.find_first_not_of(" \t\r\n");
        const TextPosition pos = positionOf(text, first == std::string_view::npos ? 0 : first);
        for (Diagnostic &d : result.diagnostics) {
            if (d.path.empty() && d.line == 0) {
                d.line = pos.line;
                d.column = pos.column;
            }
        }
    }
    if (!parsed.diagnostics.empty()) {
        result.diagnostics.insert(result.diagnostics.begin(), parsed.diagnostics.begin(),
                                  parsed.diagnostics.end());
        if (hasErrors(parsed.diagnostics))
            result.model.reset();
    }
    return result;
}

ModelLoadResult loadModelFile(const std::string &path)
{
    return loadModelFile(path, ModelLoadOptions());
}

ModelLoadResult loadModelFile(const std::string &path, const ModelLoadOptions &options)
{
    ModelLoadResult result;
    try {
        auto fail = [&](std::string message) {
            Diagnostic d;
            d.message = std::move(message);
            result.diagnostics.push_back(std::move(d));
            return result;
        };
        std::string text;
        std::string error;
        if (!readRegularFile(path, kMaxModelFileBytes, &text, &error))
            return fail("cannot open the file: " + error);
        return parseModel(text, options);
    } catch (const std::exception &e) {
        result.model.reset();
        Diagnostic d;
        d.message = std::string("cannot read the file: ") + e.what();
        result.diagnostics.push_back(std::move(d));
    } catch (...) {
        result.model.reset();
        Diagnostic d;
        d.message = "cannot read the file";
        result.diagnostics.push_back(std::move(d));
    }
    return result;
}

namespace {

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
    if (value.is_discarded())
        value = std::string(text);
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

std::vector<KnownObject> knownModelFields()
{
    std::vector<KnownObject> out;
    out.reserve(kKnownObjects.size());
    for (const KnownDef &def : kKnownObjects) {
        KnownObject o;
        o.path = std::string(def.path);
        for (std::string_view f : def.fields)
            o.fields.emplace_back(f);
        out.push_back(std::move(o));
    }
    return out;
}

} // namespace cqrs
