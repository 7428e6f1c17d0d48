#include "cqrs/ui/history/recordedrunview.h"

#include "cqrs/ui/common/exportpath.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/common/windowkeys.h"
#include "cqrs/ui/history/historymodel.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/export.h"
#include "cqrs/ui/run/report.h"
#include "cqrs/ui/run/runmarkers.h"
#include "cqrs/ui/run/simulationworker.h"
#include "cqrs/ui/run/summarywidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <cqrs/history/series.h>
#include <cqrs/model/modeljson.h>

namespace cqrs {

QStringList describeEdits(const std::vector<history::RunEdit> &edits, double duration)
{
    QStringList lines;
    for (const history::RunEdit &e : edits)
        lines.append(RecordedRunView::tr("at %1: %2 = %3")
                         .arg(formatMoment(e.at, duration), QString::fromStdString(e.path),
                              formatParameterValue(e.path, e.value)));
    return lines;
}

namespace {

/// Whether a recorded run's edits changed its parameters: outages and
/// rebuilds scheduled live are in the stored model as if from the file.
bool parametersEdited(const std::vector<history::RunEdit> &edits)
{
    return std::any_of(edits.begin(), edits.end(), [](const history::RunEdit &e) {
        const auto names = [&e](const std::string &part) {
            return e.path == part || e.path.starts_with(part + ".")
                   || e.path.find("." + part + ".") != std::string::npos
                   || e.path.ends_with("." + part);
        };
        return !names("outages") && !names("rebuilds");
    });
}

/// "review, batching": a run's tags as its window and report list them.
QString tagsText(const std::vector<std::string> &tags)
{
    QStringList texts;
    for (const std::string &tag : tags)
        texts << QString::fromStdString(tag);
    return boundedText(texts.join(QStringLiteral(", ")), 300);
}

} // namespace

RecordedRunView::RecordedRunView(const history::RunRecord &record, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_record(record)
{
    setObjectName(QStringLiteral("recordedRunView"));
    setAttribute(Qt::WA_DeleteOnClose);
    closeWithKeys(this);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *top = new QHBoxLayout;
    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("recordedBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::RichText);
    m_banner->setStyleSheet(
        QStringLiteral("QLabel { background: #fff8e1; border: 1px solid #e0c060; padding: 6px; }"));
    // After the heading, the model line and the tags (updateBanner()).
    QString text;
    const ModelLoadResult model = parseModel(record.modelJson);
    const QStringList edits
        = describeEdits(record.edits, model.model ? model.model->workload.duration : 0.0);
    if (!edits.isEmpty())
        text += QStringLiteral("<br>")
                + tr("Changed while it ran: %1")
                      .arg(edits.join(QStringLiteral("; ")).toHtmlEscaped());
    top->addWidget(m_banner, 1);
    auto *buttons = new QVBoxLayout;
    m_openModel = new QPushButton(tr("Open This Model"), this);
    m_openModel->setObjectName(QStringLiteral("openModelButton"));
    m_openModel->setToolTip(tr("Open the model exactly as this run used it, as a new document"));
    connect(m_openModel, &QPushButton::clicked, this,
            [this] { emit openModelRequested(m_record.id); });
    buttons->addWidget(m_openModel);
    m_report = new QPushButton(tr("Export Report…"), this);
    m_report->setObjectName(QStringLiteral("exportReportButton"));
    m_report->setToolTip(tr("Save this run as one HTML page that opens in any browser, offline: "
                            "the diagram, the charts, the figures and every parameter"));
    connect(m_report, &QPushButton::clicked, this, &RecordedRunView::exportReport);
    buttons->addWidget(m_report);
    buttons->addStretch(1);
    top->addLayout(buttons);
    layout->addLayout(top);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_charts = new ChartsPanel(splitter);
    m_summary = new SummaryWidget(splitter);
    splitter->addWidget(m_charts);
    splitter->addWidget(m_summary);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    // Three to two from the start: the charts' own size left the summary a
    // column of 240 pixels, its tables cut to two columns.
    splitter->setSizes({3000, 2000});
    layout->addWidget(splitter, 1);

    bool resultDamaged = false;
    bool seriesDamaged = false;
    const Json result = history::storedObject(record.result, &resultDamaged);
    const Json series = history::storedObject(record.series, &seriesDamaged);
    if (!model.ok()) {
        text += QStringLiteral("<br><span style='color:#c62828'>%1</span>")
                    .arg(tr("The stored model cannot be read again: nothing to show."));
        m_openModel->setEnabled(false);
        m_report->setEnabled(false);
    } else {
        RunResult run;
        std::string problem;
        if (result.is_object()) {
            // A result the typed reader refuses still gives the markers their
            // rebuild durations; the summary says where it is damaged.
            run.result = std::make_shared<const Json>(result);
            run.text = QString::fromStdString(record.result);
            // A damaged field must not throw here (nlohmann's value() does
            // when the key holds another type).
            if (const auto t = result.find("simulatedSeconds"); t != result.end() && t->is_number())
                run.time = t->get<double>();
            if (std::optional<sim::Result> figures = sim::resultFromJson(result, &problem))
                run.figures = std::make_shared<const sim::Result>(std::move(*figures));
        }
        run.complete = record.status == history::RunStatus::Finished;
        // How far it ran: the result says; a run that left none (or a damaged
        // one), its last sample.
        m_duration = model.model->workload.duration;
        if (result.is_object() && result.contains("simulatedSeconds")
            && result["simulatedSeconds"].is_number())
            m_simulated = run.time;
        else if (const auto t = series.is_object() ? series.find("t") : series.end();
                 t != series.end() && t->is_array() && !t->empty() && t->back().is_number())
            m_simulated = t->back().get<double>();
        m_charts->showRecorded(*model.model, series.is_object() ? series : Json::object(), run);
        // The faults and changes of the run: the model's, the edits made while it ran,
        // and the rebuilds' durations from its result.
        RunMarkers markers;
        // The stored model is the model as run: the edits are in it already.
        markers.reset(*model.model, model.model->workload.duration, !record.edits.empty());
        for (const history::RunEdit &e : record.edits)
            markers.addEdit(e.path, QString::fromStdString(e.value), e.at,
                            QString::fromStdString(e.previous));
        if (run.result)
            markers.applyResult(*run.result);
        m_charts->setMarkers(markers.markers());
        m_summary->setMarkers(markers.markers());
        // A result or series that is not JSON was changed outside CQRS
        // Studio (or by a failing disk): said so, not taken for a run that
        // stored none.
        const QString red = QStringLiteral("<br><span style='color:#c62828'>%1</span>");
        if (resultDamaged)
            text += red.arg(tr("The stored result cannot be read: it is not a JSON object."));
        else if (!problem.empty())
            text += red.arg(tr("The stored result cannot be read (%1).")
                                .arg(QString::fromStdString(problem).toHtmlEscaped()));
        if (seriesDamaged)
            text += red.arg(tr("The stored series cannot be read: they are not a JSON object. The "
                               "charts stay empty."));
        if (run.result) {
            m_summary->showResult(*model.model, run,
                                  parametersEdited(record.edits) ? ModelChanges::AsEnded
                                                                 : ModelChanges::None);
        } else {
            // Not the live summary's "When a run ends … (Run: F5)": this
            // window runs nothing. (Its report still has the model and the
            // series it stored, and says there is no result.)
            const QString why = record.result.empty()
                                    ? tr("No result was stored: the run %1 before it produced one.")
                                          .arg(statusText(record.status))
                                    : tr("The stored result cannot be read.");
            if (record.result.empty())
                text += QStringLiteral("<br>") + why;
            m_summary->showNoResult(
                why + QLatin1Char(' ')
                + tr("Its model is kept: Open This Model opens it, to run it again."));
        }
    }
    m_bannerDetails = text;
    updateBanner();
    connect(m_summary, &SummaryWidget::exportJsonRequested, this, &RecordedRunView::exportResult);
    connect(m_summary, &SummaryWidget::exportCsvRequested, this, &RecordedRunView::exportSeries);
    resizeWithinScreen(this, QSize(1400, 800));
}

void RecordedRunView::setDeleted()
{
    if (m_deleted)
        return;
    m_deleted = true;
    updateBanner();
}

void RecordedRunView::setNameAndTags(const std::string &name, const std::vector<std::string> &tags)
{
    if (m_record.name == name && m_record.tags == tags)
        return;
    m_record.name = name;
    m_record.tags = tags;
    updateBanner();
}

void RecordedRunView::updateBanner()
{
    setWindowTitle(tr("%1 — CQRS Studio").arg(heading()));
    QString text = QStringLiteral("<b>%1</b><br>").arg(heading().toHtmlEscaped());
    text
        += tr("Model %1 · seed %2 · %3 · version %4. Shown from the history: nothing is run again.")
               .arg(QString::fromStdString(m_record.modelName).toHtmlEscaped(),
                    QString::number(m_record.seed), statusText(m_record.status),
                    m_record.appVersion.empty()
                        ? tr("unknown")
                        : QString::fromStdString(m_record.appVersion).toHtmlEscaped());
    if (!m_record.tags.empty())
        text
            += QStringLiteral("<br>") + tr("Tags: %1").arg(tagsText(m_record.tags)).toHtmlEscaped();
    text += m_bannerDetails;
    if (m_deleted)
        text += QStringLiteral("<br><span style='color:#c62828'><b>%1</b></span>")
                    .arg(tr("Deleted from the history: this window holds all that is left of the "
                            "run. Export it, or open its model, before closing it.")
                             .toHtmlEscaped());
    m_banner->setText(text);
}

QString RecordedRunView::heading() const
{
    if (m_deleted)
        return tr("Run #%1 “%2” (recorded %3) — deleted from the history")
            .arg(m_record.id)
            .arg(QString::fromStdString(m_record.name), localTime(m_record.startedAt));
    return tr("Run #%1 “%2” (recorded %3) — read-only")
        .arg(m_record.id)
        .arg(QString::fromStdString(m_record.name), localTime(m_record.startedAt));
}

QString RecordedRunView::reportHtml() const
{
    const ModelLoadResult model = parseModel(m_record.modelJson);
    RunReport report;
    report.title = tr("Run #%1 “%2”").arg(m_record.id).arg(QString::fromStdString(m_record.name));
    report.facts << tr("Model: %1").arg(QString::fromStdString(m_record.modelName))
                 << tr("Status: %1").arg(statusText(m_record.status))
                 << tr("Started: %1").arg(localTime(m_record.startedAt))
                 << tr("Seed: %1").arg(m_record.seed);
    if (m_simulated >= 0)
        report.facts << tr("Simulated: %1 of %2")
                            .arg(formatMoment(m_simulated, m_duration),
                                 formatMoment(m_duration, m_duration));
    if (!m_record.tags.empty())
        report.facts << tr("Tags: %1").arg(tagsText(m_record.tags));
    report.facts << tr("Version: %1").arg(QString::fromStdString(m_record.appVersion));
    if (!m_record.overrides.empty()) {
        QStringList sets;
        for (const std::string &o : m_record.overrides)
            sets << QString::fromStdString(o);
        report.facts << tr("Overrides: %1").arg(sets.join(QStringLiteral(", ")));
    }
    if (model.model) {
        report.model = *model.model;
        report.diagramSvg = modelDiagramSvg(*model.model);
    }
    report.charts = chartImages(m_charts);
    report.summaryHtml = m_summary->run() ? m_summary->reportHtml() : QString();
    report.edits = describeEdits(m_record.edits, m_duration);
    return runReportHtml(report);
}

QString RecordedRunView::exportBaseName() const
{
    QString run = tr("run %1").arg(m_record.id);
    // A run named otherwise than its model ("batch 10s", a sweep's point) is
    // found by that name; a name that starts with the model's adds the rest
    // ("(readModels.order-history.consumers = 8)").
    std::string name = m_record.name;
    if (!m_record.modelName.empty() && name.starts_with(m_record.modelName))
        name = name.substr(m_record.modelName.size());
    if (const auto first = name.find_first_not_of(" :-"); first != std::string::npos)
        run += QStringLiteral(" - ") + boundedText(name.substr(first), 60);
    // The model's name is bounded: cut at the file name's limit, a long one
    // would leave the number out.
    return m_record.modelName.empty()
               ? run
               : boundedText(m_record.modelName, 60) + QLatin1Char(' ') + run;
}

void RecordedRunView::exportReport()
{
    exportReportInteractive(this, exportBaseName(), reportHtml());
}

void RecordedRunView::exportResult()
{
    const QString path = askExportPath(this, tr("Export Result"),
                                       exportBaseName() + QStringLiteral(" - result.json"),
                                       tr("Result JSON (*.json)"));
    QString error;
    if (!path.isEmpty() && !saveText(QString::fromStdString(m_record.result), path, &error))
        QMessageBox::warning(this, tr("Export Result"), error);
}

void RecordedRunView::exportSeries()
{
    const QString path
        = askExportPath(this, tr("Export Series"),
                        exportBaseName() + QStringLiteral(" - series.csv"), tr("CSV (*.csv)"));
    QString error;
    if (!path.isEmpty() && !saveText(m_charts->seriesCsv(), path, &error))
        QMessageBox::warning(this, tr("Export Series"), error);
}

} // namespace cqrs
