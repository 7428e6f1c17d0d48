// Compare's report: one self-contained HTML page of the runs, their
// diagram, the charts as shown, the key figures and what differs.
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/history/compareview.h"
#include "cqrs/ui/history/historymodel.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/report.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QTableWidget>
#include <algorithm>
#include <cqrs/model/modeljson.h>

namespace cqrs {

QString CompareView::exportBaseName() const
{
    QStringList ids;
    for (const history::RunRecord &run : m_runs)
        ids << QString::number(run.id);
    const QString runs = tr("runs %1").arg(ids.join(QLatin1Char('-')));
    const bool oneModel
        = !m_runs.empty() && !m_runs.front().modelName.empty()
          && std::all_of(m_runs.begin(), m_runs.end(), [this](const history::RunRecord &run) {
                 return run.modelName == m_runs.front().modelName;
             });
    // The model's name is bounded: cut at the file name's limit, a long one
    // would leave the numbers out.
    return oneModel ? boundedText(m_runs.front().modelName, 60) + QLatin1Char(' ') + runs : runs;
}

QString CompareView::reportHtml() const
{
    const int n = int(m_runs.size());
    // Titled after the model where the runs share one ("User profile:
    // comparison of 2 runs"): a handout's reader has no window title.
    const bool oneModel
        = n > 0 && !m_runs.front().modelName.empty()
          && std::all_of(m_runs.begin(), m_runs.end(), [this](const history::RunRecord &run) {
                 return run.modelName == m_runs.front().modelName;
             });
    QString html = reportPageStart(
        oneModel ? tr("%1: comparison of %2 runs")
                       .arg(boundedText(m_runs.front().modelName, 120), QString::number(n))
                 : tr("Comparison of %1 runs").arg(n));
    html += QStringLiteral(
                "<table>\n<tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>\n")
                .arg(tr("Run").toHtmlEscaped(), tr("Model").toHtmlEscaped(),
                     tr("Seed").toHtmlEscaped(), tr("Status").toHtmlEscaped(),
                     tr("Started").toHtmlEscaped());
    for (int i = 0; i < n; ++i) {
        const history::RunRecord &r = m_runs[std::size_t(i)];
        html += QStringLiteral(
                    "<tr><td style=\"color:%1\">■ %2</td><td>%3</td><td>%4</td><td>%5</td>"
                    "<td>%6</td></tr>\n")
                    .arg(runColor(i).name(), runLabel(i).toHtmlEscaped(),
                         boundedText(r.modelName).toHtmlEscaped(), QString::number(r.seed),
                         statusText(r.status), localTime(r.startedAt));
    }
    html += QStringLiteral("</table>\n");
    if (!m_note->text().isEmpty())
        html += QStringLiteral("<p class=\"note\">%1</p>\n").arg(m_note->text().toHtmlEscaped());
    if (!m_unreadable->text().isEmpty())
        html += QStringLiteral("<p class=\"bad\">%1</p>\n")
                    .arg(m_unreadable->text().toHtmlEscaped());
    if (n > 0) {
        // The first run's diagram: the runs of a comparison usually share the
        // model's shape, and what differs is listed at the end.
        ModelLoadOptions lenient;
        lenient.keepInvalid = true;
        if (ModelLoadResult first = parseModel(m_runs.front().modelJson, lenient); first.model)
            html += QStringLiteral(
                        "<h2>%1</h2>\n<p class=\"note\">%2</p>\n<div class=\"diagram\">%3</div>\n")
                        .arg(tr("Diagram").toHtmlEscaped(),
                             tr("The model of run %1. The parameters that differ between the runs "
                                "are listed at the end.")
                                 .arg(runLabel(0))
                                 .toHtmlEscaped(),
                             modelDiagramSvg(*first.model));
    }
    html += QStringLiteral("<h2>%1</h2>\n").arg(tr("Charts").toHtmlEscaped());
    if (m_readModel->count() > 0 || m_query->count() > 0)
        html += QStringLiteral("<p>%1</p>\n")
                    .arg(tr("Read model: %1 · Query: %2")
                             .arg(m_readModel->currentText(), m_query->currentText())
                             .toHtmlEscaped());
    for (ChartCard *card : m_cards)
        html += QStringLiteral("<p>%1</p>\n").arg(reportCardImage(card));
    html += QStringLiteral("<h2>%1</h2>\n%2")
                .arg(tr("Key Figures").toHtmlEscaped(), tableHtml(m_figures));
    // As the window shows them: with "Only figures that differ" ticked, those.
    if (m_onlyDiffering->isChecked())
        html += QStringLiteral("<p class=\"note\">%1</p>\n")
                    .arg(m_onlyDiffering->text().toHtmlEscaped());
    html += QStringLiteral("<p class=\"note\">%1</p>\n")
                .arg(tr("Changes are against %1, the first run; green is better, red is worse, a "
                        "change "
                        "under 1% is neither.")
                         .arg(runLabel(0))
                         .toHtmlEscaped());
    html += QStringLiteral("<h2>%1</h2>\n%2")
                .arg(tr("Parameters That Differ").toHtmlEscaped(), tableHtml(m_parameters));
    return html + reportPageEnd();
}

} // namespace cqrs
