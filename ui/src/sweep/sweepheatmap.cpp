#include "cqrs/ui/sweep/sweepheatmap.h"

#include "cqrs/ui/common/format.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace cqrs {

namespace {
constexpr double kLeft = 80, kBottom = 58, kTop = 28, kScaleWidth = 96;

// Good (green) through amber to bad (red): the direction the user reads.
QColor scaleColor(double t)
{
    t = std::clamp(t, 0.0, 1.0);
    const QColor stops[] = {QColor(0x1a, 0x98, 0x50), QColor(0xf4, 0xd0, 0x3f), QColor(0xd7, 0x30, 0x27)};
    const double s = t * 2;
    const int i = std::min(1, int(s));
    const double f = s - i;
    auto mix = [f](int a, int b) { return int(std::lround(a + (b - a) * f)); };
    return QColor(mix(stops[i].red(), stops[i + 1].red()), mix(stops[i].green(), stops[i + 1].green()),
                  mix(stops[i].blue(), stops[i + 1].blue()));
}
} // namespace

SweepHeatMap::SweepHeatMap(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("sweepHeatMap"));
    setMouseTracking(true);
    setAccessibleName(tr("Heat map"));
}

void SweepHeatMap::setData(const QString &xTitle, const std::vector<double> &xValues, const QString &yTitle,
                           const std::vector<double> &yValues, const QString &metricTitle,
                           const std::vector<std::optional<double>> &values, bool lowerIsBetter)
{
    m_xTitle = xTitle;
    m_yTitle = yTitle;
    m_metricTitle = metricTitle;
    m_x = xValues;
    m_y = yValues;
    m_values = values;
    m_values.resize(m_x.size() * m_y.size());
    m_lowerIsBetter = lowerIsBetter;
    bool any = false;
    for (const std::optional<double> &v : m_values) {
        if (!v)
            continue;
        m_min = any ? std::min(m_min, *v) : *v;
        m_max = any ? std::max(m_max, *v) : *v;
        any = true;
    }
    if (!any)
        m_min = m_max = 0;
    setAccessibleDescription(tr("%1 for each pair of %2 and %3").arg(metricTitle, xTitle, yTitle));
    update();
}

void SweepHeatMap::setBudget(std::optional<double> budget)
{
    m_budget = budget;
    update();
}

void SweepHeatMap::setReplications(const std::vector<int> &finished, int replications)
{
    m_finished = finished;
    m_replications = replications;
    update();
}

bool SweepHeatMap::isPartial(int cell) const
{
    return cell >= 0 && std::size_t(cell) < m_finished.size() && m_values[std::size_t(cell)]
           && m_finished[std::size_t(cell)] < m_replications;
}

bool SweepHeatMap::missesBudget(int cell) const
{
    if (!m_budget || cell < 0 || cell >= cellCount())
        return false;
    const std::optional<double> &v = m_values[std::size_t(cell)];
    return v && (m_lowerIsBetter ? *v > *m_budget : *v < *m_budget);
}

QRectF SweepHeatMap::plotArea() const
{
    // A budget adds a line under the axis title that says what the outlines mean.
    const double bottom = kBottom + (m_budget ? QFontMetricsF(font()).height() + 4 : 0.0);
    return QRectF(kLeft, kTop, std::max(10.0, width() - kLeft - kScaleWidth - 12),
                  std::max(10.0, height() - kTop - bottom));
}

QRectF SweepHeatMap::cellRect(int cell) const
{
    if (cell < 0 || cell >= cellCount())
        return {};
    const QRectF area = plotArea();
    const int column = cell / rowCount(), row = cell % rowCount();
    const double w = area.width() / columnCount(), h = area.height() / rowCount();
    // The first value of the second parameter at the bottom, as on a chart.
    return QRectF(area.left() + column * w, area.bottom() - (row + 1) * h, w, h);
}

int SweepHeatMap::cellAt(const QPoint &position) const
{
    for (int cell = 0; cell < cellCount(); ++cell) {
        if (cellRect(cell).contains(position))
            return cell;
    }
    return -1;
}

QColor SweepHeatMap::colorOf(double value) const
{
    // Means that differ only by rounding (three runs of 10% averaged to
    // 10.000000000000002%) are the same colour, not the scale's two ends.
    const bool spread = m_max - m_min > 1e-9 * std::max(std::abs(m_min), std::abs(m_max));
    const double t = spread ? (value - m_min) / (m_max - m_min) : 0.5;
    return scaleColor(m_lowerIsBetter ? t : 1 - t);
}

void SweepHeatMap::setPercent(bool percent)
{
    m_percent = percent;
    update();
}

void SweepHeatMap::setSeconds(bool seconds)
{
    m_seconds = seconds;
    update();
}

QString SweepHeatMap::valueText(double value) const
{
    if (m_seconds)
        return formatSecondsInUnit(value, naturalTimeUnit(std::max(std::abs(m_min), std::abs(m_max))));
    return m_percent ? formatPercent(value, 3) : formatNumber(value);
}

QString SweepHeatMap::cellText(int cell) const
{
    if (cell < 0 || cell >= cellCount())
        return {};
    const int column = cell / rowCount(), row = cell % rowCount();
    const std::optional<double> &v = m_values[std::size_t(cell)];
    const QString x = formatNumber(m_x[std::size_t(column)]), y = formatNumber(m_y[std::size_t(row)]);
    if (!v)
        return tr("%1 = %2, %3 = %4: %5 = no finished run").arg(m_xTitle, x, m_yTitle, y, m_metricTitle);
    QString text = missesBudget(cell)
                       ? tr("%1 = %2, %3 = %4: %5 = %6 (misses the budget of %7)")
                             .arg(m_xTitle, x, m_yTitle, y, m_metricTitle, valueText(*v), valueText(*m_budget))
                       : tr("%1 = %2, %3 = %4: %5 = %6").arg(m_xTitle, x, m_yTitle, y, m_metricTitle, valueText(*v));
    if (isPartial(cell))
        text += QLatin1Char(' ')
                + tr("(mean of %1 of %2 replications)").arg(m_finished[std::size_t(cell)]).arg(m_replications);
    return text;
}

void SweepHeatMap::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    if (cellCount() == 0)
        return;
    const QFontMetrics fm(font());
    for (int cell = 0; cell < cellCount(); ++cell) {
        const QRectF r = cellRect(cell);
        const std::optional<double> &v = m_values[std::size_t(cell)];
        const QColor c = v ? colorOf(*v) : QColor(0xcc, 0xcc, 0xcc);
        p.fillRect(r, c);
        p.setPen(QPen(palette().base().color(), 1));
        p.drawRect(r);
        if (v) {
            const QString text = valueText(*v);
            if (fm.horizontalAdvance(text) + 6 < r.width() && fm.height() + 4 < r.height()) {
                p.setPen(c.lightness() > 140 ? Qt::black : Qt::white);
                p.drawText(r, Qt::AlignCenter, text);
            }
        }
        if (isPartial(cell)) {
            // Hatched: the mean of fewer seeds than its neighbours'.
            p.fillRect(r, QBrush(c.lightness() > 140 ? QColor(0, 0, 0, 90) : QColor(255, 255, 255, 110),
                                 Qt::BDiagPattern));
        }
        if (missesBudget(cell)) {
            // A dark frame inside the cell: read without the colours too.
            const double inset = std::min({3.0, r.width() / 6, r.height() / 6});
            p.setPen(QPen(QColor(0x21, 0x21, 0x21), std::max(1.0, inset), Qt::SolidLine, Qt::SquareCap,
                          Qt::MiterJoin));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r.adjusted(inset, inset, -inset, -inset));
        }
    }
    // Axes: values under the columns and beside the rows, at most ~12 labels each.
    p.setPen(palette().text().color());
    const QRectF area = plotArea();
    const int xEvery = std::max(1, columnCount() / 12), yEvery = std::max(1, rowCount() / 12);
    for (int column = 0; column < columnCount(); column += xEvery) {
        const QRectF r = cellRect(column * rowCount());
        p.drawText(QRectF(r.left() - 20, area.bottom() + 2, r.width() + 40, fm.height()), Qt::AlignCenter,
                   formatNumber(m_x[std::size_t(column)]));
    }
    for (int row = 0; row < rowCount(); row += yEvery) {
        const QRectF r = cellRect(row);
        p.drawText(QRectF(0, r.top(), kLeft - 6, r.height()), Qt::AlignRight | Qt::AlignVCenter,
                   formatNumber(m_y[std::size_t(row)]));
    }
    p.drawText(QRectF(area.left(), area.bottom() + fm.height() + 8, area.width(), fm.height() + 4),
               Qt::AlignCenter, m_xTitle);
    if (m_budget) {
        // Of the cells with a finished run (a cancelled sweep's others have no figure).
        int missed = 0, withRuns = 0, partial = 0;
        for (int cell = 0; cell < cellCount(); ++cell) {
            missed += missesBudget(cell) ? 1 : 0;
            withRuns += m_values[std::size_t(cell)] ? 1 : 0;
            partial += isPartial(cell) ? 1 : 0;
        }
        QString legend = tr("Outlined: the cells that miss the budget of %1 (%2 of %3).")
                             .arg(valueText(*m_budget))
                             .arg(missed)
                             .arg(withRuns);
        if (withRuns < cellCount())
            legend = tr("Outlined: the cells that miss the budget of %1 (%2 of the %3 cells with a finished run).")
                         .arg(valueText(*m_budget))
                         .arg(missed)
                         .arg(withRuns);
        if (partial > 0)
            legend += QLatin1Char(' ') + tr("Hatched: fewer replications.");
        p.drawText(QRectF(0, area.bottom() + 2 * fm.height() + 14, width(), fm.height() + 4), Qt::AlignCenter,
                   fm.elidedText(legend, Qt::ElideRight, width() - 8));
    }
    p.save();
    p.translate(12, area.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-area.height() / 2, -fm.height() / 2 - 2, area.height(), fm.height() + 4),
               Qt::AlignCenter, fm.elidedText(m_yTitle, Qt::ElideMiddle, int(area.height())));
    p.restore();
    p.drawText(QRectF(area.left(), 4, area.width(), fm.height() + 4), Qt::AlignCenter,
               m_metricTitle);

    // The colour scale: high at the top.
    const QRectF bar(area.right() + 16, area.top(), 18, area.height());
    QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
    for (double t : {0.0, 0.25, 0.5, 0.75, 1.0})
        gradient.setColorAt(t, colorOf(m_min + (m_max - m_min) * t));
    p.fillRect(bar, gradient);
    p.setPen(palette().text().color());
    p.drawRect(bar);
    const QRectF labels(bar.right() + 4, bar.top() - fm.height() / 2, kScaleWidth - 40, bar.height() + fm.height());
    p.drawText(labels, Qt::AlignTop | Qt::AlignLeft, valueText(m_max));
    p.drawText(labels, Qt::AlignVCenter | Qt::AlignLeft, valueText((m_min + m_max) / 2));
    p.drawText(labels, Qt::AlignBottom | Qt::AlignLeft, valueText(m_min));
    if (m_budget && m_max > m_min && *m_budget >= m_min && *m_budget <= m_max) {
        // The budget across the scale, where its colour is.
        const double y = bar.bottom() - (*m_budget - m_min) / (m_max - m_min) * bar.height();
        p.setPen(QPen(QColor(0x21, 0x21, 0x21), 2, Qt::DashLine));
        p.drawLine(QPointF(bar.left() - 5, y), QPointF(bar.right() + 5, y));
    }
}

void SweepHeatMap::mouseMoveEvent(QMouseEvent *event)
{
    const int cell = cellAt(event->position().toPoint());
    const QString text = cellText(cell);
    setToolTip(text);
    if (cell >= 0)
        QToolTip::showText(event->globalPosition().toPoint(), text, this);
    else
        QToolTip::hideText();
}

void SweepHeatMap::mousePressEvent(QMouseEvent *event)
{
    const int cell = cellAt(event->position().toPoint());
    if (cell >= 0 && event->button() == Qt::LeftButton)
        emit cellClicked(cell);
}

} // namespace cqrs
