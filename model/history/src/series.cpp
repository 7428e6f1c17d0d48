#include "cqrs/history/series.h"

#include <cqrs/model/seriesmerge.h>

namespace cqrs::history {

namespace {

// A point that is not a number (a stored series is read back from text)
// counts as 0, in the peaks as in the means.
double numberAt(const Json &values, std::size_t i)
{
    return values[i].is_number() ? values[i].get<double>() : 0.0;
}

Json decimateArray(const Json &values, SeriesMerge merge, std::size_t maxPoints)
{
    const std::size_t n = values.size();
    if (n <= maxPoints || maxPoints == 0)
        return values;
    Json out = Json::array();
    mergeSeriesGroups(
        n, maxPoints, merge, [&](std::size_t i) { return numberAt(values, i); },
        [&](std::size_t last, double merged) {
            if (merge == SeriesMerge::Last)
                out.push_back(values[last]);
            else
                out.push_back(merged);
        });
    return out;
}

Json decimate(const Json &node, const std::string &key, std::size_t maxPoints)
{
    if (node.is_array())
        return decimateArray(node, seriesMergeFor(key), maxPoints);
    if (!node.is_object())
        return node;
    // A query's stale ratio: its merged intervals weighted by their reads.
    const auto ratio = node.find("staleRatio");
    const auto issued = node.find("issued");
    const bool weighted = ratio != node.end() && issued != node.end() && ratio->is_array()
                          && issued->is_array() && ratio->size() == issued->size() && maxPoints > 0
                          && ratio->size() > maxPoints;
    Json out = Json::object();
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (!(weighted && it == ratio))
            out[it.key()] = decimate(it.value(), it.key(), maxPoints);
    }
    if (weighted) {
        Json merged = Json::array();
        mergeStaleRatioGroups(
            ratio->size(), maxPoints, [&](std::size_t i) { return numberAt(*ratio, i); },
            [&](std::size_t i) { return numberAt(*issued, i); },
            [&](std::size_t, double value) { merged.push_back(value); });
        out["staleRatio"] = std::move(merged);
    }
    return out;
}

bool fitsIn(const Json &node, std::size_t maxPoints)
{
    if (node.is_array())
        return maxPoints == 0 || node.size() <= maxPoints;
    if (node.is_object()) {
        for (const Json &child : node) {
            if (!fitsIn(child, maxPoints))
                return false;
        }
    }
    return true;
}

} // namespace

Json decimateSeries(const Json &series, std::size_t maxPoints)
{
    return decimate(series, std::string(), maxPoints);
}

std::string seriesText(const Json &series, std::size_t maxPoints)
{
    // Series the engine already cut down (the usual case) are written as
    // they are, without a copy.
    if (fitsIn(series, maxPoints))
        return series.dump();
    return decimateSeries(series, maxPoints).dump();
}

std::string takeSeriesText(Json &result, std::size_t maxPoints)
{
    std::string text;
    if (!result.is_object())
        return text;
    if (const auto it = result.find("series"); it != result.end()) {
        text = seriesText(*it, maxPoints);
        result.erase(it);
    }
    return text;
}

std::string seriesTextOf(const Json &result, Json *rest, std::size_t maxPoints)
{
    if (!result.is_object()) {
        *rest = result;
        return {};
    }
    std::string text;
    Json others = Json::object(); // rest may be result itself
    for (auto it = result.begin(); it != result.end(); ++it) {
        if (it.key() == "series")
            text = seriesText(it.value(), maxPoints);
        else
            others[it.key()] = it.value();
    }
    *rest = std::move(others);
    return text;
}

Json storedObject(const std::string &text, bool *damaged)
{
    *damaged = false;
    if (text.empty())
        return Json();
    Json object = Json::parse(text, nullptr, false);
    if (object.is_object())
        return object;
    *damaged = true;
    return Json();
}

} // namespace cqrs::history
