#include "cqrs/ui/run/chartspanel.h"
#include "chartspanel_p.h"

#include "cqrs/ui/run/chartcard.h"
#include "chartcatalog.h"
#include "cqrs/ui/run/export.h"
#include "cqrs/ui/common/focusring.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/common/glossary.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCoreApplication>
#include <QCursor>
#include <QFileDialog>
#include <QFontMetrics>
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

QColor seriesColor(int index)
{
    // Tableau-like palette: distinct on a projector, and not the EventStorming
    // node colours, so a series is not mistaken for an element kind.
    static const QColor colors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28),
                                    QColor(0x2c, 0xa0, 0x2c), QColor(0xff, 0x7f, 0x0e),
                                    QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                    QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf),
                                    QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22)};
    return colors[index % int(std::size(colors))];
}

QString ChartsPanel::chartKey(ChartId id)
{
    return chartInfo(id).key;
}

ChartsPanel::ChartsPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);

    auto *header = new QHBoxLayout;
    m_chooser = new QToolButton(this);
    m_chooser->setObjectName(QStringLiteral("chartChooser"));
    m_chooser->setText(tr("Charts"));
    m_chooser->setToolTip(tr("Choose the charts to show"));
    m_chooser->setPopupMode(QToolButton::InstantPopup);
    m_chooser->setToolButtonStyle(Qt::ToolButtonTextOnly);
    FocusRing::mark(m_chooser); // the style draws no focus on a button that opens a menu
    m_chartsMenu = new QMenu(m_chooser);
    m_chooser->setMenu(m_chartsMenu);
    m_focusLabel = new QLabel(tr("Read model:"), this);
    m_focus = new QComboBox(this);
    m_focus->setObjectName(QStringLiteral("readModelFocus"));
    // Narrow enough for a narrow dock, as wide as a long name in a wide one.
    m_focus->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_focus->setMinimumContentsLength(14);
    m_focus->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_focus->setMaximumWidth(m_focus->fontMetrics().averageCharWidth() * 44 + 40);
    m_focus->setToolTip(tr("The read model whose consistency window the window and histogram charts show"));
    m_focusLabel->setBuddy(m_focus);
    // On a line of its own: beside the read model box, in a narrow dock, it
    // was squeezed into a column one or two words wide.
    m_distributionNote = new QLabel(this);
    m_distributionNote->setObjectName(QStringLiteral("distributionNote"));
    m_distributionNote->setWordWrap(true);
    m_distributionNote->hide();
    header->addWidget(m_chooser);
    header->addSpacing(12);
    header->addWidget(m_focusLabel);
    header->addWidget(m_focus, 1);
    header->addStretch(1);
    layout->addLayout(header);
    layout->addWidget(m_distributionNote);
    // Live A/B: what run B changes, above the charts.
    m_variantNote = new QLabel(this);
    m_variantNote->setObjectName(QStringLiteral("variantNote"));
    m_variantNote->setWordWrap(true);
    m_variantNote->setTextFormat(Qt::RichText);
    m_variantNote->hide();
    layout->addWidget(m_variantNote);

    m_stack = new QStackedWidget(this);
    layout->addWidget(m_stack, 1);
    m_intro = new QLabel(this);
    m_intro->setObjectName(QStringLiteral("chartsIntro"));
    m_intro->setWordWrap(true);
    m_intro->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_intro->setMargin(12);
    m_intro->setTextFormat(Qt::RichText);
    m_intro->setText(tr("<p><b>Live charts appear here when you run the model</b> (Run &gt; Run, or F5).</p>"
                        "<p>They show, as the simulation runs: the <b>consistency window</b> of each read model "
                        "against its budget, its <b>lag</b> and <b>backlog</b>, the share of <b>stale reads</b> of "
                        "each query, <b>throughput</b> and <b>command latency</b>; when the run ends, the "
                        "distribution of consistency windows (histogram and CDF).</p>"
                        "<p>Choose the charts with <b>Charts</b>, hover a line for exact values, hover a chart's "
                        "title for what it means, and double-click a chart to enlarge it.</p>"));
    auto *introScroll = new QScrollArea(this);
    introScroll->setWidgetResizable(true);
    introScroll->setFrameShape(QFrame::NoFrame);
    FocusRing::mark(introScroll); // a Tab stop (it scrolls from the keyboard) that showed nothing
    introScroll->setWidget(m_intro);
    m_stack->addWidget(introScroll);

    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("chartsScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    // Not a Tab stop of its own: Tab goes to its charts, and the list
    // scrolls to each (it took the focus and showed nothing).
    m_scroll->setFocusPolicy(Qt::NoFocus);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_gridHost = new QWidget;
    m_grid = new QGridLayout(m_gridHost);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setSpacing(6);
    m_scroll->setWidget(m_gridHost);
    m_scroll->viewport()->installEventFilter(this);
    m_stack->addWidget(m_scroll);

    const QStringList stored = QSettings().value(QLatin1String(kShownKey)).toStringList();
    for (ChartId id : kDisplayOrder) {
        const ChartInfo info = chartInfo(id);
        m_shown[id] = stored.isEmpty() ? info.shownByDefault : stored.contains(info.key);
        auto *card = new ChartCard(makeChart(id), ChartCard::Mode::Interactive, m_gridHost);
        // A plot of another width wants another decimation (axis labels grow, the dock resizes).
        connect(card->chart(), &QChart::plotAreaChanged, this, [this, id] {
            fitYTicks(id); // a plot of another height, another number of labels
            if (intervalsFor(id) == m_renderedIntervals[id])
                return;
            for (Line &line : m_lines) {
                if (line.chart == id)
                    line.dirty = true;
            }
            if (hasRun())
                m_refreshTimer.start();
        });
        card->view()->setObjectName(QStringLiteral("chart%1").arg(int(id)));
        card->setTitle(info.title, chartToolTip(id));
        card->hide();
        m_cards[id] = card;
        connect(card, &ChartCard::enlargeToggled, this, [this, id] { setEnlarged(m_enlarged == id ? -1 : id); });
        connect(card, &ChartCard::saveRequested, this, [this, id] { saveChartInteractive(id); });
        card->view()->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(card->view(), &QWidget::customContextMenuRequested, this, [this, id, card](const QPoint &pos) {
            QMenu menu;
            menu.addAction(m_enlarged == id ? tr("Back to All Charts") : tr("Enlarge"), this,
                           [this, id] { setEnlarged(m_enlarged == id ? -1 : id); });
            menu.addAction(tr("Save Chart as PNG or SVG…"), this, [this, id] { saveChartInteractive(id); });
            if (id == Window && canPickTrace()) {
                QAction *trace = menu.addAction(tr("Trace a Command Committed Here"), this,
                                                [this, pos] { requestTraceAt(pos); });
                trace->setEnabled(!std::isnan(timeAt(pos)));
            }
            menu.exec(card->view()->mapToGlobal(pos));
        });

        QAction *action = m_chartsMenu->addAction(info.title);
        action->setObjectName(QStringLiteral("show_") + info.key);
        action->setCheckable(true);
        action->setChecked(m_shown[id]);
        action->setToolTip(info.about);
        connect(action, &QAction::toggled, this, [this, id](bool on) {
            setChartShown(id, on);
            if (!m_presenting) // the presented set is stored when presenting ends
                storeShownCharts();
        });
    }
    m_chartsMenu->addSeparator();
    m_chartsMenu->addAction(tr("Show the Default Charts"), this, [this] {
        for (QAction *a : m_chartsMenu->actions()) {
            for (ChartId id : kDisplayOrder) {
                if (a->objectName() == QStringLiteral("show_") + chartInfo(id).key)
                    a->setChecked(chartInfo(id).shownByDefault);
            }
        }
    });
    // Esc leaves an enlarged chart (the panel owns the shortcut).
    m_escape = new QShortcut(QKeySequence(Qt::Key_Escape), this, this, [this] { setEnlarged(-1); },
                             Qt::WidgetWithChildrenShortcut);
    m_escape->setEnabled(false); // until a chart is enlarged (layoutCards())

    // What a screen reader announces (the cards name themselves: updateAccessibleText()).
    m_chooser->setAccessibleName(tr("Charts to show"));
    m_focus->setAccessibleName(tr("Read model shown"));
    m_focus->setAccessibleDescription(
        tr("Read model shown: the read model whose consistency window the window and histogram charts show"));

    connect(m_focus, &QComboBox::currentIndexChanged, this, [this] {
        m_chosenFocus = m_focus->currentData().toString();
        applyFocus();
    });
    m_refreshTimer.setInterval(kRefreshMilliseconds);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ChartsPanel::refreshNext);
    installTracePicking();
    clear();
}

ChartsPanel::~ChartsPanel() = default;

QChartView *ChartsPanel::chartView(ChartId id) const
{
    return m_cards[id]->view();
}

QChart *ChartsPanel::chart(ChartId id) const
{
    return m_cards[id]->chart();
}

QChart *ChartsPanel::makeChart(ChartId id)
{
    const ChartInfo info = chartInfo(id);
    auto *chart = new QChart;
    chart->legend()->hide(); // the card's legend wraps where Qt's would cut names
    chart->setMargins(QMargins(2, 4, 8, 2));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    chart->setAnimationOptions(QChart::NoAnimation);

    QAbstractAxis *x;
    if (id == Cdf) {
        auto *log = new QLogValueAxis;
        log->setBase(10);
        log->setLabelFormat(QStringLiteral("%g"));
        log->setRange(0.001, 10);
        x = log;
    } else {
        auto *axis = new QValueAxis;
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setRange(0, 1);
        axis->setTickCount(5);
        x = axis;
    }
    x->setTitleText(info.xTitle);
    auto *y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%g"));
    y->setRange(0, 1);
    y->setTickCount(5);
    y->setTitleText(info.yTitle);
    for (QAbstractAxis *axis : {x, static_cast<QAbstractAxis *>(y)}) {
        axis->setLabelsFont(labelFont());
        axis->setTitleFont(labelFont());
    }
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    return chart;
}

ChartsPanel::Line &ChartsPanel::addLine(ChartId id, const QString &name, const QColor &color,
                                        DecimatedSeries::Merge merge, Qt::PenStyle style,
                                        const QString &readModel)
{
    QPen pen(color);
    pen.setWidthF((style == Qt::SolidLine ? 2.2 : 1.8) * m_penScale);
    pen.setStyle(style);
    QChart *c = chart(id);
    Line line;
    line.band = makeBand(color);
    line.band->setVisible(false);
    attachAxes(c, line.band);
    line.series = makeSeries(name, pen);
    attachAxes(c, line.series);
    QLineSeries *series = line.series;
    connect(series, &QXYSeries::hovered, this, [this, series, id](const QPointF &point, bool state) {
        if (state)
            QToolTip::showText(QCursor::pos(), hoverText(series, point), chartView(id));
        else
            QToolTip::hideText();
    });
    line.label = name;
    line.name = name;
    line.data = DecimatedSeries(merge);
    line.chart = id;
    line.readModel = readModel;
    m_lines.push_back(std::move(line));
    return m_lines.back();
}

void ChartsPanel::addBudgetLine(const QString &readModel, const QString &name, double budget,
                                const QColor &color)
{
    Line &line = addLine(Window, name, color, DecimatedSeries::Merge::Max, Qt::DashLine, readModel);
    QPen pen = line.series->pen();
    pen.setWidthF(2.5 * m_penScale);
    line.series->setPen(pen);
    line.budget = true;
    line.data.append(0, budget);
    line.data.append(m_duration, budget);
    line.dirty = true;
}

void ChartsPanel::setLineVisible(Line &line, bool visible)
{
    line.series->setVisible(visible);
    if (!visible)
        line.band->setVisible(false);
    else
        line.dirty = true; // the band follows on the next refresh
}

const ChartsPanel::Line *ChartsPanel::lineOf(const QXYSeries *series) const
{
    for (const Line &line : m_lines) {
        if (line.series == series)
            return &line;
    }
    return nullptr;
}

QAreaSeries *ChartsPanel::bandOf(const QXYSeries *series) const
{
    const Line *line = lineOf(series);
    return line ? line->band : nullptr;
}

void ChartsPanel::setMarkers(const std::vector<RunMarker> &markers)
{
    m_markers = markers;
    pushMarkers();
}

void ChartsPanel::pushMarkers()
{
    QList<ChartMarker> shown;
    for (const RunMarker &m : m_markers) {
        ChartMarker c;
        c.band = m.isInterval();
        c.x0 = m.start / m_timeUnit;
        // A band still going on (a rebuild) reaches the latest sample.
        c.x1 = (m.open ? std::max(m.start, m_lastTime) : c.band ? m.end : m.start) / m_timeUnit;
        c.label = m.label;
        c.toolTip = QStringLiteral("%1: %2").arg(markerTimeText(m, m_timeUnit), m.description);
        c.color = markerColor(m.kind);
        shown.append(c);
    }
    for (int id = 0; id < ChartCount; ++id) {
        if (isTimeChart(ChartId(id)))
            m_cards[id]->setMarkers(shown);
    }
}

void ChartsPanel::clear()
{
    m_refreshTimer.stop();
    m_markers.clear();
    pushMarkers();
    for (int id = 0; id < ChartCount; ++id) {
        chart(ChartId(id))->removeAllSeries();
        m_cards[id]->legend()->setEntries({});
    }
    m_lines.clear();
    m_readModels.clear();
    m_queryCount = 0;
    m_csvColumns.clear();
    m_csvRows.clear();
    m_csvStride = 1;
    m_csvSkipped = 0;
    m_rmApplied.clear();
    m_rmP50.clear();
    m_rmP95.clear();
    m_rmP99.clear();
    m_rmBacklog.clear();
    m_rmLag.clear();
    m_queryStale.clear();
    m_accepted = m_rejected = m_conflicted = m_published = m_queries = -1;
    m_latencyP50 = m_latencyP99 = -1;
    m_finished = false;
    m_recorded = false;
    m_variantActive = false;
    m_variantNote->clear();
    m_variantNote->hide();
    setDistributionNote(QString());
    {
        const QSignalBlocker blocker(m_focus);
        m_focus->clear();
    }
    m_focusLabel->hide();
    m_focus->hide();
    m_stack->setCurrentIndex(0); // the explanation
}

void ChartsPanel::beginRun(const Model &model, double duration)
{
    clear();
    m_duration = duration;
    m_lastTime = 0;
    m_modelName = boundedText(model.name.empty() ? tr("Untitled model").toStdString() : model.name, 80);
    using Merge = DecimatedSeries::Merge;
    auto index = [this] { return int(m_lines.size()) - 1; };
    auto nameOf = [](const std::string &name, const std::string &id) { return boundedText(name.empty() ? id : name); };
    addLine(Throughput, tr("accepted"), QColor(0x1f, 0x77, 0xb4));
    m_accepted = index();
    addLine(Throughput, tr("rejected"), QColor(0xd6, 0x27, 0x28));
    m_rejected = index();
    addLine(Throughput, tr("conflicts"), QColor(0xff, 0x7f, 0x0e), Merge::Mean, Qt::DashLine);
    m_conflicted = index();
    addLine(Throughput, tr("events"), QColor(0x2c, 0xa0, 0x2c));
    m_published = index();
    addLine(Throughput, tr("queries"), QColor(0x17, 0xbe, 0xcf));
    m_queries = index();
    m_csvColumns = {QStringLiteral("t"), QStringLiteral("commandsAccepted"), QStringLiteral("commandsRejected"),
                    QStringLiteral("conflicts"), QStringLiteral("eventsPublished"), QStringLiteral("queries"),
                    QStringLiteral("commandLatencyP50"), QStringLiteral("commandLatencyP99")};
    int colorIndex = 0;
    for (const ReadModel &rm : model.readModels) {
        const QString id = QString::fromStdString(rm.id);
        const QString name = nameOf(rm.name, rm.id);
        m_readModels.append(id);
        const QColor color = seriesColor(colorIndex++);
        addLine(Applies, name, color);
        m_rmApplied.push_back(index());
        addLine(Window, tr("p50"), QColor(0x90, 0xca, 0xf9), Merge::Mean, Qt::SolidLine, id);
        m_rmP50.push_back(index());
        addLine(Window, tr("p95"), QColor(0x1e, 0x88, 0xe5), Merge::Mean, Qt::SolidLine, id);
        m_rmP95.push_back(index());
        // Merged, the intervals' mean as p50's and p95's; the band keeps the peaks.
        addLine(Window, tr("p99"), color, Merge::Mean, Qt::SolidLine, id);
        m_lines.back().series->setPen(QPen(QColor(0x0d, 0x47, 0xa1), 2.6 * m_penScale));
        m_lines.back().readModelName = name;
        m_rmP99.push_back(index());
        if (rm.staleBudget) {
            addBudgetLine(id, tr("budget p99 ≤ %1").arg(formatSeconds(rm.staleBudget->p99)), rm.staleBudget->p99,
                          QColor(0xc6, 0x28, 0x28));
            m_lines.back().readModelName = name;
        }
        // Its peaks are the story (a rebuild, an outage): a pixel pair's highest sample.
        addLine(Backlog, name, color, Merge::Max);
        m_rmBacklog.push_back(index());
        addLine(Lag, name, color, Merge::Max);
        m_rmLag.push_back(index());
        for (const char *column : {"applied", "backlog", "lag", "windowP50", "windowP95", "windowP99"})
            m_csvColumns.append(id + QLatin1Char('.') + QLatin1String(column));
    }
    for (const Query &q : model.queries) {
        const QString id = QString::fromStdString(q.id);
        Line &stale = addLine(Staleness, nameOf(q.name, q.id), seriesColor(colorIndex++));
        if (q.consistency.strategy == Strategy::OptimisticUi) {
            stale.offChart = true;
            setLineVisible(stale, false);
        }
        m_queryStale.push_back(index());
        m_csvColumns.append(id + QStringLiteral(".issued"));
        m_csvColumns.append(id + QStringLiteral(".staleRatio"));
    }
    m_queryCount = int(model.queries.size());
    addLine(Latency, tr("p50"), QColor(0x1f, 0x77, 0xb4));
    m_latencyP50 = index();
    addLine(Latency, tr("p99"), QColor(0xd6, 0x27, 0x28));
    m_latencyP99 = index();

    // Long runs read better in minutes or hours than in thousands of seconds.
    m_timeUnit = runTimeUnit(duration);
    const QString unitName = m_timeUnit == 3600 ? tr("h") : m_timeUnit == 60 ? tr("min") : tr("s");
    for (int id = 0; id < ChartCount; ++id) {
        auto *x = qobject_cast<QValueAxis *>(chart(ChartId(id))->axes(Qt::Horizontal).value(0));
        if (x && id != Histogram) {
            x->setTitleText(tr("simulated time (%1)").arg(unitName));
            setNiceRange(x, niceCeiling(std::max(duration, 1e-9) / 50) / m_timeUnit);
        } else if (x) {
            setNiceRange(x, 1.0);
        }
        setNiceRange(static_cast<QValueAxis *>(chart(ChartId(id))->axes(Qt::Vertical).value(0)), 1,
                     yTicksRoom(ChartId(id)));
    }
    {
        const QSignalBlocker blocker(m_focus);
        m_focus->addItem(tr("All read models (p99)"), QString());
        for (const ReadModel &rm : model.readModels) {
            const QString name = nameOf(rm.name, rm.id);
            m_focus->addItem(boundedText(name, 40), QString::fromStdString(rm.id));
            m_focus->setItemData(m_focus->count() - 1, name, Qt::ToolTipRole);
        }
        // Start on the first read model with a budget: that is the story to tell.
        int start = model.readModels.empty() ? 0 : 1;
        for (std::size_t i = 0; i < model.readModels.size(); ++i) {
            if (model.readModels[i].staleBudget) {
                start = int(i) + 1;
                break;
            }
        }
        // Unless the user chose one for an earlier run that this model has too.
        if (const int kept = m_chosenFocus ? m_focus->findData(*m_chosenFocus) : -1; kept >= 0)
            start = kept;
        m_focus->setCurrentIndex(start);
    }
    m_focusLabel->setVisible(!model.readModels.empty());
    m_focus->setVisible(!model.readModels.empty());
    setDistributionNote(tr("Histogram and CDF appear when the run ends."));
    m_stack->setCurrentWidget(m_scroll);
    layoutCards();
    applyFocus();
    refresh();
    m_refreshTimer.start();
}

void ChartsPanel::addSamples(const SnapshotBatch &batch)
{
    appendSamples(batch, false);
}

void ChartsPanel::appendSamples(const SnapshotBatch &batch, bool variant)
{
    if (!batch || m_accepted < 0)
        return;
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
    auto add = [this, variant](int line, double x, double y) {
        if (variant)
            line = m_lines[std::size_t(line)].variantLine;
        if (line < 0)
            return;
        m_lines[std::size_t(line)].data.append(x, y);
        m_lines[std::size_t(line)].dirty = true;
    };
    for (const sim::Snapshot &s : *batch) {
        const double t = s.time;
        m_lastTime = variant ? std::max(m_lastTime, t) : t;
        double queries = 0;
        for (const sim::QuerySnapshot &q : s.queries)
            queries += q.issuedPerSecond;
        add(m_accepted, t, s.commandsAcceptedPerSecond);
        add(m_rejected, t, s.commandsRejectedPerSecond);
        add(m_conflicted, t, s.commandsConflictedPerSecond);
        add(m_published, t, s.eventsPublishedPerSecond);
        add(m_queries, t, queries);
        // Intervals in which nothing finished have no latency: leave a gap-free line.
        if (s.commandsAcceptedPerSecond + s.commandsRejectedPerSecond > 0) {
            add(m_latencyP50, t, s.commandLatencyP50);
            add(m_latencyP99, t, s.commandLatencyP99);
        }
        std::vector<double> row = {t,
                                   s.commandsAcceptedPerSecond,
                                   s.commandsRejectedPerSecond,
                                   s.commandsConflictedPerSecond,
                                   s.eventsPublishedPerSecond,
                                   queries,
                                   s.commandLatencyP50,
                                   s.commandLatencyP99};
        const std::size_t rms = std::min(s.readModels.size(), m_rmApplied.size());
        for (std::size_t i = 0; i < rms; ++i) {
            const sim::ConsumerGroupSnapshot &g = s.readModels[i];
            add(m_rmApplied[i], t, g.appliedPerSecond);
            if (g.appliedPerSecond > 0) {
                add(m_rmP50[i], t, g.windowP50);
                add(m_rmP95[i], t, g.windowP95);
                add(m_rmP99[i], t, g.windowP99);
            }
            add(m_rmBacklog[i], t, g.backlogMean);
            add(m_rmLag[i], t, g.lagMax);
            row.insert(row.end(), {g.appliedPerSecond, g.backlogMean, g.lagMax, g.windowP50, g.windowP95, g.windowP99});
        }
        const std::size_t qs = std::min(s.queries.size(), m_queryStale.size());
        for (std::size_t i = 0; i < qs; ++i) {
            const sim::QuerySnapshot &q = s.queries[i];
            if (q.issuedPerSecond > 0)
                add(m_queryStale[i], t, 100.0 * q.staleRatio);
            row.insert(row.end(), {q.issuedPerSecond, q.staleRatio});
        }
        // Long runs keep every m_csvStride-th row, so the table stays bounded too.
        if (!variant && m_csvSkipped++ % m_csvStride == 0) {
            m_csvRows.push_back(std::move(row));
            if (m_csvRows.size() >= kMaxCsvRows) {
                std::vector<std::vector<double>> thinned;
                for (std::size_t i = 0; i < m_csvRows.size(); i += 2)
                    thinned.push_back(std::move(m_csvRows[i]));
                m_csvRows = std::move(thinned);
                // The next kept row comes one old stride after the last kept
                // one: the count that the new stride takes to a multiple then.
                m_csvSkipped = m_csvStride + 1;
                m_csvStride *= 2;
            }
        }
    }
}

void ChartsPanel::refresh()
{
    for (int id = 0; id < ChartCount; ++id)
        refreshChart(ChartId(id));
}

void ChartsPanel::refreshNext()
{
    // One chart per tick, in turn: the repaint cost is spread over the
    // ticks instead of stalling the event loop once for all charts.
    for (int i = 0; i < ChartCount; ++i) {
        m_nextChart = (m_nextChart + 1) % ChartCount;
        if (refreshChart(ChartId(m_nextChart)))
            return;
    }
    // Nothing left to draw: sleep until the next samples.
    m_refreshTimer.stop();
}

int ChartsPanel::intervalsFor(ChartId id) const
{
    // The distributions are a few hundred exact points on their own axes (the
    // CDF's is logarithmic): drawn as they are.
    if (id == Histogram || id == Cdf)
        return DecimatedSeries::kMaxPoints;
    // One interval per two pixels of plot: finer than that is a solid block.
    const double width = chart(id)->plotArea().width();
    return std::max(60, int((width > 0 ? width : 600) / 2));
}

bool ChartsPanel::refreshChart(ChartId id)
{
    bool changed = false;
    const int intervals = intervalsFor(id);
    m_renderedIntervals[id] = intervals;
    const double unit = timeUnit(id);
    for (Line &line : m_lines) {
        if (!line.dirty || line.chart != id)
            continue;
        const DecimatedSeries::Envelope envelope = line.data.envelope(intervals);
        line.series->replace(scaledX(envelope.line, unit));
        const bool band = envelope.decimated && line.series->isVisible();
        if (band) {
            // The band at half the line's resolution (one interval per four
            // pixels): filling it antialiased costs by its edges, and it was
            // a fifth of the GUI thread's time during a run.
            const DecimatedSeries::Envelope coarse = line.data.envelope(std::max(2, intervals / 2));
            line.band->upperSeries()->replace(scaledX(coarse.upper, unit));
            line.band->lowerSeries()->replace(scaledX(coarse.lower, unit));
        }
        line.band->setVisible(band);
        line.dirty = false;
        changed = true;
    }
    if (changed) {
        fitAxes(id);
        updateNoData(id);
    }
    fitTimeAxis(id);
    if (changed && std::any_of(m_markers.begin(), m_markers.end(), [](const RunMarker &m) { return m.open; }))
        pushMarkers();
    return changed;
}

void ChartsPanel::fitTimeAxis(ChartId id)
{
    if (id == Histogram || id == Cdf)
        return;
    auto *x = static_cast<QValueAxis *>(chart(id)->axes(Qt::Horizontal).value(0));
    // The time axis grows with the run in round steps (the run bar shows
    // progress to the duration), so early seconds are not squeezed into a
    // corner and the axis relayouts rarely.
    const double end = std::min(m_duration, niceCeiling(std::max(m_lastTime, m_duration / 50))) / m_timeUnit;
    if (x && x->max() != end && end > 0)
        setNiceRange(x, end);
}

void ChartsPanel::fitAxes(ChartId id)
{
    double maxY = 0;
    double maxX = 0;
    for (const Line &line : m_lines) {
        // The top of the envelope is the highest sample, which the series keeps
        // as it goes: no second envelope of every line on each refresh.
        if (line.chart != id || !line.series->isVisible() || line.data.isEmpty())
            continue;
        maxY = std::max(maxY, line.data.maxValue());
        maxX = std::max(maxX, line.data.maxX());
    }
    auto *y = static_cast<QValueAxis *>(chart(id)->axes(Qt::Vertical).value(0));
    // Round ceilings: the axis changes (and relayouts) only when the data
    // outgrows it or falls well below it.
    double top = niceCeiling(maxY > 0 ? maxY * 1.1 : 1.0);
    if (id == Staleness || id == Cdf)
        top = id == Cdf ? 100 : std::min(100.0, top);
    if (y->max() != top)
        setNiceRange(y, top, yTicksRoom(id));
    if (id == Histogram)
        setNiceRange(static_cast<QValueAxis *>(chart(id)->axes(Qt::Horizontal).value(0)), maxX > 0 ? maxX : 1.0);
}

int ChartsPanel::yTicksRoom(ChartId id) const
{
    return yAxisLabelRoom(chart(id), labelFont(), 5);
}

void ChartsPanel::fitYTicks(ChartId id)
{
    auto *y = qobject_cast<QValueAxis *>(chart(id)->axes(Qt::Vertical).value(0));
    if (!y || y->tickType() != QValueAxis::TicksDynamic)
        return;
    const int room = yTicksRoom(id);
    if (niceStep(y->max(), room) != y->tickInterval())
        setNiceRange(y, y->max(), room);
}

void ChartsPanel::setDistributionNote(const QString &text)
{
    m_distributionNote->setText(text);
    m_distributionNote->setVisible(!text.isEmpty());
}

void ChartsPanel::applyFocus()
{
    const QString focus = m_focus->currentData().toString();
    for (Line &line : m_lines) {
        if (line.readModel.isEmpty())
            continue;
        bool visible = focus.isEmpty() ? false : line.readModel == focus;
        const auto self = &line - m_lines.data();
        if (focus.isEmpty() && line.chart == Window) {
            // "All read models": p99 lines and budgets only.
            visible = std::find(m_rmP99.begin(), m_rmP99.end(), self) != m_rmP99.end() || line.budget;
        }
        if (line.chart == Cdf || (line.chart == Histogram && focus.isEmpty()))
            visible = true;
        if (line.chart == Window) {
            // All read models: one colour each, named by read model.
            const int rmIndex = int(m_readModels.indexOf(line.readModel));
            if (rmIndex >= 0 && rmIndex < int(m_rmP99.size()) && self == m_rmP99[std::size_t(rmIndex)]) {
                line.name = focus.isEmpty() ? line.readModelName : line.label;
                line.series->setName(line.name);
                line.series->setPen(QPen(focus.isEmpty() ? seriesColor(rmIndex) : QColor(0x0d, 0x47, 0xa1),
                                         (focus.isEmpty() ? 2.2 : 2.6) * m_penScale));
            } else if (line.budget) {
                line.name = focus.isEmpty() ? tr("%1 budget").arg(line.readModelName) : line.label;
                line.series->setName(line.name);
                QPen pen = line.series->pen();
                pen.setColor(focus.isEmpty() ? seriesColor(rmIndex) : QColor(0xc6, 0x28, 0x28));
                line.series->setPen(pen);
            }
            QColor fill = line.series->pen().color();
            fill.setAlpha(70);
            line.band->setBrush(fill);
        }
        setLineVisible(line, visible);
    }
    syncVariantLines();
    updateTitles();
    for (int id = 0; id < ChartCount; ++id) {
        updateLegend(ChartId(id));
        updateNoData(ChartId(id));
    }
    refreshChart(Window);
    refreshChart(Histogram);
    fitAxes(Window);
    fitAxes(Histogram);
}

void ChartsPanel::updateTitles()
{
    const QString focusName = m_focus->currentData().toString().isEmpty()
                                  ? QString()
                                  : boundedText(m_focus->currentData(Qt::ToolTipRole).toString(), 32);
    for (int id = 0; id < ChartCount; ++id) {
        const ChartInfo info = chartInfo(ChartId(id));
        QString title = info.title;
        if (id == Window)
            title = focusName.isEmpty() ? tr("Consistency window p99, all read models")
                                        : tr("Consistency window of %1").arg(focusName);
        if (id == Histogram)
            title = focusName.isEmpty() ? tr("Consistency window histogram, all read models")
                                        : tr("Consistency window histogram of %1").arg(focusName);
        m_cards[id]->setTitle(title, chartToolTip(ChartId(id)));
    }
}

void ChartsPanel::updateLegend(ChartId id)
{
    QList<ChartLegend::Entry> entries;
    for (const Line &line : m_lines) {
        // A recorded run lacks some lines (conflicts, p95): no legend entry for nothing.
        if (line.chart == id && line.series->isVisible() && !(m_recorded && line.data.isEmpty()))
            entries.append(legendEntry(line));
        else if (line.chart == id && line.offChart && !line.variant) // named, and why it has no line
            entries.append({line.series->name(), QPen(QColor(0x75, 0x75, 0x75), line.series->pen().widthF(), Qt::DotLine),
                            tr("Optimistic UI: reads right after the user's own change count as stale while "
                               "the screen shows that change (near 100%), so this line is not drawn."),
                            0, tr(" (optimistic UI, not drawn)")});
    }
    m_cards[id]->legend()->setEntries(entries);
}

ChartLegend::Entry ChartsPanel::legendEntry(const Line &line) const
{
    ChartLegend::Entry entry{line.series->name(), line.series->pen()};
    // In A/B the shown name is a run's prefix and the line's name.
    if (m_variantActive && entry.name.size() > line.name.size() && entry.name.endsWith(line.name))
        entry.prefixChars = int(entry.name.size() - line.name.size());
    return entry;
}

void ChartsPanel::updateNoData(ChartId id)
{
    bool data = false;
    for (const Line &line : m_lines) {
        if (line.chart == id && !line.budget && line.series->isVisible() && !line.data.isEmpty())
            data = true;
    }
    QString text;
    if (!data) {
        const bool perReadModel = id == Applies || id == Window || id == Backlog || id == Lag || id == Histogram
                                  || id == Cdf;
        if (perReadModel && m_readModels.isEmpty())
            text = tr("No data: the model has no read models.");
        else if (m_recorded && (id == Latency || id == Histogram || id == Cdf))
            text = tr("Not kept in the run history; the run summary has these percentiles.");
        else if (id == Staleness && m_queryCount == 0)
            text = tr("No data: the model has no queries.");
        else if (id == Staleness
                 && std::all_of(m_queryStale.begin(), m_queryStale.end(),
                                [this](int i) { return m_lines[std::size_t(i)].offChart; }))
            text = tr("Not drawn: every query uses optimistic UI, whose reads show the user's own change.");
        else if ((id == Histogram || id == Cdf) && !m_finished)
            text = tr("No data yet: the distribution appears when the run ends.");
        else if (m_finished)
            text = tr("No data: nothing to show in this run.");
        else
            text = tr("No data yet.");
    }
    m_cards[id]->setNoData(text);
    updateAccessibleText(id);
}

void ChartsPanel::setFocusReadModel(const QString &id)
{
    const int index = m_focus->findData(id);
    if (index >= 0)
        m_focus->setCurrentIndex(index);
}

void ChartsPanel::showResult(const RunResult &result)
{
    // Remove an earlier distribution (a stopped run that is shown again).
    for (auto it = m_lines.begin(); it != m_lines.end();) {
        if ((it->chart == Histogram || it->chart == Cdf) && !it->variant) {
            chart(it->chart)->removeSeries(it->series);
            chart(it->chart)->removeSeries(it->band);
            delete it->series;
            delete it->band;
            it = m_lines.erase(it);
        } else {
            ++it;
        }
    }
    m_finished = true;
    addDistributions(result, false);
    setDistributionNote(result.complete
                            ? QString()
                            : tr("The run was stopped at %1: distributions cover the part simulated.")
                                  .arg(formatMoment(result.time, m_duration)));
    applyFocus();
    // The last points and the distributions go out with the staggered timer.
    m_refreshTimer.start();
}

void ChartsPanel::addDistributions(const RunResult &result, bool variant)
{
    int colorIndex = 0;
    for (const QString &id : std::as_const(m_readModels)) {
        const QColor color = seriesColor(colorIndex++);
        const auto found = result.windowHistograms.find(id.toStdString());
        if (found == result.windowHistograms.end() || found->second.empty())
            continue;
        const auto &buckets = found->second;
        std::uint64_t total = 0;
        for (const auto &[value, count] : buckets)
            total += count;
        if (total == 0)
            continue;
        QString name = id;
        for (int i = 1; i < m_focus->count(); ++i) {
            if (m_focus->itemData(i).toString() == id)
                name = m_focus->itemData(i, Qt::ToolTipRole).toString();
        }
        // CDF on a log axis: each bucket's upper end against the share at or below it.
        Line &cdf = addLine(Cdf, name, color, DecimatedSeries::Merge::Max, Qt::SolidLine, id);
        std::uint64_t seen = 0;
        for (const auto &[value, count] : buckets) {
            seen += count;
            const double x = std::max(value, 1e-4);
            cdf.data.append(x, 100.0 * double(seen) / double(total));
        }
        cdf.dirty = true;
        cdf.variant = variant;
        // Histogram: 40 equal bins up to the 99.9th percentile, drawn as steps.
        double top = buckets.back().first;
        std::uint64_t cumulative = 0;
        for (const auto &[value, count] : buckets) {
            cumulative += count;
            if (double(cumulative) >= 0.999 * double(total)) {
                top = value;
                break;
            }
        }
        if (!(top > 0))
            top = std::max(buckets.back().first, 1e-3);
        constexpr int kBins = 40;
        std::vector<double> bins(kBins, 0.0);
        for (const auto &[value, count] : buckets) {
            const int bin = std::clamp(int(value / top * kBins), 0, kBins - 1);
            bins[bin] += double(count);
        }
        Line &hist = addLine(Histogram, name, color, DecimatedSeries::Merge::Max, Qt::SolidLine, id);
        const double width = top / kBins;
        hist.data.append(0, 0);
        for (int b = 0; b < kBins; ++b) {
            const double share = 100.0 * bins[b] / double(total);
            hist.data.append(b * width, share);
            hist.data.append((b + 1) * width, share);
        }
        hist.data.append(top, 0);
        hist.dirty = true;
        hist.variant = variant;
    }
    // The CDF's log axis spans every run's windows.
    double cdfMin = 1e300, cdfMax = 0;
    for (const Line &line : m_lines) {
        if (line.chart != Cdf)
            continue;
        for (const QPointF &p : line.data.points()) {
            cdfMin = std::min(cdfMin, p.x());
            cdfMax = std::max(cdfMax, p.x());
        }
    }
    if (cdfMax > 0) {
        auto *x = static_cast<QLogValueAxis *>(chart(Cdf)->axes(Qt::Horizontal).value(0));
        x->setRange(std::pow(10.0, std::floor(std::log10(cdfMin))), std::pow(10.0, std::ceil(std::log10(cdfMax * 1.01))));
    }
}

int ChartsPanel::pointCount(ChartId id) const
{
    int count = 0;
    for (const Line &line : m_lines) {
        if (line.chart == id)
            count += int(line.series->count());
    }
    return count;
}

QString ChartsPanel::seriesCsv() const
{
    QString csv = m_csvColumns.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (const std::vector<double> &row : m_csvRows) {
        QStringList cells;
        cells.reserve(qsizetype(row.size()));
        for (double v : row)
            cells.append(QString::number(v, 'g', 10));
        csv += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return csv;
}

QString ChartsPanel::valueText(ChartId id, double value) const
{
    switch (id) {
    case Throughput:
    case Applies:
        return tr("%1 per second").arg(formatNumber(value));
    case Window:
    case Lag:
    case Latency:
        return formatSeconds(value);
    case Backlog:
        return tr("%1 events").arg(formatNumber(value));
    case Staleness:
    case Histogram:
    case Cdf:
        return tr("%1%").arg(formatNumber(value));
    case ChartCount:
        break;
    }
    return formatNumber(value);
}

QString ChartsPanel::hoverText(const QXYSeries *series, const QPointF &point) const
{
    const Line *line = lineOf(series);
    if (!line)
        return {};
    const QList<QPointF> points = series->points();
    if (points.isEmpty())
        return {};
    // The sample nearest to the pointer along x.
    auto it = std::lower_bound(points.begin(), points.end(), point.x(),
                               [](const QPointF &p, double x) { return p.x() < x; });
    if (it == points.end() || (it != points.begin() && point.x() - (it - 1)->x() < it->x() - point.x()))
        --it;
    const qsizetype i = it - points.begin();
    const QPointF p(it->x() * timeUnit(line->chart), it->y());
    const QString name = series->name().toHtmlEscaped();
    QString text;
    if (line->chart == Histogram)
        text = tr("<b>%1</b><br>windows near %2: %3 of events").arg(name, formatSeconds(p.x()), valueText(Histogram, p.y()));
    else if (line->chart == Cdf)
        text = tr("<b>%1</b><br>%2 of events within %3").arg(name, valueText(Cdf, p.y()), formatSeconds(p.x()));
    else
        text = tr("<b>%1</b><br>at %2: %3").arg(name, formatSecondsInUnit(p.x(), m_timeUnit), valueText(line->chart, p.y()));
    if (line->band->isVisible()) {
        const QList<QPointF> lower = line->band->lowerSeries()->points();
        const QList<QPointF> upper = line->band->upperSeries()->points();
        if (i < lower.size() && i < upper.size())
            text += tr("<br>range in this interval: %1 to %2")
                        .arg(valueText(line->chart, lower[i].y()), valueText(line->chart, upper[i].y()));
    }
    return text;
}

QList<ChartsPanel::ChartId> ChartsPanel::shownCharts() const
{
    QList<ChartId> ids;
    for (ChartId id : kDisplayOrder) {
        if (m_shown[id])
            ids.append(id);
    }
    return ids;
}

void ChartsPanel::setChartShown(ChartId id, bool shown)
{
    m_shown[id] = shown;
    for (QAction *a : m_chartsMenu->actions()) {
        if (a->objectName() == QStringLiteral("show_") + chartKey(id) && a->isChecked() != shown) {
            const QSignalBlocker blocker(a);
            a->setChecked(shown);
        }
    }
    if (!shown && m_enlarged == id)
        m_enlarged = -1;
    layoutCards();
}

void ChartsPanel::storeShownCharts() const
{
    QStringList keys;
    for (ChartId id : shownCharts())
        keys.append(chartKey(id));
    QSettings().setValue(QLatin1String(kShownKey), keys);
}

void ChartsPanel::setEnlarged(int id)
{
    m_enlarged = id >= 0 && id < ChartCount ? id : -1;
    layoutCards();
}

bool ChartsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_cards[Window]->view()->viewport() && pickEvent(event))
        return true;
    if (watched == m_scroll->viewport() && event->type() == QEvent::Resize) {
        layoutCards();
        // Another width, another decimation: redraw at the new resolution.
        for (Line &line : m_lines)
            line.dirty = true;
        if (hasRun())
            m_refreshTimer.start();
    }
    return QWidget::eventFilter(watched, event);
}

void ChartsPanel::layoutCards()
{
    // Esc is the panel's only while a chart is enlarged: otherwise it goes on
    // to the window (a Compare or recorded-run window closes on it). When
    // presenting, the window's Esc does both.
    if (m_escape)
        m_escape->setEnabled(!m_presenting && m_enlarged >= 0);
    QList<int> order;
    if (m_enlarged >= 0) {
        order.append(m_enlarged);
    } else {
        for (ChartId id : shownCharts())
            order.append(id);
    }
    const QSize area = m_scroll->viewport()->size();
    const int n = int(order.size());
    const int spacing = m_grid->spacing();
    // The column count that gives the most readable cards: the one whose
    // smaller ratio (width to the readable minimum, height likewise) is
    // largest. Width is a hard limit (a narrower card wraps its title and
    // legend into a squeezed plot); height is not: the grid scrolls. On a
    // projector nothing scrolls, and a chart too short for its axis labels
    // loses them (Qt Charts cuts them to "…" before it shrinks the plot), so
    // narrower cards side by side are taken when they are the better fit.
    const double narrowest = m_presenting ? kMinCardWidth * 0.65 : kMinCardWidth;
    int columns = 1;
    double best = -1;
    for (int c = 1; c <= std::max(n, 1); ++c) {
        const int rows = (n + c - 1) / c;
        const double w = double(area.width() - (c - 1) * spacing) / c;
        if (c > 1 && w < narrowest)
            break;
        const double h = double(area.height() - (std::max(rows, 1) - 1) * spacing) / std::max(rows, 1);
        const double score = std::min(w / narrowest, h / kMinCardHeight);
        if (score > best + 1e-9) {
            best = score;
            columns = c;
        }
    }
    const int rows = std::max(1, (n + columns - 1) / columns);
    // Too many charts for the dock: they keep a readable height and scroll;
    // not on a projector, where the room sees only what is on screen (four
    // charts at most, shorter on a small screen).
    // (More than four charts ticked while presenting scroll as in the window.)
    const bool fitsTheScreen = m_presenting && n <= kMaxPresentedCharts;
    const bool tooShort = !fitsTheScreen && (area.height() - (rows - 1) * spacing) / rows < kMinCardHeight;
    const int minHeight = tooShort ? rows * kMinCardHeight + (rows - 1) * spacing : 0;
    // The cards' wrapped titles give the grid a height for its width, which
    // the scroll area would honour over the viewport's: cap it on a projector.
    m_gridHost->setMaximumHeight(fitsTheScreen ? std::max(area.height(), 1) : QWIDGETSIZE_MAX);
    if (order == m_gridOrder && columns == m_gridColumns && minHeight == m_gridMinHeight)
        return;
    m_gridOrder = order;
    m_gridColumns = columns;
    m_gridMinHeight = minHeight;
    for (ChartCard *card : m_cards)
        m_grid->removeWidget(card);
    for (int id = 0; id < ChartCount; ++id) {
        m_cards[id]->setVisible(order.contains(id));
        m_cards[id]->setEnlarged(id == m_enlarged);
    }
    for (int i = 0; i < n; ++i)
        m_grid->addWidget(m_cards[order[i]], i / columns, i % columns);
    for (int i = 0; i < ChartCount; ++i) {
        m_grid->setColumnStretch(i, i < columns ? 1 : 0);
        m_grid->setRowStretch(i, i < rows ? 1 : 0);
    }
    m_gridHost->setMinimumHeight(minHeight);
    for (Line &line : m_lines)
        line.dirty = true;
    if (hasRun())
        m_refreshTimer.start();
}

void ChartsPanel::updateAccessibleText(ChartId id)
{
    // For a screen reader: what the chart shows, then what a sighted user
    // reads off it (the last value of each line), or why it is empty.
    ChartCard *card = m_cards[id];
    QString text = chartInfo(id).about;
    if (!card->hasData()) {
        text += QLatin1Char(' ') + card->noDataText();
    } else if (id == Histogram || id == Cdf) {
        QStringList names;
        for (const Line &line : m_lines) {
            if (line.chart == id && line.series->isVisible() && !line.data.isEmpty())
                names << line.series->name();
        }
        text += QLatin1Char(' ') + tr("Shown: %1.").arg(names.join(QStringLiteral(", ")));
    } else {
        constexpr int kMaxFigures = 8;
        QStringList figures;
        double at = 0;
        int more = 0;
        for (const Line &line : m_lines) {
            if (line.chart != id || !line.series->isVisible() || line.data.isEmpty())
                continue;
            if (figures.size() == kMaxFigures) {
                ++more;
                continue;
            }
            const QPointF last = line.data.last();
            if (line.budget) { // a constant: its name says it all
                figures << line.series->name();
                continue;
            }
            at = std::max(at, last.x());
            figures << tr("%1: %2").arg(line.series->name(), valueText(id, last.y()));
        }
        if (more > 0)
            figures << plural(tr("%n more line(s)", nullptr, more), more);
        text += QLatin1Char(' ') + tr("Latest, at %1: %2.").arg(formatSecondsInUnit(at, m_timeUnit), figures.join(QStringLiteral("; ")));
    }
    card->setAccessibleText(card->titleLabel()->text(), text);
}

} // namespace cqrs
