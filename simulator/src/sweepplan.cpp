#include "cqrs/sim/sweepplan.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <system_error>

namespace cqrs::sim {

SweepAxisProblem checkSweepAxis(const SweepAxis &axis)
{
    if (!std::isfinite(axis.from) || !std::isfinite(axis.to))
        return SweepAxisProblem::NotFinite;
    if (axis.steps < 2)
        return SweepAxisProblem::TooFewSteps;
    if (axis.steps > kMaxSweepSteps)
        return SweepAxisProblem::TooManySteps;
    if (axis.log && !(axis.from > 0 && axis.to > 0))
        return SweepAxisProblem::LogNeedsPositive;
    return SweepAxisProblem::None;
}

double sweepValue(const SweepAxis &axis, long long i)
{
    if (i == axis.steps - 1)
        return axis.to;
    const double f = static_cast<double>(i) / static_cast<double>(axis.steps - 1);
    const double x = axis.log ? axis.from * std::pow(axis.to / axis.from, f)
                              : axis.from + (axis.to - axis.from) * f;
    // 15 significant digits: 1 instead of 0.9999999999999998, 0.3 instead of 0.30000000000000004.
    char text[32];
    std::snprintf(text, sizeof text, "%.15g", x);
    return std::strtod(text, nullptr);
}

std::vector<double> sweepValues(const SweepAxis &axis)
{
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(std::max(0LL, axis.steps)));
    for (long long i = 0; i < axis.steps; ++i)
        values.push_back(sweepValue(axis, i));
    return values;
}

Json sweepJsonValue(double value)
{
    if (std::floor(value) == value && std::abs(value) < 9.0e15)
        return Json(static_cast<long long>(value));
    return Json(value);
}

std::string sweepAssignment(const std::string &path, double value)
{
    return path + "=" + sweepJsonValue(value).dump();
}

std::string sweepSetting(const std::string &path, double value)
{
    return path + " = " + sweepJsonValue(value).dump();
}

namespace {

/// `value` with `digits` significant digits (more when its whole part has
/// more, up to 17), in the C locale: no exponent from 1 to 10^16.
std::string shortNumber(double value, int digits)
{
    char text[64];
    for (int p = digits; p <= 17; ++p) {
        const auto [end, ec]
            = std::to_chars(text, text + sizeof text, value, std::chars_format::general, p);
        if (ec != std::errc())
            break;
        const std::string out(text, end);
        const double magnitude = std::abs(value);
        if (out.find('e') == std::string::npos || !(magnitude >= 1 && magnitude < 1e16) || p == 17)
            return out;
    }
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    return ec == std::errc() ? std::string(text, end) : std::string("?");
}

} // namespace

std::vector<std::string> sweepValueTexts(const std::vector<double> &values)
{
    std::vector<std::string> texts(values.size());
    for (int digits = 3; digits <= 17; ++digits) {
        std::map<std::string, double> seen;
        bool apart = true;
        for (std::size_t i = 0; i < values.size(); ++i) {
            const double v = values[i];
            if (std::floor(v) == v && std::abs(v) < 9.0e15)
                texts[i] = std::to_string(static_cast<long long>(v));
            else
                texts[i] = shortNumber(v, digits);
            const auto [it, inserted] = seen.emplace(texts[i], v);
            if (!inserted && it->second != v)
                apart = false;
        }
        if (apart)
            break;
    }
    return texts;
}

std::string sweepDescription(const SweepAxis &axis)
{
    char text[96];
    std::snprintf(text, sizeof text, "%.15g:%.15g:%lld", axis.from, axis.to, axis.steps);
    return std::string(text) + (axis.log ? ":log" : "");
}

std::int64_t replicationSeed(std::int64_t modelSeed, int replication)
{
    // Unsigned arithmetic wraps where signed overflow would be undefined.
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(modelSeed)
                                     + static_cast<std::uint64_t>(std::max(0, replication)));
}

std::size_t SweepPlan::cellCount() const
{
    return values1.size() * std::max<std::size_t>(1, values2.size());
}

std::size_t SweepPlan::cellOf(std::size_t index1, std::size_t index2) const
{
    return index1 * std::max<std::size_t>(1, values2.size()) + index2;
}

SweepPlan makeSweepPlan(const SweepAxis &first, const std::optional<SweepAxis> &second,
                        int replications, std::int64_t modelSeed)
{
    SweepPlan plan;
    plan.first = first;
    plan.second = second;
    plan.replications = std::max(1, replications);
    plan.modelSeed = modelSeed;
    plan.values1 = sweepValues(first);
    if (second)
        plan.values2 = sweepValues(*second);
    const std::size_t columns = std::max<std::size_t>(1, plan.values2.size());
    for (std::size_t i1 = 0; i1 < plan.values1.size(); ++i1) {
        for (std::size_t i2 = 0; i2 < columns; ++i2) {
            for (int r = 0; r < plan.replications; ++r) {
                SweepRun run;
                run.cell = plan.cellOf(i1, i2);
                run.index1 = i1;
                run.index2 = i2;
                run.value1 = plan.values1[i1];
                if (second)
                    run.value2 = plan.values2[i2];
                run.replication = r;
                run.seed = replicationSeed(modelSeed, r);
                plan.runs.push_back(run);
            }
        }
    }
    return plan;
}

SweepStats sweepStats(const std::vector<double> &values)
{
    SweepStats stats;
    stats.count = values.size();
    if (values.empty())
        return stats;
    stats.min = *std::min_element(values.begin(), values.end());
    stats.max = *std::max_element(values.begin(), values.end());
    double sum = 0;
    for (double v : values)
        sum += v;
    stats.mean = sum / static_cast<double>(values.size());
    if (values.size() > 1) {
        double squares = 0;
        for (double v : values)
            squares += (v - stats.mean) * (v - stats.mean);
        stats.sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
    }
    return stats;
}

std::optional<std::size_t> sweepKnee(const std::vector<double> &x, const std::vector<double> &y,
                                     bool logX, double minDistance)
{
    constexpr double kFlatFraction = 0.05;
    const std::size_t n = std::min(x.size(), y.size());
    if (n < 3)
        return std::nullopt;
    std::vector<double> xs(n), ys(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i]) || (logX && x[i] <= 0))
            return std::nullopt;
        xs[i] = logX ? std::log10(x[i]) : x[i];
        ys[i] = y[i];
    }
    const auto [xMin, xMax] = std::minmax_element(xs.begin(), xs.end());
    const auto [yMin, yMax] = std::minmax_element(ys.begin(), ys.end());
    const double xRange = *xMax - *xMin, yRange = *yMax - *yMin;
    if (!(xRange > 0) || !(yRange > 0))
        return std::nullopt;
    // A curve whose values move by less than 5% of their size is flat: what
    // moves is the noise between runs (a stale ratio of 0.00157 to 0.00158),
    // and scaled to [0, 1] that noise would show a "knee" anywhere.
    if (yRange < kFlatFraction * std::max(std::abs(*yMax), std::abs(*yMin)))
        return std::nullopt;
    const double x0 = *xMin, y0 = *yMin;
    for (std::size_t i = 0; i < n; ++i) {
        xs[i] = (xs[i] - x0) / xRange;
        ys[i] = (ys[i] - y0) / yRange;
    }
    // A curve that rises and falls (each by a tenth of its range at least)
    // has no one bend: its farthest point from the chord is a dip or a
    // bump, not where it turns (a p99 of 604, 628, 700, 636, 1176 s had a
    // "knee" at its dip).
    constexpr double kTurn = 0.1;
    bool rises = false, falls = false;
    for (std::size_t i = 1; i < n; ++i) {
        rises = rises || ys[i] - ys[i - 1] >= kTurn;
        falls = falls || ys[i - 1] - ys[i] >= kTurn;
    }
    if (rises && falls)
        return std::nullopt;
    // Distance to the chord from the first to the last point.
    const double dx = xs[n - 1] - xs[0], dy = ys[n - 1] - ys[0];
    const double length = std::hypot(dx, dy);
    if (!(length > 0))
        return std::nullopt;
    std::optional<std::size_t> knee;
    double best = minDistance;
    for (std::size_t i = 1; i + 1 < n; ++i) {
        const double distance = std::abs(dy * (xs[i] - xs[0]) - dx * (ys[i] - ys[0])) / length;
        if (distance > best || (!knee && distance >= best)) {
            best = distance;
            knee = i;
        }
    }
    return knee;
}

} // namespace cqrs::sim
