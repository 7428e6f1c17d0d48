// A child process for tst_recovery: opens a model, makes one edit, says when
// the recovery copy is on disk and how long it took, then waits to be killed.
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/document/recovery.h"

#include <cqrs/model/modeljson.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("CQRS Studio"));
    QCoreApplication::setApplicationName(QStringLiteral("CQRS Studio"));
    if (argc != 2)
        return 1;
    cqrs::ModelLoadResult loaded = cqrs::loadModelFile(argv[1]);
    if (!loaded.ok())
        return 1;
    cqrs::Document document;
    document.resetModel(std::move(*loaded.model), QFile::decodeName(argv[1]));
    cqrs::RecoveryWriter writer(&document);
    QElapsedTimer sinceEdit;
    QObject::connect(&writer, &cqrs::RecoveryWriter::copyWritten, [&](const QString &) {
        std::printf("written %lld\n", static_cast<long long>(sinceEdit.elapsed()));
        std::fflush(stdout);
    });
    QTimer::singleShot(100, [&] {
        sinceEdit.start();
        document.addNote(QPointF(40, 40), QStringLiteral("unsaved work"));
    });
    return app.exec();
}
