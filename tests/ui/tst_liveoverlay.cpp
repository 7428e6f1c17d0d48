// The canvas overlay's colours and badge text.
#include "cqrs/ui/run/liveoverlay.h"

#include <QTest>

using namespace cqrs;

class TestLiveOverlay : public QObject
{
    Q_OBJECT

private slots:
    void heatColours()
    {
        QCOMPARE(LiveOverlay::heatColor(0).name(), QStringLiteral("#2e7d32"));
        QCOMPARE(LiveOverlay::heatColor(1).name(), QStringLiteral("#c62828"));
        QCOMPARE(LiveOverlay::heatColor(5).name(), QStringLiteral("#c62828"));
        const QColor half = LiveOverlay::heatColor(0.75);
        QVERIFY(half.red() > 0xc0 && half.green() > 0x30 && half.green() < 0x8f);
        sim::ConsumerGroupSnapshot g;
        g.backlog = 12;
        g.lag = 0.4;
        g.utilization = 0.634;
        QCOMPARE(LiveOverlay::badgeText(g), QStringLiteral("12 · 0.40 s · 63%"));
        // A long outage's backlog and lag as counts and times read elsewhere
        // ("1800 s" beside the clock's "30 min").
        g.backlog = 54321;
        g.lag = 1800;
        QCOMPARE(LiveOverlay::badgeText(g), QStringLiteral("54,321 · 30 min · 63%"));
        g.lag = 99.96;
        QCOMPARE(LiveOverlay::badgeText(g), QStringLiteral("54,321 · 100 s · 63%"));
        g.down = true;
        QVERIFY(LiveOverlay::badgeText(g).startsWith(QStringLiteral("DOWN")));
    }
};

QTEST_MAIN(TestLiveOverlay)
#include "tst_liveoverlay.moc"
