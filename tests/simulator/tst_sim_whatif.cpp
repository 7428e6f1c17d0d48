// The duplicate rate changed mid-run (issue 12's duplicate storm): it acts
// from the change on, is refused out of range, and a run that sets it back to
// what it was gives exactly the bytes of a run without the change.
#include "simtestutil.h"

#include <QtTest>
#include <cqrs/sim/simulation.h>

using namespace cqrs;
using namespace cqrs::simtest;

class TestSimWhatIf : public QObject
{
    Q_OBJECT

private slots:
    void duplicateRateMidRun();
};

void TestSimWhatIf::duplicateRateMidRun()
{
    Model m = tandem(200, Distribution::exponential(0.002), 1000, 30);
    addReadModel(m, "view", Distribution::exponential(0.01), Distribution::constant(0.0005));
    const std::string plain = withoutWallClock(sim::simulate(m));

    // Up from 0 for 10 s: duplicates appear.
    {
        sim::Simulation s(m);
        s.advanceTo(10);
        std::string error;
        QVERIFY(s.setParameter("eventBus.duplicateRate", 0.5, &error));
        s.advanceTo(20);
        QVERIFY(s.setParameter("eventBus.duplicateRate", 0.0, &error));
        s.runToEnd();
        const double duplicates = num(s.result(), {"readModels", "view", "duplicates"});
        // About half of the deliveries of those 10 s (200 commands a second).
        QVERIFY2(duplicates > 500 && duplicates < 1500, qPrintable(QString::number(duplicates)));
    }
    // Out of range: refused with the path named, nothing changed.
    {
        sim::Simulation s(m);
        s.advanceTo(10);
        std::string error;
        QVERIFY(!s.setParameter("eventBus.duplicateRate", 1.5, &error));
        QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("duplicateRate")), error.c_str());
        s.runToEnd();
        QCOMPARE(withoutWallClock(s.result()), plain);
    }
    // Set to the value it has: the run is the run without a change.
    {
        sim::Simulation s(m);
        s.advanceTo(10);
        QVERIFY(s.setParameter("eventBus.duplicateRate", 0.0));
        s.runToEnd();
        QCOMPARE(withoutWallClock(s.result()), plain);
    }
}

QTEST_GUILESS_MAIN(TestSimWhatIf)
#include "tst_sim_whatif.moc"
