#include "cqrs/ui/common/filedialog.h"

#include "cqrs/ui/common/windowkeys.h"

#include <QFileDialog>
#include <QFileIconProvider>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QRegularExpression>

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

/// The extension of a name filter's first pattern: "cqrs.json" for "CQRS
/// models (*.cqrs.json *.json)"; empty for "All files (*)".
QString suffixOf(const QString &nameFilter)
{
    static const QRegularExpression firstPattern(QStringLiteral(R"(\(\s*\*\.([^\s)*?]+))"));
    const QRegularExpressionMatch match = firstPattern.match(nameFilter);
    return match.hasMatch() ? match.captured(1) : QString();
}

QString ask(QWidget *parent, const QString &caption, const QString &start, const QString &filter,
            QFileDialog::AcceptMode mode)
{
    NameOnlyIconProvider names; // outlives the dialog below
    QFileDialog dialog(parent, caption);
    dialog.setOption(QFileDialog::DontUseNativeDialog);
    dialog.setIconProvider(&names);
    dialog.setAcceptMode(mode);
    dialog.setFileMode(mode == QFileDialog::AcceptSave ? QFileDialog::AnyFile
                                                       : QFileDialog::ExistingFile);
    if (!filter.isEmpty())
        dialog.setNameFilters(filter.split(QStringLiteral(";;")));
    if (mode == QFileDialog::AcceptSave) {
        // "orders" typed is saved as "orders.cqrs.json": the dialog asks
        // before replacing that file, not one named "orders".
        dialog.setDefaultSuffix(suffixOf(dialog.selectedNameFilter()));
        QObject::connect(
            &dialog, &QFileDialog::filterSelected, &dialog,
            [&dialog](const QString &chosen) { dialog.setDefaultSuffix(suffixOf(chosen)); });
    }
    // As the static functions take it: a folder, or a folder and a file name.
    const QFileInfo info(start);
    if (!start.isEmpty() && info.isDir()) {
        dialog.setDirectory(start);
    } else if (!start.isEmpty()) {
        dialog.setDirectory(info.absolutePath());
        dialog.selectFile(info.fileName());
    }
    // Wide enough for the size, type and date columns ("15....KiB", "JSO...ent"
    // at the dialog's own size), as far as the screen allows.
    resizeWithinScreen(&dialog, kFileDialogSize);
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
