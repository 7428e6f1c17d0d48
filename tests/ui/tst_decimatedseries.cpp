// DecimatedSeries (the live charts' points) keeps one copy of its samples and
// the top of its envelope as samples arrive, so fitting a chart's axes needs
// no second envelope of every line (issue 9, "the fitAxes envelope").
#include "cqrs/ui/run/decimatedseries.h"

#include <QtTest>
#include <algorithm>

using namespace cqrs;

class TestDecimatedSeries : public QObject
{
    Q_OBJECT

private slots:
    void maximaMatchTheEnvelope_data();
    void maximaMatchTheEnvelope();
    void emptyAndCleared();
    void decimationKeepsChartsBounded();
    void resolutionIsEvenOverTheRun();
};

void TestDecimatedSeries::maximaMatchTheEnvelope_data()
{
    QTest::addColumn<int>("merge");
    QTest::addColumn<int>("samples");
    QTest::newRow("mean, few") << int(DecimatedSeries::Merge::Mean) << 50;
    QTest::newRow("mean, merged many times") << int(DecimatedSeries::Merge::Mean) << 100000;
    QTest::newRow("max, merged many times") << int(DecimatedSeries::Merge::Max) << 100000;
}

void TestDecimatedSeries::maximaMatchTheEnvelope()
{
    QFETCH(int, merge);
    QFETCH(int, samples);
    DecimatedSeries series{DecimatedSeries::Merge(merge)};
    // A saw-tooth with one spike far from the end: merging must not lose it.
    for (int i = 0; i < samples; ++i)
        series.append(0.5 * i, i == samples / 3 ? 1000.0 : double(i % 10));
    QVERIFY(series.size() <= DecimatedSeries::kMaxPoints);
    QCOMPARE(int(series.points().size()), series.size());
    const DecimatedSeries::Envelope all = series.envelope(DecimatedSeries::kMaxPoints);
    double top = 0;
    double right = 0;
    for (const QPointF &p : all.upper) {
        top = std::max(top, p.y());
        right = std::max(right, p.x());
    }
    QCOMPARE(series.maxValue(), top);
    QCOMPARE(series.maxValue(), 1000.0);
    QCOMPARE(series.maxX(), right);
    QCOMPARE(series.maxX(), 0.5 * (samples - 1));
    // The newest sample itself (the accessible "Latest" text), not the mean
    // or peak of the newest point.
    QCOMPARE(series.last(), QPointF(0.5 * (samples - 1), double((samples - 1) % 10)));
    QCOMPARE(series.last().x(), series.points().constLast().x());
}

void TestDecimatedSeries::emptyAndCleared()
{
    DecimatedSeries series;
    QVERIFY(series.isEmpty());
    QCOMPARE(series.maxValue(), 0.0);
    series.append(1, -5);
    series.append(2, -3);
    QCOMPARE(series.maxValue(), -3.0); // the highest sample, even below zero
    QCOMPARE(series.maxX(), 2.0);
    series.clear();
    QVERIFY(series.isEmpty());
    QCOMPARE(series.size(), 0);
    QCOMPARE(series.maxValue(), 0.0);
    QCOMPARE(series.maxX(), 0.0);
}

// Live chart series stay bounded in length however long the run, and keep their peaks.
void TestDecimatedSeries::decimationKeepsChartsBounded()
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

// A long run (the netflix example: 6,300 samples, 2 s apart) keeps its
// start as finely as its end: every point but the newest stands for the
// same span. Before, each merge widened the oldest points again, and the
// first 20 minutes of the run drew as one point.
void TestDecimatedSeries::resolutionIsEvenOverTheRun()
{
    for (const int samples : {1201, 2500, 6300, 100000}) {
        DecimatedSeries series(DecimatedSeries::Merge::Max);
        for (int i = 0; i < samples; ++i)
            series.append(2.0 * (i + 1), double(i % 150));
        const QList<QPointF> points = series.points();
        QVERIFY(points.size() >= DecimatedSeries::kMaxPoints / 2);
        const double step = points[1].x() - points[0].x();
        QCOMPARE(points[0].x(), step); // the first point covers the first `step` seconds
        for (qsizetype k = 1; k + 2 < points.size(); ++k)
            QCOMPARE(points[k + 1].x() - points[k].x(), step);
        QVERIFY(points.last().x() - points[points.size() - 2].x() <= step);
        QCOMPARE(points.last().x(), 2.0 * samples);
        // The first point is the peak of its own samples only.
        QCOMPARE(points.first().y(), std::min(149.0, step / 2 - 1));
    }
}

QTEST_GUILESS_MAIN(TestDecimatedSeries)
#include "tst_decimatedseries.moc"
