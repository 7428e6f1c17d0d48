#pragma once

#include "cqrs/ui/trace/replayitems.h"
#include "cqrs/ui/trace/replaypanel.h"
#include "cqrs/ui/trace/replaytimeline.h"

#include <cqrs/sim/trace.h>

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <map>
#include <string>
#include <vector>

class QGraphicsItem;

namespace cqrs {

class CanvasView;
class DiagramScene;
class NodeItem;
class ReplayLabelRoom;

/// Slow-motion replay of a traced command on the canvas (docs/traces.md):
/// tokens travel along the diagram's edges in simulated time, `slowdown`
/// times slower than real time, and the simulated clock stands still for a
/// moment at each stage of the journey. A panel in the canvas's corner shows
/// the clock and the controls; Esc stops.
///
/// A view overlay: its items belong to this controller and leave the scene
/// on stop(); the model, the scene's own items and the undo stack are never
/// touched. Time comes from an injectable source (setTimeSource), so tests
/// step the replay without waiting.
class ReplayController final : public QObject
{
    Q_OBJECT

public:
    explicit ReplayController(DiagramScene *scene, QObject *parent = nullptr);
    ~ReplayController() override;

    /// Real seconds the simulated clock stands still at each stage.
    static constexpr double kHoldSeconds = 1.0;
    /// Real seconds a read's flash stays bright after its hold.
    static constexpr double kFlashSeconds = 1.5;
    static constexpr int kFrameMilliseconds = 33;
    /// The slowdown a replay starts with: the largest offered that keeps a
    /// journey of `span` simulated seconds under a minute of moving time.
    static double suggestedSlowdown(double span);

    /// Replays `trace` on the scene's first view (a replay going on stops
    /// first) and plays it. False, with the reason, when the trace found no
    /// command or its command is not on the canvas.
    bool start(const sim::Trace &trace, QString *error = nullptr);
    /// Takes every replay item off the canvas.
    void stop();
    bool isActive() const { return m_active; }

    void play();
    void pause();
    void togglePlay();
    bool isPlaying() const { return m_playing; }
    /// Back to the command's issue, playing.
    void restart();
    void setSlowdown(double slowdown);
    double slowdown() const { return m_schedule.slowdown(); }

    /// Larger tokens, labels and clock for a projector (presentation mode;
    /// `scale` as PresentationMode::textScale()).
    void setPresenting(bool presenting, double scale = 1.0);
    /// The scale setPresenting() was given (1 while not presenting).
    double presentingScale() const { return m_presenting ? m_presentingScale : 1.0; }
    bool isPresenting() const { return m_presenting; }

    /// Milliseconds from any fixed origin; by default a monotonic clock.
    void setTimeSource(std::function<qint64()> now);
    /// Brings a playing replay to the time source's present and redraws (each frame).
    void advance();
    /// Jumps to `seconds` of real replay time (0 .. duration()).
    void seekReal(double seconds);
    /// Jumps to a moment of the journey.
    void seek(ReplayMoment moment);
    double position() const { return m_position; }
    double duration() const { return m_schedule.duration(); }
    ReplayMoment moment() const { return m_schedule.momentAt(m_position); }
    /// The simulated time the clock shows.
    double simulatedTime() const { return moment().t; }

    const ReplayTimeline &timeline() const { return m_timeline; }
    const ReplaySchedule &schedule() const { return m_schedule; }
    ReplayPanel *panel() const { return m_panel; }
    int tokenCount() const { return int(m_tokens.size()); }
    ReplayTokenItem *tokenItem(int index) const;
    /// The mark at a query node where reads are answered (nullptr when none).
    ReplayMarkItem *readMark(const std::string &query) const;
    ReplayMarkItem *downMark(int index) const;
    /// Every item the replay has put on the canvas.
    QList<QGraphicsItem *> items() const;

signals:
    void started();
    void stopped();
    void positionChanged(double seconds);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void render();
    void placeLabels();
    void placeLabel(ReplayTokenItem *item, QPointF at, const ReplayLabelRoom &room) const;
    QPointF dwellPoint(const NodeItem *node, int slot, double zoom, double labelRoom = 0) const;
    QString tokenLabel(int index, const ReplayPlace &place, ReplayMoment moment) const;
    void updateSizes();
    void showWholeJourney();

    QPointer<DiagramScene> m_scene;
    QPointer<CanvasView> m_view;
    /// The view's viewport, only compared with (never used): the event filter
    /// also sees events while the view is being destroyed.
    const QObject *m_viewport = nullptr;
    QPointer<ReplayPanel> m_panel;
    ReplayTimeline m_timeline;
    ReplaySchedule m_schedule;
    std::vector<ReplayTokenItem *> m_tokens;
    std::vector<bool> m_nameTells; ///< per token: its labels name it (tokenLabel())
    std::map<std::string, ReplayMarkItem *> m_readMarks; ///< by query id
    std::vector<ReplayMarkItem *> m_downMarks;            ///< one per timeline().downs()
    QTimer m_frame;
    QElapsedTimer m_clock;
    std::function<qint64()> m_now;
    qint64 m_anchorNow = 0;     ///< the time source when playing last (re)started
    double m_anchorPosition = 0; ///< the position then
    double m_position = 0;      ///< real seconds into the replay
    bool m_active = false;
    bool m_playing = false;
    bool m_presenting = false;
    /// The panel's height with its longest caption, and the canvas width
    /// and text scale it was measured for: the strip kept above the diagram,
    /// which must not move the diagram as the captions change.
    int m_tallestPanel = 0;
    int m_tallestForWidth = -1;
    double m_tallestScale = 0;
    double m_presentingScale = 1.0;
    ReplaySizes sizes() const
    {
        return m_presenting ? ReplaySizes::presenting(m_presentingScale) : ReplaySizes::normal();
    }
};

} // namespace cqrs
