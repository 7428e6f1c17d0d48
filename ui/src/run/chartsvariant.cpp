// Live A/B's side of the charts panel (Run > Run with a Variant): run B's
// lines over run A's, dashed, in the complementary colour (where that is
// another A line's colour, the A line's own), with legends that say which
// run a line belongs to.
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "chartspanel_p.h"

#include <QComboBox>
#include <QLabel>
#include <QLineSeries>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace cqrs {

using namespace chartsinternal;

namespace {

/// Run B's pen for a line of run A's: the opposite hue (blue becomes orange),
/// dashed, so that A and B differ in colour and for colour-blind eyes too.
QPen variantPen(QPen pen)
{
    QColor c = pen.color();
    int h = 0, s = 0, v = 0;
    c.getHsv(&h, &s, &v);
    c = h < 0 || s < 40 ? QColor(0xff, 0x7f, 0x0e) : QColor::fromHsv((h + 180) % 360, s, std::max(v, 150));
    pen.setColor(c);
    pen.setStyle(Qt::DashLine);
    return pen;
}

/// Run B's pen for a line of run A's where the opposite colour is another
/// A line's: the same colour, dashed (a darker shade came near the
/// palette's next colour: orange's is brown, beside red).
QPen pairPen(QPen pen)
{
    pen.setStyle(Qt::DashLine);
    return pen;
}

} // namespace

void ChartsPanel::beginVariant(const Model &variant, const QString &differences)
{
    if (m_accepted < 0)
        return;
    clearVariant();
    m_variantActive = true;
    m_aPrefix = tr("A · ");
    m_bPrefix = tr("B (variant) · ");
    // B's snapshots list its read models and queries in B's order: per read
    // model and per query lines compare only when B has the same ones as A.
    bool sameShape = variant.readModels.size() == std::size_t(m_readModels.size())
                     && int(variant.queries.size()) == m_queryCount;
    for (std::size_t r = 0; sameShape && r < variant.readModels.size(); ++r)
        sameShape = QString::fromStdString(variant.readModels[r].id) == m_readModels[int(r)];
    const std::size_t count = m_lines.size();
    for (std::size_t i = 0; i < count; ++i) {
        const Line &a = m_lines[i];
        if (!isTimeChart(a.chart) || a.budget || a.variant)
            continue;
        const bool perElement = !a.readModel.isEmpty() || a.chart == Applies || a.chart == Window
                                || a.chart == Backlog || a.chart == Lag || a.chart == Staleness;
        if (perElement && !sameShape)
            continue;
        // The consistency window compares the runs' p99; p50 and p95 of both would be a tangle.
        if (a.chart == Window && std::find(m_rmP99.begin(), m_rmP99.end(), int(i)) == m_rmP99.end())
            continue;
        const ChartId chartId = a.chart;
        const QString label = a.label, readModel = a.readModel, readModelName = a.readModelName;
        const DecimatedSeries::Merge merge = a.data.merge();
        Line &b = addLine(chartId, label, a.series->pen().color(), merge, Qt::DashLine, readModel);
        b.variant = true;
        b.readModelName = readModelName;
        m_lines[i].variantLine = int(m_lines.size()) - 1; // addLine() may have moved the lines
    }
    const QString model = boundedText(variant.name.empty() ? tr("Untitled model").toStdString() : variant.name, 80);
    m_variantNote->setText(tr("<b>A/B run.</b> Solid lines: <b>A</b>, the model. Dashed lines: <b>B (variant)</b>, "
                              "%1, with the same seed (in the opposite colour, or, where that is another line's, "
                              "in its A line's colour). B changes: %2")
                               .arg(model.toHtmlEscaped(), differences.isEmpty() ? tr("nothing yet") : differences));
    if (!sameShape)
        m_variantNote->setText(m_variantNote->text() + QLatin1Char(' ')
                               + tr("B's read models or queries are not A's: only throughput and command "
                                    "latency are compared while it runs."));
    m_variantNote->show();
    applyFocus();
}

void ChartsPanel::addVariantSamples(const SnapshotBatch &batch)
{
    if (m_variantActive)
        appendSamples(batch, true);
}

void ChartsPanel::showVariantResult(const RunResult &result)
{
    if (!m_variantActive)
        return;
    for (auto it = m_lines.begin(); it != m_lines.end();) {
        if ((it->chart == Histogram || it->chart == Cdf) && it->variant) {
            chart(it->chart)->removeSeries(it->series);
            chart(it->chart)->removeSeries(it->band);
            delete it->series;
            delete it->band;
            it = m_lines.erase(it);
        } else {
            ++it;
        }
    }
    addDistributions(result, true);
    applyFocus();
    m_refreshTimer.start();
}

void ChartsPanel::clearVariant()
{
    if (!m_variantActive)
        return;
    // Indexes into m_lines hold only before the first B line (beginVariant() appends them).
    for (auto it = m_lines.begin(); it != m_lines.end();) {
        if (it->variant) {
            chart(it->chart)->removeSeries(it->series);
            chart(it->chart)->removeSeries(it->band);
            delete it->series;
            delete it->band;
            it = m_lines.erase(it);
        } else {
            it->series->setName(it->name);
            it->variantLine = -1;
            ++it;
        }
    }
    m_variantActive = false;
    m_variantNote->clear();
    m_variantNote->hide();
    applyFocus();
}

void ChartsPanel::syncVariantLines()
{
    if (!m_variantActive)
        return;
    // The opposite colours, unless one of them is the colour of another of
    // A's lines in sight in the chart (the opposite of the palette's blue is
    // its orange): then, in that chart, each A line's own colour.
    const auto hueOf = [](const QColor &c) { return c.hsvSaturation() < 40 ? -1 : c.hsvHue(); };
    // B's line's A line, or none (a distribution: coloured by its read model).
    const auto lineOfA = [this](const Line &b) -> const Line * {
        for (const Line &a : m_lines) {
            if (!a.variant && a.variantLine == &b - m_lines.data())
                return &a;
        }
        return nullptr;
    };
    // A distribution's colour: its read model's, else the next one (as drawn below).
    int unnamed = 0;
    const auto distributionColour = [this, &unnamed](const Line &b) {
        const int rm = int(m_readModels.indexOf(b.readModel));
        return seriesColor(rm >= 0 ? rm : unnamed++);
    };
    std::array<bool, ChartCount> paired{};
    for (const Line &b : m_lines) {
        if (!b.variant)
            continue;
        const Line *pair = isTimeChart(b.chart) ? lineOfA(b) : nullptr;
        if (isTimeChart(b.chart) && (!pair || !pair->series->isVisible()))
            continue;
        const QColor own = pair ? pair->series->pen().color() : distributionColour(b);
        const int hue = hueOf(variantPen(QPen(own)).color());
        for (const Line &a : m_lines) {
            if (a.chart != b.chart || a.variant || a.budget || !a.series->isVisible() || a.series->pen().color() == own)
                continue;
            const int otherHue = hueOf(a.series->pen().color());
            const int apart = std::abs(hue - otherHue) % 360;
            if (hue >= 0 && otherHue >= 0 && std::min(apart, 360 - apart) < 30)
                paired[std::size_t(b.chart)] = true;
        }
    }
    const auto penOfB = [&paired](ChartId chart, const QPen &penOfA) {
        return paired[std::size_t(chart)] ? pairPen(penOfA) : variantPen(penOfA);
    };
    for (Line &a : m_lines) {
        if (a.variant)
            continue;
        a.series->setName(m_aPrefix + a.name);
        if (a.variantLine < 0)
            continue;
        Line &b = m_lines[std::size_t(a.variantLine)];
        b.name = a.name;
        b.series->setName(m_bPrefix + b.name);
        b.series->setPen(penOfB(b.chart, a.series->pen()));
        QColor fill = b.series->pen().color();
        fill.setAlpha(50);
        b.band->setBrush(fill);
        setLineVisible(b, a.series->isVisible());
    }
    // B's distributions have no A line to follow: named after their read model.
    unnamed = 0;
    for (Line &b : m_lines) {
        if (!b.variant || isTimeChart(b.chart))
            continue;
        b.name = b.label;
        b.series->setName(m_bPrefix + b.name);
        QPen pen = b.series->pen();
        pen.setColor(distributionColour(b));
        b.series->setPen(penOfB(b.chart, pen));
    }
}

int ChartsPanel::variantPointCount(ChartId id) const
{
    int count = 0;
    for (const Line &line : m_lines) {
        if (line.chart == id && line.variant)
            count += int(line.series->count());
    }
    return count;
}

double ChartsPanel::maxValue(ChartId id, const QString &name, bool variant) const
{
    for (const Line &line : m_lines) {
        if (line.chart != id || line.variant != variant || line.data.isEmpty() || !line.series->isVisible())
            continue;
        if (line.name != name)
            continue;
        double top = -std::numeric_limits<double>::infinity();
        for (const QPointF &p : line.data.points())
            top = std::max(top, p.y());
        return top;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

bool ChartsPanel::focusReadModelAmong(const QStringList &ids)
{
    const QString shown = m_focus->currentData().toString();
    if (ids.isEmpty() || shown.isEmpty() || ids.contains(shown))
        return false;
    for (const QString &id : ids) {
        if (const int index = m_focus->findData(id); index >= 0) {
            // For this run only: the read model the user chose stays theirs
            // for the runs after A/B.
            const std::optional<QString> chosen = m_chosenFocus;
            m_focus->setCurrentIndex(index);
            m_chosenFocus = chosen;
            return true;
        }
    }
    return false;
}

} // namespace cqrs
