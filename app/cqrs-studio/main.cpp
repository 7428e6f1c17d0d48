// cqrs-studio: the desktop editor. Parses arguments, wires the main window, starts.
#include "cqrs/ui/shell/language.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/run/screenshotmode.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>
#include <cstring>
#include <memory>

int main(int argc, char *argv[])
{
    // --help and --version must work without a display.
    bool textOnly = false;
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"-h", "--help", "-v", "--version", "--help-all"})
            textOnly |= std::strcmp(argv[i], flag) == 0;
    }
    std::unique_ptr<QCoreApplication> app(textOnly ? new QCoreApplication(argc, argv)
                                                   : new QApplication(argc, argv));
    QCoreApplication::setOrganizationName(QStringLiteral("CQRS Studio"));
    QCoreApplication::setApplicationName(QStringLiteral("CQRS Studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CQRS_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.cqrsstudio.CqrsStudio"));
    // The user's language, when a translation is installed (docs/accessibility.md).
    cqrs::installTranslations(QLocale());

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Model and simulate CQRS systems."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("model"),
                                 QCoreApplication::translate("main", "A model file (*.cqrs.json) to open."),
                                 QCoreApplication::translate("main", "[model]"));
    const QCommandLineOption runTo(QStringLiteral("run-to"),
                                   QCoreApplication::translate("main", "Run the model at full speed to this simulated time (with --screenshot)."),
                                   QCoreApplication::translate("main", "seconds"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QCoreApplication::translate("main", "Save a picture of the window with its charts, then exit."),
                                        QCoreApplication::translate("main", "file.png"));
    parser.addOption(runTo);
    parser.addOption(screenshot);
    parser.process(*app);
    const QStringList files = parser.positionalArguments();

    if (parser.isSet(runTo) || parser.isSet(screenshot)) {
        bool ok = false;
        const double seconds = parser.value(runTo).toDouble(&ok);
        if (!parser.isSet(runTo) || !parser.isSet(screenshot) || files.size() != 1 || !ok) {
            std::fprintf(stderr, "%s\n",
                         qPrintable(QCoreApplication::translate(
                             "main", "cqrs-studio: usage: cqrs-studio MODEL --run-to SECONDS --screenshot FILE.png")));
            return 1;
        }
        cqrs::MainWindow window;
        QString error;
        const int code = cqrs::runToScreenshot(
            &window, window.runUi(), files.first(), seconds, parser.value(screenshot),
            [&window](const QString &path) { return window.fileController()->openFile(path); }, &error);
        if (!error.isEmpty())
            std::fprintf(stderr, "%s\n", qPrintable(error));
        return code;
    }

    cqrs::MainWindow window;
    window.show();
    if (!window.fileController()->offerRecovery())
        window.fileController()->openInitial(files.isEmpty() ? QString() : files.first());
    return app->exec();
}
