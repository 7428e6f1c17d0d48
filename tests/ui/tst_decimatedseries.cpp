// Live chart series stay bounded in length however long the run, and keep their peaks.
#include "run/decimatedseries.h"

#include <QTest>
#include <algorithm>

using namespace cqrs;

class TestDecimatedSeries : public QObject
{
    Q_OBJECT

private slots:
    void decimationKeepsChartsBounded()
    {
        DecimatedSeries mean(DecimatedSeries::Merge::Mean);
        DecimatedSeries max(DecimatedSeries::Merge::Max);
        for (int i = 1; i <= 100000; ++i) {
            mean.append(i, 1.0);
            max.append(i, i == 54321 ? 1000.0 : 1.0);
        }
        QVERIFY(mean.points().size() <= DecimatedSeries::kMaxPoints);
        QVERIFY(mean.points().size() >= DecimatedSeries::kMaxPoints / 2);
        for (const QPointF &p : mean.points())
            QCOMPARE(p.y(), 1.0);
        QCOMPARE(mean.points().last().x(), 100000.0);
        // A peak survives any amount of merging in a Max series.
        double peak = 0;
        for (const QPointF &p : max.points())
            peak = std::max(peak, p.y());
        QCOMPARE(peak, 1000.0);
    }
};

QTEST_MAIN(TestDecimatedSeries)
#include "tst_decimatedseries.moc"
