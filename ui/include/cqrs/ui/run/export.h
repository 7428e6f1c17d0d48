#pragma once

#include "cqrs/ui/run/simulationworker.h"

#include <QString>

class QWidget;

namespace cqrs {

/// Saves a picture of a widget (a chart, the main window): SVG when the
/// path ends in .svg (QSvgGenerator), otherwise a raster image (PNG) with
/// `scale` pixels to the widget's pixel, or the screen's ratio should that
/// be more (2: a chart sharp on a slide or a projector). Written
/// atomically; false and *error naming the file on failure.
bool saveWidgetPicture(QWidget *widget, const QString &path, QString *error = nullptr,
                       qreal scale = 1);

/// The scale of a saved chart or sweep picture: made for slides.
inline constexpr qreal kSlideScale = 2;

/// Writes the run's result file with the same bytes as `cqrs-sim run`
/// (sim::formatResult) to path, atomically.
bool saveResultJson(const RunResult &run, const QString &path, QString *error = nullptr);

/// Writes text (UTF-8) to path atomically.
bool saveText(const QString &text, const QString &path, QString *error = nullptr);

} // namespace cqrs
