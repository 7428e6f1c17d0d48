#pragma once

#include <cqrs/model/model.h>
#include <cqrs/sim/trace.h>

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace cqrs {

/// A point of a replay: the simulated time and, when the replay holds at
/// that time (a stage of the journey), how far through the hold it is
/// (0 as the hold begins, 1 when it is over). Ordered by time, then phase.
struct ReplayMoment
{
    double t = 0;
    double phase = 0;

    bool operator<(const ReplayMoment &other) const
    {
        return t < other.t || (t == other.t && phase < other.phase);
    }
    bool operator<=(const ReplayMoment &other) const { return !(other < *this); }
    bool operator==(const ReplayMoment &other) const = default;
};

/// What a token is doing at a node.
enum class ReplayStage {
    Hidden,   ///< not on the canvas (not yet there, or gone)
    Moving,   ///< on its way along an edge
    Queued,   ///< waiting: for a worker, on the bus, in a consumer's queue, for a version
    Working,  ///< a handler or an apply is running
    Done,     ///< committed, on the bus with no subscribers, applied, issued
    Rejected, ///< the command was rejected
};

/// One part of a token's journey. Dwell: at `node` from `start` until the
/// next part; Travel: along the edge `node` -> `to` from `start` to `end`;
/// Hop: from `node` to `to` at the instant `start`, drawn while the replay
/// holds there.
struct ReplayPiece
{
    enum class Kind { Dwell, Travel, Hop };
    Kind kind = Kind::Dwell;
    std::string node;
    std::string to;
    double start = 0;
    double end = 0;
    ReplayMoment from; ///< where the part begins on the replay's axis
    ReplayStage stage = ReplayStage::Hidden; ///< Dwell only
    QString note; ///< what the label says ("partition 3", "outage", "attempt 2")
};

/// Something that travels: the command on the write side, each event, each
/// delivery of an event to a read model or policy, each command a policy
/// issued, each read of the key.
struct ReplayToken
{
    enum class Kind { Command, Event, Delivery, Issued, Read };
    Kind kind = Kind::Command;
    QString name;          ///< the command's, event's or query's id
    bool duplicate = false; ///< a duplicate delivery, or a command issued for one
    std::vector<ReplayPiece> pieces; ///< in replay order
};

/// A read of the key, answered at a query node (a flash: red when stale).
struct ReplayRead
{
    std::string query;
    std::string readModel;
    double at = 0;
    double servedAt = 0;
    bool stale = false;
    bool timeout = false;
    double staleness = 0;
    bool ownChange = false; ///< an optimistic UI showing its own pending change (not old data)
};

/// A read model or policy down or rebuilding while the command was followed.
struct ReplayDown
{
    std::string node;
    double from = 0;
    double until = 0; ///< the replay's end when it was still going
    bool rebuild = false;
};

/// Where a token is at a moment.
struct ReplayPlace
{
    ReplayStage stage = ReplayStage::Hidden;
    std::string node; ///< the node it sits at, or the edge's source
    std::string to;   ///< the edge's target while Moving
    double fraction = 0; ///< along the edge while Moving
    QString note;
    int piece = -1;
};

/// One command's journey (a sim::Trace) laid out on the diagram: the
/// tokens and what each does when, the reads, the outages, and the
/// instants where the replay holds so a room can follow.
class ReplayTimeline
{
    Q_DECLARE_TR_FUNCTIONS(cqrs::ReplayTimeline)

public:
    ReplayTimeline() = default;

    /// `model` names the nodes: the command's aggregate, the query's read model.
    static ReplayTimeline build(const sim::Trace &trace, const Model &model);

    /// The first and last instants of the journey (simulated seconds).
    double start() const { return m_start; }
    double end() const { return m_end; }
    const std::vector<ReplayToken> &tokens() const { return m_tokens; }
    const std::vector<ReplayRead> &reads() const { return m_reads; }
    const std::vector<ReplayDown> &downs() const { return m_downs; }
    /// The stages' instants where the replay holds, ascending.
    const std::vector<double> &holds() const { return m_holds; }
    /// What happens at a held instant, or at the last one before t ("" before the first).
    QString captionAt(double t) const;
    /// Every caption, with the instant it starts at (ascending).
    const std::vector<std::pair<double, QString>> &captions() const { return m_captions; }

    ReplayPlace place(int token, ReplayMoment moment) const;

    /// The most reads a replay shows; later ones are left out.
    static constexpr int kMaxReads = 60;
    /// The most instants a replay holds at.
    static constexpr int kMaxHolds = 80;

private:
    void addHold(double t, const QString &caption, bool optional = false);

    double m_start = 0;
    double m_end = 0;
    std::vector<ReplayToken> m_tokens;
    std::vector<ReplayRead> m_reads;
    std::vector<ReplayDown> m_downs;
    std::vector<double> m_holds;
    std::vector<double> m_optionalHolds; ///< while building: holds kept only if there is room
    std::vector<std::pair<double, QString>> m_captions; ///< ascending, one per held instant
};

/// Maps the replay's real seconds to moments and back: simulated time runs
/// `slowdown` times slower than real time, and at each held instant the
/// simulated clock stands still for `holdSeconds` real seconds.
class ReplaySchedule
{
public:
    ReplaySchedule() = default;
    ReplaySchedule(std::vector<double> holds, double start, double end, double slowdown, double holdSeconds);

    double slowdown() const { return m_slowdown; }
    double holdSeconds() const { return m_holdSeconds; }
    /// The whole replay in real seconds.
    double duration() const;
    double realAt(ReplayMoment moment) const;
    ReplayMoment momentAt(double real) const;

private:
    std::vector<double> m_holds;
    std::vector<double> m_holdStarts; ///< real seconds at which each hold begins
    double m_start = 0;
    double m_end = 0;
    double m_slowdown = 1;
    double m_holdSeconds = 0;
};

} // namespace cqrs
