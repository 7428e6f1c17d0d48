#pragma once

#include "cqrs/ui/run/insights.h"
#include "cqrs/ui/run/runmarkers.h"
#include "cqrs/ui/run/simulationworker.h"

#include <QWidget>
#include <cqrs/model/model.h>
#include <cqrs/sim/trace.h>
#include <map>
#include <optional>
#include <vector>

class QLabel;
class QPushButton;
class QTextBrowser;
class QUrl;

namespace cqrs {

/// What a finished run comes to: the result file's numbers (the same as
/// `cqrs-sim run` for the same model and seed), which budgets are met, and
/// plain-language insights with their queueing-theory predictions.
class SummaryWidget final : public QWidget
{
    Q_OBJECT

public:
    explicit SummaryWidget(QWidget *parent = nullptr);

    /// `changes`: whether the model was changed while the run went, and
    /// which version `model` is (its predictions are then not judged).
    void showResult(const Model &model, const RunResult &run,
                    ModelChanges changes = ModelChanges::None);
    void clear();
    /// A recorded run that left no result (interrupted, stopped before its
    /// first figures): `why` in place of the figures, nothing to save.
    void showNoResult(const QString &why);
    /// The run's faults and changes, listed with their times under "Faults
    /// and changes" (set before or after showResult()).
    void setMarkers(const std::vector<RunMarker> &markers);
    const std::vector<RunMarker> &markers() const { return m_markers; }
    /// A line under the title of every run's summary from now on (plain
    /// text; empty: none), such as which run of an A/B pair the figures are.
    void setNote(const QString &note);
    QString note() const { return m_note; }

    /// A traced command of this run whose journey has a stale read: shown
    /// among the insights ("A read of … at 12.3 s saw old data (stale by
    /// 0.84 s) …: open the trace"); its link emits traceRequested(). `note`
    /// qualifies it (e.g. changes made during the run are not replayed).
    /// nullopt (or a trace without a stale read) removes it.
    void setStaleReadTrace(const std::optional<sim::Trace> &trace, const QString &note = {});
    const std::optional<sim::Trace> &staleReadTrace() const { return m_staleTrace; }
    /// What the trace window says about that trace (changes made mid-run).
    const QString &staleReadNote() const { return m_staleNote; }
    /// The insight's sentence ("" when there is none), as plain text.
    QString staleReadText() const;
    /// What its "open the trace" link does (for tests: the link's target).
    static QString traceLink() { return QStringLiteral("cqrs-trace:stale-read"); }
    void openTraceLink(const QUrl &url);

    const std::optional<RunResult> &run() const { return m_run; }
    const std::vector<Insight> &insights() const { return m_insights; }
    /// The rendered summary as plain text (what a person reads), for tests.
    QString plainText() const;
    /// The rendered summary's HTML source, for tests.
    QString html() const;
    /// The summary for a report page: links into the application (the
    /// stale read's "open the trace") become plain text.
    QString reportHtml() const;

signals:
    void exportJsonRequested();
    void exportCsvRequested();
    /// The stale-read insight's "open the trace" link was followed.
    void traceRequested();

private:
    QString markersHtml() const;
    QString staleReadHtml() const;
    void render();

    QTextBrowser *m_view;
    QPushButton *m_saveJson;
    QPushButton *m_saveCsv;
    std::optional<RunResult> m_run;
    std::vector<Insight> m_insights;
    std::vector<RunMarker> m_markers;
    QString m_resultHtml;        ///< the summary without its list of faults and changes
    qsizetype m_insightsEnd = 0; ///< where in m_resultHtml the stale-read insight goes
    std::optional<sim::Trace> m_staleTrace;
    Model m_model; ///< the run's, for the names the stale-read insight uses
    QString m_staleNote;
    QString m_note;
    QString m_html;
};

} // namespace cqrs
