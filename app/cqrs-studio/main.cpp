// cqrs-studio: the desktop editor. Parses arguments, wires the main window, starts.
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CQRS Studio"));
    QApplication::setApplicationName(QStringLiteral("CQRS Studio"));
    QApplication::setApplicationVersion(QStringLiteral(CQRS_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.cqrsstudio.CqrsStudio"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Model and simulate CQRS systems."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("model"),
                                 QStringLiteral("A model file (*.cqrs.json) to open."),
                                 QStringLiteral("[model]"));
    parser.process(app);

    cqrs::MainWindow window;
    window.show();
    const QStringList files = parser.positionalArguments();
    window.openInitial(files.isEmpty() ? QString() : files.first());
    return app.exec();
}
