// Admission bounds the memory of a run (issue 13, item 2): the predicted
// peak backlog of every stage times the engine's bytes per backlogged item
// against kMaxRunMemoryBytes. A model over it is refused with the stage, the
// figure and what to change; every shipped example and challenge (start,
// solution, each stress) stays within it. Numbers that can be infinite or
// huge never reach a message as "inf" or "1e+308".
#include "testmodels.h"

#include <QDir>
#include <QtTest>
#include <cqrs/model/analysis.h>
#include <cqrs/model/challenge.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/model/validation.h>

#include <cmath>

using namespace cqrs;

namespace {

// The model: one slow read model (100 events a second) behind up to
// 200,000 commands per second on 100,000 keys.
testing::GrowingModel slowReadModel(double duration, double commandRate)
{
    testing::GrowingModel slow(duration, commandRate);
    slow.instances = 100000;
    return slow;
}

std::string slowReadModelJson(double duration, double commandRate)
{
    return testing::growingModelJson(slowReadModel(duration, commandRate));
}

const Diagnostic *firstError(const Diagnostics &diagnostics)
{
    for (const Diagnostic &d : diagnostics)
        if (d.isError())
            return &d;
    return nullptr;
}

} // namespace

class TestMemoryBound : public QObject
{
    Q_OBJECT

private slots:
    void slowReadModelIsRefused();
    void backlogFigures();
    void outageBatchAndRebuildCount();
    void rateProfileCounts();
    void writeSideBacklog();
    void corpusFileIsRefused();
    void examplesAreAccepted_data();
    void examplesAreAccepted();
    void challengesAreAccepted_data();
    void challengesAreAccepted();
    void numbersInMessages();
    void hugeEventCountsReadWell();
    void hugeUtilizationReadsWell();
};

void TestMemoryBound::slowReadModelIsRefused()
{
    // About 6 x 10^8 expected engine events: under the event limit, so before
    // the memory bound this model was accepted and grew to gigabytes.
    const ModelLoadResult r = parseModel(slowReadModelJson(600, 200000));
    QVERIFY(!r.ok());
    const Diagnostic *error = firstError(r.diagnostics);
    QVERIFY(error);
    QCOMPARE(QString::fromStdString(error->path), QStringLiteral("/readModels/0"));
    const QString text = QString::fromStdString(error->message);
    QVERIFY2(text.startsWith("readModels.slow-view would hold about 1.2e8 unapplied events at its peak (about "),
             qPrintable(text));
    QVERIFY2(text.contains(" GB of memory"), qPrintable(text));
    QVERIFY2(text.contains("more than a run may use (2 GiB"), qPrintable(text));
    QVERIFY2(text.contains("about 100 of the 200000 events per second"), qPrintable(text));
    QVERIFY2(text.contains("add consumers") && text.contains("applyTime"), qPrintable(text));
    QVERIFY2(!text.contains("inf") && !text.contains("e+"), qPrintable(text));
}

void TestMemoryBound::backlogFigures()
{
    const JsonParseResult parsed = parseJsonText(slowReadModelJson(600, 200000));
    QVERIFY(parsed.json);
    // Build the typed model without validation's verdict getting in the way:
    // a short run of the same model loads, then the duration is changed.
    ModelLoadResult r = parseModel(slowReadModelJson(1, 200000));
    QVERIFY2(r.ok(), r.diagnostics.empty() ? "" : r.diagnostics.front().message.c_str());
    Model model = *r.model;
    model.workload.duration = 600;
    QVERIFY(expectedEngineEvents(model) <= kMaxExpectedEngineEvents);
    const std::vector<BacklogPrediction> backlogs = predictBacklogs(model);
    QCOMPARE(backlogs.size(), std::size_t(2));
    QCOMPARE(backlogs[0].component, LoadPrediction::Component::WriteSide);
    QCOMPARE(backlogs[0].items, 0.0); // 8 workers x 10 us keep up with 200,000/s
    const BacklogPrediction &view = backlogs[1];
    QCOMPARE(QString::fromStdString(view.label()), QStringLiteral("readModels.slow-view"));
    QCOMPARE(QString::fromStdString(view.path), QStringLiteral("/readModels/0"));
    // (lambda - capacity) x T = (200,000 - 100) x 600.
    QVERIFY(std::abs(view.items - 199900.0 * 600) < 1.0);
    QVERIFY(std::abs(predictedRunMemoryBytes(model) - view.items * kBytesPerBacklogItem) < 1.0);
    QVERIFY(checkRunMemory(model).has_value());
    // The short run holds 2e5 events at most: fine.
    model.workload.duration = 1;
    QVERIFY(!checkRunMemory(model).has_value());
    // Enough consumers and partitions: nothing piles up.
    model.workload.duration = 600;
    model.eventBus.partitions = 4000;
    model.readModels[0].consumers = 4000;
    QVERIFY(!checkRunMemory(model).has_value());
}

void TestMemoryBound::outageBatchAndRebuildCount()
{
    // A read model that keeps up: 1,000 events/s, 0.1 ms each.
    testing::GrowingModel quick = slowReadModel(100, 1000);
    quick.applyTime = 0.0001;
    const ModelLoadResult r = parseModel(testing::growingModelJson(quick));
    QVERIFY(r.ok());
    Model model = *r.model;
    model.workload.duration = 1e5;
    QVERIFY(!checkRunMemory(model).has_value());

    // An outage holds what arrives during it: 1,000/s for 50,000 s is 5e7 events.
    Model outage = model;
    outage.readModels[0].outages.push_back({10, 50000, Json::object()});
    BacklogPrediction b = predictBacklogs(outage)[1];
    QVERIFY(std::abs(b.outages - 5e7) < 1);
    std::optional<RunMemoryProblem> problem = checkRunMemory(outage);
    QVERIFY(problem);
    QVERIFY2(QString::fromStdString(problem->message).contains("outages"), problem->message.c_str());

    // A batch read model holds one interval's events.
    Model batch = model;
    batch.readModels[0].update.mode = UpdateMode::Batch;
    batch.readModels[0].update.interval = 20000;
    b = predictBacklogs(batch)[1];
    QVERIFY(std::abs(b.batch - 2e7) < 1);
    problem = checkRunMemory(batch);
    QVERIFY(problem);
    QVERIFY2(QString::fromStdString(problem->message).contains("update.interval"), problem->message.c_str());

    // A rebuild at t replays t x 1,000 events at 0.1 ms each; arrivals wait meanwhile.
    Model rebuild = model;
    rebuild.readModels[0].rebuilds.push_back({90000, Json::object()});
    b = predictBacklogs(rebuild)[1];
    QVERIFY(std::abs(b.rebuilds - 1000.0 * (90000 * 1000 * 0.0001)) < 1);
    QVERIFY(!checkRunMemory(rebuild).has_value()); // 9e6 items: within 2 GiB
}

void TestMemoryBound::rateProfileCounts()
{
    // 100 s at 200,000/s inside an otherwise quiet 10,000 s run: the burst
    // alone piles up about 2e7 events.
    ModelLoadResult r = parseModel(slowReadModelJson(1, 1000));
    QVERIFY(r.ok());
    Model model = *r.model;
    model.workload.duration = 10000;
    model.workload.commandRate = 50;
    model.workload.rateProfile = {{0, 1, Json::object()}, {5000, 4000, Json::object()}, {5100, 1, Json::object()}};
    const BacklogPrediction b = predictBacklogs(model)[1];
    QVERIFY2(std::abs(b.overload - 100 * (200000.0 - 100)) < 1, std::to_string(b.overload).c_str());
    QVERIFY(checkRunMemory(model).has_value());
    // A burst half as long piles up half as much.
    model.workload.rateProfile[2].at = 5050;
    QVERIFY(std::abs(predictBacklogs(model)[1].overload - 50 * (200000.0 - 100)) < 1);
}

void TestMemoryBound::writeSideBacklog()
{
    testing::GrowingModel slowHandler = slowReadModel(1, 1000);
    slowHandler.handlerTime = 0.1;
    ModelLoadResult r = parseModel(testing::growingModelJson(slowHandler));
    QVERIFY(r.ok());
    Model model = *r.model;
    model.readModels[0].applyTime = Distribution::constant(0);
    model.workload.duration = 20000;
    // 8 workers serve 80 of the 1,000 commands per second.
    const BacklogPrediction b = predictBacklogs(model)[0];
    QVERIFY(std::abs(b.items - 920.0 * 20000) < 1);
    const std::optional<RunMemoryProblem> problem = checkRunMemory(model);
    QVERIFY(problem);
    QCOMPARE(QString::fromStdString(problem->path), QStringLiteral("/writeSide"));
    QVERIFY2(QString::fromStdString(problem->message).startsWith("the write side would hold about 1.8e7 queued commands"),
             problem->message.c_str());
    QVERIFY2(QString::fromStdString(problem->message).contains("writeSide.workers"), problem->message.c_str());
}

void TestMemoryBound::corpusFileIsRefused()
{
    const ModelLoadResult r
        = loadModelFile(CQRS_SOURCE_DIR "/tests/data/bad/slow-read-model-behind-200000-commands.cqrs.json");
    QVERIFY(!r.ok());
    const Diagnostic *error = firstError(r.diagnostics);
    QVERIFY(error);
    QCOMPARE(QString::fromStdString(error->path), QStringLiteral("/readModels/0"));
    QVERIFY(QString::fromStdString(error->message).contains("readModels.slow-view would hold about"));
}

void TestMemoryBound::examplesAreAccepted_data()
{
    QTest::addColumn<QString>("path");
    for (const char *folder : {"/resources/examples", "/tests/simulator/golden"}) {
        QDir dir(QStringLiteral(CQRS_SOURCE_DIR) + folder);
        QStringList files = dir.entryList({"*.cqrs.json"}, QDir::Files, QDir::Name);
        for (const QString &sub : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            if (QFileInfo::exists(dir.filePath(sub + "/model.cqrs.json")))
                files << sub + "/model.cqrs.json";
        }
        for (const QString &file : files)
            QTest::newRow(qPrintable(QString(folder) + "/" + file)) << dir.filePath(file);
    }
    QVERIFY(QDir(CQRS_SOURCE_DIR "/resources/examples").entryList({"*.cqrs.json"}).size() >= 4);
}

void TestMemoryBound::examplesAreAccepted()
{
    QFETCH(QString, path);
    const ModelLoadResult r = loadModelFile(path.toStdString());
    QVERIFY2(r.ok(), r.diagnostics.empty() ? "" : r.diagnostics.front().located().c_str());
    QVERIFY(!checkRunMemory(*r.model).has_value());
    QVERIFY(predictedRunMemoryBytes(*r.model) < kMaxRunMemoryBytes / 4);
}

void TestMemoryBound::challengesAreAccepted_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(CQRS_SOURCE_DIR "/resources/challenges"));
    const QStringList files = dir.entryList({"*.challenge.json"}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 10);
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

void TestMemoryBound::challengesAreAccepted()
{
    QFETCH(QString, path);
    const ChallengeLoadResult loaded = loadChallengeFile(path.toStdString());
    QVERIFY2(loaded.ok(), loaded.diagnostics.empty() ? "" : loaded.diagnostics.front().located().c_str());
    const Challenge &c = *loaded.challenge;
    std::vector<std::pair<const Json *, const Model *>> answers{{&c.startDocument, &c.start}};
    if (c.solution)
        answers.emplace_back(&*c.solutionDocument, &*c.solution);
    int runs = 0;
    for (const auto &[document, model] : answers) {
        std::vector<const Stress *> stresses{nullptr};
        for (const Stress &s : c.stresses)
            stresses.push_back(&s);
        for (const Stress *stress : stresses) {
            std::string error;
            const std::optional<Json> run
                = prepareRunDocument(c, *document, *model, stress, c.judgingSeed(), &error);
            QVERIFY2(run, error.c_str());
            const ModelLoadResult r = modelFromJson(*run);
            const std::string what = (stress ? stress->id : std::string("as given")) + ": "
                                     + (r.diagnostics.empty() ? "" : r.diagnostics.front().located());
            QVERIFY2(r.ok(), what.c_str());
            QVERIFY2(!checkRunMemory(*r.model).has_value(), what.c_str());
            ++runs;
        }
    }
    QVERIFY(runs >= 1);
}

void TestMemoryBound::numbersInMessages()
{
    const double inf = std::numeric_limits<double>::infinity();
    QCOMPARE(QString::fromStdString(describeCount(inf)), QStringLiteral("infinitely many"));
    QCOMPARE(QString::fromStdString(describeCount(std::nan(""))), QStringLiteral("infinitely many"));
    QCOMPARE(QString::fromStdString(describeCount(1e308)), QStringLiteral("more than 10^18"));
    QCOMPARE(QString::fromStdString(describeCount(6.1e8)), QStringLiteral("6.1e8"));
    QCOMPARE(QString::fromStdString(describeCount(9.96e8)), QStringLiteral("1.0e9"));
    QCOMPARE(QString::fromStdString(describeCount(2e9)), QStringLiteral("2.0e9"));
    QCOMPARE(QString::fromStdString(describeCount(950)), QStringLiteral("950"));
    QCOMPARE(QString::fromStdString(describeBytes(41e9)), QStringLiteral("41 GB"));
    QCOMPARE(QString::fromStdString(describeBytes(410e9)), QStringLiteral("410 GB"));
    QCOMPARE(QString::fromStdString(describeBytes(3.1e8)), QStringLiteral("310 MB"));
    QCOMPARE(QString::fromStdString(describeBytes(2e20)), QStringLiteral("more than 10^18 bytes"));
    QCOMPARE(QString::fromStdString(describeBytes(inf)), QStringLiteral("an unbounded amount"));
}

void TestMemoryBound::hugeEventCountsReadWell()
{
    // "about inf simulated events" must never reach a user: a duration of
    // 1e300 s (and one that overflows the estimate to infinity).
    for (const char *duration : {"1e300", "1.7e308"}) {
        std::string text = slowReadModelJson(1, 1000);
        text.replace(text.find("\"duration\": 1.000000"), 20, std::string("\"duration\": ") + duration);
        const ModelLoadResult r = parseModel(text);
        QVERIFY(!r.ok());
        const Diagnostic *error = firstError(r.diagnostics);
        QVERIFY(error);
        const QString message = QString::fromStdString(error->message);
        QVERIFY2(!message.contains("inf ") && !message.contains("e+") && !message.contains("about more"),
                 qPrintable(message));
        QVERIFY2(message.contains("more than 10^18 simulated events") || message.contains("infinitely many"),
                 qPrintable(message));
    }
}

void TestMemoryBound::hugeUtilizationReadsWell()
{
    // An apply time of 1e300 s: the offered load is absurd, and the warning
    // says so in words, not "1e+304%".
    LoadPrediction p;
    p.component = LoadPrediction::Component::ReadModel;
    p.name = "UserView";
    p.utilization = 1e302;
    QCOMPARE(QString::fromStdString(p.message()),
             QStringLiteral("UserView: consumers are more than 1000000% busy; its backlog will grow without limit"));
    p.utilization = 99.5;
    QCOMPARE(QString::fromStdString(p.message()),
             QStringLiteral("UserView: consumers are 9950% busy; its backlog will grow without limit"));
    p.utilization = std::numeric_limits<double>::infinity();
    QVERIFY(QString::fromStdString(p.message()).contains("infinitely busy"));
}

QTEST_GUILESS_MAIN(TestMemoryBound)
#include "tst_memorybound.moc"
