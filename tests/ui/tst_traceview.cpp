// The Trace view (issue 12): swim lanes of one command's journey, the trace
// window that runs the model in the background, and Run > Trace a Command….
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/run/runui.h"
#include "testmodels.h"
#include "testtraces.h"
#include "cqrs/ui/trace/traceview.h"
#include "cqrs/ui/trace/tracewindow.h"

#include <cqrs/model/modeljson.h>
#include <cqrs/sim/simulation.h>

#include <QtTest>

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QStyle>
#include <QStyleOptionComboBox>
#include <QPushButton>
#include <QFile>
#include <QImage>
#include <QMenu>
#include <QTemporaryDir>
#include <QKeySequence>

#include <algorithm>

using namespace cqrs;

namespace {

// testmodels.h's "Trace" model: one key, constant times, a read model down
// from 20 s to 30 s, a policy, a wait-for-version follow-up and plain
// eventual reads.
using testing::traceModel;
using testing::traceOf;

bool reddish(QRgb c)
{
    return qRed(c) > 170 && qGreen(c) < 110 && qBlue(c) < 110;
}

/// Saves a picture for a person to look at when CQRS_TRACE_PNG names a folder.
void keep(const QImage &image, const char *name)
{
    const QByteArray dir = qgetenv("CQRS_TRACE_PNG");
    if (!dir.isEmpty())
        image.save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + QLatin1String(name));
}

} // namespace

class TestTraceView : public QObject
{
    Q_OBJECT

private slots:
    void emptyViewSaysWhatToDo();
    void lanesAndMarkers();
    void longNamesFit();
    void windowTracesInBackground();
    void windowSaysWhenNothingWasIssued();
    void windowFitsASmallScreen();
    void runMenuOpensTheTraceWindow();
    void exampleTrace();
};

void TestTraceView::emptyViewSaysWhatToDo()
{
    TraceView view;
    view.resize(800, 300);
    QVERIFY(!view.hasTrace());
    QVERIFY(view.lanes().empty());
    const QImage image = view.grab().toImage();
    QVERIFY(!image.isNull());
}

void TestTraceView::lanesAndMarkers()
{
    const Model m = traceModel();
    QVERIFY(!m.commands.empty());
    const sim::Trace t = traceOf(m, 20.0, "rename");
    QVERIFY(t.found && t.complete);
    QVERIFY(t.issuedAt < 30.0); // inside the outage

    TraceView view;
    view.setTrace(t);
    view.resize(1200, view.sizeHint().height());

    // Write side, the event's partition, the read model and the policy, then one lane per query.
    std::vector<TraceView::Lane::Kind> kinds;
    QStringList titles;
    for (const TraceView::Lane &lane : view.lanes()) {
        kinds.push_back(lane.kind);
        titles << lane.title;
    }
    QCOMPARE(titles.mid(0, 4), (QStringList{QStringLiteral("Write side"), QStringLiteral("Partition 0"),
                                            QStringLiteral("view"), QStringLiteral("notify")}));
    QVERIFY(kinds[0] == TraceView::Lane::Kind::WriteSide);
    QVERIFY(kinds[1] == TraceView::Lane::Kind::Partition);
    QVERIFY(kinds[2] == TraceView::Lane::Kind::Delivery);
    QVERIFY(titles.contains(QStringLiteral("Reads: get")));
    QVERIFY(titles.contains(QStringLiteral("Reads: get-wait")));
    QVERIFY2(view.lanes()[2].detail.contains(QStringLiteral("outage")), qPrintable(view.lanes()[2].detail));
    QVERIFY2(view.headline().contains(QStringLiteral("stale")), qPrintable(view.headline()));
    // Issued at the run's clock in seconds, as the time field gives it.
    const QString issued = QStringLiteral("at %1 s.").arg(QLocale().toString(view.trace().issuedAt, 'f', 3));
    QVERIFY2(view.headline().contains(issued), qPrintable(view.headline()));

    // The axis spans the journey: from the arrival to the last apply.
    QVERIFY(view.timeFrom() <= t.issuedAt);
    QVERIFY(view.timeTo() >= *t.settledAt);

    // A journey of about four minutes: its ticks in one unit at round steps
    // ("0, +50 s, +100 s, +2.5 min, +3.33 min" read as three scales).
    sim::Trace longer;
    longer.found = true;
    longer.issuedAt = 60;
    longer.settledAt = 60 + 240;
    TraceView minutes;
    minutes.setTrace(longer);
    QStringList labels;
    for (const auto &[at, label] : minutes.axisTicks())
        labels << label;
    QCOMPARE(labels, QStringList({QStringLiteral("0"), QStringLiteral("+1 min"), QStringLiteral("+2 min"),
                                  QStringLiteral("+3 min"), QStringLiteral("+4 min")}));

    const QImage image = view.grab().toImage();
    keep(image, "traceview.png");
    // Stale reads are red where they were served.
    int readsLane = -1;
    for (int i = 0; i < static_cast<int>(view.lanes().size()); ++i) {
        if (view.lanes()[static_cast<std::size_t>(i)].title == QStringLiteral("Reads: get"))
            readsLane = i;
    }
    const sim::TraceRead *stale = nullptr;
    for (const sim::TraceRead &r : t.reads) {
        if (r.query == "get" && r.stale)
            stale = &r;
    }
    QVERIFY(stale);
    const int x = static_cast<int>(std::lround(view.xOf(*stale->servedAt)));
    const int y = view.laneCenterY(readsLane) - 24 + 12 + 8 + 2; // the bar's middle, where the dots sit
    bool red = false;
    for (int dx = -2; dx <= 2 && !red; ++dx) {
        for (int dy = -2; dy <= 2 && !red; ++dy)
            red = reddish(image.pixel(x + dx, y + dy));
    }
    QVERIFY2(red, "a stale read is drawn in red");
    // The outage is shaded across the read model's lane, and the delayed wait is hatched red.
    const sim::TraceDelivery &d = t.events[0].deliveries[0];
    const int waitX = static_cast<int>((view.xOf(*d.arrivedAt) + view.xOf(*d.startedAt)) / 2);
    int redPixels = 0;
    for (int dy = -10; dy <= 10; ++dy)
        redPixels += reddish(image.pixel(waitX, view.laneCenterY(2) - 4 + dy)) ? 1 : 0;
    QVERIFY2(redPixels > 0, "the wait through the outage is drawn in red");
}

void TestTraceView::longNamesFit()
{
    // A policy's long name is not cut: the label column grows for it, up to
    // a limit beyond which a name is elided.
    const sim::Trace t = traceOf(traceModel(), 20.0, "rename");
    QVERIFY(t.found);
    const QString policy = QStringLiteral("NotifyTheCustomerWhenTheirOrderShips");
    TraceView view;
    view.setNames([&](const std::string &id) { return id == "notify" ? policy : QString::fromStdString(id); });
    view.setTrace(t);
    QFont bold = view.font();
    bold.setBold(true);
    const int needed = QFontMetrics(bold).horizontalAdvance(policy);
    QVERIFY2(needed > 220, "the name should be longer than the narrowest column");
    QVERIFY2(view.labelWidth() >= needed + 14, qPrintable(QString::number(view.labelWidth())));
    QVERIFY(view.minimumSizeHint().width() >= view.labelWidth() + 200);

    view.setNames([&](const std::string &id) {
        return id == "notify" ? policy.repeated(4) : QString::fromStdString(id);
    });
    view.setTrace(t);
    QCOMPARE(view.labelWidth(), 380);
    // Short names give a narrower column again.
    view.setNames([](const std::string &id) { return QString::fromStdString(id); });
    view.setTrace(t);
    QVERIFY2(view.labelWidth() >= 220 && view.labelWidth() < needed + 14,
             qPrintable(QString::number(view.labelWidth())));
}

void TestTraceView::windowTracesInBackground()
{
    TraceWindow window;
    window.setModel(traceModel());
    window.setRequest(QStringLiteral("rename"), 20.0);
    window.show();
    QSignalSpy ready(&window, &TraceWindow::traceReady);
    window.startTrace();
    QVERIFY(window.isRunning() || ready.count() == 1);
    QVERIFY(ready.count() == 1 || ready.wait(30000));
    QVERIFY(!window.isRunning());
    QVERIFY(window.view()->hasTrace());
    // The same journey as the engine's, with the model's seed.
    const sim::Trace expected = traceOf(traceModel(), 20.0, "rename");
    QCOMPARE(window.view()->trace().issuedAt, expected.issuedAt);
    QVERIFY(window.status().contains(QStringLiteral("Seed 11")));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trace.json"));
    QString error;
    QVERIFY2(window.saveTrace(path, &error), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll().toStdString(), sim::formatTrace(expected));
    window.resize(1300, 700);
    keep(window.grab().toImage(), "tracewindow.png");
}

void TestTraceView::windowSaysWhenNothingWasIssued()
{
    Model m = traceModel();
    m.workload.commandRate = 0;
    TraceWindow window;
    window.setModel(m);
    QSignalSpy ready(&window, &TraceWindow::traceReady);
    window.startTrace();
    QVERIFY(ready.count() == 1 || ready.wait(30000));
    QVERIFY(!window.view()->hasTrace());
    QVERIFY2(window.status().startsWith(QStringLiteral("No command was issued")), qPrintable(window.status()));
    QString error;
    QVERIFY(!window.saveTrace(QStringLiteral("/nonexistent/never.json"), &error));
}

// On a 1024x768 screen the window opened 1347 pixels wide: its fields and
// buttons in one row, the command and read model lists as wide as the
// longest name. The buttons now have a row of their own, and the lists a
// width that does not depend on the names.
void TestTraceView::windowFitsASmallScreen()
{
    Model m = traceModel();
    for (Command &c : m.commands)
        c.name = "A command whose name runs on for sixty characters, more or less";
    for (ReadModel &rm : m.readModels)
        rm.name = "A read model whose name runs on for sixty characters or so";
    TraceWindow window;
    window.setModel(m);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.minimumSizeHint().width() <= 1000, qPrintable(QString::number(window.minimumSizeHint().width())));
    // A usual name and id are shown whole ("UpdateEmail (update-email)" was cut).
    Model usual = traceModel();
    usual.commands.front().name = "UpdateEmail";
    usual.commands.front().id = "update-email";
    TraceWindow other;
    other.setModel(usual);
    other.show();
    QVERIFY(QTest::qWaitForWindowExposed(&other));
    auto *type = other.findChild<QComboBox *>(QStringLiteral("traceCommandType"));
    QVERIFY(type);
    type->setCurrentIndex(1);
    // The id only where the name does not tell it (the box cut the longer text).
    QCOMPARE(type->currentText(), QStringLiteral("UpdateEmail"));
    QVERIFY(type->minimumContentsLength() >= type->currentText().size());
    QStyleOptionComboBox option;
    option.initFrom(type);
    const QRect text = type->style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, type);
    QVERIFY2(text.width() >= type->fontMetrics().horizontalAdvance(type->currentText()),
             qPrintable(QString::number(text.width())));
    window.resize(1000, 600);
    QApplication::processEvents();
    for (QPushButton *button : window.findChildren<QPushButton *>()) {
        const QRect inWindow(button->mapTo(&window, QPoint()), button->size());
        QVERIFY2(window.rect().contains(inWindow), qPrintable(button->text()));
        QVERIFY2(button->width() >= button->sizeHint().width(), qPrintable(button->text())); // not squeezed
    }
}

void TestTraceView::runMenuOpensTheTraceWindow()
{
    MainWindow window;
    window.document()->resetModel(traceModel());
    QAction *action = window.runUi()->runMenu()->findChild<QAction *>(QStringLiteral("traceCommandAction"));
    if (!action) {
        for (QAction *a : window.runUi()->runMenu()->actions()) {
            if (a->objectName() == QLatin1String("traceCommandAction"))
                action = a;
        }
    }
    QVERIFY(action);
    QCOMPARE(action->text(), QStringLiteral("Trace a Comman&d…"));
    // Both ways into a trace have a key of their own, in no other action.
    QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+T")));
    const QList<QAction *> all = window.findChildren<QAction *>();
    for (const QString &keys : {QStringLiteral("Ctrl+T"), QStringLiteral("Ctrl+Shift+T")}) {
        const auto users = std::count_if(all.begin(), all.end(), [&keys](const QAction *a) {
            return a->shortcuts().contains(QKeySequence(keys));
        });
        QVERIFY2(users == 1, qPrintable(keys));
    }
    auto *stale = window.findChild<QAction *>(QStringLiteral("showStaleReadAction"));
    QVERIFY(stale);
    QCOMPARE(stale->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+T")));
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier);
    auto *trace = window.findChild<TraceWindow *>();
    QVERIFY(trace);
    QVERIFY(trace->isVisible());
    auto *type = trace->findChild<QComboBox *>(QStringLiteral("traceCommandType"));
    QVERIFY(type);
    QCOMPARE(type->count(), 3); // any, rename, mail
    auto *at = trace->findChild<QDoubleSpinBox *>(QStringLiteral("traceAt"));
    QCOMPARE(at->value(), 5.0); // the warm-up end
    // Typed past the run's end, the number stays as typed (a maximum at the
    // end once dropped the last key: 700 read 70), and Trace says why not.
    const double end = window.document()->model().workload.duration;
    at->clear();
    QTest::keyClicks(at, QString::number(int(end) * 10 + 7));
    QCOMPARE(at->value(), end * 10 + 7);
    trace->findChild<QPushButton *>(QStringLiteral("traceStaleRead"))->click();
    QVERIFY(!trace->isRunning());
    QVERIFY2(trace->status().contains(QStringLiteral("the run ends at")), qPrintable(trace->status()));
    // A time typed with its unit, as in the inspector; the unit half typed
    // stays on screen.
    at->selectAll();
    QTest::keyClicks(at, QStringLiteral("1500 m"));
    QVERIFY2(at->text().remove(QLatin1Char(' ')).startsWith(QStringLiteral("1500m")), qPrintable(at->text()));
    QTest::keyClicks(at, QStringLiteral("s"));
    QTest::keyClick(at, Qt::Key_Return);
    QVERIFY(at->value() == 1.5);
    at->selectAll();
    QTest::keyClicks(at, QStringLiteral("0.1 min"));
    QTest::keyClick(at, Qt::Key_Return);
    QVERIFY(at->value() == 6.0);
    // No unit starts so: the key is refused, as any spin box refuses a letter.
    at->selectAll();
    QTest::keyClicks(at, QStringLiteral("2 w"));
    QVERIFY2(!at->text().contains(QLatin1Char('w')), qPrintable(at->text()));
    QTest::keyClick(at, Qt::Key_Return);
    QVERIFY(at->value() == 2.0);
    // A second time reuses the window, the time as the user left it (it
    // went back to the warm-up's end beside the trace it no longer named).
    trace->close();
    action->trigger();
    QCOMPARE(window.findChildren<TraceWindow *>().size(), qsizetype(1));
    QVERIFY(trace->isVisible());
    QVERIFY(at->value() == 2.0);
    // Another model (an edit that changes the run) starts at the warm-up's end again.
    Model edited = window.document()->model();
    edited.workload.seed += 1;
    window.document()->resetModel(edited);
    action->trigger();
    QVERIFY(at->value() == 5.0);
    // Show Me a Stale Read searches from the warm-up's end, whatever was traced last.
    at->setValue(2.0);
    stale->trigger();
    QVERIFY(at->value() == 5.0);
    trace->cancel();
    // Ctrl+W closes it, as it does the other windows of their own.
    QApplication::setActiveWindow(trace);
    QTRY_COMPARE(QApplication::activeWindow(), trace);
    QTest::keyClick(trace->focusWidget() ? trace->focusWidget() : trace, Qt::Key_W, Qt::ControlModifier);
    QTRY_VERIFY(!trace->isVisible());
}

void TestTraceView::exampleTrace()
{
    // A shipped example: a lane per read model, the window spans drawn.
    ModelLoadResult loaded = loadModelFile(CQRS_SOURCE_DIR "/resources/examples/user-profile.cqrs.json");
    QVERIFY(loaded.ok());
    const sim::Trace t = traceOf(*loaded.model, 30.0, {});
    QVERIFY(t.found && t.complete);
    TraceView view;
    view.setTrace(t);
    view.resize(1200, view.sizeHint().height());
    std::size_t deliveries = 0;
    for (const sim::TraceEvent &e : t.events)
        deliveries += e.deliveries.size();
    std::size_t deliveryLanes = 0;
    for (const TraceView::Lane &lane : view.lanes())
        deliveryLanes += lane.kind == TraceView::Lane::Kind::Delivery ? 1 : 0;
    QCOMPARE(deliveryLanes, deliveries);
    keep(view.grab().toImage(), "traceview-user-profile.png");
}

QTEST_MAIN(TestTraceView)
#include "tst_traceview.moc"
