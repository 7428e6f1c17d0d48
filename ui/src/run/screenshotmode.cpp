#include "cqrs/ui/run/screenshotmode.h"

#include "cqrs/ui/run/runui.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QMainWindow>
#include <QTimer>

#include <cmath>

namespace cqrs {

int runToScreenshot(QMainWindow *window, RunUi *runUi, const QString &modelPath, double seconds,
                    const QString &file, const std::function<bool(const QString &)> &open,
                    QString *error)
{
    QString message;
    if (!checkModelFile(modelPath, &message)) {
        if (error)
            *error = message;
        return 2;
    }
    if (!(seconds >= 0) || !std::isfinite(seconds)) {
        if (error)
            *error = QCoreApplication::translate("cqrs::ScreenshotMode", "--run-to needs a number of simulated seconds >= 0");
        return 1;
    }
    if (!open(modelPath)) {
        if (error)
            *error = QCoreApplication::translate("cqrs::ScreenshotMode", "%1: cannot be opened").arg(modelPath);
        return 2;
    }
    // The same picture size on every machine (README pictures are made this
    // way), whatever size the window had last time: a projector's 1920x1080.
    window->resize(1920, 1080);
    window->show();
    runUi->showCharts();
    int code = 1;
    QEventLoop loop;
    runUi->runToAndCapture(seconds, file, [&](bool ok, const QString &problem) {
        code = ok ? 0 : 1;
        if (!ok && error)
            *error = problem;
        // Leave the loop from the event loop, in case the callback came synchronously.
        QTimer::singleShot(0, &loop, &QEventLoop::quit);
    });
    loop.exec();
    return code;
}

} // namespace cqrs
