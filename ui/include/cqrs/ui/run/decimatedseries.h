#pragma once

#include <QList>
#include <QPointF>

#include <vector>

namespace cqrs {

/// Points of one live series, kept cheap however long the run: when the
/// buffer passes kMaxPoints, neighbouring points merge pairwise, so
/// resolution halves and memory stays bounded; every point but the newest
/// stands for the same number of samples, so resolution is even over the
/// run. Each merged point remembers the lowest and highest sample it stands
/// for, so a fast saw-tooth keeps its peaks and troughs (its envelope)
/// through any amount of merging.
class DecimatedSeries
{
public:
    enum class Merge { Mean, Max };
    static constexpr int kMaxPoints = 1200;

    explicit DecimatedSeries(Merge merge = Merge::Mean) : m_merge(merge) {}
    void append(double x, double y);
    void clear();
    bool isEmpty() const { return m_buckets.empty(); }
    Merge merge() const { return m_merge; }
    /// Kept buckets (at most kMaxPoints).
    int size() const { return int(m_buckets.size()); }
    /// The line: one point per kept bucket, its mean (Merge::Mean) or maximum (Merge::Max).
    QList<QPointF> points() const;
    /// The newest sample as appended (the series must not be empty); the
    /// newest point of points() may stand for several samples.
    QPointF last() const { return m_last; }
    /// The highest sample ever appended (the top of every envelope), 0 when empty:
    /// kept as samples arrive, so fitting an axis needs no envelope.
    double maxValue() const { return m_maxValue; }
    /// The largest x appended, 0 when empty.
    double maxX() const { return m_maxX; }

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
    double m_maxValue = 0;
    double m_maxX = 0;
    int m_samplesPerBucket = 1; ///< samples in each bucket but the newest
    QPointF m_last;
    Merge m_merge;
};

} // namespace cqrs
