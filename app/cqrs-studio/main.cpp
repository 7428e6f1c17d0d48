// cqrs-studio: the desktop editor. Parses arguments, wires the main window, starts.
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

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

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Model and simulate CQRS systems."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("model"),
                                 QStringLiteral("A model file (*.cqrs.json) to open."),
                                 QStringLiteral("[model]"));
    parser.process(*app);

    cqrs::MainWindow window;
    window.show();
    const QStringList files = parser.positionalArguments();
    window.openInitial(files.isEmpty() ? QString() : files.first());
    return app->exec();
}
