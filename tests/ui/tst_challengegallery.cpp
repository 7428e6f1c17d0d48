// The Challenges gallery (issue 11): which files it finds, what a card says
// (title, level, minutes, best score from the run history), bad files with
// the loader's located messages, how it is reached (File menu, start page),
// the Challenge menu and the panel's live budget line.
#include "cqrs/ui/challenge/challengecatalog.h"
#include "cqrs/ui/challenge/challengegallery.h"
#include "cqrs/ui/challenge/challengepanel.h"
#include "cqrs/ui/challenge/challengesession.h"
#include "cqrs/ui/challenge/challengeui.h"
#include "cqrs/ui/challenge/solutionwindow.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/shell/examplegallery.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "dialogtestutil.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>
#include <cqrs/history/runstore.h>
#include <cqrs/model/modeljson.h>

using namespace cqrs;

namespace {

const QString kData = QStringLiteral(CQRS_SOURCE_DIR "/tests/data/ui-challenges");

/// Records a finished challenge attempt with this score.
void recordAttempt(history::RunStore &store, const std::string &challenge,
                   std::optional<double> score, const std::vector<std::string> &tags = {})
{
    history::RunStart start;
    start.modelName = "answer";
    start.modelJson = std::string(
        "{}"); // from a const char *, GCC 12 -O3 warns (a false -Wmaybe-uninitialized)
    if (!challenge.empty())
        start.challengeId = challenge;
    const auto id = store.beginRun(start);
    QVERIFY(id > 0);
    history::RunEnd end;
    end.challengeScore = score;
    QVERIFY(store.finishRun(id, end));
    if (!tags.empty())
        QVERIFY(store.setTags(id, tags));
}

/// The tiny challenge among `entries`, or end().
QList<ChallengeEntry>::const_iterator tinyIn(const QList<ChallengeEntry> &entries)
{
    return std::find_if(entries.begin(), entries.end(), [](const ChallengeEntry &e) {
        return e.ok() && e.challenge->id == "tiny-projection";
    });
}

/// A copy of `challenge` with the same id whose first target was made easier: other rules.
Challenge easierCopy(Challenge challenge)
{
    challenge.requirements.front().value *= 100;
    return challenge;
}

/// Answers the next modal message box with OK and keeps what it said.
void answerNextBox(QString *name, QString *text)
{
    auto poll = std::make_shared<std::function<void()>>();
    *poll = [name, text, poll] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box) {
            QTimer::singleShot(20, *poll);
            return;
        }
        *name = box->objectName();
        *text = box->text() + QLatin1Char('\n') + box->informativeText();
        box->button(QMessageBox::Ok)->click();
    };
    QTimer::singleShot(0, *poll);
}

} // namespace

class TestChallengeGallery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("cqrs-studio-tests");
        QApplication::setApplicationName("tst_challengegallery");
        QSettings().clear();
        QDir().mkpath(QStringLiteral(CQRS_BINARY_DIR "/screenshots"));
        // Never the user's history, never an empty environment variable.
        qputenv("CQRS_STUDIO_DB", QFile::encodeName(m_dir.filePath(QStringLiteral("none.sqlite"))));
    }

    void scanFindsGoodAndBadFiles()
    {
        const QList<ChallengeEntry> entries
            = scanChallenges({kData, kData + QStringLiteral("/bad")});
        QCOMPARE(entries.size(), 2);
        // The readable one first, the broken one last with the loader's located messages.
        QVERIFY(entries[0].ok());
        QCOMPARE(entries[0].id(), QStringLiteral("tiny-projection"));
        QVERIFY(!entries[1].ok());
        const QString problems = entries[1].problems.join(QLatin1Char('\n'));
        QVERIFY2(problems.contains(QStringLiteral("dangling.challenge.json")),
                 qPrintable(problems));
        QVERIFY2(problems.contains(QStringLiteral("/requirements/0")), qPrintable(problems));
        QVERIFY2(problems.contains(QStringLiteral("/requirements/1")), qPrintable(problems));
    }

    void shippedChallengesAreFound()
    {
        // A development build finds the source tree's resources/challenges.
        qunsetenv("CQRS_STUDIO_CHALLENGES");
        const QStringList dirs = challengeDirectories();
        QVERIFY2(!dirs.isEmpty(), "no challenge folder");
        const QList<ChallengeEntry> entries = scanChallenges(dirs);
        QVERIFY2(entries.size() >= 10, qPrintable(QString::number(entries.size())));
        for (const ChallengeEntry &entry : entries)
            QVERIFY2(entry.ok(), qPrintable(entry.problems.join(QLatin1Char('\n'))));
        // Easiest first.
        QCOMPARE(entries.front().challenge->level, std::string("beginner"));
        QCOMPARE(entries.back().challenge->level, std::string("advanced"));
    }

    void environmentFolderComesFirst()
    {
        qputenv("CQRS_STUDIO_CHALLENGES", QFile::encodeName(kData));
        const QStringList dirs = challengeDirectories();
        qunsetenv("CQRS_STUDIO_CHALLENGES");
        QVERIFY(!dirs.isEmpty());
        QCOMPARE(dirs.first(), QDir(kData).canonicalPath());
    }

    void bestScoresComeFromTheHistory()
    {
        const QString path = m_dir.filePath(QStringLiteral("runs.sqlite"));
        std::string error;
        auto store = history::RunStore::open(QFile::encodeName(path).toStdString(), &error);
        QVERIFY2(store, error.c_str());
        recordAttempt(*store, "tiny-projection", 40);
        recordAttempt(*store, "tiny-projection", 80);
        recordAttempt(*store, "tiny-projection", 60);
        recordAttempt(*store, "other", 100);
        recordAttempt(*store, "", std::nullopt); // an ordinary run
        store.reset();
        const auto best = bestChallengeScores(path);
        QCOMPARE(best.size(), std::size_t(2));
        QCOMPARE(best.at("tiny-projection"), 80.0);
        QCOMPARE(best.at("other"), 100.0);
    }

    void anEditedCopyKeepsItsScoresApart()
    {
        // A copy of a challenge with the same id whose targets were made
        // easier: its attempts do not raise the original's best score.
        const QList<ChallengeEntry> entries = scanChallenges({kData});
        const auto tiny = tinyIn(entries);
        QVERIFY(tiny != entries.end());
        const Challenge easier = easierCopy(*tiny->challenge);
        const std::string rules = challengeRulesTag(*tiny->challenge);
        QVERIFY(challengeRulesTag(easier) != rules);

        const QString path = m_dir.filePath(QStringLiteral("copies.sqlite"));
        std::string error;
        auto store = history::RunStore::open(QFile::encodeName(path).toStdString(), &error);
        QVERIFY2(store, error.c_str());
        recordAttempt(*store, "tiny-projection", 55, {"challenge", rules});
        recordAttempt(*store, "tiny-projection", 100, {"challenge", challengeRulesTag(easier)});
        store.reset();
        QCOMPARE(bestChallengeScores(path, entries).at("tiny-projection"), 55.0);
        QCOMPARE(bestChallengeScores(path).at("tiny-projection"),
                 100.0); // without entries, every attempt
        const ChallengeGallery gallery(entries, bestChallengeScores(path, entries));
        const int row = int(tiny - entries.begin());
        QVERIFY2(gallery.cardText(row).contains(QStringLiteral("55/100")),
                 qPrintable(gallery.cardText(row)));

        // An attempt recorded before attempts carried their rules still counts.
        store = history::RunStore::open(QFile::encodeName(path).toStdString(), &error);
        QVERIFY2(store, error.c_str());
        recordAttempt(*store, "tiny-projection", 70, {"challenge"});
        store.reset();
        QCOMPARE(bestChallengeScores(path, entries).at("tiny-projection"), 70.0);
    }

    // A challenge given up shows so, with or without a check after it; only
    // under the same rules.
    void givenUpChallengesAreSaidSo()
    {
        QSettings().remove(QStringLiteral("challenges/givenUp"));
        const QList<ChallengeEntry> entries = scanChallenges({kData});
        const auto tiny = tinyIn(entries);
        QVERIFY(tiny != entries.end());
        const Challenge easier = easierCopy(*tiny->challenge);
        const QString path = m_dir.filePath(QStringLiteral("gaveup.sqlite"));
        std::string error;
        auto store = history::RunStore::open(QFile::encodeName(path).toStdString(), &error);
        QVERIFY2(store, error.c_str());
        recordAttempt(*store, "tiny-projection", std::nullopt,
                      {"challenge", "gave-up", challengeRulesTag(easier)});
        store.reset();
        QVERIFY(givenUpChallenges(path, entries).empty()); // another copy's
        rememberGivenUp(easier);
        QVERIFY(givenUpChallenges(path, entries).empty());
        const int row = int(tiny - entries.begin());
        QVERIFY2(ChallengeGallery(entries, {}, givenUpChallenges(path, entries))
                     .cardText(row)
                     .contains(QStringLiteral("Not attempted yet")),
                 "");

        // A check after giving up, recorded.
        store = history::RunStore::open(QFile::encodeName(path).toStdString(), &error);
        QVERIFY2(store, error.c_str());
        recordAttempt(*store, "tiny-projection", std::nullopt,
                      {"challenge", "gave-up", challengeRulesTag(*tiny->challenge)});
        store.reset();
        QCOMPARE(givenUpChallenges(path, entries), std::set<std::string>{"tiny-projection"});
        const ChallengeGallery gallery(entries, bestChallengeScores(path, entries),
                                       givenUpChallenges(path, entries));
        QVERIFY2(gallery.cardText(row).contains(QStringLiteral("Given up, no score yet")),
                 qPrintable(gallery.cardText(row)));
        // A score outranks it.
        const ChallengeGallery scored(entries, {{"tiny-projection", 65.0}},
                                      givenUpChallenges(path, entries));
        QVERIFY2(scored.cardText(row).contains(QStringLiteral("Best score: 65/100")),
                 qPrintable(scored.cardText(row)));
        // One read of the history gives both (a file of its own, nothing
        // given up before): a scored check after giving up is the best score
        // and a give-up; the other copy's stays out.
        const QString both = m_dir.filePath(QStringLiteral("standing.sqlite"));
        store = history::RunStore::open(QFile::encodeName(both).toStdString(), &error);
        QVERIFY2(store, error.c_str());
        recordAttempt(*store, "tiny-projection", 30,
                      {"challenge", "gave-up", challengeRulesTag(*tiny->challenge)});
        recordAttempt(*store, "tiny-projection", 90,
                      {"challenge", "gave-up", challengeRulesTag(easier)});
        store.reset();
        const ChallengeStanding standing = challengeStanding(both, entries);
        QVERIFY(standing.best.at("tiny-projection") == 30.0);
        QCOMPARE(standing.givenUp, std::set<std::string>{"tiny-projection"});
        QVERIFY(challengeStanding(m_dir.filePath(QStringLiteral("none.sqlite")), entries)
                    .givenUp.empty());

        // Remembered without any check, and without any history.
        rememberGivenUp(*tiny->challenge);
        QCOMPARE(givenUpChallenges(m_dir.filePath(QStringLiteral("missing.sqlite")), entries),
                 std::set<std::string>{"tiny-projection"});
        QSettings().remove(QStringLiteral("challenges/givenUp"));
        QVERIFY(givenUpChallenges(QString(), entries).empty());
    }

    void noHistoryMeansNoScores()
    {
        QVERIFY(bestChallengeScores(m_dir.filePath(QStringLiteral("missing.sqlite"))).empty());
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("missing.sqlite")))); // not created
        const QString garbage = m_dir.filePath(QStringLiteral("garbage.sqlite"));
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not a database");
        file.close();
        QVERIFY(bestChallengeScores(garbage).empty());
        QFile check(garbage);
        QVERIFY(check.open(QIODevice::ReadOnly));
        QCOMPARE(check.readAll(), QByteArray("this is not a database")); // never overwritten
    }

    void cardsShowTitleLevelMinutesAndScore()
    {
        const QList<ChallengeEntry> entries
            = scanChallenges({kData, kData + QStringLiteral("/bad")});
        ChallengeGallery gallery(entries, {{"tiny-projection", 70.0}});
        QCOMPARE(gallery.list()->count(), 2);
        const QString card = gallery.cardText(0);
        QVERIFY2(card.contains(QStringLiteral("Tiny: a to-do list that keeps up")),
                 qPrintable(card));
        QVERIFY2(card.contains(QStringLiteral("Beginner")), qPrintable(card));
        QVERIFY2(card.contains(QStringLiteral("5 min")), qPrintable(card));
        QVERIFY2(card.contains(QStringLiteral("Best score: 70/100")), qPrintable(card));
        QVERIFY2(gallery.cardText(1).contains(QStringLiteral("Cannot be read")),
                 qPrintable(gallery.cardText(1)));
        // The first readable card is chosen; a broken one cannot be started.
        QCOMPARE(gallery.selectedPath(), entries[0].path);
        auto *start = gallery.findChild<QPushButton *>(QStringLiteral("startChallenge"));
        QVERIFY(start);
        QVERIFY(start->isEnabled());
        gallery.list()->setCurrentRow(1);
        QVERIFY(!start->isEnabled());
        auto *details = gallery.findChild<QLabel *>(QStringLiteral("challengeDetails"));
        QVERIFY(details->text().contains(QStringLiteral("/requirements/0")));
        // Without scores: "not attempted".
        ChallengeGallery fresh(entries, {});
        QVERIFY(fresh.cardText(0).contains(QStringLiteral("Not attempted yet")));
        QVERIFY(!fresh.interviewMode());
        fresh.interviewBox()->setChecked(true);
        QVERIFY(fresh.interviewMode());
    }

    void galleryPicture()
    {
        qunsetenv("CQRS_STUDIO_CHALLENGES");
        QList<ChallengeEntry> entries = scanChallenges(challengeDirectories());
        entries << loadChallengeEntry(kData + QStringLiteral("/bad/dangling.challenge.json"));
        std::map<std::string, double> best;
        if (entries.size() > 2) {
            best[entries[0].challenge->id] = 100;
            best[entries[2].challenge->id] = 60;
        }
        ChallengeGallery gallery(entries, best);
        gallery.resize(1040, 720);
        gallery.show();
        QVERIFY(QTest::qWaitForWindowExposed(&gallery));
        QVERIFY(gallery.grab().save(
            QStringLiteral(CQRS_BINARY_DIR "/screenshots/challenge-gallery.png")));
    }

    // The gallery opened at 840 x 560: a strip of 60 pixels stayed empty
    // right of the third column, and the fourth row was cut in half.
    void cardsFillTheRowsAndEveryRowIsInView()
    {
        qunsetenv("CQRS_STUDIO_CHALLENGES");
        // Two rows of three: room for them on any screen, the offscreen one too.
        const QList<ChallengeEntry> entries = scanChallenges(challengeDirectories()).mid(0, 6);
        QCOMPARE(entries.size(), 6);
        ChallengeGallery gallery(entries, {});
        gallery.show();
        QVERIFY(QTest::qWaitForWindowExposed(&gallery));
        QListWidget *list = gallery.list();
        int right = 0, bottom = 0, columns = 0;
        for (int i = 0; i < list->count(); ++i) {
            const QRect card = list->visualItemRect(list->item(i));
            right = std::max(right, card.right());
            bottom = std::max(bottom, card.bottom());
            if (card.top() == list->visualItemRect(list->item(0)).top())
                ++columns;
        }
        QCOMPARE(columns, 3);
        const int spacing = list->spacing();
        // Qt keeps a scroll bar's width free beside the cards even when it hides the bar.
        const int bar = list->verticalScrollBar()->isVisible()
                            ? 0
                            : list->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr,
                                                         list->verticalScrollBar());
        QVERIFY2(list->viewport()->width() - right <= spacing + bar + 5,
                 qPrintable(QStringLiteral("%1 pixels empty right of the cards")
                                .arg(list->viewport()->width() - right)));
        // Every row in view, without a scroll bar.
        QVERIFY2(bottom < list->viewport()->height() && !list->verticalScrollBar()->isVisible(),
                 qPrintable(QStringLiteral("the last row ends at %1 of %2")
                                .arg(bottom)
                                .arg(list->viewport()->height())));
    }

    void reachedFromTheFileMenuAndTheStartPage()
    {
        MainWindow window;
        auto *file = window.menuBar()->findChild<QMenu *>(QStringLiteral("fileMenu"));
        QVERIFY(file);
        QVERIFY(file->actions().contains(window.challengeUi()->galleryAction()));
        QVERIFY(file->actions().contains(window.challengeUi()->openFileAction()));
        // Check My Answer sits in the Run menu, usable only with a challenge open.
        QVERIFY(window.runUi()->runMenu()->actions().contains(window.challengeUi()->checkAction()));
        QVERIFY(!window.challengeUi()->checkAction()->isEnabled());
        QCOMPARE(window.challengeUi()->checkAction()->shortcut(),
                 QKeySequence(QStringLiteral("Ctrl+Shift+K")));
        ExampleGallery start(&window);
        auto *challenges = start.findChild<QPushButton *>(QStringLiteral("showChallenges"));
        QVERIFY(challenges);
        QVERIFY(!start.challengesChosen());
        challenges->click();
        QVERIFY(start.challengesChosen());
        QCOMPARE(start.result(), int(QDialog::Accepted));
    }

    // A challenge file given to Open, on the command line or double-clicked
    // (the MIME type opens it with cqrs-studio) opens as a challenge: before,
    // the model loader refused it as "not a CQRS Studio model file".
    void openFileOpensAChallengeAsAChallenge()
    {
        MainWindow window;
        QVERIFY(window.fileController()->openFile(kData + QStringLiteral("/tiny.challenge.json")));
        QVERIFY(window.challengeUi()->session());
        QVERIFY(window.document()->isWorkloadLocked());
        QVERIFY(window.challengeUi()->checkAction()->isEnabled());
        // Under another name ("tiny.json"): its format says what it is.
        MainWindow other;
        const QString renamed = m_dir.filePath(QStringLiteral("tiny.json"));
        QFile::remove(renamed);
        QVERIFY(QFile::copy(kData + QStringLiteral("/tiny.challenge.json"), renamed));
        QVERIFY(other.fileController()->openFile(renamed));
        QVERIFY(other.challengeUi()->session());
        // And a model file given as a challenge names the way to open it.
        const ChallengeLoadResult asChallenge
            = loadChallengeFile(CQRS_SOURCE_DIR "/resources/examples/user-profile.cqrs.json");
        QVERIFY(!asChallenge.ok());
        QVERIFY2(asChallenge.diagnostics.front().message.find("File > Open") != std::string::npos,
                 asChallenge.diagnostics.front().message.c_str());
    }

    // The panel's buttons are in the Challenge menu (Alt+C and a letter),
    // while they apply; each brings the panel in front first.
    void panelButtonsAreInTheChallengeMenu()
    {
        MainWindow window;
        ChallengeUi *ui = window.challengeUi();
        QVERIFY(!ui->hintAction()->isVisible() && !ui->finishAction()->isVisible());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // No challenge: a way to one, not an empty brief and greyed buttons.
        QVERIFY(ui->panel()->chooseButton()->isVisibleTo(ui->panel()));
        QVERIFY(!ui->panel()->checkButton()->isVisibleTo(ui->panel()));
        QVERIFY(ui->openChallengeFile(kData + QStringLiteral("/tiny.challenge.json"), true));
        QVERIFY(!ui->panel()->chooseButton()->isVisibleTo(ui->panel()));
        QVERIFY(ui->panel()->checkButton()->isVisibleTo(ui->panel()));
        ChallengeSession *session = ui->session();
        QVERIFY(ui->hintAction()->isVisible() && ui->pauseAction()->isVisible());
        // Each access key once in the menu (all of it shown), and in the menu bar.
        const auto keysOnce = [](const QList<QAction *> &actions) {
            QStringList keys;
            for (QAction *action : actions)
                if (const qsizetype at = action->text().indexOf(QLatin1Char('&'));
                    at >= 0 && action->isVisible())
                    keys << action->text().mid(at + 1, 1).toLower();
            return QSet<QString>(keys.begin(), keys.end()).size() == keys.size();
        };
        QVERIFY(keysOnce(ui->menu()->actions()));
        QVERIFY(keysOnce(window.menuBar()->actions()));
        ui->dock()->hide(); // a hint must not be shown where no one sees it
        ui->hintAction()->trigger();
        QCOMPARE(session->hintsShown(), 1);
        QVERIFY(ui->dock()->isVisible());
        ui->pauseAction()->trigger();
        QVERIFY(session->isPaused());
        QCOMPARE(ui->pauseAction()->text(), QStringLiteral("&Resume Interview Clock"));
        ui->pauseAction()->trigger();
        QVERIFY(!session->isPaused());
        QSettings().remove(QStringLiteral("challenges/givenUp"));
        const auto tinyCard = [] {
            qputenv("CQRS_STUDIO_CHALLENGES", QFile::encodeName(kData));
            const ChallengeGallery gallery;
            qunsetenv("CQRS_STUDIO_CHALLENGES");
            for (int row = 0; row < gallery.list()->count(); ++row) {
                if (gallery.list()
                        ->item(row)
                        ->data(Qt::UserRole)
                        .toString()
                        .endsWith(QStringLiteral("/tiny.challenge.json")))
                    return gallery.cardText(row);
            }
            return QString();
        };
        QVERIFY2(tinyCard().contains(QStringLiteral("Not attempted yet")), qPrintable(tinyCard()));
        testing::DialogAnswer yes;
        testing::answerNextDialog(&yes, QMessageBox::Yes);
        ui->giveUpAction()->trigger();
        QVERIFY(yes.answered && session->hasGivenUp());
        // The gallery says so, though no check was made ("Not attempted yet").
        QVERIFY2(tinyCard().contains(QStringLiteral("Given up, no score yet")),
                 qPrintable(tinyCard()));
        QVERIFY(!ui->giveUpAction()->isEnabled()); // as its button
        QVERIFY(ui->finishAction()->isEnabled());
        QCOMPARE(ui->finishAction()->text(), QStringLiteral("&Finish Interview..."));
        ui->closeChallenge();
        QVERIFY(!ui->hintAction()->isVisible() && !ui->giveUpAction()->isVisible());
    }

    // The solution window lists where the answer differs from it, kept up
    // to date as the answer is edited; a row shows its element.
    void solutionListsWhereTheAnswerDiffers()
    {
        MainWindow window;
        ChallengeUi *ui = window.challengeUi();
        QVERIFY(ui->openChallengeFile(kData + QStringLiteral("/tiny.challenge.json"), false));
        testing::DialogAnswer yes;
        testing::answerNextDialog(&yes, QMessageBox::Yes);
        ui->giveUpAction()->trigger();
        QVERIFY(yes.answered);
        QVERIFY(ui->showSolution());
        SolutionWindow *solution = ui->solutionWindow();
        QVERIFY(solution);
        QTableWidget *table = solution->differences();
        const auto rowOf = [table](const QString &setting) {
            for (int row = 0; row < table->rowCount(); ++row)
                if (table->item(row, 0)->text() == setting)
                    return row;
            return -1;
        };
        // By the name the canvas shows; the tooltip has the path.
        const int mode = rowOf(QStringLiteral("TaskListView · update.mode"));
        QVERIFY2(mode >= 0, qPrintable(solution->differencesSummary()));
        QCOMPARE(table->item(mode, 1)->text(), QStringLiteral("batch"));
        QCOMPARE(table->item(mode, 2)->text(), QStringLiteral("streaming"));
        QCOMPARE(table->item(mode, 0)->toolTip(),
                 QStringLiteral("readModels.task-view.update.mode"));
        QVERIFY(rowOf(QStringLiteral("TaskListView · store")) >= 0);
        QVERIFY(rowOf(QStringLiteral("name")) < 0); // not a setting
        const int before = table->rowCount();
        QVERIFY2(solution->differencesSummary().startsWith(
                     QStringLiteral("%1 settings differ").arg(before)),
                 qPrintable(solution->differencesSummary()));
        table->selectRow(mode);
        QCOMPARE(solution->scene()->selectedElementIds(), std::vector<std::string>{"task-view"});

        // The answer takes the solution's read model: nothing left to list.
        Experiment same;
        same.set = {
            {"readModels.task-view", modelToJson(solution->document()->model())["readModels"][0]}};
        QVERIFY(window.document()->applyExperiment(same));
        QVERIFY2(table->rowCount() == 0, qPrintable(solution->differencesSummary()));
        QCOMPARE(solution->differencesSummary(),
                 QStringLiteral("Your answer has the solution's settings."));
        window.document()->undoStack()->undo();
        QCOMPARE(table->rowCount(), before);
        // It closes with the challenge (it went on comparing the next model
        // with this solution).
        ui->closeChallenge();
        QTRY_VERIFY(!ui->solutionWindow());
    }

    // What the model uses of the budget shows as it is edited, in red when
    // over (it showed only as a check's score of 0).
    void budgetUseIsShownWhileEditing()
    {
        MainWindow window;
        ChallengeUi *ui = window.challengeUi();
        QVERIFY(ui->openChallengeFile(kData + QStringLiteral("/tiny.challenge.json"), false));
        QLabel *budget = ui->panel()->budgetLabel();
        QVERIFY(!budget->isHidden());
        QCOMPARE(budget->text(), QStringLiteral("Budget: workers 2 of 2, consumers 1 of 2"));
        Experiment more;
        more.set = {{"writeSide.workers", 3}};
        QVERIFY(window.document()->applyExperiment(more));
        QVERIFY2(budget->text().contains(QStringLiteral("workers 3 of 2"))
                     && budget->text().contains(QStringLiteral("over budget")),
                 qPrintable(budget->text()));
        window.document()->undoStack()->undo();
        QCOMPARE(budget->text(), QStringLiteral("Budget: workers 2 of 2, consumers 1 of 2"));
        ui->closeChallenge();
        QVERIFY(budget->isHidden());
    }

    void badFileShowsLocatedMessagesAndChangesNothing()
    {
        MainWindow window;
        window.fileController()->openExample(QStringLiteral(":/examples/user-profile.cqrs.json"));
        const std::string before = window.document()->model().name;
        QString name, text;
        answerNextBox(&name, &text);
        QVERIFY(!window.challengeUi()->openChallengeFile(
            kData + QStringLiteral("/bad/dangling.challenge.json"), false));
        QCOMPARE(name, QStringLiteral("challengeErrorBox"));
        QVERIFY2(text.contains(QStringLiteral("/requirements/0")), qPrintable(text));
        QCOMPARE(window.document()->model().name, before);
        QVERIFY(!window.challengeUi()->session());
        // Not JSON at all, and a missing file: messages, no crash.
        const QString notJson = m_dir.filePath(QStringLiteral("broken.challenge.json"));
        QFile f(notJson);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ \"format\": ");
        f.close();
        answerNextBox(&name, &text);
        QVERIFY(!window.challengeUi()->openChallengeFile(notJson, false));
        QVERIFY2(text.contains(QStringLiteral("line ")), qPrintable(text));
        answerNextBox(&name, &text);
        QVERIFY(!window.challengeUi()->openChallengeFile(
            m_dir.filePath(QStringLiteral("nope.challenge.json")), false));
        QCOMPARE(name, QStringLiteral("challengeErrorBox"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestChallengeGallery)
#include "tst_challengegallery.moc"
