#include "challengereport.h"

#include "cqrs/ui/challenge/challengecatalog.h"
#include "cqrs/ui/challenge/challengepanel.h"
#include "cqrs/ui/challenge/challengesession.h"
#include "cqrs/ui/common/format.h"

#include <cqrs/model/fileio.h>

#include <QBuffer>
#include <QDateTime>
#include <QFile>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QPainter>
#include <QSvgGenerator>
#include <QTextDocument>

namespace cqrs {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

} // namespace

QString sceneToSvg(QGraphicsScene *scene)
{
    const QRectF source = scene->itemsBoundingRect().adjusted(-20, -20, 20, 20);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(source.size().toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
    generator.setTitle(ChallengeSession::tr("Diagram"));
    {
        QPainter painter(&generator);
        painter.setRenderHint(QPainter::Antialiasing);
        const QList<QGraphicsItem *> selected = scene->selectedItems();
        scene->clearSelection(); // a selection outline is not part of the answer
        scene->render(&painter, QRectF(QPointF(0, 0), source.size()), source);
        for (QGraphicsItem *item : selected)
            item->setSelected(true);
    }
    QString svg = QString::fromUtf8(buffer.data());
    const int start = svg.indexOf(QStringLiteral("<svg"));
    return start >= 0 ? svg.mid(start) : svg;
}

QString markdownToHtml(const QString &markdown)
{
    QTextDocument document;
    document.setMarkdown(markdown);
    const QString html = document.toHtml();
    const int body = html.indexOf(QStringLiteral("<body"));
    const int open = body >= 0 ? html.indexOf(QLatin1Char('>'), body) : -1;
    const int close = html.lastIndexOf(QStringLiteral("</body>"));
    if (open < 0 || close < open)
        return html;
    return html.mid(open + 1, close - open - 1);
}

QString interviewReportHtml(const ChallengeSession &session, const Model &answer, const QString &diagramSvg)
{
    const Challenge &c = session.challenge();
    QString html;
    html += QStringLiteral("<!DOCTYPE html>\n<html lang=\"%1\"><head><meta charset=\"utf-8\">\n<title>%2</title>\n")
                .arg(esc(ChallengeSession::tr("en", "the language code of the report's text (HTML lang)")),
                     esc(ChallengeSession::tr("Interview debrief: %1").arg(q(c.title))));
    html += QStringLiteral(
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#1c1c22;line-height:1.45}"
        "table{border-collapse:collapse;margin:0.5em 0}th,td{border:1px solid #b0bec5;padding:4px 8px;text-align:left}"
        "td.met{background:#dcf1dc;color:#1b5e20}td.failed{background:#f8d7d7;color:#b71c1c}"
        ".diagram{border:1px solid #cfd8dc;overflow:auto;max-width:100%}.diagram svg{max-width:100%;height:auto}"
        ".facts td:first-child{font-weight:bold}</style></head><body>\n");
    html += QStringLiteral("<h1>%1</h1>\n").arg(esc(ChallengeSession::tr("Interview debrief: %1").arg(q(c.title))));

    const double used = session.elapsedSeconds();
    const double limit = session.limitSeconds();
    QString time = formatClock(used);
    if (limit > 0)
        time += ChallengeSession::tr(" of %1 suggested%2")
                    .arg(formatClock(limit), used > limit ? ChallengeSession::tr(" (over time)") : QString());
    QStringList pauses;
    for (const ChallengeSession::Pause &p : session.pauses())
        pauses << ChallengeSession::tr("at %1 for %2").arg(formatClock(p.at), formatClock(p.duration));
    const std::optional<int> score = session.score();
    html += QStringLiteral("<table class=\"facts\">\n");
    auto fact = [&html](const QString &name, const QString &value) {
        html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>\n").arg(esc(name), esc(value));
    };
    fact(ChallengeSession::tr("Challenge"), ChallengeSession::tr("%1 (%2, %3)").arg(q(c.title), q(c.id), levelTitle(c.level)));
    fact(ChallengeSession::tr("Answer"), q(answer.name));
    fact(ChallengeSession::tr("Date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    fact(ChallengeSession::tr("Time used"), time);
    fact(ChallengeSession::tr("Pauses"), pauses.isEmpty() ? ChallengeSession::tr("none") : pauses.join(QStringLiteral("; ")));
    fact(ChallengeSession::tr("Hints used"),
         ChallengeSession::tr("%1 of %2 (−%3 points each)").arg(session.hintsShown()).arg(session.hintCount()).arg(ChallengeSession::kHintCost));
    fact(ChallengeSession::tr("Checks"), QString::number(session.checkCount()));
    fact(ChallengeSession::tr("Score (last check)"),
         !score ? ChallengeSession::tr("not checked")
         : session.hintsAtCheck() > 0
             ? ChallengeSession::tr("%1/100 (judged %2, %3 at that check)")
                   .arg(*score)
                   .arg(session.lastVerdict()->score)
                   .arg(plural(ChallengeSession::tr("%n hint(s)", nullptr, session.hintsAtCheck()),
                               session.hintsAtCheck()))
             : QStringLiteral("%1/100").arg(*score));
    if (session.bestScore())
        fact(ChallengeSession::tr("Best score"), QStringLiteral("%1/100").arg(*session.bestScore()));
    fact(ChallengeSession::tr("Outcome"), session.hasPassed()   ? ChallengeSession::tr("passed")
                                           : session.hasGivenUp() ? ChallengeSession::tr("gave up")
                                                                  : ChallengeSession::tr("not passed"));
    html += QStringLiteral("</table>\n");

    html += QStringLiteral("<h2>%1</h2>\n<div class=\"diagram\">%2</div>\n")
                .arg(esc(ChallengeSession::tr("The candidate's diagram")), diagramSvg);

    html += QStringLiteral("<h2>%1</h2>\n").arg(esc(ChallengeSession::tr("Requirements in every run (last check)")));
    const auto &verdict = session.lastVerdict();
    if (!verdict || verdict->status == sim::VerdictStatus::Cancelled) {
        html += QStringLiteral("<p>%1</p>\n").arg(esc(ChallengeSession::tr("The answer was never checked.")));
    } else if (verdict->status == sim::VerdictStatus::InvalidAnswer) {
        html += QStringLiteral("<p>%1</p><ul>\n").arg(esc(ChallengeSession::tr("The answer could not be judged:")));
        for (const Diagnostic &d : verdict->diagnostics)
            html += QStringLiteral("<li>%1</li>\n").arg(esc(q(d.located())));
        html += QStringLiteral("</ul>\n");
    } else {
        html += QStringLiteral("<table class=\"grid\"><tr><th>%1</th><th>%2</th>").arg(esc(ChallengeSession::tr("Requirement")), esc(ChallengeSession::tr("Target")));
        for (const sim::RunVerdict &run : verdict->runs)
            html += QStringLiteral("<th>%1</th>").arg(esc(run.id == kAsGivenRunId ? ChallengeSession::tr("as given") : q(run.id)));
        html += QStringLiteral("</tr>\n");
        for (std::size_t row = 0; row < c.requirements.size(); ++row) {
            const Requirement &r = c.requirements[row];
            html += QStringLiteral("<tr><td>%1</td><td>%2</td>").arg(esc(q(r.text)), esc(formatTarget(r)));
            for (const sim::RunVerdict &run : verdict->runs) {
                const bool has = row < run.requirements.size();
                const bool met = has && run.requirements[row].met;
                html += QStringLiteral("<td class=\"%1\">%2 %3</td>")
                            .arg(met ? QStringLiteral("met") : QStringLiteral("failed"),
                                 esc(formatRequirementValue(r.metric, has ? run.requirements[row].value : std::nullopt)),
                                 met ? QStringLiteral("✓") : QStringLiteral("✗"));
            }
            html += QStringLiteral("</tr>\n");
        }
        html += QStringLiteral("</table>\n");
        const BudgetUse &use = verdict->budget;
        QStringList budget;
        if (use.maxWorkers)
            budget << ChallengeSession::tr("workers %1 of %2").arg(use.workers).arg(*use.maxWorkers);
        if (use.maxConsumers)
            budget << ChallengeSession::tr("consumers %1 of %2").arg(use.consumers).arg(*use.maxConsumers);
        if (!budget.isEmpty())
            html += QStringLiteral("<p>%1%2</p>\n")
                        .arg(esc(ChallengeSession::tr("Budget: %1").arg(budget.join(QStringLiteral(", ")))),
                             verdict->withinBudget ? QString() : esc(ChallengeSession::tr(" — over budget, score 0")));
    }

    if (session.hintsShown() > 0) {
        html += QStringLiteral("<h2>%1</h2>\n").arg(esc(ChallengeSession::tr("Hints used")));
        for (int i = 0; i < session.hintsShown() && i < int(c.hints.size()); ++i)
            html += markdownToHtml(ChallengeSession::tr("**Hint %1.** ").arg(i + 1) + q(c.hints[i]));
    }
    html += QStringLiteral("<h2>%1</h2>\n").arg(esc(ChallengeSession::tr("The problem")));
    html += markdownToHtml(q(c.brief));
    html += QStringLiteral("<h2>%1</h2>\n").arg(esc(ChallengeSession::tr("Debrief")));
    html += markdownToHtml(q(c.debrief));
    html += QStringLiteral("</body></html>\n");
    return html;
}

bool saveInterviewReport(const QString &path, const QString &html, QString *error)
{
    std::string message;
    if (!writeFileAtomically(QFile::encodeName(path).toStdString(), html.toStdString(), &message)) {
        if (error)
            *error = QString::fromStdString(message);
        return false;
    }
    return true;
}

} // namespace cqrs
