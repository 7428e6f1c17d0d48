#include "cqrs/ui/editor/nodeitem.h"

#include "cqrs/ui/document/autolayout.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/editor/edgeitem.h"
#include "cqrs/ui/editor/scene.h"

#include <QFontInfo>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <array>
#include <cmath>

namespace cqrs {

namespace {

constexpr double kHandleRadius = 6;

const QFont &nameFont()
{
    static const QFont font = [] {
        QFont f;
        f.setPointSizeF(10);
        f.setBold(true);
        return f;
    }();
    return font;
}

const QFont &smallFont()
{
    static const QFont font = [] {
        QFont f;
        f.setPointSizeF(7.5);
        return f;
    }();
    return font;
}

// Where text goes inside the shape (clear of points, caps and markers).
QRectF textRect(ElementKind kind, const QRectF &r)
{
    switch (kind) {
    case ElementKind::Event:
        return r.adjusted(8, 4, -18, -4);
    case ElementKind::Policy:
        return r.adjusted(16, 4, -16, -4);
    case ElementKind::ReadModel:
        return r.adjusted(8, 12, -8, -6);
    case ElementKind::Query:
        return r.adjusted(16, 4, -16, -4);
    default:
        return r.adjusted(8, 4, -8, -4);
    }
}

// Presenting: where a name at projector size goes. It may reach past the
// sides of the kind's text area into half of the layout's column gap (a long
// name is not cut at the node's edge), and two lines may use the whole
// height of the body (the kind's title gives way to them).
constexpr double kPresentedOverhang = kColumnGap / 2;
// Presenting: how far a name on two lines may reach above and below its node.
constexpr double kPresentedRise = kRowGap / 2;

QRectF presentedTextRect(ElementKind kind, const QRectF &r, double overhang)
{
    const QRectF text = textRect(kind, r);
    return QRectF(text.left() - overhang, r.top() + 3, text.width() + 2 * overhang, r.height() - 6);
}

const QColor kTextColor(0x1c, 0x1c, 0x22);

/// Where a name too long for one line starts its second line: after a space,
/// '-', '_' or '.', or at a capital after a small letter ("OrderCancelled"),
/// whichever makes the longer of the two lines shortest; 0 when there is no
/// such place.
int secondLineStart(const QString &name, const QFontMetricsF &metrics)
{
    int best = 0;
    double bestWidth = 0;
    for (int i = 1; i < name.size(); ++i) {
        const QChar before = name.at(i - 1);
        const bool camel = name.at(i).isUpper() && before.isLower();
        const bool separator = before == QLatin1Char(' ') || before == QLatin1Char('-') || before == QLatin1Char('_')
                               || before == QLatin1Char('.');
        if (!camel && !separator)
            continue;
        const QString first = name.left(i).trimmed();
        const QString second = name.mid(i).trimmed();
        if (first.isEmpty() || second.isEmpty())
            continue;
        const double w = std::max(metrics.horizontalAdvance(first), metrics.horizontalAdvance(second));
        if (best == 0 || w < bestWidth) {
            best = i;
            bestWidth = w;
        }
    }
    return best;
}

/// The red or amber "!" at a node's corner; hovering it shows the problems.
class ProblemMarker final : public QGraphicsItem
{
public:
    explicit ProblemMarker(QGraphicsItem *parent)
        : QGraphicsItem(parent)
    {
        setAcceptHoverEvents(true);
        setZValue(1);
        hide();
    }

    void setSeverity(std::optional<Diagnostic::Severity> severity)
    {
        m_severity = severity;
        setVisible(severity.has_value());
        update();
    }

    QRectF boundingRect() const override { return QRectF(-6, -6, 14, 14); }

    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *) override
    {
        const QRectF marker = boundingRect();
        painter->setPen(QPen(Qt::white, 1.2));
        painter->setBrush(m_severity == Diagnostic::Severity::Error ? QColor(0xd3, 0x2f, 0x2f) : QColor(0xf0, 0xa0, 0x00));
        painter->drawEllipse(marker);
        if (option->levelOfDetailFromTransform(painter->worldTransform()) >= 0.4) {
            painter->setFont(nameFont());
            painter->drawText(marker, Qt::AlignCenter, QStringLiteral("!"));
        }
    }

private:
    std::optional<Diagnostic::Severity> m_severity;
};

/// Presenting: the live badge at a size the room can read, whatever the
/// zoom; NodeItem places it where it covers the least.
class PresentedBadge final : public QGraphicsItem
{
public:
    explicit PresentedBadge(QGraphicsItem *parent)
        : QGraphicsItem(parent)
    {
        setFlag(ItemIgnoresTransformations);
        setAcceptedMouseButtons(Qt::NoButton);
        setZValue(1);
    }

    void set(const QString &text, const QColor &color, int pixels)
    {
        prepareGeometryChange();
        m_text = text;
        m_color = color;
        m_font = QFont();
        m_font.setPixelSize(pixels);
        const QFontMetricsF metrics(m_font);
        const double h = metrics.height() + 4;
        m_pill = QRectF(0, 0, metrics.horizontalAdvance(text) + h, h);
        update();
    }
    /// On screen, in pixels (its top left corner is at the item's position).
    QSizeF pixelSize() const { return m_pill.size(); }
    QString text() const { return m_text; }

    QRectF boundingRect() const override { return m_pill; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(m_color);
        painter->drawRoundedRect(m_pill, m_pill.height() / 2, m_pill.height() / 2);
        painter->setPen(Qt::white);
        painter->setFont(m_font);
        painter->drawText(m_pill, Qt::AlignCenter, m_text);
    }

private:
    QString m_text;
    QColor m_color;
    QFont m_font;
    QRectF m_pill;
};

} // namespace

std::map<std::string, ElementProblem> elementProblems(const Diagnostics &diagnostics)
{
    std::map<std::string, ElementProblem> problems;
    for (const Diagnostic &d : diagnostics) {
        if (d.elementId.empty())
            continue;
        const auto [it, added] = problems.try_emplace(d.elementId, ElementProblem{d.severity, {}});
        ElementProblem &problem = it->second;
        if (d.isError())
            problem.severity = Diagnostic::Severity::Error;
        if (!added)
            problem.text += QLatin1Char('\n');
        problem.text += QString::fromStdString(d.message);
    }
    return problems;
}

QColor kindColor(ElementKind kind)
{
    switch (kind) {
    case ElementKind::Command:
        return QColor(0x8c, 0xbd, 0xf7);
    case ElementKind::Event:
        return QColor(0xff, 0xb0, 0x5c);
    case ElementKind::Aggregate:
        return QColor(0xff, 0xf2, 0xa8);
    case ElementKind::ReadModel:
        return QColor(0x9c, 0xe3, 0x9f);
    case ElementKind::Policy:
        return QColor(0xd9, 0xbd, 0xf2);
    case ElementKind::Query:
        return QColor(0x7d, 0xd8, 0xd2);
    }
    return Qt::white;
}

QColor kindBorderColor(ElementKind kind)
{
    return kindColor(kind).darker(165);
}

QString kindTitle(ElementKind kind)
{
    switch (kind) {
    case ElementKind::Command:
        return QObject::tr("Command");
    case ElementKind::Event:
        return QObject::tr("Event");
    case ElementKind::Aggregate:
        return QObject::tr("Aggregate");
    case ElementKind::ReadModel:
        return QObject::tr("Read model");
    case ElementKind::Policy:
        return QObject::tr("Policy");
    case ElementKind::Query:
        return QObject::tr("Query");
    }
    return {};
}

NodeItem::NodeItem(std::string id, ElementKind kind)
    : m_id(std::move(id))
    , m_kind(kind)
    , m_size(kNodeWidth, kNodeHeight)
    , m_problemMarker(new ProblemMarker(this))
{
    setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setZValue(1);
}

void NodeItem::syncWith(const Model &model)
{
    QString name;
    QString detail;
    auto q = [](const std::string &s) { return QString::fromStdString(s); };
    auto nameOf = [&](const std::string &id) {
        const auto element = findElementName(model, id);
        return element.isEmpty() ? q(id) : element;
    };
    switch (m_kind) {
    case ElementKind::Aggregate:
        if (const Aggregate *a = model.aggregate(m_id)) {
            name = q(a->name);
            detail = QObject::tr("%L1 instances").arg(a->instances);
        }
        break;
    case ElementKind::Command:
        if (const Command *c = model.command(m_id)) {
            name = q(c->name);
            detail = QObject::tr("handler %1").arg(describeDistribution(c->handlerTime));
            if (c->rejectRate > 0)
                detail += QObject::tr(" · %1% rejected").arg(c->rejectRate * 100, 0, 'g', 3);
        }
        break;
    case ElementKind::Event:
        if (const Event *e = model.event(m_id)) {
            name = q(e->name);
            detail = e->aggregate.empty() ? QObject::tr("no aggregate") : nameOf(e->aggregate);
        }
        break;
    case ElementKind::ReadModel:
        if (const ReadModel *r = model.readModel(m_id)) {
            name = q(r->name);
            detail = r->update.mode == UpdateMode::Batch
                         ? QObject::tr("%1 · batch %2").arg(q(r->store),
                                                            formatSeconds(r->update.interval))
                         : QObject::tr("%1 · %2").arg(q(r->store),
                                                      describeDistribution(r->update.delay));
        }
        break;
    case ElementKind::Policy:
        if (const Policy *p = model.policy(m_id)) {
            name = q(p->name);
            detail = p->issues.empty() ? QObject::tr("issues nothing")
                                       : QObject::tr("issues %1").arg(nameOf(p->issues));
        }
        break;
    case ElementKind::Query:
        if (const Query *qu = model.query(m_id)) {
            name = q(qu->name);
            detail = QString::fromUtf8(toString(qu->consistency.strategy).data());
        }
        break;
    }
    // A name left empty is the id, as the file format says (the node was
    // blank, though the summary and Find showed the id).
    if (name.trimmed().isEmpty())
        name = q(m_id);
    const QRectF text = textRect(m_kind, QRectF(QPointF(), m_size));
    m_fullName = name;
    // At normal zoom a name a little too long is drawn smaller, down to
    // kMinimumNameFit of the font; a longer one ("RecordPlaybackProgress")
    // on two lines, broken at the word or capital nearest its middle
    // ("ReleaseStockWhen / OrderCancelled"), if that draws it larger and the
    // two lines fit between the kind's title and the detail line; only a
    // name that fits neither way is cut. Zoomed out, one line is drawn, cut
    // to the node's width, as before.
    const QFontMetricsF nameMetrics(nameFont());
    const double width = text.width();
    m_secondLineStart = secondLineStart(name, nameMetrics);
    m_presentedScale = -1; // presentedName() is worked out again
    const QString oneLineName = nameMetrics.horizontalAdvance(name) * kMinimumNameFit <= width
                                    ? name
                                    : nameMetrics.elidedText(name, Qt::ElideRight, width / kMinimumNameFit);
    m_name = oneLineName;
    m_nameBreak = 0;
    m_nameFit = std::min(1.0, width / std::max(1.0, nameMetrics.horizontalAdvance(oneLineName)));
    if ((oneLineName != name || m_nameFit < 0.9) && m_secondLineStart > 0) {
        const double longer = std::max(nameMetrics.horizontalAdvance(name.left(m_secondLineStart).trimmed()),
                                       nameMetrics.horizontalAdvance(name.mid(m_secondLineStart).trimmed()));
        const double room = text.height() - 2 * QFontMetricsF(smallFont()).height();
        const double twoLineFit
            = std::min({1.0, width / std::max(1.0, longer), room / (2 * nameMetrics.height())});
        if (twoLineFit >= kMinimumNameFit && (oneLineName != name || twoLineFit > m_nameFit)) {
            m_name = name;
            m_nameBreak = m_secondLineStart;
            m_nameFit = twoLineFit;
        }
    }
    const auto prepared = [](QStaticText &t, const QString &line) {
        t.setText(line);
        t.setTextFormat(Qt::PlainText);
        t.prepare(QTransform(), nameFont());
    };
    prepared(m_lines[0], m_nameBreak > 0 ? name.left(m_nameBreak).trimmed() : m_name);
    prepared(m_lines[1], m_nameBreak > 0 ? name.mid(m_nameBreak).trimmed() : QString());
    prepared(m_nameText, nameMetrics.elidedText(name, Qt::ElideRight, width));
    m_detail = QFontMetricsF(smallFont()).elidedText(detail, Qt::ElideRight, text.width());
    if (const auto it = model.diagram.nodes.find(m_id); it != model.diagram.nodes.end())
        setPos(it->second.x, it->second.y);
    m_baseToolTip = QStringLiteral("<b>%1</b> (%2, id <tt>%3</tt>)<br>%4")
                        .arg(name.toHtmlEscaped(), kindTitle(m_kind), q(m_id).toHtmlEscaped(),
                             detail.toHtmlEscaped());
    updateToolTip();
    update();
}

void NodeItem::setLocked(bool locked)
{
    if (m_locked == locked)
        return;
    m_locked = locked;
    updateToolTip();
    update();
}

void NodeItem::setMinimumNamePixels(double pixels)
{
    prepareGeometryChange(); // the bounding rectangle holds a longer name when presenting
    m_minimumNamePixels = std::max(0.0, pixels);
    syncPresentedBadge();
    update();
}

void NodeItem::viewScaleChanged()
{
    syncPresentedBadge();
}

void NodeItem::syncPresentedBadge()
{
    // Presenting, and wherever the zoom would draw the badge's text smaller
    // than kMinimumBadgePixels (a 1366x768 screen shows a model at a third
    // of its size while it runs, and the badge's figures were specks).
    const int fullSize = QFontInfo(smallFont()).pixelSize();
    const bool fixedSize
        = m_minimumNamePixels > 0 || fullSize * viewScale() < kMinimumBadgePixels;
    const bool shown = fixedSize && !m_badge.isEmpty() && !m_figuresHidden;
    if (!shown) {
        if (m_presentedBadge && m_presentedBadge->isVisible()) {
            m_presentedBadge->hide();
            update(); // the badge drawn at the zoom's size instead
        }
        return;
    }
    if (!m_presentedBadge)
        m_presentedBadge = new PresentedBadge(this);
    // Presenting: three quarters of the names' height (14 pixels on a
    // 1080-line projector); else the size it has at 100%.
    const int pixels = m_minimumNamePixels > 0 ? std::max(11, int(m_minimumNamePixels * 0.75 + 0.5))
                                               : std::max(fullSize, kMinimumBadgePixels);
    if (!m_presentedBadge->isVisible())
        update(); // no longer drawn at the zoom's size
    static_cast<PresentedBadge *>(m_presentedBadge)
        ->set(m_badge, m_badgeColor.isValid() ? m_badgeColor : QColor(0x37, 0x47, 0x4f), pixels);
    m_presentedBadge->show();
    placePresentedBadge();
}

double NodeItem::viewScale() const
{
    const QList<QGraphicsView *> views = scene() ? scene()->views() : QList<QGraphicsView *>();
    const double scale = views.isEmpty() ? 1.0 : views.front()->transform().m11();
    return scale > 0 ? scale : 1.0;
}

QRectF NodeItem::presentedNameRect(double lod) const
{
    const PresentedName &shown = presented(lod); // sets m_presentedOverhang first
    const double scale = nameScale(lod);
    const QFontMetricsF metrics(nameFont());
    const QRectF body(QPointF(), m_size);
    const bool twoLines = !shown.second.isEmpty();
    const double h = metrics.height() * scale;
    const double w = std::max(metrics.horizontalAdvance(shown.first),
                              twoLines ? metrics.horizontalAdvance(shown.second) : 0.0)
                     * scale * shown.squeeze;
    // As paint() draws it: two lines around the middle of the room they may
    // take, one line in the middle of the text area.
    const QPointF middle = twoLines ? presentedTextRect(m_kind, body, m_presentedOverhang).center()
                                    : textRect(m_kind, body).center();
    return QRectF(middle.x() - w / 2, middle.y() - (twoLines ? h : h / 2), w, twoLines ? 2 * h : h);
}

QRectF NodeItem::presentedBadgeRect() const
{
    if (!m_presentedBadge || !m_presentedBadge->isVisible())
        return {};
    const QSizeF pixels = static_cast<PresentedBadge *>(m_presentedBadge)->pixelSize();
    return QRectF(m_presentedBadge->scenePos(), pixels / viewScale());
}

void NodeItem::placePresentedBadge()
{
    if (!scene())
        return;
    const double scale = viewScale();
    const QSizeF size = static_cast<PresentedBadge *>(m_presentedBadge)->pixelSize() / scale;
    // Not presenting, the name stays inside the node.
    const QRectF name = m_minimumNamePixels > 0 ? presentedNameRect(scale) : QRectF(QPointF(), m_size);
    const double w = m_size.width();
    const double h = m_size.height();
    // Above the top right corner (clear of the name where it rises past the
    // node's top), below the bottom right corner, right, left; above and
    // below also moved sideways by a quarter or half of the badge, to slip
    // past a corner.
    const double above = std::min(6.0, name.top()) - size.height();
    const double below = std::max(h - 6, name.bottom());
    const double corner = w + 4 - size.width();
    const double quarter = size.width() / 4;
    const std::array<QPointF, 10> places = {
        QPointF(corner, above),
        QPointF(corner, below),
        QPointF(std::max(w, name.right()) + 6, (h - size.height()) / 2),
        QPointF(std::min(0.0, name.left()) - 6 - size.width(), (h - size.height()) / 2),
        QPointF(corner + quarter, above),
        QPointF(corner + quarter, below),
        QPointF(corner - quarter, above),
        QPointF(corner - quarter, below),
        QPointF(corner + 2 * quarter, above),
        QPointF(corner + 2 * quarter, below)};
    // What each place would cover: names and bodies of the nodes, this
    // one's name, the other badges (found near the places: another badge
    // lies within its size of its node), sticky notes, and what is out of
    // the view.
    struct Obstacle
    {
        QRectF rect;
        double weight;
    };
    std::vector<Obstacle> obstacles{{mapRectToScene(name), 3}};
    QRectF around;
    for (const QPointF &place : places)
        around |= QRectF(mapToScene(place), size);
    around.adjust(-2 * size.width(), -2 * size.height(), 2 * size.width(), 2 * size.height());
    for (const QGraphicsItem *item : scene()->items(around)) {
        if (item->type() == NoteItem::Type && item->isVisible()) {
            obstacles.push_back({item->sceneBoundingRect(), 1}); // a sticky note: its text
            continue;
        }
        if (item == this || item->type() != NodeItem::Type)
            continue;
        const auto *other = static_cast<const NodeItem *>(item);
        if (!other->isVisible())
            continue;
        obstacles.push_back({other->sceneBody(), 3});
        if (other->m_minimumNamePixels > 0)
            obstacles.push_back({other->mapRectToScene(other->presentedNameRect(scale)), 3});
        if (const QRectF badge = other->presentedBadgeRect(); !badge.isEmpty())
            obstacles.push_back({badge, 2});
    }
    const QList<QGraphicsView *> views = scene()->views();
    const QRectF visible = views.isEmpty()
                               ? QRectF()
                               : views.front()->mapToScene(views.front()->viewport()->rect()).boundingRect();
    const double unit = size.width() * size.height();
    std::array<double, std::tuple_size_v<decltype(places)>> covers{};
    for (std::size_t i = 0; i < places.size(); ++i) {
        const QRectF rect(mapToScene(places[i]), size);
        for (const Obstacle &o : obstacles) {
            const QRectF covered = rect & o.rect;
            if (!covered.isEmpty())
                covers[i] += o.weight * covered.width() * covered.height();
        }
        if (!visible.isEmpty()) {
            const QRectF shown = rect & visible;
            covers[i] += 4 * (unit - (shown.isEmpty() ? 0.0 : shown.width() * shown.height()));
        }
    }
    // The least covered; of places that cover the same, the earlier.
    std::size_t best = 0;
    for (std::size_t i = 1; i < places.size(); ++i) {
        if (covers[i] + 0.01 * unit * double(i) < covers[best] + 0.01 * unit * double(best))
            best = i;
    }
    // It stays where it is unless another place covers clearly less: the
    // badge's text changes with every update of a run.
    if (m_badgePlace >= 0 && covers[std::size_t(m_badgePlace)] <= covers[best] / 0.85 + 1e-6 * unit)
        best = std::size_t(m_badgePlace);
    m_badgePlace = int(best);
    m_presentedBadge->setPos(places[best]);
}

QString NodeItem::presentedBadge() const
{
    return m_presentedBadge && m_presentedBadge->isVisible() ? static_cast<PresentedBadge *>(m_presentedBadge)->text()
                                                             : QString();
}

double NodeItem::nameScale(double lod) const
{
    lod = std::max(lod, 1e-6);
    double scale = lod < 0.55 ? std::min(1.9, 0.6 / lod) : 1.0; // zoomed out: larger, to stay legible
    if (m_minimumNamePixels > 0)
        scale = std::max(scale, m_minimumNamePixels / (QFontInfo(nameFont()).pixelSize() * lod));
    return scale;
}

double NodeItem::halfGap(Qt::Orientation across, double limit) const
{
    // The nodes beside this one (Horizontal) or above and below it
    // (Vertical) within twice the limit: half the gap to the nearest, at
    // most the limit.
    if (!scene())
        return limit;
    const bool sideways = across == Qt::Horizontal;
    const QRectF mine = sceneBody();
    const QRectF near = sideways ? mine.adjusted(-2 * limit, 0, 2 * limit, 0)
                                 : mine.adjusted(0, -2 * limit, 0, 2 * limit);
    // Along: the axis the gap is measured on; level: the other one, on which
    // the nodes must overlap (a node level with this one, or in its column).
    const auto along = [sideways](const QRectF &r) {
        return sideways ? std::pair(r.left(), r.right()) : std::pair(r.top(), r.bottom());
    };
    const auto level = [sideways](const QRectF &r) {
        return sideways ? std::pair(r.top(), r.bottom()) : std::pair(r.left(), r.right());
    };
    const auto [start, end] = along(mine);
    const auto [from, to] = level(mine);
    double half = limit;
    for (const QGraphicsItem *item : scene()->items(near)) {
        if (item == this || item->type() != NodeItem::Type)
            continue;
        const QRectF other = static_cast<const NodeItem *>(item)->sceneBody();
        const auto [otherFrom, otherTo] = level(other);
        if (otherTo <= from || otherFrom >= to)
            continue;
        const auto [otherStart, otherEnd] = along(other);
        const double gap = otherStart >= end ? otherStart - end : otherEnd <= start ? start - otherEnd : 0.0;
        half = std::min(half, gap / 2);
    }
    return half;
}

const NodeItem::PresentedName &NodeItem::presented(double lod) const
{
    const double scale = nameScale(lod);
    if (scale == m_presentedScale)
        return m_presented;
    m_presentedScale = scale;
    // Inside the node on one line, else on two; else reaching past its sides
    // on two lines, else on one; else the same drawn narrower, down to
    // kMinimumPresentedSqueeze of its width (its height stays); only what
    // fits none of these is cut.
    const QFontMetricsF metrics(nameFont());
    const QRectF body(QPointF(), m_size);
    // Never into the half of the gap that belongs to a node beside this one.
    m_presentedOverhang = halfGap(Qt::Horizontal, kPresentedOverhang);
    // Two lines may reach into the gaps above and below, each up to half of
    // it (a projector's narrow canvas leaves a node too short for two lines
    // of names that size: "ProfileUpdat…" on 1024x768).
    const double rise = halfGap(Qt::Vertical, kPresentedRise);
    const QRectF room = presentedTextRect(m_kind, body, m_presentedOverhang);
    const bool twoLinesFit = m_secondLineStart > 0 && 2 * metrics.height() * scale <= room.height() + 2 * rise;
    const QString first = m_fullName.left(m_secondLineStart).trimmed();
    const QString second = m_fullName.mid(m_secondLineStart).trimmed();
    const double inside = textRect(m_kind, body).width() / scale;
    const double width = room.width() / scale;
    const double oneLine = metrics.horizontalAdvance(m_fullName);
    const double twoLines = std::max(metrics.horizontalAdvance(first), metrics.horizontalAdvance(second));
    for (const double squeeze : {1.0, kMinimumPresentedSqueeze}) {
        for (const double available : {inside, width}) {
            if (squeeze < 1.0 && available == inside)
                continue;
            // Inside the node one line reads best; past its sides two
            // shorter lines reach less far.
            const bool oneLineFits = oneLine * squeeze <= available;
            if (oneLineFits && available == inside) {
                m_presented = {m_fullName, QString(), 1.0};
                return m_presented;
            }
            if (twoLinesFit && twoLines * squeeze <= available) {
                m_presented = {first, second, std::min(1.0, available / twoLines)};
                return m_presented;
            }
            if (oneLineFits) {
                m_presented = {m_fullName, QString(), std::min(1.0, available / oneLine)};
                return m_presented;
            }
        }
    }
    const double squeezed = width / kMinimumPresentedSqueeze;
    if (twoLinesFit) {
        m_presented = {metrics.elidedText(first, Qt::ElideRight, squeezed),
                       metrics.elidedText(second, Qt::ElideRight, squeezed), kMinimumPresentedSqueeze};
    } else {
        m_presented = {metrics.elidedText(m_fullName, Qt::ElideRight, squeezed), QString(), kMinimumPresentedSqueeze};
    }
    return m_presented;
}

QString NodeItem::presentedName(double lod) const
{
    const PresentedName &name = presented(lod);
    return name.second.isEmpty() ? name.first : name.first + QLatin1Char('\n') + name.second;
}

double NodeItem::namePixels(double lod) const
{
    if (m_minimumNamePixels <= 0 && lod < 0.18)
        return 0; // not drawn
    double scale = nameScale(lod);
    if (m_minimumNamePixels <= 0 && lod < 0.55) {
        const QRectF text = textRect(m_kind, QRectF(QPointF(), m_size));
        scale = std::min(scale, text.width() / std::max(1.0, m_nameText.size().width()));
    } else if (m_minimumNamePixels <= 0) {
        scale = m_nameFit;
    }
    return QFontInfo(nameFont()).pixelSize() * lod * scale;
}

void NodeItem::setFiguresHidden(bool hidden)
{
    if (m_figuresHidden == hidden)
        return;
    m_figuresHidden = hidden;
    syncPresentedBadge();
    updateToolTip();
    update();
}

void NodeItem::updateToolTip()
{
    const QString problems = (m_problem ? m_problem->text : QString()).toHtmlEscaped().replace('\n', QStringLiteral("<br>"));
    QString tip = m_baseToolTip;
    if (!m_badgeTip.isEmpty() && !m_figuresHidden) // an interview hides the figures
        tip += QStringLiteral("<br>") + m_badgeTip.toHtmlEscaped();
    if (m_locked)
        tip += QStringLiteral("<br><i>%1</i>").arg(QObject::tr("Fixed by the challenge: it cannot be deleted or renamed."));
    setToolTip(problems.isEmpty() ? tip : tip + QStringLiteral("<hr>") + problems);
    m_problemMarker->setToolTip(problems);
}

QString NodeItem::findElementName(const Model &model, const std::string &id)
{
    if (const auto element = findElement(model, id))
        return QString::fromStdString(elementName(*element));
    return {};
}

void NodeItem::setProblem(const std::optional<ElementProblem> &problem)
{
    if (problem == m_problem)
        return;
    m_problem = problem;
    static_cast<ProblemMarker *>(m_problemMarker)->setSeverity(problemSeverity());
    updateToolTip();
    update();
}

std::optional<Diagnostic::Severity> NodeItem::problemSeverity() const
{
    if (!m_problem)
        return std::nullopt;
    return m_problem->severity;
}

void NodeItem::setBadge(const QString &text, const QColor &color, const QString &tip)
{
    if (text == m_badge && color == m_badgeColor && tip == m_badgeTip)
        return;
    m_badge = text;
    m_badgeColor = color;
    if (tip != m_badgeTip) {
        m_badgeTip = tip;
        updateToolTip();
    }
    syncPresentedBadge();
    update();
}

QRectF NodeItem::handleRect() const
{
    return QRectF(m_size.width() - kHandleRadius + 2, m_size.height() / 2 - kHandleRadius,
                  2 * kHandleRadius, 2 * kHandleRadius);
}

QRectF NodeItem::boundingRect() const
{
    // Room for the handle on the right, the badge and marker above; when
    // presenting, for a name reaching past the sides, above and below.
    const double beyond = m_minimumNamePixels > 0 ? kPresentedOverhang : 0.0;
    const double rise = m_minimumNamePixels > 0 ? kPresentedRise : 0.0;
    return QRectF(-8 - beyond, -12 - rise, m_size.width() + 20 + 2 * beyond, m_size.height() + 16 + 2 * rise);
}

QPainterPath NodeItem::shape() const
{
    QPainterPath path = outline(m_kind, QRectF(QPointF(), m_size));
    path.addEllipse(handleRect());
    return path;
}

QPainterPath NodeItem::outline(ElementKind kind, const QRectF &r)
{
    QPainterPath path;
    const double cy = r.center().y();
    switch (kind) {
    case ElementKind::Command:
        path.addRoundedRect(r, 6, 6);
        break;
    case ElementKind::Event: {
        const double tip = std::min(14.0, r.height() / 3);
        path.moveTo(r.topLeft());
        path.lineTo(r.right() - tip, r.top());
        path.lineTo(r.right(), cy);
        path.lineTo(r.right() - tip, r.bottom());
        path.lineTo(r.bottomLeft());
        path.closeSubpath();
        break;
    }
    case ElementKind::Aggregate:
        path.addRect(r);
        break;
    case ElementKind::ReadModel: {
        const double cap = std::min(14.0, r.height() / 4);
        path.moveTo(r.left(), r.top() + cap / 2);
        path.arcTo(QRectF(r.left(), r.top(), r.width(), cap), 180, -180);
        path.lineTo(r.right(), r.bottom() - cap / 2);
        path.arcTo(QRectF(r.left(), r.bottom() - cap, r.width(), cap), 0, -180);
        path.closeSubpath();
        break;
    }
    case ElementKind::Policy: {
        const double cut = std::min(14.0, r.height() / 3);
        path.moveTo(r.left() + cut, r.top());
        path.lineTo(r.right() - cut, r.top());
        path.lineTo(r.right(), cy);
        path.lineTo(r.right() - cut, r.bottom());
        path.lineTo(r.left() + cut, r.bottom());
        path.lineTo(r.left(), cy);
        path.closeSubpath();
        break;
    }
    case ElementKind::Query:
        path.addRoundedRect(r, r.height() / 2, r.height() / 2);
        break;
    }
    return path;
}

void NodeItem::paintBody(QPainter *painter, ElementKind kind, const QRectF &r)
{
    painter->setPen(QPen(kindBorderColor(kind), 1.2));
    painter->setBrush(kindColor(kind));
    painter->drawPath(outline(kind, r));
    if (kind == ElementKind::ReadModel) {
        const double cap = std::min(14.0, r.height() / 4);
        QPainterPath lip;
        lip.arcMoveTo(QRectF(r.left(), r.top(), r.width(), cap), 180);
        lip.arcTo(QRectF(r.left(), r.top(), r.width(), cap), 180, 180);
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(lip);
    } else if (kind == ElementKind::Aggregate) {
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(r.adjusted(3, 3, -3, -3));
    }
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF body(QPointF(), m_size);

    if (isSelected()) {
        painter->setPen(QPen(option->palette.highlight().color(), 3));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(outline(m_kind, body.adjusted(-3, -3, 3, 3)));
    }
    paintBody(painter, m_kind, body);

    const QRectF text = textRect(m_kind, body);
    painter->setPen(kTextColor);
    if (m_minimumNamePixels > 0) {
        // Presenting: the name at least m_minimumNamePixels high on screen,
        // elided to the node's width at that size; the rest only when it is
        // legible at this zoom.
        // A name that does not fit one line at that size takes two, each
        // elided if need be ("Playback / Progressed", not three "Playbac…"),
        // where the node is tall enough. The kind's title, too small for
        // the room, gives way on every node: the shapes and colours tell
        // the kinds (one command of three kept its title, the others' names
        // having taken two lines).
        const double scale = nameScale(lod);
        const QFontMetricsF metrics(nameFont());
        const PresentedName &shown = presented(lod);
        const QRectF room = presentedTextRect(m_kind, body, m_presentedOverhang);
        const double width = room.width() / (scale * shown.squeeze);
        const bool twoLines = !shown.second.isEmpty();
        const QTransform saved = painter->transform();
        painter->translate(twoLines ? room.center() : text.center());
        painter->scale(scale * shown.squeeze, scale);
        painter->setFont(nameFont());
        const double h = metrics.height();
        if (twoLines) {
            painter->drawText(QRectF(-width / 2, -h, width, h), Qt::AlignCenter, shown.first);
            painter->drawText(QRectF(-width / 2, 0, width, h), Qt::AlignCenter, shown.second);
        } else {
            painter->drawText(QRectF(-width / 2, -h / 2, width, h), Qt::AlignCenter, shown.first);
        }
        painter->setTransform(saved);
    } else if (lod >= 0.55) {
        painter->setFont(smallFont());
        painter->drawText(text, Qt::AlignTop | Qt::AlignHCenter, kindTitle(m_kind).toUpper());
        painter->setFont(nameFont());
        // One or two lines, laid out once, at m_nameFit of the font.
        const QTransform saved = painter->transform();
        painter->translate(text.center());
        painter->scale(m_nameFit, m_nameFit);
        const QSizeF first = m_lines[0].size();
        if (m_nameBreak > 0) {
            const QSizeF second = m_lines[1].size();
            painter->drawStaticText(QPointF(-first.width() / 2, -first.height()), m_lines[0]);
            painter->drawStaticText(QPointF(-second.width() / 2, 0), m_lines[1]);
        } else {
            painter->drawStaticText(QPointF(-first.width() / 2, -first.height() / 2), m_lines[0]);
        }
        painter->setTransform(saved);
        painter->setFont(smallFont());
        if (!m_figuresHidden)
            painter->drawText(text, Qt::AlignBottom | Qt::AlignHCenter, m_detail);
    } else if (lod >= 0.18) {
        // Zoomed out: only the name, drawn larger so it stays legible.
        const double scale = nameScale(lod);
        const QSizeF size = m_nameText.size();
        const double fit = std::min(scale, text.width() / std::max(1.0, size.width()));
        const QTransform saved = painter->transform();
        painter->translate(text.center());
        painter->scale(fit, fit);
        painter->setFont(nameFont());
        painter->drawStaticText(QPointF(-size.width() / 2, -size.height() / 2), m_nameText);
        painter->setTransform(saved);
    }

    if (m_locked && lod >= 0.3) {
        // A padlock on the bottom-left corner: shackle, then body.
        const QRectF lock(-5, m_size.height() - 9, 11, 9);
        painter->setPen(QPen(QColor(0x37, 0x47, 0x4f), 1.6));
        painter->setBrush(Qt::NoBrush);
        painter->drawArc(QRectF(lock.left() + 2, lock.top() - 5, lock.width() - 4, 9), 0, 180 * 16);
        painter->setPen(QPen(Qt::white, 1));
        painter->setBrush(QColor(0x37, 0x47, 0x4f));
        painter->drawRoundedRect(lock, 2, 2);
    }

    if (!m_badge.isEmpty() && !m_figuresHidden && lod >= 0.3
        && !(m_presentedBadge && m_presentedBadge->isVisible())) { // else PresentedBadge draws it
        painter->setFont(smallFont());
        const double w = QFontMetricsF(smallFont()).horizontalAdvance(m_badge) + 10;
        const QRectF pill(m_size.width() - w + 4, -10, w, 16);
        painter->setPen(Qt::NoPen);
        painter->setBrush(m_badgeColor.isValid() ? m_badgeColor : QColor(0x37, 0x47, 0x4f));
        painter->drawRoundedRect(pill, 8, 8);
        painter->setPen(Qt::white);
        painter->drawText(pill, Qt::AlignCenter, m_badge);
    }

    if ((m_hovered || isSelected()) && lod >= 0.3) {
        painter->setPen(QPen(kindBorderColor(m_kind), 1.5));
        painter->setBrush(option->palette.base());
        painter->drawEllipse(handleRect());
        painter->drawLine(handleRect().center() - QPointF(3, 0), handleRect().center() + QPointF(3, 0));
        painter->drawLine(handleRect().center() - QPointF(0, 3), handleRect().center() + QPointF(0, 3));
    }
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged) {
        // Presenting: every name's room beside its neighbours is worked out again.
        m_presentedScale = -1;
        if (m_presentedBadge && m_presentedBadge->isVisible())
            placePresentedBadge(); // among its new neighbours
        if (m_minimumNamePixels > 0 && scene()) {
            for (QGraphicsItem *item : scene()->items()) {
                if (item->type() == NodeItem::Type && item != this) {
                    static_cast<NodeItem *>(item)->m_presentedScale = -1;
                    item->update();
                }
            }
        }
        if (auto *s = qobject_cast<DiagramScene *>(scene()))
            s->nodeMoved(this);
    }
    return QGraphicsItem::itemChange(change, value);
}

void NodeItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void NodeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

void NodeItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    auto *s = qobject_cast<DiagramScene *>(scene());
    if (s && event->button() == Qt::LeftButton
        && handleRect().adjusted(-3, -3, 3, 3).contains(event->pos())) {
        m_connecting = true;
        s->beginConnection(m_id, event->scenePos());
        event->accept();
        return;
    }
    QGraphicsItem::mousePressEvent(event);
}

void NodeItem::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_connecting) {
        if (auto *s = qobject_cast<DiagramScene *>(scene()))
            s->updateConnection(event->scenePos());
        return;
    }
    QGraphicsItem::mouseMoveEvent(event);
}

void NodeItem::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_connecting) {
        m_connecting = false;
        if (auto *s = qobject_cast<DiagramScene *>(scene()))
            s->finishConnection(event->scenePos()); // may delete items; return at once
        return;
    }
    QGraphicsItem::mouseReleaseEvent(event);
}

} // namespace cqrs
