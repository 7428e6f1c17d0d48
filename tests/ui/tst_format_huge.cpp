// The GUI's number formatters never print "inf" or hundreds of digits
// (issue 13): a capacity of 1e305 per second is "1.0 × 10^305/s".
#include <QtTest>

#include "cqrs/ui/common/format.h"

#include <QLocale>

#include <limits>
#include <optional>

using namespace cqrs;

class TestFormatHuge : public QObject
{
    Q_OBJECT

private slots:
    void hugeNumbers();
    void pluralsInEnglish();
    void parameterValuesCarryTheirUnits();
    void typedNumbersKeepTheirSeparators();
};

// Qt drops a thousands separator wherever it stands: "2,5" typed in an
// English (or C) locale became 25, "0.5" in German 5. Refused instead;
// one where the locale writes it ("100,000", as a field shows it) is fine.
void TestFormatHuge::typedNumbersKeepTheirSeparators()
{
    QVERIFY(parseUserNumber(QStringLiteral("2.5")) == 2.5);
    QVERIFY(parseUserNumber(QStringLiteral(" 1e3 ")) == 1000.0);
    QVERIFY(!parseUserNumber(QStringLiteral("2,5")));
    QVERIFY(!parseUserNumber(QStringLiteral("1,00")));
    QVERIFY(!parseUserNumber(QStringLiteral("1000,000")));
    QVERIFY(!parseUserNumber(QStringLiteral("1.000,5")));
    QVERIFY(!parseUserNumber(QStringLiteral(",5")));
    QVERIFY(!parseUserNumber(QStringLiteral("0,250")));
    QVERIFY(parseUserNumber(QStringLiteral("100,000")) == 100000.0);
    QVERIFY(parseUserNumber(QStringLiteral("-1,234,567.5")) == -1234567.5);
    QVERIFY(!parseUserNumber(QString()));
    QVERIFY(!parseUserNumber(QStringLiteral("inf")));
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const std::optional<double> comma = parseUserNumber(QStringLiteral("2,5"));
    const std::optional<double> dot = parseUserNumber(QStringLiteral("0.5"));
    const std::optional<double> grouped = parseUserNumber(QStringLiteral("1.000,5"));
    const std::optional<double> leadingZero = parseUserNumber(QStringLiteral("0.250"));
    QLocale::setDefault(before);
    QVERIFY(comma == 2.5);
    QVERIFY(dot == 0.5);
    QVERIFY(grouped == 1000.5);
    QVERIFY(leadingZero == 0.25); // no thousands: the C reading
}

// The parameter tables (Compare, reports, Variant B's changes) showed the
// JSON values: "5" for a batch interval, "0.05" for a median of 50 ms.
void TestFormatHuge::parameterValuesCarryTheirUnits()
{
    QCOMPARE(formatParameterValue("readModels.search-index.update.interval", "5"), QStringLiteral("5 s"));
    QCOMPARE(formatParameterValue("readModels.user-view.applyTime.median", "0.05"), QStringLiteral("50 ms"));
    QCOMPARE(formatParameterValue("readModels.user-view.applyTime.p99", "1.2345"), QStringLiteral("1.2345 s"));
    QCOMPARE(formatParameterValue("readModels.user-view.applyTime", "0.002"), QStringLiteral("2 ms"));
    QCOMPARE(formatParameterValue("readModels.user-view.applyTime.dist", "\"lognormal\""),
             QStringLiteral("\"lognormal\""));
    QCOMPARE(formatParameterValue("readModels.user-view.staleBudget.p99", "1"), QStringLiteral("1 s"));
    QCOMPARE(formatParameterValue("readModels.user-view.outages.0.at", "300"), QStringLiteral("300 s"));
    QCOMPARE(formatParameterValue("workload.duration", "86400"), QStringLiteral("86,400 s"));
    QCOMPARE(formatParameterValue("queries.get-user.consistency.timeout", "0"), QStringLiteral("0 s"));
    QCOMPARE(formatParameterValue("workload.commandRate", "150"), QStringLiteral("150/s"));
    QCOMPARE(formatParameterValue("eventBus.duplicateRate", "0.0005"), QStringLiteral("0.05%"));
    QCOMPARE(formatParameterValue("commands.update-email.followUp.probability", "0.3"), QStringLiteral("30%"));
    // Counts, weights and factors are as written.
    QCOMPARE(formatParameterValue("readModels.user-view.consumers", "4"), QStringLiteral("4"));
    QCOMPARE(formatParameterValue("commands.update-email.share", "0.25"), QStringLiteral("0.25"));
    QCOMPARE(formatParameterValue("workload.rateProfile.0.factor", "3"), QStringLiteral("3"));
    QCOMPARE(formatParameterValue("readModels.user-view.storage", "\"key-value\""), QStringLiteral("\"key-value\""));
    // A whole distribution (a what-if, an edit during a run) in words, not its JSON.
    QCOMPARE(formatParameterValue("readModels.user-view.applyTime", R"({"dist":"lognormal","median":0.05,"p99":0.5})"),
             QStringLiteral("lognormal: median 50 ms, p99 500 ms"));
    QCOMPARE(formatParameterValue("policies.notify.handlerTime", R"({"dist":"constant","value":2.5})"),
             QStringLiteral("constant: 2.5 s"));
    QCOMPARE(formatParameterValue("workload.keys", R"({"dist":"zipf","s":1.1})"), QStringLiteral("zipf: s 1.1"));
    QCOMPARE(formatParameterValue("workload.keys", R"({"dist":"uniform"})"), QStringLiteral("uniform"));
    // Outages and rebuilds scheduled during a run: the whole list.
    QCOMPARE(formatParameterValue("readModels.user-view.outages",
                                  R"([{"at":300,"duration":60},{"at":900.5,"duration":0.25}])"),
             QStringLiteral("at 300 s for 60 s; at 900.5 s for 250 ms"));
    QCOMPARE(formatParameterValue("readModels.user-view.rebuilds", R"([{"at":30}])"), QStringLiteral("at 30 s"));
    QCOMPARE(formatParameterValue("readModels.user-view.rebuilds", "[]"), QStringLiteral("none"));
    // What it cannot read in words stays as written.
    QCOMPARE(formatParameterValue("readModels.user-view.outages", R"([{"at":"soon"}])"),
             QStringLiteral(R"([{"at":"soon"}])"));
    QCOMPARE(formatParameterValue("readModels.user-view.update", R"({"mode":"batch"})"),
             QStringLiteral(R"({"mode":"batch"})"));
    QCOMPARE(formatParameterValue("readModels.user-view.applyTime", "{not json"), QStringLiteral("{not json"));
    QCOMPARE(formatParameterValue("readModels.user-view.applyTime", R"({"dist":"lognormal","median":"50ms","p99":0.5})"),
             QStringLiteral(R"({"dist":"lognormal","median":"50ms","p99":0.5})"));
    QCOMPARE(formatParameterValue("readModels.user-view.applyTime", R"({"dist":"constant","value":0.5,"note":"x"})"),
             QStringLiteral("constant: 500 ms"));
}

void TestFormatHuge::pluralsInEnglish()
{
    // No English translation gives tr("%n ...(s)") its plural forms: plural() does.
    auto counted = [](const char *source, int n) {
        return plural(QCoreApplication::translate("cqrs::Test", source, nullptr, n), n);
    };
    QCOMPARE(counted("%n error(s)", 1), QStringLiteral("1 error"));
    QCOMPARE(counted("%n error(s)", 0), QStringLiteral("0 errors"));
    QCOMPARE(counted("%n error(s)", 12), QStringLiteral("12 errors"));
    QCOMPARE(counted("%n stress(es)", 2), QStringLiteral("2 stresses"));
    QCOMPARE(counted("%n stress(es)", 1), QStringLiteral("1 stress"));
    QCOMPARE(counted(" (judged %1, %n hint(s) −%2)", 1),
             QStringLiteral(" (judged %1, 1 hint −%2)"));
    QCOMPARE(counted("%n older copy(ies) will be offered next time.", 1),
             QStringLiteral("1 older copy will be offered next time."));
    QCOMPARE(counted("%n older copy(ies) will be offered next time.", 3),
             QStringLiteral("3 older copies will be offered next time."));
    // A unit in brackets is not an ending.
    QCOMPARE(plural(QStringLiteral("%1 run(s), time (s)"), 2), QStringLiteral("%1 runs, time (s)"));
    // A translation's own forms are left alone.
    QCOMPARE(plural(QStringLiteral("3 Fehler"), 3), QStringLiteral("3 Fehler"));
}

void TestFormatHuge::hugeNumbers()
{
    QLocale::setDefault(QLocale::c());
    const double inf = std::numeric_limits<double>::infinity();
    QCOMPARE(formatRate(1e305), QStringLiteral("1.0 × 10^305/s"));
    QCOMPARE(formatNumber(1.7976931348623157e308), QStringLiteral("1.8 × 10^308"));
    QCOMPARE(formatCount(6.1e20), QStringLiteral("6.1 × 10^20"));
    QCOMPARE(formatCount(9.96e17), QStringLiteral("1.0 × 10^18"));
    QCOMPARE(formatPercent(1e300), QStringLiteral("1.0 × 10^302%"));
    QCOMPARE(formatNumber(-2e16), QStringLiteral("-2.0 × 10^16"));
    // Below 10^15 the digits stay, grouped.
    QCOMPARE(formatCount(123456789012345.0), QStringLiteral("123,456,789,012,345"));
    QCOMPARE(formatCount(16920), QStringLiteral("16,920"));
    QCOMPARE(formatNumber(inf), QStringLiteral("∞"));
    QCOMPARE(formatCount(std::nan("")), QStringLiteral("∞"));
    for (double v : {1e15, 1e18, 1e100, 1e308, -1e308}) {
        for (const QString &text : {formatNumber(v), formatCount(v), formatRate(v), formatPercent(v)}) {
            QVERIFY2(text.size() < 24, qPrintable(text));
            QVERIFY2(!text.contains("inf") && !text.contains("e+"), qPrintable(text));
        }
    }
}

QTEST_GUILESS_MAIN(TestFormatHuge)
#include "tst_format_huge.moc"
