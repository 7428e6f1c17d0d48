#include "format.h"

#include <QLocale>

#include <algorithm>
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

QString formatNumber(double value)
{
    if (!std::isfinite(value))
        return value < 0 ? QStringLiteral("-∞") : QStringLiteral("∞");
    const double a = std::abs(value);
    const int decimals = a == 0 ? 0 : std::clamp(2 - int(std::floor(std::log10(a))), 0, 6);
    QLocale locale;
    locale.setNumberOptions(QLocale::DefaultNumberOptions); // keep the thousands separators
    QString text = locale.toString(value, 'f', decimals);
    if (decimals > 0) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(locale.decimalPoint()))
            text.chop(locale.decimalPoint().size());
    }
    return text == QLatin1String("-0") ? QStringLiteral("0") : text;
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
