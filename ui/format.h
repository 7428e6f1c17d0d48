#pragma once

#include <cqrs/model/distribution.h>

#include <QString>

namespace cqrs {

/// "2 ms", "1.5 s", "40 µs", "2 min": a duration in its natural unit.
QString formatSeconds(double seconds);
/// "1,234", "52.1", "0.00423": three significant digits, thousands separators, no exponent.
QString formatNumber(double value);
/// "exp 2 ms", "50 ms..0.5 s (lognormal)", "0": a one-line summary.
QString describeDistribution(const Distribution &dist);

} // namespace cqrs
