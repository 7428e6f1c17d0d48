#include "cqrs/ui/common/glossary.h"

#include <QCoreApplication>

namespace cqrs {

namespace {

/// The glossary's strings live in context "Glossary"; lupdate reads
/// Glossary::tr() the same way.
struct Glossary
{
    Q_DECLARE_TR_FUNCTIONS(Glossary)
};

std::vector<TermText> makeGlossary()
{
    return {
        {Term::ConsistencyWindow, Glossary::tr("Consistency window"),
         Glossary::tr("How long after a command committed its event the read model showed it: applied "
            "time minus commit time, per event."),
         Glossary::tr("The time from the moment the write side commits an event until a read model has "
            "applied it. During that window a query on the read model returns the old state. "
            "It adds up the event bus's publish delay, the projection's delay, the wait in the "
            "consumer's queue and the apply time; for a batch read model, the wait for the next "
            "batch as well (on average half the interval).\n\n"
            "It is the figure to compare with what users tolerate: a profile page that is 2 s "
            "behind is usually fine, a balance that is 2 s behind may not be.")},
        {Term::Lag, Glossary::tr("Lag"),
         Glossary::tr("The age of the oldest event a read model has not applied yet: how far behind it "
            "is right now."),
         Glossary::tr("At any instant, the age of the oldest committed event that the read model has "
            "not applied yet (0 when it is up to date). Lag is what an operator's dashboard "
            "shows for a projection. It climbs steadily while a projection is down or "
            "overloaded and falls back when it catches up; a batch read model's lag is a "
            "saw-tooth that peaks just before each batch.")},
        {Term::Backlog, Glossary::tr("Backlog"),
         Glossary::tr("How many events a read model still has to apply (including the one being "
            "applied)."),
         Glossary::tr("The number of subscribed events that are committed but not yet applied. A "
            "backlog that stays near zero means the consumers keep up; one that grows without "
            "falling back means they cannot (utilization at or above 100%), and more consumers, "
            "more partitions or a faster apply are needed. Lag says how old the backlog is; "
            "backlog says how big it is.")},
        {Term::StaleRead, Glossary::tr("Stale read"),
         Glossary::tr("A query that returned data older than the latest committed change for its key."),
         Glossary::tr("A query is stale when its read model has not yet applied an event that was "
            "already committed for the key it reads. For a follow-up query (a user reading "
            "after their own command), it is stale when their own change is not visible yet: "
            "the classic \"my change vanished\" complaint. The stale ratio is stale reads over "
            "all reads of that query.")},
        {Term::Staleness, Glossary::tr("Staleness"),
         Glossary::tr("For a stale read: how long ago the oldest change it missed was committed."),
         Glossary::tr("How far behind a stale read was: the age, at the moment of the read, of the "
            "oldest committed event for the key that the read model had not applied. Fresh "
            "reads have no staleness; the figures cover stale reads only.")},
        {Term::Percentiles, Glossary::tr("p50, p99 (percentiles)"),
         Glossary::tr("p50 is the median: half the values are below it. p99: 99 in 100 are below it; "
            "the slowest 1% are above."),
         Glossary::tr("Percentiles describe a whole distribution better than a mean. p50 (the median) "
            "is the typical case; p99 is what one request in a hundred exceeds, which every "
            "busy user meets several times a day. Budgets are usually set on p99. Figures "
            "come from a histogram with at most 1% relative error.")},
        {Term::Utilization, Glossary::tr("Utilization"),
         Glossary::tr("The share of time the workers or consumers were busy. Near 100% queues grow "
            "without limit."),
         Glossary::tr("Busy time over available time, for the write side's workers or a read model's "
            "consumers. Queueing theory says waiting time grows sharply as utilization nears "
            "100% (at 80% the wait is already four times the work itself for a single server) "
            "and that at or above 100% the queue grows without limit. Keep the busiest stage "
            "comfortably below it.")},
        {Term::Throughput, Glossary::tr("Throughput"),
         Glossary::tr("Commands accepted, rejected and events published per second."),
         Glossary::tr("What flows through the system per second of simulated time. Accepted commands "
            "follow the offered rate as long as the write side keeps up; if they fall behind "
            "the offered rate, the write side is the bottleneck.")},
        {Term::CommandLatency, Glossary::tr("Command latency"),
         Glossary::tr("From a command's arrival to its commit or rejection, including queueing and "
            "retries after conflicts."),
         Glossary::tr("The time a user waits for the write side to answer: the wait for a free worker, "
            "the handler time, and the retries after optimistic-concurrency conflicts. It grows "
            "when workers are busy or when many commands hit the same (hot) keys.")},
        {Term::QueryLatency, Glossary::tr("Query latency"),
         Glossary::tr("From a query's issue to its answer, including any wait for a version."),
         Glossary::tr("The time a reader waits: read time, plus the polling wait for `wait-for-version`, "
            "plus the queue at the write side for `read-from-write-model`.")},
        {Term::PendingConfirmation, Glossary::tr("Pending confirmation"),
         Glossary::tr("Optimistic UI only: how long the screen showed the user's own change before the "
            "read model confirmed it."),
         Glossary::tr("With an optimistic UI the client shows its own change at once, marked as pending, "
            "and replaces it with the read model's data when that catches up. Pending "
            "confirmation is the time from the read until the user's own version is applied: "
            "how long the screen relies on the client's guess.")},
        {Term::Timeouts, Glossary::tr("Timeouts"),
         Glossary::tr("Wait-for-version reads that gave up at the timeout and were served stale."),
         Glossary::tr("A `wait-for-version` query polls the read model until it has the user's version "
            "or the timeout passes; then it is served stale and counted as a timeout. Many "
            "timeouts mean the timeout is shorter than the consistency window's tail.")},
        {Term::Applied, Glossary::tr("Applied"),
         Glossary::tr("Distinct events a read model applied in the measured time (duplicates and replays "
            "not counted)."),
         Glossary::tr("How many distinct events a read model or policy applied after the warm-up. "
            "Repeated deliveries count as duplicates and a rebuild's replay as replayed, not "
            "here. Compared with the events published, it shows whether the read model kept up: "
            "a read model far behind at the end has applied fewer.")},
        {Term::Conflicts, Glossary::tr("Conflicts"),
         Glossary::tr("Commands that found their key changed by another command while they were handled, "
            "and were retried."),
         Glossary::tr("Optimistic concurrency: a command remembers its key's version when handling starts; "
            "if another command changed that key before it commits, it conflicts and goes back "
            "to the queue, up to `maxRetries` times, then it is rejected. Conflicts grow with hot "
            "keys (a Zipf key distribution), long handler times and busy workers; each one costs "
            "a worker the whole handler time again and adds to command latency.")},
        {Term::StaleDecisions, Glossary::tr("Stale decisions"),
         Glossary::tr("Commands that checked a rule against a read model that was behind for their key."),
         Glossary::tr("A command with `validatesAgainst` checks a business rule (say, that an email is "
            "not taken) against a read model. When that read model has not yet applied an "
            "event committed for the key, the check looked at old data: two users can claim the "
            "same email. The remedy is to check against the write side, make the read model "
            "faster, or accept and compensate.")},
        {Term::StaleBudget, Glossary::tr("Stale budget"),
         Glossary::tr("The p99 consistency window a read model may have: the dashed line on the "
            "consistency window chart."),
         Glossary::tr("A read model's `staleBudget.p99` states how far behind it may be at p99. The "
            "summary marks it met when the simulated p99 consistency window is at or below it.")},
        {Term::StrategyEventual, Glossary::tr("Eventual (plain) reads"),
         Glossary::tr("Read the read model at once and accept whatever it has."),
         Glossary::tr("The query reads the read model immediately. It costs nothing extra and is the "
            "fastest read; the price is that a user who reads right after their own change may "
            "not see it (a stale read) for as long as the consistency window. Use it where "
            "slightly old data is harmless: catalogues, dashboards, other people's data.")},
        {Term::StrategyWaitForVersion, Glossary::tr("Wait for a version"),
         Glossary::tr("A follow-up read polls until the read model has the user's own version, or gives "
            "up at the timeout."),
         Glossary::tr("The command returns the version it produced; the follow-up read checks the read "
            "model and then polls every `pollInterval` until that version is applied, or "
            "serves stale data at `timeout`. Users always see their own change when the "
            "projection is fast enough; the cost is latency on those reads (up to the timeout) "
            "and extra polling load. Use it for read-your-writes on screens the user just "
            "changed.")},
        {Term::StrategyReadFromWriteModel, Glossary::tr("Read from the write model"),
         Glossary::tr("Every read of this query is answered by the write side: never stale, but it "
            "takes worker time from commands."),
         Glossary::tr("The query bypasses the read model and is served by a write-side worker, so it "
            "is never stale. The cost falls on the write side: every such read holds a worker "
            "for `readTime`, which raises command latency and can make the write side the "
            "bottleneck. Use it sparingly, for a few critical reads (a balance before a "
            "payment).")},
        {Term::StrategyOptimisticUi, Glossary::tr("Optimistic UI"),
         Glossary::tr("The client shows its own change at once and waits in the background for the "
            "read model to confirm it."),
         Glossary::tr("The follow-up read returns at once and the client overlays the change it just "
            "made, marked as pending. The user sees their change immediately at no cost to the "
            "servers; the cost is client complexity and the rare case where the command "
            "failed and the screen must be corrected. Use it for edits the user expects to see "
            "at once (a profile form, a cart, a like). The figure to watch is pending "
            "confirmation.")},
    };
}

} // namespace

const std::vector<TermText> &glossary()
{
    static const std::vector<TermText> entries = makeGlossary();
    return entries;
}

const TermText &glossaryEntry(Term term)
{
    for (const TermText &entry : glossary()) {
        if (entry.term == term)
            return entry;
    }
    return glossary().front(); // every Term has an entry (tested)
}

QString termTooltip(Term term)
{
    const TermText &entry = glossaryEntry(term);
    return QStringLiteral("<b>%1</b><br>%2").arg(entry.title.toHtmlEscaped(), entry.tooltip.toHtmlEscaped());
}

QString glossaryMarkdown()
{
    QString text = Glossary::tr("# What the figures mean\n\n"
                      "The live charts, the Run Summary and the badges on the canvas all use "
                      "the figures below. Times are simulated seconds; rates are per simulated "
                      "second. A read model's badge on the canvas reads *backlog · lag · "
                      "utilization* (for example \"12 · 0.40 s · 63%\"), and its outline turns "
                      "from green to red as its lag approaches its stale budget.\n\n"
                      "## Figures\n\n");
    bool strategies = false;
    for (const TermText &entry : glossary()) {
        const bool strategy = entry.term == Term::StrategyEventual || entry.term == Term::StrategyWaitForVersion
                              || entry.term == Term::StrategyReadFromWriteModel
                              || entry.term == Term::StrategyOptimisticUi;
        if (strategy && !strategies) {
            strategies = true;
            text += Glossary::tr("## Reading your own writes: four strategies\n\n"
                       "A user who has just changed something and reads it back may hit a read "
                       "model that has not applied the change yet. Each query chooses, in the "
                       "Inspector, how it deals with that:\n\n");
        }
        text += QStringLiteral("### %1\n\n%2\n\n").arg(entry.title, entry.help);
    }
    return text;
}

} // namespace cqrs
