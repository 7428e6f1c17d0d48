#pragma once

#include "insights.h"
#include "runmarkers.h"
#include "simulationworker.h"

#include <cqrs/model/model.h>

#include <QWidget>

#include <optional>
#include <vector>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace cqrs {

/// What a finished run comes to: the result file's numbers (the same as
/// `cqrs-sim run` for the same model and seed), which budgets are met, and
/// plain-language insights with their queueing-theory predictions.
class SummaryWidget final : public QWidget
{
    Q_OBJECT

public:
    explicit SummaryWidget(QWidget *parent = nullptr);

    void showResult(const Model &model, const RunResult &run);
    void clear();
    /// The run's faults and changes, listed with their times under "Faults
    /// and changes" (set before or after showResult()).
    void setMarkers(const std::vector<RunMarker> &markers);
    const std::vector<RunMarker> &markers() const { return m_markers; }

    const std::optional<RunResult> &run() const { return m_run; }
    const std::vector<Insight> &insights() const { return m_insights; }
    /// The rendered summary as plain text (what a person reads), for tests.
    QString plainText() const;
    /// The rendered summary's HTML source, for tests.
    QString html() const;

signals:
    void exportJsonRequested();
    void exportCsvRequested();

private:
    QString markersHtml() const;
    void render();

    QTextBrowser *m_view;
    QPushButton *m_saveJson;
    QPushButton *m_saveCsv;
    std::optional<RunResult> m_run;
    std::vector<Insight> m_insights;
    std::vector<RunMarker> m_markers;
    QString m_resultHtml; ///< the summary without its list of faults and changes
    QString m_html;
};

} // namespace cqrs
