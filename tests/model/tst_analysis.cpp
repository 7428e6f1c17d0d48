// The queueing analysis behind the validator's instability warnings and the
// run summary's predictions (issue 8, bug 4): flow through the pipeline,
// utilization, Erlang C and stability.
#include <QtTest>

#include <cqrs/model/analysis.h>
#include <cqrs/model/modeljson.h>

#include <cmath>
#include <limits>

using namespace cqrs;

namespace {

// One command type into `workers` workers, one event, one streaming read
// model with one consumer: a tandem of two queues.
Model tandem(double commandRate, double handlerTime, int workers, double applyTime)
{
    Json doc = Json::parse(R"({
      "format": "cqrs-studio/model", "schemaVersion": 1, "name": "Tandem",
      "aggregates": [ { "id": "a", "instances": 1000 } ],
      "commands": [ { "id": "c", "aggregate": "a", "emits": ["e"] } ],
      "events": [ { "id": "e", "aggregate": "a" } ],
      "readModels": [ { "id": "rm", "name": "View", "subscribes": ["e"] } ],
      "queries": [ { "id": "q", "readModel": "rm" } ],
      "workload": { "duration": 600, "queryRate": 10 }
    })");
    doc["commands"][0]["handlerTime"] = {{"dist", "exponential"}, {"mean", handlerTime}};
    doc["writeSide"]["workers"] = workers;
    doc["readModels"][0]["applyTime"] = applyTime;
    doc["workload"]["commandRate"] = commandRate;
    ModelLoadResult r = modelFromJson(doc);
    if (!r.model)
        qFatal("tandem model does not load");
    return *r.model;
}

const LoadPrediction &find(const std::vector<LoadPrediction> &loads, LoadPrediction::Component component)
{
    for (const LoadPrediction &l : loads) {
        if (l.component == component)
            return l;
    }
    qFatal("no such component");
}

bool close(double a, double b, double tolerance = 1e-9)
{
    if (std::isinf(a) || std::isinf(b))
        return a == b;
    return std::fabs(a - b) <= tolerance * std::max(1.0, std::fabs(b));
}

} // namespace

class TestAnalysis : public QObject
{
    Q_OBJECT

private slots:
    void tandem_data();
    void tandem();
    void erlang_data();
    void erlang();
    void staleReads_data();
    void staleReads();
};

void TestAnalysis::tandem_data()
{
    QTest::addColumn<double>("commandRate");
    QTest::addColumn<double>("handlerTime");
    QTest::addColumn<int>("workers");
    QTest::addColumn<double>("applyTime");
    QTest::addColumn<double>("writeUtil");
    QTest::addColumn<bool>("writeUnstable");
    QTest::addColumn<double>("readRate");    // events per second reaching the read model
    QTest::addColumn<double>("readOffered"); // utilization if the write side kept up
    QTest::addColumn<double>("readUtil");
    QTest::addColumn<bool>("readUnstable");

    // The issue's case: 5,000 commands/s into 1 worker. The write side passes
    // 1 / 1 ms = 1,000/s; the read model sees 1,000 events/s, 20% busy, not 500%.
    QTest::newRow("saturated write side caps the read model")
        << 5000.0 << 0.001 << 1 << 0.001 << 5.0 << true << 1000.0 << 5.0 << 1.0 << true;
    QTest::newRow("capped read model is stable")
        << 5000.0 << 0.001 << 1 << 0.0002 << 5.0 << true << 1000.0 << 1.0 << 0.2 << false;
    QTest::newRow("more workers pass more")
        << 5000.0 << 0.001 << 2 << 0.0002 << 2.5 << true << 2000.0 << 1.0 << 0.4 << false;
    QTest::newRow("stable write side passes everything")
        << 500.0 << 0.001 << 1 << 0.0002 << 0.5 << false << 500.0 << 0.1 << 0.1 << false;
    QTest::newRow("unstable read model behind a stable write side")
        << 500.0 << 0.001 << 1 << 0.004 << 0.5 << false << 500.0 << 2.0 << 2.0 << true;
    QTest::newRow("write side exactly at capacity is unstable")
        << 1000.0 << 0.001 << 1 << 0.0002 << 1.0 << true << 1000.0 << 0.2 << 0.2 << false;
    QTest::newRow("idle model")
        << 0.0 << 0.001 << 1 << 0.001 << 0.0 << false << 0.0 << 0.0 << 0.0 << false;
}

void TestAnalysis::tandem()
{
    QFETCH(double, commandRate);
    QFETCH(double, handlerTime);
    QFETCH(int, workers);
    QFETCH(double, applyTime);
    QFETCH(double, writeUtil);
    QFETCH(bool, writeUnstable);
    QFETCH(double, readRate);
    QFETCH(double, readOffered);
    QFETCH(double, readUtil);
    QFETCH(bool, readUnstable);

    const std::vector<LoadPrediction> loads = predictLoads(::tandem(commandRate, handlerTime, workers, applyTime));
    const LoadPrediction &ws = find(loads, LoadPrediction::Component::WriteSide);
    const LoadPrediction &rm = find(loads, LoadPrediction::Component::ReadModel);
    QVERIFY2(close(ws.utilization, writeUtil), qPrintable(QString::number(ws.utilization)));
    QCOMPARE(ws.unstable(), writeUnstable);
    QVERIFY(!ws.cappedUpstream());
    if (commandRate > 0)
        QVERIFY(close(ws.capacity(), workers / handlerTime));
    QVERIFY2(close(rm.arrivalRate, readRate), qPrintable(QString::number(rm.arrivalRate)));
    QVERIFY(close(rm.offeredRate, commandRate));
    QVERIFY2(close(rm.offeredUtilization, readOffered), qPrintable(QString::number(rm.offeredUtilization)));
    QVERIFY2(close(rm.utilization, readUtil), qPrintable(QString::number(rm.utilization)));
    QCOMPARE(rm.unstable(), readUnstable);
    QCOMPARE(rm.cappedUpstream(), readRate < commandRate);
}

void TestAnalysis::erlang_data()
{
    constexpr double inf = std::numeric_limits<double>::infinity();
    QTest::addColumn<double>("lambda");
    QTest::addColumn<double>("service");
    QTest::addColumn<int>("servers");
    QTest::addColumn<double>("probability"); // P(wait)
    QTest::addColumn<double>("wait");        // mean wait in queue

    QTest::newRow("M/M/1 rho 0.5") << 0.5 << 1.0 << 1 << 0.5 << 1.0;       // rho / (mu - lambda)
    QTest::newRow("M/M/1 rho 0.9") << 9.0 << 0.1 << 1 << 0.9 << 0.9;       // 0.9 / (10 - 9)
    QTest::newRow("M/M/2 a=1") << 1.0 << 1.0 << 2 << 1.0 / 3.0 << 1.0 / 3.0;
    QTest::newRow("M/M/3 a=2") << 2.0 << 1.0 << 3 << 4.0 / 9.0 << 4.0 / 9.0; // B = 4/19, C = 4/9
    QTest::newRow("idle") << 0.0 << 1.0 << 3 << 0.0 << 0.0;
    QTest::newRow("no service time") << 5.0 << 0.0 << 1 << 0.0 << 0.0;
    QTest::newRow("at capacity") << 2.0 << 1.0 << 2 << 1.0 << inf;
    QTest::newRow("over capacity") << 5.0 << 1.0 << 2 << 1.0 << inf;
    QTest::newRow("many servers stay finite") << 900.0 << 1.0 << 1000 << -1.0 << -1.0;
}

void TestAnalysis::erlang()
{
    QFETCH(double, lambda);
    QFETCH(double, service);
    QFETCH(int, servers);
    QFETCH(double, probability);
    QFETCH(double, wait);

    const double c = erlangC(lambda, service, servers);
    const double w = erlangCWait(lambda, service, servers);
    if (probability < 0) {
        // Large c: no overflow, a tiny but valid probability.
        QVERIFY2(c >= 0 && c < 1e-3 && std::isfinite(w), qPrintable(QString::number(c)));
        return;
    }
    QVERIFY2(close(c, probability), qPrintable(QString::number(c, 'g', 12)));
    QVERIFY2(close(w, wait), qPrintable(QString::number(w, 'g', 12)));
}

void TestAnalysis::staleReads_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<qint64>("instances");
    QTest::addColumn<bool>("zipf");
    QTest::addColumn<double>("window");
    QTest::addColumn<double>("expected"); // < 0: only "above the uniform figure"

    QTest::newRow("uniform") << 100.0 << qint64(1000) << false << 1.0 << 1 - std::exp(-0.1);
    QTest::newRow("no window") << 100.0 << qint64(1000) << false << 0.0 << 0.0;
    QTest::newRow("no events") << 0.0 << qint64(1000) << false << 1.0 << 0.0;
    QTest::newRow("one key") << 2.0 << qint64(1) << false << 0.5 << 1 - std::exp(-1.0);
    QTest::newRow("zipf is staler than uniform") << 100.0 << qint64(100000) << true << 1.0 << -1.0;
}

void TestAnalysis::staleReads()
{
    QFETCH(double, rate);
    QFETCH(qint64, instances);
    QFETCH(bool, zipf);
    QFETCH(double, window);
    QFETCH(double, expected);

    KeySpec keys;
    if (zipf) {
        keys.dist = KeyDist::Zipf;
        keys.s = 1.1;
    }
    const double p = staleReadProbability(rate, instances, keys, window);
    if (expected >= 0) {
        QVERIFY2(close(p, expected), qPrintable(QString::number(p, 'g', 12)));
        return;
    }
    const double uniform = staleReadProbability(rate, instances, KeySpec{}, window);
    QVERIFY2(p > 10 * uniform && p < 1, qPrintable(QStringLiteral("%1 vs %2").arg(p).arg(uniform)));
}

QTEST_APPLESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
