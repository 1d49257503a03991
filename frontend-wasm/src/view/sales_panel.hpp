// The sales panel at the bottom of the card: its header (a toggle that opens and closes it, and
// the choice of range), the number sold today, the bar chart with a tooltip on the bar under the
// pointer, and the last changes. Positions come from the card's layout.
#pragma once

#include <optional>

#include "model/sales_model.hpp"
#include "view/app_fonts.hpp"
#include "view/card_layout.hpp"
#include "view/hotspots.hpp"
#include "view/metrics.hpp"
#include "view/theme.hpp"

namespace ui {

// The panel's control that has the keyboard focus, if any.
enum class SalesFocus { none, toggle, day, fortnight };

struct SalesIntents {
  bool toggle_open = false;
  std::optional<SalesRange> range;
};

SalesIntents draw_sales_panel(const SalesViewModel& vm, SalesFocus focus, const CardLayout& l,
                              const CardMetrics& m, const Theme& t, const Fonts& f,
                              Hotspots& hotspots);

}  // namespace ui
