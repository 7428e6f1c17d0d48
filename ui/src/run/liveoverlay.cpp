#include "cqrs/ui/run/liveoverlay.h"

#include "cqrs/ui/common/format.h"
#include "cqrs/ui/editor/edgeitem.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/editor/scene.h"

#include <cqrs/model/elements.h>
#include <cqrs/model/validation.h>

#include <QGraphicsPathItem>
#include <QPen>

#include <algorithm>
#include <cmath>

namespace cqrs {

namespace {

constexpr double kFlowZ = 0.25;  // above edges (0), below notes (0.5) and nodes (1)
constexpr double kHaloZ = 0.9;   // right below the node it surrounds
constexpr int kAnimationMilliseconds = 100;

/// Fixed decimals under two minutes (a badge that changes at every sample
/// keeps its width); beyond, in minutes or hours as the rest of the
/// application says them ("30 min", not "1800 s").
QString shortSeconds(double s)
{
    if (s >= 120)
        return formatSeconds(s);
    if (s < 0.995) // rounds under one: "1.0 s", not "1.00 s"
        return QStringLiteral("%1 s").arg(s, 0, 'f', 2);
    if (s < 99.95)
        return QStringLiteral("%1 s").arg(s, 0, 'f', 1);
    return QStringLiteral("%1 s").arg(s, 0, 'f', 0);
}

} // namespace

LiveOverlay::LiveOverlay(DiagramScene *scene, RunController *controller, QObject *parent)
    : QObject(parent)
    , m_scene(scene)
{
    m_animation.setInterval(kAnimationMilliseconds);
    connect(&m_animation, &QTimer::timeout, this, &LiveOverlay::animate);
    if (controller) {
        connect(controller, &RunController::runStarted, this, [this](const Model &model) { begin(model); });
        connect(controller, &RunController::samplesArrived, this, [this](const SnapshotBatch &batch) {
            if (batch && !batch->empty())
                update(batch->back());
        });
        connect(controller, &RunController::stateChanged, this, [this](RunController::State state) {
            if (state == RunController::State::Running && m_flowEnabled)
                m_animation.start();
            else
                m_animation.stop();
        });
        connect(controller, &RunController::runReset, this, &LiveOverlay::clear);
    }
    // A node deleted, undone, redone or moved after the last sample (a
    // paused or finished run gets none): its halo and flows go or follow,
    // once per turn of the event loop (a drag moves nodes at every mouse
    // move, a tidy-up each node once).
    if (scene) {
        connect(scene, &DiagramScene::nodesChanged, this, [this] {
            if (m_followPending || (m_halos.empty() && m_flows.empty()))
                return;
            m_followPending = true;
            QTimer::singleShot(0, this, [this] {
                m_followPending = false;
                followNodes();
            });
        });
    }
}

LiveOverlay::~LiveOverlay()
{
    clear();
}

QColor LiveOverlay::heatColor(double ratio)
{
    const QColor green(0x2e, 0x7d, 0x32), amber(0xef, 0x8f, 0x00), red(0xc6, 0x28, 0x28);
    if (!(ratio > 0))
        return green;
    auto mix = [](const QColor &a, const QColor &b, double t) {
        return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                                float(a.greenF() + (b.greenF() - a.greenF()) * t),
                                float(a.blueF() + (b.blueF() - a.blueF()) * t));
    };
    if (ratio < 0.5)
        return mix(green, amber, ratio / 0.5);
    return mix(amber, red, std::min(1.0, (ratio - 0.5) / 0.5));
}

QString LiveOverlay::badgeText(const sim::ConsumerGroupSnapshot &g)
{
    if (g.down)
        return tr("DOWN · %1 queued").arg(formatCount(double(g.backlog)));
    const QString text = QStringLiteral("%1 · %2 · %3%")
                             .arg(formatCount(double(g.backlog)))
                             .arg(shortSeconds(g.lag))
                             .arg(std::lround(g.utilization * 100));
    return g.rebuilding ? tr("REBUILD · %1").arg(text) : text;
}

void LiveOverlay::begin(const Model &model)
{
    clear();
    m_model = model;
    m_last.reset();
    if (!m_scene)
        return;
    // Halos for read models and policies.
    auto addHalo = [this](const std::string &id) {
        NodeItem *node = this->node(id);
        if (!node)
            return;
        auto *halo = new QGraphicsPathItem;
        halo->setZValue(kHaloZ);
        halo->setAcceptedMouseButtons(Qt::NoButton);
        halo->setAcceptHoverEvents(false);
        halo->setBrush(Qt::NoBrush);
        m_scene->addItem(halo);
        m_halos[id] = halo;
    };
    for (const ReadModel &rm : model.readModels)
        addHalo(rm.id);
    for (const Policy &p : model.policies)
        addHalo(p.id);

    // Flows: only the connections that carry traffic.
    const std::vector<Connection> connections = connectionsOf(model);
    std::vector<Connection> carrying;
    for (const Connection &c : connections) {
        if (c.kind == Connection::Kind::Emits || c.kind == Connection::Kind::Subscribes
            || c.kind == Connection::Kind::Issues || c.kind == Connection::Kind::Serves)
            carrying.push_back(c);
    }
    m_flowEnabled = int(carrying.size()) <= kMaxAnimatedEdges;
    if (m_flowEnabled) {
        const FlowRates rates = predictFlows(model);
        auto eventRate = [&](const std::string &id) {
            for (std::size_t e = 0; e < model.events.size() && e < rates.eventRate.size(); ++e) {
                if (model.events[e].id == id)
                    return rates.eventRate[e];
            }
            return 0.0;
        };
        double totalEvents = 0;
        for (double r : rates.eventRate)
            totalEvents += r;
        for (const Connection &c : carrying) {
            Flow flow;
            flow.from = c.from;
            flow.to = c.to;
            flow.key = c.key();
            flow.kind = c.kind;
            if (c.kind == Connection::Kind::Emits) {
                flow.share = totalEvents > 0 ? eventRate(c.to) / totalEvents : 0;
            } else if (c.kind == Connection::Kind::Subscribes) {
                const ConsumerSpec *spec = model.readModel(c.to) ? static_cast<const ConsumerSpec *>(model.readModel(c.to))
                                                                 : model.policy(c.to);
                double sum = 0;
                if (spec) {
                    for (const std::string &e : spec->subscribes)
                        sum += eventRate(e);
                }
                flow.share = sum > 0 ? eventRate(c.from) / sum : 0;
            }
            auto *item = new QGraphicsPathItem;
            item->setZValue(kFlowZ);
            item->setAcceptedMouseButtons(Qt::NoButton);
            item->setAcceptHoverEvents(false);
            item->setVisible(false);
            m_scene->addItem(item);
            flow.item = item;
            m_flows.push_back(std::move(flow));
        }
    }
    syncGeometry();
}

void LiveOverlay::clear()
{
    m_animation.stop();
    if (m_scene) {
        for (Flow &flow : m_flows) {
            m_scene->removeItem(flow.item);
            delete flow.item;
        }
        for (auto &[id, halo] : m_halos) {
            m_scene->removeItem(halo);
            delete halo;
            if (NodeItem *node = this->node(id))
                node->setBadge({});
        }
    }
    m_flows.clear();
    m_halos.clear();
    m_hidden.clear();
    m_sceneIds.clear();
    m_last.reset();
}

void LiveOverlay::setShown(bool shown)
{
    if (shown) {
        for (QGraphicsItem *item : m_hidden)
            item->show();
        m_hidden.clear();
        return;
    }
    const auto hide = [this](QGraphicsItem *item) {
        if (item && item->isVisible()) {
            item->hide();
            m_hidden.push_back(item);
        }
    };
    for (const Flow &flow : m_flows)
        hide(flow.item);
    for (const auto &[id, halo] : m_halos)
        hide(halo);
}

void LiveOverlay::followNodes()
{
    if (m_halos.empty() && m_flows.empty())
        return;
    if (m_last)
        update(*m_last);
    else
        syncGeometry();
}

const QGraphicsPathItem *LiveOverlay::halo(const std::string &runId) const
{
    const auto it = m_halos.find(runId);
    return it == m_halos.end() ? nullptr : it->second;
}

NodeItem *LiveOverlay::node(const std::string &runId) const
{
    const auto renamed = m_sceneIds.find(runId);
    return m_scene ? m_scene->nodeItem(renamed == m_sceneIds.end() ? runId : renamed->second) : nullptr;
}

void LiveOverlay::setRenamed(std::map<std::string, std::string> runToDocument)
{
    // The badge stays on no node that the run does not know by its id.
    for (const auto &[runId, id] : m_sceneIds) {
        if (NodeItem *stale = m_scene ? m_scene->nodeItem(id) : nullptr)
            stale->setBadge({});
    }
    m_sceneIds = std::move(runToDocument);
    syncGeometry();
}

void LiveOverlay::syncGeometry()
{
    if (!m_scene)
        return;
    for (auto &[id, halo] : m_halos) {
        NodeItem *node = this->node(id);
        halo->setVisible(node != nullptr);
        if (!node)
            continue;
        const QRectF body = node->sceneBody().adjusted(-5, -5, 5, 5);
        halo->setPath(NodeItem::outline(node->kind(), body));
    }
    for (Flow &flow : m_flows) {
        NodeItem *from = node(flow.from);
        NodeItem *to = node(flow.to);
        flow.placed = from && to;
        if (!flow.placed) {
            flow.item->setVisible(false);
            continue;
        }
        flow.item->setPath(EdgeItem::route(from->sceneBody(), to->sceneBody()));
    }
}

void LiveOverlay::update(const sim::Snapshot &s)
{
    if (!m_scene)
        return;
    if (!m_last || &*m_last != &s)
        m_last = s;
    auto decorate = [this](const sim::ConsumerGroupSnapshot &g, std::optional<double> budget) {
        NodeItem *node = this->node(g.id);
        if (!node)
            return;
        // Lag against the budget where there is one; otherwise how busy the consumers are.
        double heat = budget && *budget > 0 ? g.lag / *budget : g.utilization;
        if (g.down)
            heat = 1;
        const QColor color = heatColor(heat);
        // The figures said in words (the badge's "17 · 0.61 s · 2%" was
        // explained only in the guide).
        const QString tip
            = g.down ? tr("Live: down, %1 events queued for it").arg(formatCount(double(g.backlog)))
                     : tr("Live: %1 events not applied yet (backlog) · lag %2 (the oldest of them) · consumers "
                          "%3% busy")
                           .arg(formatCount(double(g.backlog)))
                           .arg(shortSeconds(g.lag))
                           .arg(std::lround(g.utilization * 100));
        node->setBadge(badgeText(g), color, tip);
        const auto halo = m_halos.find(g.id);
        if (halo != m_halos.end()) {
            QPen pen(color, 5);
            pen.setJoinStyle(Qt::RoundJoin);
            halo->second->setPen(pen);
        }
    };
    for (const sim::ConsumerGroupSnapshot &g : s.readModels) {
        const ReadModel *rm = m_model.readModel(g.id);
        decorate(g, rm && rm->staleBudget ? std::optional<double>(rm->staleBudget->p99) : std::nullopt);
    }
    for (const sim::ConsumerGroupSnapshot &g : s.policies)
        decorate(g, std::nullopt);

    syncGeometry(); // the halos follow their nodes, with or without flows
    if (!m_flowEnabled)
        return;
    auto group = [&s](const std::string &id) -> const sim::ConsumerGroupSnapshot * {
        for (const auto &g : s.readModels)
            if (g.id == id)
                return &g;
        for (const auto &g : s.policies)
            if (g.id == id)
                return &g;
        return nullptr;
    };
    double maxRate = 0;
    for (Flow &flow : m_flows) {
        switch (flow.kind) {
        case Connection::Kind::Emits:
            flow.rate = s.eventsPublishedPerSecond * flow.share;
            break;
        case Connection::Kind::Subscribes: {
            const sim::ConsumerGroupSnapshot *g = group(flow.to);
            flow.rate = g ? g->appliedPerSecond * flow.share : 0;
            break;
        }
        case Connection::Kind::Issues: {
            const sim::ConsumerGroupSnapshot *g = group(flow.from);
            const Policy *p = m_model.policy(flow.from);
            flow.rate = g && p ? g->appliedPerSecond * p->probability : 0;
            break;
        }
        case Connection::Kind::Serves: {
            flow.rate = 0;
            for (const sim::QuerySnapshot &q : s.queries)
                if (q.id == flow.to)
                    flow.rate = q.issuedPerSecond;
            break;
        }
        default:
            flow.rate = 0;
        }
        maxRate = std::max(maxRate, flow.rate);
    }
    for (Flow &flow : m_flows) {
        // Width on a square-root scale: a 100x busier edge is 10x wider, not off the canvas.
        const double width = maxRate > 0 && flow.rate > 0 ? 1.5 + 7.5 * std::sqrt(flow.rate / maxRate) : 0;
        flow.item->setVisible(width > 0 && flow.placed);
        if (width > 0) {
            QPen pen(QColor(0x15, 0x65, 0xc0, 170), width, Qt::CustomDashLine, Qt::FlatCap);
            pen.setDashPattern({2, 2});
            pen.setDashOffset(-m_phase);
            flow.item->setPen(pen);
        }
    }
}

double LiveOverlay::flowWidth(const std::string &edgeKey) const
{
    for (const Flow &flow : m_flows) {
        if (flow.key == edgeKey)
            return flow.item->isVisible() ? flow.item->pen().widthF() : 0.0;
    }
    return 0.0;
}

void LiveOverlay::animate()
{
    m_phase += 0.5;
    if (m_phase > 4)
        m_phase -= 4;
    for (Flow &flow : m_flows) {
        if (!flow.item->isVisible())
            continue;
        QPen pen = flow.item->pen();
        pen.setDashOffset(-m_phase);
        flow.item->setPen(pen);
    }
}

} // namespace cqrs
