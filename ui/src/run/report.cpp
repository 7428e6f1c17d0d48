#include "cqrs/ui/run/report.h"

#include "challenge/challengereport.h"
#include "chartspanel_p.h"
#include "cqrs/ui/common/exportpath.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"

#include <QBuffer>
#include <QChartView>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QTableWidget>
#include <algorithm>
#include <cqrs/history/compare.h>
#include <cqrs/model/fileio.h>
#include <cqrs/model/modeljson.h>

namespace cqrs {

namespace {

// The report's own texts, for translation.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cqrs::RunReport)
};

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString factsTable(const QStringList &facts)
{
    QString html = QStringLiteral("<table class=\"facts\">\n");
    for (const QString &fact : facts) {
        const int colon = fact.indexOf(QLatin1String(": "));
        html += colon < 0 ? QStringLiteral("<tr><td colspan=\"2\">%1</td></tr>\n").arg(esc(fact))
                          : QStringLiteral("<tr><td>%1</td><td>%2</td></tr>\n")
                                .arg(esc(fact.left(colon)), esc(fact.mid(colon + 2)));
    }
    return html + QStringLiteral("</table>\n");
}

} // namespace

QString reportImage(const QImage &image, const QString &alt)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QStringLiteral("<img alt=\"%1\" src=\"data:image/png;base64,%2\">")
        .arg(esc(alt), QString::fromLatin1(png.toBase64()));
}

QString reportCardImage(ChartCard *card)
{
    // The window's layout settled first: afterwards only the card's own
    // layouts may run (its legend's height, its chart's plot area follow the
    // new size in posted requests, as makePicture() lets them), never its
    // parent's, which would put the card back in its place in the grid.
    for (int i = 0; i < 3; ++i)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const QSize shown = card->size();
    card->resize(std::max(shown.width(), chartsinternal::kPictureCardWidth),
                 std::max(shown.height(), chartsinternal::kPictureCardHeight));
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents(card, QEvent::LayoutRequest);
        for (QWidget *w : card->findChildren<QWidget *>())
            QCoreApplication::sendPostedEvents(w, QEvent::LayoutRequest);
        for (QChartView *view : card->findChildren<QChartView *>())
            QCoreApplication::sendPostedEvents(view->chart(), QEvent::LayoutRequest);
    }
    const QImage image = card->grab().toImage();
    card->resize(shown);
    return reportImage(image, card->titleLabel()->text());
}

QString reportPageStart(const QString &title)
{
    return QStringLiteral(
               "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
               "<meta name=\"generator\" content=\"CQRS Studio %1\">\n<title>%2</title>\n"
               "<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;"
               "color:#1c1c22;line-height:1.45}"
               "table{border-collapse:collapse;margin:0.5em 0}th,td{border:1px solid #b0bec5;"
               "padding:3px 8px;text-align:left;vertical-align:top}th{background:#eef2f7}"
               ".facts td:first-child{font-weight:bold}.num{text-align:right}"
               ".params td:first-child{white-space:nowrap}"
               ".diagram{border:1px solid #cfd8dc;overflow:auto;max-width:100%}"
               ".diagram svg{max-width:100%;height:auto}img{max-width:100%;border:1px solid #cfd8dc}"
               ".summary table{border:none}.summary td,.summary th{border:none}"
               ".ok{color:#1a7f37;font-weight:bold}.bad{color:#c62828;font-weight:bold}"
               ".warn{color:#b26a00;font-weight:bold}.muted{color:#777}.note{color:#555}"
               "footer{margin-top:3em;color:#777;font-size:small}</style></head><body>\n"
               "<h1>%2</h1>\n")
        .arg(esc(QCoreApplication::applicationVersion()), esc(title));
}

QString reportPageEnd()
{
    return QStringLiteral("<footer>%1</footer>\n</body></html>\n")
        .arg(esc(Text::tr("Made with CQRS Studio on %1 (UTC).")
                     .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm")))));
}

QString runReportHtml(const RunReport &report)
{
    QString html = reportPageStart(report.title);
    QStringList facts;
    for (const QString &fact : report.facts) {
        if (!fact.endsWith(QLatin1String(": "))) // a fact with no value (e.g. no version) is left out
            facts << fact;
    }
    html += factsTable(facts);
    if (!report.diagramSvg.isEmpty())
        html += QStringLiteral("<h2>%1</h2>\n<div class=\"diagram\">%2</div>\n")
                    .arg(esc(Text::tr("Diagram")), report.diagramSvg);
    if (!report.charts.empty()) {
        html += QStringLiteral("<h2>%1</h2>\n").arg(esc(Text::tr("Charts")));
        for (const ReportChart &chart : report.charts)
            html += QStringLiteral("<p>%1</p>\n").arg(reportImage(chart.image, chart.title));
    }
    html += QStringLiteral("<h2>%1</h2>\n").arg(esc(Text::tr("Key figures and insights")));
    html += report.summaryHtml.isEmpty()
                ? QStringLiteral("<p>%1</p>\n").arg(esc(Text::tr("The run has no result.")))
                : QStringLiteral("<div class=\"summary\">%1</div>\n").arg(report.summaryHtml);
    if (!report.edits.isEmpty()) {
        html += QStringLiteral("<h2>%1</h2>\n<ul>\n").arg(esc(Text::tr("Changed while it ran")));
        for (const QString &edit : report.edits)
            html += QStringLiteral("<li>%1</li>\n").arg(esc(edit));
        html += QStringLiteral("</ul>\n");
    }
    html += QStringLiteral("<h2>%1</h2>\n").arg(esc(Text::tr("Parameters")));
    html += parametersTableHtml(report.model);
    return html + reportPageEnd();
}

QString parametersTableHtml(const Model &model,
                            const std::vector<std::pair<std::string, QString>> &replaced)
{
    QString html = QStringLiteral("<table class=\"params\">\n<tr><th>%1</th><th>%2</th></tr>\n")
                       .arg(esc(Text::tr("Parameter")), esc(Text::tr("Value")));
    auto row = [](const std::string &path, const QString &value) {
        return QStringLiteral("<tr><td>%1</td><td>%2</td></tr>\n")
            .arg(esc(QString::fromStdString(path)), esc(value));
    };
    std::vector<bool> shown(replaced.size(), false);
    for (const auto &[path, value] : history::modelLeaves(modelToJson(model))) {
        // Suggestions to try, and the file's own format, are not the model's parameters.
        if (path.starts_with("experiments.") || path == "format" || path == "schemaVersion")
            continue;
        const auto it = std::find_if(replaced.begin(), replaced.end(),
                                     [&](const auto &r) { return r.first == path; });
        if (it != replaced.end()) {
            shown[std::size_t(it - replaced.begin())] = true;
            html += row(path, it->second);
        } else {
            html += row(path, boundedText(formatParameterValue(path, value), 400));
        }
    }
    // A replaced field at its default value is not written in the model: listed last.
    for (std::size_t i = 0; i < replaced.size(); ++i) {
        if (!shown[i])
            html += row(replaced[i].first, replaced[i].second);
    }
    return html + QStringLiteral("</table>\n");
}

std::vector<ReportChart> chartImages(ChartsPanel *panel)
{
    std::vector<ReportChart> out;
    if (!panel || !panel->hasRun())
        return out;
    for (ChartsPanel::ChartId id : panel->shownCharts()) {
        const std::unique_ptr<QWidget> picture = panel->makePicture({id}, false); // the page has the title
        out.push_back({panel->card(id)->titleLabel()->text(), picture->grab().toImage()});
    }
    return out;
}

QString modelDiagramSvg(const Model &model)
{
    Document document;
    document.resetModel(model);
    DiagramScene scene(&document);
    return sceneToSvg(&scene);
}

QString tableHtml(const QTableWidget *table)
{
    QString html = QStringLiteral("<table>\n<tr>");
    for (int c = 0; c < table->columnCount(); ++c) {
        const QTableWidgetItem *h = table->horizontalHeaderItem(c);
        const QBrush fg = h ? h->foreground() : QBrush();
        html += fg.style() == Qt::NoBrush
                    ? QStringLiteral("<th>%1</th>").arg(esc(h ? h->text() : QString()))
                    : QStringLiteral("<th style=\"color:%1\">%2</th>").arg(fg.color().name(), esc(h->text()));
    }
    html += QStringLiteral("</tr>\n");
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->isRowHidden(r)) // as the window shows it (a filter's rows left out)
            continue;
        html += QStringLiteral("<tr>");
        for (int c = 0; c < table->columnCount(); ++c) {
            const QTableWidgetItem *item = table->item(r, c);
            QString style;
            if (item && item->foreground().style() != Qt::NoBrush)
                style += QStringLiteral("color:%1;").arg(item->foreground().color().name());
            if (item && (item->textAlignment() & Qt::AlignRight))
                style += QStringLiteral("text-align:right;");
            html += QStringLiteral("<td%1>%2</td>")
                        .arg(style.isEmpty() ? QString() : QStringLiteral(" style=\"%1\"").arg(style),
                             esc(item ? item->text() : QString()));
        }
        html += QStringLiteral("</tr>\n");
    }
    return html + QStringLiteral("</table>\n");
}

bool exportReportInteractive(QWidget *parent, const QString &suggestedName, const QString &html)
{
    const QString title = Text::tr("Export Report");
    const QString path
        = askExportPath(parent, title, suggestedName + QStringLiteral(".html"), Text::tr("HTML page (*.html)"));
    if (path.isEmpty())
        return false;
    std::string error;
    if (!writeFileAtomically(QFile::encodeName(path).toStdString(), html.toStdString(), &error)) {
        QMessageBox::warning(parent, title, QString::fromStdString(error));
        return false;
    }
    return true;
}

} // namespace cqrs
