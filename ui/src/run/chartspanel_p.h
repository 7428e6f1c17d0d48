#pragma once

// What chartspanel.cpp and chartpicture.cpp share: sizes and the small chart
// helpers. Not for other files.

#include "cqrs/ui/common/format.h"

#include <QAbstractAxis>
#include <QAreaSeries>
#include <QChart>
#include <QFont>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace cqrs::chartsinternal {

// One chart per tick: each shown chart redraws a few times a second.
inline constexpr int kRefreshMilliseconds = 40;
inline constexpr std::size_t kMaxCsvRows = 20000;
// Thinning keeps every other row and counts on the last kept one being one
// stride before the row that filled the table (ChartsPanel::appendSamples).
static_assert(kMaxCsvRows % 2 == 0);
// The smallest card that keeps a chart readable (title, axes, a plot to look at).
inline constexpr int kMinCardWidth = 400;
inline constexpr int kMinCardHeight = 230;
// A picture's cards: large enough for a slide.
inline constexpr int kPictureCardWidth = 960;
inline constexpr int kPictureCardHeight = 560;
inline constexpr auto kShownKey = "liveCharts/shown";

inline QFont labelFont()
{
    QFont font;
    font.setPointSizeF(10);
    return font;
}

/// The smallest of 1, 2, 3, 5, 7.5 x 10^n that is >= v.
inline double niceCeiling(double v)
{
    if (!(v > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 3.0, 5.0, 7.5, 10.0}) {
        if (m * magnitude >= v * (1 - 1e-12))
            return m * magnitude;
    }
    return 10 * magnitude;
}

// A round tick step (1, 2, 2.5, 5 x 10^n) for 0..top, about four to the
// range: labels a room can read. At most maxTicks ticks (2 to 5): Qt Charts
// gives each label of a vertical axis the plot's height over the tick count,
// and draws a label that does not fit in that as "...".
inline double niceStep(double top, int maxTicks = 5)
{
    if (!(top > 0))
        top = 1;
    const double rough = top / std::clamp(maxTicks - 1, 1, 4);
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        step = m * magnitude;
        if (step >= rough)
            break;
    }
    // With room for two labels only, 0 and the top (3 or 7.5 x 10^n): a step
    // past the top would leave "0" alone on the axis.
    return std::min(step, top);
}

inline void setNiceRange(QValueAxis *axis, double top, int maxTicks = 5)
{
    if (!(top > 0))
        top = 1;
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(niceStep(top, maxTicks));
    axis->setLabelFormat(axisLabelFormat(top));
    axis->setRange(0, top);
}

inline void copyAxis(QAbstractAxis *from, QAbstractAxis *to)
{
    // The title too: the time axis's unit is the run's ("simulated time
    // (h)"), the new chart's says seconds.
    to->setTitleText(from->titleText());
    if (auto *f = qobject_cast<QValueAxis *>(from)) {
        auto *t = static_cast<QValueAxis *>(to);
        t->setLabelFormat(f->labelFormat());
        t->setTickType(f->tickType());
        t->setTickAnchor(f->tickAnchor());
        t->setTickInterval(f->tickInterval());
        t->setRange(f->min(), f->max());
    } else if (auto *log = qobject_cast<QLogValueAxis *>(from)) {
        static_cast<QLogValueAxis *>(to)->setRange(log->min(), log->max());
    }
}

inline QLineSeries *makeSeries(const QString &name, const QPen &pen)
{
    auto *series = new QLineSeries;
    series->setName(name);
    series->setPen(pen);
    return series;
}

inline QAreaSeries *makeBand(const QColor &color)
{
    auto *upper = new QLineSeries;
    auto *lower = new QLineSeries;
    auto *band = new QAreaSeries(upper, lower);
    upper->setParent(band);
    lower->setParent(band);
    QColor fill = color;
    fill.setAlpha(70);
    band->setBrush(fill);
    band->setPen(Qt::NoPen);
    return band;
}

/// Points with x in seconds, for an axis in `unit` seconds (60: minutes).
inline QList<QPointF> scaledX(QList<QPointF> points, double unit)
{
    if (unit != 1) {
        for (QPointF &p : points)
            p.setX(p.x() / unit);
    }
    return points;
}

inline void attachAxes(QChart *chart, QAbstractSeries *series)
{
    chart->addSeries(series);
    for (QAbstractAxis *axis : chart->axes())
        series->attachAxis(axis);
}

} // namespace cqrs::chartsinternal
