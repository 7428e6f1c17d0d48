#pragma once

#include <cqrs/model/distribution.h>

#include <QString>
#include <optional>
#include <string_view>

class QWidget;

namespace cqrs {

// One set of number formatters for everything the application shows: never
// an exponent ("1.692e+04"), counts with thousands separators, times in
// their natural unit.

/// "2 ms", "1.5 s", "40 µs", "2 min", "0": a duration in its natural unit,
/// three significant digits; "∞" when not finite.
QString formatSeconds(double seconds);
/// formatSeconds() for a duration shown alone, where a bare "0" would read
/// as no figure: "0 s" ("key-value · 0 s", "mean 0 s", "± 0 s").
QString formatDuration(double seconds);
/// "45 s – 75 s", "1.5 min – 2.5 min": both ends in the unit of the larger.
QString formatSecondsRange(double from, double to);
/// "300 s", "5.5 min": a duration in a time axis's unit (`unit` seconds: 1,
/// 60 or 3600), so a tool tip reads like the axis beside it; any other unit
/// reads as formatSeconds().
/// `digits` significant digits (1 to 15) where the usual three would hide a
/// difference that matters. Units are those of formatSeconds() (µs to h).
QString formatSecondsInUnit(double seconds, double unit, int digits = 3);
/// The unit (in seconds: 1e-6, 1e-3, 1, 60 or 3600) formatSeconds() says
/// `seconds` in: 1e-3 for 0.0104, 60 for 3,579; 1 for 0 or infinity.
double naturalTimeUnit(double seconds);
/// The unit (seconds: 1, 60 or 3600) in which a run of `duration` seconds
/// states its moments: its charts' time axis, its clock, "until …" messages.
double runTimeUnit(double duration);
/// A moment `seconds` into a run of `duration` seconds: in the unit of its
/// charts ("150 s" in a 10-minute run, "12.5 min" in an hour's), or in its
/// natural unit where they count hours ("10 min", not "0.167 h") and under
/// a minute of a run in minutes ("10 s", not "0.167 min").
QString formatMoment(double seconds, double duration);
/// "300 s – 330 s": both ends in that unit.
QString formatSecondsRangeInUnit(double from, double to, double unit);
/// "600", "0.002": a number written with fixed decimals ("600.000",
/// "0.002000") without its trailing zeros, or its decimal point when none
/// are left.
QString withoutTrailingZeros(QString number, const QString &decimalPoint);
/// A number as the user typed it, in their locale ("2,5" in German) or with
/// a dot ("2.5" anywhere); nothing when it is not one. A thousands
/// separator is refused, not dropped: "2,5" is never 25.
std::optional<double> parseUserNumber(const QString &text);
/// "16,920": a count, rounded, with thousands separators; "∞" when not finite.
QString formatCount(double count);
/// "0.523", "12.3", "16,900": three significant digits with thousands
/// separators and no exponent; "∞" when not finite.
QString formatNumber(double value);
/// "0.52345", "12.345": `digits` significant digits (1 to 15), for a value
/// whose usual three would hide a difference that matters.
QString formatNumber(double value, int digits);
/// The value formatNumber(value, digits) shows, as a number.
double roundSignificant(double value, int digits);
/// "0%", "<0.1%", "4.4%", "36%", "2,926%": a ratio (1 = 100%).
QString formatPercent(double ratio);

/// The printf format of a chart axis's labels up to `top`: "%g", but whole
/// numbers from a million on ("2000000", not "2e+06").
QString axisLabelFormat(double top);
/// "0.344%", "36.25%": a ratio with `digits` significant digits of its percent.
QString formatPercent(double ratio, int digits);
/// Whether the result figure at `path` (a JSON pointer such as
/// "/queries/get-user/staleRatio") is a ratio the application shows in
/// percent: stale ratios and utilizations. (Files keep them as ratios.)
bool isPercentFigure(std::string_view path);
/// Whether a result figure's label ("user-view: lag max (s)", as compare
/// rows and sweeps name them) states it in seconds.
bool isSecondsFigure(std::string_view label);
/// The label without its " (s)", for a table whose times carry their unit.
QString figureLabel(std::string_view label);
/// A result figure as the application shows it, three significant digits:
/// "10.9%" for a ratio shown in percent, "0.523" for the others.
QString formatFigure(std::string_view path, double value);
/// "1,000/s", "0.5/s": a rate per second.
QString formatRate(double perSecond);
/// A model parameter's value (the JSON text of a leaf, at its `--set`
/// path) with its unit: "5 s" for readModels.x.update.interval = 5, "50 ms"
/// for an apply time's median, "20/s" for the command rate, "25%" for the
/// duplicate rate. Up to six significant digits: two values that differ
/// read differently. A whole distribution or list of outages or rebuilds
/// reads in words ("lognormal: median 50 ms, p99 500 ms", "at 300 s for
/// 60 s"). Any other value is its JSON text.
QString formatParameterValue(const std::string &path, const std::string &json);
/// A translated "%n error(s)" (the text of a count, %n filled in) as English
/// reads it when no translation gives the plural forms: "1 error", "2 errors"
/// (and "(es)": "2 stresses"). A translated text, with no "(s)" left in it,
/// is returned as it is.
QString plural(QString text, int n);
/// "exp 2 ms", "50 ms..0.5 s (lognormal)", "0 s": a one-line summary.
QString describeDistribution(const Distribution &dist);

/// Hint text, quieter than the rest but readable: the widget's text colour
/// taken a third of the way towards its background (a disabled label's
/// grey was 1.6:1 on the usual background, this is over 4.5:1).
void setMutedText(QWidget *widget);

} // namespace cqrs
