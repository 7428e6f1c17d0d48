// Accessibility (issue 13): every control of the editor's main window, its
// docks and its dialogs has a name and a description a screen reader can
// read, with an element of each kind in the inspector in turn; the canvas
// describes the diagram and what is selected.
#include "a11ytestutil.h"

#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/editor/connectdialog.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/shell/examplegallery.h"
#include "cqrs/ui/shell/helppage.h"
#include "cqrs/ui/inspector/inspector.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/editor/scene.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QStandardPaths>
#include <QLabel>
#include <QListWidget>
#include <QTest>

#include <cmath>

using namespace cqrs;
using namespace cqrs::testing;

namespace {

/// Fails with the list of controls that lack the text.
#define VERIFY_NAMED_AND_DESCRIBED(root, what)                                                      \
    do {                                                                                           \
        const QStringList unnamed = describeWidgets(unnamedInteractiveWidgets(root));              \
        QVERIFY2(unnamed.isEmpty(),                                                                \
                 qPrintable(QStringLiteral("%1: controls without an accessible name:\n  %2")        \
                                .arg(what, unnamed.join(QStringLiteral("\n  ")))));                \
        const QStringList undescribed = describeWidgets(undescribedInteractiveWidgets(root));      \
        QVERIFY2(undescribed.isEmpty(),                                                            \
                 qPrintable(QStringLiteral("%1: controls without an accessible description:\n  %2") \
                                .arg(what, undescribed.join(QStringLiteral("\n  ")))));            \
    } while (false)

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("cqrs-studio-tests");
        QApplication::setApplicationName("tst_accessibility");
        QSettings().clear();
    }

    /// The helper itself: a bare line edit and a bare button without text
    /// are reported; a labelled one, a button with text and a hidden one are not.
    void helperFindsUnnamedControls()
    {
        QWidget root;
        auto *layout = new QFormLayout(&root);
        auto *bare = new QLineEdit(&root);
        layout->addRow(bare);
        auto *labelled = new QLineEdit(&root);
        layout->addRow(QStringLiteral("Rate"), labelled);
        auto *iconOnly = new QToolButton(&root);
        layout->addRow(iconOnly);
        auto *withText = new QPushButton(QStringLiteral("Run"), &root);
        layout->addRow(withText);
        auto *hidden = new QLineEdit(&root);
        layout->addRow(hidden);
        hidden->hide();
        auto *spin = new QSpinBox(&root);
        spin->setAccessibleName(QStringLiteral("Consumers"));
        layout->addRow(spin);
        root.show();
        QCOMPARE(unnamedInteractiveWidgets(&root), (QList<QWidget *>{bare, iconOnly}));
        iconOnly->setAccessibleName(QStringLiteral("Zoom in"));
        QCOMPARE(unnamedInteractiveWidgets(&root), (QList<QWidget *>{bare}));
        // Descriptions: a tool tip serves.
        withText->setToolTip(QStringLiteral("Start the simulation"));
        QVERIFY(!undescribedInteractiveWidgets(&root).contains(withText));
        QVERIFY(undescribedInteractiveWidgets(&root).contains(labelled));
    }

    void mainWindowWithEachKindSelected()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.fileController()->openExample(":/examples/amazon-orders.cqrs.json");
        QApplication::processEvents();
        // Nothing selected: the inspector shows the model's settings.
        VERIFY_NAMED_AND_DESCRIBED(&window, QStringLiteral("model settings"));
        for (ElementKind kind : kAllElementKinds) {
            const auto ids = idsOfKind(window.document()->model(), kind);
            QVERIFY(!ids.empty());
            window.scene()->selectElements({ids.front()});
            QApplication::processEvents();
            QCOMPARE(window.inspector()->currentElement(), ids.front());
            VERIFY_NAMED_AND_DESCRIBED(&window, QString::fromLatin1(toString(kind)));
            // The check saw the inspector's fields: the name field reads as its label.
            auto *name = window.inspector()->findChild<QLineEdit *>("name");
            QVERIFY(name && isInteractive(name) && name->isVisibleTo(&window));
            QCOMPARE(accessibleText(name, QAccessible::Name), QStringLiteral("Name"));
            QVERIFY(!accessibleText(name, QAccessible::Description).isEmpty());
        }
        // A distribution's parts read as "<field> distribution" and "<field> <parameter>".
        window.scene()->selectElements({idsOfKind(window.document()->model(), ElementKind::Command).front()});
        auto *kindBox = window.inspector()->findChild<QWidget *>("handlerTime.kind");
        auto *p1 = window.inspector()->findChild<QWidget *>("handlerTime.p1");
        QVERIFY(kindBox && p1);
        // (On Linux a combo box reads its current text as its name, so the
        // description starts with what it is.)
        QCOMPARE(kindBox->accessibleName(), QStringLiteral("Handler time distribution"));
        QVERIFY(accessibleText(kindBox, QAccessible::Description).startsWith(QStringLiteral("Handler time distribution.")));
        QVERIFY2(accessibleText(p1, QAccessible::Name).startsWith(QStringLiteral("Handler time ")),
                 qPrintable(accessibleText(p1, QAccessible::Name)));
        QVERIFY(accessibleText(p1, QAccessible::Description).contains(QStringLiteral("write-side worker")));
        // The editor's docks read as their title; what they hold says what it is.
        for (const char *name : {"paletteDock", "inspectorDock", "historyDock", "problemsDock", "experimentsDock"}) {
            auto *dock = window.findChild<QDockWidget *>(name);
            QVERIFY2(dock, name);
            QCOMPARE(accessibleText(dock, QAccessible::Name), dock->windowTitle());
            QVERIFY2(!accessibleText(dock->widget(), QAccessible::Description).isEmpty(), name);
        }
        // A sticky note.
        window.scene()->clearSelection();
        window.findChild<QAction *>("addNote")->trigger();
        QApplication::processEvents();
        VERIFY_NAMED_AND_DESCRIBED(&window, QStringLiteral("note"));
    }

    // The palette's hint and the Things to Try intro were drawn as disabled
    // text, #C3C3C3 on #EFEFEF (1.6:1): quieter than the rest, but readable.
    void hintsAreReadable()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.fileController()->openExample(":/examples/user-profile.cqrs.json");
        QApplication::processEvents();
        const auto luminance = [](const QColor &c) {
            const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
        };
        int hints = 0;
        for (QLabel *label : window.findChildren<QLabel *>()) {
            if (!label->text().startsWith(QStringLiteral("Click or drag to add"))
                && !label->text().startsWith(QStringLiteral("Each button changes the model")))
                continue;
            ++hints;
            const QColor text = label->palette().color(label->isEnabled() ? QPalette::Active : QPalette::Disabled,
                                                       label->foregroundRole());
            const QColor back = label->palette().color(QPalette::Window);
            const double a = luminance(text), b = luminance(back);
            const double contrast = (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
            QVERIFY2(contrast >= 4.5, qPrintable(QStringLiteral("%1: %2 on %3, %4:1")
                                                      .arg(label->text().left(30), text.name(), back.name())
                                                      .arg(contrast, 0, 'f', 1)));
        }
        QCOMPARE(hints, 2);
    }

    void canvasDescribesTheDiagram()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.fileController()->openExample(":/examples/amazon-orders.cqrs.json");
        QApplication::processEvents();
        CanvasView *canvas = window.view();
        const int elements = int(allElementIds(window.document()->model()).size());
        QCOMPARE(accessibleText(canvas, QAccessible::Name), QStringLiteral("Diagram"));
        QString description = accessibleText(canvas, QAccessible::Description);
        QVERIFY2(description.contains(QStringLiteral("Elements: %1,").arg(elements)), qPrintable(description));
        QVERIFY2(description.contains(QStringLiteral("Nothing selected")), qPrintable(description));
        const std::string id = idsOfKind(window.document()->model(), ElementKind::Command).front();
        const QString name = QString::fromStdString(window.document()->model().command(id)->name);
        window.scene()->selectElements({id});
        description = accessibleText(canvas, QAccessible::Description);
        QVERIFY2(description.contains(QStringLiteral("Selected: command %1").arg(name)), qPrintable(description));
        // Adding an element changes the count.
        window.addAction(ElementKind::Event)->trigger();
        description = accessibleText(canvas, QAccessible::Description);
        QVERIFY2(description.contains(QStringLiteral("Elements: %1,").arg(elements + 1)), qPrintable(description));
    }

    void dialogs()
    {
        MainWindow window;
        window.show();
        window.fileController()->openExample(":/examples/amazon-orders.cqrs.json");
        {
            ExampleGallery gallery(&window);
            gallery.show();
            QVERIFY(QTest::qWaitForWindowExposed(&gallery));
            VERIFY_NAMED_AND_DESCRIBED(&gallery, QStringLiteral("example gallery"));
            // Ctrl+N, Enter: a blank model (it opened Amazon orders).
            QCOMPARE(gallery.list()->currentRow(), 0);
            QVERIFY(gallery.selectedResource().isEmpty());
        }
        {
            FiguresHelpDialog *help = FiguresHelpDialog::showFor(&window);
            QVERIFY(QTest::qWaitForWindowExposed(help));
            VERIFY_NAMED_AND_DESCRIBED(help, QStringLiteral("figures help"));
            help->close();
        }
        {
            const std::string command = idsOfKind(window.document()->model(), ElementKind::Command).front();
            ConnectDialog dialog(window.document()->model(), command, &window);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            VERIFY_NAMED_AND_DESCRIBED(&dialog, QStringLiteral("connect dialog"));
        }
    }
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
