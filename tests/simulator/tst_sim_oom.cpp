// Memory of a run (issue 13, item 2). The engine's bytes per backlogged item,
// measured with MemoryFootprint, back kBytesPerBacklogItem (the admission
// bound); and a run that runs out of memory anyway (an address-space limit
// set in the child, so the allocation really fails) ends cleanly: exit 1, a
// message that says so, no abort, no --out file and no temporary left.
#include "testmodels.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cqrs/model/modeljson.h>
#include <cqrs/model/validation.h>
#include <cqrs/sim/simulation.h>

#include <sys/resource.h>

using namespace cqrs;

namespace {

using testing::GrowingModel;
using testing::growingModelJson;
using testing::parse;

// Largest bytes per item over the run once the backlog is large: pools and
// queues grow by doubling, so the figure swings between about 1x and 2x of
// the element sizes; the largest is what admission must assume.
double measure(const Model &model, bool writeSide, double *meanOut)
{
    sim::Simulation simulation(model);
    const std::size_t baseline = simulation.memoryFootprint().bytes;
    double worst = 0, sum = 0;
    int samples = 0;
    while (simulation.step()) {
        const sim::Snapshot s = simulation.snapshot();
        const double items = writeSide ? double(s.writeQueue) : double(s.readModels.at(0).backlog);
        if (items < 50000)
            continue;
        const double bytes = double(simulation.memoryFootprint().bytes - baseline);
        worst = std::max(worst, bytes / items);
        sum += bytes / items;
        ++samples;
    }
    *meanOut = samples ? sum / samples : 0;
    return worst;
}

} // namespace

class TestSimOom : public QObject
{
    Q_OBJECT

private slots:
    void bytesPerBacklogItem();
    void runOutOfMemoryFailsCleanly();
    void failureMessages();

private:
    QString m_program = QStringLiteral(CQRS_BINARY_DIR "/app/cqrs-sim/cqrs-sim");
};

void TestSimOom::bytesPerBacklogItem()
{
    // Unapplied events of a read model: 20,000 per second for 40 s.
    double mean = 0;
    const double events = measure(parse(growingModelJson(GrowingModel(40, 20000))), false, &mean);
    qInfo("bytes per unapplied event: at most %.1f, on average %.1f", events, mean);
    // Queued commands of a saturated write side (1 worker, 10 ms each).
    GrowingModel saturated(40, 20000);
    saturated.handlerTime = 0.01;
    saturated.workers = 1;
    saturated.applyTime = 0.0;
    double meanCommands = 0;
    const double commands = measure(parse(growingModelJson(saturated)), true, &meanCommands);
    qInfo("bytes per queued command: at most %.1f, on average %.1f", commands, meanCommands);
    QVERIFY(events > 0 && commands > 0);
    QVERIFY2(events <= kBytesPerBacklogItem && commands <= kBytesPerBacklogItem,
             "kBytesPerBacklogItem is below what the engine takes: raise it");
    // And not a wild overestimate, which would refuse good models.
    QVERIFY2(std::max(events, commands) >= kBytesPerBacklogItem * 0.6,
             "kBytesPerBacklogItem is far above what the engine takes: lower it");
}

void TestSimOom::runOutOfMemoryFailsCleanly()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Accepted by admission (about 1e7 events at its peak, within 2 GiB), but
    // more than the 300 MB the child may map.
    const std::string text = growingModelJson(GrowingModel(500, 20000));
    const Model model = parse(text);
    QVERIFY(!checkRunMemory(model).has_value());
    QVERIFY(predictedRunMemoryBytes(model) > 1e9);
    const QString modelPath = dir.filePath("growing.cqrs.json");
    QFile file(modelPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text.c_str());
    file.close();
    const QString out = dir.filePath("result.json");

    QProcess process;
    process.setChildProcessModifier([] {
        struct rlimit limit{};
        limit.rlim_cur = limit.rlim_max = 300ull * 1024 * 1024;
        setrlimit(RLIMIT_AS, &limit);
    });
    process.start(m_program, {"run", modelPath, "--out", out});
    QVERIFY(process.waitForStarted(10000));
    QVERIFY2(process.waitForFinished(60000), "the run neither finished nor failed within 60 s");
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit); // no abort, no signal
    QCOMPARE(process.exitCode(), 1);
    QVERIFY2(err.contains("growing.cqrs.json: out of memory: the run needed more memory than the system "
                          "allows (it stopped at t = "),
             qPrintable(err));
    QVERIFY2(err.contains("docs/limits.md"), qPrintable(err));
    QVERIFY2(!err.contains("terminate") && !err.contains("bad_alloc"), qPrintable(err));
    QVERIFY(process.readAllStandardOutput().isEmpty());
    QVERIFY2(!QFileInfo::exists(out), "a failed run left an --out file");
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"growing.cqrs.json"});
}

void TestSimOom::failureMessages()
{
    const std::string oom = sim::describeRunFailure(std::bad_alloc(), 12.5);
    QVERIFY2(oom.starts_with("out of memory:") && oom.find("t = 12.5 s") != std::string::npos, oom.c_str());
    QVERIFY(sim::describeRunFailure(std::length_error("vector::_M_realloc_insert")).starts_with("out of memory:"));
    QCOMPARE(QString::fromStdString(sim::describeRunFailure(std::runtime_error("disk full"))), QStringLiteral("disk full"));
}

QTEST_GUILESS_MAIN(TestSimOom)
#include "tst_sim_oom.moc"
