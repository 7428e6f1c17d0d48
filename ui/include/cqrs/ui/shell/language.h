#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

namespace cqrs {

/// Where cqrs-studio_<language>.qm files are looked for, first match wins:
/// the user's own (<data location>/translations), the installed ones
/// (<prefix>/share/cqrs-studio/translations beside <prefix>/bin) and a
/// build's (translations/ in the build tree).
QStringList translationDirectories();

/// Installs the GUI's translation for `locale` (the first
/// cqrs-studio_<language>.qm found in `directories`) and Qt's own strings
/// for it (dialog buttons) when Qt has them. Returns the file loaded, or an
/// empty string when there is none (the GUI stays in English).
QString installTranslations(const QLocale &locale,
                            const QStringList &directories = translationDirectories());

} // namespace cqrs
