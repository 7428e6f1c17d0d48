#include "cqrs/ui/document/recovery.h"

#include "cqrs/ui/document/document.h"

#include <cqrs/model/fileio.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/model/process.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>

namespace cqrs {

namespace {

constexpr const char *kCopySuffix = ".cqrs.json";
constexpr const char *kMetaSuffix = ".recovery.json";

// The pid says whose copy it is; the random part keeps a new process that
// happens to get a crashed one's pid from taking over its copy.
QString nextBaseName()
{
    return QStringLiteral("%1-%2")
        .arg(QCoreApplication::applicationPid())
        .arg(QUuid::createUuid().toString(QUuid::Id128).left(12));
}

} // namespace

QString recoveryFolder()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                           + QStringLiteral("/recovery");
    QDir().mkpath(folder);
    return folder;
}

RecoveryWriter::RecoveryWriter(Document *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
{
    const QString base = recoveryFolder() + QLatin1Char('/') + nextBaseName();
    m_copyPath = base + QLatin1String(kCopySuffix);
    m_metaPath = base + QLatin1String(kMetaSuffix);
    m_idle.setSingleShot(true);
    m_idle.setInterval(kIdleMs);
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(kDeadlineMs);
    connect(&m_idle, &QTimer::timeout, this, &RecoveryWriter::flush);
    connect(&m_deadline, &QTimer::timeout, this, &RecoveryWriter::flush);
    connect(document, &Document::changed, this, &RecoveryWriter::schedule);
    connect(document, &Document::modifiedChanged, this, [this](bool modified) {
        if (modified)
            schedule();
        else
            discard(); // saved, or undone back to the saved state
    });
}

RecoveryWriter::~RecoveryWriter()
{
    // A clean shutdown has asked about unsaved changes already.
    discard();
}

// The undo stack notifies the change before it counts as unsaved, so the
// modified state is looked at when the timer fires, not here.
void RecoveryWriter::schedule()
{
    m_idle.start();
    if (!m_deadline.isActive())
        m_deadline.start();
}

void RecoveryWriter::flush()
{
    m_idle.stop();
    m_deadline.stop();
    if (!m_document->isModified())
        return;
    std::string error;
    // Model first, then its description: an orphan always has a whole model.
    if (!writeFileAtomically(QFile::encodeName(m_copyPath).toStdString(), serializeModel(m_document->model()),
                             &error)) {
        m_lastError = QString::fromStdString(error);
        emit copyFailed(m_lastError);
        return;
    }
    QJsonObject meta{
        {QStringLiteral("pid"), QCoreApplication::applicationPid()},
        {QStringLiteral("process"), QString::fromStdString(currentProcessToken())},
        {QStringLiteral("file"), m_document->filePath()},
        {QStringLiteral("model"), QString::fromStdString(m_document->model().name)},
        {QStringLiteral("writtenAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
    };
    if (!writeFileAtomically(QFile::encodeName(m_metaPath).toStdString(),
                             QJsonDocument(meta).toJson().toStdString(), &error)) {
        m_lastError = QString::fromStdString(error);
        emit copyFailed(m_lastError);
        return;
    }
    m_lastError.clear();
    emit copyWritten(m_copyPath);
}

void RecoveryWriter::discard()
{
    m_idle.stop();
    m_deadline.stop();
    QFile::remove(m_metaPath);
    QFile::remove(m_copyPath);
}

QList<RecoveryEntry> orphanedRecoveries()
{
    QList<RecoveryEntry> entries;
    const QDir dir(recoveryFolder());
    for (const QFileInfo &info : dir.entryInfoList({QStringLiteral("*") + QLatin1String(kMetaSuffix)}, QDir::Files)) {
        QFile file(info.absoluteFilePath());
        if (!file.open(QIODevice::ReadOnly) || file.size() > 1 << 20)
            continue;
        const QJsonObject meta = QJsonDocument::fromJson(file.readAll()).object();
        if (processAlive(meta.value(QStringLiteral("pid")).toInteger(),
                         meta.value(QStringLiteral("process")).toString().toStdString()))
            continue; // another window is still working on it
        const QString base = info.absoluteFilePath().chopped(int(qstrlen(kMetaSuffix)));
        RecoveryEntry entry;
        entry.copyPath = base + QLatin1String(kCopySuffix);
        entry.metaPath = info.absoluteFilePath();
        entry.originalPath = meta.value(QStringLiteral("file")).toString();
        entry.modelName = meta.value(QStringLiteral("model")).toString();
        entry.writtenAt = QDateTime::fromString(meta.value(QStringLiteral("writtenAt")).toString(), Qt::ISODate);
        if (!QFileInfo::exists(entry.copyPath)) {
            QFile::remove(entry.metaPath);
            continue;
        }
        entries.append(entry);
    }
    std::sort(entries.begin(), entries.end(),
              [](const RecoveryEntry &a, const RecoveryEntry &b) { return a.writtenAt > b.writtenAt; });
    return entries;
}

void removeRecovery(const RecoveryEntry &entry)
{
    QFile::remove(entry.metaPath);
    QFile::remove(entry.copyPath);
}

bool restoreRecovery(const RecoveryEntry &entry, Document *document, QString *error)
{
    ModelLoadOptions options;
    options.keepInvalid = true; // unfinished work is what a recovery copy often holds
    ModelLoadResult loaded = loadModelFile(QFile::encodeName(entry.copyPath).toStdString(), options);
    if (!loaded.model) {
        if (error) {
            *error = loaded.diagnostics.empty() ? QObject::tr("the recovery copy cannot be read")
                                                : QString::fromStdString(loaded.diagnostics.front().located());
        }
        return false;
    }
    // Over the file's own model when it reads without errors: Edit > Undo
    // then goes back to what the file holds (restored alone, there was no
    // step to undo).
    if (!entry.originalPath.isEmpty() && QFileInfo::exists(entry.originalPath)) {
        ModelLoadResult file = loadModelFile(QFile::encodeName(entry.originalPath).toStdString());
        if (file.ok() && file.model) {
            document->resetModel(std::move(*file.model), entry.originalPath);
            document->replaceModel(QObject::tr("Restore unsaved changes"), std::move(*loaded.model));
            return true;
        }
    }
    document->resetModel(std::move(*loaded.model), entry.originalPath);
    document->undoStack()->resetClean(); // unsaved changes, until the user saves
    return true;
}

} // namespace cqrs
