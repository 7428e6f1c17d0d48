// Fault and change markers (issue 12, workshop): every outage, rebuild, rate
// step and mid-run edit is drawn on every time chart (live, in pictures and
// in recorded runs) and listed with its time in the run summary.
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/history/recordedrunview.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runmarkers.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/summarywidget.h"
#include "runtestutil.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QMainWindow>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QValueAxis>
#include <algorithm>
#include <cqrs/model/modeljson.h>
#include <limits>

using namespace cqrs;

namespace {

/// user-profile for 60 s: search-index down from 10 s for 10 s, the command
/// rate doubled from 30 s on.
Model markedModel()
{
    Model model = testing::exampleModel("user-profile.cqrs.json", 60);
    model.readModel("search-index")->outages = {Outage{10, 10, Json::object()}};
    model.workload.rateProfile = {RateStep{30, 2, Json::object()}};
    return model;
}

QList<ChartsPanel::ChartId> timeCharts()
{
    QList<ChartsPanel::ChartId> ids;
    for (int id = 0; id < ChartsPanel::ChartCount; ++id) {
        if (ChartsPanel::isTimeChart(ChartsPanel::ChartId(id)))
            ids.append(ChartsPanel::ChartId(id));
    }
    return ids;
}

/// The x of time t on a card's plot, in its view's coordinates.
double viewX(ChartCard *card, double t)
{
    QChart *chart = card->chart();
    const QPointF inChart = chart->mapToPosition(QPointF(t, 0), chart->series().value(0));
    return card->view()->mapFromScene(chart->mapToScene(inChart)).x();
}

/// A chart with time 0..xMax and values 0..yMax, one flat line at `value`
/// from 0 to `lineEnd`: a plot for markers to be drawn on.
QChart *lineChart(double xMax, double yMax, double lineEnd, double value)
{
    auto *chart = new QChart;
    auto *x = new QValueAxis;
    x->setRange(0, xMax);
    auto *y = new QValueAxis;
    y->setRange(0, yMax);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    auto *series = new QLineSeries;
    series->append(0, value);
    series->append(lineEnd, value);
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
    return chart;
}

/// Whether a label as drawn is `label` cut in the middle: a beginning and an
/// end of it around "…", a few letters in all.
bool isCut(const QString &text, const QString &label)
{
    const qsizetype at = text.indexOf(QChar(0x2026));
    return at >= 0 && text.size() >= 4 && text.size() < label.size()
           && label.startsWith(text.left(at)) && label.endsWith(text.mid(at + 1));
}

} // namespace

class TestMarkers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void markersFromModel();
    void historyEditsBecomeMarkers();
    void stoppedRunDropsWhatNeverHappened();
    void liveRunMarksEveryTimeChart();
    void recordedRunShowsMarkers();
    void labelsStayBesideTheirLine();
    void aShortLabelKeepsOffAnotherLine();
    void smallChartsCutLabelsLeftOfTheLine();
    void crowdedLabelsShortenTheOneBefore();
    void lateLabelsCutAtThePlotsEdge();
    void narrowLabelsKeepTheirLastWord();
    void editMomentsReadInTheChartsUnit();
    void periodsReadInOneUnit();
    void tableTimesReadInTheirUnit();
    void toolTipsReadInTheAxisUnit();
    void distributionEditsNameEveryParameter();
};

void TestMarkers::narrowLabelsKeepTheirLastWord()
{
    // On a 1024x768 projector an outage's label was cut to "Us…wn": neither
    // what was down nor that it was. A cut keeps the last word whole: in the
    // middle while that leaves it, otherwise from the start.
    QFont font;
    font.setPixelSize(14);
    const QFontMetricsF metrics(font);
    const QString down = QStringLiteral("UserSearchIndex down");
    const QString ellipsis(QChar(0x2026));
    // Room for most of it: cut in the middle.
    const QString wide
        = ChartCard::cutMarkerLabel(metrics, down, metrics.horizontalAdvance(down) * 0.7);
    QVERIFY2(isCut(wide, down) && wide.startsWith(QStringLiteral("User"))
                 && wide.endsWith(QStringLiteral(" down")),
             qPrintable(wide));
    // Room for a few letters: the end, whole.
    for (const QString &end : {QStringLiteral("down"), QStringLiteral("x down")}) {
        const double width = metrics.horizontalAdvance(ellipsis + end) + 1;
        const QString narrow = ChartCard::cutMarkerLabel(metrics, down, width);
        QVERIFY2(narrow.endsWith(QStringLiteral("down")) && isCut(narrow, down),
                 qPrintable(narrow));
        QVERIFY(metrics.horizontalAdvance(narrow) <= width);
        // Where the middle cut would have left "…wn".
        const QString middle = metrics.elidedText(down, Qt::ElideMiddle, width);
        QVERIFY2(!middle.endsWith(QStringLiteral("down")), qPrintable(middle));
    }
    // Both ends whole words or parts of a name: "UserSea… down", not "UserSe…x down".
    for (const double share : {0.5, 0.6, 0.7, 0.8, 0.9}) {
        const QString cut
            = ChartCard::cutMarkerLabel(metrics, down, metrics.horizontalAdvance(down) * share);
        const QString end = cut.section(ellipsis, 1);
        QVERIFY2(end == QStringLiteral(" down") || end == QStringLiteral("Index down")
                     || end == QStringLiteral("SearchIndex down"),
                 qPrintable(cut + QStringLiteral(" at ") + QString::number(share)));
        QVERIFY2(cut.startsWith(QStringLiteral("Us")), qPrintable(cut));
        QVERIFY(metrics.horizontalAdvance(cut) <= metrics.horizontalAdvance(down) * share);
    }
    // The end alone from the start of a word, not from inside one ("…x down").
    QCOMPARE(ChartCard::cutMarkerLabel(
                 metrics, down, metrics.horizontalAdvance(ellipsis + QStringLiteral("x down")) + 1),
             ellipsis + QStringLiteral("down"));
    // A value keeps itself either way; a label that fits is whole.
    const QString edit = QStringLiteral("UserView consumers = 4");
    const QString cut
        = ChartCard::cutMarkerLabel(metrics, edit, metrics.horizontalAdvance(edit) * 0.6);
    QVERIFY2(isCut(cut, edit) && cut.endsWith(QStringLiteral(" 4")), qPrintable(cut));
    QCOMPARE(ChartCard::cutMarkerLabel(metrics, down, metrics.horizontalAdvance(down) + 2), down);
}

// "110 s – 2.5 min" read as two units side by side; a period is in one.
void TestMarkers::periodsReadInOneUnit()
{
    QCOMPARE(formatSecondsRange(10, 20), QStringLiteral("10 s – 20 s"));
    QCOMPARE(formatSecondsRange(110, 150), QStringLiteral("1.83 min – 2.50 min"));
    QCOMPARE(formatSecondsRange(300, 3000), QStringLiteral("5 min – 50 min"));
    QCOMPARE(formatSecondsRange(0.5, 2), QStringLiteral("0.5 s – 2.0 s"));
    // Ends of a like size with the same decimals ("80.3 s – 110 s" read as
    // if the end were rounded to ten seconds); far apart, each its own.
    QCOMPARE(formatSecondsRange(80.3, 110.27), QStringLiteral("80.3 s – 110.3 s"));
    QCOMPARE(formatSecondsRange(2.001, 1.5), QStringLiteral("2.0 s – 1.5 s"));
    QCOMPARE(formatSecondsRange(0.00123, 0.25), QStringLiteral("1.23 ms – 250 ms"));
    QCOMPARE(formatSecondsRangeInUnit(61.5, 90, 1), QStringLiteral("61.5 s – 90.0 s"));
    QCOMPARE(formatSecondsRange(0, 0.2), QStringLiteral("0 ms – 200 ms"));
    RunMarker marker;
    marker.start = 45.09780557;
    marker.end = 135.09780557;
    QCOMPARE(markerTimeText(marker), QStringLiteral("45.1 s – 135.1 s"));
}

// Sweeps' points and Compare's key figures showed times as bare seconds
// ("3,579 ± 18.5" where the history said "60 min"); they read in the unit
// formatSeconds() picks, with more digits where a difference needs them.
void TestMarkers::tableTimesReadInTheirUnit()
{
    QCOMPARE(naturalTimeUnit(3579), 60.0);
    QCOMPARE(formatSecondsInUnit(3579, naturalTimeUnit(3579)), QStringLiteral("59.7 min"));
    QCOMPARE(naturalTimeUnit(0.0104), 1e-3);
    QCOMPARE(formatSecondsInUnit(0.0104123, naturalTimeUnit(0.0104123), 5),
             QStringLiteral("10.412 ms"));
    QCOMPARE(naturalTimeUnit(0.9996), 1.0); // reads "1 s", not "1,000 ms"
    QCOMPARE(naturalTimeUnit(0), 1.0);
    QCOMPARE(formatSecondsInUnit(0, naturalTimeUnit(0)), QStringLiteral("0 s"));
    QCOMPARE(describeDistribution(Distribution{}),
             QStringLiteral("0 s")); // a node's "key-value · 0"
    QCOMPARE(naturalTimeUnit(std::numeric_limits<double>::infinity()), 1.0);
    QVERIFY(isSecondsFigure("get-user: latency p99 (s)"));
    QVERIFY(!isSecondsFigure("user-view: backlog max"));
    QCOMPARE(figureLabel("user-view: lag max (s)"), QStringLiteral("user-view: lag max"));
    QCOMPARE(figureLabel("user-view: backlog max"), QStringLiteral("user-view: backlog max"));
}

// A ten-minute run has its time axis in seconds; its marker tool tips said
// "5 min – 5.5 min" beside an axis that reads 300 and 330.
void TestMarkers::toolTipsReadInTheAxisUnit()
{
    QCOMPARE(formatSecondsInUnit(300, 1), QStringLiteral("300 s"));
    QCOMPARE(formatSecondsInUnit(5400, 3600), QStringLiteral("1.5 h"));
    QCOMPARE(formatSecondsInUnit(0, 60), QStringLiteral("0 min"));
    QCOMPARE(formatSecondsInUnit(300, 7), QStringLiteral("5 min")); // not an axis unit: its own
    // A moment of a run: in its charts' unit, but never "0.167 h".
    QCOMPARE(formatMoment(150, 600), QStringLiteral("150 s"));
    QCOMPARE(formatMoment(150, 3600), QStringLiteral("2.5 min"));
    QCOMPARE(formatMoment(600, 4 * 3600), QStringLiteral("10 min"));
    QCOMPARE(formatMoment(10, 2 * 3600), QStringLiteral("10 s")); // not "0.167 min"
    QCOMPARE(formatMoment(0, 2 * 3600), QStringLiteral("0 min"));
    QCOMPARE(formatMoment(0.4, 600), QStringLiteral("0.4 s")); // as the run bar's clock
    RunMarker outage;
    outage.kind = RunMarker::Kind::Outage;
    outage.start = 300;
    outage.end = 330;
    outage.description = QStringLiteral("Outage of UserView for 30 s");
    QCOMPARE(markerTimeText(outage), QStringLiteral("5.0 min – 5.5 min")); // the summary's own unit
    QCOMPARE(markerTimeText(outage, 1), QStringLiteral("300 s – 330 s"));
    RunMarker edit;
    edit.kind = RunMarker::Kind::Edit;
    edit.start = 450;
    edit.open = false;
    QCOMPARE(markerTimeText(edit, 1), QStringLiteral("450 s"));

    ChartsPanel panel;
    panel.beginRun(markedModel(), 600);
    panel.setMarkers({outage, edit});
    for (ChartsPanel::ChartId id : timeCharts()) {
        const QList<ChartMarker> shown = panel.card(id)->markers();
        QCOMPARE(shown.size(), 2);
        QCOMPARE(shown[0].toolTip, QStringLiteral("300 s – 330 s: Outage of UserView for 30 s"));
        QVERIFY(shown[1].toolTip.startsWith(QStringLiteral("450 s: ")));
    }
    // An hours-long run reads in hours, as its axis.
    panel.beginRun(markedModel(), 4 * 3600);
    panel.setMarkers({outage});
    QCOMPARE(panel.card(ChartsPanel::Lag)->markers().front().toolTip,
             QStringLiteral("0.0833 h – 0.0917 h: Outage of UserView for 30 s"));
}

void TestMarkers::markersFromModel()
{
    Model model = markedModel();
    model.readModel("user-view")->rebuilds = {Rebuild{5, Json::object()}};
    model.workload.rateProfile = {RateStep{0, 1, Json::object()}, RateStep{30, 2, Json::object()},
                                  RateStep{45, 2, Json::object()}, RateStep{90, 1, Json::object()}};
    RunMarkers markers;
    markers.reset(model, 60);
    // In time order; a step to the factor in force and one after the end are not changes.
    const std::vector<RunMarker> &m = markers.markers();
    QCOMPARE(m.size(), std::size_t(3));
    QCOMPARE(m[0].kind, RunMarker::Kind::Rebuild);
    QCOMPARE(m[0].start, 5.0);
    QVERIFY(m[0].open);
    // Named first, as an outage: a cut keeps what happened ("…alytics" said neither).
    QCOMPARE(m[0].label, QStringLiteral("UserView rebuild"));
    QFont font;
    font.setPixelSize(14);
    const QFontMetricsF metrics(font);
    const QString rebuild = QStringLiteral("TripAnalytics rebuild");
    const QString cut
        = ChartCard::cutMarkerLabel(metrics, rebuild, metrics.horizontalAdvance(rebuild) * 0.6);
    QVERIFY2(cut.startsWith(QStringLiteral("Tri")) && cut.endsWith(QStringLiteral(" rebuild")),
             qPrintable(cut));
    QCOMPARE(m[1].kind, RunMarker::Kind::Outage);
    QCOMPARE(m[1].start, 10.0);
    QCOMPARE(m[1].end, 20.0);
    QCOMPARE(m[1].label, QStringLiteral("UserSearchIndex down"));
    QCOMPARE(m[2].kind, RunMarker::Kind::RateChange);
    QCOMPARE(m[2].start, 30.0);
    QVERIFY(!m[2].isInterval());
    QVERIFY2(m[2].label.contains(QStringLiteral("×2")), qPrintable(m[2].label));

    // A snapshot that no longer shows the rebuild ends it there; the result gives the exact end.
    sim::Snapshot s;
    s.time = 4;
    s.readModels.resize(2);
    QVERIFY(!markers.update(s)); // before the rebuild began
    s.time = 6;
    s.readModels[0].rebuilding = true;
    QVERIFY(!markers.update(s));
    s.time = 7;
    s.readModels[0].rebuilding = false;
    QVERIFY(markers.update(s));
    QCOMPARE(markers.markers()[0].end, 7.0);
    // A damaged stored result (fields of the wrong type) is passed over, not thrown on.
    markers.applyResult(Json::parse(
        R"({"readModels":{"user-view":{"rebuilds":[{"at":"5","duration":9},{"at":5,"duration":"9"}]}}})"));
    QCOMPARE(markers.markers()[0].end, 7.0);
    Json result = Json::parse(
        R"({"readModels":{"user-view":{"rebuilds":[{"at":5,"duration":1.25,"completed":"yes"}]}}})");
    markers.applyResult(result);
    QCOMPARE(markers.markers()[0].end, 6.25);
    QVERIFY(markers.markers()[0].description.contains(formatSeconds(1.25)));
}

// A run stopped at 15 s: the rate step planned at 30 s never happened, and
// the outage from 10 to 20 s was cut at 15 (its charts showed both, their
// axis reaching out to them).
void TestMarkers::stoppedRunDropsWhatNeverHappened()
{
    Model model = markedModel();
    model.workload.rateProfile = {RateStep{30, 2, Json::object()}};
    RunMarkers markers;
    markers.reset(model, 60);
    QCOMPARE(markers.markers().size(), std::size_t(2));
    markers.addWhatIf("workload.commandRate", 12, 42, QStringLiteral("spike ×3"),
                      QStringLiteral("What if: traffic spike"));
    QCOMPARE(markers.markers().size(), std::size_t(3));
    RunMarkers whole = markers;
    whole.applyResult(Json::parse(R"({"simulatedSeconds":60})"));
    QCOMPARE(whole.markers().size(), std::size_t(3)); // ran to its end: all happened
    QCOMPARE(whole.markers()[0].end, 20.0);
    markers.applyResult(Json::parse(R"({"simulatedSeconds":15})"));
    const std::vector<RunMarker> &m = markers.markers();
    QCOMPARE(m.size(), std::size_t(2));
    QCOMPARE(m[0].kind, RunMarker::Kind::Outage);
    QCOMPARE(m[0].end, 15.0);
    QVERIFY2(m[0].description.contains(QStringLiteral("the run stopped during it")),
             qPrintable(m[0].description));
    QCOMPARE(m[1].kind, RunMarker::Kind::WhatIf); // a what-if's band too
    QCOMPARE(m[1].end, 15.0);
}

void TestMarkers::historyEditsBecomeMarkers()
{
    RunMarkers markers;
    markers.reset(markedModel(), 60);
    markers.addEdit("readModels.user-view.consumers", QStringLiteral("4"), 40);
    // The history's record of the outage the model already has is not a second one.
    markers.addEdit("readModels.search-index.outages",
                    QStringLiteral(R"([{"at":10,"duration":10},{"at":50,"duration":5}])"), 50);
    markers.addEdit("readModels.user-view.rebuilds", QStringLiteral(R"([{"at":45}])"), 45);
    const std::vector<RunMarker> &m = markers.markers();
    QCOMPARE(m.size(), std::size_t(5));
    QCOMPARE(m[2].kind, RunMarker::Kind::Edit);
    QCOMPARE(m[2].start, 40.0);
    QCOMPARE(m[2].label, QStringLiteral("UserView consumers = 4"));
    QVERIFY(m[2].description.contains(QStringLiteral("readModels.user-view.consumers")));
    QCOMPARE(m[3].kind, RunMarker::Kind::Rebuild);
    QCOMPARE(m[3].start, 45.0);
    QCOMPARE(m[4].kind, RunMarker::Kind::Outage);
    QCOMPARE(m[4].start, 50.0);
    QCOMPARE(m[4].end, 55.0);
    // Past the run's end: never reached, not marked.
    markers.addOutage("user-view", 70, 5);
    QCOMPARE(markers.markers().size(), std::size_t(5));
}

// A ten-minute run's charts count seconds: a change taken back, and the
// recorded run's list of edits, say their moments in seconds too, not
// "from 2.5 min to 3.33 min" beside an axis that reads 150 and 200.
void TestMarkers::editMomentsReadInTheChartsUnit()
{
    RunMarkers markers;
    markers.reset(markedModel(), 600);
    markers.addEdit("readModels.user-view.consumers", QStringLiteral("4"), 150,
                    QStringLiteral("1"));
    markers.addEdit("readModels.user-view.consumers", QStringLiteral("1"), 200,
                    QStringLiteral("4"));
    const std::vector<RunMarker> &m = markers.markers();
    const auto undone = std::find_if(m.begin(), m.end(), [](const RunMarker &marker) {
        return marker.kind == RunMarker::Kind::WhatIf;
    });
    QVERIFY(undone != m.end());
    QVERIFY2(undone->description.contains(QStringLiteral("from 150 s to 200 s")),
             qPrintable(undone->description));

    const std::vector<history::RunEdit> edits = {{150, "readModels.user-view.consumers", "4"}};
    QCOMPARE(describeEdits(edits, 600),
             QStringList{QStringLiteral("at 150 s: readModels.user-view.consumers = 4")});
    QCOMPARE(describeEdits(edits, 3600),
             QStringList{QStringLiteral("at 2.5 min: readModels.user-view.consumers = 4")});
}

void TestMarkers::liveRunMarksEveryTimeChart()
{
    const Model model = markedModel();
    testing::RunStudio studio(model);
    studio.showAllCharts();
    RunController *c = studio.run->controller();
    QSignalSpy paused(c, &RunController::pausedAt);
    QSignalSpy finished(c, &RunController::runFinished);
    c->setSpeed(0);
    QVERIFY(c->startPaused(model));
    c->runTo(40);
    QVERIFY(paused.wait(20000));
    QCOMPARE(c->time(), 40.0);
    studio.run->charts()->refresh();
    // While the run goes on, the model's outage and rate step are on the charts already.
    for (ChartsPanel::ChartId id : timeCharts())
        QCOMPARE(studio.run->charts()->card(id)->markers().size(), 2);

    // A mid-run edit, as the inspector makes it.
    QSignalSpy applied(c, &RunController::parameterApplied);
    studio.document.changeValue<int>(
        QStringLiteral("Consumers"), "user-view/consumers",
        ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
        [](Model &m) {
            return m.readModel("user-view") ? &m.readModel("user-view")->consumers : nullptr;
        },
        4);
    QVERIFY(applied.wait(5000));
    c->resume();
    QVERIFY(finished.wait(20000));
    QTRY_VERIFY(studio.run->summary()->run().has_value());
    ChartsPanel *charts = studio.run->charts();
    charts->refresh();
    QTest::qWait(50);

    const std::vector<RunMarker> &markers = studio.run->markers().markers();
    QCOMPARE(markers.size(), std::size_t(3));
    QCOMPARE(markers[0].kind, RunMarker::Kind::Outage);
    QCOMPARE(markers[1].kind, RunMarker::Kind::RateChange);
    QCOMPARE(markers[2].kind, RunMarker::Kind::Edit);
    QCOMPARE(markers[2].start, 40.0);

    for (ChartsPanel::ChartId id : timeCharts()) {
        ChartCard *card = charts->card(id);
        const QString name = ChartsPanel::chartKey(id);
        const QList<ChartMarker> shown = card->markers();
        QCOMPARE(shown.size(), 3);
        QVERIFY(shown[0].band);
        QCOMPARE(shown[0].x0, 10.0);
        QCOMPARE(shown[0].x1, 20.0);
        QVERIFY(!shown[1].band);
        QCOMPARE(shown[1].x0, 30.0);
        QVERIFY(!shown[2].band);
        QCOMPARE(shown[2].x0, 40.0);
        if (!card->hasData())
            continue; // a chart without data (no conflicts) draws no markers either
        // Drawn where the axis has those times: the band 10..20 s, lines at 30 and 40 s.
        const QRectF band = card->markerRect(0);
        QVERIFY2(!band.isNull(), qPrintable(name));
        QVERIFY2(std::abs(band.left() - viewX(card, 10)) <= 2, qPrintable(name));
        QVERIFY2(std::abs(band.right() - viewX(card, 20)) <= 2, qPrintable(name));
        QVERIFY2(std::abs(card->markerRect(1).center().x() - viewX(card, 30)) <= 2,
                 qPrintable(name));
        QVERIFY2(std::abs(card->markerRect(2).center().x() - viewX(card, 40)) <= 2,
                 qPrintable(name));
        QVERIFY2(card->markerLabelRect(0).isValid(), qPrintable(name));
        QVERIFY(card->markerLineWidth() >= 2);
    }
    for (ChartsPanel::ChartId id : {ChartsPanel::Histogram, ChartsPanel::Cdf})
        QVERIFY(charts->card(id)->markers().isEmpty());

    // The band is really painted: the outage's middle is tinted red on the backlog chart.
    ChartCard *backlog = charts->card(ChartsPanel::Backlog);
    const QImage image = backlog->view()->grab().toImage();
    const QRectF band = backlog->markerRect(0);
    int reddish = 0;
    for (int i = 1; i <= 9; ++i) {
        const QColor pixel = image.pixelColor(
            QPoint(int(band.center().x()), int(band.top() + band.height() * i / 10)));
        if (pixel.red() > pixel.blue() + 8 && pixel.red() > pixel.green() + 8)
            ++reddish;
    }
    QVERIFY2(reddish >= 5, qPrintable(QString::number(reddish)));

    // A picture of the charts carries them too.
    const std::unique_ptr<QWidget> picture = charts->makePicture({ChartsPanel::Backlog});
    const QList<ChartCard *> pictureCards = picture->findChildren<ChartCard *>();
    QCOMPARE(pictureCards.size(), 1);
    QCOMPARE(pictureCards[0]->markers(), backlog->markers());

    // The summary lists them with their times.
    const QString text = studio.run->summary()->plainText();
    QVERIFY2(text.contains(QStringLiteral("Faults and changes")), qPrintable(text));
    const QString outage = QStringLiteral("%1 – %2").arg(formatSeconds(10), formatSeconds(20));
    QVERIFY2(text.contains(outage), qPrintable(text));
    const qsizetype at = text.indexOf(QStringLiteral("Faults and changes"));
    const QString list = text.mid(at);
    QVERIFY2(
        list.contains(QStringLiteral("Outage of UserSearchIndex for %1").arg(formatSeconds(10))),
        qPrintable(list));
    QVERIFY2(list.contains(formatSeconds(30)), qPrintable(list));
    QVERIFY2(list.contains(QStringLiteral("Command rate ×2")), qPrintable(list));
    QVERIFY2(list.contains(formatSeconds(40)), qPrintable(list));
    QVERIFY2(list.contains(QStringLiteral("Changed readModels.user-view.consumers to 4")),
             qPrintable(list));
    // In time order.
    QVERIFY(list.indexOf(QStringLiteral("Outage")) < list.indexOf(QStringLiteral("Command rate")));
    QVERIFY(list.indexOf(QStringLiteral("Command rate")) < list.indexOf(QStringLiteral("Changed")));

    // Reset: no markers left on any chart.
    c->reset();
    for (ChartsPanel::ChartId id : timeCharts())
        QVERIFY(charts->card(id)->markers().isEmpty());
}

void TestMarkers::recordedRunShowsMarkers()
{
    Model model = markedModel();
    model.workload.duration = 30;
    history::RunRecord record;
    record.id = 7;
    record.name = "marked";
    record.modelName = model.name;
    record.status = history::RunStatus::Finished;
    record.modelJson = serializeModel(model);
    record.edits = {{12, "readModels.user-view.consumers", "3"},
                    {15, "readModels.user-view.rebuilds", R"([{"at":15}])"}};
    Json result = Json::parse(
        R"({"simulatedSeconds":30,"readModels":{"user-view":{"rebuilds":[{"at":15,"duration":2.5,"completed":true}]}}})");
    record.result = result.dump();
    RecordedRunView view(record);
    view.resize(1400, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const std::vector<RunMarker> &markers = view.charts()->markers();
    QCOMPARE(markers.size(), std::size_t(3));
    QCOMPARE(markers[0].kind, RunMarker::Kind::Outage);
    QCOMPARE(markers[1].kind, RunMarker::Kind::Edit);
    QCOMPARE(markers[1].start, 12.0);
    QCOMPARE(markers[2].kind, RunMarker::Kind::Rebuild);
    QCOMPARE(markers[2].end, 17.5);
    for (ChartsPanel::ChartId id : timeCharts())
        QCOMPARE(view.charts()->card(id)->markers().size(), 3);
    // The picture (the report's charts) names the lines the card names: the
    // recorded series lack p95, and the report's legend listed it anyway.
    {
        const std::unique_ptr<QWidget> picture = view.charts()->makePicture({ChartsPanel::Window});
        const QList<ChartLegend *> legends = picture->findChildren<ChartLegend *>();
        QCOMPARE(legends.size(), qsizetype(1));
        const ChartLegend *card = view.charts()->card(ChartsPanel::Window)->legend();
        QCOMPARE(legends.front()->entryCount(), card->entryCount());
        for (int i = 0; i < card->entryCount(); ++i)
            QVERIFY(legends.front()->entryText(i) != QStringLiteral("p95"));
    }
    // Esc: an enlarged chart goes back to the grid first, with the focus
    // anywhere in the window; the next Esc closes the window.
    {
        auto *escaping = new RecordedRunView(record); // deletes itself on close
        QPointer<RecordedRunView> alive(escaping);
        escaping->show();
        QVERIFY(QTest::qWaitForWindowExposed(escaping));
        escaping->charts()->setEnlarged(ChartsPanel::Lag);
        escaping->summary()->setFocus();
        QTest::keyClick(escaping->summary(), Qt::Key_Escape);
        QVERIFY(alive && escaping->isVisible());
        QCOMPARE(escaping->charts()->enlargedChart(), -1);
        QTest::keyClick(escaping->summary(), Qt::Key_Escape);
        QTRY_VERIFY(!alive);
    }
    const QString text = view.summary()->plainText();
    QVERIFY2(text.contains(QStringLiteral("Rebuild of UserView took %1").arg(formatSeconds(2.5))),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Changed readModels.user-view.consumers to 3")),
             qPrintable(text));

    // A stored result with fields of the wrong type opens (the summary says
    // where it is damaged) instead of ending the application.
    record.result
        = R"({"simulatedSeconds":"thirty","readModels":{"user-view":{"rebuilds":[{"at":"15","duration":2.5,"completed":1}]}}})";
    RecordedRunView damaged(record);
    QCOMPARE(damaged.charts()->markers().size(), std::size_t(3));
    QVERIFY(damaged.charts()->markers()[2].open);
    QVERIFY(!damaged.banner()->text().contains(QStringLiteral("The stored series cannot be read")));

    // A result and series that are not JSON at all (changed outside the
    // application): the banner says so, instead of "no result was stored"
    // above empty charts.
    record.result = "{\"simulatedSeconds\": 30, \"readModels\": {";
    record.series = "{\"t\": [1, 2";
    RecordedRunView unreadable(record);
    const QString banner = unreadable.banner()->text();
    QVERIFY2(banner.contains(
                 QStringLiteral("The stored result cannot be read: it is not a JSON object.")),
             qPrintable(banner));
    QVERIFY2(banner.contains(
                 QStringLiteral("The stored series cannot be read: they are not a JSON object.")),
             qPrintable(banner));
    QVERIFY2(!banner.contains(QStringLiteral("No result was stored")), qPrintable(banner));
    QCOMPARE(unreadable.charts()->markers().size(), std::size_t(3));
    QVERIFY(unreadable.charts()
                ->markers()[2]
                .open); // the result that would end the rebuild is unreadable
    // JSON, but not a result or series.
    record.result = "[30]";
    record.series = "null";
    RecordedRunView notObjects(record);
    QVERIFY(notObjects.banner()->text().contains(
        QStringLiteral("The stored result cannot be read: it is not")));
    QVERIFY(notObjects.banner()->text().contains(
        QStringLiteral("The stored series cannot be read: they are not")));
    // A run that stored nothing still says so.
    record.result.clear();
    record.series.clear();
    RecordedRunView empty(record);
    QVERIFY(
        empty.banner()->text().contains(QStringLiteral("No result was stored: the run finished")));
    QVERIFY(!empty.banner()->text().contains(QStringLiteral("cannot be read")));
    // Its summary says so too, not the live one's "When a run ends … (Run:
    // F5)" (this window runs nothing).
    const QString said = empty.summary()->plainText();
    QVERIFY2(said.contains(QStringLiteral("No result was stored"))
                 && said.contains(QStringLiteral("Open This Model"))
                 && !said.contains(QStringLiteral("F5")),
             qPrintable(said));
    // A damaged result: the same, with the reason.
    QVERIFY(notObjects.summary()->plainText().contains(
        QStringLiteral("The stored result cannot be read.")));
}

// A label goes right of its line, or left of it when there is no room; a
// marker on the plot's right edge (an outage starting where the axis ends)
// has none, instead of a label pushed in beside other markers.
void TestMarkers::labelsStayBesideTheirLine()
{
    QChart *chart = lineChart(300, 1, 300, 0.5);
    ChartCard card(chart, ChartCard::Mode::Clean);
    card.resize(640, 360);
    card.show();
    QVERIFY(QTest::qWaitForWindowExposed(&card));
    const QColor red(0xc6, 0x28, 0x28);
    card.setMarkers({{10, 20, true, QStringLiteral("early down"), {}, red},
                     {290, 290, false, QStringLiteral("late change near the end"), {}, red},
                     {300, 330, true, QStringLiteral("down at the end"), {}, red}});
    QTest::qWait(50);
    const QRectF plot = chart->plotArea();
    const double at10 = plot.left() + 10.0 / 300 * plot.width();
    const double at290 = plot.left() + 290.0 / 300 * plot.width();
    QVERIFY(card.markerLabelRect(0).isValid());
    QVERIFY(card.markerLabelRect(0).left() >= at10); // right of its line
    QVERIFY(card.markerLabelRect(1).isValid());
    QVERIFY(card.markerLabelRect(1).right() <= at290); // no room right: left of it
    QVERIFY(!card.markerLabelRect(2).isValid());       // on the edge: no label
}

// Presenting at 1024x768: a small chart, large letters, an outage near the
// plot's right edge. Its label fitted neither whole left of the line nor cut
// right of it, and the chart had no label for it at all.
void TestMarkers::smallChartsCutLabelsLeftOfTheLine()
{
    QChart *chart = lineChart(200, 1, 140, 0.5);
    ChartCard card(chart, ChartCard::Mode::Clean);
    card.resize(260, 240);
    card.setMarkerScale(2);
    card.show();
    QVERIFY(QTest::qWaitForWindowExposed(&card));
    const QColor red(0xc6, 0x28, 0x28);
    const QString down = QStringLiteral("UserSearchIndex down");
    card.setMarkers({{190, 200, true, down, down, red}});
    QTest::qWait(50);
    const QRectF plot = card.view()
                            ->mapFromScene(card.chart()->mapToScene(card.chart()->plotArea()))
                            .boundingRect();
    const double line = card.markerRect(0).left();
    const QFontMetricsF metrics(card.markerLabelFont());
    // The case: no room right for a few letters, no room left for all of it.
    QVERIFY(plot.right() - line < metrics.horizontalAdvance(QStringLiteral("Mmm…")) + 16);
    QVERIFY(line - plot.left() < metrics.horizontalAdvance(down) + 16);
    const QRectF rect = card.markerLabelRect(0);
    QVERIFY(rect.isValid());
    QVERIFY2(rect.right() <= line + 1,
             qPrintable(QStringLiteral("%1 %2").arg(rect.right()).arg(line)));
    QVERIFY(plot.adjusted(-1, -1, 1, 1).contains(rect));
    QVERIFY2(isCut(card.markerLabelText(0), down), qPrintable(card.markerLabelText(0)));
}

// Presenting: a rate step back near the right edge, whose short label had
// a few pixels too few right of its line. Whole left of it, "rate ×1" sat
// over the line where the rate went ×4 and read as that one's: it is cut
// right of its own line instead.
void TestMarkers::aShortLabelKeepsOffAnotherLine()
{
    for (const int width : {380, 440}) {
        QChart *chart = lineChart(300, 1, 300, 0.5);
        ChartCard card(chart, ChartCard::Mode::Clean);
        card.resize(width, 380);
        card.setPresenting(true, 1.0);
        card.show();
        QVERIFY(QTest::qWaitForWindowExposed(&card));
        const QColor purple(0x6a, 0x1b, 0x9a);
        card.setMarkers({{120, 120, false, QStringLiteral("rate ×4"), {}, purple},
                         {180, 180, false, QStringLiteral("rate ×1"), {}, purple}});
        QTest::qWait(50);
        const QRectF plot = card.view()
                                ->mapFromScene(card.chart()->mapToScene(card.chart()->plotArea()))
                                .boundingRect();
        const double first = card.markerRect(0).left();
        const double second = card.markerRect(1).left();
        // The case: the whole label has no room right of its line, and fits left of it.
        const double whole
            = QFontMetricsF(card.markerLabelFont()).horizontalAdvance(QStringLiteral("rate ×1"))
              + 8 * card.markerScale();
        if (plot.right() - 1 - (second + 3 * card.markerScale()) >= whole
            || second - plot.left() <= whole)
            QSKIP("This font's letters do not make the case: the label fits right of its line.");
        QVERIFY(card.markerLabelRect(0).left() >= first);
        const QRectF rect = card.markerLabelRect(1);
        QVERIFY2(rect.isValid() && rect.left() >= second && rect.left() > first,
                 qPrintable(QStringLiteral("%1: label at %2, lines at %3 and %4")
                                .arg(width)
                                .arg(rect.left())
                                .arg(first)
                                .arg(second)));
        QVERIFY(plot.adjusted(-1, -1, 1, 1).contains(rect));
        QVERIFY2(card.markerLabelText(1).endsWith(QStringLiteral("×1")),
                 qPrintable(card.markerLabelText(1)));
    }
}

// Four changes close together: the three label rows are taken where the
// fourth stands, so the label before it in one row is shortened to make room
// (its tooltip still tells it whole). Markers a few pixels apart leave too
// little of the label before to be worth it: the fourth then has none.
void TestMarkers::crowdedLabelsShortenTheOneBefore()
{
    QChart *chart = lineChart(300, 1, 300, 0.5);
    ChartCard card(chart, ChartCard::Mode::Clean);
    card.resize(640, 360);
    card.show();
    QVERIFY(QTest::qWaitForWindowExposed(&card));
    const QColor green(0x00, 0x69, 0x5c);
    const QStringList labels{
        QStringLiteral("Catalog consumers = 4"), QStringLiteral("Catalog batchInterval = 2 s"),
        QStringLiteral("Search consumers = 2"), QStringLiteral("Search applyTime = 0.05 s")};
    const auto markersAt = [&](const QList<double> &times) {
        QList<ChartMarker> markers;
        for (int i = 0; i < times.size(); ++i)
            markers.append({times[i], times[i], false, labels[i], labels[i], green});
        return markers;
    };
    card.setMarkers(markersAt({100, 115, 130, 145}));
    QTest::qWait(50);
    QList<QRectF> rects;
    for (int i = 0; i < 4; ++i) {
        rects.append(card.markerLabelRect(i));
        QVERIFY2(rects[i].isValid(), qPrintable(QString::number(i)));
    }
    for (int i = 0; i < 4; ++i) {
        for (int j = i + 1; j < 4; ++j)
            QVERIFY2(!rects[i].intersects(rects[j]),
                     qPrintable(QStringLiteral("%1 %2").arg(i).arg(j)));
    }
    QCOMPARE(card.markerLabelText(3), labels[3]);
    int shortened = 0;
    for (int i = 0; i < 3; ++i) {
        const QString text = card.markerLabelText(i);
        if (text == labels[i])
            continue;
        ++shortened;
        QVERIFY2(isCut(text, labels[i]), qPrintable(text));
    }
    QCOMPARE(shortened, 1);

    card.setMarkers(markersAt({100, 101, 102, 103}));
    QTest::qWait(50);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(card.markerLabelText(i), labels[i]);
    QVERIFY(!card.markerLabelRect(3).isValid());
    QVERIFY(card.markerLabelText(3).isEmpty());
}

// Seen in a 1366x768 window: two outages and three edits of a 500 s axis,
// the last four past 260 s. The labels with no room right of their line went
// left of it while rows were free there, and the last two got none. Now a
// label that fits neither side is cut at the plot's right edge.
void TestMarkers::lateLabelsCutAtThePlotsEdge()
{
    QChart *chart = lineChart(500, 3, 470, 1);
    ChartCard card(chart, ChartCard::Mode::Clean);
    card.resize(640, 300);
    card.show();
    QVERIFY(QTest::qWaitForWindowExposed(&card));
    const QColor red(0xc6, 0x28, 0x28);
    const QColor green(0x00, 0x69, 0x5c);
    const QString down = QStringLiteral("UserSearchIndex down");
    const QList<ChartMarker> markers{
        {120, 150, true, down, down, red},
        {265, 265, false, QStringLiteral("UserView consumers = 4"), {}, green},
        {292, 292, false, QStringLiteral("UserView consumers = 1"), {}, green},
        {300, 330, true, down, down, red},
        {322, 322, false, QStringLiteral("UserView delay = lognormal 0.3 s"), {}, green}};
    card.setMarkers(markers);
    QTest::qWait(50);
    const QRectF plot = card.view()
                            ->mapFromScene(card.chart()->mapToScene(card.chart()->plotArea()))
                            .boundingRect();
    QList<QRectF> rects;
    for (int i = 0; i < markers.size(); ++i) {
        rects.append(card.markerLabelRect(i));
        const QString text = card.markerLabelText(i);
        // The last has no room left but what the outage's label before it
        // would lose: it goes without ("U… down" beside it told no one which
        // read model was down); its tool tip still names it.
        if (i == 4 && !rects[i].isValid()) {
            QVERIFY(text.isEmpty());
            continue;
        }
        QVERIFY2(rects[i].isValid(), qPrintable(QString::number(i)));
        QVERIFY2(text == markers[i].label || isCut(text, markers[i].label), qPrintable(text));
        // A cut keeps at least four letters of the name.
        QVERIFY2(text == markers[i].label || text.startsWith(markers[i].label.left(4)),
                 qPrintable(text));
        QVERIFY2(plot.adjusted(-1, -1, 1, 1).contains(rects[i]), qPrintable(QString::number(i)));
    }
    for (int i = 0; i < rects.size(); ++i) {
        for (int j = i + 1; j < rects.size(); ++j)
            QVERIFY2(!rects[i].isValid() || !rects[j].isValid() || !rects[i].intersects(rects[j]),
                     qPrintable(QStringLiteral("%1 %2").arg(i).arg(j)));
    }
    // The last edits stand right of their lines: whole, or cut in the middle
    // at the plot's edge ("UserView con… = 1"), not across the lines before them.
    for (int i : {2, 4}) {
        if (rects[i].isValid())
            QVERIFY2(rects[i].left() >= card.markerRect(i).left(), qPrintable(QString::number(i)));
    }
    QCOMPARE(card.markerLabelText(3), markers[3].label); // not cut to "U… down"

    // With the room for it (a wider chart), the last is cut in the middle at
    // the plot's edge ("UserView del…normal 0.3 s").
    card.resize(900, 300);
    QTest::qWait(50);
    QVERIFY(card.markerLabelRect(4).isValid());
    QVERIFY2(card.markerLabelText(4) == markers[4].label
                 || card.markerLabelText(4).endsWith(QStringLiteral("0.3 s")),
             qPrintable(card.markerLabelText(4)));
}

// A p99 changed from 0.5 s to 3 s marked the charts "UserView update.delay
// = lognormal 50 ms": the median, which had not changed, and not the p99.
void TestMarkers::distributionEditsNameEveryParameter()
{
    const auto nameOf = [](const std::string &id) {
        return QString::fromStdString(id == "user-view" ? "UserView" : id);
    };
    QCOMPARE(editText("readModels.user-view.update.delay",
                      Json::parse(R"({"dist":"lognormal","median":0.05,"p99":3})"), nameOf),
             QStringLiteral("UserView update.delay = lognormal 50 ms, p99 3 s"));
    QCOMPARE(editText("readModels.user-view.apply",
                      Json::parse(R"({"dist":"normal","mean":1,"stddev":0.2})"), nameOf),
             QStringLiteral("UserView apply = normal 1 s, sd 200 ms"));
    QCOMPARE(editText("readModels.user-view.apply",
                      Json::parse(R"({"dist":"uniform","min":1,"max":2})"), nameOf),
             QStringLiteral("UserView apply = uniform 1 s – 2 s"));
    QCOMPARE(editText("readModels.user-view.apply",
                      Json::parse(R"({"dist":"exponential","mean":0.002})"), nameOf),
             QStringLiteral("UserView apply = exponential 2 ms"));
    QCOMPARE(editText("readModels.user-view.apply",
                      Json::parse(R"({"dist":"constant","value":0.3})"), nameOf),
             QStringLiteral("UserView apply = constant 300 ms"));
    // The model-wide fields by the inspector's names, with their units: the
    // end of a traffic spike said "workload.commandRate = 20 from t = 70 s".
    QCOMPARE(editText("workload.commandRate", Json(20), nameOf),
             QStringLiteral("command rate = 20/s"));
    QCOMPARE(editText("workload.queryRate", Json(7.5), nameOf),
             QStringLiteral("query rate = 7.5/s"));
    QCOMPARE(editText("eventBus.duplicateRate", Json(0.25), nameOf),
             QStringLiteral("duplicate rate = 25%"));
    QCOMPARE(editText("eventBus.duplicateRate", Json(0.0005), nameOf),
             QStringLiteral("duplicate rate = 0.05%"));
    QCOMPARE(editText("writeSide.workers", Json(4), nameOf),
             QStringLiteral("write-side workers = 4"));
    QCOMPARE(editText("eventBus.partitions", Json(12), nameOf), QStringLiteral("partitions = 12"));
}

QTEST_MAIN(TestMarkers)
#include "tst_markers.moc"
