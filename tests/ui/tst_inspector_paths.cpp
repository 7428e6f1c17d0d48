// The inspector's numeric fields and distributions name their model path
// ("modelPath"), the one `cqrs-sim --set` and `--vary` take: a sweep started
// from a field varies exactly that field. Checked on every element of every
// shipped example: `--set PATH=v` on the model file, loaded again, shows v in
// the field the path came from.

#include "cqrs/ui/document/document.h"
#include "cqrs/ui/inspector/inspector.h"

#include "historytestutil.h"

#include <cqrs/model/elements.h>
#include <cqrs/model/modeljson.h>

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QWheelEvent>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QToolTip>
#include <QtTest>

#include <memory>
#include <set>

using namespace cqrs;

namespace {

QStringList tagged(const Inspector &inspector)
{
    QStringList names;
    for (QWidget *w : inspector.findChildren<QWidget *>()) {
        if (w->property("modelPath").isValid())
            names << w->objectName();
    }
    return names;
}

// A valid value different from the field's: one step up, or down at the top.
double otherValue(const QAbstractSpinBox *spin, double value, double min, double max, double step)
{
    Q_UNUSED(spin);
    const double up = value + step;
    return up <= max ? up : std::max(min, value - step);
}

} // namespace

class TestInspectorPaths : public QObject
{
    Q_OBJECT

private slots:
    void everyNumberFollowsItsPath_data()
    {
        QTest::addColumn<QString>("file");
        // Streaming and batch read models; policies.
        for (const char *file : {"user-profile.cqrs.json", "amazon-orders.cqrs.json"})
            QTest::newRow(file) << QString::fromLatin1(file);
    }

    void everyNumberFollowsItsPath()
    {
        QFETCH(QString, file);
        const Model model = testing::example(file.toUtf8().constData(), 600);
        Document document;
        document.resetModel(model);
        Inspector inspector(&document);

        // The model's settings and every element page, one element per kind
        // and update mode (pages of one kind build the same rows).
        std::vector<std::string> subjects = {""};
        std::set<std::string> pages;
        for (const std::string &id : allElementIds(model)) {
            std::string page(toString(*model.kindOf(id)));
            if (const ReadModel *r = model.readModel(id))
                page += std::string(toString(r->update.mode));
            if (pages.insert(page).second)
                subjects.push_back(id);
        }
        int checked = 0;
        for (const std::string &id : subjects) {
            auto select = [&] {
                if (id.empty())
                    inspector.setSelection({}, {}, {});
                else
                    inspector.setSelection({id}, {}, {});
            };
            document.resetModel(model);
            select();
            const QStringList names = tagged(inspector);
            if (!id.empty() && model.kindOf(id) != ElementKind::Event) // events: no numbers
                QVERIFY2(!names.isEmpty(), id.c_str());
            for (const QString &name : names) {
                document.resetModel(model);
                select();
                auto *field = inspector.findChild<QWidget *>(name);
                QVERIFY(field);
                if (!field->isVisibleTo(&inspector))
                    continue; // a hidden row (zipf's exponent under uniform keys)
                const std::string path = field->property("modelPath").toString().toStdString();
                const QByteArray where = QByteArray::fromStdString(id + " " + path);
                Json json = modelToJson(model);
                double expected = 0;
                if (auto *real = qobject_cast<QDoubleSpinBox *>(field)) {
                    if (!real->isEnabled())
                        continue; // no value to vary (an absent optional)
                    expected = otherValue(real, real->value(), real->minimum(), real->maximum(),
                                          real->singleStep());
                } else if (auto *integer = qobject_cast<QSpinBox *>(field)) {
                    expected = otherValue(integer, integer->value(), integer->minimum(),
                                          integer->maximum(), 1);
                } else {
                    // A distribution: the path reaches it, as a whole.
                    std::string error;
                    QVERIFY2(applySetOverride(json, path, Json(0.25), &error),
                             (where + ": " + QByteArray::fromStdString(error)).constData());
                    ++checked;
                    continue;
                }
                std::string error;
                QVERIFY2(applySetOverride(json, path, Json(expected), &error),
                         (where + ": " + QByteArray::fromStdString(error)).constData());
                ModelLoadResult loaded = modelFromJson(json);
                QVERIFY2(loaded.ok(), (where + ": "
                                       + QByteArray::fromStdString(loaded.diagnostics.empty()
                                                                       ? std::string()
                                                                       : loaded.diagnostics.front().message))
                                          .constData());
                document.resetModel(*loaded.model);
                select();
                auto *after = inspector.findChild<QAbstractSpinBox *>(name);
                QVERIFY2(after, where.constData());
                const double shown = qobject_cast<QDoubleSpinBox *>(after)
                                         ? qobject_cast<QDoubleSpinBox *>(after)->value()
                                         : qobject_cast<QSpinBox *>(after)->value();
                QVERIFY2(std::abs(shown - expected) <= 1e-9 * std::max(1.0, std::abs(expected)),
                         (where + ": shows " + QByteArray::number(shown) + ", set "
                          + QByteArray::number(expected))
                             .constData());
                ++checked;
            }
        }
        QVERIFY(checked > 20);
    }

    void notesHaveNoPaths()
    {
        Model model = testing::example("user-profile.cqrs.json", 60);
        model.diagram.notes.push_back({});
        Document document;
        document.resetModel(model);
        Inspector inspector(&document);
        inspector.setSelection({}, {}, {0});
        QVERIFY(inspector.findChild<QWidget *>(QStringLiteral("text")));
        QVERIFY(tagged(inspector).isEmpty());
    }

    // A mouse wheel turned over the inspector to scroll it changed the field
    // under the pointer (the warm-up, a challenge's partitions) unseen.
    void wheelScrollsPastFields()
    {
        Model model = testing::example("user-profile.cqrs.json", 60);
        Document document;
        document.resetModel(model);
        Inspector inspector(&document);
        inspector.resize(360, 300); // a page taller than the dock: it scrolls
        inspector.show();
        QVERIFY(QTest::qWaitForWindowExposed(&inspector));
        auto *warmup = inspector.findChild<QDoubleSpinBox *>(QStringLiteral("workload.warmup"));
        auto *keys = inspector.findChild<QComboBox *>(QStringLiteral("workload.keys.dist"));
        auto *area = inspector.findChild<QScrollArea *>();
        QVERIFY(warmup && keys && area);
        QVERIFY(area->verticalScrollBar()->maximum() > 0);
        const auto turn = [](QWidget *w, int delta) {
            const QPointF at(w->width() / 2.0, w->height() / 2.0);
            QWheelEvent wheel(at, w->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton,
                              Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(w, &wheel);
        };
        const double before = warmup->value();
        const int keysBefore = keys->currentIndex();
        const int top = area->verticalScrollBar()->value();
        turn(warmup, -120); // down: scroll down, or a step down in the field
        turn(keys, -120);
        QCOMPARE(warmup->value(), before);
        QCOMPARE(keys->currentIndex(), keysBefore);
        QCOMPARE(document.undoStack()->count(), 0);
        QVERIFY(!warmup->hasFocus());
        QVERIFY2(area->verticalScrollBar()->value() > top, "the page scrolled");
        // With the focus (clicked, tabbed into), the wheel steps the value.
        warmup->setFocus();
        QTRY_VERIFY(warmup->hasFocus());
        turn(warmup, 120);
        QVERIFY(warmup->value() > before);
        QCOMPARE(document.undoStack()->count(), 1);
    }

    // A text the loader would refuse (pasted into the description) is not
    // taken into the model: saved, it could never be opened again.
    void longTextIsRefused()
    {
        const Model model = testing::example("user-profile.cqrs.json", 60);
        Document document;
        document.resetModel(model);
        Inspector inspector(&document);
        inspector.setSelection({}, {}, {});
        auto *edit = inspector.findChild<QPlainTextEdit *>(QStringLiteral("description"));
        QVERIFY(edit);
        edit->setPlainText(QStringLiteral("Short and new"));
        QCOMPARE(document.model().description, std::string("Short and new"));
        const int steps = document.undoStack()->count();

        edit->setPlainText(QString(int(kMaxTextBytes) + 1, QLatin1Char('x')));
        QCOMPARE(document.model().description, std::string("Short and new"));
        QCOMPARE(edit->toPlainText(), QStringLiteral("Short and new"));
        QCOMPARE(document.undoStack()->count(), steps);
        QVERIFY2(QToolTip::text().contains(QStringLiteral("at most 1,048,576 bytes")), qPrintable(QToolTip::text()));

        edit->setPlainText(QString(int(kMaxTextBytes), QLatin1Char('y'))); // at the limit
        QCOMPARE(document.model().description.size(), kMaxTextBytes);
    }

    // Edit > Undo and the Edit History name the element and the new value
    // ("Change Consumers" said neither); steps of one edit that merge name
    // the value they end with.
    void undoStepsNameTheElementAndTheValue()
    {
        const Model model = testing::example("user-profile.cqrs.json", 60);
        Document document;
        document.resetModel(model);
        Inspector inspector(&document);
        inspector.setSelection({"user-view"}, {}, {});
        auto *consumers = inspector.findChild<QSpinBox *>(QStringLiteral("consumers"));
        QVERIFY(consumers);
        consumers->setValue(4);
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("Change Consumers of UserView to 4"));
        const int steps = document.undoStack()->count();
        consumers->setValue(5); // the next step of the same edit: merged
        QCOMPARE(document.undoStack()->count(), steps);
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("Change Consumers of UserView to 5"));

        inspector.setSelection({}, {}, {}); // the model's settings: no element
        auto *duration = inspector.findChild<QDoubleSpinBox *>(QStringLiteral("workload.duration"));
        QVERIFY(duration);
        duration->setValue(90.5);
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("Change Duration to 90.5 s"));
        auto *name = inspector.findChild<QLineEdit *>(QStringLiteral("name"));
        QVERIFY(name);
        QTest::keyClick(name, Qt::Key_End);
        QTest::keyClicks(name, QStringLiteral("X"));
        QCOMPARE(document.undoStack()->undoText(),
                 QStringLiteral("Change Name to “%1X”").arg(QString::fromStdString(model.name)));

        // The follow-up's checkbox says what it turned to ("Change follow-up
        // of UpdateEmail" said neither).
        inspector.setSelection({"update-email"}, {}, {});
        auto *followUp = inspector.findChild<QCheckBox *>(QStringLiteral("followUp.enabled"));
        QVERIFY(followUp && followUp->isChecked());
        followUp->click();
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("Change follow-up of UpdateEmail to none"));
        followUp->click(); // on again: the first query
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("Change follow-up of UpdateEmail to GetUser"));
    }

    // "2,5" in an English (or C) locale was taken as 25, its comma dropped
    // as a thousands separator: refused and said, the value kept.
    void aCommaIsNotDropped()
    {
        Document document;
        document.resetModel(testing::example("user-profile.cqrs.json", 60));
        Inspector inspector(&document);
        inspector.setSelection({}, {}, {});
        auto *rate = inspector.findChild<QDoubleSpinBox *>(QStringLiteral("workload.commandRate"));
        QVERIFY(rate);
        inspector.show();
        auto *queries = inspector.findChild<QDoubleSpinBox *>(QStringLiteral("workload.queryRate"));
        queries->setValue(queries->value() + 1); // an earlier edit, undone below
        const double before = document.model().workload.commandRate;
        rate->setFocus();
        rate->selectAll();
        QTest::keyClicks(rate, QStringLiteral("2,5"));
        QTest::keyClick(rate, Qt::Key_Return);
        QVERIFY(document.model().workload.commandRate == before);
        auto *message = inspector.findChild<QLabel *>(QStringLiteral("workload.commandRate.message"));
        QVERIFY(message);
        QVERIFY2(message->text().contains(QStringLiteral("“2,5” was not accepted")), qPrintable(message->text()));
        // The refusal was about that typing: an undo of an earlier edit takes it away.
        document.undoStack()->undo();
        QVERIFY2(message->text().isEmpty(), qPrintable(message->text()));

        // What the model wants greater than 0 refuses 0 as it is typed, not
        // only when run ("at least 0" let it in, then F5 refused it).
        inspector.setSelection({"get-own-profile"}, {}, {});
        auto *timeout = inspector.findChild<QDoubleSpinBox *>(QStringLiteral("consistency.timeout"));
        QVERIFY(timeout);
        const double kept = document.model().query("get-own-profile")->consistency.timeout;
        timeout->setFocus();
        timeout->selectAll();
        QTest::keyClicks(timeout, QStringLiteral("0"));
        QTest::keyClick(timeout, Qt::Key_Return);
        QVERIFY(document.model().query("get-own-profile")->consistency.timeout == kept);
        auto *timeoutMessage = inspector.findChild<QLabel *>(QStringLiteral("consistency.timeout.message"));
        QVERIFY(timeoutMessage);
        QVERIFY2(timeoutMessage->text().contains(QStringLiteral("Timeout must be a number greater than 0.")),
                 qPrintable(timeoutMessage->text()));
    }

    // Esc in a field takes back what was typed since the field got the
    // focus: the model's value, and no step left on the Edit History. Esc
    // with nothing typed, or after Return, takes nothing back.
    void escapeTakesTheTypingBack()
    {
        Document document;
        document.resetModel(testing::example("user-profile.cqrs.json", 60));
        Inspector inspector(&document);
        inspector.show();
        QVERIFY(QTest::qWaitForWindowExposed(&inspector));
        QApplication::setActiveWindow(&inspector);
        const int steps = document.undoStack()->count();

        inspector.setSelection({"user-view"}, {}, {});
        auto *name = inspector.findChild<QLineEdit *>(QStringLiteral("name"));
        QVERIFY(name);
        const QString before = name->text();
        name->setFocus();
        QTRY_VERIFY(name->hasFocus());
        QTest::keyClick(name, Qt::Key_End);
        QTest::keyClicks(name, QStringLiteral("Typo"));
        QCOMPARE(QString::fromStdString(elementName(*findElement(document.model(), "user-view"))),
                 before + QStringLiteral("Typo"));
        QTest::keyClick(name, Qt::Key_Escape);
        QCOMPARE(name->text(), before);
        QCOMPARE(QString::fromStdString(elementName(*findElement(document.model(), "user-view"))),
                 before);
        QCOMPARE(document.undoStack()->count(), steps); // merged back to nothing

        // A description (several lines) the same way.
        inspector.setSelection({}, {}, {});
        auto *description = inspector.findChild<QPlainTextEdit *>(QStringLiteral("description"));
        QVERIFY(description);
        const std::string text = document.model().description;
        description->setFocus();
        QTRY_VERIFY(description->hasFocus());
        description->moveCursor(QTextCursor::End);
        QTest::keyClicks(description, QStringLiteral(" more"));
        QVERIFY(document.model().description == text + " more");
        QTest::keyClick(description, Qt::Key_Escape);
        QVERIFY(document.model().description == text);

        // A number: what was typed goes, the model keeps its value.
        auto *rate = inspector.findChild<QDoubleSpinBox *>(QStringLiteral("workload.commandRate"));
        QVERIFY(rate);
        const double kept = document.model().workload.commandRate;
        const QString shown = rate->text();
        rate->setFocus();
        QTRY_VERIFY(rate->hasFocus());
        rate->selectAll();
        QTest::keyClicks(rate, QStringLiteral("999"));
        QTest::keyClick(rate, Qt::Key_Escape);
        QCOMPARE(rate->text(), shown);
        QTest::keyClick(rate, Qt::Key_Tab); // leaving the field sets nothing
        QVERIFY(document.model().workload.commandRate == kept);

        // After Return, Esc keeps what was set.
        rate->setFocus();
        QTRY_VERIFY(rate->hasFocus());
        rate->selectAll();
        QTest::keyClicks(rate, QStringLiteral("12"));
        QTest::keyClick(rate, Qt::Key_Return);
        QVERIFY(document.model().workload.commandRate == 12.0);
        const QString set = rate->text();
        QTest::keyClick(rate, Qt::Key_Escape);
        QCOMPARE(rate->text(), set);
        QVERIFY(document.model().workload.commandRate == 12.0);
        // The keypad's Enter as Return.
        rate->selectAll();
        QTest::keyClicks(rate, QStringLiteral("13"));
        QTest::keyClick(rate, Qt::Key_Enter, Qt::KeypadModifier);
        QVERIFY(document.model().workload.commandRate == 13.0);
        const QString entered = rate->text();
        QTest::keyClick(rate, Qt::Key_Escape);
        QCOMPARE(rate->text(), entered);

        // A step of the arrows is in the model at once: Esc takes it back
        // at once too, not when the field is left.
        QTest::keyClick(rate, Qt::Key_Up);
        QVERIFY(document.model().workload.commandRate > 13.0);
        QTest::keyClick(rate, Qt::Key_Escape);
        QVERIFY(document.model().workload.commandRate == 13.0);
        QCOMPARE(rate->text(), entered);
    }

    // A field that excludes 0 shows a model's 0 (valid where the field does
    // not apply: an eventual query's timeout, uniform keys' exponent) as
    // out of range; it once set the least value itself, an edit of its own.
    void excludedZeroIsNoEdit()
    {
        Model model = testing::example("user-profile.cqrs.json", 60);
        model.workload.keys.s = 0;
        for (Query &q : model.queries)
            q.consistency.timeout = 0;
        Document document;
        document.resetModel(model);
        Inspector inspector(&document);
        inspector.setSelection({}, {}, {});
        inspector.setSelection({"get-user"}, {}, {});
        inspector.setSelection({"get-own-profile"}, {}, {});
        QCOMPARE(document.undoStack()->count(), 0);
        QVERIFY(document.model() == model);
    }

    // In German a spin box reads "0.5" as 5, the point a thousands
    // separator; the number is read as typed, a dot being a decimal point.
    void aDotInGermanIsADecimalPoint()
    {
        const QLocale before;
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        Document document;
        document.resetModel(testing::example("user-profile.cqrs.json", 60));
        auto inspector = std::make_unique<Inspector>(&document);
        inspector->setSelection({"get-own-profile"}, {}, {});
        auto *timeout = inspector->findChild<QDoubleSpinBox *>(QStringLiteral("consistency.timeout"));
        inspector->show();
        timeout->setFocus();
        timeout->selectAll();
        QTest::keyClicks(timeout, QStringLiteral("0.5"));
        QTest::keyClick(timeout, Qt::Key_Return);
        const double typed = document.model().query("get-own-profile")->consistency.timeout;
        inspector.reset();
        QLocale::setDefault(before);
        QVERIFY2(typed == 0.5, qPrintable(QString::number(typed)));
    }

    // The seed is any 64-bit whole number, as in the file and on the command
    // line: a spin box showed 2147483647 and said the seed must be at least 0.
    void seedTakesTheWholeRange()
    {
        Model model = testing::example("user-profile.cqrs.json", 60);
        model.workload.seed = 9007199254740993;
        Document document;
        document.resetModel(model);
        Inspector inspector(&document);
        inspector.setSelection({}, {}, {});
        auto *seed = inspector.findChild<QLineEdit *>(QStringLiteral("workload.seed"));
        QVERIFY(seed);
        QCOMPARE(seed->text(), QStringLiteral("9007199254740993"));
        const auto type = [seed](const QString &text) {
            seed->setFocus();
            seed->selectAll();
            QTest::keyClicks(seed, text);
            QTest::keyClick(seed, Qt::Key_Return);
        };
        type(QStringLiteral("-5"));
        QVERIFY(document.model().workload.seed == -5);
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("Change Seed to -5"));
        type(QStringLiteral("9223372036854775807"));
        QVERIFY(document.model().workload.seed == std::numeric_limits<std::int64_t>::max());
        // Past the range: refused, said so, the value kept.
        type(QStringLiteral("9223372036854775808"));
        QVERIFY(document.model().workload.seed == std::numeric_limits<std::int64_t>::max());
        auto *message = inspector.findChild<QLabel *>(QStringLiteral("workload.seed.message"));
        QVERIFY(message);
        QVERIFY2(message->text().contains(QStringLiteral("whole number from -9223372036854775808")),
                 qPrintable(message->text()));
        QCOMPARE(seed->text(), QStringLiteral("9223372036854775807"));
        // Not a whole number: refused as typed ("1.5" became 15, its point dropped).
        type(QStringLiteral("1.5"));
        QVERIFY(document.model().workload.seed == std::numeric_limits<std::int64_t>::max());
        QVERIFY2(message->text().contains(QStringLiteral("whole number")), qPrintable(message->text()));
        // Undone (the typed values may merge into one step): the field follows.
        document.undoStack()->undo();
        QVERIFY(document.model().workload.seed != std::numeric_limits<std::int64_t>::max());
        QCOMPARE(seed->text(), QString::number(document.model().workload.seed));
        QVERIFY(message->text().isEmpty()); // the refusal went with what was typed
    }
};

QTEST_MAIN(TestInspectorPaths)
#include "tst_inspector_paths.moc"
