#pragma once

#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/decimatedseries.h"
#include "cqrs/ui/run/runmarkers.h"
#include "cqrs/ui/run/simulationworker.h"

#include <cqrs/model/model.h>

#include <QList>
#include <QPointF>
#include <QString>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QAbstractAxis;
class QAreaSeries;
class QChart;
class QChartView;
class QComboBox;
class QGridLayout;
class QLabel;
class QLineSeries;
class QMenu;
class QScrollArea;
class QShortcut;
class QStackedWidget;
class QToolButton;
class QValueAxis;
class QXYSeries;

namespace cqrs {


/// The live charts of a run (Qt Charts): throughput, consistency windows with
/// their budgets, backlog, lag, stale-read ratio, command latency, and at the
/// end the distribution (histogram and CDF) of consistency windows.
///
/// The user chooses which charts are shown (Charts menu); the shown ones fill
/// a grid whose columns follow the dock's size, each chart in a card with its
/// title ("what this means" as its tooltip), a legend that wraps instead of
/// cutting names, and buttons to enlarge or save it. Points are buffered as
/// snapshots arrive and pushed to the charts in batches with
/// QXYSeries::replace() a few times a second (STYLE lesson 12), decimated to
/// the plot's width: dense data draws as its min..max envelope.
class ChartsPanel final : public QWidget
{
    Q_OBJECT

public:
    enum ChartId { Throughput, Applies, Window, Backlog, Lag, Staleness, Latency, Histogram, Cdf, ChartCount };

    explicit ChartsPanel(QWidget *parent = nullptr);
    ~ChartsPanel() override;

    /// Clears everything and creates the series of this model's read models and queries.
    void beginRun(const Model &model, double duration);
    void addSamples(const SnapshotBatch &batch);
    /// Fills the distribution charts from the run's histograms.
    void showResult(const RunResult &result);
    /// Back to the explanation shown before any run.
    void clear();
    /// Shows a recorded run from the history, read-only: the stored series
    /// (DESIGN section 4, decimated) of `model`, which the run used. The
    /// charts the history does not keep (command latency over time, the
    /// distributions) say so instead of showing nothing.
    void showRecorded(const Model &model, const Json &series, const RunResult &result);
    /// True while showing a recorded run.
    bool isRecorded() const { return m_recorded; }

    // Live A/B (Run with a Variant): a second run's lines over the first's.
    /// After beginRun(): adds a B line beside every line of the time charts
    /// (the consistency window's p99 only), in the complementary colour and
    /// dashed; the legends then say "A" and "B (variant)", and `differences`
    /// (the parameters B changes) is shown above the charts and in pictures.
    void beginVariant(const Model &variant, const QString &differences);
    void addVariantSamples(const SnapshotBatch &batch);
    /// B's distributions (histogram and CDF) beside A's.
    void showVariantResult(const RunResult &result);
    /// Removes B's lines: the charts show A alone again.
    void clearVariant();
    /// Shows the read model `id` in the window and histogram charts when the
    /// one shown is not among `ids` (and not "all read models"): a variant
    /// that changes another read model is seen there. The first of `ids` (in
    /// their order) that the panel lists wins; the read model the user chose
    /// stays the one later runs start on. False when nothing changed.
    bool focusReadModelAmong(const QStringList &ids);
    bool hasVariant() const { return m_variantActive; }
    /// Points currently shown by the B lines of a chart, for tests.
    int variantPointCount(ChartId id) const;
    /// The largest value of chart `id`'s shown line named `name` (without the A or B
    /// prefix) of run A or B; NaN when there is none. For tests.
    double maxValue(ChartId id, const QString &name, bool variant) const;
    QLabel *variantNote() const { return m_variantNote; }

    /// The run's faults and changes, drawn on every time chart's x axis
    /// (cleared with the charts, so set them after beginRun() or showRecorded()).
    void setMarkers(const std::vector<RunMarker> &markers);
    const std::vector<RunMarker> &markers() const { return m_markers; }
    /// True for the charts whose x axis is simulated time (all but the distributions).
    static bool isTimeChart(ChartId id) { return id != Histogram && id != Cdf; }

    ChartCard *card(ChartId id) const { return m_cards[id]; }
    QChartView *chartView(ChartId id) const;
    QChart *chart(ChartId id) const;
    /// Pushes buffered points to the charts now (the timer does it a few times a second).
    void refresh();
    /// Points currently shown by a chart (all series), for tests.
    int pointCount(ChartId id) const;
    /// The kept series as CSV: one row per sample, `t` first.
    QString seriesCsv() const;
    /// The read model the consistency and histogram charts focus on ("" = all).
    void setFocusReadModel(const QString &id);

    /// The charts the grid shows, in their order (the Charts menu's choice).
    QList<ChartId> shownCharts() const;
    void setChartShown(ChartId id, bool shown);
    /// Shows one chart over the whole panel; -1 goes back to the grid.
    void setEnlarged(int id);
    int enlargedChart() const { return m_enlarged; }
    /// True once a run has begun (before that, the panel explains what will appear).
    bool hasRun() const { return m_accepted >= 0; }
    QMenu *chartsMenu() const { return m_chartsMenu; }

    /// Presentation mode: only `charts` (at most four) shown, all of them on
    /// screen without scrolling, text, lines and markers sized for a
    /// projector (text times `scale`, see ChartCard::setPresenting); false
    /// restores the charts, the enlarged one and the look from before. The
    /// Charts menu changes the presented set meanwhile (kept apart from the
    /// normal choice).
    void setPresenting(bool presenting, QList<ChartId> charts = {}, double scale = 1.0);
    /// While presenting: the same charts with their text at `scale` (the
    /// presenting window went to a screen of another size).
    void setPresentingScale(double scale);
    bool isPresenting() const { return m_presenting; }
    static constexpr int kMaxPresentedCharts = 4;
    /// The charts presentation mode shows: the last choice, or the default four.
    static QList<ChartId> presentedCharts();

    /// What hovering a series at point shows: series name, time and the exact value.
    QString hoverText(const QXYSeries *series, const QPointF &point) const;
    /// The envelope band drawn under a line when it is decimated (nullptr if none).
    QAreaSeries *bandOf(const QXYSeries *series) const;

    /// A clean picture of charts (default: the ones shown), titled with the
    /// model name: no buttons, selectors or tab bars. PNG, or SVG by suffix.
    bool savePicture(const QString &path, QString *error = nullptr, QList<ChartId> ids = {});
    /// The widget savePicture() renders, laid out and ready to grab.
    /// titled = false leaves out the model's name and the simulated time
    /// above the charts (a report's page says them once, at its top).
    std::unique_ptr<QWidget> makePicture(QList<ChartId> ids = {}, bool titled = true);

    static QString chartKey(ChartId id);

    /// The consistency-window chart picks a command to trace: a click on its
    /// plot (or its context menu's "Trace a Command Committed Here") emits
    /// traceRequested() with the simulated time under the pointer and the
    /// read model in focus, or else the one whose line is nearest. False
    /// (nothing emitted) outside the plot, before a run, or when nobody listens.
    bool requestTraceAt(const QPoint &viewPos);
    /// True when a click on the consistency-window chart picks a trace (the
    /// pointer becomes a hand over its plot and its tooltip says so).
    bool canPickTrace() const;

    /// Room for the explanation before a run, and for a row of charts.
    QSize sizeHint() const override { return QSize(900, 240); }

signals:
    /// A command to trace: the first one committed at or after `at`
    /// (simulated seconds) whose events reach `readModel` ("" any).
    void traceRequested(double at, const QString &readModel);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // chartspicking.cpp: the consistency-window chart as a trace picker.
    void installTracePicking();
    bool pickEvent(QEvent *event);
    /// The simulated time at a point of the window chart's view; NaN off the plot.
    double timeAt(const QPoint &viewPos) const;
    QString readModelNear(const QPoint &viewPos) const;

    struct Line
    {
        QLineSeries *series = nullptr;
        QAreaSeries *band = nullptr; ///< min..max of each interval when decimated
        DecimatedSeries data;
        ChartId chart = Throughput;
        QString readModel; ///< for filtering by the focus selector
        QString readModelName;
        QString label;     ///< the legend text when one read model is in focus
        QString name;      ///< the name shown, without a run's prefix ("A · ", live A/B)
        bool dirty = false;
        bool budget = false; ///< a staleBudget line
        bool variant = false;  ///< a line of run B (live A/B)
        int variantLine = -1;  ///< run A's line: the index of its B line, if any
        /// An optimistic-UI query's stale reads: kept (the CSV has them),
        /// not drawn, named in the legend as not drawn. Its reads right
        /// after the user's own change count as stale while the screen
        /// shows that change: nearly 100%, which pinned the axis there and
        /// flattened every other query's line.
        bool offChart = false;
    };

    QChart *makeChart(ChartId id);
    Line &addLine(ChartId id, const QString &name, const QColor &color,
                  DecimatedSeries::Merge merge = DecimatedSeries::Merge::Mean,
                  Qt::PenStyle style = Qt::SolidLine, const QString &readModel = {});
    void addBudgetLine(const QString &readModel, const QString &name, double budget, const QColor &color);
    void setLineVisible(Line &line, bool visible);
    const Line *lineOf(const QXYSeries *series) const;
    void applyFocus();
    /// The line under the header; hidden when there is nothing to say.
    void setDistributionNote(const QString &text);
    void fitAxes(ChartId id);
    void fitTimeAxis(ChartId id);
    bool refreshChart(ChartId id);
    void refreshNext();
    void updateTitles();
    void updateLegend(ChartId id);
    /// How many tick labels chart id's vertical axis has room for (2 to 5).
    int yTicksRoom(ChartId id) const;
    /// Sets the vertical axis' tick step again when the plot's height wants another.
    void fitYTicks(ChartId id);
    /// A line's legend entry: its name and pen, A/B's run prefix kept whole.
    ChartLegend::Entry legendEntry(const Line &line) const;
    void updateNoData(ChartId id);
    /// The card's accessible description: what it shows and its latest figures.
    void updateAccessibleText(ChartId id);
    void layoutCards();
    void saveChartInteractive(ChartId id);
    void storeShownCharts() const;
    void pushMarkers();
    /// Adds the samples to run A's lines or to their B lines.
    void appendSamples(const SnapshotBatch &batch, bool variant);
    /// The histogram and CDF lines of one run's result.
    void addDistributions(const RunResult &result, bool variant);
    /// B's lines follow their A lines: visibility, name (with the run's prefix) and colour.
    void syncVariantLines();
    QString valueText(ChartId id, double value) const;
    int intervalsFor(ChartId id) const;
    /// Seconds per unit of the chart's x axis (1, 60 or 3600; 1 for the distributions).
    double timeUnit(ChartId id) const { return id == Histogram || id == Cdf ? 1 : m_timeUnit; }

    ChartCard *m_cards[ChartCount] = {};
    QValueAxis *m_xAxes[ChartCount] = {};
    QAbstractAxis *m_yAxes[ChartCount] = {};
    bool m_shown[ChartCount] = {};
    int m_renderedIntervals[ChartCount] = {};
    int m_enlarged = -1;
    QStackedWidget *m_stack;
    QLabel *m_intro;
    QScrollArea *m_scroll;
    QWidget *m_gridHost;
    QGridLayout *m_grid;
    QToolButton *m_chooser;
    QMenu *m_chartsMenu;
    QLabel *m_focusLabel;
    QComboBox *m_focus;
    /// The read model the user last chose to show (empty: all), kept for later runs.
    std::optional<QString> m_chosenFocus;
    QLabel *m_distributionNote;
    QLabel *m_variantNote;
    bool m_variantActive = false;
    QString m_aPrefix, m_bPrefix;
    std::vector<Line> m_lines;
    std::vector<RunMarker> m_markers;
    bool m_presenting = false;
    double m_penScale = 1;     ///< series line widths (larger when presenting)
    double m_presentingScale = 1; ///< the text's scale while presenting
    bool m_normalShown[ChartCount] = {};
    int m_normalEnlarged = -1;
    QShortcut *m_escape = nullptr;
    QTimer m_refreshTimer;
    QTimer m_pickTimer; ///< a click picks once the double-click time has passed (a double click enlarges)
    QPoint m_pickAt;
    bool m_skipRelease = false;
    QString m_modelName;
    double m_duration = 0;
    double m_lastTime = 0;
    double m_timeUnit = 1;
    bool m_finished = false;
    bool m_recorded = false;
    int m_nextChart = 0;
    int m_gridColumns = 0;
    QList<int> m_gridOrder;
    int m_gridMinHeight = -1;
    QStringList m_readModels;
    int m_queryCount = 0;
    // CSV table: one row per snapshot (thinned to every other row when long).
    QStringList m_csvColumns;
    std::vector<std::vector<double>> m_csvRows;
    int m_csvStride = 1;
    int m_csvSkipped = 0;
    // Indexes into m_lines by role, filled in beginRun().
    int m_accepted = -1, m_rejected = -1, m_conflicted = -1, m_published = -1, m_queries = -1;
    int m_latencyP50 = -1, m_latencyP99 = -1;
    std::vector<int> m_rmApplied, m_rmP50, m_rmP95, m_rmP99, m_rmBacklog, m_rmLag, m_queryStale;
};

/// A readable colour for the i-th series (projector-friendly, distinct).
QColor seriesColor(int index);

} // namespace cqrs
