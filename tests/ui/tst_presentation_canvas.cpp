// Presentation mode (issue 12) on a 1920x1080 screen: the canvas's node names
// are at least 18 px high too, measured on the picture the canvas draws, no
// two of them read alike, and they are back to the zoom's size when
// presenting ends.
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/editor/edgeitem.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "projectortestutil.h"
#include "cqrs/ui/run/presentation.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/editor/scene.h"
#include "testmodels.h"

#include <cqrs/model/modeljson.h>

#include <QApplication>
#include <cmath>
#include <QDockWidget>
#include <QFile>
#include <QSet>
#include <QGraphicsView>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace cqrs;

namespace {

CanvasView *canvasOf(MainWindow &window)
{
    for (QGraphicsView *view : window.findChildren<QGraphicsView *>()) {
        if (auto *canvas = qobject_cast<CanvasView *>(view))
            return canvas;
    }
    return nullptr;
}

/// The Netflix example presented from a 1500x900 window, once the docks and
/// the canvas are placed; its canvas, nullptr when that did not happen.
CanvasView *presentNetflix(MainWindow &window)
{
    window.document()->resetModel(testing::example("netflix-viewing.cqrs.json"));
    window.resize(1500, 900);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return nullptr;
    PresentationMode *present = window.runUi()->presentation();
    present->setActive(true);
    return QTest::qWaitFor([present] { return present->isSettled(); }) ? canvasOf(window) : nullptr;
}

/// The workshop's example (User profile) in a 1500x900 window; its canvas,
/// nullptr when the window did not show.
CanvasView *showWorkshopExample(MainWindow &window)
{
    window.document()->resetModel(testing::example("user-profile.cqrs.json"));
    window.resize(1500, 900);
    window.show();
    return QTest::qWaitForWindowExposed(&window) ? canvasOf(window) : nullptr;
}

QList<NodeItem *> nodesOf(QGraphicsView *view)
{
    QList<NodeItem *> nodes;
    for (QGraphicsItem *item : view->scene()->items()) {
        if (item->type() == NodeItem::Type)
            nodes.append(static_cast<NodeItem *>(item));
    }
    return nodes;
}

/// Height in pixels of the dark ink (text) in the middle band of a node as the
/// canvas shows it: the rows between its vertical centre ± 20 px, the middle
/// 70% of its width.
int nameInkHeight(QGraphicsView *view, NodeItem *node)
{
    const QRect body = view->mapFromScene(node->sceneBody()).boundingRect();
    const QPoint c = body.center();
    const QRect band(c.x() - body.width() * 35 / 100, c.y() - 20, body.width() * 70 / 100, 41);
    return testing::inkHeight(view->viewport()->grab(band).toImage(), 90);
}

} // namespace

class TestPresentationCanvas : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void nodeNamesAtLeast18Pixels_data();
    void nodeNamesAtLeast18Pixels();
    void longNameKeepsClearOfANeighbour();
    void presentedNoteKeepsOffNodes();
    void badgeReadableWhenPresenting();
    void badgeReadableWhenZoomedOut();
    void addedWhilePresenting();
    void noKindTitlesWhilePresenting();
};

void TestPresentationCanvas::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCOMPARE(QGuiApplication::primaryScreen()->size(), QSize(1920, 1080));
}

void TestPresentationCanvas::nodeNamesAtLeast18Pixels_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("user-profile") << QStringLiteral("user-profile.cqrs.json");
    QTest::newRow("netflix") << QStringLiteral("netflix-viewing.cqrs.json");
    QTest::newRow("amazon") << QStringLiteral("amazon-orders.cqrs.json");
    QTest::newRow("uber") << QStringLiteral("uber-trips.cqrs.json");
}

void TestPresentationCanvas::nodeNamesAtLeast18Pixels()
{
    QFETCH(QString, file);
    MainWindow window;
    window.document()->resetModel(testing::example(file.toStdString()));
    window.resize(1500, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    CanvasView *canvas = canvasOf(window);
    QVERIFY(canvas);
    const QList<NodeItem *> nodes = nodesOf(canvas);
    QVERIFY(nodes.size() > 5);

    PresentationMode *present = window.runUi()->presentation();
    present->setActive(true);
    QTRY_COMPARE(window.size(), QSize(1920, 1080));
    QTRY_VERIFY_WITH_TIMEOUT(window.runUi()->chartsDock()->width() > 800, 10000);
    QTRY_VERIFY(present->isSettled()); // the docks are sized and the canvas refitted on timers
    const double lod = canvas->transform().m11();
    int measured = 0;
    for (NodeItem *node : nodes) {
        QVERIFY2(node->namePixels(lod) >= PresentationMode::kCanvasTextPixels - 1e-9,
                 qPrintable(QStringLiteral("%1: %2 px at zoom %3")
                                .arg(QString::fromStdString(node->id()))
                                .arg(node->namePixels(lod))
                                .arg(lod)));
        // On the picture: the name's letters (cap to descender) are at least 13 px.
        if (canvas->viewport()->rect().contains(canvas->mapFromScene(node->center()))) {
            const int ink = nameInkHeight(canvas, node);
            QVERIFY2(ink >= 13, qPrintable(QStringLiteral("%1: ink %2 px at zoom %3")
                                               .arg(QString::fromStdString(node->id()))
                                               .arg(ink)
                                               .arg(lod)));
            ++measured;
        }
    }
    QVERIFY(measured > 5);
    // Names that share a beginning stay apart on the projector
    // (PlaybackStarted, PlaybackStopped, PlaybackProgressed: two lines, not
    // three "Playbac…").
    // No name of the examples is cut: a long one reaches past its node's
    // sides or is drawn a little narrower ("UserSearch / Index",
    // "Recommendations", not "UserSear…", "Recommenda…").
    QSet<QString> presented;
    for (NodeItem *node : nodes) {
        const QString name = node->presentedName(lod);
        QVERIFY2(!name.contains(QChar(0x2026)), qPrintable(QStringLiteral("%1: \"%2\" at zoom %3")
                                                                .arg(QString::fromStdString(node->id()), name)
                                                                .arg(lod)));
        presented.insert(name);
    }
    QCOMPARE(presented.size(), nodes.size());
    // The sticky notes' text (the outage and rebuild the room is told about)
    // at three quarters of the names' size, as the badges: it stayed at the
    // zoom's 6 px. A note widens only up to the node to its right.
    QList<NoteItem *> notes;
    for (QGraphicsItem *item : canvas->scene()->items()) {
        if (item->type() == NoteItem::Type)
            notes.append(static_cast<NoteItem *>(item));
    }
    for (NoteItem *note : notes) {
        const double pixels = note->textPixels(lod);
        QVERIFY2(pixels >= 0.75 * PresentationMode::kCanvasTextPixels - 0.5,
                 qPrintable(note->text() + QStringLiteral(": ") + QString::number(pixels)));
        // Nodes draw above notes: a larger note lies on none it did not before.
        const QRectF paper(note->pos(), note->size());
        for (NodeItem *node : nodes)
            QVERIFY2(!paper.intersects(node->sceneBody()) || note->ownSceneRect().intersects(node->sceneBody()),
                     qPrintable(note->text() + QStringLiteral(" over ") + QString::fromStdString(node->id())));
    }

    // Leaving: the names as the zoom gives (smaller than 18 px at this zoom).
    present->setActive(false);
    QTRY_VERIFY(!window.isFullScreen());
    for (NodeItem *node : nodes)
        QCOMPARE(node->minimumNamePixels(), 0.0);
    for (NoteItem *note : notes) {
        QCOMPARE(note->textScale(), 1.0);
        QCOMPARE(note->size().width(), 180.0);
    }
    if (lod < 1.0)
        QVERIFY(nodes.front()->namePixels(lod) < PresentationMode::kCanvasTextPixels);
}

void TestPresentationCanvas::longNameKeepsClearOfANeighbour()
{
    // "Recommendations" at projector size needs room past its node's sides;
    // with the next column at the layout's gap it gets it, with a node put
    // 20 units beside it, it does not reach into that node.
    Model m = testing::example("netflix-viewing.cqrs.json");
    Document document;
    document.resetModel(m);
    DiagramScene scene(&document);
    NodeItem *node = scene.nodeItem("recommendations");
    NodeItem *neighbour = scene.nodeItem("recommended-rows");
    QVERIFY(node && neighbour);
    const double lod = 0.62;
    node->setMinimumNamePixels(PresentationMode::kCanvasTextPixels);
    neighbour->setMinimumNamePixels(PresentationMode::kCanvasTextPixels);
    QCOMPARE(node->presentedName(lod), QStringLiteral("Recommendations"));

    neighbour->setPos(node->sceneBody().right() + 20, node->pos().y());
    const QString close = node->presentedName(lod);
    QVERIFY2(close.contains(QChar(0x2026)), qPrintable(close)); // cut, rather than drawn over the neighbour

    neighbour->setPos(node->sceneBody().right() + 200, node->pos().y());
    QCOMPARE(node->presentedName(lod), QStringLiteral("Recommendations"));
}

// A note's larger text ran under the node below it (nodes draw above notes):
// the note takes the size at which it covers none, down to its own.
void TestPresentationCanvas::presentedNoteKeepsOffNodes()
{
    Document document;
    document.resetModel(testing::example("amazon-orders.cqrs.json"));
    DiagramScene scene(&document);
    NoteItem *note = scene.noteItem(0);
    NodeItem *node = scene.nodeItem("revenue-report");
    QVERIFY(note && node);
    const double own = note->ownSceneRect().height();
    const double pixels = 2 * note->textPixels(1.0); // twice its size, at a zoom of 1 (no view)
    node->setPos(-1e5, -1e5); // out of the way
    note->setMinimumTextPixels(pixels);
    QCOMPARE(note->textScale(), 2.0);
    QVERIFY(note->size().height() > own * 1.5);
    // A node just below the note's own size: the text grows less.
    note->setMinimumTextPixels(0);
    node->setPos(note->pos() + QPointF(10, own + 20));
    note->setMinimumTextPixels(pixels);
    QVERIFY2(note->textScale() < 2.0, qPrintable(QString::number(note->textScale())));
    QVERIFY(!QRectF(note->pos(), note->size()).intersects(node->sceneBody()));
    note->setMinimumTextPixels(0);
    QCOMPARE(note->textScale(), 1.0);
    QCOMPARE(note->size().height(), own);
}

void TestPresentationCanvas::badgeReadableWhenPresenting()
{
    // A read model's live badge (backlog · lag · utilization, DOWN) was drawn
    // at the canvas's zoom: about 6 pixels high on a projector. Presenting,
    // it is drawn at three quarters of the names' size, whatever the zoom.
    MainWindow window;
    CanvasView *canvas = showWorkshopExample(window);
    QVERIFY(canvas);
    NodeItem *view = static_cast<DiagramScene *>(canvas->scene())->nodeItem("user-view");
    QVERIFY(view);
    const QString badge = QStringLiteral("12 · 0.40 s · 63%");
    view->setBadge(badge);
    QVERIFY(view->presentedBadge().isEmpty());

    PresentationMode *present = window.runUi()->presentation();
    present->setActive(true);
    QTRY_COMPARE(window.size(), QSize(1920, 1080));
    QTRY_VERIFY(present->isSettled()); // the docks are sized and the canvas refitted on timers
    QCOMPARE(view->presentedBadge(), badge);
    QVERIFY(canvas->transform().m11() < 1.0); // zoomed out: the badge would shrink with it
    // On the picture: the pill above the node's top edge (the node's own
    // drawing starts at that edge), at least 12 pixels of it.
    const QRect body = canvas->mapFromScene(view->sceneBody()).boundingRect();
    const QRect above(body.right() - 160, body.top() - 40, 172, 40);
    const int ink = testing::inkHeight(canvas->viewport()->grab(above).toImage(), 90);
    QVERIFY2(ink >= 12, qPrintable(QStringLiteral("badge %1 px above the node").arg(ink)));

    // Interview mode hides it as it hides the figures; leaving presentation
    // draws it as before.
    view->setFiguresHidden(true);
    QVERIFY(view->presentedBadge().isEmpty());
    view->setFiguresHidden(false);
    QCOMPARE(view->presentedBadge(), badge);
    present->setActive(false);
    QTRY_VERIFY(!window.isFullScreen());
    canvas->setZoom(1.0); // at 100% the node draws it at the zoom's size
    QVERIFY(view->presentedBadge().isEmpty());
    QCOMPARE(view->badge(), badge);
}

void TestPresentationCanvas::badgeReadableWhenZoomedOut()
{
    // A 1366x768 screen shows a model at about a third of its size while it
    // runs (the charts take the room): the badges' figures were specks of 3
    // pixels. Below the zoom that draws them at 9 pixels they keep that
    // size on screen, placed clear of the other elements.
    MainWindow window;
    CanvasView *canvas = showWorkshopExample(window);
    QVERIFY(canvas);
    auto *scene = static_cast<DiagramScene *>(canvas->scene());
    NodeItem *view = scene->nodeItem("user-view");
    NodeItem *index = scene->nodeItem("search-index");
    QVERIFY(view && index);
    const QString badge = QStringLiteral("12 · 0.40 s · 63%");
    canvas->setZoom(1.0);
    view->setBadge(badge);
    index->setBadge(QStringLiteral("DOWN · 2127 queued"), QColor(0xc6, 0x28, 0x28));
    QVERIFY(view->presentedBadge().isEmpty()); // drawn by the node at 100%

    canvas->setZoom(0.35);
    QCOMPARE(view->presentedBadge(), badge);
    // Where the view draws it, found from the item itself, not from the
    // node's own sums: at least 9 pixels of pill, over no other element.
    QGraphicsItem *pill = nullptr;
    for (QGraphicsItem *child : view->childItems()) {
        if (child->flags() & QGraphicsItem::ItemIgnoresTransformations && child->isVisible())
            pill = child;
    }
    QVERIFY(pill);
    const QRect onScreen
        = pill->deviceTransform(canvas->viewportTransform()).mapRect(pill->boundingRect()).toAlignedRect();
    QVERIFY2(onScreen.height() >= 13, qPrintable(QString::number(onScreen.height())));
    QVERIFY(canvas->viewport()->rect().contains(onScreen));
    const int ink = testing::inkHeight(canvas->viewport()->grab(onScreen).toImage(), 90);
    QVERIFY2(ink >= 9, qPrintable(QStringLiteral("pill %1 px").arg(ink)));
    for (NodeItem *node : nodesOf(canvas)) {
        if (node == view)
            continue;
        const QRect body = canvas->mapFromScene(node->sceneBody()).boundingRect();
        QVERIFY2(!onScreen.intersects(body.adjusted(1, 1, -1, -1)),
                 qPrintable(QString::fromStdString(node->id())));
    }
    // A sticky note where the badge is: it moves off the note's text.
    QGraphicsItem *note = nullptr;
    for (QGraphicsItem *item : scene->items()) {
        if (item->type() == NoteItem::Type)
            note = item;
    }
    QVERIFY(note);
    const QRectF placed = view->presentedBadgeRect();
    note->setPos(placed.center() - note->boundingRect().center());
    QVERIFY(note->sceneBoundingRect().intersects(placed));
    view->setBadge(QStringLiteral("13 · 0.40 s · 63%"));
    QVERIFY2(!note->sceneBoundingRect().intersects(view->presentedBadgeRect()),
             qPrintable(QStringLiteral("still on the note")));
    // Zoomed in again, the node draws it again.
    canvas->setZoom(1.0);
    QVERIFY(view->presentedBadge().isEmpty());
    QVERIFY(!pill->isVisible());
}

void TestPresentationCanvas::addedWhilePresenting()
{
    // A trainer adds a node and a sticky note while presenting: they are as
    // large as the others (they stayed at the zoom's size), and as the zoom
    // gives once the presentation ends.
    MainWindow window;
    CanvasView *canvas = presentNetflix(window);
    QVERIFY(canvas);
    PresentationMode *present = window.runUi()->presentation();
    auto *scene = qobject_cast<DiagramScene *>(canvas->scene());
    QVERIFY(scene);
    // Below the others, where a larger note lies on no node.
    const QRectF taken = scene->contentsRect();
    const std::string id
        = window.document()->addElement(ElementKind::ReadModel, QPointF(taken.left(), taken.bottom() + 100));
    const int noteIndex = window.document()->addNote(QPointF(taken.left() + 400, taken.bottom() + 100),
                                                     QStringLiteral("Outage at 10 min"));
    NodeItem *node = scene->nodeItem(id);
    NoteItem *note = scene->noteItem(noteIndex);
    QVERIFY(node && note);
    const double lod = canvas->transform().m11();
    QVERIFY2(node->namePixels(lod) >= PresentationMode::kCanvasTextPixels - 1e-9,
             qPrintable(QString::number(node->namePixels(lod))));
    QVERIFY2(note->textPixels(lod) >= 0.75 * PresentationMode::kCanvasTextPixels - 0.5,
             qPrintable(QString::number(note->textPixels(lod))));
    present->setActive(false);
    QTRY_VERIFY(!window.isFullScreen());
    QCOMPARE(node->minimumNamePixels(), 0.0);
    QCOMPARE(note->textScale(), 1.0);
    // Added after: as the zoom gives.
    const std::string later = window.document()->addElement(ElementKind::ReadModel, QPointF(40, 600));
    QCOMPARE(scene->nodeItem(later)->minimumNamePixels(), 0.0);
}

void TestPresentationCanvas::noKindTitlesWhilePresenting()
{
    // The kind's title ("COMMAND") gave way to a name of two lines only:
    // one command of three kept it. Presenting, none has it; the band
    // above a one-line name is empty.
    MainWindow window;
    CanvasView *canvas = presentNetflix(window);
    QVERIFY(canvas);
    const double lod = canvas->transform().m11();
    QVERIFY(lod >= 0.55); // where the title was drawn
    // Above a one-line name, below the border: the title's band.
    const auto titleBand = [&](NodeItem *node) {
        const QRect body = canvas->mapFromScene(node->sceneBody()).boundingRect();
        const int nameTop = body.center().y() - int(std::ceil(node->namePixels(lod) / 2)) - 2;
        return QRect(body.left() + body.width() / 5, body.top() + int(std::ceil(4 * lod)) + 2,
                     body.width() * 3 / 5, nameTop - body.top() - int(std::ceil(4 * lod)) - 2);
    };
    int checked = 0;
    for (NodeItem *node : nodesOf(canvas)) {
        if (node->kind() != ElementKind::Command || node->presentedName(lod).contains(QLatin1Char('\n')))
            continue;
        const QRect band = titleBand(node);
        if (band.height() < 4)
            continue;
        const QImage picture = canvas->viewport()->grab(band).toImage();
        QVERIFY2(testing::inkHeight(picture, 90) == 0,
                 qPrintable(QString::fromStdString(node->id()) + QStringLiteral(" has a title")));
        ++checked;
    }
    QVERIFY2(checked > 0, "no command with a one-line name and room above it");
}

CQRS_PROJECTOR_TEST_MAIN(TestPresentationCanvas)
#include "tst_presentation_canvas.moc"
