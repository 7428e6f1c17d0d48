#include "cqrs/ui/sweep/sweepview.h"

#include "cqrs/ui/common/exportpath.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/common/windowkeys.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/export.h"
#include "cqrs/ui/run/report.h"
#include "cqrs/ui/sweep/sweepheatmap.h"
#include "cqrs/ui/sweep/sweeprunner.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCloseEvent>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QCategoryAxis>
#include <QFontMetrics>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>
#include <algorithm>
#include <QSignalBlocker>
#include <cmath>
#include <optional>
#include <cqrs/model/elements.h>
#include <cqrs/model/model.h>

namespace cqrs {

namespace {
constexpr int kMaxCharts = 12; // bound what reaches the layout

QString axisTitle(const sim::SweepAxis &axis)
{
    return QString::fromStdString(axis.path);
}

/// The parameter under a chart a third of the window wide: without the
/// model's section ("user-view.applyTime.value", not
/// "readModels.user-view.applyTime.value (log scale)", cut off at the
/// chart's edge). The window's header names the whole path.
QString chartAxisTitle(const sim::SweepAxis &axis)
{
    QString path = QString::fromStdString(axis.path);
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    const std::string section = path.left(dot).toStdString();
    if (dot > 0 && std::any_of(std::begin(kAllElementKinds), std::end(kAllElementKinds),
                               [&](ElementKind kind) { return sectionName(kind) == section; }))
        path = path.mid(dot + 1);
    return axis.log ? SweepView::tr("%1 (log)").arg(path) : path;
}

/// A budget in its figure's unit: "1 s" ("budget 1" on a window's chart
/// said nothing of seconds), "5%", "2,000".
QString budgetText(const SweepMetric &metric, double value)
{
    if (isPercentFigure(metric.path))
        return formatPercent(value, 3);
    if (QString::fromStdString(metric.label).endsWith(QStringLiteral("(s)")))
        return formatSeconds(value);
    return formatNumber(value);
}

/// The figure's unit or kind, for a vertical axis whose chart's title already
/// names the figure: "seconds" for "user-view: consistency window p99 (s)",
/// "stale ratio" for "get-user: stale ratio".
QString valueAxisTitle(const QString &label)
{
    const qsizetype open = label.lastIndexOf(QLatin1Char('('));
    if (open >= 0 && label.endsWith(QLatin1Char(')'))) {
        const QString unit = label.mid(open + 1, label.size() - open - 2).trimmed();
        if (unit == QStringLiteral("s"))
            return SweepView::tr("seconds");
        if (!unit.isEmpty())
            return unit;
    }
    const qsizetype colon = label.lastIndexOf(QStringLiteral(": "));
    return colon >= 0 ? label.mid(colon + 2) : label;
}
} // namespace

SweepView::SweepView(SweepRunner *runner, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_runner(runner)
    , m_data(runner->data())
{
    build();
    // Esc does not close it while it runs (closing cancels the sweep); Cancel,
    // Ctrl+W or the window's close button do.
    setProperty("escapeKeepsOpen", runner->isRunning());
    connect(runner, &SweepRunner::runDone, this, [this] { scheduleRefresh(); });
    connect(runner, &SweepRunner::runRecorded, this, [this] { scheduleRefresh(); });
    connect(runner, &SweepRunner::progressChanged, this, &SweepView::updateProgress);
    connect(runner, &SweepRunner::finished, this, [this] {
        setProperty("escapeKeepsOpen", false);
        refresh();
        updateProgress();
    });
    connect(m_cancel, &QPushButton::clicked, runner, &SweepRunner::cancel);
    refresh();
    updateProgress();
}

SweepView::SweepView(SweepData data, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_data(std::move(data))
{
    build();
    m_progressRow->hide();
    refresh();
}

void SweepView::closeEvent(QCloseEvent *event)
{
    if (m_runner && m_runner->isRunning())
        m_runner->cancel();
    QWidget::closeEvent(event);
}

void SweepView::build()
{
    setObjectName(QStringLiteral("sweepView"));
    setAttribute(Qt::WA_DeleteOnClose);
    closeWithKeys(this);
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(150);
    connect(m_refreshTimer, &QTimer::timeout, this, &SweepView::refresh);

    auto *layout = new QVBoxLayout(this);
    m_heading = new QLabel(this);
    m_heading->setWordWrap(true);
    m_heading->setTextFormat(Qt::PlainText);
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    layout->addWidget(m_heading);

    m_progressRow = new QWidget(this);
    auto *progressLayout = new QHBoxLayout(m_progressRow);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    m_progress = new QProgressBar(m_progressRow);
    m_progress->setObjectName(QStringLiteral("sweepProgress"));
    m_progress->setAccessibleName(tr("Sweep runs done"));
    m_progress->setFormat(tr("%v of %m runs"));
    m_remaining = new QLabel(m_progressRow);
    m_remaining->setObjectName(QStringLiteral("sweepRemaining"));
    m_cancel = new QPushButton(tr("Cancel"), m_progressRow);
    m_cancel->setObjectName(QStringLiteral("cancelSweepButton"));
    m_cancel->setAccessibleDescription(tr("Stop the sweep; the runs that finished stay recorded"));
    progressLayout->addWidget(m_progress, 1);
    progressLayout->addWidget(m_remaining);
    progressLayout->addWidget(m_cancel);
    layout->addWidget(m_progressRow);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    if (m_data.twoDimensional()) {
        auto *heat = new QWidget(splitter);
        auto *heatLayout = new QVBoxLayout(heat);
        heatLayout->setContentsMargins(0, 0, 0, 0);
        auto *row = new QHBoxLayout;
        row->addWidget(new QLabel(tr("Colour:"), heat));
        m_heatMetric = new QComboBox(heat);
        m_heatMetric->setAccessibleName(tr("Figure shown by colour"));
        m_heatMetric->setAccessibleDescription(tr("The figure whose mean colours the heat map's cells"));
        for (const std::string &path : m_data.shownMetrics) {
            const int m = m_data.metricIndex(path);
            if (m >= 0)
                m_heatMetric->addItem(QString::fromStdString(m_data.metrics[std::size_t(m)].label), m);
        }
        row->addWidget(m_heatMetric, 1);
        heatLayout->addLayout(row);
        m_heatMap = new SweepHeatMap(heat);
        heatLayout->addWidget(m_heatMap, 1);
        connect(m_heatMetric, &QComboBox::currentIndexChanged, this, &SweepView::rebuildHeatMap);
        connect(m_heatMetric, &QComboBox::activated, this, [this] { m_heatMetricChosen = true; });
        connect(m_heatMap, &SweepHeatMap::cellClicked, this, [this](int cell) {
            const qint64 id = m_data.cellRunId(std::size_t(cell));
            if (id != 0)
                emit openRunRequested(id);
        });
        splitter->addWidget(heat);
    } else {
        auto *scroll = new QScrollArea(splitter);
        scroll->setWidgetResizable(true);
        m_chartsArea = new QWidget(scroll);
        auto *grid = new QGridLayout(m_chartsArea);
        grid->setContentsMargins(0, 0, 0, 0);
        for (const std::string &path : m_data.shownMetrics) {
            const int m = m_data.metricIndex(path);
            if (m < 0 || int(m_chartMetrics.size()) >= kMaxCharts)
                continue;
            auto *view = new QChartView(m_chartsArea);
            view->setRenderHint(QPainter::Antialiasing);
            view->setMinimumSize(420, 280);
            view->setAccessibleName(QString::fromStdString(m_data.metrics[std::size_t(m)].label));
            view->setToolTip(tr("Click a point to open its run. The knee (orange square) is the point "
                                "farthest from the straight line joining the first and the last point."));
            const int i = int(m_views.size());
            grid->addWidget(view, i / 2, i % 2);
            view->installEventFilter(this);
            m_views.push_back(view);
            m_chartMetrics.push_back(m);
            m_series.emplace_back();
        }
        scroll->setWidget(m_chartsArea);
        splitter->addWidget(scroll);
    }
    m_table = new QTableWidget(splitter);
    m_table->setTabKeyNavigation(false); // one Tab stop: the arrows move inside
    m_table->setObjectName(QStringLiteral("sweepPoints"));
    m_table->setAccessibleName(tr("Sweep points"));
    m_table->setAccessibleDescription(tr("Each value swept, its runs and each figure's mean; "
                                         "double-click a row to open its run"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const qint64 id = m_data.cellRunId(std::size_t(row));
        if (id != 0)
            emit openRunRequested(id);
    });
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    auto *buttons = new QHBoxLayout;
    auto *hint = new QLabel(m_data.twoDimensional()
                                ? tr("Click a cell, or double-click a row, to open its run.")
                                : tr("Click a point, or double-click a row, to open its run."),
                            this);
    buttons->addWidget(hint, 1);
    m_picture = new QPushButton(tr("Save Chart as PNG…"), this);
    m_picture->setObjectName(QStringLiteral("saveSweepPictureButton"));
    m_picture->setAccessibleDescription(tr("Save the charts, or the heat map, as one PNG picture"));
    connect(m_picture, &QPushButton::clicked, this, &SweepView::savePicture);
    m_report = new QPushButton(tr("Export Report…"), this);
    m_report->setObjectName(QStringLiteral("exportReportButton"));
    m_report->setAccessibleDescription(tr("Save the sweep as one HTML page that opens in any browser"));
    connect(m_report, &QPushButton::clicked, this, &SweepView::exportReport);
    buttons->addWidget(m_picture);
    buttons->addWidget(m_report);
    layout->addLayout(buttons);

    setWindowTitle(tr("Sweep — %1").arg(m_data.modelName.isEmpty() ? tr("Untitled") : m_data.modelName));
    m_heading->setText(heading());
    resizeWithinScreen(this, QSize(1000, 760));
}

QString SweepView::heading() const
{
    auto describe = [](const sim::SweepAxis &a) {
        return tr("%1 from %2 to %3 (%4 values, %5)")
            .arg(QString::fromStdString(a.path), formatNumber(a.from), formatNumber(a.to))
            .arg(a.steps)
            .arg(a.log ? tr("logarithmic") : tr("linear"));
    };
    QString text = tr("Sweep of %1").arg(describe(m_data.plan.first));
    if (m_data.plan.second)
        text += tr(" × %1").arg(describe(*m_data.plan.second));
    text += m_data.plan.replications == 1
                ? tr(", one run per point")
                : tr(", %1 replications per point").arg(m_data.plan.replications);
    if (m_data.sweepId != 0)
        text += tr(" — sweep #%1 in the history").arg(m_data.sweepId);
    return text;
}

void SweepView::scheduleRefresh()
{
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void SweepView::refresh()
{
    if (m_runner)
        m_data = m_runner->data();
    m_heading->setText(heading());
    if (m_data.twoDimensional()) {
        chooseHeatMetric();
        rebuildHeatMap();
    } else {
        rebuildCharts();
    }
    fillTable();
}

void SweepView::updateProgress()
{
    if (!m_runner)
        return;
    m_progress->setRange(0, m_runner->totalCount());
    if (m_runner->wasCancelled()) {
        // The runs that never started end at once when cancelled: the bar
        // counts the ones that finished, as the label does.
        m_progress->setValue(int(m_runner->data().finishedCount()));
        m_progress->setFormat(tr("%v of %m runs (cancelled)"));
    } else {
        m_progress->setValue(m_runner->doneCount());
    }
    if (!m_runner->isRunning()) {
        m_cancel->setEnabled(false);
        m_remaining->setText(m_runner->wasCancelled()
                                 ? tr("Cancelled: %1 of %2 runs finished and recorded.")
                                       .arg(m_data.finishedCount())
                                       .arg(m_runner->totalCount())
                                 : tr("Done."));
        return;
    }
    const std::optional<double> left = m_runner->remainingSeconds();
    m_remaining->setText(left ? tr("about %1 left").arg(formatSeconds(std::ceil(*left)))
                              : tr("estimating time left…"));
    if (m_runner->wasCancelled()) {
        m_cancel->setEnabled(false);
        m_remaining->setText(tr("Cancelling…"));
    }
}

QLineSeries *SweepView::meanSeries(int i) const { return m_series.at(std::size_t(i)).mean; }
QScatterSeries *SweepView::pointSeries(int i) const { return m_series.at(std::size_t(i)).points; }
QAreaSeries *SweepView::bandSeries(int i) const { return m_series.at(std::size_t(i)).band; }
QLineSeries *SweepView::budgetSeries(int i) const { return m_series.at(std::size_t(i)).budget; }
QScatterSeries *SweepView::kneeSeries(int i) const { return m_series.at(std::size_t(i)).knee; }
QScatterSeries *SweepView::partialSeries(int i) const { return m_series.at(std::size_t(i)).partial; }

void SweepView::labelSweptValues(QCategoryAxis *axis, int viewWidth) const
{
    // Every value while they fit; else as many as fit, spread evenly from
    // the smallest to the largest (the sweep's ends are always labelled).
    // Ascending: Qt Charts drops a category that does not end past the one
    // before (a sweep may run from 8 down to 0.5).
    std::vector<double> values = m_data.plan.values1;
    std::sort(values.begin(), values.end());
    int widest = 0;
    const QFontMetrics metrics(axis->labelsFont());
    for (const double v : values)
        widest = std::max(widest, metrics.horizontalAdvance(formatNumber(v)));
    // The plot is most of its view's width; a view not laid out yet: eight.
    const int room = viewWidth > 200 ? viewWidth * 3 / 4 : 8 * (widest + 16);
    const std::size_t fit = std::clamp<std::size_t>(std::size_t(room / (widest + 16)), 2, 8);
    const std::size_t shown = std::min(values.size(), fit);
    for (const QString &label : axis->categoriesLabels())
        axis->remove(label);
    for (std::size_t k = 0; k < shown; ++k) {
        const std::size_t i
            = shown < 2 ? 0 : std::size_t(std::lround(double(k) * double(values.size() - 1) / double(shown - 1)));
        const QString label = formatNumber(values[i]);
        if (!axis->categoriesLabels().contains(label)) // Qt Charts keeps one category per label
            axis->append(label, plotX(values[i]));
    }
}

bool SweepView::eventFilter(QObject *watched, QEvent *event)
{
    // A log sweep's labels: as many as the chart's new width holds.
    if (event->type() == QEvent::Resize && m_data.plan.first.log) {
        for (QChartView *view : m_views) {
            if (view != watched || !view->chart())
                continue;
            if (auto *axis = qobject_cast<QCategoryAxis *>(view->chart()->axes(Qt::Horizontal).value(0)))
                labelSweptValues(axis, view->width());
        }
    }
    return QWidget::eventFilter(watched, event);
}

double SweepView::plotX(double value) const
{
    return m_data.plan.first.log && value > 0 ? std::log10(value) : value;
}

QChart *SweepView::makeChart(int chartIndex)
{
    const int metric = m_chartMetrics[std::size_t(chartIndex)];
    const SweepMetric &info = m_data.metrics[std::size_t(metric)];
    ChartSeries &s = m_series[std::size_t(chartIndex)];
    s = {};
    auto *chart = new QChart;
    chart->setTitle(QString::fromStdString(info.label));
    if (m_data.finishedCount() == 0)
        chart->setTitle(tr("%1 — waiting for the first run").arg(QString::fromStdString(info.label)));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);

    // Stale ratios and utilizations in percent, as everywhere else.
    const bool percent = isPercentFigure(info.path);
    const double scale = percent ? 100.0 : 1.0;
    QList<QPointF> mean, low, high, partial;
    double yMin = 0, yMax = 0;
    bool any = false;
    for (std::size_t cell = 0; cell < m_data.plan.cellCount(); ++cell) {
        const sim::SweepStats stats = m_data.cellStats(cell, metric);
        if (stats.count == 0)
            continue;
        const double x = plotX(m_data.plan.values1[cell]);
        mean.append({x, stats.mean * scale});
        // Fewer replications than the others (a cancelled sweep, runs still
        // going, or runs without the figure): its mean is of other seeds.
        if (stats.count < std::size_t(m_data.plan.replications))
            partial.append({x, stats.mean * scale});
        low.append({x, stats.min * scale});
        high.append({x, stats.max * scale});
        yMin = any ? std::min(yMin, stats.min * scale) : stats.min * scale;
        yMax = any ? std::max(yMax, stats.max * scale) : stats.max * scale;
        any = true;
    }
    std::optional<double> budget = m_data.budgetFor(metric);
    if (budget) {
        *budget *= scale;
        yMin = any ? std::min(yMin, *budget) : *budget;
        yMax = any ? std::max(yMax, *budget) : *budget;
    }

    QAbstractAxis *x;
    const sim::SweepAxis &axis = m_data.plan.first;
    if (axis.log) {
        // Drawn in log10 of the value, labelled at the swept values: a log
        // axis of Qt Charts ticks at powers of its base (0.0039, 0.0078, ...
        // for a sweep of 0.004 to 0.016), none of them a value that ran.
        auto *valueLabels = new QCategoryAxis;
        valueLabels->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        const double pad = std::log10(1.15);
        const double left = plotX(std::min(axis.from, axis.to)) - pad;
        const double right = plotX(std::max(axis.from, axis.to)) + pad;
        valueLabels->setRange(left, right);
        valueLabels->setStartValue(left);
        labelSweptValues(valueLabels, chartIndex < int(m_views.size()) && m_views[std::size_t(chartIndex)]->isVisible()
                                          ? m_views[std::size_t(chartIndex)]->width()
                                          : 0);
        x = valueLabels;
    } else {
        auto *valueAxis = new QValueAxis;
        const double pad = std::abs(axis.to - axis.from) * 0.04;
        valueAxis->setRange(std::min(axis.from, axis.to) - pad, std::max(axis.from, axis.to) + pad);
        valueAxis->applyNiceNumbers(); // round labels (1, 2, 3), not 0.84, 1.92
        valueAxis->setLabelFormat(axisLabelFormat(std::max(std::abs(valueAxis->min()), std::abs(valueAxis->max()))));
        x = valueAxis;
    }
    x->setTitleText(chartAxisTitle(axis));
    auto *y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%g"));
    const QString yTitle = valueAxisTitle(QString::fromStdString(info.label));
    y->setTitleText(percent ? tr("%1 (%)").arg(yTitle) : yTitle);
    // A figure that is the same at every point gets room around it; one that
    // is 0 throughout (no stale read at all) a plain 0 to 1, not 0 to 1e-9.
    const double pad = yMax > yMin ? (yMax - yMin) * 0.08 : yMax != 0 ? std::abs(yMax) * 0.1 : 1.0;
    double yLow = yMin - pad;
    if (yMin >= 0 && yLow < 0)
        yLow = 0; // figures that cannot be negative start at 0
    if (any || budget) {
        y->setRange(yLow, yMax + pad);
        y->applyNiceNumbers();
        y->setLabelFormat(axisLabelFormat(std::max(std::abs(y->min()), std::abs(y->max()))));
    } else {
        y->setRange(0, 1); // nothing finished yet
    }
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    auto attach = [&](QAbstractSeries *series) {
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    };

    const QColor colour(0x1f, 0x6f, 0xb4);
    if (m_data.plan.replications > 1 && !mean.isEmpty()) {
        auto *upper = new QLineSeries(chart);
        upper->replace(high);
        auto *lower = new QLineSeries(chart);
        lower->replace(low);
        s.band = new QAreaSeries(upper, lower);
        s.band->setName(partial.isEmpty()
                            ? tr("min–max across %1 replications").arg(m_data.plan.replications)
                            : tr("min–max across up to %1 replications")
                                  .arg(m_data.plan.replications));
        QColor fill = colour;
        fill.setAlpha(50);
        s.band->setBrush(fill);
        s.band->setPen(Qt::NoPen);
        attach(s.band);
    }
    s.mean = new QLineSeries;
    // Named for what a point is ("value" said nothing a reader could use).
    s.mean->setName(m_data.plan.replications > 1
                        ? tr("mean of %1 replications").arg(m_data.plan.replications)
                        : tr("one run at each value"));
    s.mean->setPen(QPen(colour, 2));
    s.mean->replace(mean);
    attach(s.mean);
    s.points = new QScatterSeries;
    s.points->setName(tr("runs"));
    s.points->setMarkerSize(9);
    s.points->setColor(colour);
    s.points->setBorderColor(Qt::white);
    s.points->replace(mean);
    attach(s.points);
    for (QLegendMarker *marker : chart->legend()->markers(s.points))
        marker->setVisible(false); // the mean's entry stands for its points
    if (!partial.isEmpty()) {
        s.partial = new QScatterSeries;
        s.partial->setName(tr("fewer than %1 replications").arg(m_data.plan.replications));
        s.partial->setMarkerSize(11);
        s.partial->setColor(Qt::white); // hollow: the mean of fewer runs
        s.partial->setBorderColor(colour);
        s.partial->replace(partial);
        attach(s.partial);
        // It covers its points: a click on it opens that point's run too.
        connect(s.partial, &QScatterSeries::clicked, this,
                [this, chartIndex](const QPointF &p) { openPointNear(chartIndex, p.x()); });
    }
    connect(s.points, &QScatterSeries::clicked, this,
            [this, chartIndex](const QPointF &p) { openPointNear(chartIndex, p.x()); });
    if (budget) {
        s.budget = new QLineSeries;
        s.budget->setName(tr("budget %1").arg(budgetText(info, *budget / scale)));
        QPen pen(QColor(0xc6, 0x28, 0x28), 1.5, Qt::DashLine);
        s.budget->setPen(pen);
        s.budget->replace({{plotX(std::min(axis.from, axis.to)), *budget},
                           {plotX(std::max(axis.from, axis.to)), *budget}});
        attach(s.budget);
    }
    if (const std::optional<std::size_t> knee = m_data.knee(metric)) {
        s.knee = new QScatterSeries;
        s.knee->setName(tr("knee at %1").arg(formatNumber(m_data.plan.values1[*knee])));
        s.knee->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
        s.knee->setMarkerSize(14);
        s.knee->setColor(QColor(0xef, 0x8a, 0x17));
        s.knee->setBorderColor(Qt::black);
        s.knee->replace({{plotX(m_data.plan.values1[*knee]), m_data.cellStats(*knee, metric).mean * scale}});
        attach(s.knee);
        // The knee covers its point: a click on it opens that point's run too.
        connect(s.knee, &QScatterSeries::clicked, this,
                [this, chartIndex](const QPointF &p) { openPointNear(chartIndex, p.x()); });
    }
    return chart;
}

void SweepView::rebuildCharts()
{
    for (std::size_t i = 0; i < m_views.size(); ++i) {
        QChart *old = m_views[i]->chart();
        m_views[i]->setChart(makeChart(int(i)));
        delete old;
    }
}

void SweepView::rebuildHeatMap()
{
    if (!m_heatMap || !m_heatMetric || m_heatMetric->count() == 0)
        return;
    fillHeatMap(m_heatMap, m_heatMetric->currentData().toInt());
}

void SweepView::chooseHeatMetric()
{
    if (!m_heatMetric)
        return;
    // A figure the swept parameters do not move coloured every cell alike
    // (the command latency when the sweep changed a read model): until the
    // user picks one, the first figure that differs between the cells; once
    // every cell has its result, the others say they are the same everywhere.
    // "The same in every cell" only once every cell has its result, and
    // there are two at least (a cancelled sweep's single cell tells nothing).
    bool complete = (!m_runner || !m_runner->isRunning()) && m_data.plan.cellCount() > 1;
    for (std::size_t cell = 0; complete && cell < m_data.plan.cellCount(); ++cell)
        complete = m_data.cellStats(cell, m_heatMetric->itemData(0).toInt()).count > 0;
    int firstVarying = -1;
    for (int i = 0; i < m_heatMetric->count(); ++i) {
        const int metric = m_heatMetric->itemData(i).toInt();
        const bool varies = heatMetricVaries(metric);
        if (varies && firstVarying < 0)
            firstVarying = i;
        const QString label = QString::fromStdString(m_data.metrics[std::size_t(metric)].label);
        m_heatMetric->setItemText(i, complete && !varies ? tr("%1 (the same in every cell)").arg(label) : label);
    }
    if (!m_heatMetricChosen && firstVarying >= 0 && firstVarying != m_heatMetric->currentIndex()) {
        const QSignalBlocker quiet(m_heatMetric);
        m_heatMetric->setCurrentIndex(firstVarying);
    }
}

bool SweepView::heatMetricVaries(int metric) const
{
    std::optional<double> first;
    for (std::size_t cell = 0; cell < m_data.plan.cellCount(); ++cell) {
        const sim::SweepStats stats = m_data.cellStats(cell, metric);
        if (stats.count == 0)
            continue;
        if (!first)
            first = stats.mean;
        else if (std::abs(stats.mean - *first) > 1e-9 * std::max(1.0, std::abs(*first)))
            return true;
    }
    return false;
}

void SweepView::fillHeatMap(SweepHeatMap *map, int metric) const
{
    std::vector<std::optional<double>> values;
    std::vector<int> finished;
    for (std::size_t cell = 0; cell < m_data.plan.cellCount(); ++cell) {
        const sim::SweepStats stats = m_data.cellStats(cell, metric);
        values.push_back(stats.count > 0 ? std::optional<double>(stats.mean) : std::nullopt);
        finished.push_back(int(stats.count));
    }
    const SweepMetric &info = m_data.metrics[std::size_t(metric)];
    // Times carry their unit in the cells: the title drops its "(s)".
    const bool seconds = isSecondsFigure(info.label);
    const QString label = seconds ? figureLabel(info.label) : QString::fromStdString(info.label);
    const QString title = m_data.plan.replications > 1
                              ? tr("%1, mean of %2 replications").arg(label).arg(m_data.plan.replications)
                              : label;
    map->setData(axisTitle(m_data.plan.first), m_data.plan.values1, axisTitle(*m_data.plan.second),
                 m_data.plan.values2, title, values, info.lowerIsBetter);
    map->setPercent(isPercentFigure(info.path));
    map->setSeconds(seconds);
    map->setReplications(finished, m_data.plan.replications);
    map->setBudget(m_data.budgetFor(metric));
}

void SweepView::fillTable()
{
    QStringList headers{axisTitle(m_data.plan.first)};
    if (m_data.plan.second)
        headers << axisTitle(*m_data.plan.second);
    headers << tr("Runs finished") << tr("Run");
    std::vector<int> metrics;
    for (const std::string &path : m_data.shownMetrics) {
        const int m = m_data.metricIndex(path);
        if (m < 0)
            continue;
        metrics.push_back(m);
        // Times carry their unit, as the history lists them.
        const QString label = figureLabel(m_data.metrics[std::size_t(m)].label);
        headers << (m_data.plan.replications > 1 ? tr("%1 (mean ± sd)").arg(label) : label);
    }
    m_table->clear();
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(int(m_data.plan.cellCount()));
    const std::size_t columns2 = std::max<std::size_t>(1, m_data.plan.values2.size());
    for (std::size_t cell = 0; cell < m_data.plan.cellCount(); ++cell) {
        int c = 0;
        auto set = [&](const QString &text) {
            m_table->setItem(int(cell), c++, new QTableWidgetItem(text));
        };
        set(formatNumber(m_data.plan.values1[cell / columns2]));
        if (m_data.plan.second)
            set(formatNumber(m_data.plan.values2[cell % columns2]));
        std::size_t finished = 0;
        for (std::size_t i = 0; i < m_data.runs.size(); ++i) {
            if (m_data.plan.runs[i].cell == cell && m_data.runs[i].state == SweepData::RunState::Finished)
                ++finished;
        }
        set(tr("%1 of %2").arg(finished).arg(m_data.plan.replications));
        const qint64 id = m_data.cellRunId(cell);
        set(id != 0 ? tr("#%1").arg(id) : QStringLiteral("—"));
        for (std::size_t i = 0; i < metrics.size(); ++i) {
            const sim::SweepStats stats = m_data.cellStats(cell, metrics[i]);
            const SweepMetric &metric = m_data.metrics[std::size_t(metrics[i])];
            const auto text = [&](double v) {
                return isSecondsFigure(metric.label) ? formatDuration(v) : formatFigure(metric.path, v);
            };
            if (stats.count == 0)
                set(QStringLiteral("—"));
            else if (m_data.plan.replications > 1) {
                // A spread of rounding only (equal runs) reads 0, not 0.0000000000000017.
                const double sd = stats.sd <= 1e-9 * std::abs(stats.mean) ? 0.0 : stats.sd;
                // A time's spread in the mean's unit: "24.3 ms ± 0.4 ms", not "± 400 µs" or "± 0 s".
                set(tr("%1 ± %2").arg(text(stats.mean),
                                      isSecondsFigure(metric.label)
                                          ? formatSecondsInUnit(sd, naturalTimeUnit(stats.mean))
                                          : text(sd)));
            } else
                set(text(stats.mean));
        }
    }
    m_table->resizeColumnsToContents();
}

void SweepView::openPointNear(int chart, double x)
{
    Q_UNUSED(chart);
    std::optional<std::size_t> best;
    double bestDistance = 0;
    for (std::size_t cell = 0; cell < m_data.plan.cellCount(); ++cell) {
        const double v = m_data.plan.values1[cell];
        const double d = std::abs(plotX(v) - x); // x: where it is drawn
        if (!best || d < bestDistance) {
            best = cell;
            bestDistance = d;
        }
    }
    if (!best)
        return;
    const qint64 id = m_data.cellRunId(*best);
    if (id != 0)
        emit openRunRequested(id);
    else
        QMessageBox::information(this, tr("Open Run"),
                                 tr("The run at %1 = %2 is not recorded in the history.")
                                     .arg(axisTitle(m_data.plan.first), formatNumber(m_data.plan.values1[*best])));
}

QImage SweepView::picture() const
{
    QWidget *source = m_heatMap ? static_cast<QWidget *>(m_heatMap) : m_chartsArea;
    return source ? source->grab().toImage() : QImage();
}

QString SweepView::reportHtml() const
{
    QString html = reportPageStart(tr("Sweep: %1").arg(m_data.modelName.isEmpty() ? tr("Untitled") : m_data.modelName));
    QStringList facts;
    facts << heading();
    facts << (m_data.plan.replications > 1
                  ? tr("Model seed: %1; replication r runs with seed %1 + r at every point (common random "
                       "numbers).")
                        .arg(m_data.plan.modelSeed)
                  : tr("Seed: %1 at every point (common random numbers).").arg(m_data.plan.modelSeed));
    facts << tr("Runs finished: %1 of %2.").arg(m_data.finishedCount()).arg(m_data.plan.runs.size());
    if (m_data.plan.replications > 1)
        facts << (m_data.twoDimensional() ? tr("Each cell shows the mean across replications.")
                                          : tr("The line is the mean across replications; the band "
                                               "spans the lowest to the highest replication."));
    if (const int metric = m_data.metricIndex(m_data.budgetMetric); m_data.budgetFor(metric)) {
        const QString label = QString::fromStdString(m_data.metrics[std::size_t(metric)].label);
        facts << (m_data.twoDimensional()
                      ? tr("Budget: %1 on %2 (on its heat map, the cells that miss it are outlined).")
                      : tr("Budget: %1 on %2 (dashed line)."))
                     .arg(budgetText(m_data.metrics[std::size_t(metric)], *m_data.budget), label);
    }
    if (!m_data.twoDimensional())
        facts << tr("Knee: the point farthest from the straight line joining the first and the last "
                    "point, both axes scaled to 0–1 (the parameter in log scale when the sweep is); "
                    "none when no point is 5% away.");
    html += QStringLiteral("<ul>\n");
    for (const QString &f : facts)
        html += QStringLiteral("<li>%1</li>\n").arg(f.toHtmlEscaped());
    html += QStringLiteral("</ul>\n");
    if (m_data.model)
        html += QStringLiteral("<h2>%1</h2>\n<div class=\"diagram\">%2</div>\n")
                    .arg(tr("Diagram").toHtmlEscaped(), modelDiagramSvg(*m_data.model));
    html += QStringLiteral("<h2>%1</h2>\n").arg(tr("Trade-off").toHtmlEscaped());
    if (m_heatMap) {
        // A heat map for every plotted figure, not only the one on screen,
        // each at one readable size (the window's, squeezed by its splitter,
        // gave maps of 1578x332).
        SweepHeatMap map;
        map.resize(900, 540);
        for (int i = 0; i < m_heatMetric->count(); ++i) {
            fillHeatMap(&map, m_heatMetric->itemData(i).toInt());
            html += QStringLiteral("<p>%1</p>\n")
                        .arg(reportImage(map.grab().toImage(), m_heatMetric->itemText(i)));
        }
    } else {
        for (QChartView *view : m_views)
            html += reportImage(view->grab().toImage(), view->chart()->title()) + QStringLiteral("\n");
    }
    html += QStringLiteral("<h2>%1</h2>\n").arg(tr("Points").toHtmlEscaped());
    html += tableHtml(m_table);
    if (m_data.model) {
        std::vector<std::pair<std::string, QString>> swept;
        for (const std::optional<sim::SweepAxis> &axis :
             {std::optional(m_data.plan.first), m_data.plan.second}) {
            if (axis)
                swept.emplace_back(axis->path,
                                   tr("swept from %1 to %2")
                                       .arg(formatNumber(axis->from), formatNumber(axis->to)));
        }
        html += QStringLiteral("<h2>%1</h2>\n").arg(tr("Parameters").toHtmlEscaped());
        html += parametersTableHtml(*m_data.model, swept);
    }
    html += reportPageEnd();
    return html;
}

QString SweepView::exportBaseName() const
{
    const QString sweep = m_data.sweepId != 0 ? tr("sweep %1").arg(m_data.sweepId) : tr("sweep");
    // The model's name is bounded: cut at the file name's limit, a long one
    // would leave the number out.
    return m_data.modelName.isEmpty() ? sweep : boundedText(m_data.modelName, 60) + QLatin1Char(' ') + sweep;
}

void SweepView::exportReport()
{
    exportReportInteractive(this, exportBaseName(), reportHtml());
}

void SweepView::savePicture()
{
    const QString name = exportBaseName() + QStringLiteral(".png");
    const QString path = askExportPath(this, tr("Save Chart as PNG"), name, tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    QWidget *source = m_heatMap ? static_cast<QWidget *>(m_heatMap) : m_chartsArea;
    QString error;
    if (!saveWidgetPicture(source, path, &error, kSlideScale))
        QMessageBox::warning(this, tr("Save Chart as PNG"), error);
}

} // namespace cqrs
