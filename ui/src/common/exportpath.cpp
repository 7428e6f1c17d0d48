#include "cqrs/ui/common/exportpath.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>

namespace cqrs {

namespace {

const QString kExportDirectoryKey = QStringLiteral("exportDirectory");

} // namespace

QString exportDirectory()
{
    const QString last = QSettings().value(kExportDirectoryKey).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (!documents.isEmpty() && QFileInfo(documents).isDir())
        return documents;
    return QDir::homePath();
}

QString askExportPath(QWidget *parent, const QString &title, const QString &suggestedName, const QString &filter)
{
    QString name = suggestedName;
    name.replace(QRegularExpression(QStringLiteral("[/\\\\:*?\"<>|]")), QStringLiteral("-"));
    const QString path
        = QFileDialog::getSaveFileName(parent, title, QDir(exportDirectory()).filePath(name), filter);
    if (!path.isEmpty())
        QSettings().setValue(kExportDirectoryKey, QFileInfo(path).absolutePath());
    return path;
}

} // namespace cqrs
