#include "summarywidget.h"

#include <QHBoxLayout>
#include <QLocale>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <cmath>

namespace cqrs {

namespace {

double number(const Json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<double>() : 0.0;
}

QString sec(double value)
{
    if (value == 0)
        return QStringLiteral("0");
    if (value < 0.001)
        return QStringLiteral("%1 µs").arg(value * 1e6, 0, 'g', 3);
    if (value < 1)
        return QStringLiteral("%1 ms").arg(value * 1e3, 0, 'g', 3);
    return QStringLiteral("%1 s").arg(value, 0, 'g', 4);
}

QString count(double value)
{
    return QLocale().toString(qlonglong(std::llround(value)));
}

QString pct(double ratio)
{
    return QStringLiteral("%1%").arg(ratio * 100, 0, 'f', ratio < 0.1 ? 1 : 0);
}

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString name(const std::string &n, const std::string &id)
{
    return esc(QString::fromStdString(n.empty() ? id : n));
}

} // namespace

SummaryWidget::SummaryWidget(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_view = new QTextBrowser(this);
    m_view->setObjectName(QStringLiteral("summaryView"));
    m_view->setOpenLinks(false);
    QFont font = m_view->font();
    font.setPointSizeF(font.pointSizeF() * 1.1);
    m_view->setFont(font);
    layout->addWidget(m_view, 1);
    auto *buttons = new QHBoxLayout;
    m_saveJson = new QPushButton(tr("Save Result JSON…"), this);
    m_saveJson->setToolTip(tr("The result file, byte for byte what cqrs-sim run writes"));
    m_saveCsv = new QPushButton(tr("Save Series CSV…"), this);
    buttons->addWidget(m_saveJson);
    buttons->addWidget(m_saveCsv);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    connect(m_saveJson, &QPushButton::clicked, this, &SummaryWidget::exportJsonRequested);
    connect(m_saveCsv, &QPushButton::clicked, this, &SummaryWidget::exportCsvRequested);
    clear();
}

void SummaryWidget::clear()
{
    m_run.reset();
    m_insights.clear();
    m_view->setHtml(tr("<p style='color:#555'>Run the model (F5): when the run ends, its numbers, "
                       "budgets and insights appear here.</p>"));
    m_saveJson->setEnabled(false);
    m_saveCsv->setEnabled(false);
}

QString SummaryWidget::plainText() const
{
    return m_view->toPlainText();
}

void SummaryWidget::showResult(const Model &model, const RunResult &run)
{
    m_run = run;
    const Json &r = *run.result;
    m_insights = computeInsights(model, r);
    m_saveJson->setEnabled(true);
    m_saveCsv->setEnabled(true);

    QString html;
    html += QStringLiteral("<style>td,th{padding:2px 8px;} th{text-align:left;background:#eef;} "
                           ".ok{color:#1a7f37;font-weight:bold} .bad{color:#c62828;font-weight:bold} "
                           ".warn{color:#b26a00;font-weight:bold}</style>");
    const Json &engine = r.contains("engine") ? r["engine"] : Json::object();
    html += tr("<h2>%1 — %2</h2>")
                .arg(esc(QString::fromStdString(r.value("model", std::string()))),
                     run.complete ? tr("run finished") : tr("stopped at %1 s").arg(run.time));
    html += tr("<p>Seed %1 · %2 simulated s (measured from %3 s) · %4 engine events in %5 s</p>")
                .arg(QString::number(r.value("seed", 0LL)))
                .arg(number(r, "simulatedSeconds"))
                .arg(number(r, "measuredFrom"))
                .arg(count(number(engine, "events")))
                .arg(number(engine, "wallSeconds"), 0, 'f', 2);

    // Insights first: that is what the room looks at.
    html += tr("<h3>Insights</h3><table><tr><th></th><th>Finding</th><th>Simulated</th><th>Predicted</th></tr>");
    for (const Insight &in : m_insights) {
        const char *cls = in.severity == Insight::Severity::Problem ? "bad"
                          : in.severity == Insight::Severity::Warning ? "warn" : "ok";
        const char *mark = in.severity == Insight::Severity::Problem ? "✘"
                           : in.severity == Insight::Severity::Warning ? "!" : "✔";
        html += QStringLiteral("<tr><td class='%1'>%2</td><td>%3</td><td>%4</td><td>%5</td></tr>")
                    .arg(QLatin1String(cls), QString::fromUtf8(mark), esc(in.text), esc(in.simulated),
                         esc(in.predicted));
    }
    html += QStringLiteral("</table>");

    if (r.contains("readModels")) {
        html += tr("<h3>Read models</h3><table><tr><th>Read model</th><th>Applied</th><th>Window p50</th>"
                   "<th>p99</th><th>max</th><th>Budget p99</th><th>Backlog mean / max</th><th>Lag max</th>"
                   "<th>Utilization</th></tr>");
        for (const ReadModel &rm : model.readModels) {
            if (!r["readModels"].contains(rm.id))
                continue;
            const Json &j = r["readModels"][rm.id];
            const Json &w = j["consistencyWindow"];
            QString budget = QStringLiteral("—");
            if (j.contains("staleBudget")) {
                const bool met = j["staleBudget"].value("met", true);
                budget = QStringLiteral("<span class='%1'>%2 %3</span>")
                             .arg(met ? QStringLiteral("ok") : QStringLiteral("bad"),
                                  met ? tr("met") : tr("missed"), sec(number(j["staleBudget"], "p99")));
            }
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td>"
                                   "<td>%7 / %8</td><td>%9</td><td>%10</td></tr>")
                        .arg(name(rm.name, rm.id), count(number(j, "applied")), sec(number(w, "p50")),
                             sec(number(w, "p99")), sec(number(w, "max")), budget,
                             QString::number(number(j["backlog"], "mean"), 'g', 4),
                             count(number(j["backlog"], "max")), sec(number(j["lag"], "max")))
                        .arg(pct(number(j, "utilization")));
        }
        html += QStringLiteral("</table>");
    }
    if (r.contains("commands")) {
        html += tr("<h3>Commands</h3><table><tr><th>Command</th><th>Issued</th><th>Accepted</th><th>Rejected</th>"
                   "<th>Conflicts</th><th>Stale decisions</th><th>Latency p50</th><th>p99</th></tr>");
        auto row = [&](const QString &label, const Json &j) {
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td>"
                                   "<td>%7</td><td>%8</td></tr>")
                        .arg(label, count(number(j, "issued")), count(number(j, "accepted")),
                             count(number(j, "rejected")), count(number(j, "conflicts")),
                             count(number(j, "staleDecisions")), sec(number(j["latency"], "p50")),
                             sec(number(j["latency"], "p99")));
        };
        for (const Command &c : model.commands) {
            if (r["commands"].contains("byType") && r["commands"]["byType"].contains(c.id))
                row(name(c.name, c.id), r["commands"]["byType"][c.id]);
        }
        row(tr("<b>Total</b>"), r["commands"]["total"]);
        html += QStringLiteral("</table>");
        html += tr("<p>Events published: %1 · write side %2 busy</p>")
                    .arg(count(r.contains("events") ? number(r["events"], "published") : 0.0),
                         pct(r.contains("writeSide") ? number(r["writeSide"], "utilization") : 0.0));
    }
    if (r.contains("queries") && !model.queries.empty()) {
        html += tr("<h3>Queries</h3><table><tr><th>Query</th><th>Issued</th><th>Stale</th><th>Staleness p99</th>"
                   "<th>Latency p99</th><th>Timeouts</th></tr>");
        for (const Query &q : model.queries) {
            if (!r["queries"].contains(q.id))
                continue;
            const Json &j = r["queries"][q.id];
            html += QStringLiteral("<tr><td>%1 <small>(%2)</small></td><td>%3</td><td>%4</td><td>%5</td><td>%6</td>"
                                   "<td>%7</td></tr>")
                        .arg(name(q.name, q.id), esc(QString::fromUtf8(toString(q.consistency.strategy).data(), qsizetype(toString(q.consistency.strategy).size()))),
                             count(number(j, "issued")), pct(number(j, "staleRatio")),
                             sec(number(j["staleness"], "p99")), sec(number(j["latency"], "p99")),
                             count(number(j, "timeouts")));
        }
        html += QStringLiteral("</table>");
    }
    m_view->setHtml(html);
}

} // namespace cqrs
