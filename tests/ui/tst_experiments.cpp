// "Things to try" (issue 8): each example's experiments, next to the canvas,
// applied with one click as one undoable edit, exactly as `cqrs-sim run --set`.
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/shell/experimentspanel.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/shell/userguide.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>
#include <QUndoStack>
#include <cqrs/model/modeljson.h>

using namespace cqrs;

namespace {

std::string resourceText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

} // namespace

class TestExperiments : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("cqrs-studio-tests");
        QApplication::setApplicationName("tst_experiments");
        QSettings().clear();
    }

    void applyIsTheCliSetAndUndoRestores_data();
    void applyIsTheCliSetAndUndoRestores();
    void panelFollowsTheDocument();
    void refusedExperimentChangesNothing();
};

void TestExperiments::applyIsTheCliSetAndUndoRestores_data()
{
    QTest::addColumn<QString>("example");
    for (const char *name : {"user-profile", "netflix-viewing", "amazon-orders", "uber-trips"})
        QTest::newRow(name) << QStringLiteral(":/examples/%1.cqrs.json").arg(QLatin1String(name));
}

void TestExperiments::applyIsTheCliSetAndUndoRestores()
{
    QFETCH(QString, example);
    MainWindow window;
    window.show();
    QVERIFY(window.fileController()->openExample(example));
    auto *panel = window.findChild<ExperimentsPanel *>();
    QVERIFY(panel);
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("experimentsDock"));
    QVERIFY(dock && dock->isVisible());
    const Model original = window.document()->model();
    QVERIFY(original.experiments.size() >= 3);
    QCOMPARE(panel->count(), int(original.experiments.size()));
    const std::string originalBytes = serializeModel(original);

    // The file as shipped (the CLI reads it without the editor's layout of unplaced nodes).
    const std::string text = resourceText(example);
    for (int i = 0; i < int(original.experiments.size()); ++i) {
        const Experiment &e = original.experiments[std::size_t(i)];
        // What `cqrs-sim run FILE --set PATH=VALUE ...` runs.
        Json document = Json::parse(text);
        document["diagram"] = modelToJson(original)["diagram"];
        std::string error;
        for (const auto &[path, value] : e.set)
            QVERIFY2(applySetOverride(document, path + "=" + value.dump(), &error), error.c_str());
        const ModelLoadResult cli = modelFromJson(document);
        QVERIFY2(cli.ok(), e.title.c_str());

        // One click.
        auto *button = panel->findChild<QPushButton *>(QStringLiteral("applyExperiment%1").arg(i));
        QVERIFY2(button, e.title.c_str());
        auto *mark = panel->findChild<QLabel *>(QStringLiteral("experimentApplied%1").arg(i));
        QVERIFY(mark);
        QTRY_VERIFY2(button->isEnabled() && mark->isHidden(), e.title.c_str());
        const int steps = window.document()->undoStack()->index();
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(window.document()->undoStack()->index(), steps + 1);
        QVERIFY2(window.document()->model() == *cli.model, e.title.c_str());
        QVERIFY(window.document()->isModified());
        // The card says so: its values are in the model, Apply has nothing left to do.
        QTRY_VERIFY2(!button->isEnabled() && !mark->isHidden(), e.title.c_str());

        // Undo restores the model to the byte, and the card's Apply.
        window.document()->undoStack()->undo();
        QCOMPARE(serializeModel(window.document()->model()), originalBytes);
        QTRY_VERIFY2(button->isEnabled() && mark->isHidden(), e.title.c_str());
        // Redo applies it again; undo once more for the next experiment.
        window.document()->undoStack()->redo();
        QVERIFY(window.document()->model() == *cli.model);
        window.document()->undoStack()->undo();
    }
}

void TestExperiments::panelFollowsTheDocument()
{
    MainWindow window;
    window.show();
    QVERIFY(
        window.fileController()->openExample(QStringLiteral(":/examples/user-profile.cqrs.json")));
    auto *panel = window.findChild<ExperimentsPanel *>();
    QVERIFY(panel);
    QTRY_COMPARE(int(panel->findChildren<QPushButton *>().size()),
                 int(window.document()->model().experiments.size()));

    // A model without experiments says how to add some.
    Model empty;
    empty.name = "Untitled";
    window.document()->resetModel(empty);
    QCOMPARE(panel->count(), 0);
    QTRY_COMPARE(int(panel->findChildren<QPushButton *>().size()), 0);
    auto *hint = panel->findChild<QLabel *>(QStringLiteral("experimentsEmpty"));
    QVERIFY(hint && hint->isVisible());
    // Its link opens the User Guide where experiments are explained.
    QVERIFY2(hint->text().contains(QStringLiteral("href=\"concepts.md\"")),
             qPrintable(hint->text()));
    emit hint->linkActivated(QStringLiteral("concepts.md"));
    auto *guide = window.findChild<UserGuideWindow *>();
    QVERIFY(guide);
    QTRY_VERIFY(guide->isVisible());
    QCOMPARE(guide->currentPage(), QStringLiteral("concepts.md"));
    QVERIFY2(
        guide->browser()->textCursor().selectedText().startsWith(QStringLiteral("Things to try")),
        qPrintable(guide->browser()->textCursor().selectedText()));
    const QRect place = guide->browser()->cursorRect();
    QVERIFY2(guide->browser()->viewport()->rect().contains(place), "the heading is in view");
    guide->close();

    QVERIFY(window.fileController()->openExample(
        QStringLiteral(":/examples/netflix-viewing.cqrs.json")));
    QTRY_COMPARE(int(panel->findChildren<QPushButton *>().size()),
                 int(window.document()->model().experiments.size()));
    QVERIFY(!hint->isVisible());
    window.resize(1600, 1000);
    QTest::qWait(100);
    QDir().mkpath(QStringLiteral(CQRS_BINARY_DIR "/screenshots"));
    window.findChild<QDockWidget *>(QStringLiteral("experimentsDock"))
        ->grab()
        .save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/things-to-try.png"));
    window.grab().save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/things-to-try-window.png"));

    // Scrolled down, then another model: its list from the top (it opened
    // mid-list, on a card cut in half).
    auto *scroll = panel->findChild<QScrollArea *>();
    QVERIFY(scroll);
    QTRY_VERIFY(scroll->verticalScrollBar()->maximum() > 0);
    scroll->verticalScrollBar()->setValue(scroll->verticalScrollBar()->maximum());
    QVERIFY(scroll->verticalScrollBar()->value() > 0);
    QVERIFY(
        window.fileController()->openExample(QStringLiteral(":/examples/user-profile.cqrs.json")));
    QTRY_COMPARE(int(panel->findChildren<QPushButton *>().size()),
                 int(window.document()->model().experiments.size()));
    QCOMPARE(scroll->verticalScrollBar()->value(), 0);

    // An element renamed: its cards show the paths with the new id (what
    // --set on the command line needs), and Undo brings the old ones back.
    const auto cardTexts = [panel] {
        QString all;
        for (const QLabel *label : panel->findChildren<QLabel *>()) {
            if (label->isVisibleTo(panel)) // not the cards being replaced (deleted later)
                all += label->text() + QLatin1Char('\n');
        }
        return all;
    };
    QVERIFY(cardTexts().contains(QStringLiteral("readModels.user-view.consumers")));
    QVERIFY(window.document()->renameElement("user-view", "profile-view"));
    QTRY_VERIFY(cardTexts().contains(QStringLiteral("readModels.profile-view.consumers")));
    QVERIFY(!cardTexts().contains(QStringLiteral("readModels.user-view.")));
    window.document()->undoStack()->undo();
    QTRY_VERIFY(cardTexts().contains(QStringLiteral("readModels.user-view.consumers")));
}

void TestExperiments::refusedExperimentChangesNothing()
{
    Document document;
    ModelLoadResult loaded
        = parseModel(resourceText(QStringLiteral(":/examples/user-profile.cqrs.json")));
    QVERIFY(loaded.ok());
    // The element the experiment refers to is gone (deleted by the user, say).
    document.resetModel(*loaded.model);
    document.deleteItems({"search-index"}, {}, {});
    const Model before = document.model();
    const int steps = document.undoStack()->count();
    Experiment lazier;
    for (const Experiment &e : before.experiments) {
        if (e.set.front().first.find("search-index") != std::string::npos)
            lazier = e;
    }
    QVERIFY(!lazier.title.empty());
    QString error;
    QVERIFY(!document.applyExperiment(lazier, &error));
    QVERIFY2(error.contains(QStringLiteral("search-index")), qPrintable(error));
    QVERIFY(document.model() == before);
    QCOMPARE(document.undoStack()->count(), steps);
    // One that cannot be applied is not "in the model"; neither is one that sets nothing.
    QVERIFY(!document.hasExperiment(lazier));
    Experiment nothing;
    nothing.title = "Nothing";
    QVERIFY(!document.hasExperiment(nothing));
}

QTEST_MAIN(TestExperiments)
#include "tst_experiments.moc"
