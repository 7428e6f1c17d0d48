// The sweep dialog (issue 10): its checks of what is typed in, the range it
// suggests around a field's value, the second parameter, the budget and the
// figures. The sweeps themselves are in tst_sweep.
#include "cqrs/ui/sweep/sweepdialog.h"
#include "testmodels.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

using namespace cqrs;
using namespace cqrs::testing;

namespace {

const char *const kBatch = "readModels.search-index.update.interval";

/// Where pictures go for a person to look at (CQRS_SWEEP_PICTURES), else nowhere.
void keepPicture(const QImage &image, const QString &name)
{
    const QString dir = qEnvironmentVariable("CQRS_SWEEP_PICTURES");
    if (!dir.isEmpty())
        image.save(dir + QLatin1Char('/') + name);
}

} // namespace

class TestSweepDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_model = example("user-profile.cqrs.json", 20);
    }
    void dialogChecksInput();
    void dialogFollowsATypedParameter();
    void budgetIsTypedInTheFiguresUnit();

private:
    Model m_model;
};

void TestSweepDialog::dialogChecksInput()
{
    SweepDialog dialog(m_model, QString::fromLatin1(kBatch));
    dialog.resize(560, dialog.sizeHint().height());
    dialog.show();
    // The range starts around the field's value (a batch interval of 1 s: 0.25 to 4, log).
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    QVERIFY(dialog.okButton()->isEnabled());
    QCOMPARE(dialog.scaleCombo()->currentIndex(), 1);
    QCOMPARE(dialog.fromEdit()->text(), QStringLiteral("0.25"));
    QCOMPARE(dialog.toEdit()->text(), QStringLiteral("4"));
    QVERIFY(dialog.metricList()->count() >= 8);
    keepPicture(dialog.grab().toImage(), QStringLiteral("sweep-dialog.png"));
    {
        // A problem of a line or two takes the summary's place: nothing above
        // it moves under the pointer (the figures list shrank by a line).
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QRect list = dialog.metricList()->geometry();
        const QRect ok = dialog.okButton()->geometry();
        QVERIFY2(dialog.problemLabel()->text().contains(QStringLiteral(" runs, ")),
                 qPrintable(dialog.problemLabel()->text()));
        const QColor plain = dialog.problemLabel()->palette().color(QPalette::WindowText);
        dialog.fromEdit()->setText(QStringLiteral("soon"));
        QVERIFY(!dialog.problem().isEmpty());
        QCOMPARE(dialog.problemLabel()->text(), dialog.problem());
        QVERIFY(dialog.problemLabel()->palette().color(QPalette::WindowText) != plain);
        QApplication::processEvents();
        QCOMPARE(dialog.metricList()->geometry(), list);
        QCOMPARE(dialog.okButton()->geometry(), ok);
        dialog.fromEdit()->setText(QStringLiteral("0.25"));
        QVERIFY(dialog.problem().isEmpty());
        QCOMPARE(dialog.problemLabel()->palette().color(QPalette::WindowText), plain);
        QApplication::processEvents();
        QCOMPARE(dialog.metricList()->geometry(), list);
    }
    {
        // A batch interval as long as the measured run (10 s here) applies
        // nothing: the summary says so before the sweep runs.
        const auto warns = [&dialog] {
            return dialog.problemLabel()->text().contains(QStringLiteral("applies nothing"));
        };
        QVERIFY(!warns());
        dialog.toEdit()->setText(QStringLiteral("12"));
        QVERIFY(dialog.problem().isEmpty()); // a caution, not a refusal
        QVERIFY2(warns(), qPrintable(dialog.problemLabel()->text()));
        dialog.toEdit()->setText(QStringLiteral("4"));
        QVERIFY(!warns());
    }
    {
        // A count: whole numbers around it, evenly spaced (1 to 5 for two consumers).
        SweepDialog counts(m_model, QStringLiteral("readModels.user-view.consumers"));
        QCOMPARE(counts.scaleCombo()->currentIndex(), 0);
        QCOMPARE(counts.fromEdit()->text(), QStringLiteral("1"));
        QCOMPARE(counts.toEdit()->text(), QStringLiteral("5"));
        QCOMPARE(counts.stepsBox()->value(), 5);
        QVERIFY(counts.problem().isEmpty());
        // A larger count: whole steps that pass through the model's value, up to twice it.
        for (const auto &[partitions, expected] : std::vector<std::pair<int, QStringList>>{
                 {12, {QStringLiteral("3"), QStringLiteral("24"), QStringLiteral("8")}},
                 {7, {QStringLiteral("1"), QStringLiteral("13"), QStringLiteral("7")}},
                 {50, {QStringLiteral("10"), QStringLiteral("100"), QStringLiteral("10")}}}) {
            Model more = m_model;
            more.eventBus.partitions = partitions;
            SweepDialog bigger(more, QStringLiteral("eventBus.partitions"));
            QCOMPARE(bigger.fromEdit()->text(), expected[0]);
            QCOMPARE(bigger.toEdit()->text(), expected[1]);
            QCOMPARE(bigger.stepsBox()->value(), expected[2].toInt());
            QVERIFY2(bigger.problem().isEmpty(), qPrintable(bigger.problem())); // whole numbers
            const std::optional<SweepRequest> request = bigger.request();
            QVERIFY(request);
            const std::vector<double> values = sim::sweepValues(request->first);
            QVERIFY(std::find(values.begin(), values.end(), double(partitions)) != values.end());
        }
        // Steps that would put fractions between whole ends: refused before the run, with steps
        // that work.
        counts.toEdit()->setText(QStringLiteral("8"));
        counts.stepsBox()->setValue(4); // 1, 3.33, 5.67, 8
        QVERIFY2(counts.problem().contains(QStringLiteral("takes whole numbers")),
                 qPrintable(counts.problem()));
        QVERIFY2(counts.problem().contains(QStringLiteral("include 3.33")),
                 qPrintable(counts.problem()));
        QVERIFY2(
            counts.problem().endsWith(QStringLiteral("Steps that give whole numbers here: 2, 8.")),
            qPrintable(counts.problem()));
        QVERIFY(!counts.okButton()->isEnabled());
        QVERIFY(!counts.request());
        counts.stepsBox()->setValue(8);
        QVERIFY2(counts.problem().isEmpty(), qPrintable(counts.problem()));
        QVERIFY(counts.request());
    }
    {
        // A parameter that takes fractions keeps any steps.
        SweepDialog rates(m_model, QStringLiteral("workload.commandRate"));
        rates.scaleCombo()->setCurrentIndex(0);
        rates.fromEdit()->setText(QStringLiteral("1"));
        rates.toEdit()->setText(QStringLiteral("8"));
        rates.stepsBox()->setValue(4);
        QVERIFY2(rates.problem().isEmpty(), qPrintable(rates.problem()));
    }
    {
        // A probability at its default of 1 is not a count, and nothing above 1
        // is suggested: the range the dialog fills in runs as it is.
        const Model amazon = testing::example("amazon-orders.cqrs.json");
        SweepDialog odds(amazon, QStringLiteral("policies.reserve-on-order.probability"));
        QCOMPARE(odds.toEdit()->text(), QStringLiteral("1"));
        QVERIFY2(odds.problem().isEmpty(), qPrintable(odds.problem()));
        QCOMPARE(odds.pathEdit()
                     ->completer()
                     ->model()
                     ->match(odds.pathEdit()->completer()->model()->index(0, 0), Qt::DisplayRole,
                             QStringLiteral("schemaVersion"), 1, Qt::MatchExactly)
                     .size(),
                 0);
    }
    {
        // The budget line starts on the swept element's figure, at the read
        // model's stale budget when it has one; it started on the list's
        // first figure, whatever was swept.
        const Model netflix = testing::example("netflix-viewing.cqrs.json");
        SweepDialog budgeted(netflix, QStringLiteral("readModels.continue-watching.consumers"));
        QVERIFY(budgeted.budgetCheck()->isChecked());
        QCOMPARE(budgeted.budgetEdit()->text(), QStringLiteral("2"));
        QCOMPARE(budgeted.budgetFigureCombo()->currentData().toString(),
                 QStringLiteral("/readModels/continue-watching/consistencyWindow/p99"));
        QVERIFY2(budgeted.problem().isEmpty(), qPrintable(budgeted.problem()));
        SweepDialog unbudgeted(netflix,
                               QStringLiteral("readModels.recommendations.update.interval"));
        QVERIFY(!unbudgeted.budgetCheck()->isChecked());
        QCOMPARE(unbudgeted.budgetFigureCombo()->currentData().toString(),
                 QStringLiteral("/readModels/recommendations/consistencyWindow/p99"));
        SweepDialog query(netflix, QStringLiteral("queries.viewing-report.share"));
        QVERIFY(!query.budgetCheck()->isChecked());
        QCOMPARE(query.budgetFigureCombo()->currentData().toString(),
                 QStringLiteral("/queries/viewing-report/staleRatio"));
    }
    {
        // The seed is the replications' to choose.
        SweepDialog seeds(m_model, QStringLiteral("workload.seed"));
        QVERIFY2(seeds.problem().contains(QStringLiteral("the seed is not swept")),
                 qPrintable(seeds.problem()));
        QVERIFY(!seeds.request());
    }

    // A failed check is recorded (QVERIFY returns from the lambda only, the test goes on).
    auto expectProblem = [&](const QString &fragment) {
        QVERIFY2(dialog.problem().contains(fragment), qPrintable(dialog.problem()));
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY(dialog.problemLabel()->isVisible());
        QCOMPARE(dialog.problemLabel()->text(), dialog.problem());
        QVERIFY(!dialog.request());
    };
    dialog.fromEdit()->setText(QStringLiteral("0"));
    expectProblem(QStringLiteral("logarithmic scale needs From and To above 0"));
    dialog.scaleCombo()->setCurrentIndex(0);
    expectProblem(
        QStringLiteral("with readModels.search-index.update.interval = 0, the model cannot run: "));
    // Without the file's index form of the same path ("/readModels/1/...").
    QVERIFY2(!dialog.problem().contains(QStringLiteral("/readModels/")),
             qPrintable(dialog.problem()));
    dialog.fromEdit()->setText(QStringLiteral("0.5"));
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    dialog.stepsBox()->setValue(1);
    expectProblem(QStringLiteral("Steps must be at least 2"));
    dialog.stepsBox()->setValue(4);
    dialog.fromEdit()->setText(QStringLiteral("soon"));
    expectProblem(QStringLiteral("From must be a number, got “soon”"));
    dialog.fromEdit()->setText(QStringLiteral("4"));
    expectProblem(QStringLiteral("From and To are the same"));
    dialog.toEdit()->setText(QStringLiteral("8"));
    dialog.fromEdit()->setText(QStringLiteral("-1"));
    expectProblem(QStringLiteral("cannot run")); // a negative interval: the model says why
    dialog.fromEdit()->setText(QStringLiteral("1"));
    dialog.pathEdit()->setText(QStringLiteral("readModels.nope.consumers"));
    expectProblem(QStringLiteral("nope"));
    // Part of a path with From and To given: said as for the second
    // parameter, not in the file format's words.
    dialog.pathEdit()->setText(QStringLiteral("user-view.consumers"));
    expectProblem(
        QStringLiteral("Parameter: this model has no number at “user-view.consumers”; type part"));
    QVERIFY2(!dialog.problem().contains(QStringLiteral("known fields")),
             qPrintable(dialog.problem()));
    // A field the model can have but does not yet (no budget): the value's
    // problem, not "no number".
    dialog.pathEdit()->setText(QStringLiteral("readModels.search-index.staleBudget.p99"));
    dialog.fromEdit()->setText(QStringLiteral("-1"));
    expectProblem(QStringLiteral("cannot run"));
    dialog.fromEdit()->setText(QStringLiteral("1"));
    dialog.pathEdit()->setText(QString::fromLatin1(kBatch));
    QVERIFY(dialog.problem().isEmpty());

    dialog.secondGroup()->setChecked(true);
    expectProblem(QStringLiteral("Second parameter: name the parameter"));
    // Part of a path typed: that is the problem (not the empty From), and the
    // model's numbers are offered by any part of their path, defaults too.
    dialog.secondPathEdit()->setText(QStringLiteral("search-index.cons"));
    expectProblem(QStringLiteral("this model has no number at “search-index.cons”"));
    QCompleter *completer = dialog.secondPathEdit()->completer();
    QVERIFY(completer);
    completer->setCompletionPrefix(QStringLiteral("CONSUMERS"));
    QStringList offered;
    for (int i = 0; completer->setCurrentRow(i); ++i)
        offered << completer->currentCompletion();
    QVERIFY2(offered.contains(QStringLiteral("readModels.search-index.consumers")),
             qPrintable(offered.join(' ')));
    QVERIFY2(offered.contains(QStringLiteral("readModels.user-view.consumers")),
             qPrintable(offered.join(' ')));
    completer->setCompletionPrefix(QStringLiteral("seed"));
    QCOMPARE(completer->completionCount(), 0); // replications choose the seeds
    // Choosing one gives it a range around its value: 1 consumer (the default) is a count, 1 to 4.
    dialog.secondPathEdit()->setText(QStringLiteral("readModels.search-index.consumers"));
    emit completer->activated(QStringLiteral("readModels.search-index.consumers"));
    QCOMPARE(dialog.secondFromEdit()->text(), QStringLiteral("1"));
    QCOMPARE(dialog.secondToEdit()->text(), QStringLiteral("4"));
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    dialog.secondPathEdit()->setText(QString::fromLatin1(kBatch));
    dialog.secondFromEdit()->setText(QStringLiteral("1"));
    dialog.secondToEdit()->setText(QStringLiteral("2"));
    dialog.secondStepsBox()->setValue(2);
    expectProblem(QStringLiteral("other than the first"));
    dialog.secondPathEdit()->setText(QStringLiteral("readModels.search-index.consumers"));
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    dialog.replicationsBox()->setValue(100);
    dialog.stepsBox()->setValue(30);
    expectProblem(QStringLiteral("at most 2,000"));
    dialog.replicationsBox()->setValue(2);
    dialog.stepsBox()->setValue(4);

    dialog.budgetCheck()->setChecked(true);
    dialog.budgetEdit()->setText(QStringLiteral("half a second"));
    expectProblem(QStringLiteral("Budget: must be a number"));
    dialog.budgetEdit()->setText(QStringLiteral("0.5"));
    // The budget goes on one of the ticked figures: the list follows the
    // ticks and keeps the choice while its figure stays ticked.
    QListWidget *figures = dialog.metricList();
    QComboBox *budgetFigure = dialog.budgetFigureCombo();
    QVERIFY(budgetFigure->isEnabled());
    for (int i = 0; i < figures->count(); ++i)
        figures->item(i)->setCheckState(i == 1 || i == 3 ? Qt::Checked : Qt::Unchecked);
    QCOMPARE(budgetFigure->count(), 2);
    QCOMPARE(budgetFigure->itemText(0), figures->item(1)->text());
    QCOMPARE(budgetFigure->itemText(1), figures->item(3)->text());
    budgetFigure->setCurrentIndex(1);
    figures->item(0)->setCheckState(Qt::Checked);
    QCOMPARE(budgetFigure->count(), 3);
    QCOMPARE(budgetFigure->currentData().toString(),
             figures->item(3)->data(Qt::UserRole).toString());
    figures->item(3)->setCheckState(
        Qt::Unchecked); // the chosen figure unticked: the first ticked one
    QCOMPARE(budgetFigure->currentData().toString(),
             figures->item(0)->data(Qt::UserRole).toString());
    // The chosen figure reads whole, "UserSearchIndex: consistency window
    // p99 (s)" too (cut, a read model's figures all read alike), and its
    // tooltip holds it.
    QCOMPARE(budgetFigure->toolTip(), budgetFigure->currentText());
    for (int i = 0; i < figures->count(); ++i)
        figures->item(i)->setCheckState(Qt::Checked);
    QCOMPARE(budgetFigure->count(), figures->count());
    const int shown = budgetFigure->minimumSizeHint().width();
    for (int i = 0; i < budgetFigure->count(); ++i) {
        const QString text = budgetFigure->itemText(i);
        if (!text.startsWith(QStringLiteral("UserSearchIndex"))
            && !text.startsWith(QStringLiteral("UserView")))
            continue; // the queries' names are shorter
        QVERIFY2(shown >= budgetFigure->fontMetrics().horizontalAdvance(text) + 24,
                 qPrintable(text));
    }
    for (int i = 0; i < figures->count(); ++i)
        figures->item(i)->setCheckState(Qt::Unchecked);
    QCOMPARE(budgetFigure->count(), 0);
    expectProblem(QStringLiteral("choose at least one"));
    figures->item(1)->setCheckState(Qt::Checked);

    const std::optional<SweepRequest> request = dialog.request();
    QVERIFY(request);
    QCOMPARE(request->first.path, std::string(kBatch));
    QCOMPARE(request->first.from, 1.0);
    QCOMPARE(request->first.to, 8.0);
    QCOMPARE(request->first.steps, 4LL);
    QVERIFY(!request->first.log);
    QVERIFY(request->second);
    QCOMPARE(request->second->path, std::string("readModels.search-index.consumers"));
    QCOMPARE(request->replications, 2);
    QCOMPARE(request->budget, std::optional<double>(0.5));
    QCOMPARE(request->metricPaths.size(), std::size_t(1));
    QCOMPARE(request->budgetMetric, request->metricPaths.front());
    QCOMPARE(dialog.runCount(), 4 * 2 * 2);
    keepPicture(dialog.grab().toImage(), QStringLiteral("sweep-dialog-2d.png"));
}

// The dialog opened on the warm-up (2.5 to 40 s); the user typed another
// parameter, consumers, and the range stayed 2.5 to 40 consumers. A
// parameter named by typing now gets its range too, unless the range was
// typed in as well.
void TestSweepDialog::dialogFollowsATypedParameter()
{
    SweepDialog dialog(m_model, QString::fromLatin1(kBatch));
    QCOMPARE(dialog.fromEdit()->text(), QStringLiteral("0.25")); // around its 1 s
    dialog.pathEdit()->setText(QStringLiteral("readModels.search-index.consumers"));
    emit dialog.pathEdit()->editingFinished();
    QCOMPARE(dialog.fromEdit()->text(), QStringLiteral("1"));
    QCOMPARE(dialog.toEdit()->text(), QStringLiteral("4"));
    QCOMPARE(dialog.scaleCombo()->currentIndex(), 0); // linear: whole numbers
    // Finished again without a change: nothing moves.
    dialog.stepsBox()->setValue(3);
    emit dialog.pathEdit()->editingFinished();
    QCOMPARE(dialog.stepsBox()->value(), 3);
    // A range typed in is the user's: another parameter keeps it.
    dialog.toEdit()->setText(QStringLiteral("6"));
    dialog.pathEdit()->setText(QStringLiteral("readModels.user-view.consumers"));
    emit dialog.pathEdit()->editingFinished();
    QCOMPARE(dialog.fromEdit()->text(), QStringLiteral("1"));
    QCOMPARE(dialog.toEdit()->text(), QStringLiteral("6"));
    // The second parameter: empty at first, its range follows its path too.
    dialog.secondGroup()->setChecked(true);
    dialog.secondPathEdit()->setText(QString::fromLatin1(kBatch));
    emit dialog.secondPathEdit()->editingFinished();
    QCOMPARE(dialog.secondFromEdit()->text(), QStringLiteral("0.25"));
    dialog.secondPathEdit()->setText(QStringLiteral("readModels.search-index.consumers"));
    emit dialog.secondPathEdit()->editingFinished();
    QCOMPARE(dialog.secondFromEdit()->text(), QStringLiteral("1"));
    QCOMPARE(dialog.secondToEdit()->text(), QStringLiteral("4"));
}

// The budget field had no unit: a stale ratio's budget was a ratio (0.05)
// where the rest of the application shows 5%. The unit now follows the
// chosen figure, and a stale ratio's budget is typed in percent.
void TestSweepDialog::budgetIsTypedInTheFiguresUnit()
{
    SweepDialog dialog(m_model, QStringLiteral("queries.get-user.share"));
    dialog.show();
    QLabel *unit = dialog.budgetUnitLabel();
    QComboBox *figure = dialog.budgetFigureCombo();
    QCOMPARE(figure->currentData().toString(), QStringLiteral("/queries/get-user/staleRatio"));
    QCOMPARE(unit->text(), QStringLiteral("%"));
    QVERIFY(unit->isVisible());
    QVERIFY(!unit->isEnabled()); // with the budget off, like its field
    dialog.budgetCheck()->setChecked(true);
    QVERIFY(unit->isEnabled());
    dialog.budgetEdit()->setText(QStringLiteral("5"));
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    QCOMPARE(dialog.request()->budget, std::optional<double>(0.05));
    QCOMPARE(dialog.request()->budgetMetric, std::string("/queries/get-user/staleRatio"));
    dialog.budgetEdit()->setText(QStringLiteral("2.5 %"));
    QCOMPARE(dialog.request()->budget, std::optional<double>(0.025));
    QVERIFY(dialog.budgetEdit()->accessibleDescription().endsWith(QStringLiteral("in %")));

    // Another figure: its own unit, the value taken as it is.
    const int window
        = figure->findData(QStringLiteral("/readModels/user-view/consistencyWindow/p99"));
    if (window < 0) {
        for (int i = 0; i < dialog.metricList()->count(); ++i) {
            QListWidgetItem *item = dialog.metricList()->item(i);
            if (item->data(Qt::UserRole).toString()
                == QStringLiteral("/readModels/user-view/consistencyWindow/p99"))
                item->setCheckState(Qt::Checked);
        }
    }
    figure->setCurrentIndex(
        figure->findData(QStringLiteral("/readModels/user-view/consistencyWindow/p99")));
    QCOMPARE(unit->text(), QStringLiteral("s"));
    dialog.budgetEdit()->setText(QStringLiteral("0.5"));
    QCOMPARE(dialog.request()->budget, std::optional<double>(0.5));
    // A percent sign is not a number of seconds; the message names the unit.
    dialog.budgetEdit()->setText(QStringLiteral("5%"));
    QCOMPARE(dialog.problem(), QStringLiteral("Budget: must be a number of seconds, got “5%”."));
    dialog.budgetEdit()->setText(QStringLiteral("10 min"));
    QCOMPARE(dialog.problem(),
             QStringLiteral("Budget: must be a number of seconds, got “10 min”."));
}

QTEST_MAIN(TestSweepDialog)
#include "tst_sweepdialog.moc"
