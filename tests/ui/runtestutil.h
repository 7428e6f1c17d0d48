#pragma once

// Shared by the run GUI tests (markers, what-ifs): an example
// model and the editor's run machinery (document, canvas, RunUi) in a bare
// main window.

#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "historytestutil.h"

#include <QMainWindow>
#include <QStatusBar>

namespace cqrs::testing {

/// A shipped example (testmodels.h's example()) with no warm-up.
inline Model exampleModel(const char *file, double duration)
{
    Model model = example(file, duration);
    model.workload.warmup = 0;
    return model;
}

/// A document with its canvas and run UI in a 1600x1000 main window.
struct RunStudio
{
    Document document;
    QMainWindow window;
    DiagramScene *scene;
    RunUi *run;

    explicit RunStudio(const Model &model)
    {
        document.resetModel(model);
        scene = new DiagramScene(&document, &window);
        window.setCentralWidget(new CanvasView(scene));
        window.statusBar();
        run = new RunUi(&window, &document, scene);
        window.resize(1600, 1000);
    }

    RunController *controller() const { return run->controller(); }

    /// Every chart shown and the window on screen, so each chart lays out its plot.
    void showAllCharts()
    {
        for (int id = 0; id < ChartsPanel::ChartCount; ++id)
            run->charts()->setChartShown(ChartsPanel::ChartId(id), true);
        window.show();
    }
};

} // namespace cqrs::testing
