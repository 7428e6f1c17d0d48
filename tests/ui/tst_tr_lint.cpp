// Every user-visible string goes through tr() (issue 13): scans ui/**/*.cpp
// and app/cqrs-studio for text handed to a visible place (setText,
// setWindowTitle, setToolTip, addAction, a QMessageBox, a new QLabel, ...)
// as a bare literal or QStringLiteral instead of tr(). Text is words of two
// letters or more once markup, %1 placeholders and entities are removed;
// format strings, units and symbols pass. Legitimate literals are listed
// below with the reason.
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <vector>

namespace {

struct Allowed
{
    const char *file; ///< relative to the source tree
    const char *text; ///< the literal's text exactly
    const char *why;
};

/// Literals that are meant to stay as they are (none today).
const std::vector<Allowed> kAllowed = {};

/// Findings in files owned by the panels' accessibility work (ui/run,
/// ui/history, ui/challenge, ui/trace), left as they were on this branch.
/// The lead empties this list once that branch is merged.
const std::vector<Allowed> kPendingInOtherBranch = {};

/// Calls whose string arguments a user sees or hears.
const char *const kVisibleCalls[] = {
    "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setWhatsThis", "setPlaceholderText",
    "setTitle", "setAccessibleName", "setAccessibleDescription", "addAction", "addMenu", "addTab",
    "insertTab", "setTabText", "addItem", "addItems", "setHeaderLabels", "setHorizontalHeaderLabels",
    "setLabelText", "setEmptyLabel", "setSpecialValueText", "showMessage", "setInformativeText",
    "setDetailedText", "setApplicationDescription", "addButton", "information", "warning",
    "critical", "question", "about", "getOpenFileName", "getSaveFileName", "askExportPath", "getText",
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QDockWidget",
    "QToolBar", "QMenu", "QMessageBox", "QListWidgetItem", "QTreeWidgetItem", "QTableWidgetItem",
};

/// The words of a literal once markup, placeholders, entities and escapes are gone.
QString words(QString text)
{
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    static const QRegularExpression placeholders(QStringLiteral("%L?\\d+|%n"));
    static const QRegularExpression entities(QStringLiteral("&[#\\w]+;"));
    static const QRegularExpression escapes(QStringLiteral("\\\\[ntr\"\\\\]"));
    text.remove(tags).remove(placeholders).remove(entities).remove(escapes);
    return text;
}

bool isText(const QString &literal)
{
    static const QRegularExpression word(QStringLiteral("[A-Za-z]{2,}"));
    return words(literal).contains(word);
}

struct Finding
{
    QString file;
    int line;
    QString text;
};

QList<Finding> scanSource(const QString &relative, const QString &source)
{
    QString calls;
    for (const char *call : kVisibleCalls)
        calls += (calls.isEmpty() ? QString() : QStringLiteral("|")) + QLatin1String(call);
    // call( [one argument without a string,] "text" | QStringLiteral("text") | QString("text") ...
    static const QString argument = QStringLiteral(R"re((?:[\w:.>\-*&]+(?:\([^()";]*\))?)+)re");
    const QRegularExpression pattern(
        QStringLiteral(R"re(\b(?:%1)\s*\(\s*(?:%2\s*,\s*){0,2}(?:QStringLiteral|QString|QLatin1String|QString::fromUtf8|QString::fromLatin1)?\s*\(?\s*"((?:[^"\\]|\\.)*)")re")
            .arg(calls, argument));
    QList<Finding> findings;
    auto it = pattern.globalMatch(source);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const QString literal = match.captured(1);
        if (!isText(literal))
            continue;
        // tr("...") right before the literal is fine: the pattern only sees
        // literals that are the argument itself.
        const int line = int(source.left(match.capturedStart(1)).count(QLatin1Char('\n'))) + 1;
        findings.append({relative, line, literal});
    }
    return findings;
}

QList<Finding> scan(const QString &relative)
{
    QFile file(QStringLiteral(CQRS_SOURCE_DIR "/") + relative);
    if (!file.open(QIODevice::ReadOnly))
        return {{relative, 0, QStringLiteral("(cannot read)")}};
    return scanSource(relative, QString::fromUtf8(file.readAll()));
}

bool listed(const std::vector<Allowed> &list, const Finding &finding)
{
    return std::any_of(list.begin(), list.end(), [&](const Allowed &a) {
        return finding.file == QLatin1String(a.file) && finding.text == QString::fromUtf8(a.text);
    });
}

QStringList sources()
{
    QStringList files;
    for (const QString &dir : {QStringLiteral("ui"), QStringLiteral("app/cqrs-studio")}) {
        QDirIterator it(QStringLiteral(CQRS_SOURCE_DIR "/") + dir, {QStringLiteral("*.cpp")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next().mid(int(qstrlen(CQRS_SOURCE_DIR)) + 1);
    }
    files.sort();
    return files;
}

} // namespace

class TestTrLint : public QObject
{
    Q_OBJECT

private slots:
    /// The scanner itself: it finds what it should and passes what it should.
    void scannerSeesBareText()
    {
        QVERIFY(isText(QStringLiteral("Open model")));
        QVERIFY(!isText(QStringLiteral("%1 (%2)")));
        QVERIFY(!isText(QStringLiteral("<b>%1</b><br>%2")));
        QVERIFY(!isText(QStringLiteral(" s")));
        QVERIFY(!isText(QStringLiteral(" · ")));
        QVERIFY(!isText(QStringLiteral("&nbsp;%1&nbsp;")));
        QVERIFY(isText(QStringLiteral("<b>Run</b>")));
        auto count = [](const char *code) { return scanSource(QStringLiteral("x.cpp"), QString::fromUtf8(code)).size(); };
        QCOMPARE(count(R"(label->setText(QStringLiteral("Open model"));)"), 1);
        QCOMPARE(count(R"(button->setToolTip("Run it");)"), 1);
        QCOMPARE(count(R"(menu->addAction(style()->standardIcon(QStyle::SP_MediaPlay), QStringLiteral("Add thing"), this, f);)"), 1);
        QCOMPARE(count(R"(auto *l = new QLabel(QStringLiteral("Hello there"), this);)"), 1);
        QCOMPARE(count("box->setWindowTitle(\n    QStringLiteral(\"Cannot save\"));"), 1);
        QCOMPARE(count(R"(label->setText(tr("Open model"));)"), 0);
        QCOMPARE(count(R"(label->setText(QStringLiteral("%1 s").arg(x));)"), 0);
        QCOMPARE(count(R"(setObjectName(QStringLiteral("Open model"));)"), 0);
    }

    void noBareUserVisibleText()
    {
        QStringList found;
        int scanned = 0;
        for (const QString &file : sources()) {
            ++scanned;
            for (const Finding &f : scan(file)) {
                if (listed(kAllowed, f) || listed(kPendingInOtherBranch, f))
                    continue;
                found << QStringLiteral("%1:%2: \"%3\"").arg(f.file).arg(f.line).arg(f.text);
            }
        }
        QVERIFY(scanned > 40);
        QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("user-visible text without tr():\n  ")
                                             + found.join(QStringLiteral("\n  "))));
    }

    /// No file defines its own free tr() helper: lupdate files such strings
    /// under the enclosing class or namespace, not under the context the
    /// helper looks them up in, so they could never be translated. Use a
    /// struct with Q_DECLARE_TR_FUNCTIONS(context) instead.
    void noFreeTrHelpers()
    {
        static const QRegularExpression helper(QStringLiteral(R"(^\s*(static\s+)?QString\s+tr\s*\()"),
                                               QRegularExpression::MultilineOption);
        QStringList found;
        for (const QString &file : sources()) {
            QFile f(QStringLiteral(CQRS_SOURCE_DIR "/") + file);
            QVERIFY(f.open(QIODevice::ReadOnly));
            if (helper.match(QString::fromUtf8(f.readAll())).hasMatch())
                found << file;
        }
        QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("free tr() helpers in: ") + found.join(QStringLiteral(", "))));
    }

    /// Every allow-list entry still matches something (a stale one hides nothing).
    void allowListIsCurrent()
    {
        QList<Finding> all;
        for (const QString &file : sources())
            all += scan(file);
        for (const std::vector<Allowed> *list : {&kAllowed, &kPendingInOtherBranch}) {
            for (const Allowed &a : *list) {
                const bool used = std::any_of(all.begin(), all.end(), [&](const Finding &f) {
                    return listed({a}, f);
                });
                QVERIFY2(used, qPrintable(QStringLiteral("stale allow-list entry %1 \"%2\" (%3): remove it")
                                              .arg(QLatin1String(a.file), QString::fromUtf8(a.text), QLatin1String(a.why))));
            }
        }
    }
};

QTEST_MAIN(TestTrLint)
#include "tst_tr_lint.moc"
