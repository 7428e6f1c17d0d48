// The editor's first hour (issue 8): damaged files open in reach, names and
// ids, where new nodes go, defaults that run, replacing a "serves" edge,
// refused numbers that say why, Export, the Problems panel and the
// Inspector's place among the docks.
#include "cqrs/ui/document/autolayout.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/editor/edgeitem.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/inspector/distributioneditor.h"
#include "cqrs/ui/inspector/inspector.h"
#include "cqrs/ui/inspector/numberfield.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/shell/examplegallery.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/shell/problemspanel.h"
#include "testmodels.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <cqrs/model/elements.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/model/validation.h>
#include <cqrs/sim/simulation.h>
#include <memory>
#include <set>

using namespace cqrs;

namespace {

/// Clicks `button` on every message box that comes up while it lives (a
/// lossy file asks "Open anyway?", an invalid model asks before saving).
class AnswerDialogs
{
public:
    explicit AnswerDialogs(QMessageBox::StandardButton button)
    {
        m_timer.setInterval(20);
        QObject::connect(&m_timer, &QTimer::timeout, [this, button] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                if (QAbstractButton *b = box->button(button)) {
                    seen << box->objectName();
                    b->click();
                }
            }
        });
        m_timer.start();
    }
    QStringList seen;

private:
    QTimer m_timer;
};

QRectF nodeRect(const NodePosition &p)
{
    return QRectF(p.x, p.y, kNodeWidth, kNodeHeight);
}

/// Every element has a finite position near the origin and no two overlap.
void verifyEveryNodeInReach(const Model &model)
{
    std::vector<std::pair<std::string, QRectF>> rects;
    for (const std::string &id : allElementIds(model)) {
        const auto it = model.diagram.nodes.find(id);
        QVERIFY2(it != model.diagram.nodes.end(), id.c_str());
        const NodePosition &p = it->second;
        QVERIFY2(std::isfinite(p.x) && std::isfinite(p.y), id.c_str());
        QVERIFY2(
            std::abs(p.x) < 5000 && std::abs(p.y) < 5000,
            qPrintable(
                QStringLiteral("%1 at %2, %3").arg(QString::fromStdString(id)).arg(p.x).arg(p.y)));
        rects.emplace_back(id, nodeRect(p));
    }
    for (size_t i = 0; i < rects.size(); ++i) {
        for (size_t j = i + 1; j < rects.size(); ++j)
            QVERIFY2(!rects[i].second.intersects(rects[j].second),
                     (rects[i].first + " overlaps " + rects[j].first).c_str());
    }
}

/// Every node and note is inside what the canvas shows, at a readable zoom.
void verifyViewShowsEverything(MainWindow &window)
{
    CanvasView *view = window.view();
    const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
    for (const std::string &id : allElementIds(window.document()->model())) {
        NodeItem *node = window.scene()->nodeItem(id);
        QVERIFY2(node, id.c_str());
        QVERIFY2(visible.contains(node->sceneBody()),
                 qPrintable(QStringLiteral("%1 at %2,%3 outside the view %4,%5 %6x%7")
                                .arg(QString::fromStdString(id))
                                .arg(node->pos().x())
                                .arg(node->pos().y())
                                .arg(visible.x())
                                .arg(visible.y())
                                .arg(visible.width())
                                .arg(visible.height())));
    }
    for (int i = 0; window.scene()->noteItem(i); ++i)
        QVERIFY(visible.contains(window.scene()->noteItem(i)->sceneBoundingRect()));
}

/// A built-in example as a JSON document, to edit into a damaged file.
QJsonObject exampleDocument(const QString &name)
{
    QFile example(QStringLiteral(":/examples/%1.cqrs.json").arg(name));
    if (!example.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(example.readAll()).object();
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// A lossy file (an unreadable rejectRate: "Open anyway?") with dangling
// references and no diagram section, as issue 8 found it.
const char kDamagedModel[] = R"({
  "format": "cqrs-studio/model", "schemaVersion": 1, "name": "Damaged",
  "aggregates": [ { "id": "acct" }, { "id": "lonely" } ],
  "commands": [ { "id": "open", "aggregate": "acct", "rejectRate": "high",
                  "emits": ["opened", "ghost"] },
                { "id": "orphan-command", "aggregate": "nowhere" } ],
  "events": [ { "id": "opened", "aggregate": "acct" },
              { "id": "nobody-emits-me", "aggregate": "acct" } ],
  "readModels": [ { "id": "balance", "subscribes": ["opened"] },
                  { "id": "deaf", "subscribes": ["missing-event"] } ],
  "policies": [ { "id": "p", "subscribes": ["missing"], "issues": "missing-command" } ],
  "queries": [ { "id": "get-balance", "readModel": "balance" },
               { "id": "lost-query", "readModel": "no-such-view" } ],
  "workload": { "duration": 60.0, "commandRate": 10 }
}
)";

QDockWidget *dock(MainWindow &window, const char *name)
{
    return window.findChild<QDockWidget *>(QString::fromLatin1(name));
}

// The tab bar that holds the dock titled `title`, and whether that tab is in front.
bool dockTabInFront(MainWindow &window, const QString &title)
{
    for (QTabBar *bar : window.findChildren<QTabBar *>()) {
        for (int i = 0; i < bar->count(); ++i) {
            if (bar->tabText(i) == title)
                return bar->currentIndex() == i;
        }
    }
    return dock(window, "inspectorDock")->isVisible(); // not tabified at all
}

Model smallModel()
{
    Model m;
    m.name = "Small";
    m.aggregates.push_back({"user", "User", 100, Json::object()});
    Command c;
    c.id = "update";
    c.name = "Update";
    c.aggregate = "user";
    c.emits = {"updated"};
    m.commands.push_back(c);
    m.events.push_back({"updated", "Updated", "user", {}, Json::object()});
    for (const char *id : {"view-a", "view-b"}) {
        ReadModel r;
        r.id = id;
        r.name = id == std::string("view-a") ? "ViewA" : "ViewB";
        r.subscribes = {"updated"};
        m.readModels.push_back(r);
    }
    Query q;
    q.id = "get";
    q.name = "Get";
    q.readModel = "view-a";
    m.queries.push_back(q);
    m.workload.duration = 60;
    m.workload.commandRate = 10;
    m.workload.queryRate = 10;
    return m;
}

} // namespace

class TestEditing : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("cqrs-studio-tests");
        QApplication::setApplicationName("tst_editing");
        QSettings().clear();
    }

    // A shipped example's sticky notes sit clear of its nodes and of the
    // curves between them: the Uber example's note on the analytics outage
    // lay across the line to TripReceipt.
    void shippedExampleNotesAreClear()
    {
        const QStringList examples
            = QDir(QStringLiteral(":/examples")).entryList({QStringLiteral("*.cqrs.json")});
        QVERIFY(examples.size() >= 4);
        for (const QString &file : examples) {
            Document document;
            document.resetModel(testing::example(file.toStdString()));
            DiagramScene scene(&document);
            int notes = 0;
            for (int i = 0; NoteItem *note = scene.noteItem(i); ++i, ++notes) {
                const QRectF rect = note->sceneBoundingRect();
                for (QGraphicsItem *item : scene.items(rect)) {
                    if (item == note || item->type() == NoteItem::Type || item->parentItem())
                        continue;
                    QString what = QStringLiteral("an item");
                    if (item->type() == NodeItem::Type)
                        what = QString::fromStdString(static_cast<NodeItem *>(item)->id());
                    else if (item->type() == EdgeItem::Type)
                        what = QString::fromStdString(
                            static_cast<EdgeItem *>(item)->connection().key());
                    else
                        continue;
                    QFAIL(qPrintable(QStringLiteral("%1: note \"%2\" lies on %3")
                                         .arg(file, note->text().left(30), what)));
                }
            }
            QVERIFY2(notes > 0, qPrintable(file));
        }
    }

    // Bug 2 of issue 8: elements with no placed neighbour were laid out at
    // y = 1e9; Fit and Tidy could not bring them back.
    void damagedModelOpensInReach_data()
    {
        QTest::addColumn<QString>("path");
        const QDir bad(QStringLiteral(CQRS_SOURCE_DIR "/tests/data/bad"));
        for (const QString &name : bad.entryList({QStringLiteral("dangling-*.cqrs.json")}))
            QTest::newRow(qPrintable(name)) << bad.filePath(name);
        QTest::newRow("lossy, dangling, no diagram") << QString(); // kDamagedModel
    }
    void damagedModelOpensInReach()
    {
        QFETCH(QString, path);
        QTemporaryDir dir;
        if (path.isEmpty())
            path = writeFile(dir, "damaged.cqrs.json", kDamagedModel);
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        AnswerDialogs openAnyway(QMessageBox::Open);
        QVERIFY(window.fileController()->openFile(path));
        QVERIFY(!window.document()->model().diagram.nodes.empty());
        verifyEveryNodeInReach(window.document()->model());
        QApplication::processEvents(); // the fit queued by openFile
        verifyViewShowsEverything(window);
        QVERIFY2(window.view()->zoom() >= 0.3, qPrintable(QString::number(window.view()->zoom())));

        // Tidy Layout keeps everything in reach; Fit shows it all.
        window.findChild<QAction *>("tidyLayout")->trigger();
        verifyEveryNodeInReach(window.document()->model());
        window.findChild<QAction *>("zoomFit")->trigger();
        verifyViewShowsEverything(window);

        // What is saved is what the canvas shows.
        AnswerDialogs saveAnyway(QMessageBox::Save);
        const QString saved = dir.filePath("saved.cqrs.json");
        QVERIFY(window.fileController()->saveToFile(saved));
        ModelLoadOptions lenient;
        lenient.keepInvalid = true;
        const ModelLoadResult again = loadModelFile(saved.toStdString(), lenient);
        QVERIFY(again.model);
        for (const auto &[id, p] : again.model->diagram.nodes)
            QVERIFY2(std::abs(p.y) < 5000 && std::abs(p.x) < 5000, id.c_str());
        closeDiscarding(window);
    }

    // A file saved by the faulty layout (y: 1e9) or edited by hand opens in reach.
    void farAwayPositionsAreReplaced()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "far.cqrs.json", R"({
  "format": "cqrs-studio/model", "schemaVersion": 1, "name": "Far",
  "aggregates": [ { "id": "a" } ],
  "commands": [ { "id": "c", "aggregate": "a", "emits": ["e"] } ],
  "events": [ { "id": "e", "aggregate": "a" } ],
  "readModels": [ { "id": "r", "subscribes": ["e"] } ],
  "queries": [ { "id": "q", "readModel": "r" } ],
  "workload": { "duration": 60 },
  "diagram": { "nodes": { "a": { "x": 0, "y": 0 }, "c": { "x": 290, "y": 0 },
                          "e": { "x": 580, "y": 1000000000 },
                          "r": { "x": -1e300, "y": 5 }, "q": { "x": 870, "y": 20001 } },
               "notes": [ { "text": "far", "x": 1e12, "y": 0 },
                          { "text": "near", "x": 10, "y": 300 } ] }
}
)");
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.fileController()->openFile(path));
        const Model &m = window.document()->model();
        verifyEveryNodeInReach(m);
        QCOMPARE(m.diagram.nodes.at("a").x, 0.0); // sensible positions stay
        QCOMPARE(m.diagram.nodes.at("c").x, 290.0);
        QVERIFY(std::abs(m.diagram.notes[0].x) < 5000);
        QCOMPARE(m.diagram.notes[1].x, 10.0);
        QApplication::processEvents();
        verifyViewShowsEverything(window);
    }

    // The examples put the aggregate under the commands, at the aggregates'
    // column: one placed anew (x: 1e300) landed on the first command.
    void aNodePlacedAnewKeepsClearOfTheOthers()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "stacked.cqrs.json", R"({
  "format": "cqrs-studio/model", "schemaVersion": 1, "name": "Stacked",
  "aggregates": [ { "id": "a" } ],
  "commands": [ { "id": "c", "aggregate": "a", "emits": ["e"] }, { "id": "d", "aggregate": "a", "emits": ["e"] } ],
  "events": [ { "id": "e", "aggregate": "a" } ],
  "readModels": [ { "id": "r", "subscribes": ["e"] } ],
  "queries": [ { "id": "q", "readModel": "r" } ],
  "workload": { "duration": 60 },
  "diagram": { "nodes": { "a": { "x": 1e300, "y": 360 }, "c": { "x": 0, "y": 0 }, "d": { "x": 0, "y": 112 },
                          "e": { "x": 290, "y": 0 }, "r": { "x": 580, "y": 0 }, "q": { "x": 870, "y": 0 } } }
}
)");
        const ModelLoadResult loaded = loadModelFile(QFile::encodeName(path).toStdString());
        QVERIFY(loaded.ok());
        const auto warned
            = std::find_if(loaded.diagnostics.begin(), loaded.diagnostics.end(),
                           [](const Diagnostic &d) { return d.path == "/diagram/nodes/a/x"; });
        QVERIFY(warned != loaded.diagnostics.end());
        QVERIFY2(warned->message.find("off the canvas") != std::string::npos,
                 warned->message.c_str());
        MainWindow window;
        QVERIFY(window.fileController()->openFile(path));
        verifyEveryNodeInReach(window.document()->model());
        QCOMPARE(window.document()->model().diagram.nodes.at("c").y, 0.0); // the others stay
        // Positions Tidy's averaging writes (112 * 5 / 3): one row further
        // than it is a rounding short of a row, and the search went on forever.
        Model fractional = window.document()->model();
        fractional.diagram.nodes.at("d").y = 100;
        fractional.diagram.nodes.at("c").y
            = 112.0 * 5 / 3; // 186.66666666666666 + 112 - itself < 112
        fractional.diagram.nodes.erase("a");
        const std::map<std::string, NodePosition> placed = positionsForUnplaced(fractional);
        QCOMPARE(placed.size(), std::size_t(1));
        fractional.diagram.nodes["a"] = placed.at("a");
        verifyEveryNodeInReach(fractional);
    }

    // Fit to Window shows nodes that are far apart, whatever the zoom it takes.
    void fitShowsNodesFarApart()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.fileController()->openExample(":/examples/user-profile.cqrs.json");
        Document *doc = window.document();
        const std::string first = doc->model().commands.front().id;
        const std::string last = doc->model().queries.back().id;
        doc->moveItems({{first, {-18000, -18000}}, {last, {18000, 18000}}}, {});
        window.view()->fitAll();
        verifyViewShowsEverything(window);
    }

    void newElementsGetIdsFromTheirNames()
    {
        Document doc;
        doc.resetModel(emptyModel());
        const std::string first = doc.addElement(ElementKind::ReadModel, {0, 0});
        const std::string second = doc.addElement(ElementKind::ReadModel, {0, 200});
        QCOMPARE(first, std::string("view"));
        QCOMPARE(second, std::string("view-2"));
        QCOMPARE(elementName(*findElement(doc.model(), second)), std::string("View 2"));
        for (ElementKind kind : kAllElementKinds) {
            const std::string id = doc.addElement(kind, {400, 0});
            const std::string name = elementName(*findElement(doc.model(), id));
            QVERIFY2(idFollowsName(id, name), (id + " / " + name).c_str());
            QVERIFY(id.find("read-model") == std::string::npos);
        }
        QCOMPARE(idFromName("UserView"), std::string("user-view"));
        QCOMPARE(idFromName("Order summary"), std::string("order-summary"));
        QCOMPARE(idFromName("HTTPServer 2"), std::string("http-server-2"));
        QCOMPARE(idFromName("  --  "), std::string());
    }

    // The Edit History listed "Add command", "Connect (emits)", "Delete":
    // each step now names what it touched, as value changes already did.
    void undoStepsNameWhatTheyTouch()
    {
        Document doc;
        doc.resetModel(emptyModel());
        const std::string command = doc.addElement(ElementKind::Command, {0, 0});
        const std::string event = doc.addElement(ElementKind::Event, {200, 0});
        const std::string view = doc.addElement(ElementKind::ReadModel, {400, 0});
        QCOMPARE(doc.undoStack()->text(0),
                 QStringLiteral("Add command %1").arg(doc.displayName(command)));
        QCOMPARE(doc.undoStack()->undoText(),
                 QStringLiteral("Add read model %1").arg(doc.displayName(view)));
        QVERIFY(doc.connectElements(command, event));
        QCOMPARE(doc.undoStack()->undoText(),
                 QStringLiteral("Connect %1 → %2 (emits)")
                     .arg(doc.displayName(command), doc.displayName(event)));
        QVERIFY(doc.connectElements(event, view));
        const Connection subscribes{event, view, Connection::Kind::Subscribes};
        doc.deleteItems({}, {subscribes}, {});
        QCOMPARE(
            doc.undoStack()->undoText(),
            QStringLiteral("Delete %1 → %2").arg(doc.displayName(event), doc.displayName(view)));
        const QString viewName = doc.displayName(view), commandName = doc.displayName(command);
        // A node with its edge selected: the edge goes with it, unsaid.
        QVERIFY(doc.connectElements(event, view));
        doc.deleteItems({view}, {subscribes}, {});
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Delete %1").arg(viewName));
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        doc.deleteItems({view}, {}, {});
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Delete %1").arg(viewName));
        doc.deleteItems({command, event}, {}, {});
        QCOMPARE(doc.undoStack()->undoText(),
                 QStringLiteral("Delete %1 and 1 more (command rate to 0)").arg(commandName));
    }

    void renamingOffersToRenameTheId()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Document *doc = window.document();
        doc->resetModel(emptyModel());
        const std::string view = doc->addElement(ElementKind::ReadModel, {0, 0});
        const std::string query = doc->addElement(ElementKind::Query, {300, 0});
        QVERIFY(doc->connectElements(view, query));
        const int steps = doc->undoStack()->count();
        const Model before = doc->model();

        window.scene()->selectElements({view});
        auto *name = window.inspector()->findChild<QLineEdit *>("name");
        auto *follow = window.inspector()->findChild<QCheckBox *>("idFollowsName");
        QVERIFY(name);
        QVERIFY(follow);
        QVERIFY(follow->isChecked()); // "view" was derived from "View"
        name->selectAll();
        QTest::keyClicks(name, "Order Summary");
        QCOMPARE(doc->model().readModel(view)->name, std::string("Order Summary"));
        auto *hint = window.inspector()->findChild<QLabel *>("idFollowsName.hint");
        QVERIFY(hint && hint->isVisibleTo(window.inspector()));
        QVERIFY2(hint->text().contains("order-summary"), qPrintable(hint->text()));
        QTest::keyClick(name, Qt::Key_Return); // editing ends: the id follows
        QVERIFY(doc->model().readModel("order-summary"));
        QVERIFY(!doc->model().readModel(view));
        QCOMPARE(doc->model().query(query)->readModel, std::string("order-summary"));
        QCOMPARE(doc->model().diagram.nodes.count("order-summary"), size_t(1));
        QCOMPARE(window.inspector()->currentElement(), std::string("order-summary"));
        QVERIFY(window.scene()->nodeItem("order-summary"));
        // Name and id: one undo step.
        QCOMPARE(doc->undoStack()->count(), steps + 1);
        doc->undoStack()->undo();
        QVERIFY(doc->model() == before);
        QCOMPARE(window.inspector()->currentElement(), view);
        doc->undoStack()->redo();
        QCOMPARE(doc->model().query(query)->readModel, std::string("order-summary"));

        // Unchecked: only the name changes.
        window.scene()->selectElements({query});
        name = window.inspector()->findChild<QLineEdit *>("name");
        follow = window.inspector()->findChild<QCheckBox *>("idFollowsName");
        follow->setChecked(false);
        name->selectAll();
        QTest::keyClicks(name, "Fetch");
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY(doc->model().query(query));
        QCOMPARE(doc->model().query(query)->name, std::string("Fetch"));
        // Checking it afterwards renames at once.
        window.inspector()->findChild<QCheckBox *>("idFollowsName")->setChecked(true);
        QVERIFY(doc->model().query("fetch"));
        QCOMPARE(window.inspector()->currentElement(), std::string("fetch"));
    }

    void clickToAddPlacesNodesApart()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.fileController()->openExample(":/examples/user-profile.cqrs.json");
        window.view()->fitAll();
        std::vector<std::string> views;
        for (int i = 0; i < 4; ++i) {
            window.addAction(ElementKind::ReadModel)->trigger();
            views.push_back(window.scene()->selectedElementIds().front());
        }
        for (int i = 0; i < 2; ++i)
            window.addAction(ElementKind::Command)->trigger();
        verifyEveryNodeInReach(window.document()->model());
        std::set<std::string> names;
        for (const std::string &id : views)
            names.insert(elementName(*findElement(window.document()->model(), id)));
        QCOMPARE(names, (std::set<std::string>{"View", "View 2", "View 3", "View 4"}));
    }

    // Drawn from the keyboard (Ctrl+1..7): each new node in its kind's column
    // beside what is there, left to right as the flow goes. The event went
    // under the command and its line to the read model ran under another
    // node; the query went left of the command.
    void keyboardAddsFollowTheFlow()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.document()->resetModel(emptyModel());
        std::map<ElementKind, std::string> ids;
        for (ElementKind kind : {ElementKind::Command, ElementKind::Event, ElementKind::ReadModel,
                                 ElementKind::Query, ElementKind::Aggregate}) {
            window.addAction(kind)->trigger();
            ids[kind] = window.scene()->selectedElementIds().front();
        }
        const auto at = [&](ElementKind kind) {
            return window.document()->model().diagram.nodes.at(ids[kind]);
        };
        QVERIFY(at(ElementKind::Aggregate).x < at(ElementKind::Command).x);
        QVERIFY(at(ElementKind::Command).x < at(ElementKind::Event).x);
        QVERIFY(at(ElementKind::Event).x < at(ElementKind::ReadModel).x);
        QVERIFY(at(ElementKind::ReadModel).x < at(ElementKind::Query).x);
        for (ElementKind kind : {ElementKind::Event, ElementKind::ReadModel, ElementKind::Query})
            QCOMPARE(at(kind).y, at(ElementKind::Command).y); // one row: straight lines
        // A second command goes under the first, in its column.
        window.addAction(ElementKind::Command)->trigger();
        const NodePosition second = window.document()->model().diagram.nodes.at(
            window.scene()->selectedElementIds().front());
        QCOMPARE(second.x, at(ElementKind::Command).x);
        QVERIFY(second.y > at(ElementKind::Command).y);
        verifyEveryNodeInReach(window.document()->model());
    }

    void defaultNamesFitTheirNode()
    {
        Document doc;
        doc.resetModel(emptyModel());
        DiagramScene scene(&doc);
        for (ElementKind kind : kAllElementKinds) {
            for (int i = 0; i < 12; ++i) {
                const std::string id = doc.addElement(kind, {0, 0});
                const QString name
                    = QString::fromStdString(elementName(*findElement(doc.model(), id)));
                QCOMPARE(scene.nodeItem(id)->displayedName(), name);
            }
        }
        // A name cleared in the inspector: the node shows the id, not nothing.
        const std::string id = doc.addElement(ElementKind::Query, {0, 0});
        doc.setElementName(id, "");
        QCOMPARE(scene.nodeItem(id)->displayedName(), QString::fromStdString(id));
    }

    // The shipped examples' names ("RecordPlaybackProgress",
    // "ReleaseStockWhenOrderCancelled") are drawn whole, a little smaller or
    // on two lines, not elided;
    // a name far too long for any node is elided, never drawn below
    // NodeItem::kMinimumNameFit of the font.
    void longNamesShrinkBeforeTheyElide()
    {
        for (const char *file : {"netflix-viewing.cqrs.json", "user-profile.cqrs.json",
                                 "amazon-orders.cqrs.json", "uber-trips.cqrs.json"}) {
            Document doc;
            doc.resetModel(testing::example(file));
            DiagramScene scene(&doc);
            int shrunk = 0;
            int twoLines = 0;
            for (const auto &[id, node] : doc.model().diagram.nodes) {
                const NodeItem *item = scene.nodeItem(id);
                QVERIFY(item);
                const QString name
                    = QString::fromStdString(elementName(*findElement(doc.model(), id)));
                QVERIFY2(item->displayedName() == name,
                         qPrintable(QStringLiteral("%1: %2 drawn as %3")
                                        .arg(file, name, item->displayedName())));
                QVERIFY(item->nameFit() >= NodeItem::kMinimumNameFit && item->nameFit() <= 1.0);
                shrunk += item->nameFit() < 1.0;
                twoLines += item->nameBreak() > 0;
            }
            if (QByteArray(file) == "netflix-viewing.cqrs.json")
                QVERIFY(shrunk > 0); // RecordPlaybackProgress does not fit at full size
            if (QByteArray(file) == "amazon-orders.cqrs.json")
                QVERIFY(twoLines > 0); // ReleaseStockWhen / OrderCancelled
        }
        Document doc;
        doc.resetModel(emptyModel());
        DiagramScene scene(&doc);
        const std::string id = doc.addElement(ElementKind::ReadModel, {0, 0});
        const QString longName
            = QStringLiteral("CustomerLifetimeValueByAcquisitionChannelAndRegion");
        doc.setElementName(id, longName.toStdString());
        const NodeItem *item = scene.nodeItem(id);
        QVERIFY(item->displayedName().endsWith(QChar(0x2026)));
        QVERIFY(item->displayedName().size() < longName.size());
        QVERIFY(item->nameFit() >= NodeItem::kMinimumNameFit);
    }

    // Issue 8, broken 5: a model drawn from scratch with New > Empty model
    // must show something on its first run.
    // The rate comes with the first command and leaves with its undo; a model
    // that has a rate keeps it.
    void firstCommandBringsARate()
    {
        Document doc;
        Model empty;
        empty.workload.duration = 60;
        doc.resetModel(empty);
        doc.addElement(ElementKind::Command, QPointF(0, 0));
        QCOMPARE(doc.model().workload.commandRate, kStarterCommandRate);
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QVERIFY(doc.model().commands.empty());
        QCOMPARE(doc.model().workload.commandRate, 0.0);
        doc.undoStack()->redo();
        doc.addElement(ElementKind::Command, QPointF(200, 0));
        QCOMPARE(doc.model().workload.commandRate, kStarterCommandRate);

        Model busy;
        busy.workload.duration = 60;
        busy.workload.queryRate = 0;
        busy.workload.commandRate = 3;
        doc.resetModel(busy);
        doc.addElement(ElementKind::Command, QPointF(0, 0));
        QCOMPARE(doc.model().workload.commandRate, 3.0);
        doc.addElement(ElementKind::Query, QPointF(0, 200));
        QCOMPARE(doc.model().workload.queryRate, kStarterQueryRate);

        // Deleting every command takes the rate along (else: an error); undo
        // brings both back.
        std::vector<std::string> commandIds;
        for (const Command &c : doc.model().commands)
            commandIds.push_back(c.id);
        const int steps = doc.undoStack()->count();
        doc.deleteItems(commandIds, {}, {});
        QVERIFY(doc.model().commands.empty());
        QCOMPARE(doc.model().workload.commandRate, 0.0);
        QCOMPARE(doc.model().workload.queryRate, kStarterQueryRate);
        for (const Diagnostic &d : validateModel(doc.model()))
            QVERIFY2(!(d.isError() && d.path == "/workload/commandRate"), d.message.c_str());
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        QVERIFY2(doc.undoStack()->undoText().endsWith(QStringLiteral(" (command rate to 0)")),
                 qPrintable(doc.undoStack()->undoText()));
        doc.undoStack()->undo();
        QCOMPARE(doc.model().commands.size(), std::size_t(1));
        QCOMPARE(doc.model().workload.commandRate, 3.0);
    }

    void firstRunOfAModelDrawnFromScratch()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.fileController()->openExample(":/examples/user-profile.cqrs.json");
        bool chose = false;
        QTimer::singleShot(50, [&] {
            auto *gallery = qobject_cast<ExampleGallery *>(QApplication::activeModalWidget());
            if (!gallery)
                return;
            gallery->list()->setCurrentRow(0); // Empty model
            chose = gallery->selectedResource().isEmpty();
            gallery->accept();
        });
        window.findChild<QAction *>("newFile")->trigger();
        QVERIFY(chose);
        Document *doc = window.document();
        QVERIFY(allElementIds(doc->model()).empty());
        // An empty model is not an invalid one: nothing to simulate is a warning.
        QVERIFY(!hasErrors(validateModel(doc->model())));
        std::map<ElementKind, std::string> ids;
        for (ElementKind kind : {ElementKind::Aggregate, ElementKind::Command, ElementKind::Event,
                                 ElementKind::ReadModel, ElementKind::Query}) {
            window.addAction(kind)->trigger();
            ids[kind] = window.scene()->selectedElementIds().front();
        }
        QCOMPARE(doc->model().workload.commandRate, kStarterCommandRate);
        QCOMPARE(doc->model().workload.queryRate, kStarterQueryRate);
        QSignalSpy said(window.scene(), &DiagramScene::statusMessage);
        QVERIFY(window.scene()->connectNodes(ids[ElementKind::Command], ids[ElementKind::Event]));
        // Named as the canvas shows them ("Connected place-order to order-placed" before).
        const auto nameOf = [&](ElementKind kind) {
            return QString::fromStdString(elementName(*findElement(doc->model(), ids[kind])));
        };
        QVERIFY(!said.isEmpty());
        QCOMPARE(said.last().at(0).toString(),
                 QStringLiteral("Connected %1 to %2.")
                     .arg(nameOf(ElementKind::Command), nameOf(ElementKind::Event)));
        QVERIFY(nameOf(ElementKind::Command) != QString::fromStdString(ids[ElementKind::Command]));
        QVERIFY(window.scene()->connectNodes(ids[ElementKind::Event], ids[ElementKind::ReadModel]));
        QVERIFY(window.scene()->connectNodes(ids[ElementKind::ReadModel], ids[ElementKind::Query]));
        const Model model = doc->model();
        const Diagnostics diagnostics = validateModel(model);
        QVERIFY2(!hasErrors(diagnostics), serializeModel(model).c_str());

        sim::SimulationOptions options;
        options.duration = 30;
        const Json result = sim::simulate(model, options);
        QVERIFY(result["commands"]["total"]["accepted"].get<double>() > 0);
        const Json &view = result["readModels"][ids[ElementKind::ReadModel]];
        QVERIFY(view["applied"].get<double>() > 0);
        QVERIFY(view["consistencyWindow"]["mean"].get<double>() > 0);
        QVERIFY(result["queries"][ids[ElementKind::Query]]["issued"].get<double>() > 0);
        QVERIFY(result["writeSide"]["utilization"].get<double>() > 0);
    }

    // A query reads one read model: a second "serves" replaces the first, and says so.
    void secondReadModelReplacesTheServesEdge()
    {
        Document doc;
        doc.resetModel(smallModel());
        DiagramScene scene(&doc);
        QSignalSpy messages(&scene, &DiagramScene::statusMessage);
        const Model before = doc.model();

        // While dragging: the preview says what goes away.
        scene.beginConnection("view-b", scene.nodeItem("view-b")->sceneBody().center());
        scene.updateConnection(scene.nodeItem("get")->sceneBody().center());
        QVERIFY(!messages.isEmpty());
        QString last = messages.last().at(0).toString();
        QVERIFY2(last.contains("instead of") && last.contains("ViewA") && last.contains("ViewB"),
                 qPrintable(last));
        scene.cancelConnection();

        QVERIFY(scene.connectNodes("view-b", "get"));
        QCOMPARE(doc.model().query("get")->readModel, std::string("view-b"));
        last = messages.last().at(0).toString();
        QVERIFY2(last.contains("instead of ViewA"), qPrintable(last));
        QVERIFY(scene.edgeItem({"view-b", "get", Connection::Kind::Serves}));
        QVERIFY(!scene.edgeItem({"view-a", "get", Connection::Kind::Serves}));
        QCOMPARE(doc.undoStack()->count(), 1);
        QVERIFY2(doc.undoStack()->text(0).contains("ViewB → Get (serves), replacing ViewA"),
                 qPrintable(doc.undoStack()->text(0)));
        doc.undoStack()->undo();
        QVERIFY(doc.model() == before);
        QVERIFY(scene.edgeItem({"view-a", "get", Connection::Kind::Serves}));

        // Drawn from the query's handle to the read model: the same edge
        // (it was refused: "Connections start at …, not at a query").
        QVERIFY(scene.connectNodes("get", "view-b"));
        QCOMPARE(doc.model().query("get")->readModel, std::string("view-b"));
        QVERIFY(scene.edgeItem({"view-b", "get", Connection::Kind::Serves}));
        QVERIFY(!scene.edgeItem({"view-a", "get", Connection::Kind::Serves}));
    }

    // Typed numbers that a field refuses are explained next to the field.
    void invalidNumbersAreExplained()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.fileController()->openExample(":/examples/user-profile.cqrs.json");
        Document *doc = window.document();
        Inspector *inspector = window.inspector();
        const std::string view = doc->model().readModels.front().id;
        const int consumers = doc->model().readModel(view)->consumers;
        window.scene()->selectElements({view});

        auto *spin = inspector->findChild<QSpinBox *>("consumers");
        auto *message = inspector->findChild<QLabel *>("consumers.message");
        QVERIFY(spin);
        QVERIFY(message);
        QVERIFY(!message->isVisibleTo(inspector));
        const QString rule = QStringLiteral("Consumers must be a whole number from 1 to %1")
                                 .arg(QLocale().toString(kMaxServers));
        spin->selectAll();
        QTest::keyClicks(spin, "0");
        QTest::keyClick(spin, Qt::Key_Return);
        QCOMPARE(doc->model().readModel(view)->consumers, consumers);
        QVERIFY2(message->isVisibleTo(inspector), qPrintable(message->text()));
        QVERIFY2(message->text().contains(rule), qPrintable(message->text()));
        QVERIFY2(message->text().contains("“0”"), qPrintable(message->text()));

        // Too large: said while typing, not dropped without a word.
        spin->selectAll();
        QTest::keyClicks(spin, "200000");
        QVERIFY2(spin->text().contains("200000"), qPrintable(spin->text()));
        QVERIFY2(message->text().contains(rule), qPrintable(message->text()));
        QTest::keyClick(spin, Qt::Key_Return);
        QCOMPARE(doc->model().readModel(view)->consumers, consumers);

        // A good value is taken and the message goes.
        spin->selectAll();
        QTest::keyClicks(spin, "3");
        QTest::keyClick(spin, Qt::Key_Return);
        QCOMPARE(doc->model().readModel(view)->consumers, 3);
        QVERIFY(!message->isVisibleTo(inspector));

        // Decimal fields, distributions and tables say it too.
        const std::string command = doc->model().commands.front().id;
        window.scene()->selectElements({command});
        auto *share = inspector->findChild<QDoubleSpinBox *>("share");
        share->selectAll();
        QTest::keyClicks(share, "lots");
        QTest::keyClick(share, Qt::Key_Return);
        auto *shareMessage = inspector->findChild<QLabel *>("share.message");
        QVERIFY(shareMessage->isVisibleTo(inspector));
        QVERIFY2(shareMessage->text().contains("Share must be a number of at least 0"),
                 qPrintable(shareMessage->text()));
        auto *p1 = inspector->findChild<QDoubleSpinBox *>("handlerTime.p1");
        const Distribution handler = doc->model().command(command)->handlerTime;
        // Numbers as written elsewhere, without a field's trailing zeros
        // ("0.002000 s" beside "600.000 s").
        QCOMPARE(p1->text(), QLocale().toString(handler.p1, 'g', 6) + QStringLiteral(" s"));
        p1->selectAll();
        QTest::keyClicks(p1, "-2");
        QTest::keyClick(p1, Qt::Key_Return);
        QVERIFY(doc->model().command(command)->handlerTime == handler);
        auto *handlerMessage = inspector->findChild<QLabel *>("handlerTime.message");
        QVERIFY(handlerMessage->isVisibleTo(inspector));
        QVERIFY2(handlerMessage->text().contains("Handler time"),
                 qPrintable(handlerMessage->text()));

        window.scene()->selectElements({view});
        inspector->findChild<QPushButton *>("outages.add")->click();
        auto *table = inspector->findChild<QTableWidget *>("outages");
        const int row = table->rowCount() - 1;
        table->item(row, 1)->setText("soon");
        auto *tableMessage = inspector->findChild<QLabel *>("outages.message");
        QVERIFY(tableMessage->isVisibleTo(inspector));
        QVERIFY2(tableMessage->text().contains("greater than 0")
                     && tableMessage->text().contains("soon"),
                 qPrintable(tableMessage->text()));
        table->item(row, 1)->setText("12");
        QCOMPARE(doc->model().readModel(view)->outages.back().duration, 12.0);
        QVERIFY(!tableMessage->isVisibleTo(inspector));
    }

    // A time typed with its unit ("300 ms", "2 min") is converted to the
    // field's seconds; a unit half typed is not refused while typing.
    void timesTypedWithAUnitAreConverted()
    {
        QCOMPARE(parseTypedNumber(QStringLiteral("250 µs"), {}, QStringLiteral(" s")), 0.00025);
        QCOMPARE(parseTypedNumber(QStringLiteral("1.5h"), {}, QStringLiteral(" s")), 5400.0);
        QCOMPARE(parseTypedNumber(QStringLiteral("4 s"), {}, QStringLiteral(" s")), 4.0);
        QVERIFY(parseTypedNumber(QStringLiteral("700 ms"), {}, QStringLiteral(" s"))
                == 0.7); // not 0.7000000000000001
        QVERIFY(!parseTypedNumber(QStringLiteral("300 mss"), {}, QStringLiteral(" s")));
        QVERIFY(
            !parseTypedNumber(QStringLiteral("300 ms"), {}, QString())); // not a field of seconds
        QCOMPARE(parseTypedNumber(QStringLiteral("300ms s"), {}, QStringLiteral(" s")),
                 0.3); // as the field shows it
        QVERIFY(isUnfinishedTime(QStringLiteral("300 m"), QStringLiteral(" s")));
        QVERIFY(isUnfinishedTime(QStringLiteral("300m s"), QStringLiteral(" s")));
        QVERIFY(!isUnfinishedTime(QStringLiteral("300 x"), QStringLiteral(" s")));

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.fileController()->openExample(":/examples/user-profile.cqrs.json");
        Document *doc = window.document();
        const std::string command = doc->model().commands.front().id;
        window.scene()->selectElements({command});
        Inspector *inspector = window.inspector();
        auto *p1 = inspector->findChild<QDoubleSpinBox *>("handlerTime.p1");
        auto *message = inspector->findChild<QLabel *>("handlerTime.message");
        QVERIFY(p1 && message);
        const Distribution before = doc->model().command(command)->handlerTime;
        QVERIFY(before.p1 != 0.3);

        p1->selectAll();
        QTest::keyClicks(p1, "300 m");
        QVERIFY2(message->text().isEmpty(), qPrintable(message->text())); // still typing
        QTest::keyClicks(p1, "s");
        QTest::keyClick(p1, Qt::Key_Return);
        QCOMPARE(doc->model().command(command)->handlerTime.p1, 0.3);
        QCOMPARE(p1->text(), QLocale().toString(0.3) + QStringLiteral(" s"));
        QVERIFY(!message->isVisibleTo(inspector));

        // Refused as a number would be, with the text as typed and the units.
        p1->selectAll();
        QTest::keyClicks(p1, "-5 ms");
        QTest::keyClick(p1, Qt::Key_Return);
        QCOMPARE(doc->model().command(command)->handlerTime.p1, 0.3);
        QVERIFY2(message->isVisibleTo(inspector), qPrintable(message->text()));
        QVERIFY2(message->text().contains("“-5ms”") && message->text().contains("300 ms, 2 min"),
                 qPrintable(message->text()));

        // Finer than a field keeps: said, not rounded to 0 s.
        window.scene()->selectElements({});
        auto *warmup = inspector->findChild<QDoubleSpinBox *>("workload.warmup");
        auto *warmupMessage = inspector->findChild<QLabel *>("workload.warmup.message");
        QVERIFY(warmup && warmupMessage);
        const double warm = doc->model().workload.warmup;
        warmup->selectAll();
        QTest::keyClicks(warmup, "250 µs");
        QTest::keyClick(warmup, Qt::Key_Return);
        QCOMPARE(doc->model().workload.warmup, warm);
        QVERIFY2(warmupMessage->text().contains("finer than this field keeps (0.001 s)"),
                 qPrintable(warmupMessage->text()));
        warmup->selectAll();
        QTest::keyClicks(warmup, "1.5 min");
        QTest::keyClick(warmup, Qt::Key_Return);
        QCOMPARE(doc->model().workload.warmup, 90.0);
        // Greater than 0 as the rule says, kept as the field's least step
        // (it was "not accepted" below the rule it met).
        auto *duration = inspector->findChild<QDoubleSpinBox *>("workload.duration");
        QVERIFY(duration);
        duration->selectAll();
        QTest::keyClicks(duration, "0.0009995 s");
        QTest::keyClick(duration, Qt::Key_Return);
        QCOMPARE(doc->model().workload.duration, 0.001);
        QVERIFY(
            !inspector->findChild<QLabel *>("workload.duration.message")->isVisibleTo(inspector));
    }

    // A file edited by hand may hold values no field can show: the field says
    // what the file holds, and editing a neighbour does not change it.
    void outOfRangeFileValuesAreSaid()
    {
        QJsonObject root = exampleDocument(QStringLiteral("user-profile"));
        QVERIFY(!root.isEmpty());
        QJsonArray views = root.value("readModels").toArray();
        QJsonObject view = views.first().toObject();
        view["consumers"] = 5000000;
        view["applyTime"] = QJsonObject{{"dist", "normal"}, {"mean", 1e300}, {"stddev", 1e300}};
        views[0] = view;
        root["readModels"] = views;
        QTemporaryDir dir;
        const QString path = writeFile(dir, "huge.cqrs.json", QJsonDocument(root).toJson());

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        AnswerDialogs openAnyway(QMessageBox::Open);
        QVERIFY(window.fileController()->openFile(path));
        Document *doc = window.document();
        Inspector *inspector = window.inspector();
        const std::string id = view.value("id").toString().toStdString();
        window.scene()->selectElements({id});

        auto *message = inspector->findChild<QLabel *>("consumers.message");
        QVERIFY(message);
        QVERIFY(message->isVisibleTo(inspector));
        QVERIFY2(message->text().contains(QLocale().toString(5000000))
                     && message->text().contains("Consumers must be a whole number"),
                 qPrintable(message->text()));
        auto *applyMessage = inspector->findChild<QLabel *>("applyTime.message");
        QVERIFY(applyMessage);
        QVERIFY(applyMessage->isVisibleTo(inspector));
        QVERIFY2(applyMessage->text().contains(QLocale().toString(1e300, 'g', 10) + " s"),
                 qPrintable(applyMessage->text()));

        // Editing the standard deviation keeps the mean the file holds.
        auto *stddev = inspector->findChild<QDoubleSpinBox *>("applyTime.p2");
        QVERIFY(stddev);
        stddev->selectAll();
        QTest::keyClicks(stddev, "0.002");
        QTest::keyClick(stddev, Qt::Key_Return);
        const Distribution apply = doc->model().readModel(id)->applyTime;
        QCOMPARE(apply.p2, 0.002);
        QCOMPARE(apply.p1, 1e300);
        // The mean's note stays, though the standard deviation's has gone.
        QVERIFY(applyMessage->isVisibleTo(inspector));
        QVERIFY2(applyMessage->text().contains(QStringLiteral("mean")),
                 qPrintable(applyMessage->text()));

        // A value typed in range replaces it and the message goes; undo brings both back.
        auto *consumers = inspector->findChild<QSpinBox *>("consumers");
        consumers->selectAll();
        QTest::keyClicks(consumers, "4");
        QTest::keyClick(consumers, Qt::Key_Return);
        QCOMPARE(doc->model().readModel(id)->consumers, 4);
        QVERIFY(!message->isVisibleTo(inspector));
        doc->undoStack()->undo();
        QCOMPARE(doc->model().readModel(id)->consumers, 5000000);
        QVERIFY(message->isVisibleTo(inspector));
        doc->undoStack()->redo();
        QVERIFY(!message->isVisibleTo(inspector));
        // The value shown, typed in, takes the place of the model's (Qt says
        // nothing of a value that did not change).
        doc->undoStack()->undo();
        QVERIFY(message->isVisibleTo(inspector));
        consumers->selectAll();
        QTest::keyClicks(consumers, QString::number(consumers->maximum()));
        QVERIFY(message->isVisibleTo(inspector)); // typed, not yet taken
        QTest::keyClick(consumers, Qt::Key_Return);
        QCOMPARE(doc->model().readModel(id)->consumers, consumers->maximum());
        QVERIFY(!message->isVisibleTo(inspector));
        closeDiscarding(window);
    }

    // Two read models with one id were drawn as one node; a click selected
    // both and the inspector could edit neither.
    void duplicateIdsCanBeTold()
    {
        QJsonObject root = exampleDocument(QStringLiteral("user-profile"));
        QVERIFY(!root.isEmpty());
        QJsonArray views = root.value("readModels").toArray();
        QJsonObject copy = views.first().toObject();
        const std::string id = copy.value("id").toString().toStdString();
        copy["name"] = "Copy";
        copy["consumers"] = 3;
        views.append(copy);
        root["readModels"] = views;
        QTemporaryDir dir;
        const QString path = writeFile(dir, "twice.cqrs.json", QJsonDocument(root).toJson());

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.fileController()->openFile(path));
        const Model &m = window.document()->model();
        const ReadModel &second = m.readModels.back();
        QCOMPARE(second.name, std::string("Copy"));
        QVERIFY(second.id != id);
        QCOMPARE(m.readModels.front().id, id);
        // A node of its own, apart from the first.
        QVERIFY(window.scene()->nodeItem(second.id));
        QVERIFY(window.scene()->nodeItem(second.id) != window.scene()->nodeItem(id));
        const NodePosition a = m.diagram.nodes.at(id), b = m.diagram.nodes.at(second.id);
        QVERIFY(std::abs(a.x - b.x) + std::abs(a.y - b.y) > 20);
        // Selected alone, it can be edited.
        window.scene()->selectElements({second.id});
        auto *consumers = window.inspector()->findChild<QSpinBox *>("consumers");
        QVERIFY(consumers && consumers->isEnabled());
        QCOMPARE(consumers->value(), 3);
        // Problems says what was done; closing asks to save it.
        QApplication::processEvents();
        const QList<QTreeWidgetItem *> said = window.problemsPanel()->list()->findItems(
            QStringLiteral("is now “%1”").arg(QString::fromStdString(second.id)),
            Qt::MatchContains);
        QCOMPARE(said.size(), 1);
        QVERIFY(!window.document()->undoStack()->isClean());
        // Saved, the file has the ids: the note goes.
        QVERIFY(window.fileController()->saveToFile(path));
        QApplication::processEvents();
        QTRY_VERIFY(
            window.problemsPanel()
                ->list()
                ->findItems(QStringLiteral("is now “%1”").arg(QString::fromStdString(second.id)),
                            Qt::MatchContains)
                .isEmpty());
        closeDiscarding(window);
    }

    void exportWritesACqrsJsonName()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        window.fileController()->openExample(":/examples/user-profile.cqrs.json");
        QVERIFY(window.fileController()->exportTo(dir.filePath("copy")));
        QVERIFY(QFile::exists(dir.filePath("copy.cqrs.json")));
        QVERIFY(!QFile::exists(dir.filePath("copy")));
        QVERIFY(window.document()->filePath().isEmpty()); // the window keeps its document
        QVERIFY(window.fileController()->exportTo(dir.filePath("named.json")));
        QVERIFY(QFile::exists(dir.filePath("named.json")));
        // The menu says how Export differs from Save As.
        const QString tip = window.findChild<QAction *>("exportJson")->statusTip();
        QVERIFY2(tip.contains("Save As") && tip.contains(".cqrs.json"), qPrintable(tip));
    }

    void problemsPanelStaysReadable_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1920x1080") << QSize(1920, 1080);
        QTest::newRow("1280x800") << QSize(1280, 800);
    }
    void problemsPanelStaysReadable()
    {
        QFETCH(QSize, size);
        MainWindow window;
        window.resize(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.fileController()->openExample(":/examples/netflix-viewing.cqrs.json");
        window.addAction(ElementKind::ReadModel)->trigger(); // subscribes to nothing: an error
        const std::string id = window.scene()->selectedElementIds().front();
        window.refreshProblems();
        // What a run shows next to it: the charts (bottom) and the summary (right).
        window.runUi()->chartsDock()->show();
        window.runUi()->summaryDock()->show();
        QApplication::processEvents();
        window.resize(size); // as after the window manager's first layout
        QApplication::processEvents();

        ProblemsPanel *panel = window.problemsPanel();
        const int chars = panel->fontMetrics().averageCharWidth();
        QVERIFY2(
            panel->width() >= 50 * chars,
            qPrintable(
                QStringLiteral("%1 px, %2 chars").arg(panel->width()).arg(panel->width() / chars)));
        QTreeWidget *list = panel->list();
        QVERIFY2(list->columnWidth(0) >= 25 * chars,
                 qPrintable(QStringLiteral("%1 %2 %3 of %4, chars %5")
                                .arg(list->columnWidth(0))
                                .arg(list->columnWidth(1))
                                .arg(list->columnWidth(2))
                                .arg(list->viewport()->width())
                                .arg(chars)));

        // Every row tells its whole message on hover.
        QVERIFY(list->topLevelItemCount() > 0);
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            QTreeWidgetItem *row = list->topLevelItem(i);
            for (int column = 0; column < 3; ++column)
                QVERIFY2(row->toolTip(column).contains(row->text(0).toHtmlEscaped()),
                         qPrintable(row->text(0)));
        }
        // And so does the node's error badge, at once.
        NodeItem *node = window.scene()->nodeItem(id);
        QVERIFY(node->problemSeverity() == Diagnostic::Severity::Error);
        QVERIFY(node->problemMarker()->isVisible());
        const Diagnostics diagnostics = validateModel(window.document()->model());
        for (const Diagnostic &d : diagnostics) {
            if (d.elementId != id)
                continue;
            const QString text = QString::fromStdString(d.message).toHtmlEscaped();
            QVERIFY2(node->problemMarker()->toolTip().contains(text), qPrintable(text));
            QVERIFY2(node->toolTip().contains(text), qPrintable(node->toolTip()));
        }
        AnswerDialogs discard(QMessageBox::Discard);
        window.close();
    }

    void selectingANodeBringsTheInspectorForward()
    {
        MainWindow window;
        window.resize(1600, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.fileController()->openExample(":/examples/user-profile.cqrs.json");
        // As after a run: the summary is a tab in front of the inspector.
        QDockWidget *inspector = dock(window, "inspectorDock");
        QDockWidget *summary = window.runUi()->summaryDock();
        window.tabifyDockWidget(inspector, summary);
        summary->show();
        summary->raise();
        QApplication::processEvents();
        QVERIFY(!dockTabInFront(window, inspector->windowTitle()));

        window.scene()->selectElements({window.document()->model().readModels.front().id});
        QApplication::processEvents();
        QVERIFY(dockTabInFront(window, inspector->windowTitle()));

        // Clicking the canvas away (nothing selected) leaves the summary alone.
        summary->raise();
        QApplication::processEvents();
        window.scene()->clearSelection();
        QApplication::processEvents();
        QVERIFY(dockTabInFront(window, summary->windowTitle()));
    }

private:
    static void closeDiscarding(MainWindow &window)
    {
        AnswerDialogs discard(QMessageBox::Discard);
        window.close();
    }
};

QTEST_MAIN(TestEditing)
#include "tst_editing.moc"
