#pragma once

#include <QList>
#include <QPointF>

#include <vector>

namespace cqrs {

/// Points of one live series, kept cheap however long the run: when the
/// buffer passes kMaxPoints, neighbouring points merge pairwise, so
/// resolution halves and memory stays bounded. Each merged point remembers
/// the lowest and highest sample it stands for, so a fast saw-tooth keeps
/// its peaks and troughs (its envelope) through any amount of merging.
class DecimatedSeries
{
public:
    enum class Merge { Mean, Max };
    static constexpr int kMaxPoints = 1200;

    explicit DecimatedSeries(Merge merge = Merge::Mean) : m_merge(merge) {}
    void append(double x, double y);
    void clear();
    bool isEmpty() const { return m_points.isEmpty(); }
    Merge merge() const { return m_merge; }
    /// The line: one point per kept bucket, its mean (Merge::Mean) or maximum (Merge::Max).
    const QList<QPointF> &points() const { return m_points; }

    /// What to draw in a plot `intervals` pixels-worth wide.
    struct Envelope
    {
        QList<QPointF> line;  ///< mean or max per interval (the samples themselves when they fit)
        QList<QPointF> lower; ///< per-interval minimum
        QList<QPointF> upper; ///< per-interval maximum
        bool decimated = false; ///< an interval stands for several samples: draw the band lower..upper
    };
    /// At most `intervals` points: when there are more samples than that, each
    /// interval of the x range gives its min, max and mean (or max), so a
    /// dense zig-zag draws as its envelope, not as a solid block of lines.
    Envelope envelope(int intervals) const;

private:
    struct Bucket
    {
        double x;
        double value; ///< mean or max of the samples
        double min;
        double max;
        int count;
    };
    Bucket combine(const Bucket &a, const Bucket &b) const;

    std::vector<Bucket> m_buckets;
    QList<QPointF> m_points;
    Merge m_merge;
};

} // namespace cqrs
