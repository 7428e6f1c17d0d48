// The canvas follows the document, connects by drag and turns drags into
// single undo steps.
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/edgeitem.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/editor/scene.h"
#include "testmodels.h"

#include <cqrs/model/modeljson.h>

#include <QGraphicsPathItem>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>

using namespace cqrs;

namespace {

// The scene draws every connection except event -> aggregate (shown as text).
size_t drawnConnections(const Model &model)
{
    const auto all = connectionsOf(model);
    return size_t(std::count_if(all.begin(), all.end(), [](const Connection &c) {
        return c.kind != Connection::Kind::BelongsTo;
    }));
}

} // namespace

class TestScene : public QObject
{
    Q_OBJECT

private slots:
    void followsTheDocument()
    {
        Document doc;
        doc.resetModel(testing::example("user-profile.cqrs.json"));
        DiagramScene scene(&doc);
        const Model &m = doc.model();
        const size_t elements = m.aggregates.size() + m.commands.size() + m.events.size()
                                + m.readModels.size() + m.policies.size() + m.queries.size();
        QCOMPARE(size_t(scene.nodeCount()), elements);
        QCOMPARE(size_t(scene.edgeCount()), drawnConnections(m));
        QVERIFY(scene.edgeCount() > 5);

        // Every node sits where the model says.
        for (const auto &[id, pos] : m.diagram.nodes) {
            NodeItem *node = scene.nodeItem(id);
            QVERIFY2(node, id.c_str());
            QCOMPARE(node->pos(), QPointF(pos.x, pos.y));
        }

        // Add, rename, delete and undo: the map and the edges follow.
        const std::string id = doc.addElement(ElementKind::Event, {10, 10});
        QVERIFY(scene.nodeItem(id));
        QVERIFY(doc.renameElement(id, "renamed-event"));
        QVERIFY(!scene.nodeItem(id));
        QCOMPARE(scene.nodeItem("renamed-event")->id(), std::string("renamed-event"));
        const std::string command = m.commands.front().id;
        QVERIFY(scene.connectNodes(command, "renamed-event"));
        QVERIFY(scene.edgeItem({command, "renamed-event", Connection::Kind::Emits}));
        doc.undoStack()->undo(); // connect
        QVERIFY(!scene.edgeItem({command, "renamed-event", Connection::Kind::Emits}));
        doc.undoStack()->undo(); // rename
        doc.undoStack()->undo(); // add
        QVERIFY(!scene.nodeItem(id));
        QCOMPARE(size_t(scene.nodeCount()), elements);
    }

    void refusedConnectionShowsWhy()
    {
        Document doc;
        doc.resetModel(testing::example("user-profile.cqrs.json"));
        DiagramScene scene(&doc);
        QSignalSpy messages(&scene, &DiagramScene::statusMessage);
        const std::string before = serializeModel(doc.model());
        const std::string query = doc.model().queries.front().id;
        const std::string command = doc.model().commands.front().id;
        QVERIFY(!scene.connectNodes(query, command));
        QCOMPARE(serializeModel(doc.model()), before);
        QVERIFY(!messages.isEmpty());
        QVERIFY(messages.last().at(0).toString().startsWith("Cannot connect"));
    }

    void mouseDragConnectsAndMoves()
    {
        Model model;
        model.name = "Drag";
        model.aggregates.push_back({"acc", "Account", 10, Json::object()});
        Command open;
        open.id = "open";
        open.name = "Open";
        open.aggregate = "acc";
        model.commands.push_back(open);
        model.events.push_back({"opened", "Opened", "acc", {}, Json::object()});
        model.diagram.nodes["acc"] = {0, 0, Json::object()};
        model.diagram.nodes["open"] = {0, 200, Json::object()};
        model.diagram.nodes["opened"] = {400, 200, Json::object()};
        Document doc;
        doc.resetModel(model);
        const std::string original = serializeModel(doc.model());
        DiagramScene scene(&doc);
        CanvasView view(&scene);
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.resetZoom();
        view.centerOn(300, 200);

        // Drag from the command's connector handle onto the event.
        NodeItem *command = scene.nodeItem("open");
        NodeItem *event = scene.nodeItem("opened");
        const QPoint from = view.mapFromScene(command->mapToScene(command->handleRect().center()));
        const QPoint to = view.mapFromScene(event->sceneBody().center());
        QTest::mousePress(view.viewport(), Qt::LeftButton, {}, from);
        QVERIFY(scene.isConnecting());
        QTest::mouseMove(view.viewport(), (from + to) / 2);
        QTest::mouseMove(view.viewport(), to);
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, to);
        QCOMPARE(doc.model().command("open")->emits, std::vector<std::string>{"opened"});
        QVERIFY(scene.edgeItem({"open", "opened", Connection::Kind::Emits}));
        QCOMPARE(doc.undoStack()->count(), 1);

        // Dragging from the event back onto the command means nothing: refused,
        // with a hint and a red preview left up for a moment.
        QSignalSpy hints(&scene, &DiagramScene::statusMessage);
        const QPoint back = view.mapFromScene(event->mapToScene(event->handleRect().center()));
        const QPoint onCommand = view.mapFromScene(command->sceneBody().center());
        QTest::mousePress(view.viewport(), Qt::LeftButton, {}, back);
        QTest::mouseMove(view.viewport(), onCommand);
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, onCommand);
        QCOMPARE(doc.undoStack()->count(), 1);
        QVERIFY(!hints.isEmpty());
        QVERIFY(hints.last().at(0).toString().startsWith("Cannot connect"));
        bool redPreview = false;
        for (QGraphicsItem *item : scene.items()) {
            if (auto *path = dynamic_cast<QGraphicsPathItem *>(item))
                redPreview |= path->pen().color() == QColor(0xd3, 0x2f, 0x2f);
        }
        QVERIFY(redPreview);
        auto previewShown = [&scene] {
            const QList<QGraphicsItem *> items = scene.items();
            return std::any_of(items.begin(), items.end(), [](QGraphicsItem *i) {
                return dynamic_cast<QGraphicsPathItem *>(i) != nullptr;
            });
        };
        QVERIFY(previewShown());
        QTRY_VERIFY_WITH_TIMEOUT(!previewShown(), 3000);

        // Drag the event node by its body: one undo step, model updated.
        const QPoint grab = view.mapFromScene(event->sceneBody().center());
        QTest::mousePress(view.viewport(), Qt::LeftButton, {}, grab);
        for (int i = 1; i <= 5; ++i)
            QTest::mouseMove(view.viewport(), grab + QPoint(10 * i, 8 * i));
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, grab + QPoint(50, 40));
        QCOMPARE(doc.undoStack()->count(), 2);
        QCOMPARE(doc.model().diagram.nodes.at("opened").x, 450.0);
        QCOMPARE(doc.model().diagram.nodes.at("opened").y, 240.0);

        // Arrow keys nudge the selection (the dragged node is selected).
        QVERIFY(event->isSelected());
        QTest::keyClick(view.viewport(), Qt::Key_Right);
        QTest::keyClick(view.viewport(), Qt::Key_Down, Qt::ShiftModifier);
        QCOMPARE(doc.model().diagram.nodes.at("opened").x, 460.0);
        QCOMPARE(doc.model().diagram.nodes.at("opened").y, 290.0);
        // One step for the nudges of the same selection, not one per key.
        QCOMPARE(doc.undoStack()->count(), 3);
        QCOMPARE(doc.undoStack()->text(2), QStringLiteral("Nudge"));
        // Nudged back to where the first nudge found it: no step at all.
        QTest::keyClick(view.viewport(), Qt::Key_Left);
        QTest::keyClick(view.viewport(), Qt::Key_Up, Qt::ShiftModifier);
        QCOMPARE(doc.model().diagram.nodes.at("opened").x, 450.0);
        QCOMPARE(doc.undoStack()->count(), 2);
        QTest::keyClick(view.viewport(), Qt::Key_Right);
        QCOMPARE(doc.undoStack()->count(), 3);
        // Another selection's nudge, or a nudge after a save, is a step of its own.
        doc.undoStack()->setClean();
        QTest::keyClick(view.viewport(), Qt::Key_Right);
        QCOMPARE(doc.undoStack()->count(), 4);
        QCOMPARE(doc.model().diagram.nodes.at("opened").x, 470.0);
        QTest::keyClick(view.viewport(), Qt::Key_Escape);
        QVERIFY(scene.selectedItems().isEmpty());

        while (doc.undoStack()->canUndo())
            doc.undoStack()->undo();
        QCOMPARE(serializeModel(doc.model()), original);
        QCOMPARE(scene.nodeItem("opened")->pos(), QPointF(400, 200));
    }

    void deleteSelectionIsUndoable()
    {
        Document doc;
        doc.resetModel(testing::example("netflix-viewing.cqrs.json"));
        DiagramScene scene(&doc);
        const std::string original = serializeModel(doc.model());
        const std::string event = doc.model().events.front().id;
        scene.selectElements({event, doc.model().queries.front().id});
        QCOMPARE(scene.selectedElementIds().size(), size_t(2));
        scene.deleteSelection();
        QVERIFY(!scene.nodeItem(event));
        QVERIFY(!doc.model().event(event));
        for (const Connection &c : connectionsOf(doc.model()))
            QVERIFY(c.from != event && c.to != event);
        doc.undoStack()->undo();
        QCOMPARE(serializeModel(doc.model()), original);
        QVERIFY(scene.nodeItem(event));
        QCOMPARE(size_t(scene.edgeCount()), drawnConnections(doc.model()));
    }

    // Zoomed too far out for a note's text to be read (the examples open at
    // 30 to 45% on a laptop's screen), the note shows a bar per line of its
    // text: before, it was an empty yellow sheet. Close up, the text itself.
    void farNoteShowsItsLines()
    {
        Document doc;
        doc.resetModel(testing::example("netflix-viewing.cqrs.json"));
        DiagramScene scene(&doc);
        NoteItem *note = scene.noteItem(0);
        QVERIFY(note && !note->text().isEmpty());
        const QColor paper(0xfd, 0xf6, 0xc3);
        const auto inkShare = [&](double zoom) {
            const QRectF sheet = note->sceneBoundingRect();
            QImage image((sheet.size() * zoom).toSize(), QImage::Format_RGB32);
            image.fill(Qt::white);
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            scene.render(&painter, QRectF(QPointF(), image.size()), sheet);
            painter.end();
            // The sheet's inside, off its border and folded corner.
            int ink = 0;
            int all = 0;
            for (int y = image.height() / 10; y < image.height() * 7 / 10; ++y) {
                for (int x = image.width() / 10; x < image.width() * 8 / 10; ++x, ++all) {
                    const QColor c = image.pixelColor(x, y);
                    if (std::abs(c.red() - paper.red()) + std::abs(c.green() - paper.green())
                            + std::abs(c.blue() - paper.blue())
                        > 40)
                        ++ink;
                }
            }
            return all > 0 ? double(ink) / all : 0.0;
        };
        const double far = inkShare(0.3);
        const double close = inkShare(1.0);
        QVERIFY2(far > 0.08, qPrintable(QString::number(far)));
        QVERIFY2(close > 0.03, qPrintable(QString::number(close)));
    }
};

QTEST_MAIN(TestScene)
#include "tst_scene.moc"
