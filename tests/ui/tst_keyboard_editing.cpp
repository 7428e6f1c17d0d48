// Keyboard-only editing (issue 13): with key events alone a user adds an
// element of each kind, walks between elements with Tab, connects them
// through Edit > Connect To... (one undo step), edits a property in the
// inspector and starts a run. No mouse event is sent anywhere in this file.
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/editor/connectdialog.h"
#include "cqrs/ui/editor/findelementdialog.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/shell/examplegallery.h"
#include "cqrs/ui/inspector/inspector.h"
#include "cqrs/ui/shell/filecontroller.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/shell/problemspanel.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/editor/scene.h"

#include <cqrs/model/modeljson.h>
#include <cqrs/model/validation.h>

#include <QAction>
#include <QLabel>
#include <QApplication>
#include <QContextMenuEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QStatusBar>
#include <QMap>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <functional>
#include <set>

using namespace cqrs;

namespace {

/// Runs `answer` on the dialog as soon as it is shown (it is modal: the key
/// press that opens it returns only once it is closed).
template<typename Dialog>
void whenDialogOpens(std::function<void(Dialog *)> answer, bool *seen)
{
    *seen = false;
    auto *timer = new QTimer;
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, [timer, answer, seen] {
        auto *dialog = qobject_cast<Dialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        timer->stop();
        timer->deleteLater();
        *seen = true;
        answer(dialog);
    });
    timer->start();
}

void whenConnectDialogOpens(std::function<void(ConnectDialog *)> answer, bool *seen)
{
    whenDialogOpens<ConnectDialog>(std::move(answer), seen);
}

QStringList shownChoices(PickListDialog *dialog)
{
    QStringList texts;
    for (int row = 0; row < dialog->list()->count(); ++row) {
        if (!dialog->list()->item(row)->isHidden())
            texts << dialog->list()->item(row)->text();
    }
    return texts;
}

std::string only(const Model &model, ElementKind kind)
{
    const auto ids = idsOfKind(model, kind);
    return ids.size() == 1 ? ids.front() : std::string();
}

} // namespace

class TestKeyboardEditing : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("cqrs-studio-tests");
        QApplication::setApplicationName("tst_keyboard_editing");
        QSettings().clear();
    }

    /// The dialog lists exactly the connections checkConnection() allows,
    /// in both directions, and nothing for an element that can have none.
    void choicesAreTheAllowedConnections()
    {
        MainWindow window;
        QVERIFY(window.fileController()->openExample(":/examples/amazon-orders.cqrs.json"));
        const Model &model = window.document()->model();
        for (const std::string &id : allElementIds(model)) {
            std::set<std::string> listed;
            for (const ConnectionChoice &choice : connectionChoices(model, id)) {
                QVERIFY(checkConnection(model, choice.connection.from, choice.connection.to).ok);
                QVERIFY(choice.connection.from == id || choice.connection.to == id);
                QVERIFY(!choice.text.isEmpty());
                QVERIFY2(listed.insert(choice.connection.key()).second, // once, either way drawn
                         (id + ": twice " + choice.connection.key()).c_str());
            }
            for (const std::string &other : allElementIds(model)) {
                for (const auto &[from, to] : {std::pair(id, other), std::pair(other, id)}) {
                    const ConnectionCheck check = checkConnection(model, from, to);
                    if (check.ok)
                        QVERIFY2(listed.count(check.connection.key()),
                                 (id + ": missing " + check.connection.key()).c_str());
                }
            }
        }
    }

    void buildConnectEditAndRunWithTheKeyboard()
    {
        MainWindow window;
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.document()->resetModel(emptyModel());
        Document *document = window.document();
        CanvasView *canvas = window.view();
        // The offscreen platform has no window manager to give the window
        // back its activation when a dialog closes: do what one would do.
        // The keyboard focus must be back on the canvas.
        auto backFromDialog = [&] {
            window.activateWindow();
            return QTest::qWaitForWindowActive(&window) && QApplication::focusWidget() == canvas;
        };

        // Ctrl+Shift+D puts the focus on the canvas.
        QTest::keyClick(&window, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(QApplication::focusWidget(), canvas);

        // Add one element of each kind but policy: Ctrl+2 aggregate first
        // (a lone aggregate owns the command and event that follow), then
        // Ctrl+1 command, Ctrl+3 event, Ctrl+4 read model, Ctrl+6 query.
        const std::pair<Qt::Key, ElementKind> adds[] = {
            {Qt::Key_2, ElementKind::Aggregate}, {Qt::Key_1, ElementKind::Command},
            {Qt::Key_3, ElementKind::Event},     {Qt::Key_4, ElementKind::ReadModel},
            {Qt::Key_6, ElementKind::Query}};
        for (const auto &[key, kind] : adds) {
            QTest::keyClick(canvas, key, Qt::ControlModifier);
            const std::string id = only(document->model(), kind);
            QVERIFY2(!id.empty(), toString(kind).data());
            // Selected afterwards, shown in the inspector, away from the others.
            QCOMPARE(window.scene()->selectedElementIds(), std::vector<std::string>{id});
            QCOMPARE(window.inspector()->currentElement(), id);
        }
        const Model &model = document->model();
        const std::string aggregate = only(model, ElementKind::Aggregate);
        const std::string command = only(model, ElementKind::Command);
        const std::string event = only(model, ElementKind::Event);
        const std::string view = only(model, ElementKind::ReadModel);
        const std::string query = only(model, ElementKind::Query);
        for (const std::string &a : allElementIds(model)) {
            for (const std::string &b : allElementIds(model)) {
                const NodePosition pa = model.diagram.nodes.at(a), pb = model.diagram.nodes.at(b);
                QVERIFY(a == b || pa.x != pb.x || pa.y != pb.y);
            }
        }

        // Tab walks through all five elements, one at a time; the next Tab
        // leaves the canvas; Shift+Tab comes back.
        window.scene()->clearSelection();
        std::set<std::string> visited;
        for (int i = 0; i < 5; ++i) {
            QTest::keyClick(canvas, Qt::Key_Tab);
            QCOMPARE(QApplication::focusWidget(), canvas);
            const auto selected = window.scene()->selectedElementIds();
            QCOMPARE(selected.size(), size_t(1));
            visited.insert(selected.front());
        }
        QCOMPARE(visited.size(), size_t(5));
        QTest::keyClick(canvas, Qt::Key_Tab);
        QVERIFY(QApplication::focusWidget() != canvas);
        QTest::keyClick(&window, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(QApplication::focusWidget(), canvas);

        // Tab until `id` is selected, coming back with Ctrl+Shift+D when a
        // walk ends outside the canvas.
        auto tabTo = [&](const std::string &id) {
            for (int i = 0; i < 14 && window.scene()->selectedElementIds() != std::vector<std::string>{id}; ++i) {
                if (QApplication::focusWidget() != canvas)
                    QTest::keyClick(QApplication::focusWidget(), Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
                QTest::keyClick(canvas, Qt::Key_Tab);
            }
            return window.scene()->selectedElementIds() == std::vector<std::string>{id}
                   && QApplication::focusWidget() == canvas;
        };

        // Command -> event through Connect To... (Ctrl+K): the dialog lists
        // only what the model allows; typing filters; Enter connects.
        QVERIFY(tabTo(command));
        const std::string before = serializeModel(document->model());
        const int steps = document->undoStack()->count();
        bool seen = false;
        QStringList offered;
        whenConnectDialogOpens([&](ConnectDialog *dialog) {
            offered = shownChoices(dialog);
            QTest::keyClicks(dialog->filter(), QString::fromStdString(model.event(event)->name));
            QTest::keyClick(dialog->filter(), Qt::Key_Return);
        }, &seen);
        QTest::keyClick(canvas, Qt::Key_K, Qt::ControlModifier);
        QVERIFY(seen);
        // A command emits events; it already has its (only) aggregate.
        QCOMPARE(offered.size(), 1);
        QVERIFY2(offered.front().contains(QStringLiteral(" emits ")), qPrintable(offered.front()));
        QCOMPARE(document->model().command(command)->emits, std::vector<std::string>{event});
        QCOMPARE(document->undoStack()->count(), steps + 1);
        // One step: Ctrl+Z restores the model exactly; Ctrl+Shift+Z redoes.
        QVERIFY(backFromDialog());
        QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(serializeModel(document->model()), before);
        QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(document->model().command(command)->emits, std::vector<std::string>{event});
        QCOMPARE(QApplication::focusWidget(), canvas);

        // Escape closes the dialog without a change.
        const int afterConnect = document->undoStack()->count();
        whenConnectDialogOpens([](ConnectDialog *dialog) { QTest::keyClick(dialog->filter(), Qt::Key_Escape); }, &seen);
        QTest::keyClick(canvas, Qt::Key_K, Qt::ControlModifier);
        QVERIFY(seen);
        QVERIFY(backFromDialog());
        QCOMPARE(document->undoStack()->count(), afterConnect);

        // From the event's side: the read model subscribes to it.
        QVERIFY(tabTo(event));
        whenConnectDialogOpens([&](ConnectDialog *dialog) {
            offered = shownChoices(dialog);
            // Down moves the highlight from the filter field.
            for (int row = 0; row < dialog->list()->count(); ++row) {
                if (dialog->list()->currentItem()->text().contains(QString::fromStdString(model.readModel(view)->name)))
                    break;
                QTest::keyClick(dialog->filter(), Qt::Key_Down);
            }
            QTest::keyClick(dialog->filter(), Qt::Key_Return);
        }, &seen);
        QTest::keyClick(canvas, Qt::Key_K, Qt::ControlModifier);
        QVERIFY(seen);
        QVERIFY(backFromDialog());
        QVERIFY(offered.size() >= 1);
        QCOMPARE(document->model().readModel(view)->subscribes, std::vector<std::string>{event});

        // From the query's side (the connection starts at the read model).
        QVERIFY(tabTo(query));
        whenConnectDialogOpens([](ConnectDialog *dialog) { QTest::keyClick(dialog->list(), Qt::Key_Return); }, &seen);
        QTest::keyClick(canvas, Qt::Key_K, Qt::ControlModifier);
        QVERIFY(seen);
        QVERIFY(backFromDialog());
        QCOMPARE(document->model().query(query)->readModel, view);
        QVERIFY2(!hasErrors(validateModel(document->model())), "the model built with keys is valid");

        // F2: the inspector's name field, its text selected; typing renames.
        QVERIFY(tabTo(command));
        QTest::keyClick(canvas, Qt::Key_F2);
        auto *nameField = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(nameField);
        QCOMPARE(nameField->objectName(), QStringLiteral("name"));
        QVERIFY(window.inspector()->isAncestorOf(nameField));
        QTest::keyClicks(nameField, QStringLiteral("PlaceOrder"));
        QTest::keyClick(nameField, Qt::Key_Return);
        QCOMPARE(QString::fromStdString(document->model().command(only(document->model(), ElementKind::Command))->name),
                 QStringLiteral("PlaceOrder"));
        // Tab on to the next field and change it with the arrow keys.
        QWidget *next = QApplication::focusWidget();
        for (int i = 0; i < 10 && next && next->objectName() != QLatin1String("share"); ++i) {
            QTest::keyClick(next, Qt::Key_Tab);
            next = QApplication::focusWidget();
        }
        QVERIFY(next && next->objectName() == QLatin1String("share"));
        const double share = document->model().commands.front().share;
        QTest::keyClick(next, Qt::Key_Up);
        QVERIFY(document->model().commands.front().share > share);

        // Back to the canvas and run with F5.
        QTest::keyClick(next, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(QApplication::focusWidget(), canvas);
        RunController *run = window.runUi()->controller();
        QCOMPARE(run->state(), RunController::State::Idle);
        QTest::keyClick(canvas, Qt::Key_F5);
        QTRY_VERIFY(run->state() != RunController::State::Idle);
        QTest::keyClick(canvas, Qt::Key_F5, Qt::ShiftModifier); // Stop
        QTRY_COMPARE(run->state(), RunController::State::Finished);
    }

    /// A 100,000-character name from a file reaches the dialog shortened.
    void longNamesAreShortened()
    {
        MainWindow window;
        QVERIFY(window.fileController()->openExample(":/examples/user-profile.cqrs.json"));
        const std::string command = idsOfKind(window.document()->model(), ElementKind::Command).front();
        const std::string event = idsOfKind(window.document()->model(), ElementKind::Event).front();
        window.document()->setElementName(command, std::string(100000, 'x'));
        window.document()->setElementName(event, std::string(100000, 'y'));
        for (const std::string &id : {command, event}) {
            ConnectDialog dialog(window.document()->model(), id);
            QVERIFY(dialog.windowTitle().size() < 200);
            QVERIFY(dialog.list()->count() > 0);
            for (int row = 0; row < dialog.list()->count(); ++row)
                QVERIFY2(dialog.list()->item(row)->text().size() < 400, qPrintable(dialog.list()->item(row)->text().left(80)));
        }
    }

    /// Edit > Find Element... (Ctrl+F): every element by name and kind,
    /// filtered as typed; Enter selects the chosen one, scrolls the canvas to
    /// it and gives the canvas the keys.
    void findElementWithTheKeyboard()
    {
        MainWindow window;
        window.resize(1400, 900);
        QVERIFY(window.fileController()->openExample(":/examples/amazon-orders.cqrs.json"));
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        CanvasView *canvas = window.view();
        const Model &model = window.document()->model();
        // The last read model, zoomed in so far that it is out of view.
        const std::string target = idsOfKind(model, ElementKind::ReadModel).back();
        const QString name = QString::fromStdString(model.readModel(target)->name);
        canvas->setZoom(2.0);
        canvas->centerOn(window.scene()->nodeItem(idsOfKind(model, ElementKind::Command).front()));
        const auto inView = [&] {
            const QRectF shown = canvas->mapToScene(canvas->viewport()->rect()).boundingRect();
            return shown.contains(window.scene()->nodeItem(target)->sceneBoundingRect());
        };
        QVERIFY(!inView());
        // Ctrl+F acts from anywhere in the window (here a field of the inspector).
        QWidget *start = nullptr;
        for (QLineEdit *field : window.findChildren<QLineEdit *>()) {
            if (field->isVisible() && field->isEnabled() && !canvas->isAncestorOf(field)) {
                start = field;
                break;
            }
        }
        QVERIFY(start);
        start->setFocus();
        QCOMPARE(QApplication::focusWidget(), start);

        bool seen = false;
        QStringList listed, filtered;
        whenDialogOpens<FindElementDialog>(
            [&](FindElementDialog *dialog) {
                listed = shownChoices(dialog);
                QTest::keyClicks(dialog->filter(), name);
                filtered = shownChoices(dialog);
                QTest::keyClick(dialog->filter(), Qt::Key_Return);
            },
            &seen);
        QTest::keyClick(start, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(seen);
        QCOMPARE(listed.size(), qsizetype(allElementIds(model).size()));
        QVERIFY2(listed.contains(name + QStringLiteral(" (read model)")), qPrintable(listed.join(QLatin1Char('|'))));
        QVERIFY2(!filtered.isEmpty() && filtered.size() < listed.size(), qPrintable(filtered.join(QLatin1Char('|'))));
        QCOMPARE(window.scene()->selectedElementIds(), std::vector<std::string>{target});
        QTRY_VERIFY(inView());
        window.activateWindow(); // the offscreen platform gives no window back its activation
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QCOMPARE(QApplication::focusWidget(), canvas);

        // Typing a kind lists that kind; nothing matching says so, and
        // Enter then changes nothing.
        const std::string command = idsOfKind(model, ElementKind::Command).front();
        whenDialogOpens<FindElementDialog>(
            [&](FindElementDialog *dialog) {
                QTest::keyClicks(dialog->filter(), QStringLiteral("(command"));
                filtered = shownChoices(dialog);
                QTest::keyClick(dialog->filter(), Qt::Key_Escape);
            },
            &seen);
        QTest::keyClick(canvas, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(seen);
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QCOMPARE(filtered.size(), qsizetype(idsOfKind(model, ElementKind::Command).size()));
        QVERIFY(filtered.contains(QString::fromStdString(model.command(command)->name) + QStringLiteral(" (command)")));
        QString said;
        bool okEnabled = true;
        whenDialogOpens<FindElementDialog>(
            [&](FindElementDialog *dialog) {
                QTest::keyClicks(dialog->filter(), QStringLiteral("no such element"));
                said = dialog->findChild<QLabel *>(QStringLiteral("findElementNothing"))->text();
                okEnabled = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled();
                QTest::keyClick(dialog->filter(), Qt::Key_Return);
                if (dialog->isVisible())
                    QTest::keyClick(dialog->filter(), Qt::Key_Escape);
            },
            &seen);
        QTest::keyClick(canvas, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(seen);
        QCOMPARE(said, QStringLiteral("No element matches \"no such element\"."));
        QVERIFY(!okEnabled);
        QCOMPARE(window.scene()->selectedElementIds(), std::vector<std::string>{target});

        // Two elements of one name: their ids tell them apart.
        const std::string other = idsOfKind(model, ElementKind::ReadModel).front();
        QVERIFY(other != target);
        window.document()->setElementName(other, model.readModel(target)->name);
        FindElementDialog twins(model);
        const QStringList both = shownChoices(&twins).filter(name + QStringLiteral(" (read model, "));
        QCOMPARE(both.size(), 2);
    }

    /// Tab in an empty canvas leaves it at once (no trap); the Connect and
    /// Properties actions wait for a selection.
    void emptyCanvasAndDisabledActions()
    {
        MainWindow window;
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.document()->resetModel(emptyModel());
        window.view()->setFocus();
        QCOMPARE(QApplication::focusWidget(), window.view());
        QVERIFY(!window.findChild<QAction *>("connectTo")->isEnabled());
        QVERIFY(!window.findChild<QAction *>("editProperties")->isEnabled());
        QTest::keyClick(window.view(), Qt::Key_Tab);
        QVERIFY(QApplication::focusWidget() != window.view());
        // A lone element: Connect To... says there is nothing to connect.
        window.addAction(ElementKind::Query)->trigger();
        QVERIFY(window.findChild<QAction *>("connectTo")->isEnabled());
        ConnectDialog dialog(window.document()->model(), window.scene()->selectedElementIds().front());
        QCOMPARE(dialog.list()->count(), 0);
        QVERIFY(!dialog.findChild<QLabel *>("connectNothing")->isHidden());
        QVERIFY(!dialog.selectedChoice());
        // Find Element... in an empty model says how to add elements.
        window.document()->resetModel(emptyModel());
        FindElementDialog find(window.document()->model());
        QCOMPARE(find.list()->count(), 0);
        QVERIFY(find.findChild<QLabel *>("findElementNothing")->text().contains(QLatin1String("no elements yet")));
        QVERIFY(find.selectedId().empty());
    }

    // Alt+F, H highlighted Challenges... and did nothing: Open Challenge
    // File... had the same letter. Within a menu, each access key once.
    void menuAccessKeysAreUnique()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        std::function<void(QMenu *)> check = [&check](QMenu *menu) {
            emit menu->aboutToShow(); // menus filled as they open (Open Recent)
            QMap<QChar, QString> seen;
            for (QAction *action : menu->actions()) {
                if (action->menu())
                    check(action->menu());
                const QString text = action->text();
                const qsizetype amp = text.indexOf(QRegularExpression(QStringLiteral("&[^&]")));
                if (amp < 0 || !action->isVisible())
                    continue;
                const QChar key = text.at(amp + 1).toLower();
                QVERIFY2(!seen.contains(key), qPrintable(QStringLiteral("%1: “%2” and “%3”")
                                                             .arg(menu->title(), seen.value(key), text)));
                seen.insert(key, text);
            }
        };
        for (QAction *top : window.menuBar()->actions()) {
            if (top->menu())
                check(top->menu());
        }
        // The Insert and View menus' entries had none: Alt+V, P did
        // nothing. Every entry has its key, the docks' too, and an
        // Inspector titled "Inspector (A)" beside a variant keeps it.
        QStringList without;
        for (QAction *top : window.menuBar()->actions()) {
            const QString title = top->text().remove(QLatin1Char('&'));
            if (!top->menu()
                || (title != QLatin1String("Insert") && title != QLatin1String("View") && title != QLatin1String("Run")))
                continue;
            for (QAction *action : top->menu()->actions()) {
                if (!action->isSeparator() && action->isVisible()
                    && !action->text().contains(QRegularExpression(QStringLiteral("&[^&]"))))
                    without << action->text();
            }
        }
        QVERIFY2(without.isEmpty(), qPrintable(without.join(QStringLiteral(", "))));
        auto *inspector = window.findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
        QVERIFY(inspector);
        const QString shown = inspector->toggleViewAction()->text();
        inspector->setWindowTitle(QStringLiteral("Inspector (A)"));
        QCOMPARE(inspector->toggleViewAction()->text().remove(QLatin1Char('&')), QStringLiteral("Inspector (A)"));
        QVERIFY(inspector->toggleViewAction()->text().contains(QLatin1Char('&')));
        inspector->setWindowTitle(QStringLiteral("Inspector"));
        QCOMPARE(inspector->toggleViewAction()->text(), shown);
    }

    // The Menu key on a selected element dropped the selection and offered
    // the empty canvas's menu (Add command...) at the view's corner: Qt
    // places a keyboard's menu there, on whatever lies under it.
    void menuKeyActsOnTheSelection()
    {
        MainWindow window;
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.fileController()->openExample(":/examples/user-profile.cqrs.json");
        CanvasView *view = window.view();
        view->setFocus();
        QTRY_VERIFY(view->hasFocus());
        window.scene()->selectElements({"user-view"});
        NodeItem *node = window.scene()->nodeItem("user-view");
        QVERIFY(node);
        view->centerOn(node);
        std::vector<std::string> offered;
        QStringList entries;
        // Where the menu goes, and where the node is as it opens (a fit to the
        // window pending since the model opened may come while it is open).
        QPoint menuAt, middle;
        QRect nodeOnScreen;
        connect(window.scene(), &DiagramScene::contextMenuRequested, this,
                [&](QPointF, QPoint screenPos) { menuAt = screenPos; });
        connect(&window, &MainWindow::contextMenuAboutToShow, this,
                [&](QMenu *menu, const std::vector<std::string> &ids) {
                    offered = ids;
                    for (QAction *a : menu->actions())
                        entries << a->text();
                    const QRectF r = node->sceneBoundingRect();
                    nodeOnScreen = QRect(view->viewport()->mapToGlobal(view->mapFromScene(r.topLeft())),
                                         view->viewport()->mapToGlobal(view->mapFromScene(r.bottomRight())));
                    middle = view->viewport()->mapToGlobal(view->viewport()->rect().center());
                    QTimer::singleShot(0, menu, &QMenu::close);
                });
        // As Qt sends it for the Menu key: to the focus widget, at the point
        // its input method names.
        const auto menuKey = [&] {
            const QPoint at = view->inputMethodQuery(Qt::ImCursorRectangle).toRect().center();
            QContextMenuEvent event(QContextMenuEvent::Keyboard, at, view->mapToGlobal(at));
            QApplication::sendEvent(view, &event);
        };
        menuKey();
        QCOMPARE(offered, std::vector<std::string>{"user-view"});
        QVERIFY2(entries.contains(QStringLiteral("&Delete")), qPrintable(entries.join(',')));
        QCOMPARE(window.scene()->selectedElementIds(), std::vector<std::string>{"user-view"});
        // Beside the node, not over its name: at its right edge.
        QVERIFY2(nodeOnScreen.adjusted(0, 0, 1, 1).contains(menuAt) && menuAt.x() >= nodeOnScreen.right() - 1,
                 qPrintable(QStringLiteral("menu at %1,%2, node %3,%4 %5x%6")
                                .arg(menuAt.x())
                                .arg(menuAt.y())
                                .arg(nodeOnScreen.x())
                                .arg(nodeOnScreen.y())
                                .arg(nodeOnScreen.width())
                                .arg(nodeOnScreen.height())));
        // Shift+F10 does as the Menu key does (keyboards without one), in
        // the canvas as in the other parts of the window.
        offered.clear();
        menuAt = {};
        window.activateWindow(); // the menu had it
        view->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(view));
        QTest::keyClick(view, Qt::Key_F10, Qt::ShiftModifier);
        QCOMPARE(offered, std::vector<std::string>{"user-view"});
        QVERIFY(nodeOnScreen.adjusted(0, 0, 1, 1).contains(menuAt));
        // A selection scrolled out of sight is brought back into it first.
        const auto inSight = [&] {
            return view->viewport()->rect().intersects(view->mapFromScene(node->sceneBoundingRect()).boundingRect());
        };
        view->setTransform(QTransform::fromScale(3, 3));
        view->centerOn(window.scene()->itemsBoundingRect().bottomLeft());
        QVERIFY(!inSight());
        window.activateWindow();
        view->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(view));
        offered.clear();
        QTest::keyClick(view, Qt::Key_F10, Qt::ShiftModifier);
        QCOMPARE(offered, std::vector<std::string>{"user-view"});
        QVERIFY(inSight());
        QVERIFY(nodeOnScreen.adjusted(0, 0, 1, 1).contains(menuAt));
        QVERIFY(!window.runUi()->controller()->isActive()); // not F10, Step
        // Nothing selected: the canvas's menu, in the middle of the canvas.
        window.scene()->clearSelection();
        offered = {"x"};
        entries.clear();
        menuKey();
        QVERIFY(offered.empty());
        QVERIFY2(entries.contains(QStringLiteral("Add command")), qPrintable(entries.join(',')));
        QVERIFY2((menuAt - middle).manhattanLength() < 4,
                 qPrintable(QStringLiteral("menu at %1,%2").arg(menuAt.x()).arg(menuAt.y())));
    }

    // The status bar's bare "81%" said nothing of what it was.
    void zoomLevelIsNamed()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QAction *>("zoomReset")->trigger();
        auto *zoom = window.statusBar()->findChild<QLabel *>(QStringLiteral("zoomLevel"));
        QVERIFY(zoom);
        QTRY_COMPARE(zoom->text(), QStringLiteral("Zoom 100%"));
        QVERIFY(zoom->toolTip().contains(QStringLiteral("Ctrl+0")));
    }

    // View > Go to Inspector (Ctrl+Shift+I) and Go to Problems (Ctrl+Shift+P):
    // each panel in front with the keyboard in it, from wherever the focus is.
    void goToInspectorAndProblems()
    {
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.fileController()->openExample(":/examples/user-profile.cqrs.json");
        window.runUi()->summaryDock()->show(); // shares the Inspector's place as a tab
        window.runUi()->summaryDock()->raise();
        window.view()->setFocus();
        QAction *inspector = window.findChild<QAction *>(QStringLiteral("focusInspector"));
        QAction *problems = window.findChild<QAction *>(QStringLiteral("focusProblems"));
        QVERIFY(inspector && problems);
        QCOMPARE(inspector->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+I")));
        QCOMPARE(problems->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+P")));
        inspector->trigger();
        QTRY_VERIFY(window.inspector()->isAncestorOf(QApplication::focusWidget()));
        QVERIFY(!window.findChild<QDockWidget *>(QStringLiteral("inspectorDock"))->visibleRegion().isEmpty());
        problems->trigger();
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(window.problemsPanel()->list()));
    }
};

QTEST_MAIN(TestKeyboardEditing)
#include "tst_keyboard_editing.moc"
