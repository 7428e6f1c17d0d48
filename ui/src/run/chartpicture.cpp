#include "chartcatalog.h"
#include "chartspanel_p.h"
#include "cqrs/ui/common/exportpath.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/common/glossary.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/export.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCoreApplication>
#include <QCursor>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMenu>
#include <QMessageBox>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSettings>
#include <QShortcut>
#include <QStackedWidget>
#include <QToolButton>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace cqrs {

using namespace chartsinternal;

std::unique_ptr<QWidget> ChartsPanel::makePicture(QList<ChartId> ids, bool titled)
{
    // The panel redraws one chart per tick: the picture takes every chart's
    // axes as of all the samples, not as of the chart's last turn.
    refresh();
    if (ids.isEmpty()) {
        if (m_enlarged >= 0)
            ids.append(ChartId(m_enlarged));
        else
            ids = shownCharts();
    }
    auto picture = std::make_unique<QWidget>();
    picture->setObjectName(QStringLiteral("chartPicture"));
    picture->setAttribute(Qt::WA_DontShowOnScreen);
    QPalette palette = picture->palette();
    palette.setColor(QPalette::Window, Qt::white);
    picture->setPalette(palette);
    picture->setAutoFillBackground(true);
    auto *layout = new QVBoxLayout(picture.get());
    layout->setContentsMargins(16, 12, 16, 16);
    if (titled) {
        auto *title
            = new QLabel(m_modelName.isEmpty() ? tr("CQRS Studio") : m_modelName, picture.get());
        title->setObjectName(QStringLiteral("pictureTitle"));
        title->setTextFormat(Qt::PlainText);
        QFont big = title->font();
        big.setPointSizeF(18);
        big.setBold(true);
        title->setFont(big);
        layout->addWidget(title);
        if (hasRun()) {
            auto *when = new QLabel(m_finished && m_lastTime >= m_duration
                                        ? tr("Simulated %1").arg(formatSeconds(m_duration))
                                        : tr("Simulated %1 of %2")
                                              .arg(formatMoment(m_lastTime, m_duration),
                                                   formatMoment(m_duration, m_duration)),
                                    picture.get());
            when->setObjectName(QStringLiteral("pictureSubtitle"));
            layout->addWidget(when);
        }
    }
    if (m_variantActive) { // which lines are A's and B's, and what B changes
        auto *note = new QLabel(m_variantNote->text(), picture.get());
        note->setWordWrap(true);
        note->setTextFormat(Qt::RichText);
        layout->addWidget(note);
    }
    auto *grid = new QGridLayout;
    grid->setSpacing(12);
    layout->addLayout(grid, 1);
    const int columns = ids.size() == 1 ? 1 : 2;
    for (int i = 0; i < ids.size(); ++i) {
        const ChartId id = ids[i];
        QChart *c = makeChart(id);
        const QList<QAbstractAxis *> from = chart(id)->axes();
        const QList<QAbstractAxis *> to = c->axes();
        for (int a = 0; a < from.size() && a < to.size(); ++a)
            copyAxis(from[a], to[a]);
        // The picture's plot is taller than a squeezed card's: its own ticks.
        if (auto *y = qobject_cast<QValueAxis *>(c->axes(Qt::Vertical).value(0));
            y && y->tickType() == QValueAxis::TicksDynamic)
            setNiceRange(y, y->max());
        QList<ChartLegend::Entry> entries;
        for (const Line &line : m_lines) {
            // As on the card: a recorded run's missing lines (p95, conflicts)
            // have no legend entry (the report listed "p95" with no line).
            if (line.chart != id || !line.series->isVisible()
                || (m_recorded && line.data.isEmpty()))
                continue;
            const DecimatedSeries::Envelope envelope = line.data.envelope(kPictureCardWidth / 2);
            if (envelope.decimated) {
                QAreaSeries *band = makeBand(line.band->brush().color());
                band->setBrush(line.band->brush());
                band->upperSeries()->replace(scaledX(envelope.upper, timeUnit(id)));
                band->lowerSeries()->replace(scaledX(envelope.lower, timeUnit(id)));
                attachAxes(c, band);
            }
            QLineSeries *series = makeSeries(line.series->name(), line.series->pen());
            series->replace(scaledX(envelope.line, timeUnit(id)));
            attachAxes(c, series);
            entries.append(legendEntry(line));
        }
        auto *card = new ChartCard(c, ChartCard::Mode::Clean, picture.get());
        card->setTitle(m_cards[id]->titleLabel()->text(), m_cards[id]->titleLabel()->toolTip());
        card->legend()->setEntries(entries);
        card->setNoData(m_cards[id]->noDataText());
        card->setMarkers(m_cards[id]->markers());
        card->setMinimumSize(kPictureCardWidth, kPictureCardHeight);
        grid->addWidget(card, i / columns, i % columns);
    }
    picture->adjustSize();
    picture->show();
    // Let the charts lay out their axes before anyone grabs the picture.
    for (int i = 0; i < 3; ++i)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
    return picture;
}

bool ChartsPanel::savePicture(const QString &path, QString *error, QList<ChartId> ids)
{
    const std::unique_ptr<QWidget> picture = makePicture(ids);
    picture->setWindowTitle(m_modelName);
    return saveWidgetPicture(picture.get(), path, error, kSlideScale);
}

void ChartsPanel::saveChartInteractive(ChartId id)
{
    const QString name = (m_modelName.isEmpty() ? QString() : m_modelName + QStringLiteral(" - "))
                         + chartInfo(id).title;
    const QString path = askExportPath(this, tr("Save Chart"), name + QStringLiteral(".png"),
                                       tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!savePicture(path, &error, {id}))
        QMessageBox::warning(this, tr("Save Chart"), error);
}

} // namespace cqrs
