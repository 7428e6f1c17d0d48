#include "cqrs/ui/common/format.h"

#include <cqrs/model/distribution.h>

#include <QCoreApplication>
#include <QLocale>
#include <QPalette>
#include <QWidget>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <optional>

namespace cqrs {

namespace {

QLocale groupingLocale()
{
    // The C locale omits group separators by default; a count of 16920 is
    // easier to read as 16,920 whatever the locale.
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale;
}

/// Decimals that leave `digits` significant digits of `value` (0 from
/// 10^(digits-1) up).
int significantDecimals(double value, int digits = 3)
{
    const double a = std::abs(value);
    if (a == 0)
        return 0;
    int decimals = std::max(0, digits - 1 - static_cast<int>(std::floor(std::log10(a))));
    // Rounding may carry into another digit (9.996 -> 10.0).
    const double scale = std::pow(10.0, decimals);
    const double rounded = std::round(a * scale) / scale;
    if (decimals > 0 && rounded >= std::pow(10.0, digits - decimals))
        --decimals;
    return decimals;
}

/// Huge values as "1.2 × 10^305": never hundreds of digits (or "inf").
QString powerOfTen(double value)
{
    int exponent = static_cast<int>(std::floor(std::log10(std::abs(value))));
    double mantissa = value / std::pow(10.0, exponent);
    if (std::round(std::abs(mantissa) * 10) >= 100) {
        mantissa /= 10;
        ++exponent;
    }
    return QStringLiteral("%1 × 10^%2").arg(groupingLocale().toString(mantissa, 'f', 1)).arg(exponent);
}

/// From here on numbers are written as a power of ten.
constexpr double kPowerOfTenFrom = 1e15;

QString significant(double value, int digits = 3)
{
    if (std::abs(value) >= kPowerOfTenFrom)
        return powerOfTen(value);
    const int decimals = significantDecimals(value, digits);
    const double scale = std::pow(10.0, decimals);
    const double rounded = std::round(value * scale) / scale;
    if (decimals == 0)
        return groupingLocale().toString(static_cast<qlonglong>(rounded));
    QString text = groupingLocale().toString(rounded, 'f', decimals);
    // "1.50" -> "1.5", "2.00" -> "2"
    const QChar point = groupingLocale().decimalPoint().front();
    while (text.endsWith(QLatin1Char('0')))
        text.chop(1);
    if (text.endsWith(point))
        text.chop(1);
    return text;
}

/// The value rounded to three significant digits, as `significant` shows it.
double roundedSignificant(double value)
{
    const double scale = std::pow(10.0, significantDecimals(value));
    return std::round(value * scale) / scale;
}

} // namespace

namespace {

struct TimeUnit
{
    double size;      ///< seconds per unit
    const char *name;
    double limit;     ///< values from this on read better in the next unit
};
constexpr TimeUnit kTimeUnits[] = {{1e-6, "µs", 1000}, {1e-3, "ms", 1000}, {1, "s", 120}, {60, "min", 120},
                                   {3600, "h", std::numeric_limits<double>::infinity()}};

std::size_t timeUnitFor(double seconds)
{
    const double a = std::abs(seconds);
    std::size_t u = 0;
    // Decide on the rounded value, so 999.7 µs reads "1 ms", not "1,000 µs".
    while (u + 1 < std::size(kTimeUnits) && roundedSignificant(a / kTimeUnits[u].size) >= kTimeUnits[u].limit)
        ++u;
    return u;
}

QString formatSecondsIn(double seconds, std::size_t u, int digits = 3)
{
    return QStringLiteral("%1 %2").arg(significant(seconds / kTimeUnits[u].size, digits),
                                       QString::fromUtf8(kTimeUnits[u].name));
}

/// "80.3 s – 110.3 s", not "80.3 s – 110 s": ends of a like size (within a
/// factor of ten) with the same decimals, as many as either needs for three
/// significant digits, less the zeros both end in.
QString rangeIn(double from, double to, std::size_t u)
{
    const QString unit = QString::fromUtf8(kTimeUnits[u].name);
    const double a = from / kTimeUnits[u].size;
    const double b = to / kTimeUnits[u].size;
    const double low = std::min(std::abs(a), std::abs(b));
    const double high = std::max(std::abs(a), std::abs(b));
    if (low == 0 || high >= kPowerOfTenFrom || high / low >= 10)
        return QStringLiteral("%1 – %2").arg(formatSecondsIn(from, u), formatSecondsIn(to, u));
    const int decimals = std::max(significantDecimals(a), significantDecimals(b));
    const QLocale locale = groupingLocale();
    QString first = locale.toString(a, 'f', decimals);
    QString second = locale.toString(b, 'f', decimals);
    const QChar point = locale.decimalPoint().front();
    if (decimals > 0) {
        while (first.endsWith(QLatin1Char('0')) && second.endsWith(QLatin1Char('0'))) {
            first.chop(1);
            second.chop(1);
        }
        if (first.endsWith(point) && second.endsWith(point)) {
            first.chop(1);
            second.chop(1);
        }
    }
    return QStringLiteral("%1 %3 – %2 %3").arg(first, second, unit);
}

} // namespace

QString formatSeconds(double seconds)
{
    if (!std::isfinite(seconds))
        return QStringLiteral("∞");
    if (seconds == 0)
        return QStringLiteral("0");
    return formatSecondsIn(seconds, timeUnitFor(seconds));
}

QString formatDuration(double seconds)
{
    return seconds == 0 ? QStringLiteral("0 s") : formatSeconds(seconds);
}

QString formatSecondsRange(double from, double to)
{
    if (!std::isfinite(from) || !std::isfinite(to) || to == 0)
        return QStringLiteral("%1 – %2").arg(formatSeconds(from), formatSeconds(to));
    const double larger = std::max(std::abs(from), std::abs(to));
    const double smaller = std::min(std::abs(from), std::abs(to));
    std::size_t u = timeUnitFor(larger);
    // "45 s – 135 s" rather than "0.75 min – 2.25 min": one unit down while
    // the smaller end would read under one and the larger in three digits.
    if (u > 0 && smaller > 0 && smaller < kTimeUnits[u].size && roundedSignificant(larger / kTimeUnits[u - 1].size) < 1000)
        --u;
    return rangeIn(from, to, u);
}

QString formatSecondsInUnit(double seconds, double unit, int digits)
{
    for (std::size_t u = 0; u < std::size(kTimeUnits); ++u) {
        if (kTimeUnits[u].size == unit && std::isfinite(seconds))
            return seconds == 0 ? QStringLiteral("0 %1").arg(QString::fromUtf8(kTimeUnits[u].name))
                                : formatSecondsIn(seconds, u, std::clamp(digits, 1, 15));
    }
    return formatSeconds(seconds);
}

double naturalTimeUnit(double seconds)
{
    return std::isfinite(seconds) && seconds != 0 ? kTimeUnits[timeUnitFor(seconds)].size : 1;
}

double runTimeUnit(double duration)
{
    return duration > 3 * 3600 ? 3600 : duration > 1200 ? 60 : 1;
}

QString formatMoment(double seconds, double duration)
{
    const double unit = runTimeUnit(duration);
    // Under a minute of a run charted in minutes in its own unit ("10 s" in
    // a 2-hour run, not "0.167 min"); a run in seconds reads "0.4 s" as its
    // clock does.
    if (unit >= 3600 || (unit > 1 && seconds != 0 && std::abs(seconds) < unit))
        return formatSeconds(seconds);
    return formatSecondsInUnit(seconds, unit);
}

QString formatSecondsRangeInUnit(double from, double to, double unit)
{
    for (std::size_t u = 0; u < std::size(kTimeUnits); ++u) {
        if (kTimeUnits[u].size == unit && std::isfinite(from) && std::isfinite(to))
            return rangeIn(from, to, u);
    }
    return QStringLiteral("%1 – %2").arg(formatSecondsInUnit(from, unit), formatSecondsInUnit(to, unit));
}

QString withoutTrailingZeros(QString number, const QString &decimalPoint)
{
    if (decimalPoint.isEmpty() || !number.contains(decimalPoint))
        return number;
    while (number.endsWith(QLatin1Char('0')))
        number.chop(1);
    if (number.endsWith(decimalPoint))
        number.chop(decimalPoint.size());
    return number;
}

namespace {

/// Qt drops a group separator wherever it stands ("2,5" is 25 in the C
/// locale, "0.5" is 5 in German). True when every one in `text` stands
/// where the locale writes one: between groups of three digits of the
/// whole part ("100,000" as a field shows it).
bool wellGrouped(const QString &text, const QLocale &locale)
{
    const QString group = locale.groupSeparator();
    if (group.isEmpty() || !text.contains(group))
        return true;
    QString whole = text;
    if (const qsizetype point = text.indexOf(locale.decimalPoint()); point >= 0)
        whole.truncate(point);
    else if (const qsizetype exponent = text.indexOf(QRegularExpression(QStringLiteral("[eE]"))); exponent >= 0)
        whole.truncate(exponent);
    if (whole.size() != text.size() && text.mid(whole.size()).contains(group))
        return false; // in the decimals or the exponent
    if (whole.startsWith(QLatin1Char('-')) || whole.startsWith(QLatin1Char('+')))
        whole.remove(0, 1);
    const QStringList groups = whole.split(group);
    // "0.250" is no thousands in German, nor "0,250" in English.
    if (groups.first().isEmpty() || groups.first().size() > 3 || groups.first().startsWith(QLatin1Char('0')))
        return false;
    return std::all_of(groups.begin() + 1, groups.end(), [](const QString &g) { return g.size() == 3; });
}

} // namespace

std::optional<double> parseUserNumber(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    for (const QLocale &locale : {QLocale(), QLocale::c()}) {
        bool ok = false;
        const double v = wellGrouped(t, locale) ? locale.toDouble(t, &ok) : 0;
        if (ok)
            return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
    }
    return std::nullopt;
}

QString formatCount(double count)
{
    if (!std::isfinite(count))
        return QStringLiteral("∞");
    if (std::abs(count) >= kPowerOfTenFrom)
        return powerOfTen(count);
    return groupingLocale().toString(static_cast<qlonglong>(std::llround(count)));
}

QString formatNumber(double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("∞");
    return significant(value);
}

QString formatNumber(double value, int digits)
{
    if (!std::isfinite(value))
        return QStringLiteral("∞");
    return significant(value, std::clamp(digits, 1, 15));
}

double roundSignificant(double value, int digits)
{
    if (!std::isfinite(value) || std::abs(value) >= kPowerOfTenFrom)
        return value;
    const double scale = std::pow(10.0, significantDecimals(value, std::clamp(digits, 1, 15)));
    return std::round(value * scale) / scale;
}

QString formatPercent(double ratio, int digits)
{
    if (!std::isfinite(ratio))
        return QStringLiteral("∞");
    return QStringLiteral("%1%").arg(formatNumber(ratio * 100, digits));
}

QString axisLabelFormat(double top)
{
    return std::abs(top) >= 1e6 && std::abs(top) < 1e15 ? QStringLiteral("%.0f") : QStringLiteral("%g");
}

QString formatPercent(double ratio)
{
    if (!std::isfinite(ratio))
        return QStringLiteral("∞");
    const double percent = ratio * 100;
    if (percent == 0)
        return QStringLiteral("0%");
    if (std::abs(percent) < 0.1)
        return QStringLiteral("<0.1%");
    if (std::abs(percent) < 10)
        return QStringLiteral("%1%").arg(significant(std::round(percent * 10) / 10));
    return QStringLiteral("%1%").arg(formatCount(percent));
}

bool isPercentFigure(std::string_view path)
{
    return path.ends_with("/staleRatio") || path.ends_with("/utilization");
}

bool isSecondsFigure(std::string_view label)
{
    return label.ends_with(" (s)");
}

QString figureLabel(std::string_view label)
{
    if (isSecondsFigure(label))
        label.remove_suffix(4);
    return QString::fromUtf8(label.data(), qsizetype(label.size()));
}

QString formatFigure(std::string_view path, double value)
{
    return isPercentFigure(path) ? formatPercent(value, 3) : formatNumber(value);
}

QString plural(QString text, int n)
{
    // Only an ending glued to a word: "time (s)" keeps its unit.
    const bool one = n == 1 || n == -1;
    static const QRegularExpression ending(
        QStringLiteral("(?<=\\p{L})(y\\(ies\\)|\\(es\\)|\\(s\\))"));
    QString out;
    qsizetype at = 0;
    for (auto it = ending.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(at, m.capturedStart() - at);
        const QString found = m.captured();
        if (found.startsWith(QLatin1Char('y')))
            out += one ? QStringLiteral("y") : QStringLiteral("ies");
        else if (!one)
            out += found.mid(1, found.size() - 2);
        at = m.capturedEnd();
    }
    out += QStringView(text).mid(at);
    return out;
}

QString formatRate(double perSecond)
{
    return QStringLiteral("%1/s").arg(formatNumber(perSecond));
}

namespace {

/// A time of the model as a parameter shows it: under a second in ms or µs,
/// from a second in seconds as written (400 s, not 6.66667 min).
QString parameterSeconds(double v)
{
    return v == 0 ? QStringLiteral("0 s") : formatSecondsInUnit(v, std::abs(v) < 1 ? naturalTimeUnit(v) : 1, 6);
}

/// A number of a JSON value, or nullopt.
std::optional<double> finiteNumber(const Json &v)
{
    if (!v.is_number())
        return std::nullopt;
    const double d = v.get<double>();
    return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
}

/// A whole distribution, or a whole list of outages or rebuilds, in words
/// ("lognormal: median 50 ms, p99 500 ms", "at 300 s for 60 s"); empty when
/// the value is not one of them (or is damaged), so the caller shows its text.
QString describeStructuredValue(std::string_view key, bool seconds, const Json &value)
{
    if (value.is_object()) {
        const auto dist = value.find("dist");
        if (dist == value.end() || !dist->is_string())
            return {};
        QStringList parameters;
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (it.key() == "dist")
                continue;
            static constexpr std::string_view kParameters[]
                = {"value", "mean", "median", "p99", "stddev", "min", "max", "s"};
            const bool known = std::find(std::begin(kParameters), std::end(kParameters), it.key())
                               != std::end(kParameters);
            const std::optional<double> v = finiteNumber(it.value());
            if (!v && known)
                return {}; // a damaged parameter: the text as written, not half of it
            if (!v)
                continue; // unknown fields, kept in the file, are not parameters
            const QString shown = seconds ? parameterSeconds(*v) : formatNumber(*v, 6);
            // A constant has one value: "constant: 50 ms".
            parameters.append(it.key() == "value" ? shown
                                                  : QStringLiteral("%1 %2").arg(QString::fromStdString(it.key()), shown));
        }
        const QString name = QString::fromStdString(dist->get<std::string>());
        return parameters.isEmpty() ? name : QStringLiteral("%1: %2").arg(name, parameters.join(QStringLiteral(", ")));
    }
    if (!value.is_array() || (key != "outages" && key != "rebuilds"))
        return {};
    if (value.empty())
        return QCoreApplication::translate("cqrs::Format", "none");
    QStringList items;
    for (const Json &item : value) {
        const std::optional<double> at = item.is_object() && item.contains("at") ? finiteNumber(item["at"]) : std::nullopt;
        if (!at)
            return {};
        if (key == "rebuilds") {
            items.append(QCoreApplication::translate("cqrs::Format", "at %1").arg(parameterSeconds(*at)));
            continue;
        }
        const std::optional<double> duration
            = item.contains("duration") ? finiteNumber(item["duration"]) : std::nullopt;
        if (!duration)
            return {};
        items.append(QCoreApplication::translate("cqrs::Format", "at %1 for %2")
                         .arg(parameterSeconds(*at), parameterSeconds(*duration)));
    }
    return items.join(QStringLiteral("; "));
}

} // namespace

QString formatParameterValue(const std::string &path, const std::string &json)
{
    const QString raw = QString::fromStdString(json);
    bool isNumber = false;
    const double v = QString::fromStdString(json).toDouble(&isNumber);
    const bool number = isNumber && std::isfinite(v);
    const std::size_t dot = path.rfind('.');
    const std::string_view key = dot == std::string::npos ? std::string_view(path)
                                                          : std::string_view(path).substr(dot + 1);
    std::string_view parent;
    if (dot != std::string::npos && dot > 0) {
        const std::size_t before = path.rfind('.', dot - 1);
        parent = std::string_view(path).substr(before == std::string::npos ? 0 : before + 1,
                                               dot - (before == std::string::npos ? 0 : before + 1));
    }
    const auto among = [](std::string_view word, std::initializer_list<std::string_view> words) {
        return std::find(words.begin(), words.end(), word) != words.end();
    };
    // The model's times: fields in seconds, and distributions of seconds
    // (written whole as a number, or as their parameters).
    const std::initializer_list<std::string_view> distributions
        = {"applyTime", "delay", "handlerTime", "publishDelay", "readTime", "after"};
    const bool seconds
        = among(key, {"interval", "offset", "timeout", "pollInterval", "duration", "warmup", "sampleInterval", "at"})
          || among(key, distributions)
          || (among(parent, distributions) && among(key, {"value", "mean", "median", "p99", "stddev", "min", "max"}))
          || (parent == "staleBudget" && key == "p99");
    if (!number) {
        // A whole distribution or list set at once (a what-if, a rebuild
        // scheduled during a run), not its JSON text.
        if (!json.empty() && (json.front() == '{' || json.front() == '[')) {
            const Json parsed = Json::parse(json, nullptr, false);
            if (!parsed.is_discarded()) {
                if (QString text = describeStructuredValue(key, among(key, distributions), parsed); !text.isEmpty())
                    return text;
            }
        }
        return raw;
    }
    if (seconds)
        return parameterSeconds(v);
    if (among(key, {"commandRate", "queryRate"}))
        return QStringLiteral("%1/s").arg(formatNumber(v, 6));
    if (among(key, {"duplicateRate", "rejectRate", "probability"}))
        return QStringLiteral("%1%").arg(formatNumber(v * 100, 6));
    return raw;
}

QString describeDistribution(const Distribution &dist)
{
    switch (dist.kind) {
    case DistKind::Constant: // a bare "0" beside "lognormal 50 ms" read as no figure
        return formatDuration(dist.p1);
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

void setMutedText(QWidget *widget)
{
    QPalette palette = widget->palette();
    const QColor text = palette.color(QPalette::WindowText);
    const QColor back = palette.color(QPalette::Window);
    const auto towards = [](float from, float to) { return from + (to - from) / 3; };
    const QColor muted = QColor::fromRgbF(towards(text.redF(), back.redF()), towards(text.greenF(), back.greenF()),
                                          towards(text.blueF(), back.blueF()));
    palette.setColor(QPalette::WindowText, muted);
    palette.setColor(QPalette::Text, muted);
    widget->setPalette(palette);
}

} // namespace cqrs
