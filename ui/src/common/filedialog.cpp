#include "cqrs/ui/common/filedialog.h"

#include <QFileDialog>
#include <QFileIconProvider>
#include <QFileInfo>
#include <QMimeDatabase>

namespace cqrs {

namespace {

/// Icons and types from the file's name, never from its contents.
class NameOnlyIconProvider final : public QFileIconProvider
{
public:
    QIcon icon(IconType type) const override { return QFileIconProvider::icon(type); }
    QIcon icon(const QFileInfo &info) const override
    {
        if (info.isDir())
            return QFileIconProvider::icon(QFileIconProvider::Folder);
        const QMimeType mime = mimeOf(info);
        const QIcon themed
            = QIcon::fromTheme(mime.iconName(), QIcon::fromTheme(mime.genericIconName()));
        return themed.isNull() ? QFileIconProvider::icon(QFileIconProvider::File) : themed;
    }
    QString type(const QFileInfo &info) const override
    {
        return info.isDir() ? QFileIconProvider::type(info) : mimeOf(info).comment();
    }

private:
    QMimeType mimeOf(const QFileInfo &info) const
    {
        return m_mimes.mimeTypeForFile(info.fileName(), QMimeDatabase::MatchExtension);
    }
    QMimeDatabase m_mimes;
};

QString ask(QWidget *parent, const QString &caption, const QString &start, const QString &filter,
            QFileDialog::AcceptMode mode)
{
    static NameOnlyIconProvider names;
    QFileDialog dialog(parent, caption);
    dialog.setOption(QFileDialog::DontUseNativeDialog);
    dialog.setIconProvider(&names);
    dialog.setAcceptMode(mode);
    dialog.setFileMode(mode == QFileDialog::AcceptSave ? QFileDialog::AnyFile
                                                       : QFileDialog::ExistingFile);
    if (!filter.isEmpty())
        dialog.setNameFilters(filter.split(QStringLiteral(";;")));
    // As the static functions take it: a folder, or a folder and a file name.
    const QFileInfo info(start);
    if (!start.isEmpty() && info.isDir()) {
        dialog.setDirectory(start);
    } else if (!start.isEmpty()) {
        dialog.setDirectory(info.absolutePath());
        dialog.selectFile(info.fileName());
    }
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return {};
    return dialog.selectedFiles().constFirst();
}

} // namespace

QString askOpenFileName(QWidget *parent, const QString &caption, const QString &directory,
                        const QString &filter)
{
    return ask(parent, caption, directory, filter, QFileDialog::AcceptOpen);
}

QString askSaveFileName(QWidget *parent, const QString &caption, const QString &path,
                        const QString &filter)
{
    return ask(parent, caption, path, filter, QFileDialog::AcceptSave);
}

} // namespace cqrs
