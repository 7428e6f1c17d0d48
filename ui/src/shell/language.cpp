#include "cqrs/ui/shell/language.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QStandardPaths>
#include <QTranslator>

#include <memory>

namespace cqrs {

QStringList translationDirectories()
{
    QStringList directories;
    for (const QString &data : QStandardPaths::standardLocations(QStandardPaths::AppDataLocation))
        directories << QDir(data).filePath(QStringLiteral("translations"));
    const QDir bin(QCoreApplication::applicationDirPath());
    directories << bin.absoluteFilePath(QStringLiteral("../share/cqrs-studio/translations"));
    // A build tree: <build>/app/cqrs-studio/cqrs-studio and <build>/translations.
    directories << bin.absoluteFilePath(QStringLiteral("../../translations"));
    return directories;
}

QString installTranslations(const QLocale &locale, const QStringList &directories)
{
    QString loaded;
    for (const QString &directory : directories) {
        auto translator = std::make_unique<QTranslator>(QCoreApplication::instance());
        if (translator->load(locale, QStringLiteral("cqrs-studio"), QStringLiteral("_"), directory)) {
            loaded = translator->filePath();
            QCoreApplication::installTranslator(translator.release());
            break;
        }
    }
    if (loaded.isEmpty())
        return {};
    // Qt's own strings (OK, Cancel, the file dialog), when Qt's translations are installed.
    auto qt = std::make_unique<QTranslator>(QCoreApplication::instance());
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt.release());
    return loaded;
}

} // namespace cqrs
