#include "cqrs/ui/trace/traceview.h"

#include "cqrs/ui/common/format.h"
#include "cqrs/ui/editor/nodeitem.h"

#include <QFontMetrics>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <functional>

namespace cqrs {

namespace {

constexpr int kHeaderHeight = 46;
constexpr int kAxisHeight = 26;
constexpr int kLaneHeight = 48;
constexpr int kLabelWidth = 220;
// The label column grows for long names (a policy's, a read model's copy),
// up to this; beyond, a name is elided.
constexpr int kMaxLabelWidth = 380;
// The text's inset in the label column: 8 at the left, 6 before the lanes.
constexpr int kLabelInset = 14;
constexpr int kRightMargin = 96;
constexpr int kLegendHeight = 30;
constexpr std::size_t kMaxDeliveryLanes = 40; // a file's subscriber count must not size the widget
constexpr std::size_t kMaxReadLanes = 12;

const QColor kWaiting(0xdd, 0xdd, 0xdd);
const QColor kWaitingBorder(0xa8, 0xa8, 0xa8);
const QColor kText(0x26, 0x32, 0x38);
const QColor kMuted(0x60, 0x6a, 0x70);
const QColor kFresh(0x00, 0x89, 0x7b);

QString plural(int n, const QString &one, const QString &many)
{
    return n == 1 ? one : many;
}

} // namespace

TraceView::TraceView(QWidget *parent)
    : QWidget(parent)
{
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    clear(); // names and describes it
}

void TraceView::setNames(std::function<QString(const std::string &id)> nameOf)
{
    m_nameOf = std::move(nameOf);
    if (m_trace.found) { // the trace shown takes the new names at once
        rebuildLanes();
        update();
    }
}

QString TraceView::nameOf(const std::string &id) const
{
    const QString name = m_nameOf ? m_nameOf(id) : QString();
    return name.isEmpty() ? QString::fromStdString(id) : name;
}

void TraceView::setTrace(const sim::Trace &trace)
{
    m_trace = trace;
    m_highlightedRead = -1;
    rebuildLanes();
    // A screen reader gets in words what the lanes draw.
    setAccessibleName(tr("Command trace"));
    if (!m_trace.found) {
        setAccessibleDescription(tr("No trace yet. Choose a command type and a time, then Trace."));
    } else {
        QStringList lanes;
        for (const Lane &lane : m_lanes)
            lanes << (lane.detail.isEmpty() ? lane.title
                                            : tr("%1 (%2)").arg(lane.title, lane.detail));
        setAccessibleDescription(
            m_headline + QLatin1Char(' ')
            + tr("Lanes, top to bottom: %1.").arg(lanes.join(QStringLiteral("; "))));
    }
    // A minimum height, not only a hint: the scroll area around the view
    // does not ask again for hints, but it follows the view's own resize.
    setMinimumHeight(minimumSizeHint().height());
    updateGeometry();
    update();
}

void TraceView::setHighlightedRead(int read)
{
    m_highlightedRead = read >= 0 && read < static_cast<int>(m_trace.reads.size()) ? read : -1;
    update();
}

QRect TraceView::readRect(int read) const
{
    if (read < 0 || read >= static_cast<int>(m_trace.reads.size()))
        return {};
    const sim::TraceRead &r = m_trace.reads[static_cast<std::size_t>(read)];
    for (int i = 0; i < static_cast<int>(m_lanes.size()); ++i) {
        const Lane &lane = m_lanes[static_cast<std::size_t>(i)];
        if (lane.kind == Lane::Kind::Reads && lane.query == QString::fromStdString(r.query)) {
            const int x = static_cast<int>(std::lround(xOf(r.servedAt.value_or(m_to))));
            const QRectF drawn(x - 12, laneCenterY(i) - kLaneHeight / 2, 24, kLaneHeight);
            return QRectF(drawn.topLeft() * m_zoom, drawn.size() * m_zoom).toAlignedRect();
        }
    }
    return {};
}

void TraceView::clear()
{
    setTrace(sim::Trace{});
}

void TraceView::rebuildLanes()
{
    m_lanes.clear();
    m_labelWidth = kLabelWidth;
    m_headline.clear();
    const sim::Trace &t = m_trace;
    if (!t.found)
        return;

    // The time span: from the arrival to the last thing that happened.
    double end = t.issuedAt;
    auto extend = [&end](const std::optional<double> &v) {
        if (v)
            end = std::max(end, *v);
    };
    for (const sim::TraceAttempt &a : t.attempts)
        end = std::max(end, a.end);
    extend(t.settledAt);
    for (const sim::TraceEvent &e : t.events) {
        end = std::max(end, e.availableAt);
        for (const sim::TraceDelivery &d : e.deliveries) {
            extend(d.arrivedAt);
            extend(d.appliedAt);
        }
    }
    for (const sim::TraceRead &r : t.reads)
        extend(r.servedAt);
    for (const sim::TraceIssue &i : t.issued)
        end = std::max(end, i.at);
    const double span = std::max(end - t.issuedAt, 1e-3);
    m_from = t.issuedAt - span * 0.02;
    m_to = end + span * 0.04;

    Lane write;
    write.kind = Lane::Kind::WriteSide;
    write.title = tr("Write side");
    write.detail = tr("%1, key %2").arg(nameOf(t.commandType)).arg(t.key);
    m_lanes.push_back(write);
    std::size_t deliveries = 0;
    for (std::size_t ei = 0; ei < t.events.size(); ++ei) {
        const sim::TraceEvent &e = t.events[ei];
        Lane partition;
        partition.kind = Lane::Kind::Partition;
        partition.title = tr("Partition %1").arg(e.partition);
        partition.detail = tr("%1 v%2").arg(nameOf(e.type)).arg(e.version);
        partition.event = static_cast<int>(ei);
        m_lanes.push_back(partition);
        for (std::size_t di = 0; di < e.deliveries.size() && deliveries < kMaxDeliveryLanes;
             ++di, ++deliveries) {
            const sim::TraceDelivery &d = e.deliveries[di];
            Lane lane;
            lane.kind = Lane::Kind::Delivery;
            lane.title = nameOf(d.to) + (d.duplicate ? tr(" (copy)") : QString());
            QStringList detail;
            if (d.appliedAt)
                detail << tr("window %1").arg(formatSeconds(d.window));
            else
                detail << tr("not applied");
            if (d.delayedBy == "outage")
                detail << tr("outage");
            else if (d.delayedBy == "rebuild")
                detail << tr("rebuild");
            detail << tr("consumer %1").arg(d.consumer);
            lane.detail = detail.join(QStringLiteral(" · "));
            lane.event = static_cast<int>(ei);
            lane.delivery = static_cast<int>(di);
            m_lanes.push_back(lane);
        }
    }
    std::vector<std::string> queries;
    for (const sim::TraceRead &r : t.reads) {
        if (std::find(queries.begin(), queries.end(), r.query) == queries.end()
            && queries.size() < kMaxReadLanes)
            queries.push_back(r.query);
    }
    for (const std::string &q : queries) {
        int count = 0, stale = 0;
        for (const sim::TraceRead &r : t.reads) {
            if (r.query == q) {
                ++count;
                stale += r.sawOldData() ? 1 : 0;
            }
        }
        Lane lane;
        lane.kind = Lane::Kind::Reads;
        lane.title = tr("Reads: %1").arg(nameOf(q));
        lane.detail = tr("%1 of %2 stale").arg(stale).arg(count);
        lane.query = QString::fromStdString(q);
        m_lanes.push_back(lane);
    }

    // The headline.
    QString who = t.fromPolicy ? tr("issued by a policy") : tr("issued");
    // The run's clock in seconds, as the time field and the replay's clock
    // give it ("at 323.565 s", not "at 5.39 min").
    QString line = tr("%1 on key %2, %3 at %4 s.")
                       .arg(nameOf(t.commandType))
                       .arg(t.key)
                       .arg(who, QLocale().toString(t.issuedAt, 'f', 3));
    const int attempts = static_cast<int>(t.attempts.size());
    if (t.committedAt) {
        line += QLatin1Char(' ')
                + tr("Committed after %1 %2 at +%3.")
                      .arg(attempts)
                      .arg(plural(attempts, tr("attempt"), tr("attempts")),
                           formatSeconds(*t.committedAt - t.issuedAt));
    } else if (!t.attempts.empty()
               && t.attempts.back().outcome == sim::TraceAttempt::Outcome::Rejected) {
        line += QLatin1Char(' ')
                + tr("Rejected after %1 %2.")
                      .arg(attempts)
                      .arg(plural(attempts, tr("attempt"), tr("attempts")));
    }
    if (t.settledAt && t.committedAt && !t.events.empty())
        line
            += QLatin1Char(' ')
               + tr("Every delivery applied at +%1.").arg(formatSeconds(*t.settledAt - t.issuedAt));
    else if (!t.complete)
        line += QLatin1Char(' ') + tr("The run ended before the journey did.");
    int stale = 0;
    for (const sim::TraceRead &r : t.reads)
        stale += r.sawOldData() ? 1 : 0;
    if (!t.reads.empty())
        line += QLatin1Char(' ')
                + tr("%1 of %2 reads of the key were stale.").arg(stale).arg(t.reads.size());
    m_headline = line;

    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    const QFontMetrics fm(font());
    int widest = 0;
    for (const Lane &lane : m_lanes)
        widest = std::max(
            {widest, bfm.horizontalAdvance(lane.title), fm.horizontalAdvance(lane.detail)});
    m_labelWidth = std::clamp(widest + kLabelInset + 2, kLabelWidth, kMaxLabelWidth);
}

double TraceView::xOf(double t) const
{
    const double w = std::max(1, logicalWidth() - m_labelWidth - kRightMargin);
    return m_labelWidth + (t - m_from) / std::max(m_to - m_from, 1e-12) * w;
}

int TraceView::laneCenterY(int lane) const
{
    return kHeaderHeight + kAxisHeight + lane * kLaneHeight + kLaneHeight / 2;
}

QSize TraceView::sizeHint() const
{
    return {int(std::ceil(1100 * m_zoom)), minimumSizeHint().height()};
}

QSize TraceView::minimumSizeHint() const
{
    // Every lane and the legend: in a short window the scroll area scrolls
    // to the lower lanes instead of squeezing them out of the view.
    const QSize drawn(m_labelWidth + kRightMargin + 200,
                      kHeaderHeight + kAxisHeight
                          + static_cast<int>(std::max<std::size_t>(m_lanes.size(), 3)) * kLaneHeight
                          + kLegendHeight + 8);
    return (QSizeF(drawn) * m_zoom).toSize();
}

void TraceView::setZoom(double zoom)
{
    zoom = std::clamp(zoom, 0.5, 4.0);
    if (zoom == m_zoom)
        return;
    m_zoom = zoom;
    setMinimumHeight(minimumSizeHint().height());
    updateGeometry();
    update();
}

int TraceView::logicalWidth() const
{
    return int(width() / m_zoom);
}

std::vector<std::pair<double, QString>> TraceView::axisTicks() const
{
    std::vector<std::pair<double, QString>> ticks;
    const double origin = m_trace.issuedAt;
    const double span = m_to - m_from;
    if (!(span > 0) || !std::isfinite(span))
        return ticks;
    // One unit for every label, the one the farthest tick reads best in.
    const double unit
        = naturalTimeUnit(std::max(std::abs(m_from - origin), std::abs(m_to - origin)));
    const double raw = span / unit / 7.0;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * mag;
    for (double m : {1.0, 2.0, 5.0}) {
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    }
    step *= unit;
    if (!(step > 0) || !std::isfinite(step))
        return ticks;
    for (double k = std::ceil((m_from - origin) / step - 1e-9);
         origin + k * step <= m_to + 1e-9 * span && ticks.size() < 50; k += 1.0) {
        const double rel = k * step;
        QString label = QStringLiteral("0");
        if (k != 0)
            label = (rel < 0 ? QStringLiteral("−") : QStringLiteral("+"))
                    + formatSecondsInUnit(std::abs(rel), unit);
        ticks.emplace_back(origin + rel, label);
    }
    return ticks;
}

void TraceView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(m_zoom, m_zoom); // everything below in unzoomed units
    const QFontMetrics fm(font());
    if (!m_trace.found) {
        p.setPen(kMuted);
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No trace yet. Choose a command type and a time, then Trace."));
        return;
    }
    // Headline, wrapped on two lines at most.
    p.setPen(kText);
    p.drawText(QRect(8, 4, logicalWidth() - 16, kHeaderHeight - 6),
               Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, m_headline);
    paintAxis(p, QRect(0, kHeaderHeight, logicalWidth(), kAxisHeight));
    for (int i = 0; i < static_cast<int>(m_lanes.size()); ++i)
        paintLane(
            p, i,
            QRect(0, kHeaderHeight + kAxisHeight + i * kLaneHeight, logicalWidth(), kLaneHeight));
    paintLegend(p,
                kHeaderHeight + kAxisHeight + static_cast<int>(m_lanes.size()) * kLaneHeight + 6);
    const QRect ring = readRect(m_highlightedRead);
    if (!ring.isEmpty()) {
        // The read the window was asked to show: a ring and what it saw.
        const sim::TraceRead &r = m_trace.reads[static_cast<std::size_t>(m_highlightedRead)];
        const QPointF c(ring.center().x(), ring.center().y() + 2);
        p.setPen(QPen(staleColor(), 2.5));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(c, 11, 11);
        const QString text = r.sawOldData()
                                 ? tr("this read saw data %1 old").arg(formatSeconds(r.staleness))
                                 : tr("this read");
        const int w = fm.horizontalAdvance(text) + 8;
        const int x = std::min(static_cast<int>(c.x()) + 14, logicalWidth() - w - 2);
        p.setPen(staleColor());
        p.drawText(QRect(x, ring.top() - 2, w, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   text);
    }
}

void TraceView::paintAxis(QPainter &p, const QRect &area) const
{
    const int bottom = area.bottom();
    const int lanesBottom
        = kHeaderHeight + kAxisHeight + static_cast<int>(m_lanes.size()) * kLaneHeight;
    p.setPen(QPen(kWaitingBorder, 1));
    p.drawLine(m_labelWidth, bottom, logicalWidth() - kRightMargin, bottom);
    for (const auto &[t, label] : axisTicks()) {
        const int x = static_cast<int>(std::lround(xOf(t)));
        p.setPen(QPen(QColor(0xee, 0xee, 0xee), 1));
        p.drawLine(x, bottom, x, lanesBottom);
        p.setPen(kMuted);
        p.drawLine(x, bottom - 4, x, bottom);
        p.drawText(QRect(x - 50, area.top(), 100, area.height() - 6),
                   Qt::AlignHCenter | Qt::AlignBottom, label);
    }
    p.setPen(kMuted);
    p.drawText(QRect(8, area.top(), m_labelWidth - 12, area.height() - 6),
               Qt::AlignLeft | Qt::AlignBottom, tr("time since issued"));
}

void TraceView::paintLane(QPainter &p, int index, const QRect &row) const
{
    const Lane &lane = m_lanes[static_cast<std::size_t>(index)];
    const sim::Trace &t = m_trace;
    if (index % 2 == 1)
        p.fillRect(row, QColor(0xf7, 0xf8, 0xf9));
    p.setPen(QPen(QColor(0xe6, 0xe6, 0xe6), 1));
    p.drawLine(row.left(), row.bottom(), row.right(), row.bottom());

    // Label.
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(kText);
    const QFontMetrics bfm(bold);
    p.drawText(QRect(8, row.top() + 4, m_labelWidth - kLabelInset, row.height() / 2 - 2),
               Qt::AlignLeft | Qt::AlignVCenter,
               bfm.elidedText(lane.title, Qt::ElideRight, m_labelWidth - kLabelInset));
    p.setFont(font());
    p.setPen(kMuted);
    const QFontMetrics fm(font());
    p.drawText(QRect(8, row.center().y() + 1, m_labelWidth - kLabelInset, row.height() / 2 - 4),
               Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(lane.detail, Qt::ElideRight, m_labelWidth - kLabelInset));

    const int barTop = row.top() + 12;
    const int barHeight = 16;
    const int cy = barTop + barHeight / 2;
    auto bar = [&](double from, double to, const QColor &fill, const QColor &border,
                   Qt::BrushStyle style = Qt::SolidPattern) {
        const double x0 = xOf(from);
        const double x1 = std::max(xOf(to), x0 + 1.5);
        const QRectF r(x0, barTop, x1 - x0, barHeight);
        p.setPen(QPen(border, 1));
        p.setBrush(QBrush(fill, style));
        p.drawRect(r);
    };
    auto diamond = [&](double time, const QColor &c) {
        const QPointF m(xOf(time), cy);
        QPainterPath d;
        d.moveTo(m.x(), m.y() - 7);
        d.lineTo(m.x() + 6, m.y());
        d.lineTo(m.x(), m.y() + 7);
        d.lineTo(m.x() - 6, m.y());
        d.closeSubpath();
        p.setPen(QPen(Qt::white, 1));
        p.setBrush(c);
        p.drawPath(d);
    };
    auto triangle = [&](double time, const QColor &c) {
        const QPointF m(xOf(time), barTop + barHeight + 1);
        QPainterPath d;
        d.moveTo(m.x(), m.y() - 7);
        d.lineTo(m.x() + 5, m.y());
        d.lineTo(m.x() - 5, m.y());
        d.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawPath(d);
    };
    auto dot = [&](double time, int y, const QColor &c, double radius = 4.5) {
        p.setPen(QPen(Qt::white, 1));
        p.setBrush(c);
        p.drawEllipse(QPointF(xOf(time), y), radius, radius);
    };
    auto note = [&](double time, const QString &text, const QColor &c) {
        p.setPen(c);
        const int x = static_cast<int>(xOf(time)) + 6;
        p.drawText(QRect(x, row.bottom() - 17, 160, 15), Qt::AlignLeft | Qt::AlignVCenter, text);
    };

    switch (lane.kind) {
    case Lane::Kind::WriteSide: {
        const QColor work = kindColor(ElementKind::Command);
        const QColor border = kindBorderColor(ElementKind::Command);
        double waitFrom = t.issuedAt;
        for (const sim::TraceAttempt &a : t.attempts) {
            if (a.start > waitFrom)
                bar(waitFrom, a.start, kWaiting, kWaitingBorder);
            bar(a.start, a.end, work, border);
            waitFrom = a.end;
        }
        for (const sim::TraceAttempt &a : t.attempts) {
            if (a.outcome == sim::TraceAttempt::Outcome::Conflict) {
                dot(a.end, cy, QColor(0xf0, 0xa0, 0x00));
                note(a.end, tr("conflict"), QColor(0xb0, 0x70, 0x00));
            } else if (a.outcome == sim::TraceAttempt::Outcome::Rejected) {
                dot(a.end, cy, staleColor());
                note(a.end, tr("rejected"), staleColor());
            }
        }
        if (t.committedAt) {
            diamond(*t.committedAt, border.darker(130));
            note(*t.committedAt, tr("commit"), kText);
        }
        break;
    }
    case Lane::Kind::Partition: {
        const sim::TraceEvent &e = t.events[static_cast<std::size_t>(lane.event)];
        const double commit = t.committedAt.value_or(e.availableAt);
        bar(commit, e.availableAt, kWaiting, kWaitingBorder);
        triangle(e.availableAt, kindBorderColor(ElementKind::Event));
        note(e.availableAt, tr("available"), kText);
        break;
    }
    case Lane::Kind::Delivery: {
        const sim::TraceEvent &e = t.events[static_cast<std::size_t>(lane.event)];
        const sim::TraceDelivery &d = e.deliveries[static_cast<std::size_t>(lane.delivery)];
        const ElementKind kind = d.policy ? ElementKind::Policy : ElementKind::ReadModel;
        // Outages and rebuilds of this read model or policy, behind everything.
        for (const sim::TraceInterruption &i : t.interruptions) {
            if (i.of != d.to)
                continue;
            const double x0 = std::max(xOf(i.from), static_cast<double>(m_labelWidth));
            const double x1 = std::min(xOf(i.until.value_or(m_to)),
                                       static_cast<double>(logicalWidth() - kRightMargin));
            if (x1 <= x0)
                continue;
            p.fillRect(QRectF(x0, row.top() + 1, x1 - x0, row.height() - 2),
                       QColor(0xd3, 0x2f, 0x2f, 28));
            p.setPen(staleColor());
            p.drawText(QRectF(x0 + 3, row.top() + 1, x1 - x0 - 3, 12), Qt::AlignLeft | Qt::AlignTop,
                       i.rebuild ? tr("rebuild") : tr("outage"));
        }
        const double commit = t.committedAt.value_or(e.availableAt);
        const double end = m_to;
        const double arrived = d.arrivedAt.value_or(end);
        const double started = d.startedAt.value_or(end);
        // Waiting: on the bus, in transit (the update delay), then in the queue.
        bar(e.availableAt, arrived, kWaiting, kWaitingBorder);
        if (d.arrivedAt) {
            if (d.delayedBy.empty())
                bar(arrived, started, kWaiting, kWaitingBorder);
            else
                bar(arrived, started, staleColor(), staleColor(), Qt::BDiagPattern);
        }
        if (d.startedAt)
            bar(started, d.appliedAt.value_or(end), kindColor(kind), kindBorderColor(kind));
        if (d.arrivedAt)
            triangle(*d.arrivedAt, kMuted);
        if (d.appliedAt) {
            dot(*d.appliedAt, cy, kindBorderColor(kind).darker(140), 5);
            // The consistency window: commit to apply, as a span under the bar.
            const int y = barTop + barHeight + 9;
            const double x0 = xOf(commit), x1 = xOf(*d.appliedAt);
            p.setPen(QPen(kindBorderColor(kind).darker(130), 2));
            p.drawLine(QPointF(x0, y), QPointF(x1, y));
            p.drawLine(QPointF(x0, y - 4), QPointF(x0, y + 4));
            p.drawLine(QPointF(x1, y - 4), QPointF(x1, y + 4));
            p.setPen(kText);
            p.drawText(QRectF(x1 + 8, barTop, kRightMargin + 80, barHeight),
                       Qt::AlignLeft | Qt::AlignVCenter, formatSeconds(d.window));
        }
        if (d.policy) {
            for (const sim::TraceIssue &i : t.issued) {
                if (i.policy != d.to || i.duplicate != d.duplicate)
                    continue;
                const QPointF m(xOf(i.at), cy);
                p.setPen(QPen(kindBorderColor(ElementKind::Command), 2));
                p.setBrush(kindColor(ElementKind::Command));
                p.drawRect(QRectF(m.x() - 4, barTop - 9, 8, 8));
                p.setPen(kText);
                p.drawText(QRectF(m.x() + 6, barTop - 12, 200, 12),
                           Qt::AlignLeft | Qt::AlignVCenter,
                           tr("issues %1").arg(nameOf(i.command)));
            }
        }
        break;
    }
    case Lane::Kind::Reads: {
        const int y = cy + 2;
        double lastLabel = -1e9;
        for (std::size_t i = 0; i < t.reads.size(); ++i) {
            const sim::TraceRead &r = t.reads[i];
            if (QString::fromStdString(r.query) != lane.query)
                continue;
            const QColor c = r.sawOldData() ? staleColor() : kFresh;
            const double served = r.servedAt.value_or(m_to);
            if (served > r.at) {
                // Waiting for the version (or for a write-side worker).
                p.setPen(QPen(c, 2, Qt::DotLine));
                p.drawLine(QPointF(xOf(r.at), y), QPointF(xOf(served), y));
                dot(r.at, y, c.lighter(150), 3);
            }
            dot(served, y, c, r.ownFollowUp ? 6 : 4.5);
            // The highlighted read says its staleness beside its ring; a
            // label under it would run into the ring.
            if (static_cast<int>(i) == m_highlightedRead) {
                lastLabel = xOf(served);
                continue;
            }
            if (r.sawOldData() && xOf(served) - lastLabel > 64) {
                p.setPen(c);
                p.drawText(QRectF(xOf(served) - 40, row.bottom() - 16, 80, 14), Qt::AlignCenter,
                           formatSeconds(r.staleness));
                lastLabel = xOf(served);
            }
        }
        break;
    }
    }
}

void TraceView::paintLegend(QPainter &p, int y) const
{
    int x = 8;
    const QFontMetrics fm(font());
    auto item = [&](const QString &text, const std::function<void(const QRect &)> &swatch) {
        const QRect box(x, y + 6, 22, 12);
        swatch(box);
        p.setPen(kMuted);
        p.drawText(QRect(x + 28, y, fm.horizontalAdvance(text) + 4, 24),
                   Qt::AlignLeft | Qt::AlignVCenter, text);
        x += 28 + fm.horizontalAdvance(text) + 22;
    };
    item(tr("waiting"), [&](const QRect &r) {
        p.setPen(kWaitingBorder);
        p.setBrush(kWaiting);
        p.drawRect(r);
    });
    item(tr("working"), [&](const QRect &r) {
        p.setPen(kindBorderColor(ElementKind::ReadModel));
        p.setBrush(kindColor(ElementKind::ReadModel));
        p.drawRect(r);
    });
    item(tr("waiting through an outage or rebuild"), [&](const QRect &r) {
        p.setPen(staleColor());
        p.setBrush(QBrush(staleColor(), Qt::BDiagPattern));
        p.drawRect(r);
    });
    item(tr("consistency window"), [&](const QRect &r) {
        p.setPen(QPen(kindBorderColor(ElementKind::ReadModel).darker(130), 2));
        p.drawLine(r.left(), r.center().y(), r.right(), r.center().y());
    });
    item(tr("stale read (its staleness)"), [&](const QRect &r) {
        p.setPen(Qt::NoPen);
        p.setBrush(staleColor());
        p.drawEllipse(r.center(), 5, 5);
    });
    item(tr("fresh read"), [&](const QRect &r) {
        p.setPen(Qt::NoPen);
        p.setBrush(kFresh);
        p.drawEllipse(r.center(), 5, 5);
    });
}

} // namespace cqrs
