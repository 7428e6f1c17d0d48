// Edits made while a simulation runs (issue 9): the document's change events
// say which field changed, and the run is sent exactly that field (no
// comparing whole models); an element renamed mid-run keeps its id in the
// run, with a message that says so, and its later edits still reach the run.
#include "document.h"
#include "nodeitem.h"
#include "run/runcontroller.h"
#include "runtestutil.h"

#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

using namespace cqrs;
using cqrs::testing::RunStudio;

namespace {

QStringList texts(const QSignalSpy &spy)
{
    QStringList out;
    for (const QList<QVariant> &m : spy)
        out << m.at(0).toString();
    return out;
}

Accessor<int> consumersOf(const std::string &id)
{
    return [id](Model &m) { return m.readModel(id) ? &m.readModel(id)->consumers : nullptr; };
}

} // namespace

class TestRunEdits : public QObject
{
    Q_OBJECT

private slots:
    void changeEventNamesTheField()
    {
        Document d;
        d.resetModel(testing::exampleModel("user-profile.cqrs.json", 30));
        QSignalSpy changed(&d, &Document::changed);
        // As the inspector edits: the key says owner and field, the event has no property yet.
        d.changeValue<int>(QStringLiteral("Consumers"), "user-view/consumers",
                           ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
                           consumersOf("user-view"), 3);
        QCOMPARE(changed.count(), 1);
        auto event = changed.last().at(0).value<ChangeEvent>();
        QCOMPARE(event.ids, std::vector<std::string>{"user-view"});
        QCOMPARE(event.property, std::string("consumers"));
        d.undoStack()->undo();
        QCOMPARE(changed.last().at(0).value<ChangeEvent>().property, std::string("consumers"));

        d.changeValue<double>(QStringLiteral("Rate"), "model/workload.commandRate",
                              ChangeEvent{ChangeEvent::Type::SettingsChanged, {}, {}},
                              [](Model &m) { return &m.workload.commandRate; }, 77.0);
        event = changed.last().at(0).value<ChangeEvent>();
        QVERIFY(event.type == ChangeEvent::Type::SettingsChanged);
        QCOMPARE(event.property, std::string("workload.commandRate"));
        // A display name typed in the inspector is the "name" field.
        d.setElementName("user-view", "Profiles");
        QCOMPARE(changed.last().at(0).value<ChangeEvent>().property, std::string("name"));
    }

    void sendsOnlyTheChangedField()
    {
        RunStudio studio(testing::exampleModel("user-profile.cqrs.json", 60));
        RunController *c = studio.run->controller();
        QVERIFY(c->startPaused(studio.document.model()));
        QSignalSpy messages(c, &RunController::message);
        // The document differs from the run in the command rate without an
        // event saying so: an edit of the consumers sends the consumers only.
        studio.document.mutableModel().workload.commandRate = 999;
        studio.document.changeValue<int>(QStringLiteral("Consumers"), "user-view/consumers",
                                         ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
                                         consumersOf("user-view"), 4);
        QTRY_COMPARE(messages.count(), 1);
        QVERIFY2(messages.last().at(0).toString().contains(QStringLiteral("readModels.user-view.consumers = 4")),
                 qPrintable(texts(messages).join('\n')));
        QTest::qWait(100);
        QCOMPARE(messages.count(), 1);
        QVERIFY(!texts(messages).join('\n').contains(QStringLiteral("commandRate")));

        // A field the engine cannot change mid-run: nothing sent, the user told.
        studio.document.changeValue<UpdateMode>(
            QStringLiteral("Update"), "user-view/update.mode",
            ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
            [](Model &m) { return m.readModel("user-view") ? &m.readModel("user-view")->update.mode : nullptr; },
            UpdateMode::Batch);
        QCOMPARE(studio.window.statusBar()->currentMessage(),
                 QStringLiteral("This change takes effect on the next run."));
        // A display name is not a run parameter either, and the message says what it changes.
        studio.document.setElementName("user-view", "Profiles");
        QCOMPARE(studio.window.statusBar()->currentMessage(),
                 QStringLiteral("The charts show the new name from the next run on."));
        QTest::qWait(100);
        QCOMPARE(messages.count(), 1);
    }

    void renameMidRunKeepsTheRunsId()
    {
        RunStudio studio(testing::exampleModel("user-profile.cqrs.json", 60));
        RunController *c = studio.run->controller();
        QSignalSpy paused(c, &RunController::pausedAt);
        QVERIFY(c->startPaused(studio.document.model()));
        c->runTo(10);
        QVERIFY(paused.wait(20000));
        QSignalSpy messages(c, &RunController::message);

        QString error;
        QVERIFY2(studio.document.renameElement("user-view", "profile-view", &error), qPrintable(error));
        const QString said = studio.window.statusBar()->currentMessage();
        QVERIFY2(said.startsWith(QStringLiteral("Renamed user-view to profile-view.")), qPrintable(said));
        QVERIFY2(said.contains(QStringLiteral("keep calling it user-view until the next run")), qPrintable(said));

        // An edit of the renamed element reaches the run under the run's id.
        studio.document.changeValue<int>(QStringLiteral("Consumers"), "profile-view/consumers",
                                         ChangeEvent{ChangeEvent::Type::ElementsChanged, {"profile-view"}, {}},
                                         consumersOf("profile-view"), 3);
        QTRY_COMPARE(messages.count(), 1);
        QVERIFY2(messages.last().at(0).toString().contains(QStringLiteral("readModels.user-view.consumers = 3")),
                 qPrintable(texts(messages).join('\n')));

        // A what-if on the selected (renamed) node acts on it, and the
        // outage lands in the document under the new id.
        QVERIFY(studio.run->whatIfOutage("profile-view", 5));
        QTRY_COMPARE(studio.document.model().readModel("profile-view")->outages.size(), std::size_t(1));
        QVERIFY2(!texts(messages).join('\n').contains(QStringLiteral("Not applied")), qPrintable(texts(messages).join('\n')));

        // The live badge follows the node.
        c->runTo(20);
        QVERIFY(paused.wait(20000));
        NodeItem *node = studio.scene->nodeItem("profile-view");
        QVERIFY(node);
        QTRY_VERIFY(!node->badge().isEmpty());

        // Undo the outage and the consumers (sent back to the run), then the
        // rename: the run's id is the document's again.
        studio.document.undoStack()->undo();
        studio.document.undoStack()->undo();
        QTRY_VERIFY(texts(messages).join('\n').contains(QStringLiteral("readModels.user-view.consumers = 2")));
        studio.document.undoStack()->undo();
        QVERIFY(studio.document.model().readModel("user-view"));
        QCOMPARE(studio.window.statusBar()->currentMessage(),
                 QStringLiteral("user-view has its old id again, as the running simulation knows it."));
        const int before = messages.count();
        studio.document.changeValue<int>(QStringLiteral("Consumers"), "user-view/consumers",
                                         ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
                                         consumersOf("user-view"), 5);
        QTRY_COMPARE(messages.count(), before + 1);
        QVERIFY(messages.last().at(0).toString().contains(QStringLiteral("readModels.user-view.consumers = 5")));
    }

    void elementAddedMidRunIsNotTheRunsElement()
    {
        RunStudio studio(testing::exampleModel("user-profile.cqrs.json", 60));
        RunController *c = studio.run->controller();
        QVERIFY(c->startPaused(studio.document.model()));
        // user-view renamed away, then a new read model takes its old id: it
        // is not the element the run calls user-view.
        QVERIFY(studio.document.renameElement("user-view", "profile-view"));
        const std::string added = studio.document.addElement(ElementKind::ReadModel, QPointF(0, 0));
        QVERIFY(studio.document.renameElement(added, "user-view"));
        QSignalSpy messages(c, &RunController::message);
        studio.document.changeValue<int>(QStringLiteral("Consumers"), "user-view/consumers",
                                         ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
                                         consumersOf("user-view"), 5);
        QTest::qWait(200);
        QCOMPARE(messages.count(), 0);
    }
};

QTEST_MAIN(TestRunEdits)
#include "tst_runedits.moc"
