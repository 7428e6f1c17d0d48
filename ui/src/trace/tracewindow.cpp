#include "cqrs/ui/trace/tracewindow.h"

#include "cqrs/ui/common/exportpath.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/common/windowkeys.h"
#include "cqrs/ui/inspector/numberfield.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/presentation.h"
#include "cqrs/ui/trace/tracejob.h"
#include "cqrs/ui/trace/traceview.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <cqrs/model/elements.h>
#include <cqrs/model/fileio.h>
#include <cqrs/sim/simulation.h>

namespace cqrs {

namespace {

// A moment of the run as the trace and its "issued at or after" field give
// it, in seconds to the millisecond ("425.193 s", "10 s"): "at 7.09 min"
// beside "issued at 425.193 s" read as two clocks.
QString moment(double seconds)
{
    return TraceWindow::tr("%1 s").arg(
        withoutTrailingZeros(QLocale().toString(seconds, 'f', 3), QLocale().decimalPoint()));
}

} // namespace

TraceWindow::TraceWindow(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Trace a Command"));
    setObjectName(QStringLiteral("traceWindow"));
    auto *layout = new QVBoxLayout(this);
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Follow the first")));
    m_type = new QComboBox;
    m_type->setObjectName(QStringLiteral("traceCommandType"));
    m_type->setToolTip(tr("The command type to follow; commands that policies issue count too."));
    // Long names must not size the window: the list shows them whole.
    m_type->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_type->setMinimumContentsLength(18);
    controls->addWidget(m_type);
    controls->addWidget(new QLabel(tr("issued at or after")));
    m_at = new ClampingSpinBox;
    m_at->setObjectName(QStringLiteral("traceAt"));
    m_at->setDecimals(3);
    m_at->setSuffix(tr(" s"));
    m_at->setToolTip(tr("Simulated time to start looking from (the warm-up end by default). A unit "
                        "may be typed: 300 ms, 2 min."));
    controls->addWidget(m_at);
    controls->addWidget(new QLabel(tr("reaching")));
    m_reaching = new QComboBox;
    m_reaching->setObjectName(QStringLiteral("traceReaching"));
    m_reaching->setToolTip(tr("Only a command whose events this read model or policy consumes"));
    m_reaching->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_reaching->setMinimumContentsLength(18);
    controls->addWidget(m_reaching);
    controls->addStretch(1);
    layout->addLayout(controls);
    // The buttons on a row of their own: in one row with the fields they
    // made the window wider than a 1024-pixel screen.
    auto *buttons = new QHBoxLayout;
    m_traceButton = new QPushButton(tr("&Trace"));
    m_traceButton->setDefault(true);
    buttons->addWidget(m_traceButton);
    m_staleButton = new QPushButton(tr("Show &Me a Stale Read"));
    m_staleButton->setObjectName(QStringLiteral("traceStaleRead"));
    m_staleButton->setToolTip(
        tr("Follow one command after another from the chosen time until a read of its key "
           "sees old data, and show that read"));
    buttons->addWidget(m_staleButton);
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setObjectName(QStringLiteral("traceCancel"));
    m_cancelButton->setToolTip(tr("Stop tracing"));
    m_cancelButton->setEnabled(false);
    buttons->addWidget(m_cancelButton);
    m_saveButton = new QPushButton(tr("&Save…"));
    m_saveButton->setEnabled(false);
    m_saveButton->setToolTip(tr("Write the trace as JSON (the format of cqrs-sim trace)."));
    buttons->addWidget(m_saveButton);
    m_replayButton = new QPushButton(tr("&Replay on Canvas"));
    m_replayButton->setObjectName(QStringLiteral("traceReplay"));
    m_replayButton->setEnabled(false);
    m_replayButton->setToolTip(
        tr("Play the journey in slow motion on the diagram: tokens travel along the edges "
           "with the simulated clock shown (Esc stops)"));
    m_replayButton->setAccessibleDescription(m_replayButton->toolTip());
    buttons->addWidget(m_replayButton);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_note = new QLabel;
    m_note->setObjectName(QStringLiteral("traceNote"));
    m_note->setWordWrap(true);
    m_note->hide();
    layout->addWidget(m_note);
    m_view = new TraceView;
    m_scroll = new QScrollArea;
    m_scroll->setWidget(m_view);
    m_scroll->setWidgetResizable(true);
    layout->addWidget(m_scroll, 1);
    resizeWithinScreen(this, QSize(1200, 640));
    closeWithKeys(this); // Ctrl+W as the other windows of their own, besides a dialog's Esc

    // What a screen reader announces: the fields' labels are sentence parts, not buddies.
    m_type->setAccessibleName(tr("Command type to follow"));
    m_type->setAccessibleDescription(tr("Command type to follow: the first command of this type "
                                        "issued at or after the time is traced"));
    m_at->setAccessibleName(tr("Issued at or after (simulated seconds)"));
    m_traceButton->setToolTip(
        tr("Run the model with its seed until the chosen command's journey is over"));
    m_reaching->setAccessibleName(tr("Read model or policy reached"));
    m_reaching->setAccessibleDescription(tr("Read model or policy reached: only a command whose "
                                            "events it consumes is traced; any when none is "
                                            "chosen"));
    m_staleButton->setAccessibleDescription(m_staleButton->toolTip());
    m_cancelButton->setAccessibleDescription(m_cancelButton->toolTip());

    m_progressTimer.setInterval(200);
    connect(&m_progressTimer, &QTimer::timeout, this, &TraceWindow::showProgress);
    connect(m_traceButton, &QPushButton::clicked, this, &TraceWindow::startTrace);
    connect(m_staleButton, &QPushButton::clicked, this, &TraceWindow::findStaleRead);
    connect(m_cancelButton, &QPushButton::clicked, this, &TraceWindow::cancel);
    connect(m_saveButton, &QPushButton::clicked, this, &TraceWindow::saveInteractive);
    connect(m_replayButton, &QPushButton::clicked, this, &TraceWindow::replayRequested);
}

TraceWindow::~TraceWindow()
{
    delete m_job; // cancels and waits for a trace still going
}

void TraceWindow::setPresenting(bool presenting, double scale)
{
    const bool entering = presenting && !m_presenting;
    const bool leaving = !presenting && m_presenting;
    if (entering)
        m_normalGeometry = geometry(); // before the larger text makes it wider
    m_presenting = presenting;
    m_view->setZoom(presenting ? kPresentingZoom * scale : 1.0);
    const QScreen *screen = parentWidget() ? parentWidget()->screen() : this->screen();
    const QRect room = screen ? screen->availableGeometry() : QRect(0, 0, 1920, 1080);
    // The fields and buttons at the size of the run bar's (the journey has
    // its own zoom), smaller where their row would be wider than the screen;
    // QFont() gives them the window's font back. Measured without laying the
    // window out, which would widen it for a size that is then refused.
    const auto setControlsFont = [this](const QFont &controls) {
        for (QWidget *w : findChildren<QWidget *>()) {
            if (w == m_scroll || m_scroll->isAncestorOf(w))
                continue;
            w->setFont(controls);
            remeasureAfterFontChange(w); // a combo box keeps its old least size otherwise
        }
        for (QLayout *rows : findChildren<QLayout *>())
            rows->invalidate();
    };
    bool enlarged = false;
    if (presenting) {
        const int normal = QFontInfo(font()).pixelSize();
        const int frame = frameGeometry().width() - geometry().width();
        QFont controls = font();
        for (int pixels = PresentationMode::scaledPixels(kControlsPresentingPixels, scale);
             pixels > normal && !enlarged; --pixels) {
            controls.setPixelSize(pixels);
            setControlsFont(controls);
            enlarged = layout()->totalMinimumSize().width() + frame <= room.width();
        }
    }
    if (!enlarged)
        setControlsFont(QFont());
    layout()->activate(); // the window's least size, for the text chosen
    if (presenting) {
        // Most of the screen, centred on it: the main window behind is the
        // projector's. Again when it is shown once more while presenting,
        // if it no longer fits.
        if (entering || !room.contains(frameGeometry())) {
            const QSize wanted(room.width() * 9 / 10, room.height() * 8 / 10);
            QRect shown(QPoint(), wanted.expandedTo(minimumSizeHint()).boundedTo(room.size()));
            shown.moveCenter(room.center());
            setGeometry(shown);
        }
    } else if (leaving && m_normalGeometry.isValid()) {
        // The size it had, over the main window (which has just left full screen).
        QRect normal(QPoint(), m_normalGeometry.size());
        normal.moveCenter(parentWidget() ? parentWidget()->geometry().center()
                                         : m_normalGeometry.center());
        setGeometry(normal);
    }
}

void TraceWindow::setModel(const Model &model)
{
    // A trace still being taken belongs to the model it started with: it
    // would report its journey under this one's seed and duration.
    if (isRunning()) {
        delete m_job; // cancels and waits: one step of the engine at most
        m_job = nullptr;
        m_progressTimer.stop();
        setBusy(false);
        m_status->clear();
    }
    const bool sameRun = m_timeSet && [&] {
        Model before = m_model, after = model;
        before.diagram = {};
        after.diagram = {}; // where the nodes stand changes no run
        return before == after;
    }();
    m_model = model;
    // The trace holds ids; the lanes show the names the canvas shows.
    m_view->setNames([this](const std::string &id) { return elementDisplayName(m_model, id); });
    const QString previous = m_type->currentData().toString();
    m_type->clear();
    m_type->addItem(tr("command of any type"), QString());
    for (const Command &c : model.commands) {
        const QString id = QString::fromStdString(c.id);
        const QString name
            = QString::fromStdString(c.name).left(60); // a file's name must not size the window
        // The id only where the name does not tell it: "UpdateEmail", not
        // "UpdateEmail (update-email)", which the box cut.
        const bool told = name.isEmpty() || name == id || idFollowsName(c.id, c.name);
        m_type->addItem(told ? (name.isEmpty() ? id : name) : tr("%1 (%2)").arg(name, id), id);
        m_type->setItemData(m_type->count() - 1, id, Qt::ToolTipRole);
    }
    const int index = m_type->findData(previous);
    m_type->setCurrentIndex(index >= 0 ? index : 0);
    const QString previousReach = m_reaching->currentData().toString();
    m_reaching->clear();
    m_reaching->addItem(tr("any read model or policy"), QString());
    auto addConsumer
        = [this](const std::string &idText, const std::string &nameText, const QString &kind) {
              const QString id = QString::fromStdString(idText);
              const QString name = QString::fromStdString(nameText).left(60);
              m_reaching->addItem(tr("%1 (%2)").arg(name.isEmpty() ? id : name, kind), id);
          };
    for (const ReadModel &rm : model.readModels)
        addConsumer(rm.id, rm.name, tr("read model"));
    for (const Policy &p : model.policies)
        addConsumer(p.id, p.name, tr("policy"));
    const int reachIndex = m_reaching->findData(previousReach);
    m_reaching->setCurrentIndex(reachIndex >= 0 ? reachIndex : 0);
    const double duration = model.workload.duration;
    // Times past the run's end can be typed (a maximum at the end would drop
    // the key that passes it: 700 read 70), up to one more digit than the
    // duration has; the trace says when it is too late.
    m_at->setRange(0.0,
                   std::pow(10.0, std::floor(std::log10(std::max(duration, 1.0))) + 2) - 0.001);
    // Opened again for the same run, the time stays as the last trace asked
    // it (a click on a chart at 40 min): reset to the warm-up's end, the
    // fields no longer said what the trace below them followed. Another
    // model (an edit, another file) starts at the warm-up's end.
    if (!sameRun || m_at->value() >= duration)
        resetTime();
    m_timeSet = true;
    m_status->setText(tr("Seed %1. The run stops as soon as the command's journey is over.")
                          .arg(model.workload.seed));
}

void TraceWindow::resetTime()
{
    const double duration = m_model.workload.duration;
    m_at->setValue(std::clamp(m_model.workload.warmup, 0.0, std::max(0.0, duration - 0.001)));
}

void TraceWindow::setRequest(const QString &commandType, double at, const QString &reaching)
{
    const int index = m_type->findData(commandType);
    if (index >= 0)
        m_type->setCurrentIndex(index);
    m_at->setValue(at);
    const int reach = m_reaching->findData(reaching);
    m_reaching->setCurrentIndex(std::max(reach, 0));
}

void TraceWindow::setNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

bool TraceWindow::isRunning() const
{
    return m_job && m_job->isRunning();
}

void TraceWindow::showTrace(const sim::Trace &trace)
{
    // A trace still being taken would replace this one when it ends: drop it.
    delete m_job;
    m_job = nullptr;
    m_progressTimer.stop();
    setBusy(false);
    // A stale read's trace (the summary's "open the trace", Show Me a Stale
    // Read) was searched for, not asked by type and time: the fields name
    // the command it found, so that Trace follows that one again (they read
    // "command of any type at or after 0 s", and Trace followed another).
    if (trace.requestedStaleRead && trace.found)
        setRequest(QString::fromStdString(trace.commandType),
                   std::floor(trace.issuedAt * 1000)
                       / 1000, // the field's milliseconds, not after it
                   QString::fromStdString(trace.requestedReaching));
    else
        setRequest(QString::fromStdString(trace.requestedType), trace.at,
                   QString::fromStdString(trace.requestedReaching));
    m_view->setTrace(trace);
    m_view->setHighlightedRead(sim::firstStaleRead(trace));
    m_saveButton->setEnabled(trace.found);
    m_replayButton->setEnabled(trace.found);
    m_status->setText(tr("Seed %1.").arg(trace.seed));
    revealHighlightedRead();
}

QString TraceWindow::status() const
{
    return m_status->text();
}

void TraceWindow::startTrace()
{
    startJob(false);
}

void TraceWindow::findStaleRead()
{
    startJob(true);
}

void TraceWindow::cancel()
{
    if (isRunning())
        m_job->cancel();
}

void TraceWindow::setBusy(bool busy)
{
    m_traceButton->setEnabled(!busy);
    m_staleButton->setEnabled(!busy);
    m_cancelButton->setEnabled(busy);
    if (busy) {
        m_saveButton->setEnabled(false);
        m_replayButton->setEnabled(false);
    }
}

void TraceWindow::startJob(bool staleRead)
{
    if (isRunning())
        return;
    if (m_at->value() >= m_model.workload.duration) {
        m_status->setText(
            tr("<b>Nothing to trace from %1</b>: the run ends at %2. Choose an earlier time.")
                .arg(moment(m_at->value()), moment(m_model.workload.duration)));
        m_at->setFocus();
        m_at->selectAll();
        return;
    }
    delete m_job;
    emit traceStarted();
    sim::TraceRequest request(m_at->value(), m_type->currentData().toString().toStdString(),
                              m_reaching->currentData().toString().toStdString(), staleRead);
    m_job = new TraceJob(m_model, request, this);
    connect(m_job, &TraceJob::finished, this, &TraceWindow::finishJob);
    setBusy(true);
    m_status->setText(staleRead ? tr("Looking for a stale read…") : tr("Tracing…"));
    m_job->start();
    m_progressTimer.start();
}

void TraceWindow::showProgress()
{
    if (!isRunning())
        return;
    const QString where
        = tr("simulated %1 of %2").arg(moment(m_job->progressTime()), moment(m_job->duration()));
    m_status->setText(m_job->request().staleRead ? tr("Looking for a stale read… %1").arg(where)
                                                 : tr("Tracing… %1").arg(where));
}

void TraceWindow::finishJob()
{
    m_progressTimer.stop();
    setBusy(false);
    const TraceJob &job = *m_job;
    const sim::TraceRequest &request = job.request();
    const std::optional<sim::Trace> &trace = job.trace();
    if (!job.error().isEmpty()) {
        m_status->setText(tr("The model cannot be traced: %1").arg(job.error()));
        m_view->clear();
    } else if (job.isCancelled()
               && (!trace || !trace->complete
                   || (request.staleRead && sim::firstStaleRead(*trace) < 0))) {
        m_status->setText(
            request.staleRead && trace
                ? tr("Cancelled at %1 simulated, after following %2 commands without a stale read.")
                      .arg(moment(job.progressTime()))
                      .arg(trace->candidates)
                : tr("Cancelled at %1 simulated.").arg(moment(job.progressTime())));
        m_view->clear();
    } else if (!trace || !trace->found) {
        QString what = request.commandType.empty()
                           ? tr("No command")
                           : tr("No '%1' command").arg(m_view->nameOf(request.commandType));
        if (!request.reaching.empty())
            what = tr("%1 reaching %2").arg(what, m_view->nameOf(request.reaching));
        if (request.staleRead)
            m_status->setText(
                tr("No stale read: none of the %1 commands followed between %2 and the end of the "
                   "run (%3, seed %4) had a stale read of its key.")
                    .arg(trace ? trace->candidates : 0)
                    .arg(moment(request.at.value_or(0.0)), moment(m_model.workload.duration))
                    .arg(m_model.workload.seed));
        else
            m_status->setText(tr("%1 was issued between %2 and the end of the run.")
                                  .arg(what, moment(request.at.value_or(0.0))));
        m_view->clear();
    } else {
        m_view->setTrace(*trace);
        m_saveButton->setEnabled(true);
        m_replayButton->setEnabled(true);
        QString text = trace->complete
                           ? tr("Seed %1.").arg(trace->seed)
                           : tr("Seed %1. The run ended before the journey did.").arg(trace->seed);
        const int stale = sim::firstStaleRead(*trace);
        if (request.staleRead && stale >= 0) {
            const sim::TraceRead &r = trace->reads[std::size_t(stale)];
            text += QLatin1Char(' ')
                    + tr("A read of %1 at %2 saw old data (stale by %3). Commands followed from %5 "
                         "to find it: %4.")
                          .arg(m_view->nameOf(r.query), moment(r.servedAt.value_or(r.at)),
                               formatSeconds(r.staleness))
                          .arg(trace->candidates)
                          .arg(moment(request.at.value_or(0.0)));
        }
        m_view->setHighlightedRead(stale);
        m_status->setText(text);
        revealHighlightedRead();
    }
    emit traceReady();
}

void TraceWindow::revealHighlightedRead()
{
    // After the layout has given the view its size for the new trace.
    QTimer::singleShot(0, this, [this] {
        const QRect r = m_view->readRect(m_view->highlightedRead());
        if (!r.isEmpty())
            m_scroll->ensureVisible(r.center().x(), r.center().y(), r.width() / 2 + 40,
                                    r.height() / 2 + 40);
    });
}

bool TraceWindow::saveTrace(const QString &path, QString *error) const
{
    if (!m_view->hasTrace()) {
        if (error)
            *error = tr("There is no trace to save.");
        return false;
    }
    std::string message;
    if (!writeFileAtomically(path.toStdString(), sim::formatTrace(m_view->trace()), &message)) {
        if (error)
            *error = QString::fromStdString(message);
        return false;
    }
    return true;
}

void TraceWindow::saveInteractive()
{
    const QString name = m_model.name.empty() ? QStringLiteral("trace.json")
                                              : QString::fromStdString(m_model.name)
                                                    + QStringLiteral(" - trace.json");
    const QString path = askExportPath(this, tr("Save Trace"), name, tr("Trace (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveTrace(path, &error))
        QMessageBox::warning(this, tr("Save Trace"), tr("Cannot write %1: %2").arg(path, error));
}

} // namespace cqrs
