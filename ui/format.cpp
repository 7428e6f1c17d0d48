#include "format.h"

#include <cmath>

namespace cqrs {

QString formatSeconds(double seconds)
{
    if (!std::isfinite(seconds))
        return QStringLiteral("∞");
    const double a = std::abs(seconds);
    if (a == 0)
        return QStringLiteral("0");
    if (a < 1e-3)
        return QStringLiteral("%1 µs").arg(seconds * 1e6, 0, 'g', 3);
    if (a < 1)
        return QStringLiteral("%1 ms").arg(seconds * 1e3, 0, 'g', 3);
    if (a < 120)
        return QStringLiteral("%1 s").arg(seconds, 0, 'g', 3);
    if (a < 7200)
        return QStringLiteral("%1 min").arg(seconds / 60, 0, 'g', 3);
    return QStringLiteral("%1 h").arg(seconds / 3600, 0, 'g', 3);
}

QString describeDistribution(const Distribution &dist)
{
    switch (dist.kind) {
    case DistKind::Constant:
        return formatSeconds(dist.p1);
    case DistKind::Exponential:
        return QStringLiteral("exp %1").arg(formatSeconds(dist.p1));
    case DistKind::Uniform:
        return QStringLiteral("%1..%2").arg(formatSeconds(dist.p1), formatSeconds(dist.p2));
    case DistKind::Normal:
        return QStringLiteral("%1 ± %2").arg(formatSeconds(dist.p1), formatSeconds(dist.p2));
    case DistKind::Lognormal:
        return QStringLiteral("%1, p99 %2").arg(formatSeconds(dist.p1), formatSeconds(dist.p2));
    }
    return {};
}

} // namespace cqrs
