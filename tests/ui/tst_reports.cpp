// Reports: a run, a recorded run and a comparison as one self-contained HTML
// page (inline SVG diagram, charts as inline PNG, figures, insights,
// parameters) that a browser opens offline.
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/history/compareview.h"
#include "cqrs/ui/history/historydock.h"
#include "cqrs/ui/history/historymodel.h"
#include "cqrs/ui/history/historystore.h"
#include "cqrs/ui/history/historyui.h"
#include "cqrs/ui/history/recordedrunview.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/report.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/summarywidget.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "historytestutil.h"

#include <QAction>
#include <QCheckBox>
#include <QDockWidget>
#include <QImage>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace cqrs;
using namespace cqrs::testing;

namespace {

/// Every src/href of the page points inside it (data: URIs or anchors).
QStringList externalReferences(const QString &html)
{
    QStringList out;
    static const QRegularExpression reference(
        QStringLiteral(R"re((?:src|href)\s*=\s*"([^"]*)")re"));
    for (auto it = reference.globalMatch(html); it.hasNext();) {
        const QString target = it.next().captured(1);
        if (!target.startsWith(QLatin1String("data:")) && !target.startsWith(QLatin1Char('#')))
            out << target;
    }
    if (html.contains(QLatin1String("<link")) || html.contains(QLatin1String("<script")))
        out << QStringLiteral("<link> or <script>");
    return out;
}

int images(const QString &html)
{
    return int(html.count(QLatin1String("src=\"data:image/png;base64,")));
}

} // namespace

class TestReports : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void runReport();
    void recordedRunReport();
    void compareReport();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
    std::vector<qint64> m_ids;
    std::unique_ptr<MainWindow> m_window;
};

void TestReports::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = m_dir->filePath(QStringLiteral("runs.sqlite"));
    qputenv("CQRS_STUDIO_DB", QFile::encodeName(m_db));
    auto store = openHistory(m_db);
    Model model = example("user-profile.cqrs.json", 60);
    m_ids.push_back(recordRun(*store, model, "batch 1 s"));
    model.readModels[1].update.interval = 5;
    m_ids.push_back(recordRun(*store, model, "batch 5 s", {{20.5, "workload.commandRate", "80"}}));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QTRY_VERIFY(m_window->historyUi()->store()->isReady());
}

void TestReports::cleanupTestCase()
{
    m_window.reset();
    qunsetenv("CQRS_STUDIO_DB");
}

void TestReports::runReport()
{
    RunUi *runUi = m_window->runUi();
    auto *action = m_window->findChild<QAction *>(QStringLiteral("exportReportAction"));
    QVERIFY(action);
    QVERIFY(!action->isEnabled()); // nothing run yet
    Model model = example("user-profile.cqrs.json", 60);
    model.name = "Report <test> & co";
    m_window->document()->resetModel(model);
    RunController *c = runUi->controller();
    c->setSpeed(0);
    QVERIFY(c->start(model));
    QTRY_VERIFY_WITH_TIMEOUT(c->result().has_value(), 30000);
    QVERIFY(action->isEnabled());
    // The summary (the report's insights) follows in an event of its own.
    QTRY_VERIFY(runUi->summary()->run().has_value());

    const QString html = runUi->reportHtml();
    if (qEnvironmentVariableIsSet("CQRS_REPORT_OUT")) { // to look at it in a browser
        QFile out(qEnvironmentVariable("CQRS_REPORT_OUT"));
        if (out.open(QIODevice::WriteOnly))
            out.write(html.toUtf8());
    }
    QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
    QVERIFY(html.trimmed().endsWith(QLatin1String("</html>")));
    // The name is escaped, never markup.
    QVERIFY(html.contains(QStringLiteral("Report &lt;test&gt; &amp; co")));
    QVERIFY(!html.contains(QStringLiteral("Report <test>")));
    // The diagram inline, with the elements' names in it.
    QVERIFY(html.contains(QLatin1String("<svg")));
    QVERIFY(html.contains(QStringLiteral(">UpdateEmail<")));
    // One picture per chart shown.
    QCOMPARE(images(html), int(runUi->charts()->shownCharts().size()));
    QVERIFY(images(html) >= 4);
    // The summary's figures and insights, and every parameter.
    QVERIFY(html.contains(QStringLiteral("Insights")));
    QVERIFY(html.contains(QStringLiteral("workload.commandRate")));
    QVERIFY(html.contains(QStringLiteral("readModels.search-index.update.interval")));
    // The file's own format is not a parameter; paths stay on one line.
    QVERIFY(!html.contains(QStringLiteral("<td>schemaVersion</td>")));
    QVERIFY(!html.contains(QStringLiteral("<td>format</td>")));
    QVERIFY(html.contains(QStringLiteral("<table class=\"params\">")));
    QVERIFY(html.contains(QStringLiteral(".params td:first-child{white-space:nowrap}")));
    QVERIFY2(externalReferences(html).isEmpty(), qPrintable(externalReferences(html).join(' ')));
    // Hover texts a browser shows as they are: words, not "<b>Utilization</b><br>…".
    static const QRegularExpression title(QStringLiteral("title=\"([^\"]*)\""));
    int titles = 0;
    for (const QRegularExpressionMatch &m : title.globalMatch(html)) {
        ++titles;
        QVERIFY2(!m.captured(1).contains(QLatin1String("&lt;")), qPrintable(m.captured(1)));
    }
    QVERIFY(titles > 5);
    QVERIFY(html.contains(QStringLiteral("title=\"Utilization\n")));
    // One style sheet, the page's: the summary's restyled every table of the page.
    QCOMPARE(html.count(QStringLiteral("<style>")), 1);
}

void TestReports::recordedRunReport()
{
    auto store = openHistory(m_db);
    const std::optional<history::RunRecord> record = store->get(m_ids[1]);
    QVERIFY(record);
    RecordedRunView view(*record);
    view.resize(1400, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QString html = view.reportHtml();
    QVERIFY(html.contains(QStringLiteral("Run #%1").arg(m_ids[1])));
    // Its exports offer the model's name, the run's number and the name it was given.
    QVERIFY(!record->modelName.empty());
    QCOMPARE(record->name, std::string("batch 5 s"));
    QCOMPARE(view.exportBaseName(), QStringLiteral("%1 run %2 - batch 5 s")
                                        .arg(QString::fromStdString(record->modelName))
                                        .arg(m_ids[1]));
    // A run named as its model: the number alone tells it.
    history::RunRecord plain = *record;
    plain.name = plain.modelName;
    QCOMPARE(
        RecordedRunView(plain).exportBaseName(),
        QStringLiteral("%1 run %2").arg(QString::fromStdString(record->modelName)).arg(m_ids[1]));
    // A sweep point's name adds what follows the model's name.
    plain.name = plain.modelName + " (readModels.search-index.consumers = 8)";
    QCOMPARE(RecordedRunView(plain).exportBaseName(),
             QStringLiteral("%1 run %2 - (readModels.search-index.consumers = 8)")
                 .arg(QString::fromStdString(record->modelName))
                 .arg(m_ids[1]));
    // Its tags, in the window and in the report.
    history::RunRecord tagged = *record;
    tagged.tags = {"review", "batching"};
    RecordedRunView taggedView(tagged);
    QVERIFY(taggedView.reportHtml().contains(
        QStringLiteral("<tr><td>Tags</td><td>review, batching</td></tr>")));
    QVERIFY(taggedView.findChild<QLabel *>(QStringLiteral("recordedBanner"))
                ->text()
                .contains(QStringLiteral("Tags: review, batching")));
    QVERIFY(html.contains(QStringLiteral("batch 5 s")));
    QVERIFY(html.contains(QLatin1String("<svg")));
    QVERIFY(images(html) >= 3);
    QVERIFY(html.contains(QStringLiteral("Changed while it ran")));
    QVERIFY(html.contains(QStringLiteral("workload.commandRate = 80")));
    // The stored model's parameters: the slower batch of this run.
    QVERIFY(html.contains(
        QStringLiteral("<td>readModels.search-index.update.interval</td><td>5 s</td>")));
    QVERIFY2(externalReferences(html).isEmpty(), qPrintable(externalReferences(html).join(' ')));
    // How far it ran, which its charts no longer say.
    const QString simulated = QStringLiteral("<tr><td>Simulated</td><td>%1 of %1</td></tr>")
                                  .arg(formatSeconds(60).toHtmlEscaped());
    QVERIFY2(html.contains(simulated), qPrintable(simulated));

    // A run killed before its result: its last sample says how far it came.
    history::RunRecord killed = *record;
    killed.result.clear();
    killed.status = history::RunStatus::Interrupted;
    const Json series = Json::parse(killed.series);
    QVERIFY(series.contains("t") && !series.at("t").empty());
    const double last = series.at("t").back().get<double>();
    RecordedRunView killedView(killed);
    const QString killedHtml = killedView.reportHtml();
    QVERIFY(killedHtml.contains(
        QStringLiteral("<tr><td>Simulated</td><td>%1 of %2</td></tr>")
            .arg(formatSeconds(last).toHtmlEscaped(), formatSeconds(60).toHtmlEscaped())));
}

void TestReports::compareReport()
{
    HistoryDock *dock = m_window->historyUi()->panel();
    m_window->historyUi()->showDock();
    QTRY_VERIFY(m_window->historyUi()->model()->rowCount() >= 2);
    QSignalSpy opened(m_window->historyUi(), &HistoryUi::compareOpened);
    dock->selectIds(m_ids);
    dock->compareAction()->trigger();
    QTRY_COMPARE(opened.count(), 1);
    QPointer<CompareView> view = opened.at(0).at(0).value<CompareView *>();
    QVERIFY(view);
    const QString html = view->reportHtml();
    QVERIFY(html.contains(view->runLabel(0).toHtmlEscaped()));
    // The report offers the model's name and the runs' numbers.
    QStringList ids;
    for (const qint64 id : m_ids)
        ids << QString::number(id);
    QCOMPARE(view->exportBaseName(),
             QStringLiteral("%1 runs %2")
                 .arg(QString::fromStdString(view->runs().front().modelName),
                      ids.join(QLatin1Char('-'))));
    QVERIFY(html.contains(view->runLabel(1).toHtmlEscaped()));
    QCOMPARE(images(html), int(CompareView::ChartCount));
    // As large as a run report's charts (a card of the window's grid was 492x279),
    // and the window's cards as they were.
    static const QRegularExpression png(
        QStringLiteral(R"re(src="data:image/png;base64,([A-Za-z0-9+/=]+)")re"));
    for (const QRegularExpressionMatch &m : png.globalMatch(html)) {
        const QImage image
            = QImage::fromData(QByteArray::fromBase64(m.captured(1).toLatin1()), "PNG");
        QVERIFY2(image.width() >= 960 && image.height() >= 560,
                 qPrintable(QStringLiteral("%1x%2").arg(image.width()).arg(image.height())));
    }
    const QList<ChartCard *> cards = view->findChildren<ChartCard *>();
    QList<QSize> shown;
    for (const ChartCard *card : cards)
        shown << card->size();
    QCOMPARE(images(view->reportHtml()), int(CompareView::ChartCount));
    for (qsizetype i = 0; i < cards.size(); ++i)
        QCOMPARE(cards[i]->size(), shown[i]);
    // The first run's diagram.
    QCOMPARE(html.count(QLatin1String("<svg")), 1);
    QVERIFY(html.contains(
        QStringLiteral("The model of run %1.").arg(view->runLabel(0).toHtmlEscaped())));
    // The tables as shown: one row per key figure, the interval that differs.
    QCOMPARE(html.count(QLatin1String("<tr>")), 1 /* runs */ + 2 + 1
                                                    + view->figuresTable()->rowCount() + 1
                                                    + view->parametersTable()->rowCount());
    QVERIFY(html.contains(QStringLiteral("readModels.search-index.update.interval")));
    QVERIFY2(externalReferences(html).isEmpty(), qPrintable(externalReferences(html).join(' ')));
    // Titled after the model the runs share.
    QVERIFY2(html.contains(
                 QStringLiteral("<h1>%1: comparison of %2 runs</h1>")
                     .arg(QString::fromStdString(view->runs().front().modelName).toHtmlEscaped())
                     .arg(m_ids.size())),
             qPrintable(html.left(2000)));
    // With "Only figures that differ" ticked, the report has those rows alone, and says so.
    auto *only = view->findChild<QCheckBox *>(QStringLiteral("compareOnlyDiffering"));
    QVERIFY(only);
    only->setChecked(true);
    int shownRows = 0;
    for (int r = 0; r < view->figuresTable()->rowCount(); ++r)
        shownRows += view->figuresTable()->isRowHidden(r) ? 0 : 1;
    QVERIFY(shownRows > 0 && shownRows < view->figuresTable()->rowCount());
    const QString filtered = view->reportHtml();
    QCOMPARE(filtered.count(QLatin1String("<tr>")),
             1 + 2 + 1 + shownRows + 1 + view->parametersTable()->rowCount());
    QVERIFY(filtered.contains(only->text().toHtmlEscaped()));
    only->setChecked(false);
    delete view;
}

QTEST_MAIN(TestReports)
#include "tst_reports.moc"
