// The document and its undo commands: every edit is one step and undo
// restores the model exactly.
#include "cqrs/ui/document/autolayout.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/document/undocommands.h"

#include <QRectF>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace cqrs;

namespace {

// user aggregate; update-email -> email-changed -> user-view -> get-user;
// email-changed -> notify (policy) -> send-mail.
Model sampleModel()
{
    Model m;
    m.name = "Sample";
    m.aggregates.push_back({"user", "User", 100, Json::object()});
    Command update;
    update.id = "update-email";
    update.name = "UpdateEmail";
    update.aggregate = "user";
    update.emits = {"email-changed"};
    FollowUp followUp;
    followUp.query = "get-user";
    followUp.probability = 0.5;
    followUp.after = Distribution::constant(0.1);
    update.followUp = followUp;
    m.commands.push_back(update);
    Command send;
    send.id = "send-mail";
    send.name = "SendMail";
    send.aggregate = "user";
    m.commands.push_back(send);
    m.events.push_back({"email-changed", "EmailChanged", "user", {}, Json::object()});
    ReadModel view;
    view.id = "user-view";
    view.name = "UserView";
    view.subscribes = {"email-changed"};
    view.outages = {Outage{10, 5, Json::object()}};
    m.readModels.push_back(view);
    Policy notify;
    notify.id = "notify";
    notify.name = "Notify";
    notify.subscribes = {"email-changed"};
    notify.issues = "send-mail";
    m.policies.push_back(notify);
    Query get;
    get.id = "get-user";
    get.name = "GetUser";
    get.readModel = "user-view";
    m.queries.push_back(get);
    m.workload.duration = 60;
    return m;
}

} // namespace

class TestDocument : public QObject
{
    Q_OBJECT

private slots:
    void resetLaysOutUnplacedElements()
    {
        Document doc;
        doc.resetModel(sampleModel());
        QCOMPARE(doc.model().diagram.nodes.size(), size_t(7));
        // Columns left to right: aggregate, commands, events, consumers, queries.
        const auto &nodes = doc.model().diagram.nodes;
        QVERIFY(nodes.at("user").x < nodes.at("update-email").x);
        QVERIFY(nodes.at("update-email").x < nodes.at("email-changed").x);
        QVERIFY(nodes.at("email-changed").x < nodes.at("user-view").x);
        QCOMPARE(nodes.at("user-view").x, nodes.at("notify").x);
        QVERIFY(nodes.at("user-view").x < nodes.at("get-user").x);
        // No two nodes of a column overlap.
        QVERIFY(std::abs(nodes.at("user-view").y - nodes.at("notify").y) >= kNodeHeight);
        QCOMPARE(doc.undoStack()->count(), 0);
        QVERIFY(!doc.isModified());
    }

    void largeModelsWrapIntoAReadableGrid()
    {
        Model m;
        m.aggregates.push_back({"agg", "Agg", 10, Json::object()});
        for (int i = 0; i < 100; ++i) {
            const std::string n = std::to_string(i);
            Command c;
            c.id = "cmd" + n;
            c.aggregate = "agg";
            c.emits = {"evt" + n};
            m.commands.push_back(c);
            m.events.push_back({"evt" + n, "E", "agg", {}, Json::object()});
            ReadModel r;
            r.id = "view" + n;
            r.subscribes = {"evt" + n};
            m.readModels.push_back(r);
        }
        const auto positions = layoutModel(m);
        QCOMPARE(positions.size(), size_t(301));
        QRectF bounds;
        std::vector<QRectF> rects;
        for (const auto &[id, p] : positions) {
            rects.emplace_back(p.x, p.y, kNodeWidth, kNodeHeight);
            bounds = bounds.united(rects.back());
        }
        for (size_t i = 0; i < rects.size(); ++i) {
            for (size_t j = i + 1; j < rects.size(); ++j)
                QVERIFY(!rects[i].intersects(rects[j]));
        }
        // Columns of 100 wrap: the diagram is not a thin strip.
        QVERIFY2(bounds.height() / bounds.width() < 1.0, qPrintable(QString::number(bounds.height() / bounds.width())));
        QVERIFY(bounds.height() / bounds.width() > 0.2);
        // Still left to right: every command left of every event.
        QVERIFY(positions.at("cmd99").x < positions.at("evt0").x);
        QVERIFY(positions.at("evt99").x < positions.at("view0").x);
    }

    void addEachKind_data()
    {
        QTest::addColumn<int>("kind");
        for (ElementKind kind : kAllElementKinds)
            QTest::newRow(toString(kind).data()) << int(kind);
    }
    void addEachKind()
    {
        QFETCH(int, kind);
        const auto elementKind = ElementKind(kind);
        Document doc;
        doc.resetModel(sampleModel());
        const Model before = doc.model();
        QSignalSpy spy(&doc, &Document::changed);
        const std::string id = doc.addElement(elementKind, {400, 300});
        QCOMPARE(doc.model().kindOf(id), std::optional(elementKind));
        QCOMPARE(doc.model().diagram.nodes.at(id).x, 400.0);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<ChangeEvent>().type, ChangeEvent::Type::ElementsAdded);
        QCOMPARE(idsOfKind(doc.model(), elementKind).size(),
                 idsOfKind(before, elementKind).size() + 1);
        QVERIFY(doc.isModified());
        doc.undoStack()->undo();
        QVERIFY(doc.model() == before);
        QVERIFY(!doc.isModified());
        doc.undoStack()->redo();
        QCOMPARE(doc.model().kindOf(id), std::optional(elementKind));
        // Ids stay unique.
        const std::string second = doc.addElement(elementKind, {0, 0});
        QVERIFY(second != id);
    }

    void connectAcceptsOnlyMeaningfulPairs_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("ok");
        QTest::newRow("command emits event") << "send-mail" << "email-changed" << true;
        QTest::newRow("event to read model") << "new-event" << "user-view" << true;
        QTest::newRow("event to policy") << "new-event" << "notify" << true;
        QTest::newRow("policy issues command") << "notify" << "update-email" << true;
        QTest::newRow("read model serves query") << "new-view" << "get-user" << true;
        QTest::newRow("event of aggregate") << "new-event" << "user" << true;
        QTest::newRow("already emits") << "update-email" << "email-changed" << false;
        QTest::newRow("query to command") << "get-user" << "update-email" << false;
        QTest::newRow("event to command") << "email-changed" << "update-email" << false;
        QTest::newRow("command to read model") << "update-email" << "user-view" << false;
        QTest::newRow("aggregate to event") << "user" << "email-changed" << false;
        QTest::newRow("self") << "notify" << "notify" << false;
        QTest::newRow("missing") << "notify" << "nothing" << false;
    }
    void connectAcceptsOnlyMeaningfulPairs()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(bool, ok);
        Model m = sampleModel();
        m.events.push_back({"new-event", "NewEvent", "", {}, Json::object()});
        ReadModel view;
        view.id = "new-view";
        m.readModels.push_back(view);
        Document doc;
        doc.resetModel(m);
        const Model before = doc.model();
        const auto connectionsBefore = connectionsOf(before).size();
        std::string reason;
        QCOMPARE(doc.connectElements(from.toStdString(), to.toStdString(), &reason), ok);
        if (!ok) {
            QVERIFY(!reason.empty());
            QVERIFY(doc.model() == before);
            QCOMPARE(doc.undoStack()->count(), 0);
            return;
        }
        QVERIFY(reason.empty());
        const auto after = connectionsOf(doc.model());
        QVERIFY(std::any_of(after.begin(), after.end(), [&](const Connection &c) {
            return c.from == from.toStdString() && c.to == to.toStdString();
        }));
        QVERIFY(after.size() >= connectionsBefore);
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QVERIFY(doc.model() == before);
    }

    void changeValueMergesAndDropsNoOps()
    {
        Document doc;
        doc.resetModel(sampleModel());
        const Model before = doc.model();
        const Accessor<double> share = [](Model &m) {
            Command *c = m.command("update-email");
            return c ? &c->share : nullptr;
        };
        const ChangeEvent note{ChangeEvent::Type::ElementsChanged, {"update-email"}, "share"};
        for (double value : {2.0, 3.0, 4.0})
            doc.changeValue<double>("Change share", "update-email/share", note, share, value);
        QCOMPARE(doc.model().command("update-email")->share, 4.0);
        QCOMPARE(doc.undoStack()->count(), 1); // spin-box steps merge
        doc.undoStack()->undo();
        QVERIFY(doc.model() == before);
        doc.undoStack()->redo();
        QCOMPARE(doc.model().command("update-email")->share, 4.0);

        // Back to the original value: the step vanishes.
        doc.changeValue<double>("Change share", "update-email/share", note, share, 1.0);
        QCOMPARE(doc.undoStack()->count(), 0);
        QVERIFY(doc.model() == before);

        // A different key is a new step; the same value is no step at all.
        doc.changeValue<double>("Change share", "update-email/share", note, share, 1.0);
        QCOMPARE(doc.undoStack()->count(), 0);
        const Accessor<std::string> name = [](Model &m) {
            Command *c = m.command("update-email");
            return c ? &c->name : nullptr;
        };
        doc.changeValue<double>("Change share", "update-email/share", note, share, 5.0);
        doc.changeValue<std::string>("Rename", "update-email/name", note, name, "Change");
        QCOMPARE(doc.undoStack()->count(), 2);
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QVERIFY(doc.model() == before);
    }

    // Consumers 2 -> 4, then 4 -> 1 a few seconds later (two markers on a
    // running simulation's charts): one "Change Consumers" step took both,
    // and undo went from 1 straight back to 2. Steps of one edit (a spin
    // box's, each within the merge window of the last) still merge.
    void editsMadeApartAreTwoSteps()
    {
        qint64 now = 1000;
        ChangeValueBase::setClock([&now] { return now; });
        // The monotonic clock back for the other tests, whatever happens here.
        const std::unique_ptr<void, void (*)(void *)> restore(&now, [](void *) { ChangeValueBase::setClock({}); });
        Document doc;
        doc.resetModel(sampleModel());
        const Accessor<double> share = [](Model &m) { return &m.command("update-email")->share; };
        const ChangeEvent note{ChangeEvent::Type::ElementsChanged, {"update-email"}, "share"};
        doc.changeValue<double>("Change share", "update-email/share", note, share, 2.0);
        now += ChangeValueBase::kMergeWindowMs / 2;
        doc.changeValue<double>("Change share", "update-email/share", note, share, 3.0);
        QCOMPARE(doc.undoStack()->count(), 1); // within the window of the last step
        now += ChangeValueBase::kMergeWindowMs / 2 + 100;
        doc.changeValue<double>("Change share", "update-email/share", note, share, 4.0);
        QCOMPARE(doc.undoStack()->count(), 1); // the window runs from the last step, not the first
        now += ChangeValueBase::kMergeWindowMs + 1;
        doc.changeValue<double>("Change share", "update-email/share", note, share, 1.5);
        QCOMPARE(doc.undoStack()->count(), 2);
        doc.undoStack()->undo();
        QCOMPARE(doc.model().command("update-email")->share, 4.0);
        doc.undoStack()->undo();
        QCOMPARE(doc.model().command("update-email")->share, 1.0);
    }

    void editAfterSaveIsAnUnsavedChange()
    {
        Document doc;
        doc.resetModel(sampleModel());
        const Accessor<double> share = [](Model &m) { return &m.command("update-email")->share; };
        const ChangeEvent note{ChangeEvent::Type::ElementsChanged, {"update-email"}, "share"};
        doc.changeValue<double>("Change share", "update-email/share", note, share, 2.0);
        doc.markSaved();
        QVERIFY(!doc.isModified());
        // Would merge with the saved step; the document must still count as changed.
        doc.changeValue<double>("Change share", "update-email/share", note, share, 3.0);
        QVERIFY(doc.isModified());
        doc.undoStack()->undo();
        QCOMPARE(doc.model().command("update-email")->share, 2.0);
        QVERIFY(!doc.isModified());
    }

    // A model opened from a run (or imported) is unsaved without an undo
    // step; the file opened after it was marked changed too, and closing
    // asked to save a file nobody had touched.
    void openingAfterAnUnsavedModelIsClean()
    {
        Document doc;
        QSignalSpy modified(&doc, &Document::modifiedChanged);
        doc.resetModel(sampleModel());
        doc.undoStack()->resetClean(); // as Import does
        QVERIFY(doc.isModified());
        doc.resetModel(sampleModel(), QStringLiteral("/tmp/opened.cqrs.json"));
        QVERIFY(!doc.isModified());
        QCOMPARE(modified.last().first().toBool(), false); // the title loses its "*"
        // And after an edit was undone and a file opened: still clean.
        const Accessor<double> share = [](Model &m) { return &m.command("update-email")->share; };
        const ChangeEvent note{ChangeEvent::Type::ElementsChanged, {"update-email"}, "share"};
        doc.changeValue<double>("Change share", "update-email/share", note, share, 2.0);
        doc.resetModel(sampleModel());
        QVERIFY(!doc.isModified());
    }

    void deleteRestoresEveryReference()
    {
        Document doc;
        doc.resetModel(sampleModel());
        const Model before = doc.model();
        doc.deleteItems({"email-changed", "get-user"}, {}, {});
        const Model &m = doc.model();
        QVERIFY(!m.event("email-changed"));
        QVERIFY(!m.query("get-user"));
        QVERIFY(m.command("update-email")->emits.empty());
        QVERIFY(!m.command("update-email")->followUp.has_value());
        QVERIFY(m.readModel("user-view")->subscribes.empty());
        QVERIFY(m.policy("notify")->subscribes.empty());
        QCOMPARE(m.diagram.nodes.count("email-changed"), size_t(0));
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QVERIFY(doc.model() == before);
        doc.undoStack()->redo();
        QVERIFY(!doc.model().event("email-changed"));
        doc.undoStack()->undo();
        QVERIFY(doc.model() == before);
    }

    void deleteConnectionsAndNotes()
    {
        Model model = sampleModel();
        model.diagram.notes = {Note{"a", 0, 0, Json::object()}, Note{"b", 5, 5, Json::object()},
                               Note{"c", 9, 9, Json::object()}};
        Document doc;
        doc.resetModel(model);
        const Model before = doc.model();
        const Connection subscribes{"email-changed", "user-view", Connection::Kind::Subscribes};
        const Connection issues{"notify", "send-mail", Connection::Kind::Issues};
        // Deleting the policy together with one of its connections.
        doc.deleteItems({"notify"}, {subscribes, issues}, {0, 2});
        QVERIFY(doc.model().readModel("user-view")->subscribes.empty());
        QVERIFY(!doc.model().policy("notify"));
        QCOMPARE(doc.model().diagram.notes.size(), size_t(1));
        QCOMPARE(doc.model().diagram.notes[0].text, std::string("b"));
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QVERIFY(doc.model() == before);
    }

    void renameRewritesReferences()
    {
        Document doc;
        doc.resetModel(sampleModel());
        const Model before = doc.model();
        QString error;
        QVERIFY(!doc.renameElement("email-changed", "user", &error));
        QVERIFY(error.contains("taken"));
        QVERIFY(!doc.renameElement("email-changed", "bad id", &error));
        QVERIFY(doc.renameElement("email-changed", "address-changed", &error));
        const Model &m = doc.model();
        QVERIFY(m.event("address-changed"));
        QCOMPARE(m.command("update-email")->emits, std::vector<std::string>{"address-changed"});
        QCOMPARE(m.policy("notify")->subscribes, std::vector<std::string>{"address-changed"});
        QCOMPARE(m.diagram.nodes.count("address-changed"), size_t(1));
        doc.undoStack()->undo();
        QVERIFY(doc.model() == before);

        // Things to Try follow the element; a path to a missing element
        // would be renamed back by Undo: refused until it is fixed.
        Model tried = sampleModel();
        Experiment more;
        more.title = "More consumers";
        more.set = {{"readModels.user-view.consumers", Json(4)}, {"readModels.ghost.consumers", Json(2)}};
        tried.experiments = {more};
        doc.resetModel(tried);
        const Model beforeRename = doc.model();
        QVERIFY(doc.renameElement("user-view", "profile-view", &error));
        QCOMPARE(doc.model().experiments.front().set.front().first,
                 std::string("readModels.profile-view.consumers"));
        doc.undoStack()->undo();
        QVERIFY(doc.model() == beforeRename);
        QVERIFY(!doc.renameElement("user-view", "ghost", &error));
        QVERIFY2(error.contains(QStringLiteral("More consumers")) && error.contains(QStringLiteral("ghost")),
                 qPrintable(error));

        // A cleared name: the element shows its id, and the step says so (it
        // read "Rename UserView to ").
        const QString name = QString::fromStdString(doc.model().readModel("user-view")->name);
        QVERIFY(!name.isEmpty());
        doc.setElementName("user-view", "");
        QCOMPARE(doc.undoStack()->undoText(),
                 QStringLiteral("Clear the name of %1 (its id user-view shows)").arg(name));
        Model unnamed = sampleModel();
        unnamed.readModels.front().name.clear();
        QCOMPARE(unnamed.readModels.front().id, std::string("user-view"));
        doc.resetModel(unnamed);
        doc.setElementName("user-view", "Profiles");
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Rename user-view to Profiles"));
    }

    void moveIsOneStep()
    {
        Document doc;
        doc.resetModel(sampleModel());
        const Model before = doc.model();
        doc.moveItems({{"user", {1, 2}}, {"notify", {3, 4}}}, {});
        QCOMPARE(doc.undoStack()->count(), 1);
        QCOMPARE(doc.model().diagram.nodes.at("notify").x, 3.0);
        doc.moveItems({{"user", {1, 2}}}, {}); // no change, no step
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QVERIFY(doc.model() == before);
    }
};

QTEST_MAIN(TestDocument)
#include "tst_document.moc"
