#pragma once

#include <QSize>
#include <QString>

class QWidget;

namespace cqrs {

/// The file dialogs' size where the screen has room: the list's size, type
/// and date columns whole.
inline const QSize kFileDialogSize{960, 600};

/// QFileDialog::getOpenFileName() and getSaveFileName(), but the dialog
/// never opens the files it lists. Qt's own dialog reads the start of every
/// file in a folder to tell its type, and closing such a handle drops every
/// POSIX lock this process holds on that file. Where the run history's
/// database lies in the folder shown, its SQLite locks went with it: another
/// process closing the history then took this one's connection for gone and
/// deleted the write-ahead log under it, and every run recorded afterwards
/// was lost. Here types and icons come from the names alone, and the dialog
/// is always Qt's own (a platform's dialog running inside this process may
/// read the files too). Empty when the user cancels.
QString askOpenFileName(QWidget *parent, const QString &caption, const QString &directory,
                        const QString &filter);
/// `path`: the folder to start in, with the file name to offer.
QString askSaveFileName(QWidget *parent, const QString &caption, const QString &path,
                        const QString &filter);

} // namespace cqrs
