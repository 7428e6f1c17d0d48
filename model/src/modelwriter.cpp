// The canonical writer: the model as a JSON document in the documented field
// order, defaults left out, unknown fields kept (the field tables in
// modelfields.cpp say how each field is written); its text and atomic save.
#include "cqrs/model/fileio.h"
#include "cqrs/model/modeljson.h"
#include "modeljson_p.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace cqrs {

namespace detail {

Json jsonNumber(double value)
{
    if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e15)
        return Json(static_cast<std::int64_t>(value));
    return Json(value);
}

void appendExtra(Json &out, const Json &extra)
{
    if (!extra.is_object())
        return;
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        if (!out.contains(it.key()))
            out[it.key()] = it.value();
    }
}

std::string formatNumber(double value)
{
    return jsonNumber(value).dump();
}

} // namespace detail

using namespace detail;

Json distributionToJson(const Distribution &d)
{
    Json out = Json::object();
    out["dist"] = std::string(toString(d.kind));
    out[d.parameterName(0)] = jsonNumber(d.p1);
    if (d.parameterCount() == 2)
        out[d.parameterName(1)] = jsonNumber(d.p2);
    appendExtra(out, d.extra);
    return out;
}

Json modelToJson(const Model &m)
{
    return writeModelDocument(m);
}

Json modelToCompleteJson(const Model &m)
{
    return writeCompleteModelDocument(m);
}

std::string serializeModel(const Model &model)
{
    // replace: a string that is not valid UTF-8 must not make saving throw.
    return modelToJson(model).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

bool saveModelFile(const Model &model, const std::string &path, std::string *error)
{
    auto fail = [&](const std::string &message) {
        if (error)
            *error = message;
        return false;
    };
    std::string text;
    try {
        text = serializeModel(model);
    } catch (const std::exception &e) {
        return fail(std::string("cannot write the model: ") + e.what());
    }

    std::string message;
    if (!writeFileAtomically(path, text, &message))
        return fail("cannot save " + path + ": " + message);
    return true;
}

} // namespace cqrs
