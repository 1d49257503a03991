// The sales panel at the bottom of the card: its header (a toggle that opens and closes it, and
// the choice of range), the number sold today, the bar chart with a tooltip on the bar under the
// pointer, and the last changes. Positions come from the card's layout.
#pragma once

#include <optional>

#include "model/sales_model.hpp"
#include "view/app_fonts.hpp"
#include "view/card_layout.hpp"
#include "view/metrics.hpp"
#include "view/semantics.hpp"
#include "view/theme.hpp"

namespace ui {

struct SalesIntents {
  bool toggle_open = false;
  std::optional<SalesRange> range;
};

// `input`: what was done to the panel's elements on the page (and where the focus is); the
// panel's nodes go to `semantics`.
SalesIntents draw_sales_panel(const SalesViewModel& vm, const PageInput& input, const CardLayout& l,
                              const CardMetrics& m, const Theme& t, const Fonts& f,
                              Semantics& semantics);

}  // namespace ui
