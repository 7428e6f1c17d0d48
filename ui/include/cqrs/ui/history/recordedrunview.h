#pragma once

#include <QWidget>
#include <cqrs/history/runstore.h>

class QLabel;
class QPushButton;

namespace cqrs {

class ChartsPanel;
class SummaryWidget;

/// A recorded run brought back from the history without running it again:
/// its charts from the stored series and its summary from the stored result,
/// read-only, in a window of its own (so a live run is never disturbed).
class RecordedRunView final : public QWidget
{
    Q_OBJECT

public:
    explicit RecordedRunView(const history::RunRecord &record, QWidget *parent = nullptr);

    qint64 runId() const { return m_record.id; }
    const history::RunRecord &record() const { return m_record; }
    ChartsPanel *charts() const { return m_charts; }
    SummaryWidget *summary() const { return m_summary; }
    /// "Run #12 “name” (recorded 2026-11-30 07:12:03) — read-only".
    QString heading() const;
    QLabel *banner() const { return m_banner; }
    /// The report of this run (RunReport): facts, diagram, charts, summary,
    /// changes and parameters, as one self-contained HTML page.
    QString reportHtml() const;
    /// The name its exports offer: "User profile run 12" (model, run number).
    QString exportBaseName() const;
    /// The run was deleted from the history while this window shows it: it
    /// says so (what it shows is all that is left of the run; Open This
    /// Model and the exports still work from it).
    void setDeleted();
    bool isDeleted() const { return m_deleted; }
    /// The run was renamed or tagged in the history while this window shows
    /// it: its title, heading and tags follow.
    void setNameAndTags(const std::string &name, const std::vector<std::string> &tags);

signals:
    void openModelRequested(qint64 id);

private:
    void exportResult();
    void exportSeries();
    void exportReport();
    void updateBanner();

    history::RunRecord m_record;
    QLabel *m_banner;
    QString m_bannerDetails; ///< what the banner says after the heading, model and tags
    ChartsPanel *m_charts;
    SummaryWidget *m_summary;
    QPushButton *m_openModel;
    QPushButton *m_report;
    double m_simulated = -1; ///< simulated seconds the run reached; -1 unknown
    double m_duration = 0;   ///< the model's run length
    bool m_deleted = false;
};

/// The mid-run edits as lines a person reads: "at 40 s: readModels.x.consumers = 4",
/// their moments in the unit of the charts of a run of `duration` seconds.
QStringList describeEdits(const std::vector<history::RunEdit> &edits, double duration);

} // namespace cqrs
