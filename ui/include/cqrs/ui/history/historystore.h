#pragma once

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <cqrs/history/runstore.h>
#include <functional>
#include <memory>

namespace cqrs {

/// The application's run history (DESIGN section 7): the SQLite file named by
/// CQRS_STUDIO_DB, else runs.sqlite in the application's data folder. It is
/// opened and written on one background thread, in order, so the GUI never
/// waits on the disk; a file it refuses (not SQLite, damaged, newer) is left
/// untouched and the application runs without history (unavailable()).
class HistoryStore final : public QObject
{
    Q_OBJECT

public:
    enum class State { Opening, Ready, Unavailable };

    /// Starts opening `path` (empty: databasePath()) in the background.
    explicit HistoryStore(const QString &path = {}, QObject *parent = nullptr);
    /// Waits for the writes in flight: a run that ended is never lost.
    ~HistoryStore() override;

    /// CQRS_STUDIO_DB, else runs.sqlite in QStandardPaths::AppDataLocation
    /// (for the application: history::defaultDatabasePath()).
    static QString databasePath();

    QString path() const { return m_path; }
    State state() const { return m_state; }
    bool isReady() const { return m_state == State::Ready; }
    /// Why the history is unavailable ("FILE: not a SQLite database"); empty otherwise.
    QString problem() const { return m_problem; }

    /// Whether the refused file can be set aside for a new history: it is not
    /// SQLite or is damaged (a newer version's file is for that version).
    bool canSetAside() const;
    /// The name setAside() would give the refused file now: "FILE.unusable-
    /// 20261203-120500" (with "-2", "-3"... when taken).
    QString asideName() const;
    enum class Aside { Renamed, Reopened, Failed };
    /// Looks at the refused file again: one that can be used now (or is gone)
    /// is opened as it is (Reopened, *message says why). Otherwise renames it,
    /// its -journal, -wal and -shm files first, to `newName`, keeping every
    /// byte, and opens a new history at path() in the background (Renamed,
    /// then ready()). Failed and *message when a rename fails: the files
    /// renamed so far are put back, and the history stays unavailable.
    Aside setAside(const QString &newName, QString *message);

    /// Runs `work` on the history's thread once it is open (in submission
    /// order), then `done` on this object's thread; nothing when unavailable.
    /// RunStore is thread-safe, so reads may also call store() directly.
    void submit(std::function<void(history::RunStore &)> work, std::function<void()> done = {});
    /// The open store; nullptr unless ready.
    history::RunStore *store() const { return isReady() ? m_store.get() : nullptr; }
    /// Blocks until every submitted job has run (tests, shutdown).
    void waitForIdle();

signals:
    void ready();
    /// Emitted when the file is refused (once per opening).
    void unavailable(const QString &problem);
    /// Runs were added, changed or deleted by this application.
    void runsChanged();

private:
    void startOpening();

    QString m_path;
    State m_state = State::Opening;
    QString m_problem;
    history::OpenError m_openError = history::OpenError::None;
    std::shared_ptr<history::RunStore> m_store; ///< set on this thread once ready
    /// Filled by the opening job; later jobs (same thread, in order) use it.
    std::shared_ptr<std::shared_ptr<history::RunStore>> m_opened;
    QThreadPool m_pool; ///< one thread: jobs run in order
};

} // namespace cqrs
