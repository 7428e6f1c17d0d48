// Canvas benchmark (issue 4): open and lay out a generated model with 300
// elements and about 600 connections, then repaint the whole canvas at
// fit-zoom. Prints the figures; not a CTest test.
#include "cqrs/ui/document/autolayout.h"
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/editor/scene.h"

#include <cqrs/model/modeljson.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace cqrs;

namespace {

// 10 aggregates, 80 commands, 80 events, 60 read models, 20 policies, 50 queries.
Model generatedModel()
{
    Model m;
    m.name = "Generated 300";
    m.workload.duration = 60;
    m.workload.commandRate = 100;
    m.workload.queryRate = 100;
    auto id = [](const char *prefix, int i) { return std::string(prefix) + std::to_string(i); };
    for (int i = 0; i < 10; ++i)
        m.aggregates.push_back({id("agg", i), "Aggregate" + std::to_string(i), 1000, Json::object()});
    for (int i = 0; i < 80; ++i) {
        m.events.push_back({id("evt", i), "Event" + std::to_string(i), id("agg", i % 10), {},
                            Json::object()});
    }
    for (int i = 0; i < 80; ++i) {
        Command c;
        c.id = id("cmd", i);
        c.name = "Command" + std::to_string(i);
        c.aggregate = id("agg", i % 10);
        c.handlerTime = Distribution::exponential(0.002);
        c.emits = {id("evt", i)};
        if (i % 2 == 0)
            c.emits.push_back(id("evt", (i + 1) % 80));
        m.commands.push_back(c);
    }
    for (int i = 0; i < 60; ++i) {
        ReadModel r;
        r.id = id("view", i);
        r.name = "View" + std::to_string(i);
        for (int k = 0; k < 5; ++k)
            r.subscribes.push_back(id("evt", (i * 7 + k * 13) % 80));
        std::sort(r.subscribes.begin(), r.subscribes.end());
        r.subscribes.erase(std::unique(r.subscribes.begin(), r.subscribes.end()), r.subscribes.end());
        r.update.delay = Distribution::lognormal(0.05, 0.5);
        m.readModels.push_back(r);
    }
    for (int i = 0; i < 20; ++i) {
        Policy p;
        p.id = id("policy", i);
        p.name = "Policy" + std::to_string(i);
        p.subscribes = {id("evt", (i * 3) % 80), id("evt", (i * 3 + 40) % 80)};
        p.issues = id("cmd", (i * 5 + 1) % 80);
        p.probability = 0.1;
        m.policies.push_back(p);
    }
    for (int i = 0; i < 50; ++i) {
        Query q;
        q.id = id("query", i);
        q.name = "Query" + std::to_string(i);
        q.readModel = id("view", i % 60);
        m.queries.push_back(q);
    }
    return m;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName("cqrs-studio-bench");
    QApplication::setApplicationName("bench_canvas");

    const Model model = generatedModel();
    const size_t elements = model.aggregates.size() + model.commands.size() + model.events.size()
                            + model.readModels.size() + model.policies.size()
                            + model.queries.size();
    const size_t connections = connectionsOf(model).size();
    QTemporaryDir dir;
    const QString path = dir.filePath("generated.cqrs.json");
    std::string error;
    if (!saveModelFile(model, path.toStdString(), &error)) {
        std::fprintf(stderr, "cannot write %s: %s\n", qPrintable(path), error.c_str());
        return 1;
    }

    constexpr int kRounds = 7;
    std::vector<double> openMs, layoutMs, repaintMs, repaintFullMs;
    int nodes = 0, edges = 0;
    double zoom = 0;
    QSize viewport;
    for (int round = 0; round < kRounds; ++round) {
        cqrs::MainWindow window;
        window.resize(1600, 1000);
        window.show();
        QApplication::processEvents();

        // Open: read + validate the file, lay out (no positions in the file),
        // build every item, validate for the problems panel.
        QElapsedTimer timer;
        timer.start();
        if (!window.fileController()->openFile(path)) {
            std::fprintf(stderr, "cannot open the generated model\n");
            return 1;
        }
        window.view()->fitAll();
        QApplication::processEvents();
        openMs.push_back(timer.nsecsElapsed() / 1e6);

        timer.restart();
        const auto positions = layoutModel(window.document()->model());
        layoutMs.push_back(timer.nsecsElapsed() / 1e6);
        if (positions.size() != elements)
            return 1;

        nodes = window.scene()->nodeCount();
        edges = window.scene()->edgeCount();
        zoom = window.view()->zoom();
        viewport = window.view()->viewport()->size();

        // Repaint: the whole visible canvas at fit-zoom into an image, as the
        // viewport would be painted.
        QImage image(viewport, QImage::Format_ARGB32_Premultiplied);

        for (int i = 0; i < 10; ++i) {
            timer.restart();
            QPainter painter(&image);
            painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
            window.view()->render(&painter, QRectF(), window.view()->viewport()->rect());
            painter.end();
            repaintMs.push_back(timer.nsecsElapsed() / 1e6);
        }
        if (round == 0 && !qEnvironmentVariableIsEmpty("BENCH_CANVAS_PNG"))
            image.save(qEnvironmentVariable("BENCH_CANVAS_PNG")); // to look at
        // And the same at 100% zoom for a sense of the detailed drawing cost.
        window.view()->resetZoom();
        for (int i = 0; i < 5; ++i) {
            timer.restart();
            QPainter painter(&image);
            painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
            window.view()->render(&painter, QRectF(), window.view()->viewport()->rect());
            painter.end();
            repaintFullMs.push_back(timer.nsecsElapsed() / 1e6);
        }
        window.document()->undoStack()->clear();
    }

    std::printf("bench_canvas: generated model, %zu elements, %zu connections (%d nodes, %d edges drawn)\n",
                elements, connections, nodes, edges);
    std::printf("  open file + validate + lay out + build items + fit: median %.1f ms (min %.1f, %d rounds)\n",
                median(openMs), *std::min_element(openMs.begin(), openMs.end()), kRounds);
    std::printf("  automatic layout alone:                           median %.2f ms\n",
                median(layoutMs));
    std::printf("  repaint whole canvas at fit-zoom (%.0f%%, %dx%d):    median %.1f ms (min %.1f)\n",
                zoom * 100, viewport.width(), viewport.height(), median(repaintMs),
                *std::min_element(repaintMs.begin(), repaintMs.end()));
    std::printf("  repaint viewport at 100%% zoom:                    median %.1f ms\n",
                median(repaintFullMs));
    return 0;
}
