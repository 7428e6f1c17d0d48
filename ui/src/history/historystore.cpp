#include "cqrs/ui/history/historystore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStringList>
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
    auto taken = [](const QString &file) {
        for (const char *suffix : {"", "-wal", "-shm", "-journal"}) {
            if (QFileInfo::exists(file + QLatin1String(suffix)))
                return true;
        }
        return false;
    };
    for (int n = 2; taken(name); ++n)
        name = base + QLatin1Char('-') + QString::number(n);
    return name;
}

HistoryStore::Aside HistoryStore::setAside(const QString &newName, QString *message)
{
    if (!canSetAside()) {
        *message = tr("%1 is not a file the history sets aside.").arg(m_path);
        return Aside::Failed;
    }
    // The file may have changed since it was refused: another window of the
    // application started a new history there, or a backup was put back.
    // Look again, and open a file that can be used rather than move it.
    {
        std::string why;
        history::OpenError kind = history::OpenError::None;
        const std::unique_ptr<history::RunStore> now = history::RunStore::open(
            QFile::encodeName(m_path).toStdString(), history::OpenMode::Existing, &why, &kind);
        if (now)
            *message = tr("%1 can be used now (it changed since it was refused): the history "
                          "opens it as it is. Nothing was renamed.")
                           .arg(m_path);
        else if (kind == history::OpenError::NotFound)
            *message = tr("%1 is no longer there: a new history starts in its place. Nothing was "
                          "renamed.")
                           .arg(m_path);
        else if (kind != history::OpenError::NotSqlite && kind != history::OpenError::Damaged)
            *message = tr("Nothing was renamed: %1").arg(QString::fromStdString(why));
        if (now || kind == history::OpenError::NotFound) {
            startOpening();
            return Aside::Reopened;
        }
        if (kind != history::OpenError::NotSqlite && kind != history::OpenError::Damaged) {
            m_problem = QString::fromStdString(why);
            m_openError = kind;
            emit unavailable(m_problem);
            return Aside::Failed;
        }
    }
    // The journal files go with the file, and first: a new database beside
    // an old write-ahead log would have SQLite replay that log into it, and
    // a process that opens the path meanwhile still finds the damaged file.
    std::vector<QString> moved;
    const QString suffixes[]
        = {QStringLiteral("-journal"), QStringLiteral("-wal"), QStringLiteral("-shm"), QString()};
    for (const QString &suffix : suffixes) {
        const QString from = m_path + suffix;
        if (!QFileInfo::exists(from))
            continue;
        QFile file(from);
        const bool taken = QFileInfo::exists(newName + suffix);
        if (taken || !file.rename(newName + suffix)) {
            *message = tr("Could not rename %1 to %2: %3")
                           .arg(from, newName + suffix,
                                taken ? tr("that name is taken") : file.errorString());
            QStringList stranded;
            for (const QString &back : moved) {
                if (!QFile::rename(newName + back, m_path + back))
                    stranded << newName + back;
            }
            if (!stranded.isEmpty())
                *message += QLatin1Char('\n')
                            + tr("These files could not be put back and keep their new names: %1")
                                  .arg(stranded.join(QStringLiteral(", ")));
            return Aside::Failed;
        }
        moved.push_back(suffix);
    }
    startOpening();
    return Aside::Renamed;
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
