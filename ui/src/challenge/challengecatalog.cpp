#include "cqrs/ui/challenge/challengecatalog.h"

#include "cqrs/ui/common/format.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <algorithm>
#include <cqrs/history/runstore.h>
#include <memory>
#include <set>

namespace cqrs {

QString ChallengeEntry::title() const
{
    if (challenge && !challenge->title.empty())
        return QString::fromStdString(challenge->title).left(200);
    return QFileInfo(path).fileName();
}

QString ChallengeEntry::id() const
{
    return challenge ? QString::fromStdString(challenge->id) : QString();
}

QStringList locatedErrors(const QString &path, const Diagnostics &diagnostics, int max)
{
    QStringList lines;
    int errors = 0;
    for (const Diagnostic &d : diagnostics) {
        if (!d.isError())
            continue;
        if (++errors <= max)
            lines << QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), QString::fromStdString(d.located()));
    }
    if (errors > max)
        lines << plural(QCoreApplication::translate("cqrs::ChallengeGallery",
                                                    "... and %n more error(s).", nullptr,
                                                    errors - max),
                        errors - max);
    return lines;
}

ChallengeEntry loadChallengeEntry(const QString &path)
{
    ChallengeEntry entry;
    entry.path = QFileInfo(path).absoluteFilePath();
    ChallengeLoadResult result = loadChallengeFile(QFile::encodeName(path).toStdString());
    if (result.ok())
        entry.challenge = std::move(result.challenge);
    else
        entry.problems = locatedErrors(entry.path, result.diagnostics);
    if (!entry.ok() && entry.problems.isEmpty())
        entry.problems << QDir::toNativeSeparators(entry.path); // never an empty explanation
    return entry;
}

QStringList challengeDirectories()
{
    QStringList candidates;
    const QString fromEnvironment = qEnvironmentVariable("CQRS_STUDIO_CHALLENGES");
    if (!fromEnvironment.isEmpty())
        candidates << fromEnvironment;
    // Installed: <prefix>/bin/cqrs-studio and <prefix>/share/cqrs-studio/challenges.
    if (QCoreApplication::instance())
        candidates << QDir(QCoreApplication::applicationDirPath())
                          .absoluteFilePath(QStringLiteral("../share/cqrs-studio/challenges"));
#ifdef CQRS_CHALLENGES_SOURCE_DIR
    // A development build runs from its build tree: the source's files.
    candidates << QStringLiteral(CQRS_CHALLENGES_SOURCE_DIR);
#endif
    QStringList directories;
    for (const QString &candidate : candidates) {
        const QFileInfo info(candidate);
        const QString canonical = info.canonicalFilePath();
        if (info.isDir() && !canonical.isEmpty() && !directories.contains(canonical))
            directories << canonical;
    }
    return directories;
}

namespace {

int levelRank(const std::string &level)
{
    int rank = 0;
    for (const char *known : kChallengeLevels) {
        if (level == known)
            return rank;
        ++rank;
    }
    return rank;
}

} // namespace

QList<ChallengeEntry> scanChallenges(const QStringList &directories)
{
    QList<ChallengeEntry> entries;
    std::set<std::string> ids;
    for (const QString &directory : directories) {
        const QDir dir(directory);
        for (const QString &file : dir.entryList({QStringLiteral("*.challenge.json")}, QDir::Files, QDir::Name)) {
            ChallengeEntry entry = loadChallengeEntry(dir.absoluteFilePath(file));
            if (entry.ok() && !ids.insert(entry.challenge->id).second)
                continue;
            entries << std::move(entry);
        }
    }
    std::stable_sort(entries.begin(), entries.end(), [](const ChallengeEntry &a, const ChallengeEntry &b) {
        // Files that cannot be read go last, where they do not hide the others.
        if (a.ok() != b.ok())
            return a.ok();
        if (!a.ok())
            return a.path < b.path;
        const Challenge &x = *a.challenge;
        const Challenge &y = *b.challenge;
        if (levelRank(x.level) != levelRank(y.level))
            return levelRank(x.level) < levelRank(y.level);
        if (x.minutes.value_or(0) != y.minutes.value_or(0))
            return x.minutes.value_or(0) < y.minutes.value_or(0);
        return a.title().localeAwareCompare(b.title()) < 0;
    });
    return entries;
}

QString challengeHistoryPath()
{
    const std::string fromEnvironment = history::databaseFromEnvironment();
    return QString::fromStdString(fromEnvironment.empty() ? history::defaultDatabasePath() : fromEnvironment);
}

std::string challengeRulesTag(const Challenge &challenge)
{
    return "rules:" + challengeRulesDigest(challenge);
}

namespace {

/// The history at `path` when there is one that can be read; never created.
std::unique_ptr<history::RunStore> openExistingHistory(const QString &path)
{
    if (path.isEmpty() || !QFileInfo::exists(path))
        return nullptr;
    std::string error;
    return history::RunStore::open(QFile::encodeName(path).toStdString(), history::OpenMode::Existing, &error);
}

} // namespace

std::map<std::string, double> bestChallengeScores(const QString &historyPath, const QList<ChallengeEntry> &entries)
{
    return challengeStanding(historyPath, entries).best;
}

namespace {

const QString kGivenUpKey = QStringLiteral("challenges/givenUp");
constexpr int kGivenUpKept = 500; // the newest; a settings file does not grow without end

/// "id rules:digest": what a give-up is remembered by.
QString givenUpMark(const std::string &id, const std::string &rulesTag)
{
    return QString::fromStdString(id + ' ' + rulesTag);
}

} // namespace

void rememberGivenUp(const Challenge &challenge)
{
    QSettings settings;
    QStringList marks = settings.value(kGivenUpKey).toStringList();
    const QString mark = givenUpMark(challenge.id, challengeRulesTag(challenge));
    marks.removeAll(mark);
    marks.append(mark);
    while (marks.size() > kGivenUpKept)
        marks.removeFirst();
    settings.setValue(kGivenUpKey, marks);
}

std::set<std::string> givenUpChallenges(const QString &historyPath, const QList<ChallengeEntry> &entries)
{
    return challengeStanding(historyPath, entries).givenUp;
}

ChallengeStanding challengeStanding(const QString &historyPath, const QList<ChallengeEntry> &entries)
{
    ChallengeStanding standing;
    std::map<std::string, std::string> rulesTags; // by challenge id
    const QStringList marks = QSettings().value(kGivenUpKey).toStringList();
    for (const ChallengeEntry &entry : entries) {
        if (!entry.ok())
            continue;
        const std::string tag = challengeRulesTag(*entry.challenge);
        rulesTags.emplace(entry.challenge->id, tag);
        if (marks.contains(givenUpMark(entry.challenge->id, tag)))
            standing.givenUp.insert(entry.challenge->id);
    }
    const auto store = openExistingHistory(historyPath);
    if (!store)
        return standing; // no history: no scores and no error
    for (const history::RunSummary &run : store->list()) {
        if (!run.challengeId)
            continue;
        // Judged by another copy's rules (an edited challenge): kept apart.
        // An attempt recorded before the "rules:" tag existed counts.
        const auto rules = rulesTags.find(*run.challengeId);
        const auto tagged = std::find_if(run.tags.begin(), run.tags.end(),
                                         [](const std::string &tag) { return tag.starts_with("rules:"); });
        const bool sameRules = tagged == run.tags.end() || rules == rulesTags.end() || *tagged == rules->second;
        if (!sameRules)
            continue;
        if (run.challengeScore) {
            auto [it, inserted] = standing.best.emplace(*run.challengeId, *run.challengeScore);
            if (!inserted)
                it->second = std::max(it->second, *run.challengeScore);
        }
        // Given up: only for the challenges listed.
        if (rules != rulesTags.end()
            && std::find(run.tags.begin(), run.tags.end(), "gave-up") != run.tags.end())
            standing.givenUp.insert(*run.challengeId);
    }
    return standing;
}

QString levelTitle(const std::string &level)
{
    if (level == "beginner")
        return QCoreApplication::translate("cqrs::ChallengeGallery", "Beginner");
    if (level == "intermediate")
        return QCoreApplication::translate("cqrs::ChallengeGallery", "Intermediate");
    if (level == "advanced")
        return QCoreApplication::translate("cqrs::ChallengeGallery", "Advanced");
    return QString::fromStdString(level).left(40);
}

} // namespace cqrs
