// "What this means" (issue 8): every figure and read strategy is explained
// once, in ui/glossary; Help > What the Figures Mean shows all of it, and the
// Inspector's strategy choice explains each strategy in its tooltip.
#include "cqrs/ui/common/glossary.h"
#include "cqrs/ui/shell/helppage.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/editor/scene.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>

#include <set>

using namespace cqrs;

class TestGlossary : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("cqrs-studio-tests");
        QApplication::setApplicationName("tst_glossary");
        QSettings().clear();
    }

    void everyTermHasItsTexts();
    void strategiesSayWhenAndWhatItCosts();
    void helpPageShowsEveryTerm();
    void strategyChoiceHasTooltips();
};

void TestGlossary::everyTermHasItsTexts()
{
    std::set<int> seen;
    for (const TermText &entry : glossary()) {
        QVERIFY2(seen.insert(int(entry.term)).second, qPrintable(entry.title));
        QVERIFY(!entry.title.isEmpty());
        QVERIFY2(entry.tooltip.size() > 20, qPrintable(entry.title));
        QVERIFY2(entry.help.size() > entry.tooltip.size(), qPrintable(entry.title));
        QVERIFY(termTooltip(entry.term).contains(entry.title.toHtmlEscaped()));
    }
    // Every enumerator up to the last one has an entry.
    for (int t = 0; t <= int(Term::StrategyOptimisticUi); ++t) {
        QVERIFY2(seen.count(t), qPrintable(QString::number(t)));
        QCOMPARE(int(glossaryEntry(Term(t)).term), t);
    }
}

void TestGlossary::strategiesSayWhenAndWhatItCosts()
{
    for (Term t : {Term::StrategyEventual, Term::StrategyWaitForVersion,
                   Term::StrategyReadFromWriteModel, Term::StrategyOptimisticUi}) {
        const QString help = glossaryEntry(t).help;
        QVERIFY2(help.contains(QStringLiteral("Use it")), qPrintable(help));
        QVERIFY2(help.contains(QStringLiteral("cost"), Qt::CaseInsensitive), qPrintable(help));
    }
}

void TestGlossary::helpPageShowsEveryTerm()
{
    MainWindow window;
    window.show();
    QAction *action = window.findChild<QAction *>(QStringLiteral("figuresHelp"));
    QVERIFY(action);
    // In the Help menu, and F1 still opens the keyboard shortcuts.
    QMenu *help = nullptr;
    for (QAction *a : window.menuBar()->actions()) {
        if (a->menu() && a->text().remove(QLatin1Char('&')) == QStringLiteral("Help"))
            help = a->menu();
    }
    QVERIFY(help && help->actions().contains(action));
    QVERIFY(action->shortcut().isEmpty());
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("keyboardShortcuts"))->shortcut(),
             QKeySequence(QKeySequence::HelpContents));

    action->trigger();
    auto *dialog = window.findChild<FiguresHelpDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    const QString text = dialog->browser()->toPlainText();
    for (const TermText &entry : glossary()) {
        QVERIFY2(text.contains(entry.title), qPrintable(entry.title));
        // Rendered from Markdown: no raw markup left in the text a person reads.
        QVERIFY2(!text.contains(QStringLiteral("## ")), "headings are rendered");
    }
    QVERIFY(!text.contains(QLatin1Char('`')));
    // Triggering again shows the same page, not a second one.
    action->trigger();
    QCOMPARE(window.findChildren<FiguresHelpDialog *>().size(), 1);
    QDir().mkpath(QStringLiteral(CQRS_BINARY_DIR "/screenshots"));
    dialog->grab().save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/help-figures.png"));
}

void TestGlossary::strategyChoiceHasTooltips()
{
    MainWindow window;
    window.show();
    QVERIFY(window.fileController()->openExample(QStringLiteral(":/examples/user-profile.cqrs.json")));
    window.scene()->selectElements({"get-own-profile"});
    auto *combo = window.findChild<QComboBox *>(QStringLiteral("consistency.strategy"));
    QVERIFY(combo);
    const std::pair<Strategy, Term> expected[] = {
        {Strategy::Eventual, Term::StrategyEventual},
        {Strategy::WaitForVersion, Term::StrategyWaitForVersion},
        {Strategy::ReadFromWriteModel, Term::StrategyReadFromWriteModel},
        {Strategy::OptimisticUi, Term::StrategyOptimisticUi},
    };
    QCOMPARE(combo->count(), 4);
    for (const auto &[strategy, term] : expected) {
        const int index = combo->findData(int(strategy));
        QVERIFY(index >= 0);
        QCOMPARE(combo->itemData(index, Qt::ToolTipRole).toString(), termTooltip(term));
    }
    // The box itself explains the strategy the query uses.
    QCOMPARE(combo->toolTip(), termTooltip(Term::StrategyWaitForVersion));
}

QTEST_MAIN(TestGlossary)
#include "tst_glossary.moc"
