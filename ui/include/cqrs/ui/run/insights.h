#pragma once

#include "cqrs/ui/common/glossary.h"

#include <cqrs/model/analysis.h>
#include <cqrs/model/model.h>
#include <cqrs/sim/result.h>

#include <QString>

#include <limits>
#include <string>
#include <map>
#include <vector>

namespace cqrs {

/// One plain-language finding about a run, with the simulated figure and the
/// queueing-theory prediction beside it. Two separate judgements: `severity`
/// says whether the system is healthy (a budget met, a stage below
/// saturation); `agreement` says whether simulation and prediction agree.
struct Insight
{
    enum class Kind { NothingSimulated, Bottleneck, Unstable, NotApplied, Stalest, Budget, StaleReads, CommandLatency };
    enum class Severity { Info, Warning, Problem, NotJudged };
    enum class Agreement {
        None,    ///< no prediction to compare with
        Agrees,  ///< within the tolerance (kAgreementTolerance)
        Differs, ///< outside it
    };

    Kind kind = Kind::Bottleneck;
    Severity severity = Severity::Info;
    std::string elementId; ///< empty for the write side or the whole model
    QString text;          ///< "Recommendations is batch-updated every 5 min, so ..."
    QString simulated;     ///< the engine's figure, e.g. "151 s mean"
    QString predicted;     ///< the formula's figure, e.g. "150 s (interval / 2)"; empty when none
    Agreement agreement = Agreement::None;
    QString agreementNote; ///< why: "differs by 5.5x", "the run's rate varies", ...
    Term term = Term::Utilization; ///< the glossary entry that explains the figure
};

/// Simulated and predicted agree when they are within this relative
/// distance of each other (or within the absolute slack of the figure).
inline constexpr double kAgreementTolerance = 0.25;
/// Absolute slack for ratios (utilization, stale ratio): 2 percentage points.
inline constexpr double kAgreementRatioSlack = 0.02;
/// Absolute slack for times: 1 ms.
inline constexpr double kAgreementTimeSlack = 0.001;

/// "Agreement: within ±25% (or 2 percentage points, 1 ms)": the tolerance as
/// the summary states it.
QString agreementToleranceText();

/// Whether the model's parameters were changed during the run (an edit in
/// the Inspector or a what-if; outages and rebuilds scheduled live do not
/// count, as the same in the model file would not), and if so, which version
/// of it computeInsights() is given.
enum class ModelChanges {
    None,      ///< the run ran this model throughout
    AsStarted, ///< changed while it ran; the model as the run started
    AsEnded,   ///< changed while it ran; the model as the run ended (a recorded run)
};

/// Findings computed from a model and its result (the result file's figures):
/// whether anything was simulated at all, the bottleneck (highest
/// utilization), unstable components, read models that applied nothing yet,
/// the stalest read model and why, budgets met or missed, the query with the
/// most stale reads, and command latency against M/M/c. Predictions come
/// from cqrs/model/analysis.h (the same as the validator's warnings). A
/// result of a stopped run (simulatedSeconds below the model's duration)
/// gives only findings the simulated time can support. A run whose model
/// was changed while it went keeps its predictions, but they are not judged
/// against its figures (the notes say why).
///
/// `outages`, when given, is how long each read model or policy (by id) was
/// down during the run, its outages in the model and those started while it
/// ran (a what-if) together; without it, the model's outages count.
std::vector<Insight> computeInsights(const Model &model, const sim::Result &result,
                                     ModelChanges changes = ModelChanges::None,
                                     const std::map<std::string, double> *outages = nullptr);

} // namespace cqrs
