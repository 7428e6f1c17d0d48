#pragma once

// Shared by the GUI tests of recording runs into the history: the
// application's main window with a history file of its own, a run started,
// stopped and recorded, a recorded run opened again.

#include "cqrs/ui/document/document.h"
#include "cqrs/ui/history/historyrecorder.h"
#include "cqrs/ui/history/historystore.h"
#include "cqrs/ui/history/historyui.h"
#include "cqrs/ui/history/recordedrunview.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "historytestutil.h"

#include <QByteArray>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace cqrs::testing {

/// The application's main window recording its runs into runs.sqlite in a
/// temporary folder of its own (CQRS_STUDIO_DB, unset again at the end).
class RecordingWindow
{
public:
    /// `fileBefore`, when not empty, is in the history file before the window opens it.
    explicit RecordingWindow(const QByteArray &fileBefore = {})
        : m_database(useDatabase(m_dir, fileBefore))
    {}
    ~RecordingWindow() { qunsetenv("CQRS_STUDIO_DB"); }

    RecordingWindow(const RecordingWindow &) = delete;
    RecordingWindow &operator=(const RecordingWindow &) = delete;

    const QString &database() const { return m_database; }
    MainWindow &window() { return m_window; }
    Document *document() const { return m_window.document(); }
    HistoryUi *history() const { return m_window.historyUi(); }
    RunController *controller() const { return m_window.runUi()->controller(); }

    /// Waits until the history file is open.
    bool waitUntilReady() const
    {
        return QTest::qWaitFor([this] { return history()->store()->isReady(); });
    }

    /// Puts `model` in the document and starts a run of it at `speed` (0: as
    /// fast as it goes). recorded() holds the recorder's records from here on.
    bool start(const Model &model, double speed)
    {
        document()->resetModel(model);
        controller()->setSpeed(speed);
        m_recorded
            = std::make_unique<QSignalSpy>(history()->recorder(), &HistoryRecorder::runRecorded);
        return controller()->start(model);
    }

    /// HistoryRecorder::runRecorded since start(): (id, ended) per record.
    const QSignalSpy &recorded() const { return *m_recorded; }
    /// The id of the run recorded last.
    qint64 recordedId() const { return m_recorded->last().at(0).toLongLong(); }

    /// Waits for the run's result and its two records (started, then ended).
    bool waitForRecord()
    {
        return QTest::qWaitFor([this] { return controller()->result().has_value(); }, 30000)
               && QTest::qWaitFor([this] { return m_recorded->count() == 2; });
    }

    /// Stops the run and waits for its result and records.
    bool stopAndRecord()
    {
        controller()->stop();
        return waitForRecord();
    }

    /// The recorded run `id` opened again from the history (the caller owns
    /// the view); nullptr when it did not open.
    RecordedRunView *openRun(qint64 id)
    {
        QSignalSpy opened(history(), &HistoryUi::runOpened);
        history()->openRun(id);
        if (!QTest::qWaitFor([&opened] { return opened.count() == 1; }))
            return nullptr;
        return opened.at(0).at(0).value<RecordedRunView *>();
    }

private:
    static QString useDatabase(const QTemporaryDir &dir, const QByteArray &fileBefore)
    {
        const QString path = dir.filePath(QStringLiteral("runs.sqlite"));
        if (!fileBefore.isEmpty()) {
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly) || f.write(fileBefore) != fileBefore.size())
                qFatal("cannot write %s", qPrintable(path));
        }
        qputenv("CQRS_STUDIO_DB", QFile::encodeName(path));
        return path;
    }

    QTemporaryDir m_dir;
    QString m_database;
    MainWindow m_window;
    std::unique_ptr<QSignalSpy> m_recorded;
};

} // namespace cqrs::testing
