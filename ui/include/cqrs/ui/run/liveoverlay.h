#pragma once

#include "cqrs/ui/run/simulationworker.h"

#include <cqrs/model/elements.h>
#include <cqrs/model/model.h>

#include <QColor>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <map>
#include <optional>
#include <string>
#include <vector>

class QGraphicsItem;
class QGraphicsPathItem;

namespace cqrs {

class DiagramScene;
class NodeItem;
class RunController;

/// Brings the canvas alive during a run: read model and policy nodes get a
/// badge with backlog, lag and utilization and a halo that shifts from green
/// to red as lag approaches the budget (utilization where there is none);
/// edges carry animated dashes whose width follows their throughput. Uses
/// only the scene's public API (node items by id, badges); its own items sit
/// between edges and nodes and ignore the mouse.
class LiveOverlay final : public QObject
{
    Q_OBJECT

public:
    /// Flow animation is off above this many edges (the badges stay).
    static constexpr int kMaxAnimatedEdges = 150;

    LiveOverlay(DiagramScene *scene, RunController *controller, QObject *parent = nullptr);
    ~LiveOverlay() override;

    /// Green at 0, amber at 0.5, red at 1 and above.
    static QColor heatColor(double ratio);
    /// "12 · 0.40 s · 63%" (backlog, lag, utilization).
    static QString badgeText(const sim::ConsumerGroupSnapshot &group);

    bool flowEnabled() const { return m_flowEnabled; }
    int flowItemCount() const { return int(m_flows.size()); }
    /// Width of the flow drawn on an edge ("from>kind>to" key), 0 when none.
    double flowWidth(const std::string &edgeKey) const;
    /// The halo drawn around a read model or policy the run knows by
    /// `runId` (hidden while its node is not on the canvas); null when none.
    const QGraphicsPathItem *halo(const std::string &runId) const;

    void begin(const Model &model);
    void update(const sim::Snapshot &snapshot);
    void clear();
    /// Hides the overlay's halos and flows (a picture of the design without
    /// the last run's figures), and shows again those it hid.
    void setShown(bool shown);
    /// Elements the document renamed while the run goes on (run id -> id
    /// in the document; the run keeps the old ids): their badges, halos and
    /// flows follow the nodes.
    void setRenamed(std::map<std::string, std::string> runToDocument);

private:
    struct Flow
    {
        std::string from, to, key;
        Connection::Kind kind = Connection::Kind::Emits;
        double share = 1; ///< part of the source's rate on this edge
        QGraphicsPathItem *item = nullptr;
        double rate = 0;
        bool placed = false; ///< both ends are on the canvas
    };

    void animate();
    void syncGeometry();
    /// The canvas's nodes changed (added, removed, renamed, moved): the
    /// halos and flows follow them, and new nodes get the latest figures.
    void followNodes();
    /// The canvas node of an element the run knows by `runId`.
    NodeItem *node(const std::string &runId) const;

    QPointer<DiagramScene> m_scene;
    Model m_model;
    std::vector<Flow> m_flows;
    std::map<std::string, QGraphicsPathItem *> m_halos;
    std::map<std::string, std::string> m_sceneIds; ///< run id -> node id, for elements renamed mid-run
    std::optional<sim::Snapshot> m_last;           ///< the latest figures shown
    bool m_followPending = false;                  ///< followNodes() is due
    QTimer m_animation;
    double m_phase = 0;
    bool m_flowEnabled = false;
    std::vector<QGraphicsItem *> m_hidden; ///< by setShown(false)
};

} // namespace cqrs
