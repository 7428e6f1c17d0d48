#include "cqrs/model/distribution.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cqrs {

namespace {

double normalPdf(double z)
{
    return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
}

double normalCdf(double z)
{
    return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

// Inverse of the standard normal CDF (Acklam's rational approximation, refined
// by one Halley step; relative error below 1e-12).
double normalQuantile(double p)
{
    if (p <= 0.0)
        return -INFINITY;
    if (p >= 1.0)
        return INFINITY;
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                   -2.759285104469687e+02, 1.383577518672690e+02,
                                   -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                   -1.556989798598866e+02, 6.680131188771972e+01,
                                   -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                   -2.400758277161838e+00, -2.549732539343734e+00,
                                   4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                   2.445134137142996e+00, 3.754408661907416e+00};
    constexpr double low = 0.02425;
    double x;
    if (p < low) {
        const double q = std::sqrt(-2.0 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else if (p <= 1.0 - low) {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    } else {
        const double q = std::sqrt(-2.0 * std::log(1.0 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
    const double e = normalCdf(x) - p;
    const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
    return x - u / (1.0 + 0.5 * x * u);
}

} // namespace

Distribution Distribution::constant(double value)
{
    return {DistKind::Constant, value, 0.0};
}

Distribution Distribution::exponential(double mean)
{
    return {DistKind::Exponential, mean, 0.0};
}

Distribution Distribution::uniform(double min, double max)
{
    return {DistKind::Uniform, min, max};
}

Distribution Distribution::normal(double mean, double stddev)
{
    return {DistKind::Normal, mean, stddev};
}

Distribution Distribution::lognormal(double median, double p99)
{
    return {DistKind::Lognormal, median, p99};
}

int Distribution::parameterCount() const
{
    switch (kind) {
    case DistKind::Constant:
    case DistKind::Exponential:
        return 1;
    case DistKind::Uniform:
    case DistKind::Normal:
    case DistKind::Lognormal:
        return 2;
    }
    return 1;
}

const char *Distribution::parameterName(int index) const
{
    switch (kind) {
    case DistKind::Constant:
        return index == 0 ? "value" : "";
    case DistKind::Exponential:
        return index == 0 ? "mean" : "";
    case DistKind::Uniform:
        return index == 0 ? "min" : "max";
    case DistKind::Normal:
        return index == 0 ? "mean" : "stddev";
    case DistKind::Lognormal:
        return index == 0 ? "median" : "p99";
    }
    return "";
}

bool Distribution::isValid() const
{
    if (!std::isfinite(p1) || (parameterCount() == 2 && !std::isfinite(p2)))
        return false;
    switch (kind) {
    case DistKind::Constant:
        return p1 >= 0.0;
    case DistKind::Exponential:
        return p1 > 0.0;
    case DistKind::Uniform:
        return p1 >= 0.0 && p1 <= p2;
    case DistKind::Normal:
        return p2 >= 0.0;
    case DistKind::Lognormal:
        return p1 > 0.0 && p1 < p2;
    }
    return false;
}

bool Distribution::isAlwaysZero() const
{
    switch (kind) {
    case DistKind::Constant:
        return p1 == 0.0;
    case DistKind::Exponential:
    case DistKind::Lognormal:
        return false;
    case DistKind::Uniform:
        return p2 == 0.0;
    case DistKind::Normal:
        return p2 == 0.0 && p1 <= 0.0;
    }
    return false;
}

double Distribution::lognormalSigma() const
{
    return std::log(p2 / p1) / kZ99;
}

double Distribution::mean() const
{
    switch (kind) {
    case DistKind::Constant:
    case DistKind::Exponential:
        return p1;
    case DistKind::Uniform:
        return 0.5 * (p1 + p2);
    case DistKind::Normal: {
        if (p2 == 0.0)
            return std::max(0.0, p1);
        const double z = p1 / p2;
        return p1 * normalCdf(z) + p2 * normalPdf(z);
    }
    case DistKind::Lognormal: {
        const double s = lognormalSigma();
        return p1 * std::exp(0.5 * s * s);
    }
    }
    return 0.0;
}

double Distribution::variance() const
{
    switch (kind) {
    case DistKind::Constant:
        return 0.0;
    case DistKind::Exponential:
        return p1 * p1;
    case DistKind::Uniform:
        return (p2 - p1) * (p2 - p1) / 12.0;
    case DistKind::Normal: {
        if (p2 == 0.0)
            return 0.0;
        const double z = p1 / p2;
        const double second = (p1 * p1 + p2 * p2) * normalCdf(z) + p1 * p2 * normalPdf(z);
        const double m = mean();
        return std::max(0.0, second - m * m);
    }
    case DistKind::Lognormal: {
        const double s2 = lognormalSigma() * lognormalSigma();
        return (std::exp(s2) - 1.0) * p1 * p1 * std::exp(s2);
    }
    }
    return 0.0;
}

double Distribution::quantile(double p) const
{
    p = std::clamp(p, 0.0, 1.0);
    switch (kind) {
    case DistKind::Constant:
        return p1;
    case DistKind::Exponential:
        return p >= 1.0 ? INFINITY : -p1 * std::log1p(-p);
    case DistKind::Uniform:
        return p1 + p * (p2 - p1);
    case DistKind::Normal:
        return std::max(0.0, p1 + p2 * normalQuantile(p));
    case DistKind::Lognormal:
        return p1 * std::exp(lognormalSigma() * normalQuantile(p));
    }
    return 0.0;
}

double Distribution::density(double x) const
{
    if (x < 0.0)
        return 0.0;
    switch (kind) {
    case DistKind::Constant:
        return 0.0;
    case DistKind::Exponential:
        return std::exp(-x / p1) / p1;
    case DistKind::Uniform:
        return (p2 > p1 && x >= p1 && x <= p2) ? 1.0 / (p2 - p1) : 0.0;
    case DistKind::Normal:
        return p2 > 0.0 ? normalPdf((x - p1) / p2) / p2 : 0.0;
    case DistKind::Lognormal: {
        if (x <= 0.0)
            return 0.0;
        const double s = lognormalSigma();
        const double z = (std::log(x) - std::log(p1)) / s;
        return normalPdf(z) / (x * s);
    }
    }
    return 0.0;
}

std::string_view toString(DistKind kind)
{
    switch (kind) {
    case DistKind::Constant:
        return "constant";
    case DistKind::Exponential:
        return "exponential";
    case DistKind::Uniform:
        return "uniform";
    case DistKind::Normal:
        return "normal";
    case DistKind::Lognormal:
        return "lognormal";
    }
    return "constant";
}

bool fromString(std::string_view name, DistKind &kind)
{
    for (DistKind k : {DistKind::Constant, DistKind::Exponential, DistKind::Uniform,
                       DistKind::Normal, DistKind::Lognormal}) {
        if (toString(k) == name) {
            kind = k;
            return true;
        }
    }
    return false;
}

} // namespace cqrs
