#pragma once

#include <QString>

#include <vector>

namespace cqrs {

/// The figures and choices a user meets in the charts, the summary and the
/// inspector, each explained once: the tooltips, the summary's "what this
/// means" and Help > What the Figures Mean all read from here.
enum class Term {
    ConsistencyWindow,
    Lag,
    Backlog,
    StaleRead,
    Staleness,
    Percentiles,
    Utilization,
    Throughput,
    CommandLatency,
    QueryLatency,
    PendingConfirmation,
    Timeouts,
    Applied,
    Conflicts,
    StaleDecisions,
    StaleBudget,
    StrategyEventual,
    StrategyWaitForVersion,
    StrategyReadFromWriteModel,
    StrategyOptimisticUi,
};

struct TermText
{
    Term term;
    QString title;   ///< "Consistency window"
    QString tooltip; ///< one or two plain sentences, for tooltips
    QString help;    ///< Markdown paragraphs for the Help page (meaning, when it matters, cost)
};

/// Every term, in the order the Help page lists them.
const std::vector<TermText> &glossary();
const TermText &glossaryEntry(Term term);
/// The tooltip text of a term (rich text: title in bold, then the sentence).
QString termTooltip(Term term);
/// The whole glossary as one Markdown document (for the Help page).
QString glossaryMarkdown();

} // namespace cqrs
