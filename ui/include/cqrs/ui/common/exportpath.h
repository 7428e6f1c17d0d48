#pragma once

#include <QString>

class QWidget;

namespace cqrs {

/// Asks where to save an export (a report, a picture, a result, a trace).
/// The dialog starts in the folder the last export went to, remembered
/// across sessions; the first time, in the Documents folder, or the home
/// folder where there is none (never the folder the program was started
/// from). suggestedName is the file name offered; characters that file
/// systems refuse ("/", ":", "*", ...) become "-". Returns the path chosen,
/// empty when the user cancels.
QString askExportPath(QWidget *parent, const QString &title, const QString &suggestedName, const QString &filter);

/// The folder askExportPath() starts in.
QString exportDirectory();

} // namespace cqrs
