#pragma once

#include <QString>

class QWidget;

namespace cqrs {

/// Asks where to save an export (a report, a picture, a result, a trace).
/// The dialog starts in the folder the last export went to, remembered
/// across sessions; the first time, in the folder of the model most
/// recently opened or saved, else in the Documents folder, or the home
/// folder where there is none (never the folder the program was started
/// from). The file name offered is exportFileName(suggestedName). The
/// folder chosen is remembered. Returns the path chosen, empty when the
/// user cancels.
QString askExportPath(QWidget *parent, const QString &title, const QString &suggestedName,
                      const QString &filter);

/// The folder askExportPath() starts in.
QString exportDirectory();

/// The folder the dialogs for models and challenges (Open, Save As, Import,
/// Export a Copy) start in: the folder of `currentFile` when there is one;
/// else that of the file most recently opened or saved (the "recentFiles"
/// setting) when it still exists; else Documents, or the home folder where
/// there is none (never the folder the program was started from).
QString modelDirectory(const QString &currentFile = {});

/// The file name askExportPath() offers for suggestedName: "/", ":", "*",
/// control characters and the like become "-", and the name before the
/// extension is cut to 150 bytes of UTF-8 (a whole character at a time).
QString exportFileName(const QString &suggestedName);

} // namespace cqrs
