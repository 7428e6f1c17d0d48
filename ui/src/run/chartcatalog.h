#pragma once

#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/common/glossary.h"

#include <QString>

#include <vector>

namespace cqrs {

/// What each live chart shows: its title, axis titles, the glossary terms
/// behind it and whether it is shown by default. One table for the panel,
/// the chooser and the tooltips.
struct ChartInfo
{
    QString key;
    QString title;
    QString xTitle;
    QString yTitle;
    QString about; ///< what is drawn
    std::vector<Term> terms;
    bool shownByDefault = false;
};

/// The grid's order (and the Charts menu's): the story first, then the why.
inline constexpr ChartsPanel::ChartId kDisplayOrder[] = {
    ChartsPanel::Window,  ChartsPanel::Lag,     ChartsPanel::Staleness, ChartsPanel::Throughput, ChartsPanel::Backlog,
    ChartsPanel::Applies, ChartsPanel::Latency, ChartsPanel::Histogram, ChartsPanel::Cdf,
};

ChartInfo chartInfo(ChartsPanel::ChartId id);
/// The title's tooltip: what is drawn, then the glossary's words for it.
QString chartToolTip(ChartsPanel::ChartId id);

} // namespace cqrs
