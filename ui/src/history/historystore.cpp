#include "cqrs/ui/history/historystore.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace cqrs {

HistoryStore::HistoryStore(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path.isEmpty() ? databasePath() : path)
{
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("history"));
    auto slot = std::make_shared<std::shared_ptr<history::RunStore>>();
    const std::string file = QFile::encodeName(m_path).toStdString();
    m_pool.start([this, slot, file] {
        std::string error;
        std::unique_ptr<history::RunStore> opened
            = history::RunStore::open(file, history::OpenMode::Create, &error);
        *slot = std::move(opened);
        const QString problem = QString::fromStdString(error);
        QMetaObject::invokeMethod(
            this,
            [this, slot, problem] {
                if (*slot) {
                    m_store = *slot;
                    m_state = State::Ready;
                    emit ready();
                } else {
                    m_state = State::Unavailable;
                    m_problem = problem;
                    emit unavailable(problem);
                }
            },
            Qt::QueuedConnection);
    });
    m_opened = slot;
}

HistoryStore::~HistoryStore()
{
    m_pool.waitForDone();
}

QString HistoryStore::databasePath()
{
    const QString env = qEnvironmentVariable("CQRS_STUDIO_DB");
    if (!env.isEmpty())
        return env;
    // The same file as history::defaultDatabasePath() for the application
    // ("CQRS Studio" / "CQRS Studio"); Qt's test mode keeps tests out of it.
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("runs.sqlite"));
}

void HistoryStore::submit(std::function<void(history::RunStore &)> work, std::function<void()> done)
{
    if (m_state == State::Unavailable)
        return;
    m_pool.start([this, slot = m_opened, work = std::move(work), done = std::move(done)] {
        if (!*slot)
            return; // refused: the application runs without history
        work(**slot);
        if (done)
            QMetaObject::invokeMethod(this, done, Qt::QueuedConnection);
    });
}

void HistoryStore::waitForIdle()
{
    m_pool.waitForDone();
}

} // namespace cqrs
