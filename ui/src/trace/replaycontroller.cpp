#include "cqrs/ui/trace/replaycontroller.h"

#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/edgeitem.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/trace/replaypanel.h"
#include "cqrs/ui/editor/scene.h"

#include <QAbstractScrollArea>
#include <QApplication>
#include <QKeyEvent>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace cqrs {

namespace {

QColor tokenColor(ReplayToken::Kind kind)
{
    switch (kind) {
    case ReplayToken::Kind::Command:
    case ReplayToken::Kind::Issued:
        return QColor(0x15, 0x65, 0xc0);
    case ReplayToken::Kind::Event:
    case ReplayToken::Kind::Delivery:
        return QColor(0xe6, 0x51, 0x00);
    case ReplayToken::Kind::Read:
        return QColor(0x00, 0x79, 0x6b);
    }
    return Qt::black;
}

const QColor kStaleColor(0xd3, 0x2f, 0x2f);
const QColor kFreshColor(0x2e, 0x7d, 0x32);
const QColor kDownColor(0x61, 0x61, 0x61);
// One breath of a waiting token's ring, in real seconds.
constexpr double kPulseSeconds = 1.2;
constexpr double kViewMargin = 10; // pixels a token label keeps from the view's edges

double area(const QRectF &r)
{
    return r.isEmpty() ? 0.0 : r.width() * r.height();
}

/// How far to move `box` sideways to bring it into `view` (its left edge
/// first, where it is wider).
double intoView(const QRectF &box, const QRectF &view)
{
    double dx = 0;
    if (box.right() > view.right())
        dx = view.right() - box.right();
    if (box.left() + dx < view.left())
        dx = view.left() - box.left();
    return dx;
}

} // namespace

/// What a token's label should keep clear of, in the view's pixels, and what
/// covering each costs: leaving the view or going under the replay's panel
/// most, then another label or a token, then a node's name (the middle of
/// its body), then the rest of a node.
class ReplayLabelRoom
{
public:
    explicit ReplayLabelRoom(const QRectF &view)
        : m_view(view)
    {
    }
    void addNode(const QRectF &body)
    {
        m_nodes.push_back(body);
        // The name sits in the middle: the inner part of the body.
        m_names.push_back(body.adjusted(body.width() * 0.1, body.height() * 0.2, -body.width() * 0.1,
                                        -body.height() * 0.2));
    }
    void addBlock(const QRectF &r) { m_blocks.push_back(r); }
    void addLabel(const QRectF &r) { m_labels.push_back(r); }
    void addToken(const QRectF &r) { m_tokens.push_back(r); }
    const QRectF &view() const { return m_view; }

    double cost(const QRectF &r) const
    {
        // Cut by the view's edge or under the panel: only where nothing else fits.
        double c = 1000 * (area(r) - area(r & m_view));
        for (const QRectF &b : m_blocks)
            c += 1000 * area(r & b);
        for (const QRectF &l : m_labels)
            c += 5 * area(r & l);
        for (const QRectF &t : m_tokens)
            c += 4 * area(r & t);
        for (const QRectF &n : m_names)
            c += 3 * area(r & n);
        for (const QRectF &n : m_nodes)
            c += area(r & n);
        return c;
    }

private:
    QRectF m_view;
    std::vector<QRectF> m_nodes, m_names, m_blocks, m_labels, m_tokens;
};

ReplayController::ReplayController(DiagramScene *scene, QObject *parent)
    : QObject(parent)
    , m_scene(scene)
{
    m_clock.start();
    m_now = [this] { return m_clock.elapsed(); };
    m_frame.setInterval(kFrameMilliseconds);
    connect(&m_frame, &QTimer::timeout, this, &ReplayController::advance);
    // The tokens follow node ids: a replaced model or a removed node ends the replay.
    connect(scene->document(), &Document::changed, this, [this](const ChangeEvent &event) {
        if (event.type == ChangeEvent::Type::Reset || event.type == ChangeEvent::Type::ElementsRemoved
            || event.type == ChangeEvent::Type::ElementRenamed)
            stop();
        else if (event.type == ChangeEvent::Type::PositionsChanged)
            render(); // a paused replay follows a moved node too
    });
}

ReplayController::~ReplayController()
{
    stop();
}

double ReplayController::suggestedSlowdown(double span)
{
    constexpr double kMovingSeconds = 60;
    const std::vector<double> &offered = ReplayPanel::slowdowns();
    for (auto it = offered.rbegin(); it != offered.rend(); ++it) {
        if (span * *it <= kMovingSeconds)
            return *it;
    }
    return offered.front();
}

bool ReplayController::start(const sim::Trace &trace, QString *error)
{
    stop();
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (!m_scene)
        return fail(tr("There is no canvas to replay on."));
    if (!trace.found)
        return fail(tr("The trace holds no command to replay."));
    if (!m_scene->nodeItem(trace.commandType))
        return fail(tr("The traced command %1 is not on the canvas.").arg(QString::fromStdString(trace.commandType)));
    CanvasView *view = nullptr;
    for (QGraphicsView *v : m_scene->views()) {
        if ((view = qobject_cast<CanvasView *>(v)))
            break;
    }
    if (!view)
        return fail(tr("There is no canvas to replay on."));
    m_view = view;
    m_viewport = view->viewport();

    m_timeline = ReplayTimeline::build(trace, m_scene->document()->model());
    m_schedule = ReplaySchedule(m_timeline.holds(), m_timeline.start(), m_timeline.end(),
                                suggestedSlowdown(m_timeline.end() - m_timeline.start()), kHoldSeconds);
    // A token's name tells it apart where a token of its colour has
    // another name: a command that emits two events, a policy's command
    // beside the followed one.
    const std::vector<ReplayToken> &tokens = m_timeline.tokens();
    for (const ReplayToken &token : tokens) {
        m_nameTells.push_back(std::any_of(tokens.begin(), tokens.end(), [&](const ReplayToken &other) {
            return tokenColor(other.kind) == tokenColor(token.kind) && other.name != token.name;
        }));
    }
    for (const ReplayToken &token : m_timeline.tokens()) {
        auto *item = new ReplayTokenItem(tokenColor(token.kind));
        item->setDuplicate(token.duplicate);
        item->setVisible(false);
        m_scene->addItem(item);
        m_tokens.push_back(item);
    }
    for (const ReplayRead &read : m_timeline.reads()) {
        if (m_readMarks.count(read.query))
            continue;
        auto *mark = new ReplayMarkItem;
        mark->setVisible(false);
        m_scene->addItem(mark);
        m_readMarks.emplace(read.query, mark);
    }
    for (size_t i = 0; i < m_timeline.downs().size(); ++i) {
        auto *mark = new ReplayMarkItem;
        mark->setVisible(false);
        m_scene->addItem(mark);
        m_downMarks.push_back(mark);
    }

    m_panel = new ReplayPanel(view);
    connect(m_panel, &ReplayPanel::playPauseClicked, this, &ReplayController::togglePlay);
    connect(m_panel, &ReplayPanel::restartClicked, this, &ReplayController::restart);
    connect(m_panel, &ReplayPanel::slowdownChosen, this, &ReplayController::setSlowdown);
    connect(m_panel, &ReplayPanel::stopClicked, this, &ReplayController::stop);
    m_panel->setSlowdown(m_schedule.slowdown());
    // Tokens under a node keep their pixel spacing at a new zoom (the panel ends the connection).
    connect(view, &CanvasView::zoomChanged, m_panel, [this] { render(); });
    // Labels keep to the view when it scrolls or is resized, also while paused.
    connect(view->horizontalScrollBar(), &QScrollBar::valueChanged, m_panel, [this] { render(); });
    connect(view->verticalScrollBar(), &QScrollBar::valueChanged, m_panel, [this] { render(); });
    const int margin = view->frameWidth() + 10;
    m_panel->move(margin, margin);
    m_panel->show();
    m_panel->raise();

    m_active = true;
    updateSizes();
    qApp->installEventFilter(this); // Esc stops, before any window shortcut sees it
    m_position = 0;
    render();
    showWholeJourney();
    emit started();
    play();
    return true;
}

void ReplayController::stop()
{
    if (!m_active)
        return;
    m_active = false;
    m_playing = false;
    m_frame.stop();
    qApp->removeEventFilter(this);
    // Items of a scene already gone went with it.
    if (m_scene) {
        for (QGraphicsItem *item : items()) {
            m_scene->removeItem(item);
            delete item;
        }
    }
    m_tokens.clear();
    m_nameTells.clear();
    m_readMarks.clear();
    m_downMarks.clear();
    delete m_panel;
    if (m_view)
        m_view->reserveTop(0);
    m_tallestForWidth = -1;
    m_timeline = ReplayTimeline();
    m_schedule = ReplaySchedule();
    m_position = 0;
    emit stopped();
}

void ReplayController::play()
{
    if (!m_active)
        return;
    if (m_position >= duration())
        m_position = 0; // Play Again
    m_playing = true;
    m_anchorNow = m_now();
    m_anchorPosition = m_position;
    m_frame.start();
    render();
}

void ReplayController::pause()
{
    if (!m_playing)
        return;
    advance();
    m_playing = false;
    m_frame.stop();
    render();
}

void ReplayController::togglePlay()
{
    if (m_playing)
        pause();
    else
        play();
}

void ReplayController::restart()
{
    seekReal(0);
    play();
}

void ReplayController::setSlowdown(double slowdown)
{
    if (!m_active || !(slowdown > 0) || slowdown == m_schedule.slowdown())
        return;
    // The journey stays where it is; only what is left gets slower or faster.
    const ReplayMoment now = moment();
    m_schedule = ReplaySchedule(m_timeline.holds(), m_timeline.start(), m_timeline.end(), slowdown, kHoldSeconds);
    m_position = m_schedule.realAt(now);
    m_anchorNow = m_now();
    m_anchorPosition = m_position;
    if (m_panel)
        m_panel->setSlowdown(slowdown);
    render();
}

void ReplayController::setPresenting(bool presenting, double scale)
{
    if (presenting == m_presenting && scale == m_presentingScale)
        return;
    m_presenting = presenting;
    m_presentingScale = scale;
    updateSizes();
}

void ReplayController::updateSizes()
{
    const ReplaySizes sizes = this->sizes();
    for (ReplayTokenItem *token : m_tokens)
        token->setSizes(sizes);
    for (auto &[query, mark] : m_readMarks)
        mark->setSizes(sizes);
    for (ReplayMarkItem *mark : m_downMarks)
        mark->setSizes(sizes);
    if (m_panel)
        m_panel->setPresenting(m_presenting, m_presentingScale);
    if (m_active) {
        render();
        // The bigger panel may cover the journey; after presentation mode has fitted the canvas.
        QTimer::singleShot(400, m_panel, [this] { showWholeJourney(); });
    }
}

void ReplayController::setTimeSource(std::function<qint64()> now)
{
    m_now = std::move(now);
    m_anchorNow = m_now();
    m_anchorPosition = m_position;
}

void ReplayController::advance()
{
    if (!m_active)
        return;
    if (m_playing) {
        m_position = m_anchorPosition + double(m_now() - m_anchorNow) / 1000.0;
        if (m_position >= duration()) {
            m_position = duration();
            m_playing = false;
            m_frame.stop();
        }
    }
    render();
}

void ReplayController::seekReal(double seconds)
{
    if (!m_active)
        return;
    m_position = std::clamp(seconds, 0.0, duration());
    m_anchorNow = m_now();
    m_anchorPosition = m_position;
    render();
}

void ReplayController::seek(ReplayMoment moment)
{
    seekReal(m_schedule.realAt(moment));
}

ReplayTokenItem *ReplayController::tokenItem(int index) const
{
    return index >= 0 && index < int(m_tokens.size()) ? m_tokens[size_t(index)] : nullptr;
}

ReplayMarkItem *ReplayController::readMark(const std::string &query) const
{
    const auto it = m_readMarks.find(query);
    return it == m_readMarks.end() ? nullptr : it->second;
}

ReplayMarkItem *ReplayController::downMark(int index) const
{
    return index >= 0 && index < int(m_downMarks.size()) ? m_downMarks[size_t(index)] : nullptr;
}

QList<QGraphicsItem *> ReplayController::items() const
{
    QList<QGraphicsItem *> all;
    for (ReplayTokenItem *token : m_tokens)
        all.append(token);
    for (const auto &[query, mark] : m_readMarks)
        all.append(mark);
    for (ReplayMarkItem *mark : m_downMarks)
        all.append(mark);
    return all;
}

QPointF ReplayController::dwellPoint(const NodeItem *node, int slot, double zoom, double labelRoom) const
{
    // Right under the node, further ones stacked below; the label goes to
    // the side (placeLabel()), so the node's name and figures stay readable,
    // or below the disc, with `labelRoom` pixels more between the discs.
    const QRectF body = node->sceneBody();
    const double r = sizes().tokenRadius;
    zoom = std::max(1e-3, zoom);
    return QPointF(body.center().x(), body.bottom() + (r + 3 + slot * (2 * r + 6 + labelRoom)) / zoom);
}

QString ReplayController::tokenLabel(int index, const ReplayPlace &place, ReplayMoment moment) const
{
    // Short, so that it finds room between the nodes on a projector: a token
    // waiting or done under a node says what it does there, and its name
    // only where another token of its colour has another name (the panel's
    // caption names it anyway).
    const ReplayToken &token = m_timeline.tokens()[size_t(index)];
    const bool named = m_nameTells[size_t(index)];
    switch (place.stage) {
    case ReplayStage::Moving:
        return token.duplicate ? tr("%1 (duplicate)").arg(token.name) : token.name;
    case ReplayStage::Queued:
    case ReplayStage::Working: {
        const double since = moment.t - token.pieces[size_t(place.piece)].start;
        const QString doing = tr("%1 · %2").arg(place.note, since > 0 ? formatSeconds(since) : tr("0 s"));
        return named ? tr("%1 · %2").arg(token.name, doing) : doing;
    }
    case ReplayStage::Done:
    case ReplayStage::Rejected:
        if (place.note.isEmpty())
            return token.name;
        return named ? tr("%1 · %2").arg(token.name, place.note) : place.note;
    case ReplayStage::Hidden:
        break;
    }
    return {};
}

void ReplayController::placeLabels()
{
    if (!m_view || !m_scene)
        return;
    // Each label goes where it covers least: the view's edges and the panel,
    // the other labels (the marks' first), the tokens, the nodes' names.
    const QTransform toView = m_view->viewportTransform();
    ReplayLabelRoom room(QRectF(m_view->viewport()->rect()).adjusted(kViewMargin, kViewMargin, -kViewMargin, -kViewMargin));
    for (QGraphicsItem *item : m_scene->items()) {
        if (item->type() == NodeItem::Type && item->isVisible())
            room.addNode(toView.mapRect(static_cast<NodeItem *>(item)->sceneBody()));
    }
    if (m_panel && m_panel->isVisible() && m_panel->parentWidget() == m_view)
        room.addBlock(QRectF(m_view->viewport()->mapFrom(m_view, m_panel->geometry().topLeft()), m_panel->size())
                          .adjusted(-4, -4, 4, 4));
    std::vector<ReplayTokenItem *> order;
    for (ReplayTokenItem *item : m_tokens) {
        if (!item->isVisible())
            continue;
        const double r = item->radius() + 2;
        const QPointF at = toView.map(item->pos());
        room.addToken(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r));
        order.push_back(item);
    }
    // A mark's label goes above its node, or below it where that covers less
    // (tokens sit under the node over it), moved sideways into the view and,
    // where the rows are close, over the edge of its own node short of its
    // name.
    const auto placeMark = [&](ReplayMarkItem *mark) {
        if (!mark->isVisible())
            return;
        const QRectF body = toView.mapRect(mark->nodeRect());
        const double reach = body.height() * 0.2 + 10; // the outline's gap, and the body above the name
        const QRectF view = room.view();
        double best = std::numeric_limits<double>::infinity();
        std::pair<bool, QPointF> chosen{false, {}};
        for (const bool below : {false, true}) {
            const QRectF plain = mark->labelRectIn(toView, below);
            // Sideways far enough to clear a token sitting at the node's middle.
            const double aside = plain.width() / 2 + sizes().tokenRadius + 4;
            for (double in = 0; in <= reach; in += 2) {
                for (double side = 0; side <= aside; side += 6) {
                    for (const double dx0 : {side, -side}) {
                        const double dy = below ? -in : in;
                        const double dx = dx0 + intoView(plain.translated(dx0, dy), view);
                        const double cost = room.cost(plain.translated(dx, dy)) + in + side / 2 + (below ? 1 : 0);
                        if (cost < best) {
                            best = cost;
                            chosen = {below, QPointF(dx, dy)};
                        }
                        if (side == 0)
                            break;
                    }
                }
            }
        }
        mark->setLabelPlace(chosen.first, chosen.second);
        room.addLabel(mark->labelRectIn(toView));
    };
    for (const auto &[query, mark] : m_readMarks)
        placeMark(mark);
    for (ReplayMarkItem *mark : m_downMarks)
        placeMark(mark);
    // Tokens still on their way choose first; done ones take what is left.
    std::stable_sort(order.begin(), order.end(), [](const ReplayTokenItem *a, const ReplayTokenItem *b) {
        const auto settled = [](const ReplayTokenItem *t) {
            return t->stage() == ReplayStage::Done || t->stage() == ReplayStage::Rejected;
        };
        return !settled(a) && settled(b);
    });
    for (ReplayTokenItem *item : order) {
        placeLabel(item, toView.map(item->pos()), room);
        if (!item->label().isEmpty())
            room.addLabel(item->labelRect().translated(toView.map(item->pos())));
    }
}

void ReplayController::placeLabel(ReplayTokenItem *item, QPointF at, const ReplayLabelRoom &room) const
{
    using Side = ReplayTokenItem::LabelSide;
    if (item->label().isEmpty())
        return;
    const QRectF view = room.view();
    const QRectF plain = item->labelRect(Side::Below, 0);
    // A box below that starts or ends at the disc (none for a label narrower than the disc).
    const double along = std::max(0.0, plain.width() / 2 - item->radius());
    const double across = plain.height() / 2 + item->radius() + 2; // a box beside, clear of the disc's row
    // Below or above: moved sideways into the view.
    const auto inView = [&](Side side, double shift) {
        return shift + intoView(item->labelRect(side, shift).translated(at), view);
    };
    // Beside the disc, moved up or down by up to half the label and the
    // disc; below or above it, moved sideways until one end is over the
    // disc; in steps of a few pixels. On an empty canvas: right of the disc.
    struct Candidate
    {
        Side side;
        double shift;
        double rank; // preference between equal costs: nearer, then right, left, below, above
    };
    std::vector<Candidate> candidates;
    constexpr double kStep = 3;
    for (double s = 0; s <= across; s += kStep) {
        for (const double shift : {s, -s}) {
            candidates.push_back({Side::Right, shift, s});
            candidates.push_back({Side::Left, shift, s + 1});
            if (s == 0)
                break;
        }
    }
    const double sideways = std::max(kStep, along / 16);
    for (double s = 0; s <= along; s += sideways) {
        for (const double shift : {s, -s}) {
            candidates.push_back({Side::Below, inView(Side::Below, shift), s + 2});
            candidates.push_back({Side::Above, inView(Side::Above, shift), s + 3});
            if (s == 0)
                break;
        }
    }
    const Side current = item->labelSide();
    const double currentShift = item->labelShift();
    double best = std::numeric_limits<double>::infinity();
    std::pair<Side, double> chosen{Side::Right, 0};
    for (const Candidate &c : candidates) {
        double cost = room.cost(item->labelRect(c.side, c.shift).translated(at));
        // A moving token's label does not jump about for a few pixels' gain.
        if (c.side == current && std::abs(c.shift - currentShift) < kStep)
            cost *= 0.85;
        cost += c.rank;
        if (cost < best) {
            best = cost;
            chosen = {c.side, c.shift};
        }
    }
    item->setLabelSide(chosen.first, chosen.second);
}

void ReplayController::render()
{
    if (!m_active || !m_scene)
        return;
    const ReplayMoment now = moment();
    // The panel first: its height sets the strip the view keeps above the
    // diagram, and so where on screen the tokens' labels go.
    if (m_panel) {
        m_panel->setClock(now.t, now.t - m_timeline.start());
        m_panel->setCaption(m_timeline.captionAt(now.t));
        m_panel->setPlaying(m_playing, m_position >= duration());
        // No wider than the canvas (a narrow one while presenting): the caption wraps instead.
        if (auto *view = qobject_cast<QAbstractScrollArea *>(m_panel->parentWidget()))
            m_panel->setAvailableWidth(view->viewport()->width() - 20); // 10 px clear of each side
        // The diagram below the panel, not under it (a short canvas between
        // docks had the journey's first nodes under the clock): as far down
        // as the panel with its longest caption reaches, so that the diagram
        // stays put while the captions change.
        if (m_view && m_panel->parentWidget() == m_view
            && (m_view->viewport()->width() != m_tallestForWidth
                || (m_presenting ? m_presentingScale : -1.0) != m_tallestScale)) {
            m_tallestForWidth = m_view->viewport()->width();
            m_tallestScale = m_presenting ? m_presentingScale : -1.0; // the panel's look: mode and text size
            m_tallestPanel = 0;
            for (const auto &[t, caption] : m_timeline.captions()) {
                m_panel->setCaption(caption);
                m_panel->fitContents();
                m_tallestPanel = std::max(m_tallestPanel, m_panel->height());
            }
            m_panel->setCaption(m_timeline.captionAt(now.t));
        }
        m_panel->fitContents();
        if (m_view && m_panel->parentWidget() == m_view)
            m_view->reserveTop(m_panel->y() + std::max(m_tallestPanel, m_panel->height()) + 6
                               - m_view->frameWidth());
    }
    const double zoom = m_view ? m_view->transform().m11() : 1.0;
    const double pulse = std::fmod(m_position, kPulseSeconds) / kPulseSeconds;

    // Tokens sitting at each node, in stacking order.
    std::map<std::string, std::vector<std::pair<ReplayTokenItem *, const NodeItem *>>> sitting;
    for (int i = 0; i < int(m_tokens.size()); ++i) {
        ReplayTokenItem *item = m_tokens[size_t(i)];
        const ReplayPlace place = m_timeline.place(i, now);
        const NodeItem *at = place.stage == ReplayStage::Hidden ? nullptr : m_scene->nodeItem(place.node);
        const NodeItem *to = place.stage == ReplayStage::Moving ? m_scene->nodeItem(place.to) : nullptr;
        if (!at || (place.stage == ReplayStage::Moving && !to)) {
            item->setVisible(false);
            continue;
        }
        if (place.stage == ReplayStage::Moving) {
            const QPainterPath path = EdgeItem::route(at->sceneBody(), to->sceneBody());
            item->setPos(path.pointAtPercent(std::clamp(place.fraction, 0.0, 1.0)));
        } else {
            auto &stack = sitting[place.node];
            item->setPos(dwellPoint(at, int(stack.size()), zoom));
            stack.emplace_back(item, at);
        }
        item->setStage(place.stage);
        item->setLabel(tokenLabel(i, place, now));
        item->setPulse(pulse);
        item->setVisible(true);
    }
    // Each query node shows the last answer it gave; bright while it is new.
    for (auto &[query, mark] : m_readMarks) {
        const NodeItem *node = m_scene->nodeItem(query);
        const ReplayRead *last = nullptr;
        for (const ReplayRead &read : m_timeline.reads()) {
            if (read.query == query && ReplayMoment{read.servedAt, 0} <= now)
                last = &read;
        }
        if (!node || !last) {
            mark->setVisible(false);
            continue;
        }
        const double flashFrom = m_schedule.realAt({last->servedAt, 0});
        const double flashTo = m_schedule.realAt({last->servedAt, 1}) + kFlashSeconds;
        const bool flashing = m_position >= flashFrom && m_position <= flashTo;
        mark->setViewZoom(zoom);
        mark->setNodeRect(node->sceneBody());
        mark->setLook(last->stale ? kStaleColor : kFreshColor, flashing);
        if (last->timeout)
            mark->setText(tr("timed out: stale by %1").arg(formatSeconds(last->staleness)));
        else if (last->stale)
            mark->setText(tr("stale by %1").arg(formatSeconds(last->staleness)));
        else if (last->ownChange)
            mark->setText(tr("own change shown"));
        else
            mark->setText(tr("up to date"));
        mark->setVisible(true);
    }

    for (size_t i = 0; i < m_downMarks.size(); ++i) {
        const ReplayDown &down = m_timeline.downs()[i];
        ReplayMarkItem *mark = m_downMarks[i];
        const NodeItem *node = m_scene->nodeItem(down.node);
        const bool isDown = node && down.from <= now.t && now.t < down.until;
        if (!isDown) {
            mark->setVisible(false);
            continue;
        }
        mark->setViewZoom(zoom);
        mark->setNodeRect(node->sceneBody());
        mark->setLook(kDownColor, false, true);
        mark->setText(down.rebuild ? tr("rebuilding") : tr("down"));
        mark->setVisible(true);
    }

    // The labels, once everything they should keep clear of is in place. A
    // stack whose labels go below or above its discs leaves room for them.
    placeLabels();
    bool spread = false;
    for (const auto &[node, stack] : sitting) {
        double room = 0;
        for (const auto &[item, at] : stack) {
            const ReplayTokenItem::LabelSide side = item->labelSide();
            if (side == ReplayTokenItem::LabelSide::Below || side == ReplayTokenItem::LabelSide::Above)
                room = std::max(room, item->labelRect().height() + 2);
        }
        if (room <= 0 || stack.size() < 2)
            continue;
        for (size_t slot = 0; slot < stack.size(); ++slot)
            stack[slot].first->setPos(dwellPoint(stack[slot].second, int(slot), zoom, room));
        spread = true;
    }
    if (spread)
        placeLabels();

    emit positionChanged(m_position);
}

void ReplayController::showWholeJourney()
{
    if (!m_view || !m_scene)
        return;
    std::vector<QRectF> nodes;
    QRectF journey;
    std::set<std::string> seen;
    for (const ReplayToken &token : m_timeline.tokens()) {
        for (const ReplayPiece &piece : token.pieces) {
            for (const std::string &id : {piece.node, piece.to}) {
                if (id.empty() || !seen.insert(id).second)
                    continue;
                if (const NodeItem *node = m_scene->nodeItem(id)) {
                    nodes.push_back(node->sceneBoundingRect());
                    journey = journey.united(nodes.back());
                }
            }
        }
    }
    if (journey.isEmpty())
        return;
    // The nodes the tokens visit, in sight and clear of the panel.
    const QRectF viewport = m_view->viewport()->rect();
    QRectF panel;
    if (m_panel)
        panel = QRectF(m_view->viewport()->mapFrom(m_view, m_panel->geometry().topLeft()), m_panel->size());
    if (!panel.intersects(viewport))
        panel = QRectF(); // above the viewport, in the strip the view keeps for it
    bool clear = true;
    for (const QRectF &node : nodes) {
        const QRectF onScreen = m_view->mapFromScene(node).boundingRect();
        if (!viewport.contains(onScreen) || onScreen.intersects(panel))
            clear = false;
    }
    if (clear)
        return;
    // The room below the panel, with the token labels' margin on the right.
    const QRectF room = viewport.adjusted(10, panel.isEmpty() ? 10 : panel.bottom() + 10, -10, -10);
    if (room.width() < 60 || room.height() < 40)
        return;
    const QRectF content = journey.adjusted(-20, -20, 160, 60);
    const double zoom = std::min({m_view->zoom(), room.width() / content.width(), room.height() / content.height()});
    m_view->setZoom(zoom);
    const double actual = m_view->zoom();
    m_view->centerOn(content.center() - (room.center() - viewport.center()) / actual);
}

bool ReplayController::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && m_active && watched == m_viewport)
        QTimer::singleShot(0, this, [this] { render(); }); // labels keep to the new width
    // Esc in the canvas's window stops the replay; it is claimed before the
    // window's shortcuts (presentation mode's Esc leaves on the next press).
    if (m_active && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        auto *key = static_cast<QKeyEvent *>(event);
        auto *widget = qobject_cast<QWidget *>(watched);
        if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier && widget && m_view
            && widget->window() == m_view->window()) {
            key->accept();
            if (event->type() == QEvent::KeyPress)
                stop();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace cqrs
