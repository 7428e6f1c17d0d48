#pragma once

#include <QColor>
#include <QString>
#include <QWidget>
#include <cqrs/sim/trace.h>
#include <functional>
#include <string>
#include <vector>

namespace cqrs {

/// One command's journey (sim::Trace) as swim lanes on one time axis: the
/// write side, each event's partition, each read model and policy delivery,
/// and the reads of the key per query. Bars are split into waiting (pale)
/// and working (the element's colour); markers show commit, availability,
/// arrival and apply; each delivery's consistency window is a span under its
/// bar; stale reads are red with their staleness. Paints only; no model.
class TraceView final : public QWidget
{
    Q_OBJECT

public:
    explicit TraceView(QWidget *parent = nullptr);

    void setTrace(const sim::Trace &trace);
    void clear();
    /// How an element's id is shown (its name on the canvas); by default the
    /// id itself.
    void setNames(std::function<QString(const std::string &id)> nameOf);
    /// The name setNames() gives `id`, else the id.
    QString nameOf(const std::string &id) const;
    const sim::Trace &trace() const { return m_trace; }
    bool hasTrace() const { return m_trace.found; }

    /// The lanes drawn, top to bottom (for tests and accessibility).
    struct Lane
    {
        enum class Kind { WriteSide, Partition, Delivery, Reads };
        Kind kind = Kind::WriteSide;
        QString title;
        QString detail;    ///< second line: consumer, window, delay
        int event = -1;    ///< Partition, Delivery
        int delivery = -1; ///< Delivery
        QString query;     ///< Reads
    };
    const std::vector<Lane> &lanes() const { return m_lanes; }
    /// The width of the lanes' names at the left: wide enough for the
    /// longest name and detail, within limits.
    int labelWidth() const { return m_labelWidth; }
    /// One line saying what happened ("committed after 1 attempt, ...").
    QString headline() const { return m_headline; }

    /// The time span drawn (simulated seconds) and the x of a time.
    double timeFrom() const { return m_from; }
    double timeTo() const { return m_to; }
    double xOf(double t) const;
    /// The vertical middle of lane i.
    int laneCenterY(int lane) const;

    /// A read (index into trace().reads) drawn ringed and labelled; -1 none.
    /// setTrace() clears it.
    void setHighlightedRead(int read);
    int highlightedRead() const { return m_highlightedRead; }
    /// Where read `read` is drawn (its served-at dot, with room for its
    /// label); empty when it is not drawn (no lane for its query).
    QRect readRect(int read) const;

    static QColor staleColor() { return QColor(0xd3, 0x2f, 0x2f); }

    /// The time axis's ticks: the run's time of each, and its label since
    /// the issue, all in one unit ("+1 min", "+2 min"; not "+100 s",
    /// "+2.5 min"), at round steps of it.
    std::vector<std::pair<double, QString>> axisTicks() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    /// Everything drawn this many times larger (for a projector); 1 by
    /// default. xOf(), laneCenterY() and labelWidth() stay in unzoomed
    /// units; readRect() and the size hints are in the widget's pixels.
    void setZoom(double zoom);
    double zoom() const { return m_zoom; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void rebuildLanes();
    void paintAxis(class QPainter &p, const QRect &area) const;
    void paintLane(class QPainter &p, int index, const QRect &row) const;
    void paintLegend(class QPainter &p, int y) const;

    sim::Trace m_trace;
    std::function<QString(const std::string &id)> m_nameOf;
    std::vector<Lane> m_lanes;
    QString m_headline;
    double m_from = 0;
    double m_to = 1;
    int m_labelWidth = 220;
    int m_highlightedRead = -1;
    double m_zoom = 1.0;
    int logicalWidth() const; ///< width() in unzoomed units
};

} // namespace cqrs
