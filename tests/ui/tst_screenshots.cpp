// Saves a PNG of the main window with each example open (to look at) and
// checks that what a person would see is really drawn.
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/editor/scene.h"

#include <QApplication>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QSet>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTest>

using namespace cqrs;

namespace {

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(line[x]);
    }
    return int(colours.size());
}

// How many pixels are (almost) exactly this fill colour.
int pixelsOf(const QImage &image, QColor colour)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const QColor c(line[x]);
            if (std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green())
                    + std::abs(c.blue() - colour.blue())
                < 6)
                ++count;
        }
    }
    return count;
}

// How many pixels are closer to the text colour than to the background:
// the ink of the text drawn there.
int inkPixels(const QImage &image, QColor text, QColor background)
{
    auto distance = [](QColor a, QColor b) {
        return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green())
               + std::abs(a.blue() - b.blue());
    };
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (distance(c, text) < distance(c, background))
                ++count;
        }
    }
    return count;
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1f, 0x21, 0x24));
    p.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2d, 0x31));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    return p;
}

} // namespace

class TestScreenshots : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("cqrs-studio-tests");
        QApplication::setApplicationName("tst_screenshots");
        QApplication::setStyle(QStyleFactory::create("Fusion"));
        QDir().mkpath(outputDir());
    }

    void mainWindow_data()
    {
        QTest::addColumn<QString>("example");
        QTest::addColumn<bool>("dark");
        for (const char *name : {"user-profile", "netflix-viewing", "amazon-orders", "uber-trips"})
            QTest::newRow(name) << QString(name) << false;
        QTest::newRow("user-profile-dark") << QString("user-profile") << true;
    }

    void mainWindow()
    {
        QFETCH(QString, example);
        QFETCH(bool, dark);
        const QPalette original = QApplication::palette();
        if (dark)
            QApplication::setPalette(darkPalette());
        MainWindow window;
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.fileController()->openExample(":/examples/" + example + ".cqrs.json"));
        QTest::qWait(50); // the deferred fit-to-window
        window.view()->fitAll();
        QApplication::processEvents();
        const QImage image = window.grab().toImage().convertToFormat(QImage::Format_RGB32);
        const QString path = outputDir() + "/" + QString(QTest::currentDataTag()) + ".png";
        QVERIFY(image.save(path));
        qInfo("saved %s (%dx%d), zoom %.0f%%", qPrintable(path), image.width(), image.height(),
              window.view()->zoom() * 100);
        if (dark)
            QApplication::setPalette(original);

        QVERIFY2(distinctColours(image) > 200, "the window looks blank");
        // Every kind present in the model shows its EventStorming colour.
        const Model &model = window.document()->model();
        const QImage canvas = window.view()->viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
        for (ElementKind kind : kAllElementKinds) {
            if (idsOfKind(model, kind).empty())
                continue;
            QVERIFY2(pixelsOf(canvas, kindColor(kind)) > 200,
                     qPrintable(kindTitle(kind) + " nodes are not visible"));
        }
        // Fit-to-window shows the whole diagram.
        const QRectF visible = window.view()->mapToScene(window.view()->viewport()->rect()).boundingRect();
        QVERIFY(visible.adjusted(-2, -2, 2, 2).contains(window.scene()->contentsRect().adjusted(40, 40, -40, -40)));
    }

    void inspectorForEachKind()
    {
        MainWindow window;
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.fileController()->openExample(":/examples/amazon-orders.cqrs.json"));
        const Model &model = window.document()->model();
        for (ElementKind kind : kAllElementKinds) {
            const auto ids = idsOfKind(model, kind);
            QVERIFY(!ids.empty());
            window.scene()->selectElements({ids.front()});
            QApplication::processEvents();
            QWidget *inspector = window.findChild<QWidget *>("inspector");
            const QImage image = inspector->grab().toImage();
            const QString name = kindTitle(kind).toLower().replace(' ', '-');
            QVERIFY(image.save(outputDir() + "/inspector-" + name + ".png"));

            // The element's id is in its field, fits it and is drawn in the text colour.
            auto *idEdit = inspector->findChild<QLineEdit *>("id");
            QVERIFY2(idEdit && idEdit->isVisible(), qPrintable(name));
            QCOMPARE(idEdit->text(), QString::fromStdString(ids.front()));
            QVERIFY2(idEdit->fontMetrics().horizontalAdvance(idEdit->text()) <= idEdit->contentsRect().width() - 8,
                     qPrintable(name + ": the id is cut off"));
            const QImage field = idEdit->grab().toImage().convertToFormat(QImage::Format_RGB32);
            const int ink = inkPixels(field.copy(field.rect().adjusted(3, 3, -3, -3)),
                                      idEdit->palette().color(QPalette::Text),
                                      idEdit->palette().color(QPalette::Base));
            QVERIFY2(ink >= 3 * idEdit->text().size(),
                     qPrintable(name + ": the id is not drawn (" + QString::number(ink) + " pixels of ink)"));
            // Every row's label reads in full beside its field.
            int rows = 0;
            for (QFormLayout *form : inspector->findChildren<QFormLayout *>()) {
                for (int row = 0; row < form->rowCount(); ++row) {
                    QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole);
                    auto *label = item ? qobject_cast<QLabel *>(item->widget()) : nullptr;
                    if (!label || !label->isVisibleTo(inspector) || label->text().isEmpty())
                        continue;
                    ++rows;
                    QVERIFY2(label->fontMetrics().horizontalAdvance(label->text()) <= label->contentsRect().width(),
                             qPrintable(name + ": the label \"" + label->text() + "\" is cut off"));
                    // Beside its field across the inspector's width (the page scrolls down).
                    const QRect inInspector(label->mapTo(inspector, QPoint()), label->size());
                    QVERIFY2(inInspector.left() >= 0 && inInspector.right() < inspector->width(),
                             qPrintable(name + ": the label \"" + label->text()
                                        + "\" sticks out of the inspector"));
                }
            }
            QVERIFY2(rows >= 3, qPrintable(name + ": " + QString::number(rows) + " labelled rows"));
        }
        // The whole window with a read model selected.
        window.scene()->selectElements({model.readModels.front().id});
        QApplication::processEvents();
        QVERIFY(window.grab().save(outputDir() + "/selected-read-model.png"));
    }

private:
    static QString outputDir() { return QStringLiteral(CQRS_BINARY_DIR "/screenshots"); }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
