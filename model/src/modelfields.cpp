#include "cqrs/model/modeljson.h"
#include "modeljson_p.h"

#include <algorithm>

namespace cqrs {

namespace detail {

namespace {

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

} // namespace

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

} // namespace detail

using namespace detail;

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
