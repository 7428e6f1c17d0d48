#pragma once

// Shared by the presentation-mode tests: the offscreen platform with one
// screen at 96 dpi (a 1920x1080 projector, or a smaller one), and the height
// of the dark ink (text) in a picture.

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QSize>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

namespace cqrs::testing {

/// Points the offscreen platform at a screen of `width` x `height` pixels at
/// 96 dpi, described in a file in `dir`. Call before the QApplication
/// exists; false when the file cannot be written.
/// With a `second` size, a second screen (the laptop beside the projector)
/// to the right of the first, which stays the primary one.
inline bool useProjectorScreen(const QTemporaryDir &dir, int width = 1920, int height = 1080,
                               QSize second = {})
{
    const QString config = dir.filePath(QStringLiteral("screen.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    const QString screen = QStringLiteral(R"({"name":"%1","x":%2,"y":0,"width":%3,"height":%4,)"
                                          R"("logicalDpi":96,"logicalBaseDpi":96,"dpr":1})");
    QString screens = screen.arg(QStringLiteral("projector")).arg(0).arg(width).arg(height);
    // The offscreen platform adds its screens in the order of their names;
    // the first is the primary one.
    if (second.isValid())
        screens += QLatin1Char(',')
                   + screen.arg(QStringLiteral("second"))
                         .arg(width)
                         .arg(second.width())
                         .arg(second.height());
    file.write(QStringLiteral(R"({"screens":[%1]})").arg(screens).toUtf8());
    file.close();
    qputenv("QT_QPA_PLATFORM", QByteArray("offscreen:configfile=") + QFile::encodeName(config));
    return true;
}

/// Height in pixels of the dark ink in a picture: from the first row with a
/// pixel darker than `gray` (0-255) to the last one; 0 when there is none.
inline int inkHeight(const QImage &image, int gray)
{
    int top = -1, bottom = -1;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (qGray(image.pixel(x, y)) < gray) {
                if (top < 0)
                    top = y;
                bottom = y;
                break;
            }
        }
    }
    return top < 0 ? 0 : bottom - top + 1;
}

} // namespace cqrs::testing

/// main() of a test program whose QApplication has a screen of width x height pixels.
#define CQRS_SCREEN_TEST_MAIN(TestObject, width, height)                                           \
    int main(int argc, char **argv)                                                                \
    {                                                                                              \
        QTemporaryDir screenDir;                                                                   \
        if (!cqrs::testing::useProjectorScreen(screenDir, width, height))                          \
            return 1;                                                                              \
        QApplication app(argc, argv);                                                              \
        TestObject test;                                                                           \
        QTEST_SET_MAIN_SOURCE_PATH                                                                 \
        return QTest::qExec(&test, argc, argv);                                                    \
    }

/// main() of a test program whose QApplication has a primary screen of
/// width x height pixels and a second one of width2 x height2 beside it.
#define CQRS_TWO_SCREENS_TEST_MAIN(TestObject, width, height, width2, height2)                     \
    int main(int argc, char **argv)                                                                \
    {                                                                                              \
        QTemporaryDir screenDir;                                                                   \
        if (!cqrs::testing::useProjectorScreen(screenDir, width, height, QSize(width2, height2)))  \
            return 1;                                                                              \
        QApplication app(argc, argv);                                                              \
        TestObject test;                                                                           \
        QTEST_SET_MAIN_SOURCE_PATH                                                                 \
        return QTest::qExec(&test, argc, argv);                                                    \
    }

/// main() of a test program whose QApplication has the 1920x1080 projector's screen.
#define CQRS_PROJECTOR_TEST_MAIN(TestObject) CQRS_SCREEN_TEST_MAIN(TestObject, 1920, 1080)
