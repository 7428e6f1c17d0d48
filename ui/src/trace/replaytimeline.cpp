#include "cqrs/ui/trace/replaytimeline.h"

#include "cqrs/ui/common/format.h"

#include <cqrs/model/elements.h>

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace cqrs {

namespace {

/// Appends the parts of one token, each beginning no earlier than the one before.
class TokenBuilder
{
public:
    explicit TokenBuilder(ReplayToken &token)
        : m_token(token)
    {
    }

    /// At `node` from instant `at` on. After a hop at the same instant it
    /// begins once the hop is drawn (the hold is over).
    void dwell(const std::string &node, double at, ReplayStage stage, const QString &note = {})
    {
        const bool afterHop = !m_token.pieces.empty() && m_token.pieces.back().kind == ReplayPiece::Kind::Hop
                              && m_token.pieces.back().start == at;
        add({ReplayPiece::Kind::Dwell, node, {}, at, at, {at, afterHop ? 1.0 : 0.0}, stage, note});
    }
    /// Along the edge from `start` (after the hold there) to `end`; a hop
    /// when no simulated time passes.
    void travel(const std::string &from, const std::string &to, double start, double end)
    {
        if (!(end > start)) {
            hop(from, to, start);
            return;
        }
        add({ReplayPiece::Kind::Travel, from, to, start, end, {start, 1.0}, ReplayStage::Moving, {}});
    }
    /// From `from` to `to` at the instant `at`, drawn while the replay holds there.
    void hop(const std::string &from, const std::string &to, double at)
    {
        add({ReplayPiece::Kind::Hop, from, to, at, at, {at, 0.0}, ReplayStage::Moving, {}});
    }

private:
    void add(ReplayPiece piece)
    {
        if (!m_token.pieces.empty() && piece.from < m_token.pieces.back().from)
            piece.from = m_token.pieces.back().from;
        m_token.pieces.push_back(std::move(piece));
    }

    ReplayToken &m_token;
};

} // namespace

void ReplayTimeline::addHold(double t, const QString &caption, bool optional)
{
    if (!std::isfinite(t))
        return;
    // Captions are kept for every stage; holds only where the replay stops.
    auto it = std::lower_bound(m_captions.begin(), m_captions.end(), t,
                               [](const auto &entry, double value) { return entry.first < value; });
    if (it != m_captions.end() && it->first == t) {
        if (!it->second.contains(caption)) {
            const int parts = int(it->second.count(QStringLiteral("; "))) + 1;
            if (parts < 3)
                it->second += QStringLiteral("; ") + caption;
            else if (!it->second.endsWith(QStringLiteral("…")))
                it->second += QStringLiteral("; …");
        }
    } else {
        m_captions.insert(it, {t, caption});
    }
    if (!optional)
        m_holds.push_back(t);
    else
        m_optionalHolds.push_back(t);
}

QString ReplayTimeline::captionAt(double t) const
{
    auto it = std::upper_bound(m_captions.begin(), m_captions.end(), t,
                               [](double value, const auto &entry) { return value < entry.first; });
    if (it == m_captions.begin())
        return {};
    return std::prev(it)->second;
}

ReplayTimeline ReplayTimeline::build(const sim::Trace &trace, const Model &model)
{
    ReplayTimeline r;
    if (!trace.found)
        return r;
    // Names a room reads, bounded before they reach a label.
    auto nameOf = [&model](const std::string &id) {
        const auto element = findElement(model, id);
        const std::string &name = element ? elementName(*element) : id;
        return QString::fromStdString(name.empty() ? id : name).left(40);
    };
    double last = trace.issuedAt;
    auto seen = [&last](double t) {
        if (std::isfinite(t))
            last = std::max(last, t);
    };

    // The write side: the command waits at its aggregate (or at itself when
    // the aggregate is not drawn) for a worker, is handled, perhaps retried.
    const std::string command = trace.commandType;
    std::string write = command;
    if (const Command *c = model.command(command); c && !c->aggregate.empty() && model.aggregate(c->aggregate))
        write = c->aggregate;
    const QString commandName = nameOf(command);
    {
        ReplayToken token;
        token.kind = ReplayToken::Kind::Command;
        token.name = commandName;
        TokenBuilder b(token);
        const double issued = trace.issuedAt;
        if (write != command)
            b.hop(command, write, issued);
        b.dwell(write, issued, ReplayStage::Queued, tr("waiting for a worker"));
        r.addHold(issued, trace.fromPolicy ? tr("%1 issued by a policy").arg(commandName)
                                           : tr("%1 issued").arg(commandName));
        const int attempts = int(trace.attempts.size());
        for (int i = 0; i < attempts; ++i) {
            const sim::TraceAttempt &a = trace.attempts[size_t(i)];
            b.dwell(write, a.start, ReplayStage::Working,
                    attempts > 1 ? tr("attempt %1").arg(i + 1) : tr("handling"));
            if (a.start > issued)
                r.addHold(a.start, tr("a worker takes %1").arg(commandName));
            switch (a.outcome) {
            case sim::TraceAttempt::Outcome::Conflict:
                b.dwell(write, a.end, ReplayStage::Queued, tr("conflict: back in the queue"));
                r.addHold(a.end, tr("%1 conflicts and is retried").arg(commandName));
                break;
            case sim::TraceAttempt::Outcome::Rejected:
                b.dwell(write, a.end, ReplayStage::Rejected, tr("rejected"));
                r.addHold(a.end, tr("%1 is rejected").arg(commandName));
                break;
            case sim::TraceAttempt::Outcome::Committed:
                b.dwell(write, a.end, ReplayStage::Done, tr("committed"));
                r.addHold(a.end, tr("%1 commits").arg(commandName));
                break;
            }
            seen(a.end);
        }
        r.m_tokens.push_back(std::move(token));
    }

    // Each event: appended at the commit, on the bus once published; then
    // one token per delivery travels to its read model or policy.
    if (trace.committedAt) {
        const double commit = *trace.committedAt;
        for (const sim::TraceEvent &ev : trace.events) {
            const QString eventName = nameOf(ev.type);
            ReplayToken token;
            token.kind = ReplayToken::Kind::Event;
            token.name = eventName;
            TokenBuilder b(token);
            // Along the command's "emits" edge when the diagram has one.
            const Command *c = model.command(command);
            const bool emits = c && std::find(c->emits.begin(), c->emits.end(), ev.type) != c->emits.end();
            b.hop(emits ? command : write, ev.type, commit);
            b.dwell(ev.type, commit, ReplayStage::Queued, tr("publishing · partition %1").arg(ev.partition));
            const double available = std::max(ev.availableAt, commit);
            if (ev.deliveries.empty())
                b.dwell(ev.type, available, ReplayStage::Done, tr("on the bus, no subscribers"));
            else
                b.dwell(ev.type, available, ReplayStage::Hidden);
            r.addHold(available, tr("%1 is on the bus (partition %2)").arg(eventName).arg(ev.partition));
            seen(available);
            r.m_tokens.push_back(std::move(token));

            for (const sim::TraceDelivery &d : ev.deliveries) {
                const QString to = nameOf(d.to);
                ReplayToken delivery;
                delivery.kind = ReplayToken::Kind::Delivery;
                delivery.name = eventName;
                delivery.duplicate = d.duplicate;
                TokenBuilder db(delivery);
                // On the bus, next to the event node, while the event's hop is drawn.
                db.dwell(ev.type, available, ReplayStage::Hidden);
                if (available == commit)
                    delivery.pieces.back().from.phase = 1.0;
                if (!d.arrivedAt) {
                    db.dwell(ev.type, available, ReplayStage::Queued, tr("not delivered before the run ended"));
                    r.m_tokens.push_back(std::move(delivery));
                    continue;
                }
                const double arrived = std::max(*d.arrivedAt, available);
                db.travel(ev.type, d.to, available, arrived);
                QString waiting = tr("queued");
                if (d.delayedBy == "outage")
                    waiting = tr("waiting: down"); // under the node, which is marked down
                else if (d.delayedBy == "rebuild")
                    waiting = tr("waiting: rebuilding");
                if (d.duplicate)
                    waiting = tr("duplicate · %1").arg(waiting);
                db.dwell(d.to, arrived, ReplayStage::Queued, waiting);
                r.addHold(arrived, d.duplicate ? tr("a duplicate of %1 reaches %2").arg(eventName, to)
                                               : tr("%1 reaches %2").arg(eventName, to));
                seen(arrived);
                if (d.startedAt) {
                    const double started = std::max(*d.startedAt, arrived);
                    db.dwell(d.to, started, ReplayStage::Working, tr("applying"));
                    if (started > arrived)
                        r.addHold(started, tr("%1 starts applying %2").arg(to, eventName));
                    seen(started);
                }
                if (d.appliedAt) {
                    const double applied = std::max(*d.appliedAt, arrived);
                    db.dwell(d.to, applied, ReplayStage::Done,
                             tr("applied · %1 after the commit").arg(formatSeconds(d.window)));
                    r.addHold(applied, tr("%1 has applied %2, %3 after the commit")
                                           .arg(to, eventName, formatSeconds(d.window)));
                    seen(applied);
                }
                r.m_tokens.push_back(std::move(delivery));
            }
        }
    }

    // Commands the policies issued when they applied the events.
    for (const sim::TraceIssue &issue : trace.issued) {
        const QString name = nameOf(issue.command);
        ReplayToken token;
        token.kind = ReplayToken::Kind::Issued;
        token.name = name;
        token.duplicate = issue.duplicate;
        TokenBuilder b(token);
        b.hop(issue.policy, issue.command, issue.at);
        b.dwell(issue.command, issue.at, ReplayStage::Done,
                issue.duplicate ? tr("issued again (duplicate)") : tr("issued"));
        r.addHold(issue.at, tr("%1 issues %2").arg(nameOf(issue.policy), name));
        seen(issue.at);
        r.m_tokens.push_back(std::move(token));
    }

    // Reads of the key: a token waits at the query while the read waits, the
    // answer comes from the read model, the query node flashes. The replay
    // holds at the telling ones: each query's first read, its first stale
    // read, the first fresh one after a stale one, every timeout.
    std::map<std::string, std::pair<bool, bool>> readsSoFar; // query -> (any read, last was stale)
    for (const sim::TraceRead &read : trace.reads) {
        if (int(r.m_reads.size()) >= kMaxReads)
            break;
        const QString query = nameOf(read.query);
        ReplayToken token;
        token.kind = ReplayToken::Kind::Read;
        token.name = query;
        TokenBuilder b(token);
        const bool waits = !read.servedAt || *read.servedAt > read.at;
        if (waits)
            b.dwell(read.query, read.at,
                    ReplayStage::Queued,
                    read.strategy == Strategy::WaitForVersion ? tr("waiting for the version")
                                                              : tr("waiting for an answer"));
        seen(read.at);
        if (read.servedAt) {
            const double served = std::max(*read.servedAt, read.at);
            if (!read.readModel.empty())
                b.hop(read.readModel, read.query, served);
            b.dwell(read.query, served, ReplayStage::Hidden);
            seen(served);
            ReplayRead shown;
            shown.query = read.query;
            shown.readModel = read.readModel;
            shown.at = read.at;
            shown.servedAt = served;
            shown.stale = read.sawOldData();
            shown.ownChange = read.stale && !read.sawOldData();
            shown.timeout = read.timeout;
            shown.staleness = read.staleness;
            r.m_reads.push_back(shown);
            auto &[any, lastStale] = readsSoFar[read.query];
            const bool old = read.sawOldData();
            const bool telling = !any || old != lastStale || read.timeout || shown.ownChange;
            const QString what = read.timeout ? tr("%1 times out and reads data %2 old").arg(query, formatSeconds(read.staleness))
                                 : old        ? tr("%1 reads old data: stale by %2").arg(query, formatSeconds(read.staleness))
                                 : shown.ownChange
                                     ? tr("%1 shows the user's own change at once (optimistic UI)").arg(query)
                                     : tr("%1 reads up-to-date data").arg(query);
            r.addHold(served, what, !telling);
            any = true;
            lastStale = old;
        }
        if (!token.pieces.empty())
            r.m_tokens.push_back(std::move(token));
    }

    if (trace.settledAt)
        seen(*trace.settledAt);
    r.m_start = trace.issuedAt;
    r.m_end = last;

    for (const sim::TraceInterruption &i : trace.interruptions) {
        ReplayDown down;
        down.node = i.of;
        down.from = i.from;
        down.until = i.until.value_or(r.m_end);
        down.rebuild = i.rebuild;
        if (down.until <= r.m_start || down.from >= r.m_end)
            continue;
        r.m_downs.push_back(down);
        const QString name = nameOf(i.of);
        if (down.from > r.m_start)
            r.addHold(down.from, i.rebuild ? tr("%1 starts rebuilding").arg(name) : tr("%1 goes down").arg(name));
        if (i.until && *i.until < r.m_end)
            r.addHold(*i.until, i.rebuild ? tr("%1 has rebuilt").arg(name) : tr("%1 is back").arg(name));
    }

    // The holds: every stage of the journey, then the telling reads, at most kMaxHolds.
    auto unique = [](std::vector<double> &v) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    unique(r.m_holds);
    unique(r.m_optionalHolds);
    if (r.m_holds.size() > size_t(kMaxHolds))
        r.m_holds.resize(size_t(kMaxHolds));
    for (double t : r.m_optionalHolds) {
        if (r.m_holds.size() >= size_t(kMaxHolds))
            break;
        r.m_holds.push_back(t);
    }
    unique(r.m_holds);
    std::erase_if(r.m_holds, [&r](double t) { return t < r.m_start || t > r.m_end; });
    r.m_optionalHolds.clear();
    return r;
}

ReplayPlace ReplayTimeline::place(int token, ReplayMoment moment) const
{
    ReplayPlace place;
    if (token < 0 || token >= int(m_tokens.size()))
        return place;
    const std::vector<ReplayPiece> &pieces = m_tokens[size_t(token)].pieces;
    // The last part that has begun.
    const auto it = std::upper_bound(pieces.begin(), pieces.end(), moment,
                                     [](const ReplayMoment &m, const ReplayPiece &p) { return m < p.from; });
    if (it == pieces.begin())
        return place;
    const ReplayPiece &piece = *std::prev(it);
    place.piece = int(std::prev(it) - pieces.begin());
    place.node = piece.node;
    place.note = piece.note;
    switch (piece.kind) {
    case ReplayPiece::Kind::Dwell:
        place.stage = piece.stage;
        break;
    case ReplayPiece::Kind::Travel:
        place.stage = ReplayStage::Moving;
        place.to = piece.to;
        place.fraction = std::clamp((moment.t - piece.start) / (piece.end - piece.start), 0.0, 1.0);
        break;
    case ReplayPiece::Kind::Hop:
        place.stage = ReplayStage::Moving;
        place.to = piece.to;
        place.fraction = moment.t > piece.start ? 1.0 : std::clamp(moment.phase, 0.0, 1.0);
        break;
    }
    return place;
}

ReplaySchedule::ReplaySchedule(std::vector<double> holds, double start, double end, double slowdown,
                               double holdSeconds)
    : m_holds(std::move(holds))
    , m_start(start)
    , m_end(std::max(start, end))
    , m_slowdown(slowdown > 0 ? slowdown : 1.0)
    , m_holdSeconds(std::max(0.0, holdSeconds))
{
    std::sort(m_holds.begin(), m_holds.end());
    m_holds.erase(std::unique(m_holds.begin(), m_holds.end()), m_holds.end());
    std::erase_if(m_holds, [this](double t) { return t < m_start || t > m_end; });
    m_holdStarts.reserve(m_holds.size());
    for (size_t k = 0; k < m_holds.size(); ++k)
        m_holdStarts.push_back((m_holds[k] - m_start) * m_slowdown + double(k) * m_holdSeconds);
}

double ReplaySchedule::duration() const
{
    return (m_end - m_start) * m_slowdown + double(m_holds.size()) * m_holdSeconds;
}

double ReplaySchedule::realAt(ReplayMoment moment) const
{
    const double t = std::clamp(moment.t, m_start, m_end);
    const auto it = std::lower_bound(m_holds.begin(), m_holds.end(), t);
    const double before = double(it - m_holds.begin()); // holds entirely before t
    double real = (t - m_start) * m_slowdown + before * m_holdSeconds;
    if (it != m_holds.end() && *it == t)
        real += std::clamp(moment.phase, 0.0, 1.0) * m_holdSeconds;
    return real;
}

ReplayMoment ReplaySchedule::momentAt(double real) const
{
    real = std::clamp(real, 0.0, duration());
    // The last hold that has begun.
    const auto it = std::upper_bound(m_holdStarts.begin(), m_holdStarts.end(), real);
    if (it == m_holdStarts.begin())
        return {m_start + real / m_slowdown, 1.0};
    const size_t k = size_t(std::prev(it) - m_holdStarts.begin());
    const double into = real - m_holdStarts[k];
    if (into < m_holdSeconds)
        return {m_holds[k], into / m_holdSeconds};
    double t = m_holds[k] + (into - m_holdSeconds) / m_slowdown;
    // Rounding must not carry the clock past the next hold.
    if (k + 1 < m_holds.size())
        t = std::min(t, m_holds[k + 1]);
    return {std::min(t, m_end), 1.0};
}

} // namespace cqrs
