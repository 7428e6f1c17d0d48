#include "cqrs/ui/common/exportpath.h"

#include "cqrs/ui/common/filedialog.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>

namespace cqrs {

namespace {

const QString kExportDirectoryKey = QStringLiteral("exportDirectory");

QString documentsOrHome()
{
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (!documents.isEmpty() && QFileInfo(documents).isDir())
        return documents;
    return QDir::homePath();
}

} // namespace

QString exportDirectory()
{
    const QString last = QSettings().value(kExportDirectoryKey).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    // The first time: beside the model, as a handout goes with its model.
    return modelDirectory();
}

QString modelDirectory(const QString &currentFile)
{
    if (!currentFile.isEmpty()) {
        const QString folder = QFileInfo(currentFile).absolutePath();
        if (QFileInfo(folder).isDir())
            return folder;
    }
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString &file : recent) {
        const QString folder = QFileInfo(file).absolutePath();
        if (QFileInfo(folder).isDir())
            return folder;
    }
    return documentsOrHome();
}

QString exportFileName(const QString &suggestedName)
{
    // Characters no file system takes, and control characters, become "-";
    // the name before the extension is cut to 150 bytes (a model's name may
    // hold 1,000, a file name 255).
    QString name = suggestedName;
    name.replace(QRegularExpression(QStringLiteral("[/\\\\:*?\"<>|\\x00-\\x1f\\x7f]")),
                 QStringLiteral("-"));
    const QString suffix = QFileInfo(name).suffix();
    QString base = suffix.isEmpty() ? name : name.left(name.size() - suffix.size() - 1);
    constexpr qsizetype kMaxBaseBytes = 150;
    while (base.toUtf8().size() > kMaxBaseBytes) {
        base.chop(1);
        if (!base.isEmpty() && base.back().isHighSurrogate()) // never half a character
            base.chop(1);
    }
    base = base.trimmed();
    name = suffix.isEmpty() ? base : base + QLatin1Char('.') + suffix;
    return name;
}

QString askExportPath(QWidget *parent, const QString &title, const QString &suggestedName,
                      const QString &filter)
{
    const QString path = askSaveFileName(
        parent, title, QDir(exportDirectory()).filePath(exportFileName(suggestedName)), filter);
    if (!path.isEmpty())
        QSettings().setValue(kExportDirectoryKey, QFileInfo(path).absolutePath());
    return path;
}

} // namespace cqrs
