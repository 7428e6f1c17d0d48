#pragma once

#include "insights.h"
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
    QTextBrowser *m_view;
    QPushButton *m_saveJson;
    QPushButton *m_saveCsv;
    std::optional<RunResult> m_run;
    std::vector<Insight> m_insights;
    QString m_html;
};

} // namespace cqrs
