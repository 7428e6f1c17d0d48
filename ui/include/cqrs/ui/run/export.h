#pragma once

#include "cqrs/ui/run/simulationworker.h"

#include <QString>

class QWidget;

namespace cqrs {

/// Saves a picture of a widget (a chart, the main window): SVG when the
/// path ends in .svg (QSvgGenerator), otherwise a raster image (PNG).
/// Written atomically; false and *error naming the file on failure.
bool saveWidgetPicture(QWidget *widget, const QString &path, QString *error = nullptr);

/// Writes the run's result file with the same bytes as `cqrs-sim run`
/// (sim::formatResult) to path, atomically.
bool saveResultJson(const RunResult &run, const QString &path, QString *error = nullptr);

/// Writes text (UTF-8) to path atomically.
bool saveText(const QString &text, const QString &path, QString *error = nullptr);

} // namespace cqrs
