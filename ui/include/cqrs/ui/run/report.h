#pragma once

#include <QImage>
#include <QString>
#include <QStringList>
#include <cqrs/model/model.h>
#include <string>
#include <utility>
#include <vector>

class QTableWidget;
class QWidget;

namespace cqrs {

class ChartCard;
class ChartsPanel;

/// One chart of a report, as the user saw it.
struct ReportChart
{
    QString title;
    QImage image;
};

/// What a run report shows: a self-contained HTML page (workshop handouts,
/// interview debriefs) that opens in any browser offline.
struct RunReport
{
    QString title;        ///< "Run #12 “three consumers”" or the model's name
    QStringList facts;    ///< "Seed: 1", "Recorded: …", one line each, "name: value"
    QString diagramSvg;   ///< inline <svg> of the diagram
    QString summaryHtml;  ///< the summary's figures and insights (SummaryWidget::html())
    QStringList edits;    ///< changes made while it ran, "at 20.5 s: path = value"
    Model model;          ///< for the parameter table
    std::vector<ReportChart> charts;
};

/// The page for one run: facts, diagram, charts, key figures and insights,
/// the changes made while it ran, and every parameter of the model.
QString runReportHtml(const RunReport &report);

/// The start of a report page: <head> with the page's style, and the title
/// as its heading. pageEnd() closes it with the date it was made.
QString reportPageStart(const QString &title);
QString reportPageEnd();

/// A picture as an inline <img> (PNG, base64): the page needs no other file.
QString reportImage(const QImage &image, const QString &alt);
/// A chart card as a report's picture, its title the alternative text: drawn
/// at least as large as a run report's charts (a card in a grid of six
/// came out at 492x279), then back at its own size.
QString reportCardImage(ChartCard *card);

/// Every chart shown in the panel, drawn as the report's pictures.
std::vector<ReportChart> chartImages(ChartsPanel *panel);

/// The diagram of a model as inline SVG, drawn by the editor's own scene
/// (offscreen): how the model looks on the canvas.
QString modelDiagramSvg(const Model &model);

/// Every parameter of a model as an HTML table (path, value), suggestions
/// to try left out. A path in `replaced` shows its text instead of its value
/// (a sweep's varied fields), and is listed even when the model leaves it
/// at its default.
QString parametersTableHtml(const Model &model,
                            const std::vector<std::pair<std::string, QString>> &replaced = {});

/// A QTableWidget as an HTML table: header, texts and text colours as shown,
/// and only the rows shown (a filter's hidden rows are left out).
QString tableHtml(const QTableWidget *table);

/// Asks where to save (starting at suggestedName), writes the page
/// atomically, and says so or why not. False when cancelled or failed.
bool exportReportInteractive(QWidget *parent, const QString &suggestedName, const QString &html);

} // namespace cqrs
