// RunUi's exports of the run on screen: the result JSON, the series CSV,
// the chart pictures and the HTML report (Run menu and Run Summary).
#include "cqrs/ui/common/exportpath.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/export.h"
#include "cqrs/ui/run/report.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/summarywidget.h"

#include <QCoreApplication>
#include <QMainWindow>
#include <QMessageBox>

namespace cqrs {

bool RunUi::exportResult(const QString &path, QString *error)
{
    if (!m_controller->result()) {
        if (error)
            *error = tr("There is no finished run to export.");
        return false;
    }
    return saveResultJson(*m_controller->result(), path, error);
}

bool RunUi::exportSeries(const QString &path, QString *error)
{
    return saveText(m_charts->seriesCsv(), path, error);
}

void RunUi::exportInteractive(const QString &title, const QString &defaultName,
                              const QString &filter,
                              const std::function<bool(const QString &, QString *)> &save)
{
    const QString name = m_liveModel.name.empty() ? defaultName
                                                  : QString::fromStdString(m_liveModel.name)
                                                        + QStringLiteral(" - ") + defaultName;
    const QString path = askExportPath(m_window, title, name, filter);
    QString error;
    if (!path.isEmpty() && !save(path, &error))
        QMessageBox::warning(m_window, title, error);
}

void RunUi::exportResultInteractive()
{
    exportInteractive(
        tr("Export Result"), QStringLiteral("result.json"), tr("Result JSON (*.json)"),
        [this](const QString &path, QString *error) { return exportResult(path, error); });
}

void RunUi::exportSeriesInteractive()
{
    exportInteractive(
        tr("Export Series"), QStringLiteral("series.csv"), tr("CSV (*.csv)"),
        [this](const QString &path, QString *error) { return exportSeries(path, error); });
}

void RunUi::exportChartsInteractive()
{
    exportInteractive(tr("Export Charts"), QStringLiteral("charts.png"),
                      tr("PNG image (*.png);;SVG drawing (*.svg)"),
                      [this](const QString &path, QString *error) {
                          return m_charts->savePicture(path, error); // the charts alone, titled
                      });
}

QString RunUi::reportHtml() const
{
    RunReport report;
    const std::optional<RunResult> &run = m_controller->result();
    report.title
        = m_liveModel.name.empty() ? tr("Untitled") : QString::fromStdString(m_liveModel.name);
    report.facts
        << tr("Seed: %1").arg(m_liveModel.workload.seed)
        << tr("Simulated: %1 of %2")
               .arg(formatMoment(run ? run->time : 0.0, m_liveModel.workload.duration),
                    formatMoment(m_liveModel.workload.duration, m_liveModel.workload.duration))
        << tr("Status: %1").arg(run && run->complete ? tr("finished") : tr("stopped early"))
        << tr("Version: %1").arg(QCoreApplication::applicationVersion());
    report.model = m_liveModel; // with the changes made while it ran
    report.diagramSvg = modelDiagramSvg(m_liveModel);
    report.charts = chartImages(m_charts);
    report.summaryHtml = m_summary->run() ? m_summary->reportHtml() : QString();
    return runReportHtml(report);
}

void RunUi::exportRunReport()
{
    if (!m_controller->result()) {
        showMessage(tr("There is no finished run to report on."));
        return;
    }
    exportReportInteractive(
        m_window,
        QString::fromStdString(m_liveModel.name.empty() ? std::string("run") : m_liveModel.name),
        reportHtml());
}

} // namespace cqrs
