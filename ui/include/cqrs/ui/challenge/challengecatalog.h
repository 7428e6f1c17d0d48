#pragma once

#include <cqrs/model/challenge.h>

#include <QList>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <set>
#include <string>

namespace cqrs {

/// One challenge file as the gallery lists it: loaded, or the loader's
/// located messages when it cannot be.
struct ChallengeEntry
{
    QString path;
    std::optional<Challenge> challenge;
    QStringList problems; ///< "FILE: /requirements/0/op: ..." per error (at most a dozen)

    bool ok() const { return challenge.has_value(); }
    QString title() const;
    QString id() const;
};

/// Loads one file; never throws, never shows anything.
ChallengeEntry loadChallengeEntry(const QString &path);

/// The loader's errors, one located line each, at most `max` and a last
/// "... and N more" line.
QStringList locatedErrors(const QString &path, const Diagnostics &diagnostics, int max = 12);

/// Where the shipped challenges are looked for, existing folders only: the
/// folder named by CQRS_STUDIO_CHALLENGES, the installed
/// share/cqrs-studio/challenges beside the executable's bin/, and in a
/// development build the source tree's resources/challenges.
QStringList challengeDirectories();

/// Every *.challenge.json of these folders, easiest first (level, minutes,
/// title); a challenge id found twice is listed once (the first folder wins).
QList<ChallengeEntry> scanChallenges(const QStringList &directories);

/// The run history the application records into: CQRS_STUDIO_DB, else the
/// default file.
QString challengeHistoryPath();

/// The best recorded score of every challenge attempted, by challenge id.
/// Empty when there is no history (no file, or one that cannot be read):
/// the gallery then shows no scores and no error. With `entries`, an attempt
/// counts for one of them only when it was judged by the same rules (its
/// "rules:" tag is the entry's challengeRulesDigest()): a copy whose targets
/// or start were edited keeps its scores apart. Attempts recorded before
/// the tag existed count as before.
std::map<std::string, double> bestChallengeScores(const QString &historyPath,
                                                  const QList<ChallengeEntry> &entries = {});

/// Remembers, in the user's settings, that the solution of `challenge` (as
/// its present rules judge it) was seen by giving up.
void rememberGivenUp(const Challenge &challenge);

/// The challenges among `entries` whose solution was seen by giving up:
/// remembered by rememberGivenUp(), or a check recorded after giving up
/// (tagged "gave-up") in the history at `historyPath`. Judged by the same
/// rules only, as bestChallengeScores() counts scores.
std::set<std::string> givenUpChallenges(const QString &historyPath, const QList<ChallengeEntry> &entries);

/// bestChallengeScores() and givenUpChallenges() together, from one read of
/// the history (the gallery opens with both).
struct ChallengeStanding
{
    std::map<std::string, double> best;
    std::set<std::string> givenUp;
};
ChallengeStanding challengeStanding(const QString &historyPath, const QList<ChallengeEntry> &entries);

/// The tag an attempt carries for the rules it was judged by: "rules:" and
/// challengeRulesDigest().
std::string challengeRulesTag(const Challenge &challenge);

/// "beginner" -> "Beginner"; the level word for people.
QString levelTitle(const std::string &level);

} // namespace cqrs
