// Presentation mode's side of the charts panel (View > Present): the charts
// shown, larger text and thicker lines, and back to the panel as it was.
#include "chartcatalog.h"
#include "chartspanel_p.h"
#include "cqrs/ui/common/windowkeys.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/presentation.h"

#include <QComboBox>
#include <QLineSeries>
#include <QSettings>
#include <QShortcut>
#include <algorithm>

namespace cqrs {

QList<ChartsPanel::ChartId> ChartsPanel::presentedCharts()
{
    // The last choice, or the four that tell the story of a read model falling behind.
    QStringList keys = QSettings().value(QStringLiteral("presentation/charts")).toStringList();
    if (keys.isEmpty())
        keys = {chartKey(Window), chartKey(Backlog), chartKey(Throughput), chartKey(Staleness)};
    QList<ChartId> ids;
    for (ChartId id : kDisplayOrder) {
        if (keys.contains(chartKey(id)) && ids.size() < kMaxPresentedCharts)
            ids.append(id);
    }
    return ids;
}

void ChartsPanel::setPresenting(bool presenting, QList<ChartId> charts, double scale)
{
    if (presenting == m_presenting)
        return;
    if (presenting) {
        std::copy(std::begin(m_shown), std::end(m_shown), std::begin(m_normalShown));
        m_normalEnlarged = m_enlarged;
        if (charts.isEmpty())
            charts = presentedCharts();
        charts = charts.mid(0, kMaxPresentedCharts);
        m_enlarged = -1;
        for (int id = 0; id < ChartCount; ++id)
            setChartShown(ChartId(id), charts.contains(ChartId(id)));
        m_presentingScale = scale;
        QFont big = font();
        big.setPixelSize(PresentationMode::scaledPixels(20, scale));
        setFont(big);
    } else {
        QStringList keys;
        for (ChartId id : shownCharts())
            keys.append(chartKey(id));
        QSettings().setValue(QStringLiteral("presentation/charts"), keys);
        setFont(QFont());
    }
    remeasureAfterFontChange(m_focus);
    m_presenting = presenting;
    const double penScale = presenting ? 1.6 : 1.0;
    for (Line &line : m_lines) {
        QPen pen = line.series->pen();
        pen.setWidthF(pen.widthF() / m_penScale * penScale);
        line.series->setPen(pen);
    }
    m_penScale = penScale;
    for (ChartCard *card : m_cards)
        card->setPresenting(presenting, scale);
    for (int id = 0; id < ChartCount; ++id)
        updateLegend(ChartId(id));
    if (!presenting) {
        for (int id = 0; id < ChartCount; ++id)
            setChartShown(ChartId(id), m_normalShown[id]);
        m_enlarged = m_normalEnlarged;
    }
    m_gridOrder.clear(); // lay out again: the cards' sizes changed
    layoutCards();
}

void ChartsPanel::setPresentingScale(double scale)
{
    if (!m_presenting || scale == m_presentingScale)
        return;
    const QList<ChartId> shown = shownCharts();
    const int enlarged = m_enlarged;
    setPresenting(false);
    setPresenting(true, shown, scale);
    if (enlarged >= 0)
        setEnlarged(enlarged); // still the one the room looks at
}

} // namespace cqrs
