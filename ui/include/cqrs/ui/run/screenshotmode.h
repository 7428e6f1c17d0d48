#pragma once

#include <QString>

#include <functional>

class QMainWindow;

namespace cqrs {

class RunUi;

/// `cqrs-studio MODEL --run-to SECONDS --screenshot FILE.png`: checks the
/// model file, opens it with `open` (which loads it into the window's
/// document), runs it at full speed to simulated time `seconds` (or its end),
/// saves a picture of the whole window with its charts and returns the exit
/// code: 0 done; 2 the model cannot be read or run (*error holds the
/// loader's located messages, "FILE: line 3, column 7: ..."); 1 anything else.
/// Spins its own event loop; returns when the picture is written.
int runToScreenshot(QMainWindow *window, RunUi *runUi, const QString &modelPath, double seconds,
                    const QString &file, const std::function<bool(const QString &)> &open,
                    QString *error);

} // namespace cqrs
