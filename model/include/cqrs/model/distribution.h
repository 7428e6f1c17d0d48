#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cqrs {

/// Every JSON value the model layer keeps uses insertion order, so that a
/// saved file lists fields in the documented order and unknown fields where
/// they were.
using Json = nlohmann::ordered_json;

enum class DistKind { Constant, Exponential, Uniform, Normal, Lognormal };

/// A probability distribution over non-negative durations (DESIGN section 2).
/// The model describes it; the engine samples it. The two parameters are
/// named by kind: constant {value}, exponential {mean}, uniform {min, max},
/// normal {mean, stddev}, lognormal {median, p99}.
struct Distribution
{
    DistKind kind = DistKind::Constant;
    double p1 = 0.0; ///< value | mean | min | mean | median
    double p2 = 0.0; ///< unused | unused | max | stddev | p99
    Json extra = Json::object(); ///< unknown fields, kept for a lossless round trip

    static Distribution constant(double value);
    static Distribution exponential(double mean);
    static Distribution uniform(double min, double max);
    static Distribution normal(double mean, double stddev);
    static Distribution lognormal(double median, double p99);

    /// Parameter count (1 or 2) and the JSON names of the parameters.
    int parameterCount() const;
    const char *parameterName(int index) const;

    /// Whether the parameters are inside the ranges of DESIGN section 2.
    bool isValid() const;
    /// True when every sample is exactly 0 (constant 0, uniform [0,0], ...).
    bool isAlwaysZero() const;

    /// Moments and quantiles of the distribution as sampled by the engine
    /// (normal is truncated at 0: negative samples become 0).
    double mean() const;
    double variance() const;
    double secondMoment() const { return variance() + mean() * mean(); }
    double quantile(double p) const;
    /// Density at x (for the inspector's plot); constant returns 0.
    double density(double x) const;

    /// lognormal: sigma = ln(p99/median) / 2.3263, mu = ln(median).
    double lognormalSigma() const;

    bool operator==(const Distribution &other) const = default;
};

std::string_view toString(DistKind kind);
/// Parses "constant", "exponential", ...; returns false for an unknown name.
bool fromString(std::string_view name, DistKind &kind);

/// z-score of the 99th percentile of the standard normal, as DESIGN fixes it.
inline constexpr double kZ99 = 2.3263;

} // namespace cqrs
