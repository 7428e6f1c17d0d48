#include "cqrs/history/series.h"

#include <algorithm>
#include <vector>

namespace cqrs::history {

namespace {

enum class Merge { Last, Max, Mean };

Merge mergeFor(const std::string &key)
{
    if (key == "t")
        return Merge::Last;
    if (key == "lag" || key == "windowP50" || key == "windowP99")
        return Merge::Max;
    return Merge::Mean;
}

// A point that is not a number (a stored series is read back from text)
// counts as 0, in the peaks as in the means.
double numberAt(const Json &values, std::size_t i)
{
    return values[i].is_number() ? values[i].get<double>() : 0.0;
}

Json decimateArray(const Json &values, Merge merge, std::size_t maxPoints)
{
    const std::size_t n = values.size();
    if (n <= maxPoints || maxPoints == 0)
        return values;
    Json out = Json::array();
    for (std::size_t g = 0; g < maxPoints; ++g) {
        // Group g covers [n*g/maxPoints, n*(g+1)/maxPoints): sizes differ by at most one.
        const std::size_t begin = n * g / maxPoints;
        const std::size_t end = n * (g + 1) / maxPoints;
        double acc = merge == Merge::Max ? numberAt(values, begin) : 0.0;
        for (std::size_t i = begin; i < end; ++i) {
            const double v = numberAt(values, i);
            if (merge == Merge::Max)
                acc = std::max(acc, v);
            else
                acc += v;
        }
        if (merge == Merge::Last)
            out.push_back(values[end - 1]);
        else if (merge == Merge::Max)
            out.push_back(acc);
        else
            out.push_back(acc / static_cast<double>(end - begin));
    }
    return out;
}

Json decimate(const Json &node, const std::string &key, std::size_t maxPoints)
{
    if (node.is_array())
        return decimateArray(node, mergeFor(key), maxPoints);
    if (!node.is_object())
        return node;
    Json out = Json::object();
    for (auto it = node.begin(); it != node.end(); ++it)
        out[it.key()] = decimate(it.value(), it.key(), maxPoints);
    return out;
}

} // namespace

Json decimateSeries(const Json &series, std::size_t maxPoints)
{
    return decimate(series, std::string(), maxPoints);
}

std::string seriesText(const Json &series, std::size_t maxPoints)
{
    return decimateSeries(series, maxPoints).dump();
}

} // namespace cqrs::history
