#include "cqrs/ui/run/summarywidget.h"

#include "cqrs/ui/common/focusring.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/common/glossary.h"
#include "cqrs/ui/run/chartcard.h"

#include <QHBoxLayout>
#include <QPushButton>
#include <QRegularExpression>
#include <QTextBrowser>
#include <QTextDocumentFragment>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

namespace cqrs {

namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString name(const std::string &n, const std::string &id)
{
    return esc(QString::fromStdString(n.empty() ? id : n));
}

/// A header cell whose tooltip explains the figure (glossary).
QString th(const QString &label, Term term)
{
    return QStringLiteral("<th title=\"%1\">%2</th>").arg(esc(termTooltip(term)), label);
}

QString th(const QString &label, const QString &tooltip)
{
    return QStringLiteral("<th title=\"%1\">%2</th>").arg(esc(tooltip), label);
}

QString td(QString html, bool number = true)
{
    // A figure ("793 ms", "4.97 min", "17,129 / 31,185") never wraps inside
    // itself: not at its spaces, and not after a decimal point either.
    if (number && !html.contains(QLatin1Char('<')))
        html.replace(QLatin1Char(' '), QChar(0xA0));
    return number ? QStringLiteral("<td align='right' style='white-space:nowrap'>%1</td>").arg(html)
                  : QStringLiteral("<td>%1</td>").arg(html);
}

/// A figure of a STATS object (`figure` is one of its members), or a dash
/// when it has no samples (a figure from zero samples is not a figure).
QString stat(const sim::ResultStats &stats, double sim::ResultStats::*figure)
{
    if (stats.count <= 0)
        return QStringLiteral("<span title=\"%1\">—</span>")
            .arg(esc(SummaryWidget::tr("No samples in the measured time")));
    return formatSeconds(stats.*figure);
}

const char *severityClass(Insight::Severity severity)
{
    switch (severity) {
    case Insight::Severity::Problem:
        return "bad";
    case Insight::Severity::Warning:
        return "warn";
    case Insight::Severity::NotJudged:
        return "muted";
    case Insight::Severity::Info:
        break;
    }
    return "ok";
}

QString severityMark(Insight::Severity severity)
{
    switch (severity) {
    case Insight::Severity::Problem:
        return QStringLiteral("✘");
    case Insight::Severity::Warning:
        return QStringLiteral("!");
    case Insight::Severity::NotJudged:
        return QStringLiteral("–");
    case Insight::Severity::Info:
        break;
    }
    return QStringLiteral("✔");
}

QString agreementCell(const Insight &in)
{
    switch (in.agreement) {
    case Insight::Agreement::Agrees:
        return QStringLiteral("<span class='ok'>%1</span> %2")
            .arg(SummaryWidget::tr("agrees"), esc(in.agreementNote));
    case Insight::Agreement::Differs:
        return QStringLiteral("<span class='warn'>%1</span> %2")
            .arg(SummaryWidget::tr("differs"), esc(in.agreementNote));
    case Insight::Agreement::None:
        break;
    }
    return in.agreementNote.isEmpty() ? QStringLiteral("—")
                                      : QStringLiteral("— %1").arg(esc(in.agreementNote));
}

} // namespace

SummaryWidget::SummaryWidget(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_view = new QTextBrowser(this);
    m_view->setObjectName(QStringLiteral("summaryView"));
    FocusRing::mark(m_view); // Tab reached the page and nothing said so
    m_view->setOpenLinks(false);
    // Break lines between words only; a table wider than the view scrolls.
    m_view->setWordWrapMode(QTextOption::WordWrap);
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
    m_saveCsv->setToolTip(tr("Every sample of the run's time series as a table (CSV)"));
    m_view->setAccessibleName(tr("Run summary"));
    m_view->setAccessibleDescription(tr(
        "The finished run's figures, which budgets are met, and insights with their predictions"));
    connect(m_saveJson, &QPushButton::clicked, this, &SummaryWidget::exportJsonRequested);
    connect(m_saveCsv, &QPushButton::clicked, this, &SummaryWidget::exportCsvRequested);
    connect(m_view, &QTextBrowser::anchorClicked, this, &SummaryWidget::openTraceLink);
    clear();
}

void SummaryWidget::clear()
{
    m_run.reset();
    m_insights.clear();
    m_markers.clear();
    m_staleTrace.reset();
    m_staleNote.clear();
    m_resultHtml.clear();
    m_insightsEnd = 0;
    m_html.clear();
    // Also shown while a run is going (Reset, then Run): true in both states.
    m_view->setHtml(tr("<p style='color:#555'>When a run ends, its numbers, budgets and insights "
                       "appear here (Run: F5).</p>"));
    m_saveJson->setEnabled(false);
    m_saveCsv->setEnabled(false);
}

void SummaryWidget::showNoResult(const QString &why)
{
    clear();
    m_view->setHtml(QStringLiteral("<p style='color:#555'>%1</p>").arg(why.toHtmlEscaped()));
}

QString SummaryWidget::plainText() const
{
    return m_view->toPlainText();
}

QString SummaryWidget::html() const
{
    return m_html;
}

QString SummaryWidget::reportHtml() const
{
    QString html = m_html;
    const QString link
        = QStringLiteral("<a href=\"%1\">%2</a>").arg(traceLink(), tr("open the trace"));
    html.replace(QStringLiteral(": ") + link, QString());
    // The page's own styles apply: the panel's restyled every table of it.
    static const QRegularExpression style(QStringLiteral("<style>.*?</style>"),
                                          QRegularExpression::DotMatchesEverythingOption);
    html.remove(style);
    // A tooltip is rich text in the panel and plain text in a browser, which
    // showed "<b>Utilization</b><br>The share…" on hover.
    static const QRegularExpression title(QStringLiteral("title=\"([^\"]*)\""));
    QString out;
    qsizetype from = 0;
    for (const QRegularExpressionMatch &m : title.globalMatch(html)) {
        // The attribute as the panel reads it, then its words (a plain one as it is).
        const QString text = QTextDocumentFragment::fromHtml(m.captured(1)).toPlainText();
        const QString words = Qt::mightBeRichText(text)
                                  ? QTextDocumentFragment::fromHtml(text).toPlainText()
                                  : text;
        out += QStringView(html).mid(from, m.capturedStart() - from);
        out += QStringLiteral("title=\"%1\"").arg(words.trimmed().toHtmlEscaped());
        from = m.capturedEnd();
    }
    out += QStringView(html).mid(from);
    return out;
}

void SummaryWidget::showResult(const Model &model, const RunResult &run, ModelChanges changes)
{
    m_run = run;
    m_insights.clear();
    m_model = model; // names the stale-read insight

    m_saveJson->setEnabled(true);
    m_saveCsv->setEnabled(true);
    if (!m_run->figures) {
        // A result given as JSON only (a stored run): read it once.
        std::string error = tr("the run has none").toStdString();
        std::optional<sim::Result> figures
            = m_run->result ? sim::resultFromJson(*m_run->result, &error) : std::nullopt;
        if (!figures) {
            m_resultHtml
                = QStringLiteral("<p class='bad'>%1</p>")
                      .arg(esc(
                          tr("The result cannot be read: %1").arg(QString::fromStdString(error))));
            m_insightsEnd = 0;
            render();
            return;
        }
        m_run->figures = std::make_shared<const sim::Result>(std::move(*figures));
    }
    const sim::Result &r = *m_run->figures;
    // How long each element was down: the markers have the outages started
    // during the run (a what-if) beside the model's own.
    std::map<std::string, double> down;
    for (const RunMarker &m : m_markers) {
        if (m.kind == RunMarker::Kind::Outage && m.isInterval() && m.start < run.time)
            down[m.element]
                += std::max(0.0, std::min(m.open ? run.time : m.end, run.time) - m.start);
    }
    m_insights = computeInsights(model, r, changes, m_markers.empty() ? nullptr : &down);

    const double simulated = r.simulatedSeconds;
    const double measuredFrom = r.measuredFrom;
    const double measured = std::max(0.0, simulated - measuredFrom);
    const double duration = model.workload.duration;

    QString html;
    html += QStringLiteral(
        "<style>td,th{padding:2px 8px;vertical-align:top} th{text-align:left;background:#eef;} "
        ".ok{color:#1a7f37;font-weight:bold} .bad{color:#c62828;font-weight:bold} "
        ".warn{color:#b26a00;font-weight:bold} .muted{color:#777;font-weight:bold} "
        ".note{color:#555} small{color:#444}</style>");
    html += QStringLiteral("<h2>%1 — %2</h2>")
                .arg(esc(QString::fromStdString(r.model)),
                     run.complete ? tr("run finished") : tr("stopped early"));
    if (!run.complete) {
        // Moments in the charts' unit, as the run bar's clock reads them:
        // "stopped at 39.8 s of 600 s", not "of 10 min".
        const auto at = [duration](double t) {
            return formatMoment(t, duration);
        };
        html
            += QStringLiteral("<p class='warn'>%1</p>")
                   .arg(
                       measured > 0
                           ? tr("The run was stopped at %1 of %2 (%3). Every figure below covers "
                                "only the %4 "
                                "measured, from %5 to %1; what would have happened later (batches, "
                                "outages, "
                                "rebuilds, rate changes) is not in them.")
                                 .arg(at(simulated), at(duration),
                                      esc(formatPercent(duration > 0 ? simulated / duration : 0.0)),
                                      formatSeconds(measured), at(measuredFrom))
                           : tr("The run was stopped at %1 of %2, before the warm-up ended at %3: "
                                "nothing "
                                "was measured.")
                                 .arg(at(simulated), at(duration), at(measuredFrom)));
    }
    html += tr("<p>Seed %1 · %2 simulated (measured from %3) · %4 engine events in %5</p>")
                .arg(QString::number(r.seed), formatSeconds(simulated),
                     measuredFrom > 0 ? formatMoment(measuredFrom, duration) : tr("the start"),
                     formatCount(double(r.engineEvents)), formatSeconds(r.engineWallSeconds));

    // Insights first: that is what the room looks at. One block per finding
    // (mark, sentence, then its figures), so a narrow dock wraps words, not
    // columns.
    html += tr("<h3>Insights</h3>");
    const QString statusLegend
        = tr("Status: ✔ healthy or budget met · ! worth a look · ✘ a problem · – cannot be "
             "judged from this run.");
    html += QStringLiteral("<table width='100%' cellspacing='0'>");
    for (const Insight &in : m_insights) {
        QString figures = QStringLiteral("<span title=\"%1\">%2</span> %3")
                              .arg(esc(tr("The figure the simulation measured")), tr("Simulated:"),
                                   esc(in.simulated));
        if (!in.predicted.isEmpty() || in.agreement != Insight::Agreement::None)
            figures
                += QStringLiteral(
                       " · <span title=\"%1\">%2</span> %3 · <span title=\"%4\">%5</span> %6")
                       .arg(esc(tr("What queueing theory predicts from the model's numbers alone")),
                            tr("Predicted:"),
                            in.predicted.isEmpty() ? QStringLiteral("—") : esc(in.predicted),
                            esc(agreementToleranceText()), tr("Agreement:"), agreementCell(in));
        html += QStringLiteral(
                    "<tr><td class='%1' title=\"%2\">%3</td><td><span title=\"%4\">%5</span><br>"
                    "<small>%6</small></td></tr>")
                    .arg(QLatin1String(severityClass(in.severity)), esc(statusLegend),
                         severityMark(in.severity), esc(termTooltip(in.term)), esc(in.text),
                         figures);
    }
    m_insightsEnd = html.size(); // the stale-read insight is the table's last row
    const bool anyPrediction
        = std::any_of(m_insights.begin(), m_insights.end(), [](const Insight &in) {
              return !in.predicted.isEmpty() || in.agreement != Insight::Agreement::None;
          });
    html += QStringLiteral("</table><p class='note'><small>%1</small></p>")
                .arg(esc(
                    anyPrediction
                        ? tr("%1 Status and agreement are separate: a budget can be missed while "
                             "the prediction agrees, and the other way round. %2")
                              .arg(statusLegend, agreementToleranceText())
                        : statusLegend));

    if (!model.readModels.empty()) {
        // Where a delivery came twice (a duplicate rate, a duplicate storm):
        // how many were applied again, and how many of them corrupted a read
        // model that is not idempotent.
        const bool anyDuplicates = std::any_of(
            r.readModels.begin(), r.readModels.end(), [](const sim::ReadModelFigures &f) {
                return f.duplicates > 0 || f.corruptedUpdates > 0;
            });
        html += tr("<h3>Read models</h3>");
        html += QStringLiteral("<table><tr>")
                + th(tr("Read model"), tr("A projection the queries read"))
                + th(tr("Applied"), Term::Applied) + th(tr("Window p50"), Term::ConsistencyWindow)
                + th(tr("p99"), Term::Percentiles) + th(tr("max"), Term::ConsistencyWindow)
                + th(tr("Budget p99"), Term::StaleBudget)
                + th(tr("Backlog mean / max"), Term::Backlog) + th(tr("Lag max"), Term::Lag)
                + th(tr("Utilization"), Term::Utilization)
                + (anyDuplicates ? th(tr("Duplicates"),
                                      tr("Events delivered again and applied again; \"corrupted\": "
                                         "those applied twice to a read model that is not "
                                         "idempotent, so its data is now wrong"))
                                 : QString())
                + QStringLiteral("</tr>");
        for (const ReadModel &rm : model.readModels) {
            const sim::ReadModelFigures *j = r.readModel(rm.id);
            if (!j)
                continue;
            const sim::ResultStats &w = j->consistencyWindow;
            QString budget = QStringLiteral("—");
            if (j->staleBudget) {
                const double p99 = j->staleBudget->p99;
                if (w.count <= 0) {
                    budget = QStringLiteral("<span class='muted'>%1&nbsp;%2</span>")
                                 .arg(tr("not judged"),
                                      formatSeconds(p99).replace(QLatin1Char(' '), QChar(0xA0)));
                } else {
                    const bool met = j->staleBudget->met;
                    budget = QStringLiteral("<span class='%1'>%2&nbsp;%3</span>")
                                 .arg(met ? QStringLiteral("ok") : QStringLiteral("bad"),
                                      met ? tr("met") : tr("missed"),
                                      formatSeconds(p99).replace(QLatin1Char(' '), QChar(0xA0)));
                }
            }
            html += QStringLiteral("<tr>") + td(name(rm.name, rm.id), false)
                    + td(formatCount(double(j->applied))) + td(stat(w, &sim::ResultStats::p50))
                    + td(stat(w, &sim::ResultStats::p99)) + td(stat(w, &sim::ResultStats::max))
                    + td(budget)
                    + td(QStringLiteral("%1 / %2").arg(formatNumber(j->backlogMean),
                                                       formatCount(double(j->backlogMax))))
                    + td(formatSeconds(j->lagMax)) + td(esc(formatPercent(j->utilization)));
            if (anyDuplicates) {
                QString duplicates = formatCount(double(j->duplicates));
                if (j->corruptedUpdates > 0)
                    duplicates += QStringLiteral(" <span class='bad'>%1</span>")
                                      .arg(tr("(%1&nbsp;corrupted)")
                                               .arg(formatCount(double(j->corruptedUpdates))));
                html += td(duplicates);
            }
            html += QStringLiteral("</tr>");
        }
        html += QStringLiteral("</table>");
    }
    html += tr("<h3>Commands</h3>");
    html += QStringLiteral("<table><tr>") + th(tr("Command"), tr("A command type of the model"))
            + th(tr("Issued"), Term::Throughput) + th(tr("Accepted"), Term::Throughput)
            + th(tr("Rejected"), Term::Throughput) + th(tr("Conflicts"), Term::Conflicts)
            + th(tr("Stale decisions"), Term::StaleDecisions)
            + th(tr("Latency p50"), Term::CommandLatency) + th(tr("p99"), Term::Percentiles)
            + QStringLiteral("</tr>");
    auto row = [&](const QString &label, const sim::CommandFigures &j) {
        html += QStringLiteral("<tr>") + td(label, false) + td(formatCount(double(j.issued)))
                + td(formatCount(double(j.accepted))) + td(formatCount(double(j.rejected)))
                + td(formatCount(double(j.conflicts))) + td(formatCount(double(j.staleDecisions)))
                + td(stat(j.latency, &sim::ResultStats::p50))
                + td(stat(j.latency, &sim::ResultStats::p99)) + QStringLiteral("</tr>");
    };
    for (const Command &c : model.commands) {
        if (const sim::CommandFigures *figures = r.commandType(c.id))
            row(name(c.name, c.id), *figures);
    }
    row(tr("<b>Total</b>"), r.commandsTotal);
    html += QStringLiteral("</table>");
    html += QStringLiteral("<p><span title=\"%1\">%2</span> · <span title=\"%3\">%4</span></p>")
                .arg(esc(termTooltip(Term::Throughput)),
                     tr("Events published: %1").arg(formatCount(double(r.eventsPublished))),
                     esc(termTooltip(Term::Utilization)),
                     esc(tr("write side %1 busy").arg(formatPercent(r.writeSideUtilization))));
    if (!model.queries.empty()) {
        html += tr("<h3>Queries</h3>");
        html += QStringLiteral("<table><tr>")
                + th(tr("Query"), tr("A query type and its read strategy"))
                + th(tr("Issued"), Term::Throughput) + th(tr("Stale"), Term::StaleRead)
                + th(tr("Staleness p99"), Term::Staleness)
                + th(tr("Latency p99"), Term::QueryLatency) + th(tr("Timeouts"), Term::Timeouts)
                + QStringLiteral("</tr>");
        for (const Query &q : model.queries) {
            const sim::QueryFigures *j = r.query(q.id);
            if (!j)
                continue;
            const std::string_view strategy = toString(q.consistency.strategy);
            html += QStringLiteral("<tr>")
                    + td(QStringLiteral("%1 <small>(%2)</small>")
                             .arg(name(q.name, q.id),
                                  esc(QString::fromUtf8(strategy.data(),
                                                        qsizetype(strategy.size())))),
                         false)
                    + td(formatCount(double(j->issued)))
                    + td(j->issued > 0 ? esc(formatPercent(j->staleRatio)) : QStringLiteral("—"))
                    + td(stat(j->staleness, &sim::ResultStats::p99))
                    + td(stat(j->latency, &sim::ResultStats::p99))
                    + td(formatCount(double(j->timeouts))) + QStringLiteral("</tr>");
        }
        html += QStringLiteral("</table>");
    }
    m_resultHtml = html;
    render();
}

void SummaryWidget::setMarkers(const std::vector<RunMarker> &markers)
{
    m_markers = markers;
    if (m_run)
        render();
}

void SummaryWidget::setStaleReadTrace(const std::optional<sim::Trace> &trace, const QString &note)
{
    m_staleTrace = trace && sim::firstStaleRead(*trace) >= 0 ? trace : std::nullopt;
    m_staleNote = note;
    if (m_run)
        render();
}

QString SummaryWidget::staleReadText() const
{
    if (!m_staleTrace)
        return {};
    const sim::Trace &t = *m_staleTrace;
    const sim::TraceRead &r = t.reads[std::size_t(sim::firstStaleRead(t))];
    const double at = r.servedAt.value_or(r.at);
    // The names the canvas and the tables show, not the trace's ids.
    // The moment in the charts' unit: "at 425 s" where the trace says
    // "issued at 425.193 s" and the axis counts seconds (not "at 7.09 min").
    QString text
        = tr("A read of %1 at %2 saw old data (stale by %3)")
              .arg(elementDisplayName(m_model, r.query),
                   formatMoment(at, m_model.workload.duration), formatSeconds(r.staleness));
    if (t.committedAt)
        text += QLatin1Char(' ')
                + tr("%1 after %2 on key %3 committed")
                      .arg(formatSeconds(std::max(0.0, at - *t.committedAt)),
                           elementDisplayName(m_model, t.commandType))
                      .arg(t.key);
    return text;
}

QString SummaryWidget::staleReadHtml() const
{
    if (!m_staleTrace)
        return {};
    // A row of the insights table, like the others: mark, sentence, then a note.
    QString html = QStringLiteral("<tr><td class='warn'>!</td><td>%1: <a href=\"%2\">%3</a>")
                       .arg(esc(staleReadText()), traceLink(), tr("open the trace"));
    html += QStringLiteral("<br><small>%1</small>")
                .arg(esc(m_staleNote.isEmpty()
                             ? tr("One command's journey in this run, traced again with its seed.")
                             : m_staleNote));
    return html + QStringLiteral("</td></tr>");
}

void SummaryWidget::openTraceLink(const QUrl &url)
{
    if (url.toString() == traceLink() && m_staleTrace)
        emit traceRequested();
}

void SummaryWidget::setNote(const QString &note)
{
    if (note == m_note)
        return;
    m_note = note;
    if (!m_resultHtml.isEmpty())
        render();
}

void SummaryWidget::render()
{
    const qsizetype at = std::min(m_insightsEnd, m_resultHtml.size());
    QString html = m_resultHtml.left(at) + staleReadHtml() + m_resultHtml.mid(at) + markersHtml();
    if (!m_note.isEmpty()) { // under the title
        const QString end = QStringLiteral("</h2>");
        const qsizetype title = html.indexOf(end);
        html.insert(title < 0 ? 0 : title + end.size(),
                    QStringLiteral("<p class='note'>%1</p>").arg(esc(m_note)));
    }
    // Laying the text out is most of the cost of the summary (about 10 ms
    // when shown): not again for the same text (showResult() and then
    // setMarkers() with the markers it already has, at the end of a run).
    if (html == m_html && !m_html.isEmpty())
        return;
    m_html = std::move(html);
    m_view->setHtml(m_html);
}

QString SummaryWidget::markersHtml() const
{
    if (m_markers.empty())
        return {};
    QString html = tr("<h3>Faults and changes</h3>");
    html += QStringLiteral("<p class='note'><small>%1</small></p>")
                .arg(esc(tr("Marked on every chart's time axis: a shaded band for a period, a "
                            "dashed line for "
                            "a moment.")));
    html += QStringLiteral("<table>");
    for (const RunMarker &m : m_markers) {
        if (m_run && m.start > m_run->time)
            continue; // a stopped run never got there
        html += QStringLiteral(
                    "<tr><td style='white-space:nowrap'><span style='color:%1'>■</span> %2</td>"
                    "<td>%3</td></tr>")
                    .arg(markerColor(m.kind).name(),
                         // In the charts' unit ("171 s – 201 s" in a 5-minute run, not "2.85 min
                         // – 3.35 min").
                         esc(markerTimeText(m, runTimeUnit(m_model.workload.duration)))
                             .replace(QLatin1Char(' '), QChar(0xA0)),
                         esc(m.description));
    }
    html += QStringLiteral("</table>");
    return html;
}

} // namespace cqrs
