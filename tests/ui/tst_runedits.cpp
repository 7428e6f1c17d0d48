// Edits made while a simulation runs: a parameter changed mid-run acts from
// then on, outages and rebuilds scheduled on the running simulation, the
// inspector's edits forwarded as `--set` paths. The document's change events
// say which field changed, and the run is sent exactly that field (no
// comparing whole models); an element renamed mid-run keeps its id in the
// run, with a message that says so, and its later edits still reach the run.
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/summarywidget.h"
#include "runtestutil.h"
#include "testmodels.h"

#include <QDir>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <cqrs/sim/simulation.h>

using namespace cqrs;
using Studio = cqrs::testing::RunStudio;

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
    return [id](Model &m) {
        return m.readModel(id) ? &m.readModel(id)->consumers : nullptr;
    };
}

} // namespace

class TestRunEdits : public QObject
{
    Q_OBJECT

private slots:
    void parameterChangeMidRun()
    {
        // The same run twice; the second raises user-view's delay at t = 30 s
        // through the document, as the inspector does.
        const Model model = testing::example("user-profile.cqrs.json", 60);
        auto runOnce = [&](bool change) -> Json {
            Studio studio(model);
            RunController *c = studio.controller();
            QSignalSpy paused(c, &RunController::pausedAt);
            QSignalSpy finished(c, &RunController::runFinished);
            c->setSpeed(0);
            if (!c->startPaused(studio.document.model()))
                return {};
            c->runTo(30);
            if (!paused.wait(20000) || c->time() != 30.0)
                return {};
            if (change) {
                QSignalSpy messages(c, &RunController::message);
                studio.document.changeValue<Distribution>(
                    QStringLiteral("Change delay"), "user-view/update.delay",
                    ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, "update.delay"},
                    [](Model &m) {
                        return m.readModel("user-view") ? &m.readModel("user-view")->update.delay
                                                        : nullptr;
                    },
                    Distribution::constant(2.0));
                // The worker confirms the change with a message.
                if (!messages.wait(5000)
                    || !messages.last().at(0).toString().contains(QStringLiteral("update.delay")))
                    return {};
            }
            c->resume();
            if (!finished.wait(20000))
                return {};
            return *c->result()->result;
        };
        const Json plain = runOnce(false);
        const Json changed = runOnce(true);
        QVERIFY(!plain.is_null());
        QVERIFY(!changed.is_null());
        const double p99Plain
            = plain["readModels"]["user-view"]["consistencyWindow"]["p99"].get<double>();
        const double p99Changed
            = changed["readModels"]["user-view"]["consistencyWindow"]["p99"].get<double>();
        QVERIFY2(p99Plain < 1.5, qPrintable(QString::number(p99Plain)));
        QVERIFY2(p99Changed >= 2.0, qPrintable(QString::number(p99Changed)));
        // The run without the change is still the CLI's run.
        QCOMPARE(testing::resultWithoutWallClock(plain).dump(),
                 testing::resultWithoutWallClock(sim::simulate(model)).dump());
    }

    // A run whose consumers went from 2 to 4 part way: its summary reads the
    // model as it ended, as the same run reopened from the history does (it
    // read the model as it started, and the two disagreed).
    void summaryReadsTheModelAsItEnded()
    {
        const Model model = testing::example("user-profile.cqrs.json", 60);
        Studio studio(model);
        RunController *c = studio.controller();
        QSignalSpy paused(c, &RunController::pausedAt);
        QSignalSpy finished(c, &RunController::runFinished);
        QSignalSpy applied(c, &RunController::parameterApplied);
        c->setSpeed(0);
        QVERIFY(c->startPaused(studio.document.model()));
        c->runTo(20);
        QVERIFY(paused.wait(20000));
        studio.document.changeValue<int>(
            QStringLiteral("Change Consumers"), "user-view/consumers",
            ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
            consumersOf("user-view"), 4);
        QVERIFY(applied.wait(5000));
        c->resume();
        QVERIFY(finished.wait(20000));
        QTRY_VERIFY(studio.run->summary()->run().has_value());
        const QString text = studio.run->summary()->plainText();
        QVERIFY2(text.contains(QStringLiteral("the prediction is for the model as it ended")),
                 qPrintable(text));
        QVERIFY(!text.contains(QStringLiteral("as it started")));
    }

    void outageAndRebuildMidRun()
    {
        const Model model = testing::example("user-profile.cqrs.json", 60);
        Studio studio(model);
        RunController *c = studio.controller();
        QSignalSpy paused(c, &RunController::pausedAt);
        QSignalSpy finished(c, &RunController::runFinished);
        QVERIFY(c->startPaused(model));
        c->runTo(20);
        QVERIFY(paused.wait(20000));
        QSignalSpy messages(c, &RunController::message);
        studio.run->scheduleOutage("user-view", 10);
        QVERIFY(messages.wait(5000));
        QVERIFY2(messages.last().at(0).toString().startsWith(QStringLiteral("Outage")),
                 qPrintable(messages.last().at(0).toString()));
        studio.run->scheduleRebuild("search-index");
        QVERIFY(messages.wait(5000));
        QVERIFY(messages.last().at(0).toString().startsWith(QStringLiteral("Rebuild")));
        // Unknown ids are refused with the engine's message, not a crash.
        studio.run->scheduleRebuild("no-such-model");
        QVERIFY(messages.wait(5000));
        QVERIFY(messages.last().at(0).toString().startsWith(QStringLiteral("Not applied")));
        c->resume();
        QVERIFY(finished.wait(20000));
        const Json &r = *c->result()->result;
        // An outage of 10 s makes some window at least about 10 s long.
        QVERIFY(r["readModels"]["user-view"]["consistencyWindow"]["max"].get<double>() >= 9.0);
        QCOMPARE(r["readModels"]["search-index"]["rebuilds"].size(), std::size_t(1));
        QCOMPARE(r["readModels"]["search-index"]["rebuilds"][0]["at"].get<double>(), 20.0);
    }

    void forwardsInspectorEdits()
    {
        const Model model = testing::example("user-profile.cqrs.json", 60);
        Studio studio(model);
        RunController *c = studio.controller();
        QVERIFY(c->startPaused(model));
        QSignalSpy messages(c, &RunController::message);
        Document &d = studio.document;
        const ChangeEvent settings{ChangeEvent::Type::SettingsChanged, {}, {}};
        d.changeValue<int>(
            QStringLiteral("Workers"), "model/writeSide.workers", settings,
            [](Model &m) { return &m.writeSide.workers; }, 2);
        d.changeValue<double>(
            QStringLiteral("Rate"), "model/workload.commandRate", settings,
            [](Model &m) { return &m.workload.commandRate; }, 150.0);
        d.changeValue<Strategy>(
            QStringLiteral("Strategy"), "get-user/consistency.strategy",
            ChangeEvent{ChangeEvent::Type::ElementsChanged, {"get-user"}, {}},
            [](Model &m) {
                return m.query("get-user") ? &m.query("get-user")->consistency.strategy : nullptr;
            },
            Strategy::ReadFromWriteModel);
        d.changeValue<int>(
            QStringLiteral("Consumers"), "user-view/consumers",
            ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
            [](Model &m) {
                return m.readModel("user-view") ? &m.readModel("user-view")->consumers : nullptr;
            },
            4);
        QTRY_COMPARE(messages.count(), 4);
        QStringList texts;
        for (const QList<QVariant> &m : messages)
            texts.append(m.at(0).toString());
        const QString all = texts.join(QLatin1Char('\n'));
        QVERIFY2(!all.contains(QStringLiteral("Not applied")), qPrintable(all));
        for (const char *path :
             {"write-side workers = 2", "command rate = 150/s",
              "GetUser consistency = read-from-write-model", "UserView consumers = 4"})
            QVERIFY2(all.contains(QLatin1String(path)), qPrintable(all));
        // A name is not a run parameter: nothing is sent, the user is told why.
        d.changeValue<std::string>(
            QStringLiteral("Name"), "user-view/name",
            ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
            [](Model &m) {
                return m.readModel("user-view") ? &m.readModel("user-view")->name : nullptr;
            },
            std::string("Renamed"));
        QVERIFY(studio.window.statusBar()->currentMessage().contains(QStringLiteral("next run")));
        QTest::qWait(100);
        QCOMPARE(messages.count(), 4);
    }

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

        d.changeValue<double>(
            QStringLiteral("Rate"), "model/workload.commandRate",
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
        Studio studio(testing::exampleModel("user-profile.cqrs.json", 60));
        RunController *c = studio.run->controller();
        QVERIFY(c->startPaused(studio.document.model()));
        QSignalSpy messages(c, &RunController::message);
        // The document differs from the run in the command rate without an
        // event saying so: an edit of the consumers sends the consumers only.
        studio.document.mutableModel().workload.commandRate = 999;
        studio.document.changeValue<int>(
            QStringLiteral("Consumers"), "user-view/consumers",
            ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
            consumersOf("user-view"), 4);
        QTRY_COMPARE(messages.count(), 1);
        QVERIFY2(
            messages.last().at(0).toString().contains(QStringLiteral("UserView consumers = 4")),
            qPrintable(texts(messages).join('\n')));
        QTest::qWait(100);
        QCOMPARE(messages.count(), 1);
        QVERIFY(!texts(messages).join('\n').contains(QStringLiteral("commandRate")));

        // A field the engine cannot change mid-run: nothing sent, the user told.
        studio.document.changeValue<UpdateMode>(
            QStringLiteral("Update"), "user-view/update.mode",
            ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
            [](Model &m) {
                return m.readModel("user-view") ? &m.readModel("user-view")->update.mode : nullptr;
            },
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
        Studio studio(testing::exampleModel("user-profile.cqrs.json", 60));
        RunController *c = studio.run->controller();
        QSignalSpy paused(c, &RunController::pausedAt);
        QVERIFY(c->startPaused(studio.document.model()));
        c->runTo(10);
        QVERIFY(paused.wait(20000));
        QSignalSpy messages(c, &RunController::message);

        QString error;
        QVERIFY2(studio.document.renameElement("user-view", "profile-view", &error),
                 qPrintable(error));
        const QString said = studio.window.statusBar()->currentMessage();
        QVERIFY2(said.startsWith(QStringLiteral("Renamed user-view to profile-view.")),
                 qPrintable(said));
        QVERIFY2(said.contains(QStringLiteral("keep calling it user-view until the next run")),
                 qPrintable(said));
        studio.window.show();
        QDir().mkpath(QStringLiteral(CQRS_BINARY_DIR "/screenshots"));
        QVERIFY(studio.window.grab().save(
            QStringLiteral(CQRS_BINARY_DIR "/screenshots/rename-mid-run-message.png")));

        // An edit of the renamed element reaches the run under the run's id.
        studio.document.changeValue<int>(
            QStringLiteral("Consumers"), "profile-view/consumers",
            ChangeEvent{ChangeEvent::Type::ElementsChanged, {"profile-view"}, {}},
            consumersOf("profile-view"), 3);
        QTRY_COMPARE(messages.count(), 1);
        QVERIFY2(
            messages.last().at(0).toString().contains(QStringLiteral("UserView consumers = 3")),
            qPrintable(texts(messages).join('\n')));

        // A what-if on the selected (renamed) node acts on it, and the
        // outage lands in the document under the new id.
        QVERIFY(studio.run->whatIfOutage("profile-view", 5));
        QTRY_COMPARE(studio.document.model().readModel("profile-view")->outages.size(),
                     std::size_t(1));
        QVERIFY2(!texts(messages).join('\n').contains(QStringLiteral("Not applied")),
                 qPrintable(texts(messages).join('\n')));

        // The live badge follows the node.
        c->runTo(20);
        QVERIFY(paused.wait(20000));
        NodeItem *node = studio.scene->nodeItem("profile-view");
        QVERIFY(node);
        QTRY_VERIFY(!node->badge().isEmpty());
        studio.scene->selectElements({"profile-view"});
        QVERIFY(studio.window.grab().save(
            QStringLiteral(CQRS_BINARY_DIR "/screenshots/rename-mid-run.png")));

        // Undo the outage and the consumers (sent back to the run), then the
        // rename: the run's id is the document's again.
        studio.document.undoStack()->undo();
        studio.document.undoStack()->undo();
        QTRY_VERIFY(texts(messages).join('\n').contains(QStringLiteral("UserView consumers = 2")));
        studio.document.undoStack()->undo();
        QVERIFY(studio.document.model().readModel("user-view"));
        QCOMPARE(
            studio.window.statusBar()->currentMessage(),
            QStringLiteral("user-view has its old id again, as the running simulation knows it."));
        const int before = messages.count();
        studio.document.changeValue<int>(
            QStringLiteral("Consumers"), "user-view/consumers",
            ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
            consumersOf("user-view"), 5);
        QTRY_COMPARE(messages.count(), before + 1);
        QVERIFY(
            messages.last().at(0).toString().contains(QStringLiteral("UserView consumers = 5")));
    }

    void elementAddedMidRunIsNotTheRunsElement()
    {
        Studio studio(testing::exampleModel("user-profile.cqrs.json", 60));
        RunController *c = studio.run->controller();
        QVERIFY(c->startPaused(studio.document.model()));
        // user-view renamed away, then a new read model takes its old id: it
        // is not the element the run calls user-view.
        QVERIFY(studio.document.renameElement("user-view", "profile-view"));
        const std::string added = studio.document.addElement(ElementKind::ReadModel, QPointF(0, 0));
        QVERIFY(studio.document.renameElement(added, "user-view"));
        QSignalSpy messages(c, &RunController::message);
        studio.document.changeValue<int>(
            QStringLiteral("Consumers"), "user-view/consumers",
            ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
            consumersOf("user-view"), 5);
        QTest::qWait(200);
        QCOMPARE(messages.count(), 0);
    }
};

QTEST_MAIN(TestRunEdits)
#include "tst_runedits.moc"
