#include "cqrs/ui/history/historystore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <vector>

namespace cqrs {

HistoryStore::HistoryStore(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path.isEmpty() ? databasePath() : path)
{
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("history"));
    startOpening();
}

void HistoryStore::startOpening()
{
    m_state = State::Opening;
    m_problem.clear();
    m_openError = history::OpenError::None;
    auto slot = std::make_shared<std::shared_ptr<history::RunStore>>();
    const std::string file = QFile::encodeName(m_path).toStdString();
    m_pool.start([this, slot, file] {
        std::string error;
        history::OpenError why = history::OpenError::None;
        std::unique_ptr<history::RunStore> opened
            = history::RunStore::open(file, history::OpenMode::Create, &error, &why);
        *slot = std::move(opened);
        const QString problem = QString::fromStdString(error);
        QMetaObject::invokeMethod(
            this,
            [this, slot, problem, why] {
                if (*slot) {
                    m_store = *slot;
                    m_state = State::Ready;
                    emit ready();
                } else {
                    m_state = State::Unavailable;
                    m_problem = problem;
                    m_openError = why;
                    emit unavailable(problem);
                }
            },
            Qt::QueuedConnection);
    });
    m_opened = slot;
}

bool HistoryStore::canSetAside() const
{
    return m_state == State::Unavailable
           && (m_openError == history::OpenError::NotSqlite
               || m_openError == history::OpenError::Damaged);
}

QString HistoryStore::asideName() const
{
    const QString base = m_path + QStringLiteral(".unusable-")
                         + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString name = base;
    for (int n = 2; QFileInfo::exists(name) || QFileInfo::exists(name + QStringLiteral("-wal"));
         ++n)
        name = base + QLatin1Char('-') + QString::number(n);
    return name;
}

bool HistoryStore::setAside(const QString &newName, QString *error)
{
    if (!canSetAside()) {
        *error = tr("%1 is in use as the run history; it is not set aside.").arg(m_path);
        return false;
    }
    // The journal files go with the file: a new database beside an old
    // write-ahead log would have SQLite replay that log into it.
    std::vector<QString> moved;
    const QString suffixes[]
        = {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")};
    for (const QString &suffix : suffixes) {
        const QString from = m_path + suffix;
        if (!QFileInfo::exists(from))
            continue;
        QFile file(from);
        if (QFileInfo::exists(newName + suffix) || !file.rename(newName + suffix)) {
            *error = tr("Could not rename %1 to %2: %3")
                         .arg(from, newName + suffix,
                              QFileInfo::exists(newName + suffix) ? tr("that name is taken")
                                                                  : file.errorString());
            for (const QString &back : moved)
                QFile::rename(newName + back, m_path + back);
            return false;
        }
        moved.push_back(suffix);
    }
    startOpening();
    return true;
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
