#include "tracewindow.h"

#include "format.h"
#include "traceview.h"

#include <cqrs/model/fileio.h>
#include <cqrs/sim/simulation.h>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QThread>
#include <QVBoxLayout>

#include <exception>

namespace cqrs {

/// What the background thread works on; shared so that a closed window
/// never leaves the thread writing into freed memory.
struct TraceWindow::Job
{
    Model model;
    sim::TraceRequest request;
    std::atomic<bool> cancel{false};
    std::optional<sim::Trace> trace;
    std::string error;
};

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
    controls->addWidget(m_type);
    controls->addWidget(new QLabel(tr("issued at or after")));
    m_at = new QDoubleSpinBox;
    m_at->setObjectName(QStringLiteral("traceAt"));
    m_at->setDecimals(3);
    m_at->setSuffix(tr(" s"));
    m_at->setToolTip(tr("Simulated time to start looking from (the warm-up end by default)."));
    controls->addWidget(m_at);
    m_traceButton = new QPushButton(tr("&Trace"));
    m_traceButton->setDefault(true);
    controls->addWidget(m_traceButton);
    m_saveButton = new QPushButton(tr("&Save…"));
    m_saveButton->setEnabled(false);
    m_saveButton->setToolTip(tr("Write the trace as JSON (the format of cqrs-sim trace)."));
    controls->addWidget(m_saveButton);
    m_replayButton = new QPushButton(tr("&Replay on Canvas"));
    m_replayButton->setObjectName(QStringLiteral("traceReplay"));
    m_replayButton->setEnabled(false);
    m_replayButton->setToolTip(tr("Play the journey in slow motion on the diagram: tokens travel along the edges "
                                  "with the simulated clock shown (Esc stops)"));
    m_replayButton->setAccessibleDescription(m_replayButton->toolTip());
    controls->addWidget(m_replayButton);
    controls->addStretch(1);
    layout->addLayout(controls);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_view = new TraceView;
    auto *scroll = new QScrollArea;
    scroll->setWidget(m_view);
    scroll->setWidgetResizable(true);
    layout->addWidget(scroll, 1);
    resize(1200, 640);

    // What a screen reader announces: the fields' labels are sentence parts, not buddies.
    m_type->setAccessibleName(tr("Command type to follow"));
    m_type->setAccessibleDescription(
        tr("Command type to follow: the first command of this type issued at or after the time is traced"));
    m_at->setAccessibleName(tr("Issued at or after (simulated seconds)"));
    m_traceButton->setToolTip(tr("Run the model with its seed until the chosen command's journey is over"));

    connect(m_traceButton, &QPushButton::clicked, this, &TraceWindow::startTrace);
    connect(m_saveButton, &QPushButton::clicked, this, &TraceWindow::saveInteractive);
    connect(m_replayButton, &QPushButton::clicked, this, &TraceWindow::replayRequested);
}

TraceWindow::~TraceWindow()
{
    if (m_thread) {
        m_job->cancel = true;
        m_thread->disconnect(this);
        m_thread->wait();
        delete m_thread;
    }
}

void TraceWindow::setModel(const Model &model)
{
    m_model = model;
    const QString previous = m_type->currentData().toString();
    m_type->clear();
    m_type->addItem(tr("command of any type"), QString());
    for (const Command &c : model.commands) {
        const QString id = QString::fromStdString(c.id);
        const QString name = QString::fromStdString(c.name).left(60); // a file's name must not size the window
        m_type->addItem(name.isEmpty() || name == id ? id : tr("%1 (%2)").arg(name, id), id);
    }
    const int index = m_type->findData(previous);
    m_type->setCurrentIndex(index >= 0 ? index : 0);
    const double duration = model.workload.duration;
    m_at->setRange(0.0, std::max(0.0, duration - 0.001));
    m_at->setValue(std::clamp(model.workload.warmup, 0.0, m_at->maximum()));
    m_status->setText(tr("Seed %1. The run stops as soon as the command's journey is over.").arg(model.workload.seed));
}

void TraceWindow::setRequest(const QString &commandType, double at)
{
    const int index = m_type->findData(commandType);
    if (index >= 0)
        m_type->setCurrentIndex(index);
    m_at->setValue(at);
}

QString TraceWindow::status() const
{
    return m_status->text();
}

void TraceWindow::startTrace()
{
    if (m_thread)
        return;
    m_job = std::make_shared<Job>();
    m_job->model = m_model;
    m_job->request.commandType = m_type->currentData().toString().toStdString();
    m_job->request.at = m_at->value();
    std::shared_ptr<Job> job = m_job;
    m_thread = QThread::create([job] {
        try {
            sim::SimulationOptions options;
            options.trace = job->request;
            sim::Simulation simulation(job->model, options);
            while (!job->cancel && !simulation.trace()->complete && simulation.step()) {
            }
            job->trace = *simulation.trace();
        } catch (const std::exception &e) {
            job->error = e.what();
        }
    });
    connect(m_thread, &QThread::finished, this, &TraceWindow::finishJob);
    m_traceButton->setEnabled(false);
    m_saveButton->setEnabled(false);
    m_replayButton->setEnabled(false);
    m_status->setText(tr("Tracing…"));
    m_thread->start();
}

void TraceWindow::finishJob()
{
    QThread *thread = m_thread;
    m_thread = nullptr;
    thread->wait();
    delete thread;
    m_traceButton->setEnabled(true);
    const std::shared_ptr<Job> job = m_job;
    if (!job->error.empty()) {
        m_status->setText(tr("The model cannot be traced: %1").arg(QString::fromStdString(job->error)));
        m_view->clear();
    } else if (!job->trace || !job->trace->found) {
        const QString what = job->request.commandType.empty()
                                 ? tr("No command")
                                 : tr("No '%1' command").arg(QString::fromStdString(job->request.commandType));
        m_status->setText(tr("%1 was issued between %2 and the end of the run.")
                              .arg(what, formatSeconds(job->request.at.value_or(0.0))));
        m_view->clear();
    } else {
        m_view->setTrace(*job->trace);
        m_saveButton->setEnabled(true);
        m_replayButton->setEnabled(true);
        m_status->setText(job->trace->complete ? tr("Seed %1.").arg(job->trace->seed)
                                               : tr("Seed %1. The run ended before the journey did.").arg(job->trace->seed));
    }
    emit traceReady();
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
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Trace"), QStringLiteral("trace.json"),
                                                      tr("Trace (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveTrace(path, &error))
        QMessageBox::warning(this, tr("Save Trace"), tr("Cannot write %1: %2").arg(path, error));
}

} // namespace cqrs
